"""The module as Ansible really runs it: the AnsiballZ wrapper (module_utils zipped, compiled on every run).

One playbook run with ANSIBLE_KEEP_REMOTE_FILES=1 leaves the wrapper files of a ping task and of a
no-op streamkap_source task (client credentials) behind; each is then run directly, so the module
process is measured without the controller: wall time, CPU time, peak RSS and -X importtime.
"""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import typing as t
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.loops import VENV_BIN, ansible_environment
from tests.benchmarks.modrun import ProcessRun, run_process
from tests.benchmarks.scenarios import NOOP_CONFIG, Sample
from tests.benchmarks.sim import BenchSimulator

WRAPPER_PLAYBOOK = """\
- name: Leave the AnsiballZ wrappers behind
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Ping
      ansible.builtin.ping:
    - name: No-op source
      streamkap.cloud.streamkap_source:
        name: bench-zip-1
        connector: postgresql
        config: {config}
"""
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( +)(\S+)$")


@dataclass(frozen=True)
class ImportCost:
    module: str
    parent: str
    cumulative_ms: float
    self_ms: float


@dataclass
class ImportProfile:
    total_ms: float
    by_module: dict[str, ImportCost]

    def top_self(self, count: int) -> list[ImportCost]:
        return sorted(self.by_module.values(), key=lambda cost: cost.self_ms, reverse=True)[:count]

    def top_cumulative(self, count: int) -> list[ImportCost]:
        """The heaviest imports, leaving out AnsiballZ's own loader (it holds everything it loads)."""
        shown = [cost for cost in self.by_module.values() if "_ansiballz" not in cost.module]
        return sorted(shown, key=lambda cost: cost.cumulative_ms, reverse=True)[:count]


@dataclass
class WrapperResults:
    ping: Sample
    module: Sample
    imports: ImportProfile


def measure_wrappers(sim: BenchSimulator, repetitions: int) -> WrapperResults:
    sim.reset()
    sim.seed(1, "bench-zip-")
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-") as workdir:
        env = _wrapper_environment(sim, Path(workdir))
        ping_file, module_file = _leave_wrappers(Path(workdir), env)
        ping, module = Sample("ansible.builtin.ping"), Sample("streamkap_source no-op (client credentials)")
        for _repetition in range(repetitions):
            ping.add(_run_wrapper(ping_file, env), [])
            module.add(_run_wrapper(module_file, env), [])
        profiles = [_parse_importtime(_run_wrapper(module_file, env, ("-X", "importtime")).stderr) for _repetition in range(repetitions)]
    return WrapperResults(ping=ping, module=module, imports=_median_profile(profiles))


def _wrapper_environment(sim: BenchSimulator, workdir: Path) -> dict[str, str]:
    env = ansible_environment(sim, workdir / "timings.json")
    env.update({"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": str(workdir / "remote")})
    return env


def _leave_wrappers(workdir: Path, env: dict[str, str]) -> tuple[Path, Path]:
    playbook = workdir / "wrappers.yml"
    config = "{" + ", ".join(f"{key!r}: {value!r}" for key, value in NOOP_CONFIG.items()) + "}"
    playbook.write_text(WRAPPER_PLAYBOOK.format(config=config), encoding="utf-8")
    completed = subprocess.run([str(VENV_BIN / "ansible-playbook"), str(playbook), "-i", "localhost,"],
                               env=env, cwd=workdir, capture_output=True, text=True, timeout=300, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"wrapper playbook failed:\n{completed.stdout[-3000:]}")
    found = {path.name: path for path in (workdir / "remote").glob("*/AnsiballZ_*.py")}
    return found["AnsiballZ_ping.py"], found["AnsiballZ_streamkap_source.py"]


def _run_wrapper(wrapper: Path, env: dict[str, str], flags: t.Sequence[str] = ()) -> ProcessRun:
    rc, stdout, stderr, wall, cpu, rss = run_process([sys.executable, *flags, str(wrapper)], env=env)
    run = ProcessRun(rc=rc, result={}, stderr=stderr, wall_s=wall, cpu_s=cpu, max_rss_mib=rss)
    if rc != 0 or '"failed": true' in stdout:
        raise RuntimeError(f"{wrapper.name} failed: {stdout[-1000:]} {stderr[-1000:]}")
    return run


def _parse_importtime(stderr: str) -> ImportProfile:
    """Every import with its parent (the import that triggered it), self and cumulative time."""
    entries: list[tuple[int, str, int, int]] = []
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            depth = (len(match[3]) - 1) // 2
            entries.append((depth, match[4], int(match[1]), int(match[2])))
    # Children are printed before their parent: walk backwards keeping the chain of open parents.
    parents: dict[int, str] = {}
    by_module: dict[str, ImportCost] = {}
    total = 0
    for depth, name, self_us, cumulative_us in reversed(entries):
        parents[depth] = name
        parent = parents.get(depth - 1, "") if depth else ""
        by_module[name] = ImportCost(name, parent, cumulative_us / 1000, self_us / 1000)
        if depth == 0:
            total += cumulative_us
    return ImportProfile(total / 1000, by_module)


def _median_profile(profiles: list[ImportProfile]) -> ImportProfile:
    values: dict[str, list[ImportCost]] = defaultdict(list)
    for profile in profiles:
        for name, cost in profile.by_module.items():
            values[name].append(cost)
    by_module = {
        name: ImportCost(name, costs[0].parent,
                         statistics.median(cost.cumulative_ms for cost in costs),
                         statistics.median(cost.self_ms for cost in costs))
        for name, costs in values.items()
    }
    return ImportProfile(statistics.median(profile.total_ms for profile in profiles), by_module)
