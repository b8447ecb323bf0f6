"""Smoke test run on every ansible-core of the version matrix (tox.ini) and by `make test`:
one source created, applied again without change, read back and deleted, through a real
ansible-playbook run against the simulator on loopback.

The collection comes from $STREAMKAP_COLLECTIONS_PATH (each matrix leg installs it with its own
ansible-galaxy), else from build/collections as `make install` left it.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import requests

from tests.simulator.harness import running_simulator
from tests.support import VENV_BIN, ansible_playbook_env

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = Path(__file__).parent / "lifecycle.yml"
RECAP = re.compile(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def collections_path() -> Path:
    return Path(os.environ.get("STREAMKAP_COLLECTIONS_PATH", ROOT / "build" / "collections"))


def test_create_rerun_delete(tmp_path: Path) -> None:
    with running_simulator() as sim:
        env = ansible_playbook_env(sim.url, collections_path(), STREAMKAP_ACCESS_TOKEN=sim.settings.access_token)
        run = subprocess.run([str(VENV_BIN / "ansible-playbook"), str(PLAYBOOK), "-i", "localhost,"],
                             env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
        output = run.stdout + run.stderr
        log = requests.get(f"{sim.url}/_sim/requests", timeout=10).json()
        remaining = requests.get(f"{sim.url}/sources", headers=sim.auth_headers,
                                 params={"partial_name": "smoke-orders"}, timeout=10).json()["result"]

    assert run.returncode == 0, output
    recap = RECAP.search(output)
    assert recap, output
    ok, changed, failed = (int(group) for group in recap.groups())
    # Six tasks; only the create and the first delete change anything.
    assert (ok, changed, failed) == (6, 2, 0), output
    writes = [(entry["method"], entry["path"]) for entry in log
              if entry["method"] in WRITE_METHODS and not entry["path"].startswith("/auth/")]
    assert [method for method, _path in writes] == ["POST", "DELETE"], writes
    assert remaining == []
    assert "smoke-Pg-secret-7d1" not in output
