"""Per-task wall time in a loop: streamkap_source vs ansible.builtin.ping vs the ansible.builtin.uri equivalent.

Method: one ansible-playbook run per repetition holds every task group (playbooks/tasks/*.yml),
each looping over the same N items, in an order rotated from one repetition to the next. The
bench_timer callback times each task (start event to final result) and each item in it (from
one item result to the next). Per group and run, two figures:

- mean per item: the group's task times / N (the task's fixed cost spread over its items);
- median per item: the sum over the group's tasks of the median item time, which a burst of
  other work on the machine during a few items does not move. The ratios use this one.

Ratios are taken within one playbook run (same machine load), then their median over the
repetitions is reported.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.modrun import COLLECTIONS
from tests.benchmarks.sim import CLIENT_ID, CLIENT_SECRET, BenchSimulator
from tests.support import VENV_BIN, ansible_playbook_env

HERE = Path(__file__).resolve().parent
PLAYBOOK = HERE / "playbooks" / "loop.yml"
CALLBACKS = HERE / "callback_plugins"
GROUP_MARK = " for "

# group name -> (label, expected changed items per item: 0 for a no-op, 1 for a create)
GROUPS: dict[str, tuple[str, int]] = {
    "ping": ("ansible.builtin.ping", 0),
    "module_noop": ("streamkap_source, no-op (client credentials)", 0),
    "uri_noop": ("uri equivalent, no-op (token + lookup + skipped create)", 0),
    "module_create": ("streamkap_source, create (validate_config: true)", 1),
    "uri_create": ("uri equivalent, create (token + lookup + create)", 1),
}
# Derived from the uri groups' own tasks, leaving out the token task: the per-item cost when one
# token, requested once, serves the whole play (its single request is negligible over the loop).
TOKEN_TASK_PREFIX = "Get an access token"
TOKEN_ONCE_GROUPS: dict[str, tuple[str, str]] = {
    "uri_noop_token_once": ("uri_noop", "uri equivalent, no-op, one token per play (derived)"),
    "uri_create_token_once": ("uri_create", "uri equivalent, create, one token per play (derived)"),
}
# The ratios the targets speak of: (numerator group, denominator group, target).
# A no-op task against ping: 1.6x leaves room for importing requests (about 20 ms a task).
RATIOS: list[tuple[str, str, float]] = [
    ("module_noop", "ping", 1.6),
    ("module_noop", "uri_noop", 0.6),
    ("module_create", "uri_create", 0.6),
]
# Shown for information, no target.
EXTRA_RATIOS: list[tuple[str, str]] = [
    ("module_noop", "uri_noop_token_once"),
    ("module_create", "uri_create_token_once"),
]


@dataclass
class LoopResults:
    items: int
    repetitions: int
    per_item_s: dict[str, list[float]] = field(default_factory=dict)
    mean_per_item_s: dict[str, list[float]] = field(default_factory=dict)
    ratios: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    playbook_wall_s: list[float] = field(default_factory=list)

    def median_ms(self, group: str) -> float:
        return statistics.median(self.per_item_s[group]) * 1000

    def mean_ms(self, group: str) -> float:
        return statistics.median(self.mean_per_item_s[group]) * 1000

    def median_ratio(self, numerator: str, denominator: str) -> float:
        return statistics.median(self.ratios[(numerator, denominator)])


def ansible_environment(sim: BenchSimulator, timings_file: Path) -> dict[str, str]:
    return ansible_playbook_env(
        sim.url, COLLECTIONS,
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS),
        ANSIBLE_CALLBACKS_ENABLED="bench_timer",
        BENCH_TIMINGS_FILE=str(timings_file),
        STREAMKAP_CLIENT_ID=CLIENT_ID,
        STREAMKAP_CLIENT_SECRET=CLIENT_SECRET,
    )


def run_loops(sim: BenchSimulator, items: int, repetitions: int) -> LoopResults:
    results = LoopResults(items=items, repetitions=repetitions)
    groups = list(GROUPS)
    for rep in range(repetitions):
        order = groups[rep % len(groups):] + groups[:rep % len(groups)]
        (per_item, mean_per_item), wall = _one_playbook_run(sim, items, order, rep)
        results.playbook_wall_s.append(wall)
        for group, seconds in per_item.items():
            results.per_item_s.setdefault(group, []).append(seconds)
            results.mean_per_item_s.setdefault(group, []).append(mean_per_item[group])
        for numerator, denominator in [(num, den) for num, den, _target in RATIOS] + EXTRA_RATIOS:
            results.ratios.setdefault((numerator, denominator), []).append(per_item[numerator] / per_item[denominator])
    return results


def _one_playbook_run(sim: BenchSimulator, items: int, order: list[str], rep: int) -> tuple[tuple[dict[str, float], dict[str, float]], float]:
    start = time.perf_counter()
    tasks = run_loop_playbook(sim, items, order, f"bench-new-{rep}-")
    return _per_item_seconds(tasks, items), time.perf_counter() - start


def run_loop_playbook(sim: BenchSimulator, items: int, order: list[str], create_prefix: str,
                      collections: Path | None = None) -> list[dict[str, t.Any]]:
    """One run of the loop playbook (task groups in `order`) on a freshly seeded simulator: the timed tasks.

    `collections`: where the collection is installed (default: this tree's build/collections).
    """
    sim.reset()
    sim.seed(items, "bench-loop-")
    extra_vars = {
        "bench_items": items, "bench_order": order, "api_url": sim.url,
        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "noop_prefix": "bench-loop-", "create_prefix": create_prefix,
    }
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-") as workdir:
        timings_file = Path(workdir) / "timings.json"
        env = ansible_environment(sim, timings_file)
        if collections is not None:
            env["ANSIBLE_COLLECTIONS_PATH"] = str(collections)
        command = [str(VENV_BIN / "ansible-playbook"), str(PLAYBOOK), "-i", "localhost,", "-e", json.dumps(extra_vars)]
        completed = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True, timeout=900, check=False)
        if completed.returncode != 0 or not timings_file.exists():
            raise RuntimeError(f"loop playbook failed (rc {completed.returncode}):\n{completed.stdout[-3000:]}{completed.stderr[-2000:]}")
        return json.loads(timings_file.read_text(encoding="utf-8"))


def group_medians(tasks: list[dict[str, t.Any]], groups: t.Iterable[str]) -> dict[str, float]:
    """{group: the sum over its tasks of the median item time}, for the groups asked; a failed task fails."""
    wanted = set(groups)
    medians: dict[str, float] = {}
    for task in tasks:
        group = task["name"].rsplit(GROUP_MARK, 1)[-1]
        if GROUP_MARK not in task["name"] or group not in wanted:
            continue
        if task["failed"]:
            raise RuntimeError(f"task {task['name']!r} failed: {task['messages']}")
        medians[group] = medians.get(group, 0.0) + statistics.median(task["item_seconds"] or [0.0])
    missing = wanted - set(medians)
    if missing:
        raise RuntimeError(f"no timing for task group(s) {', '.join(sorted(missing))}")
    return medians


def _per_item_seconds(tasks: list[dict[str, t.Any]], items: int) -> tuple[dict[str, float], dict[str, float]]:
    """({group: summed median item time}, {group: summed task time / items})."""
    medians: dict[str, float] = {}
    totals: dict[str, float] = {}
    changed: dict[str, int] = {}
    for task in tasks:
        if GROUP_MARK not in task["name"]:
            continue
        group = task["name"].rsplit(GROUP_MARK, 1)[1]
        if group not in GROUPS:
            continue
        if task["failed"]:
            raise RuntimeError(f"task {task['name']!r} failed: {task['messages']}")
        median = statistics.median(task["item_seconds"] or [0.0])
        totals[group] = totals.get(group, 0.0) + task["seconds"]
        medians[group] = medians.get(group, 0.0) + median
        if not task["name"].startswith(TOKEN_TASK_PREFIX):
            derived = next((name for name, (source, _label) in TOKEN_ONCE_GROUPS.items() if source == group), None)
            if derived:
                totals[derived] = totals.get(derived, 0.0) + task["seconds"]
                medians[derived] = medians.get(derived, 0.0) + median
        changed[group] = changed.get(group, 0) + task["changed"]
    for group, (_label, changed_per_item) in GROUPS.items():
        if group not in totals:
            raise RuntimeError(f"no timing for task group {group}")
        if changed[group] != changed_per_item * items:
            raise RuntimeError(f"task group {group}: {changed[group]} changed items, expected {changed_per_item * items}")
    return medians, {group: seconds / items for group, seconds in totals.items()}
