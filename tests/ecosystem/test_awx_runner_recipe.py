"""docs/awx.md, "Try a job locally with ansible-runner": the recipe's commands as written (the
simulator's address in place of port 8000), from a checkout's root with the environment
zero-to-pipeline step 1 exports, run twice against the simulator."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.ecosystem.conftest import COLLECTIONS, ROOT, VENV_BIN, SimulatorApi
from tests.markdown import Page

RECIPE = "Try a job locally with ansible-runner"
GUIDE_API_URL = "http://127.0.0.1:8000"
SECRETS = ("change-me", "demo-client-secret")


def shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The shell step 1 leaves: the venv's tools first, the collection's path; no STREAMKAP_* of its own,
    # and no pinned interpreter (the recipe's inventory must name one).
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("STREAMKAP_") and key != "ANSIBLE_PYTHON_INTERPRETER"}
    env.update(PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}", ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
               ANSIBLE_NOCOLOR="1")
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_the_recipe_runs_the_job_on_the_simulator_and_a_rerun_changes_nothing(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    [block] = Page(ROOT / "docs" / "awx.md").blocks_in(RECIPE, "bash")
    assert GUIDE_API_URL in block.code
    script = block.code.replace(GUIDE_API_URL, simulator.url)
    (tmp_path / "awx").symlink_to(ROOT / "awx")  # the recipe runs from a checkout's root

    first = shell(script, tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    [source] = simulator.sources_named("orders-postgres")
    assert "changed=1" in first.stdout and source["id"] in first.stdout

    rerun = shell(script.strip().splitlines()[-1], tmp_path)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "changed=0" in rerun.stdout

    runs = sorted((tmp_path / "job" / "artifacts").iterdir())
    assert len(runs) == 2
    for run in runs:
        assert (run / "status").read_text(encoding="utf-8").strip() == "successful"
        events = [json.loads(path.read_text(encoding="utf-8")) for path in (run / "job_events").glob("*.json")]
        stored = (run / "stdout").read_text(encoding="utf-8") + json.dumps(events)
        for secret in SECRETS:
            assert secret not in stored
        # The inventory named the interpreter: nothing was discovered.
        assert "discovered_interpreter_python" not in stored
    for completed in (first, rerun):
        assert "Warning" not in completed.stderr, completed.stderr
