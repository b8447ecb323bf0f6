"""Per-task time against an earlier release: the same loop playbook, the two collections interleaved.

The earlier release (a git ref, `1.0.0` by default) is exported with `git archive` into a temporary
collections path. Each repetition runs the loop playbook (ping, streamkap_source no-op, create) once
per collection, in alternating order, so that both see the same machine load; per item is the
median item time, as in loops.py. A per-task time "no slower" than the release means: the median
over the repetitions of this tree's time / the release's time, both from adjacent playbook runs,
is at most 1.
"""
from __future__ import annotations

import statistics
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks import loops
from tests.benchmarks.modrun import COLLECTIONS
from tests.benchmarks.sim import BenchSimulator

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
        raise RuntimeError(f"--release {ref!r} is not a commit of this repository: {commit.stderr.strip()}")
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
    order = list(GROUPS)[rep % len(GROUPS):] + list(GROUPS)[:rep % len(GROUPS)]
    tasks = loops.run_loop_playbook(sim, items, order, f"bench-new-{rep}-{side}-", collections=collections)
    return loops.group_medians(tasks, GROUPS)
