"""streamkap_destination and streamkap_destination_info against the live simulator."""
from __future__ import annotations

from typing import Any

from tests.integration.conftest import CLIENT_SECRET, STATIC_TOKEN

PRIVATE_KEY = "MIIEvQIBADANBgkqhkiG9w0-snowflake-key-5e2b"
SNOWFLAKE_CONFIG: dict[str, Any] = {
    "snowflake.url.name": "acme-xy12345.snowflakecomputing.com",
    "snowflake.user.name": "STREAMKAP_USER",
    "snowflake.database.name": "ANALYTICS",
    "snowflake.schema.name": "STREAMKAP",
}
SECRETS = {"snowflake.private.key": PRIVATE_KEY}


def destination_vars(name: str = "analytics", config: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"destination_name": name, "destination_connector": "snowflake",
            "destination_config": SNOWFLAKE_CONFIG if config is None else config,
            "destination_secrets": SECRETS, **extra}


def destinations_named(sim, name: str) -> list[dict[str, Any]]:
    page = sim.api("GET", "/destinations", params={"partial_name": name, "page_size": 100})
    return [item for item in page["result"] if item["name"] == name]


def writes_to(sim, prefix: str) -> list[dict[str, Any]]:
    return [entry for entry in sim.writes() if entry["path"].startswith(prefix)]


def test_first_run_creates_with_wait_false_and_second_run_is_ok(sim, run_playbook):
    first = run_playbook("destination.yml", destination_vars())
    assert first.rc == 0, first.output
    assert first.changed == 1
    created = first.results["destination"]
    assert created["id"] and created["connector"] == "snowflake"
    record = sim.hook("GET", f"destinations/{created['id']}")
    assert record["request_body"] == {"name": "analytics", "connector": "snowflake",
                                      "config": {**SNOWFLAKE_CONFIG, **SECRETS}, "created_from": "api"}
    [post] = writes_to(sim, "/destinations")
    assert post["method"] == "POST" and post["query"]["wait"] == "false"

    sim.clear_log()
    second = run_playbook("destination.yml", destination_vars())
    assert second.rc == 0, second.output
    assert second.changed == 0
    assert second.results["destination"]["id"] == created["id"]
    assert sim.writes() == []
    assert len(destinations_named(sim, "analytics")) == 1


def test_drift_in_a_given_key_is_written_with_put_and_shown_in_the_diff(sim, run_playbook):
    created = run_playbook("destination.yml", destination_vars()).results["destination"]
    sim.clear_log()
    changed = dict(SNOWFLAKE_CONFIG, **{"snowflake.schema.name": "STREAMKAP_V2"})

    run = run_playbook("destination.yml", destination_vars(config=changed), diff=True)

    assert run.rc == 0, run.output
    assert run.changed == 1
    assert run.results["diff"]["before"]["config"]["snowflake.schema.name"] == "STREAMKAP"
    assert run.results["diff"]["after"]["config"]["snowflake.schema.name"] == "STREAMKAP_V2"
    assert "desired_state" not in run.results["diff"]["after"]
    [put] = writes_to(sim, "/destinations")
    assert (put["method"], put["path"], put["query"]["wait"]) == ("PUT", f"/destinations/{created['id']}", "false")
    assert sim.api("GET", f"/destinations/{created['id']}")["result"][0]["config"]["snowflake.schema.name"] == "STREAMKAP_V2"
    sim.clear_log()
    assert run_playbook("destination.yml", destination_vars(config=changed)).changed == 0
    assert sim.writes() == []


def test_check_mode_writes_nothing_for_a_create_or_an_update(sim, run_playbook):
    run = run_playbook("destination.yml", destination_vars(), check=True, diff=True)
    assert run.rc == 0, run.output
    assert run.changed == 1
    assert run.results["destination"]["id"] is None
    assert run.results["diff"]["after"]["config"]["snowflake.private.key"] == "********"
    assert destinations_named(sim, "analytics") == []

    run_playbook("destination.yml", destination_vars())
    sim.clear_log()
    changed = dict(SNOWFLAKE_CONFIG, **{"snowflake.database.name": "OTHER"})
    predicted = run_playbook("destination.yml", destination_vars(config=changed), check=True)
    assert predicted.changed == 1
    assert predicted.results["destination"]["config"]["snowflake.database.name"] == "OTHER"
    assert sim.writes() == []


