"""The commands a user runs print no Python warning: the pinned requirements (tests/requirements.txt)
hold no combination that warns on every start (cryptography 51 warned that DSA, which
ansible-core 2.19 imports, is deprecated)."""
from __future__ import annotations

import re
import subprocess

import pytest

from tests.integration.conftest import CLIENT_ID, CLIENT_SECRET, COLLECTIONS, Simulator
from tests.support import VENV_BIN, ansible_playbook_env

# As the warnings module prints one: "<file>.py:<line>: <Category>Warning: <message>".
PYTHON_WARNING = re.compile(r"\.py:\d+: \w*Warning: ")


def stderr_of(argv: list[str], env: dict[str, str]) -> str:
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stderr


@pytest.mark.parametrize("command", ["ansible", "ansible-playbook", "ansible-vault", "ansible-galaxy", "ansible-doc"])
def test_ansible_commands_start_without_a_python_warning(simulator: Simulator, command: str) -> None:
    stderr = stderr_of([str(VENV_BIN / command), "--version"], ansible_playbook_env(simulator.url, COLLECTIONS))

    assert "DeprecationWarning" not in stderr and not PYTHON_WARNING.search(stderr), stderr


def test_a_module_run_prints_no_python_warning(sim: Simulator) -> None:
    env = ansible_playbook_env(sim.url, COLLECTIONS, STREAMKAP_CLIENT_ID=CLIENT_ID, STREAMKAP_CLIENT_SECRET=CLIENT_SECRET)

    stderr = stderr_of([str(VENV_BIN / "ansible"), "localhost", "-c", "local", "-m", "streamkap.cloud.streamkap_tag_info",
                        "-a", "name=shop"], env)

    assert "DeprecationWarning" not in stderr and not PYTHON_WARNING.search(stderr), stderr
