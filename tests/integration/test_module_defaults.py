"""module_defaults for the action group `streamkap.cloud.streamkap` set auth once for both modules.

The playbook runs with no STREAMKAP_* credentials in its environment and STREAMKAP_API_URL pointing
nowhere, so the API URL and credentials the tasks use can only come from module_defaults.
"""
from __future__ import annotations

from tests.integration.conftest import CLIENT_ID, CLIENT_SECRET

CONFIG = {
    "database.hostname.user.defined": "db.example.internal",
    "database.user": "streamkap",
    "database.password": "pg-Defaults-91b4",
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders",
}
# Nothing listens there: a task that read the environment instead of module_defaults would fail.
DEAD_API_URL = "http://127.0.0.1:9"


def test_group_defaults_authenticate_both_modules(sim, run_playbook):
    variables = {
        "defaults_api_url": sim.url,
        "defaults_client_id": CLIENT_ID,
        "defaults_client_secret": CLIENT_SECRET,
        "source_name": "orders",
        "source_config": CONFIG,
    }

    run = run_playbook("module_defaults.yml", variables, auth="none", env={"STREAMKAP_API_URL": DEAD_API_URL})

    assert run.rc == 0, run.output
    assert run.failed == 0
    [created] = sim.sources_named("orders")
    assert [source["id"] for source in run.results["sources"]] == [created["id"]]
    # Each task exchanged the client credentials from module_defaults for its own token.
    exchanges = [entry for entry in sim.requests_log() if entry["method"] == "POST" and entry["path"] == "/auth/access-token"]
    assert [entry["status"] for entry in exchanges] == [200, 200]
    assert CLIENT_SECRET not in run.output


def test_without_module_defaults_the_same_environment_has_no_credentials(sim, run_playbook):
    run = run_playbook("source_info.yml", {"expect_failure": True}, auth="none")

    assert run.results["failed"] is True
    assert "No Streamkap credentials" in run.results["msg"]
    assert not any(entry["path"].startswith("/sources") for entry in sim.requests_log())
