"""One streamkap_sources task against a loop of streamkap_source (issue 13's targets).

Per repetition, one ansible-playbook run (playbooks/fleet.yml) on a tenant seeded with
`noop_total` sources holds four timed tasks: a loop of streamkap_source over a sample of the
existing sources (no change), one streamkap_sources task over all of them (no change), a loop
of streamkap_source creating a sample of new sources, and one streamkap_sources task creating
`create_total` new ones. The loops run on a sample (every n-th source, so names of every length
are in it) and their time is scaled to the whole set: time per item x items. The ratios are
taken within one playbook run. The requests of the no-change task and of `gathered` on
`gathered_total` sources are counted from the simulator's log, each in a playbook run of its own.
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

from tests.benchmarks.loops import ansible_environment
from tests.benchmarks.scenarios import NOOP_CONFIG
from tests.benchmarks.sim import BenchSimulator, LoggedRequest
from tests.support import VENV_BIN

PLAYBOOK = Path(__file__).resolve().parent / "playbooks" / "fleet.yml"
NOOP_PREFIX = "bench-fleet-"
TIMED = ("loop_noop", "fleet_noop", "loop_create", "fleet_create")
# (fleet task, loop task, target ratio of the fleet's time to the loop's time scaled to the same items)
RATIO_TARGETS = (("fleet_noop", "loop_noop", 0.05), ("fleet_create", "loop_create", 0.25))


@dataclass(frozen=True)
class FleetSizes:
    noop_total: int = 1000
    create_total: int = 200
    loop_sample: int = 100
    gathered_total: int = 10000


@dataclass
class FleetResults:
    sizes: FleetSizes
    repetitions: int
    task_s: dict[str, list[float]] = field(default_factory=dict)
    ratios: dict[str, list[float]] = field(default_factory=dict)
    noop_requests: list[LoggedRequest] = field(default_factory=list)
    noop_wall_s: float = 0.0
    gathered_requests: list[LoggedRequest] = field(default_factory=list)
    gathered_wall_s: float = 0.0
    playbook_wall_s: list[float] = field(default_factory=list)

    def median_s(self, task: str) -> float:
        return statistics.median(self.task_s[task])

    def scaled_loop_s(self, loop: str) -> list[float]:
        """The loop's time per item (task time / sample) x the fleet task's items."""
        items = self.sizes.noop_total if loop == "loop_noop" else self.sizes.create_total
        return [seconds / self.sizes.loop_sample * items for seconds in self.task_s[loop]]

    def median_ratio(self, fleet: str) -> float:
        return statistics.median(self.ratios[fleet])


def pages_and_auth(logged: list[LoggedRequest]) -> tuple[int, int, int]:
    """(list page reads, auth calls, other calls)."""
    auth = sum(1 for request in logged if request.is_auth)
    pages = sum(1 for request in logged if request.method == "GET" and request.path == "/sources")
    return pages, auth, len(logged) - auth - pages


def run_fleet(sim: BenchSimulator, sizes: FleetSizes, repetitions: int) -> FleetResults:
    results = FleetResults(sizes=sizes, repetitions=repetitions)
    for rep in range(repetitions):
        sim.reset()
        sim.seed(sizes.noop_total, NOOP_PREFIX)
        extra = _extra_vars(sizes, rep)
        tasks, wall = _playbook(sim, extra, tags="loops,fleet_noop,fleet_create")
        results.playbook_wall_s.append(wall)
        for name in TIMED:
            results.task_s.setdefault(name, []).append(tasks[name])
        for fleet, loop, _target in RATIO_TARGETS:
            scaled = results.scaled_loop_s(loop)[-1]
            results.ratios.setdefault(fleet, []).append(tasks[fleet] / scaled)
    sim.reset()
    sim.seed(sizes.noop_total, NOOP_PREFIX)
    sim.clear_log()
    tasks, _wall = _playbook(sim, _extra_vars(sizes, repetitions), tags="fleet_noop")
    results.noop_requests, results.noop_wall_s = sim.logged_requests(), tasks["fleet_noop"]
    sim.reset()
    sim.seed(sizes.gathered_total, NOOP_PREFIX)
    sim.clear_log()
    tasks, _wall = _playbook(sim, {"gathered_expected": sizes.gathered_total}, tags="gathered")
    results.gathered_requests, results.gathered_wall_s = sim.logged_requests(), tasks["fleet_gathered"]
    return results


def _extra_vars(sizes: FleetSizes, rep: int) -> dict[str, t.Any]:
    step = max(1, sizes.noop_total // sizes.loop_sample)
    noop_names = [f"{NOOP_PREFIX}{number}" for number in range(1, sizes.noop_total + 1)]
    entry = {"connector": "postgresql", "config": NOOP_CONFIG}
    return {
        "source_config": NOOP_CONFIG,
        "noop_sample": noop_names[::step][:sizes.loop_sample],
        "noop_entries": [dict(entry, name=name) for name in noop_names],
        "create_sample": [f"bench-loop-new-{rep}-{number}" for number in range(1, sizes.loop_sample + 1)],
        "create_entries": [dict(entry, name=f"bench-fleet-new-{rep}-{number}") for number in range(1, sizes.create_total + 1)],
    }


def _playbook(sim: BenchSimulator, extra: dict[str, t.Any], tags: str) -> tuple[dict[str, float], float]:
    """Run the tagged tasks; return {timed task: seconds} and the playbook's wall time."""
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-fleet-") as workdir:
        timings_file = Path(workdir) / "timings.json"
        vars_file = Path(workdir) / "vars.json"
        vars_file.write_text(json.dumps(extra), encoding="utf-8")
        command = [str(VENV_BIN / "ansible-playbook"), str(PLAYBOOK), "-i", "localhost,", "-e", f"@{vars_file}",
                   "--tags", tags]
        start = time.perf_counter()
        completed = subprocess.run(command, env=ansible_environment(sim, timings_file), cwd=workdir,
                                   capture_output=True, text=True, timeout=1800, check=False)
        wall = time.perf_counter() - start
        if completed.returncode != 0 or not timings_file.exists():
            raise RuntimeError(f"fleet playbook failed (rc {completed.returncode}):\n{completed.stdout[-3000:]}{completed.stderr[-2000:]}")
        tasks = json.loads(timings_file.read_text(encoding="utf-8"))
    timed = {}
    for task in tasks:
        name = task["name"].rsplit(" for ", 1)[-1]
        if task["failed"]:
            raise RuntimeError(f"task {task['name']!r} failed: {task['messages']}")
        if " for " in task["name"]:
            timed[name] = task["seconds"]
    return timed, wall
