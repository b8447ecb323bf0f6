"""streamkap_source against the live simulator: create when absent, silent when present."""
from __future__ import annotations

from typing import Any

from tests.integration.conftest import CLIENT_SECRET, STATIC_TOKEN

DB_PASSWORD = "pg-Secret-7f3a9c"

CONFIG: dict[str, Any] = {
    "database.hostname.user.defined": "db.example.internal",
    "database.port.user.defined": 5432,
    "database.user": "streamkap",
    "database.password": DB_PASSWORD,
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders,public.customers",
    "heartbeat.enabled": False,
}


def source_vars(name: str = "orders", **extra: Any) -> dict[str, Any]:
    return {"source_name": name, "source_connector": "postgresql", "source_config": CONFIG, **extra}


def test_first_run_creates_exactly_the_body_sent_and_second_run_is_ok(sim, run_playbook):
    first = run_playbook("source.yml", source_vars())
    assert first.rc == 0, first.output
    assert first.changed == 1
    created = first.results["source"]
    assert created["id"] and len(created["id"]) == 24
    assert created["topics"] == [f"source_{created['id']}.public.orders", f"source_{created['id']}.public.customers"]

    record = sim.record(created["id"])
    assert record["request_body"] == {
        "name": "orders", "connector": "postgresql", "config": CONFIG, "created_from": "api",
    }

    sim.clear_log()
    second = run_playbook("source.yml", source_vars())
    assert second.rc == 0, second.output
    assert second.changed == 0
    assert second.results["changed"] is False
    assert second.results["source"]["id"] == created["id"]
    assert sim.writes() == []
    assert len(sim.sources_named("orders")) == 1


def test_check_mode_writes_nothing_and_predicts_the_source(sim, run_playbook):
    run = run_playbook("source.yml", source_vars(), check=True)
    assert run.rc == 0, run.output
    assert run.changed == 1
    assert run.results["source"]["name"] == "orders"
    assert run.results["source"]["connector"] == "postgresql"
    assert sim.writes() == []
    assert sim.sources_named("orders") == []


def test_similar_names_are_not_mistaken_for_the_source(sim, run_playbook):
    for similar in ("orders-2", "ORDERS", "my-orders"):
        assert run_playbook("source.yml", source_vars(similar)).changed == 1
    run = run_playbook("source.yml", source_vars("orders"))
    assert run.changed == 1
    assert len(sim.sources_named("orders")) == 1


def test_desired_state_is_sent_on_create(sim, run_playbook):
    run = run_playbook("source.yml", source_vars(source_desired_state="Paused"))
    assert run.rc == 0, run.output
    record = sim.record(run.results["source"]["id"])
    assert record["request_body"]["desired_state"] == "Paused"


def test_secrets_never_reach_the_output(sim, run_playbook):
    runs = [
        run_playbook("source.yml", source_vars(), verbosity=3),
        run_playbook("source.yml", source_vars(), verbosity=3, auth="token"),
        run_playbook("source.yml", source_vars("orders-check"), verbosity=3, check=True, diff=True),
    ]
    for run in runs:
        assert run.rc == 0, run.output
        for secret in (DB_PASSWORD, CLIENT_SECRET, STATIC_TOKEN):
            assert secret not in run.output
            assert secret not in str(run.results)
    assert "database.password" not in runs[1].results["source"]["config"] or \
        runs[1].results["source"]["config"]["database.password"] != DB_PASSWORD


def test_bad_choice_fails_naming_the_option_before_any_request(sim, run_playbook):
    sim.clear_log()
    run = run_playbook("source.yml", source_vars(source_desired_state="Running", expect_failure=True))
    assert run.results["failed"] is True
    assert "desired_state" in run.results["msg"]
    assert "Paused" in run.results["msg"]
    assert sim.requests_log() == []


def test_missing_credentials_fail_clearly(sim, run_playbook):
    run = run_playbook("source.yml", source_vars(expect_failure=True), auth="none")
    assert run.results["failed"] is True
    assert "access_token" in run.results["msg"] and "client_id" in run.results["msg"]
    assert sim.requests_log() == []
