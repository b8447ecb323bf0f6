"""Pieces shared by the integration tests, the live suite and the benchmarks: the ansible-playbook
environment, one ansible-playbook run, and the simulator's /_sim test hooks."""
from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import requests

VENV_BIN = Path(sys.executable).parent
# The callback that saves each registered task result to $RESULTS_FILE (see run_playbook).
CALLBACK_PLUGINS = Path(__file__).parent / "integration" / "callback_plugins"
RECAP = re.compile(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def ansible_playbook_env(api_url: str, collections: Path, **settings: str) -> dict[str, str]:
    """This process's environment for an ansible-playbook run against `api_url`.

    Inherited STREAMKAP_* variables are dropped (each run sets its own), and `settings` are added last.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMKAP_")}
    env.update({
        "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        # Interpreter discovery could pick a broken python shim: pin the venv's interpreter.
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "STREAMKAP_API_URL": api_url,
        **settings,
    })
    return env


@dataclass
class PlaybookRun:
    """What one ansible-playbook run printed, and the task results it saved."""

    rc: int
    output: str
    ok: int = 0
    changed: int = 0
    failed: int = 0
    results: dict[str, t.Any] = field(default_factory=dict)


def run_playbook(playbook: Path, env: dict[str, str], cwd: Path, *, extra_vars: dict[str, t.Any] | None = None,
                 options: t.Sequence[str] = (), results_file: Path | None = None, timeout: float = 300) -> PlaybookRun:
    """Run `playbook` on localhost with `env` (see ansible_playbook_env); parse its recap and results.

    With `results_file`, the save_results callback writes the last registered task result there
    (cheaper than a copy task: no extra module run). ansible-playbook runs in a process group of
    its own: when the caller is interrupted (Ctrl-C, a SIGTERM turned into KeyboardInterrupt, a
    timeout), the whole group is stopped, so no worker or module process goes on writing after
    the caller gave up.
    """
    command = [str(VENV_BIN / "ansible-playbook"), str(playbook), "-i", "localhost,",
               "-e", json.dumps(extra_vars or {}), *options]
    run_env = dict(env)
    if results_file:
        run_env.update(RESULTS_FILE=str(results_file), ANSIBLE_CALLBACK_PLUGINS=str(CALLBACK_PLUGINS),
                       ANSIBLE_CALLBACKS_ENABLED="save_results")
    with subprocess.Popen(command, env=run_env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _stop_process_group(process)
            raise
    run = PlaybookRun(rc=process.returncode, output=stdout + stderr)
    recap = RECAP.search(run.output)
    if recap:
        run.ok, run.changed, _unreachable, run.failed = (int(group) for group in recap.groups())
    if results_file and results_file.exists():
        run.results = json.loads(results_file.read_text(encoding="utf-8"))
    return run


def _stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process's group; then SIGKILL to whatever of it is left (workers, modules)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class SimHooks:
    """The simulator's /_sim test hooks (no auth) at `url`, over `http` (requests or a Session)."""

    url: str
    http: t.Any = requests
    hook_timeout: float = 10.0

    def hook(self, method: str, path: str, **kwargs: t.Any) -> t.Any:
        response = self.http.request(method, f"{self.url}/_sim/{path}", timeout=self.hook_timeout, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self) -> None:
        self.hook("POST", "reset")

    def clear_log(self) -> None:
        self.hook("DELETE", "requests")
