"""Per-task time against an earlier release: the same loop playbook, the two collections interleaved.

The earlier release (a git ref, `1.0.0` by default) is exported with `git archive` into a temporary
collections path. Each repetition runs the loop playbook (ping, streamkap_source no-op, create) once
per collection, in alternating order, so that both see the same machine load; per item is the
median item time, as in loops.py. A per-task time "no slower" than the release means: the median
over the repetitions of this tree's time / the release's time, both from adjacent playbook runs,
is at most 1.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import tarfile
import tempfile
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks import loops
from tests.benchmarks.modrun import COLLECTIONS
from tests.benchmarks.sim import CLIENT_ID, CLIENT_SECRET, BenchSimulator
from tests.support import VENV_BIN

ROOT = Path(__file__).resolve().parents[2]
GROUPS = ("ping", "module_noop", "module_create")
COMPARED = ("module_noop", "module_create")
# What the release's collection needs to run: its code and metadata (no tests, no docs).
EXPORTED_PATHS = ("galaxy.yml", "meta", "plugins")


@dataclass
class BaselineResults:
    ref: str
    commit: str
    items: int
    repetitions: int
    per_item_s: dict[tuple[str, str], list[float]] = field(default_factory=dict)   # (side, group)
    ratios: dict[str, list[float]] = field(default_factory=dict)                 # group: this / release

    def median_ms(self, side: str, group: str) -> float:
        return statistics.median(self.per_item_s[(side, group)]) * 1000

    def median_ratio(self, group: str) -> float:
        return statistics.median(self.ratios[group])


def export_release(ref: str, workdir: Path) -> tuple[Path, str]:
    """(a collections path holding the collection as of `ref`, the commit it is)."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{ref}^{{commit}}"],
                            capture_output=True, text=True, check=False)
    if commit.returncode != 0:
        raise RuntimeError(f"--baseline {ref!r} is not a commit of this repository: {commit.stderr.strip()}")
    archive = workdir / "release.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", f"--output={archive}", ref, *EXPORTED_PATHS],
                   check=True)
    target = workdir / "collections" / "ansible_collections" / "streamkap" / "cloud"
    target.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        # Our own repository's archive; the "data" filter (where this Python has it) refuses odd members anyway.
        tar.extractall(target, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return workdir / "collections", commit.stdout.strip()


def compare_with_release(sim: BenchSimulator, ref: str, items: int, repetitions: int) -> BaselineResults:
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-release-") as workdir:
        release_collections, commit = export_release(ref, Path(workdir))
        sides = {"release": release_collections, "this": COLLECTIONS}
        results = BaselineResults(ref=ref, commit=commit, items=items, repetitions=repetitions)
        for rep in range(repetitions):
            order = list(sides) if rep % 2 == 0 else list(sides)[::-1]
            seen = {side: _one_run(sim, sides[side], items, rep, side) for side in order}
            for side, per_item in seen.items():
                for group in GROUPS:
                    results.per_item_s.setdefault((side, group), []).append(per_item[group])
            for group in COMPARED:
                results.ratios.setdefault(group, []).append(seen["this"][group] / seen["release"][group])
    return results


def _one_run(sim: BenchSimulator, collections: Path, items: int, rep: int, side: str) -> dict[str, float]:
    sim.reset()
    sim.seed(items, "bench-loop-")
    groups = list(GROUPS)
    extra_vars = {
        "bench_items": items, "bench_order": groups[rep % len(groups):] + groups[:rep % len(groups)],
        "api_url": sim.url, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "noop_prefix": "bench-loop-", "create_prefix": f"bench-new-{rep}-{side}-",
    }
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-") as workdir:
        timings_file = Path(workdir) / "timings.json"
        env = loops.ansible_environment(sim, timings_file)
        env["ANSIBLE_COLLECTIONS_PATH"] = str(collections)
        command = [str(VENV_BIN / "ansible-playbook"), str(loops.PLAYBOOK), "-i", "localhost,", "-e", json.dumps(extra_vars)]
        completed = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True, timeout=900, check=False)
        if completed.returncode != 0 or not timings_file.exists():
            raise RuntimeError(f"loop playbook ({side}) failed (rc {completed.returncode}):\n{completed.stdout[-3000:]}")
        tasks: list[dict[str, t.Any]] = json.loads(timings_file.read_text(encoding="utf-8"))
    per_item: dict[str, float] = {}
    for task in tasks:
        group = task["name"].rsplit(loops.GROUP_MARK, 1)[-1]
        if loops.GROUP_MARK in task["name"] and group in GROUPS:
            if task["failed"]:
                raise RuntimeError(f"{side}: task {task['name']!r} failed: {task['messages']}")
            per_item[group] = per_item.get(group, 0.0) + statistics.median(task["item_seconds"] or [0.0])
    missing = set(GROUPS) - set(per_item)
    if missing:
        raise RuntimeError(f"{side}: no timing for {', '.join(sorted(missing))}")
    return per_item
