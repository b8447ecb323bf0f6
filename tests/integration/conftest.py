"""Integration fixtures: a live simulator on loopback and real `ansible-playbook` runs.

The collection is used as installed by `make install` (build/collections), so these tests see
exactly what a user's `ansible-galaxy collection install` gives them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from tests.simulator.harness import running_simulator
from tests.support import PlaybookRun, SimHooks, ansible_playbook_env, run_playbook as run_ansible_playbook

ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS = ROOT / "build" / "collections"
PLAYBOOKS = Path(__file__).parent / "playbooks"

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
        options = (["--check"] if check else []) + (["--diff"] if diff else [])
        if verbosity:
            options.append("-" + "v" * verbosity)
        return run_ansible_playbook(PLAYBOOKS / playbook, _ansible_env(sim.url, auth, env), tmp_path,
                                    extra_vars=extra_vars, options=options, results_file=results_file)

    return run


def _ansible_env(api_url: str, auth: str, extra: dict[str, str] | None) -> dict[str, str]:
    env = ansible_playbook_env(
        api_url, COLLECTIONS,
        ANSIBLE_FORCE_COLOR="0",
    )
    if auth == "client":
        env.update({"STREAMKAP_CLIENT_ID": CLIENT_ID, "STREAMKAP_CLIENT_SECRET": CLIENT_SECRET})
    elif auth == "token":
        env["STREAMKAP_ACCESS_TOKEN"] = STATIC_TOKEN
    env.update(extra or {})
    return env
