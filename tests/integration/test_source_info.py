"""streamkap_source_info against the live simulator: filters, pages, secrets, check mode."""
from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import Simulator

DB_PASSWORD = "pg-Info-5c2e8a"

PG_CONFIG: dict[str, Any] = {
    "database.hostname.user.defined": "db.example.internal",
    "database.user": "streamkap",
    "database.password": DB_PASSWORD,
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders",
}
MYSQL_CONFIG: dict[str, Any] = {
    "database.hostname.user.defined": "mysql.example.internal",
    "database.user": "streamkap",
    "database.password": "my-Info-7d1f",
    "database.include.list.user.defined": "billing",
    "table.include.list.user.defined": "billing.invoices",
}


def list_queries(sim: Simulator) -> list[dict[str, str]]:
    return [entry["query"] for entry in sim.requests_log() if entry["method"] == "GET" and entry["path"] == "/sources"]


def listed(run) -> list[dict[str, Any]]:
    assert run.rc == 0, run.output
    assert run.results["changed"] is False
    return run.results["sources"]


def test_every_page_is_read(sim, run_playbook):
    sim.hook("POST", "seed", json={"count": 230, "prefix": "paged-"})
    sim.clear_log()

    sources = listed(run_playbook("source_info.yml", {"info_partial_name": "paged-"}, auth="token"))

    assert sorted(source["name"] for source in sources) == sorted(f"paged-{n}" for n in range(1, 231))
    assert [(query["page"], query["page_size"]) for query in list_queries(sim)] == [("1", "100"), ("2", "100"), ("3", "100")]


def test_exact_name_among_similar_names(sim, run_playbook):
    wanted = sim.create_source("orders", PG_CONFIG)
    for similar in ("orders-2", "ORDERS", "my-orders"):
        sim.create_source(similar, PG_CONFIG)

    sources = listed(run_playbook("source_info.yml", {"info_name": "orders"}))

    assert [source["id"] for source in sources] == [wanted["id"]]
    assert sources[0]["topics"] == wanted["topics"]


def test_connector_and_status_filters_are_applied_by_the_api(sim, run_playbook):
    sim.create_source("orders", PG_CONFIG)
    billing = sim.create_source("billing", MYSQL_CONFIG, connector="mysql", desired_state="Paused")
    sim.create_source("ledger", MYSQL_CONFIG, connector="mysql")
    sim.clear_log()

    sources = listed(run_playbook("source_info.yml", {"info_connector": ["postgresql", "mysql"], "info_status": ["Paused", "Stopped"]}))

    assert [source["id"] for source in sources] == [billing["id"]]
    assert sources[0]["connector_status"] == "Paused"
    assert [(query["connector"], query["status"]) for query in list_queries(sim)] == [("postgresql,mysql", "Paused,Stopped")]


def test_ids_list_each_source_once(sim, run_playbook):
    first = sim.create_source("orders", PG_CONFIG)
    second = sim.create_source("billing", MYSQL_CONFIG, connector="mysql")
    sim.create_source("ledger", MYSQL_CONFIG, connector="mysql")

    sources = listed(run_playbook("source_info.yml", {"info_id": [second["id"], "000000000000000000000000", first["id"], second["id"]]}))

    assert [source["id"] for source in sources] == [second["id"], first["id"]]


def test_no_match_is_an_empty_list(sim, run_playbook):
    sim.create_source("orders", PG_CONFIG)

    assert listed(run_playbook("source_info.yml", {"info_name": ["Orders", "orders-x"]})) == []


def test_secrets_are_withheld_unless_asked_for(sim, run_playbook):
    sim.create_source("orders", PG_CONFIG)
    sim.settings(secret_style="mask")

    withheld = run_playbook("source_info.yml", {"info_name": "orders"})
    revealed = run_playbook("source_info.yml", {"info_name": "orders", "info_secret_returned": True})

    assert listed(withheld)[0]["config"]["database.password"] == "********"
    assert DB_PASSWORD not in json.dumps(withheld.results) + withheld.output
    assert listed(revealed)[0]["config"]["database.password"] == DB_PASSWORD


def test_check_mode_lists_the_same_and_writes_nothing(sim, run_playbook):
    created = sim.create_source("orders", PG_CONFIG)
    sim.clear_log()

    run = run_playbook("source_info.yml", {"info_name": "orders"}, check=True)

    assert [source["id"] for source in listed(run)] == [created["id"]]
    assert run.changed == 0
    assert sim.writes() == []


def test_name_and_partial_name_together_fail_without_a_request(sim, run_playbook):
    sim.clear_log()

    run = run_playbook("source_info.yml", {"info_name": "orders", "info_partial_name": "ord", "expect_failure": True})

    assert run.results["failed"] is True
    assert "mutually exclusive" in run.results["msg"]
    assert sim.requests_log() == []
