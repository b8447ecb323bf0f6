"""streamkap_source's full lifecycle against the live simulator: drift, rename, refusals, secrets,
validation, delete, desired state with wait, Broken, check and diff mode, request counts.

Sources are set up through the API directly (fast); each test then runs ONE playbook whose
steps (tests/integration/playbooks/steps.yml) apply the module once each.
"""
from __future__ import annotations

import copy
import time
from typing import Any

import pytest

from tests.integration.conftest import STATIC_TOKEN

DB_PASSWORD = "pg-Lifecycle-3e9d1b"
NAME = "orders"

SECRET_CONFIG = {"database.password": DB_PASSWORD}
# The config of a step; the playbook adds SECRET_CONFIG to it.
STEP_CONFIG: dict[str, Any] = {
    "database.hostname.user.defined": "db.example.internal",
    "database.port.user.defined": 5432,
    "database.user": "streamkap",
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders",
    "heartbeat.enabled": False,
}
CONFIG = {**STEP_CONFIG, **SECRET_CONFIG}


def step(**fields: Any) -> dict[str, Any]:
    return {"name": NAME, **fields}


def with_config(**changes: Any) -> dict[str, Any]:
    return {**STEP_CONFIG, **changes}


def run_steps(run_playbook, *steps: dict[str, Any], expect_failure: bool = False, **options: Any):
    """Run steps.yml; each step's config gets the password from `secret_config` (see the playbook)."""
    variables = {"steps": list(steps), "expect_failure": expect_failure, "secret_config": SECRET_CONFIG}
    run = run_playbook("steps.yml", variables, **options)
    assert len(run.results.get("results", [])) == len(steps), run.output
    # Keep what the module returned: the loop item is the test's own input.
    run.results = [{key: value for key, value in result.items() if key != "item"} for result in run.results["results"]]
    return run


def test_no_op_costs_exactly_one_request(sim, run_playbook):
    """String-vs-number and "false"-vs-false are equal; nothing is written, only the lookup is sent."""
    created = sim.create_source(NAME, CONFIG)
    assert created["config"]["database.port.user.defined"] == "5432"
    assert created["config"]["heartbeat.enabled"] == "false"
    sim.clear_log()

    run = run_steps(run_playbook, step(connector="postgresql", config=STEP_CONFIG), auth="token")

    assert run.rc == 0, run.output
    assert run.results[0]["changed"] is False
    assert sim.calls() == [("GET", "/sources")]


def test_create_and_update_request_counts_and_second_run_ok(sim, run_playbook):
    """Create = lookup + schema + POST; update of one key = lookup + schema + PUT; then a no-op."""
    run = run_steps(
        run_playbook,
        step(connector="postgresql", config=STEP_CONFIG),
        step(connector="postgresql", config=with_config(**{"database.port.user.defined": 5433})),
        step(connector="postgresql", config=with_config(**{"database.port.user.defined": 5433})),
        auth="token",
    )

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, True, False]
    source_id = run.results[0]["source"]["id"]
    assert sim.calls() == [
        ("GET", "/sources"), ("GET", "/sources/connectors"), ("POST", "/sources"),
        ("GET", "/sources"), ("GET", "/sources/connectors"), ("PUT", f"/sources/{source_id}"),
        ("GET", "/sources"),
    ]
    put = [entry for entry in sim.requests_log() if entry["method"] == "PUT"][0]
    # The full user config (current merged with desired), the secret not sent (update_secrets=on_create).
    assert put["body"]["name"] == NAME and put["body"]["connector"] == "postgresql"
    assert put["body"]["config"]["database.port.user.defined"] == 5433
    assert put["body"]["config"]["table.include.list.user.defined"] == "public.orders"
    assert "database.password" not in put["body"]["config"]
    assert "database.hostname" not in put["body"]["config"]
    assert run.results[1]["source"]["config"]["database.port.user.defined"] == "5433"
    record = sim.record(source_id)
    assert record["config"]["database.port.user.defined"] == 5433
    assert record["config"]["database.password"] == DB_PASSWORD, "the stored secret is kept"