def test_delete_then_rerun_is_ok(sim, run_playbook):
    created = run_playbook("destination.yml", destination_vars()).results["destination"]
    gone = run_playbook("destination.yml", {"destination_name": "analytics", "destination_state": "absent",
                                            "destination_wait": True, "destination_wait_interval": 0.5})
    assert gone.rc == 0, gone.output
    assert gone.changed == 1
    assert gone.results["destination"]["id"] == created["id"]
    assert destinations_named(sim, "analytics") == []
    again = run_playbook("destination.yml", {"destination_name": "analytics", "destination_state": "absent"})
    assert again.changed == 0
    assert again.results["destination"] == {}


def test_secrets_never_reach_the_output(sim, run_playbook):
    runs = [
        run_playbook("destination.yml", destination_vars(), verbosity=3, diff=True),
        run_playbook("destination.yml", destination_vars(destination_update_secrets="always"), verbosity=3, diff=True,
                     auth="token"),
        run_playbook("destination.yml", destination_vars("analytics-check"), verbosity=3, check=True, diff=True),
    ]
    for run in runs:
        assert run.rc == 0, run.output
        for secret in (PRIVATE_KEY, CLIENT_SECRET, STATIC_TOKEN):
            assert secret not in run.output
            assert secret not in str(run.results)
    assert runs[1].changed == 1


def test_a_connector_change_is_refused_before_any_write(sim, run_playbook):
    run_playbook("destination.yml", destination_vars())
    sim.clear_log()
    run = run_playbook("destination.yml", dict(destination_vars(), destination_connector="clickhouse", expect_failure=True))
    assert run.results["failed"] is True
    assert "connector" in run.results["msg"] and "'snowflake'" in run.results["msg"]
    assert sim.writes() == []


def test_a_config_the_schema_refuses_fails_naming_the_key(sim, run_playbook):
    incomplete = {key: value for key, value in SNOWFLAKE_CONFIG.items() if key != "snowflake.user.name"}
    run = run_playbook("destination.yml", destination_vars(config=incomplete, expect_failure=True))
    assert run.results["failed"] is True
    assert "snowflake.user.name" in run.results["msg"]
    assert sim.writes() == []
    assert PRIVATE_KEY not in run.output


def test_the_info_module_filters_by_exact_name_and_connector(sim, run_playbook):
    for name in ("analytics", "analytics-2"):
        assert run_playbook("destination.yml", destination_vars(name)).rc == 0
    sim.api("POST", "/destinations", json={"name": "events", "connector": "clickhouse", "config": {
        "hostname": "ch.example.internal", "connection.username": "streamkap",
        "connection.password": "ch-Secret-0a1b", "database": "events"}})

    by_name = run_playbook("destination_info.yml", {"info_name": ["analytics"]})
    assert [item["name"] for item in by_name.results["destinations"]] == ["analytics"]
    by_connector = run_playbook("destination_info.yml", {"info_connector": ["clickhouse"]})
    assert [item["name"] for item in by_connector.results["destinations"]] == ["events"]
    everything = run_playbook("destination_info.yml", {}, verbosity=3)
    assert sorted(item["name"] for item in everything.results["destinations"]) == ["analytics", "analytics-2", "events"]
    assert "ch-Secret-0a1b" not in everything.output and PRIVATE_KEY not in everything.output
    assert everything.changed == 0


def test_deleting_a_destination_a_pipeline_uses_fails_naming_the_pipeline(sim, run_playbook):
    created = run_playbook("destination.yml", destination_vars()).results["destination"]
    sim.hook("POST", "seed", json={"count": 1, "prefix": "orders-to-", "kind": "pipelines", "destination_id": created["id"]})
    sim.clear_log()

    run = run_playbook("destination.yml", {"destination_name": "analytics", "destination_state": "absent",
                                           "expect_failure": True})

    assert run.results["failed"] is True
    assert "orders-to-1" in run.results["msg"]
    # The module's own check comes first: no DELETE is sent.
    assert sim.writes() == []
    assert len(destinations_named(sim, "analytics")) == 1
