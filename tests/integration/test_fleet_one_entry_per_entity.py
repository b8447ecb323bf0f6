"""Two entries of a plural task that find one entity (one by name, the other by id, renaming it) are
bad input: refused before any write, in check mode too, naming both entries; the entity is left as it was."""
from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import POSTGRES_CONFIG

CONFIG = dict(POSTGRES_CONFIG, **{"database.password": "one-entry-Pg-Secret-1"})


def run_sources(run_playbook, config: list[dict[str, Any]], state: str, check: bool = False):
    variables: dict[str, Any] = {"fleet_config": config, "fleet_state": state, "expect_failure": True}
    if state == "overridden":
        variables["fleet_scope"] = {"name_prefix": "one-"}
    return run_playbook("sources_fleet.yml", variables, check=check)


@pytest.mark.parametrize("state, check", [("merged", False), ("replaced", False), ("overridden", False),
                                          ("deleted", False), ("deleted", True)])
def test_two_entries_finding_one_source_are_refused_before_any_write(sim, run_playbook, state, check):
    source = sim.create_source("one-orders", CONFIG)
    sim.create_source("one-other", CONFIG)
    if state == "deleted":
        config = [{"name": "one-orders"}, {"name": "one-other"}, {"name": "one-renamed", "id": source["id"]}]
    else:
        config = [{"name": "one-orders", "config": {"database.user": "first"}},
                  {"name": "one-other", "config": {"database.user": "streamkap"}},
                  {"name": "one-renamed", "id": source["id"], "config": {"database.user": "second"}}]
    sim.clear_log()

    run = run_sources(run_playbook, config, state, check=check)

    assert run.results["failed"] is True, run.output
    assert [entry["position"] for entry in run.results["bad_entries"]] == [0, 2]
    assert f"config[0], config[2] all find Source 'one-orders' (id {source['id']})" in run.results["msg"]
    assert sim.writes() == []
    assert sim.sources_named("one-orders")[0]["config"]["database.user"] == "streamkap"


def test_two_entries_finding_one_pipeline_are_refused_before_any_write(sim, run_playbook):
    source = sim.create_source("one-pg", CONFIG)
    destination = sim.api("POST", "/destinations", json={
        "name": "one-wh", "connector": "snowflake",
        "config": {"snowflake.url.name": "acme.snowflakecomputing.com", "snowflake.user.name": "U",
                   "snowflake.database.name": "D", "snowflake.schema.name": "S",
                   "snowflake.private.key": "one-entry-key"}})
    pipeline = sim.api("POST", "/pipelines", json={
        "name": "one-flow", "source": {"id": source["id"], "name": source["name"], "connector": "postgresql",
                                       "topics": source["topics"]},
        "destination": {"id": destination["id"], "name": destination["name"], "connector": "snowflake"}})
    sim.clear_log()

    run = run_playbook("pipelines_fleet.yml", {"fleet_config": [
        {"name": "one-flow", "snapshot_new_tables": True},
        {"name": "one-flow-renamed", "id": pipeline["id"], "snapshot_new_tables": False},
    ], "expect_failure": True})

    assert run.results["failed"] is True, run.output
    assert f"config[0], config[1] all find Pipeline 'one-flow' (id {pipeline['id']})" in run.results["msg"]
    assert sim.writes() == []