def test_rename_by_id(sim, run_playbook):
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.clear_log()

    run = run_steps(run_playbook, {"id": source_id, "name": "orders-primary"}, {"id": source_id, "name": "orders-primary"})

    calls = sim.calls()
    assert [result["changed"] for result in run.results] == [True, False]
    assert run.results[0]["source"]["name"] == "orders-primary"
    assert sim.sources_named(NAME) == []
    assert [source["id"] for source in sim.sources_named("orders-primary")] == [source_id]
    # Addressed by id: GET /sources/{id}, never a name lookup.
    assert ("GET", f"/sources/{source_id}") in calls and ("GET", "/sources") not in calls


def test_connector_change_set_once_change_and_validation_errors_fail_before_any_write(sim, run_playbook):
    sim.create_source(NAME, CONFIG)
    sim.clear_log()
    new = {"name": "orders-new", "connector": "postgresql"}
    without_dbname = {key: value for key, value in STEP_CONFIG.items() if key != "database.dbname"}

    run = run_steps(
        run_playbook,
        step(connector="mysql", config=STEP_CONFIG),
        step(config=with_config(**{"slot.name": "another_slot"})),
        {**new, "config": with_config(**{"database.hostnme.user.defined": "x"})},
        {**new, "config": with_config(**{"database.hostname": "x"})},
        {**new, "config": with_config(**{"database.port.user.defined": "many"})},
        {**new, "config": with_config(**{"heartbeat.enabled": "maybe"})},
        {**new, "config": with_config(**{"database.sslmode": "prefer"})},
        {**new, "config": without_dbname},
        expect_failure=True,
    )

    messages = [result.get("msg", "") for result in run.results]
    assert all(result["failed"] for result in run.results), messages
    assert "uses connector 'postgresql'; the connector cannot change to 'mysql'" in messages[0]
    assert "'slot.name' are set once at creation and cannot change" in messages[1]
    assert "did you mean 'database.hostname.user.defined'?" in messages[2]
    assert "'database.hostname' is computed by the service; set 'database.hostname.user.defined' instead" in messages[3]
    assert "'database.port.user.defined' must be a number; got 'many'" in messages[4]
    assert "'heartbeat.enabled' must be a boolean (true or false); got 'maybe'" in messages[5]
    assert "'database.sslmode' must be one of 'require', 'disable'; got 'prefer'" in messages[6]
    assert "missing required key 'database.dbname'" in messages[7]
    assert sim.writes() == []
    assert DB_PASSWORD not in run.output


def test_update_secrets_always_sends_the_secret_and_reports_changed(sim, run_playbook):
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.settings(secret_style="mask")
    rotated = "pg-Rotated-77aa01"

    run = run_steps(
        run_playbook,
        step(config=STEP_CONFIG),
        step(config=STEP_CONFIG, secret_config={"database.password": rotated}, update_secrets="always"),
        step(config=STEP_CONFIG, secret_config={"database.password": rotated}, update_secrets="always"),
    )

    assert [result["changed"] for result in run.results] == [False, True, True]
    assert sim.record(source_id)["config"]["database.password"] == rotated
    assert run.results[1]["source"]["config"]["database.password"] == "********"
    assert rotated not in run.output and rotated not in str(run.results)


def test_delete_then_second_delete_is_ok_with_wait(sim, run_playbook):
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.settings(delete_delay=0.6)

    run = run_steps(run_playbook, step(state="absent", wait=True, wait_interval=0.5), step(state="absent"))

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, False]
    assert run.results[0]["source"]["id"] == source_id
    assert run.results[1]["source"] == {}
    assert sim.sources_named(NAME) == []
    assert len([entry for entry in sim.writes() if entry["method"] == "DELETE"]) == 1


def test_ambiguous_delete_is_refused(sim, run_playbook):
    first = sim.create_source(NAME, CONFIG)["id"]
    # The API refuses a second source with the same name; put a twin straight into the simulator's state.
    with sim.state.lock:
        twin = copy.deepcopy(sim.state.sources[first])
        twin["id"] = "a" * 24
        sim.state.sources[twin["id"]] = twin
    sim.clear_log()

    run = run_steps(run_playbook, step(state="absent"), expect_failure=True)

    assert run.results[0]["failed"] is True
    assert "2 sources are named 'orders'" in run.results[0]["msg"]
    assert first in run.results[0]["msg"] and twin["id"] in run.results[0]["msg"]
    assert sim.writes() == []
    assert len(sim.sources_named(NAME)) == 2


