"""Integration fixtures: a live simulator on loopback and real `ansible-playbook` runs.

The collection is used as installed by `make install` (build/collections), so these tests see
exactly what a user's `ansible-galaxy collection install` gives them.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from tests.simulator.harness import running_simulator
from tests.support import VENV_BIN, SimHooks, ansible_playbook_env

ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS = ROOT / "build" / "collections"
PLAYBOOKS = Path(__file__).parent / "playbooks"
CALLBACK_PLUGINS = Path(__file__).parent / "callback_plugins"
RECAP = re.compile(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")

CLIENT_ID = "demo-client-id"
CLIENT_SECRET = "demo-client-secret"
STATIC_TOKEN = "demo-access-token"
# A PostgreSQL source's config without its secret (the password goes in separately).
POSTGRES_CONFIG: dict[str, Any] = {
    "database.hostname.user.defined": "db.example.internal",
    "database.user": "streamkap",
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders",
}


@dataclass
class PlaybookRun:
    """What one ansible-playbook run printed, and the task results it saved."""

    rc: int
    output: str
    ok: int = 0
    changed: int = 0
    failed: int = 0
    results: dict[str, Any] = field(default_factory=dict)


class Simulator(SimHooks):
    """A thin view of the live simulator's test hooks."""

    def __init__(self, url: str, state: Any = None) -> None:
        self.url = url
        # The in-process SimState (see tests/simulator/harness.py), for what no hook can do.
        self.state = state

    def requests_log(self) -> list[dict[str, Any]]:
        return self.hook("GET", "requests")

    def writes(self) -> list[dict[str, Any]]:
        return [entry for entry in self.requests_log()
                if entry["method"] in ("POST", "PUT", "DELETE") and not entry["path"].startswith("/auth/")]

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {STATIC_TOKEN}"}
        response = requests.request(method, f"{self.url}{path}", headers=headers, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()

    def sources_named(self, name: str) -> list[dict[str, Any]]:
        page = self.api("GET", "/sources", params={"partial_name": name, "page_size": 100})
        return [source for source in page["result"] if source["name"] == name]

    def record(self, source_id: str) -> dict[str, Any]:
        return self.hook("GET", f"sources/{source_id}")

    def settings(self, **changes: Any) -> dict[str, Any]:
        return self.hook("POST", "settings", json=changes)

    def create_source(self, name: str, config: dict[str, Any], connector: str = "postgresql", **fields: Any) -> dict[str, Any]:
        """Create a source through the API directly (no playbook run)."""
        return self.api("POST", "/sources", json={"name": name, "connector": connector, "config": config, **fields})

    def calls(self) -> list[tuple[str, str]]:
        """(method, path) of every logged API request, in order."""
        return [(entry["method"], entry["path"]) for entry in self.requests_log()]


@pytest.fixture(scope="session")
def simulator() -> Iterator[Simulator]:
    if not (COLLECTIONS / "ansible_collections" / "streamkap" / "cloud").is_dir():
        pytest.fail("the collection is not installed: run `make install` (make test-integration does)")
    with running_simulator() as server:
        yield Simulator(server.url, server.state)


@pytest.fixture()
def sim(simulator: Simulator) -> Simulator:
    simulator.reset()
    return simulator


@pytest.fixture()
def run_playbook(sim: Simulator, tmp_path: Path):
    """Run a playbook from tests/integration/playbooks with extra vars; parse recap and results."""

    def run(playbook: str, extra_vars: dict[str, Any] | None = None, *, check: bool = False,
            diff: bool = False, verbosity: int = 0, auth: str = "client",
            env: dict[str, str] | None = None) -> PlaybookRun:
        results_file = tmp_path / f"results-{len(list(tmp_path.iterdir()))}.json"
        variables = dict(extra_vars or {})
        command = [str(VENV_BIN / "ansible-playbook"), str(PLAYBOOKS / playbook),
                   "-i", "localhost,", "-e", json.dumps(variables)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        run_env = {"RESULTS_FILE": str(results_file), **(env or {})}
        completed = subprocess.run(command, env=_ansible_env(sim.url, auth, run_env), cwd=tmp_path,
                                   capture_output=True, text=True, timeout=300, check=False)
        output = completed.stdout + completed.stderr
        run_result = PlaybookRun(rc=completed.returncode, output=output)
        recap = RECAP.search(output)
        if recap:
            run_result.ok, run_result.changed, _unreachable, run_result.failed = (int(g) for g in recap.groups())
        if results_file.exists():
            run_result.results = json.loads(results_file.read_text(encoding="utf-8"))
        return run_result

    return run


def _ansible_env(api_url: str, auth: str, extra: dict[str, str] | None) -> dict[str, str]:
    env = ansible_playbook_env(
        api_url, COLLECTIONS,
        ANSIBLE_FORCE_COLOR="0",
        # save_results writes each registered result to $RESULTS_FILE (no copy task, no extra module run).
        ANSIBLE_CALLBACK_PLUGINS=str(CALLBACK_PLUGINS),
        ANSIBLE_CALLBACKS_ENABLED="save_results",
    )
    if auth == "client":
        env.update({"STREAMKAP_CLIENT_ID": CLIENT_ID, "STREAMKAP_CLIENT_SECRET": CLIENT_SECRET})
    elif auth == "token":
        env["STREAMKAP_ACCESS_TOKEN"] = STATIC_TOKEN
    env.update(extra or {})
    return env
