"""replaced and overridden read a connector schema only when a left-out key must go back to its
default: a run that changes nothing reads none, a drifted key is still reset (one read per connector)."""
from __future__ import annotations

from typing import Any

from tests.integration.conftest import POSTGRES_CONFIG

MYSQL_CONFIG: dict[str, Any] = {
    "database.hostname.user.defined": "mysql.example.internal",
    "database.user": "streamkap",
    "database.password": "my-Fleet-Secret-9c1e",
    "database.include.list.user.defined": "shop",
    "table.include.list.user.defined": "shop.orders",
}
MONGODB_CONFIG: dict[str, Any] = {
    "mongodb.connection.string.user.defined": "mongodb+srv://app:mg-Fleet-Secret-3b7a@cluster.example.internal",
    "database.include.list": "shop",
    "collection.include.list.user.defined": "shop.orders",
    "signal.data.collection.schema.or.database": "shop",
}
PG_CONFIG: dict[str, Any] = dict(POSTGRES_CONFIG, **{"database.password": "pg-Fleet-Secret-5e0d"})
CONFIGS = {"postgresql": PG_CONFIG, "mysql": MYSQL_CONFIG, "mongodb": MONGODB_CONFIG}


def entries(prefix: str, per_connector: int = 2) -> list[dict[str, Any]]:
    return [{"name": f"{prefix}{connector}-{number}", "connector": connector, "config": dict(config)}
            for connector, config in CONFIGS.items() for number in range(per_connector)]


def fleet(run_playbook, config: list[dict[str, Any]], state: str, scope: dict[str, str] | None = None):
    variables: dict[str, Any] = {"fleet_config": config, "fleet_state": state}
    if scope:
        variables["fleet_scope"] = scope
    return run_playbook("sources_fleet.yml", variables)


def schema_reads(sim) -> list[str]:
    return [entry["path"] for entry in sim.requests_log() if entry["path"].endswith("/connectors")]


def test_replaced_and_overridden_without_change_read_no_schema(sim, run_playbook):
    created = fleet(run_playbook, entries("rs-"), "replaced")
    assert created.rc == 0, created.output
    assert created.results["summary"]["created"] == 6
    assert len(schema_reads(sim)) == 3  # creating reads each connector's schema once

    for state, scope in (("replaced", None), ("overridden", {"name_prefix": "rs-"})):
        sim.clear_log()
        run = fleet(run_playbook, entries("rs-"), state, scope)
        assert run.rc == 0, run.output
        assert run.changed == 0, run.output
        assert run.results["summary"]["unchanged"] == 6
        assert schema_reads(sim) == []
        assert sim.writes() == []


def test_a_drifted_left_out_key_is_reset_reading_its_schema_once(sim, run_playbook):
    drifted = {"database.port.user.defined": 6543, "heartbeat.enabled": False}
    config = [dict(item, config=dict(item["config"], **drifted)) if item["name"] == "rd-postgresql-0" else item
              for item in entries("rd-")]
    assert fleet(run_playbook, config, "merged").rc == 0
    source_id = sim.sources_named("rd-postgresql-0")[0]["id"]
    sim.clear_log()

    run = fleet(run_playbook, entries("rd-"), "replaced")

    assert run.rc == 0, run.output
    assert {item["name"]: item["action"] for item in run.results["results"]}["rd-postgresql-0"] == "updated"
    assert run.results["summary"] == {"created": 0, "updated": 1, "deleted": 0, "unchanged": 5, "failed": 0}
    assert schema_reads(sim) == ["/sources/connectors"]
    stored = sim.record(source_id)["config"]
    assert stored["database.port.user.defined"] in (5432, "5432")
    assert stored["heartbeat.enabled"] in (True, "true")
    assert stored["database.password"] == PG_CONFIG["database.password"]