def test_pause_resume_round_trip_with_wait(sim, run_playbook):
    sim.settings(status_delay=2.5)
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.clear_log()

    run = run_steps(
        run_playbook,
        step(desired_state="Paused", wait=True, wait_interval=0.5),
        step(desired_state="Paused", wait=True, wait_interval=0.5),
        step(desired_state="Active", wait=True, wait_interval=0.5),
        auth="token",
    )

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, False, True]
    assert [result["source"]["connector_status"] for result in run.results] == ["Paused", "Paused", "Active"]
    actions = [path for method, path in sim.calls() if method == "POST"]
    assert actions == [f"/sources/{source_id}/actions/pause", f"/sources/{source_id}/actions/resume"]
    # The resumed source went through Pending/Starting: the module polled until Active.
    assert len([1 for method, path in sim.calls() if (method, path) == ("GET", f"/sources/{source_id}")]) >= 2


def test_broken_fails_fast_with_task_statuses(sim, run_playbook):
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.hook("POST", f"sources/{source_id}/broken", json={"trace": "ConnectException: replication slot is gone\n\tat x.y(Z.java:1)"})

    started = time.monotonic()
    run = run_steps(run_playbook, step(config=STEP_CONFIG, wait=True, wait_timeout=120), expect_failure=True)
    elapsed = time.monotonic() - started

    result = run.results[0]
    assert result["failed"] is True
    assert "is Broken instead of Active: task 0: FAILED (ConnectException: replication slot is gone)" in result["msg"]
    assert result["source"]["connector_status"] == "Broken"
    assert elapsed < 30, "must not wait for wait_timeout"


def test_check_mode_and_diff_mask_secrets_and_write_nothing(sim, run_playbook):
    source_id = sim.create_source(NAME, CONFIG)["id"]
    sim.clear_log()

    run = run_steps(
        run_playbook,
        step(config=with_config(**{"database.port.user.defined": 5433}), desired_state="Paused", update_secrets="always"),
        step(name="orders-new", connector="postgresql", config=STEP_CONFIG),
        step(state="absent"),
        check=True, diff=True, auth="token",
    )

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, True, True]
    update = run.results[0]
    assert update["diff"]["before"]["config"]["database.port.user.defined"] == "5432"
    assert update["diff"]["after"]["config"]["database.port.user.defined"] == 5433
    assert update["diff"]["after"]["desired_state"] == "Paused"
    # Rotated (update_secrets=always): the change shows, the value does not.
    assert update["diff"]["before"]["config"]["database.password"] == "********"
    assert update["diff"]["after"]["config"]["database.password"] == "******** (changed)"
    assert update["source"]["id"] == source_id and update["source"]["desired_state"] == "Paused"
    assert run.results[1]["source"]["id"] is None
    assert run.results[1]["diff"]["after"]["config"]["database.password"] == "********"
    assert run.results[2]["diff"]["after"] == {}
    # The diff printed by Ansible shows the change and the mask, never the secret.
    assert '"database.port.user.defined": 5433' in run.output
    assert "********" in run.output
    for secret in (DB_PASSWORD, STATIC_TOKEN):
        assert secret not in run.output and secret not in str(run.results)
    assert sim.writes() == []
    assert sim.record(source_id)["config"]["database.port.user.defined"] == 5432


@pytest.mark.parametrize("validate_config", [True, False])
def test_a_placeholder_shaped_value_survives_an_unrelated_update(sim, run_playbook, validate_config):
    """A plain key the user set to text shaped like a server placeholder is data: the full-config PUT
    of a later update that does not name it carries it, so the replacing service keeps it."""
    value = "<MY_VALUE>"
    run = run_steps(
        run_playbook,
        step(connector="postgresql", config=with_config(**{"database.dbname": value})),
        step(config={"database.port.user.defined": 5433}, validate_config=validate_config),
        auth="token",
    )

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, True]
    source_id = run.results[0]["source"]["id"]
    put = [entry for entry in sim.requests_log() if entry["method"] == "PUT"][0]
    assert put["path"] == f"/sources/{source_id}"
    assert put["body"]["config"]["database.dbname"] == value
    assert sim.record(source_id)["config"]["database.dbname"] == value
    assert run.results[1]["source"]["config"]["database.dbname"] == value
