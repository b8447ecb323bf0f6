"""Pieces shared by the integration tests and the benchmarks: the ansible-playbook environment
and the simulator's /_sim test hooks."""
from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import requests

VENV_BIN = Path(sys.executable).parent


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
