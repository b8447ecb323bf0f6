"""Run the streamkap_source module directly, as Ansible would on the target, and measure the process.

The module reads its arguments from a JSON file ({"ANSIBLE_MODULE_ARGS": {...}}) given as its
first argument. Running it without ansible-playbook isolates the module's own cost: wall time,
CPU time and peak RSS come from os.wait4 on that one process (see launcher.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import typing as t
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# BENCH_COLLECTIONS_PATH points at another installed copy (e.g. while build/ is being rebuilt).
COLLECTIONS = Path(os.environ.get("BENCH_COLLECTIONS_PATH") or ROOT / "build" / "collections")
LAUNCHER = Path(__file__).resolve().parent / "launcher.py"
MODULE = "ansible_collections.streamkap.cloud.plugins.modules.streamkap_source"


@dataclass(frozen=True)
class ProcessRun:
    """What one module process did and cost."""

    rc: int
    result: dict[str, t.Any]
    stderr: str
    wall_s: float
    cpu_s: float
    max_rss_mib: float

    def check_ok(self, what: str) -> dict[str, t.Any]:
        if self.rc != 0 or self.result.get("failed"):
            raise RuntimeError(f"{what}: module failed (rc {self.rc}): {self.result.get('msg') or self.stderr[-2000:]}")
        return self.result


def module_environment() -> dict[str, str]:
    """The caller's environment without STREAMKAP_* (credentials come from the arguments) and with the collection."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMKAP_")}
    env["PYTHONPATH"] = str(COLLECTIONS)
    return env


def run_process(command: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str, float, float, float]:
    """(rc, stdout, stderr, wall s, cpu s, peak RSS MiB) of one child process, measured through launcher.py."""
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-") as workdir:
        usage_file = Path(workdir) / "usage.json"
        out_file, err_file = Path(workdir) / "stdout", Path(workdir) / "stderr"
        with out_file.open("w") as out, err_file.open("w") as err:
            completed = subprocess.run([sys.executable, "-I", "-S", str(LAUNCHER), str(usage_file), *command],
                                       stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env or module_environment(),
                                       cwd=ROOT, check=False)
        usage = json.loads(usage_file.read_text(encoding="utf-8"))
        return (completed.returncode, out_file.read_text(encoding="utf-8"), err_file.read_text(encoding="utf-8"),
                usage["wall_s"], usage["cpu_s"], usage["max_rss_kib"] / 1024)


def run_module(args: dict[str, t.Any], python_flags: t.Sequence[str] = ()) -> ProcessRun:
    """Run the module once with these arguments."""
    with tempfile.TemporaryDirectory(prefix="streamkap-bench-") as workdir:
        args_file = Path(workdir) / "args.json"
        args_file.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}), encoding="utf-8")
        rc, stdout, stderr, wall, cpu, rss = run_process([sys.executable, *python_flags, "-m", MODULE, str(args_file)])
    return ProcessRun(rc=rc, result=_last_json_line(stdout), stderr=stderr, wall_s=wall, cpu_s=cpu, max_rss_mib=rss)


def run_python(code: str) -> ProcessRun:
    """A bare interpreter running `code`: the floor the module's figures are compared with."""
    rc, _stdout, stderr, wall, cpu, rss = run_process([sys.executable, "-c", code])
    return ProcessRun(rc=rc, result={}, stderr=stderr, wall_s=wall, cpu_s=cpu, max_rss_mib=rss)


def _last_json_line(stdout: str) -> dict[str, t.Any]:
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                break
    return {"failed": True, "msg": f"no JSON result in the module output: {stdout[-500:]!r}"}
