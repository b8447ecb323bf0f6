"""streamkap_destinations against the live simulator: create, no change, tags read once, scope
by tag, and the gather-then-apply round trip."""
from __future__ import annotations

from typing import Any

PRIVATE_KEY = "MIIEvQIBADANBgkqhkiG9w0-fleet-key-77c1"
SNOWFLAKE: dict[str, Any] = {
    "snowflake.url.name": "acme-xy12345.snowflakecomputing.com",
    "snowflake.user.name": "STREAMKAP_USER",
    "snowflake.private.key": PRIVATE_KEY,
    "snowflake.database.name": "ANALYTICS",
    "snowflake.schema.name": "STREAMKAP",
}


def entries(*names: str, **fields: Any) -> list[dict[str, Any]]:
    return [{"name": name, "connector": "snowflake", "config": dict(SNOWFLAKE), **fields} for name in names]


def fleet(run_playbook, config=None, state="merged", scope=None, **options):
    variables: dict[str, Any] = {"fleet_config": config or [], "fleet_state": state}
    if scope:
        variables["fleet_scope"] = scope
    if options.get("expect_failure"):
        variables["expect_failure"] = True
    return run_playbook("destinations_fleet.yml", variables, diff=options.get("diff", False))


def actions(run) -> dict[str, str]:
    return {item["name"]: item["action"] for item in run.results["results"]}


def names(sim) -> set[str]:
    return {item["name"] for item in sim.api("GET", "/destinations", params={"page_size": 100})["result"]}


def test_tagged_destinations_then_overridden_by_tag_then_gathered_and_applied(sim, run_playbook):
    prod = sim.api("POST", "/tags", json={"name": "prod", "description": "", "type": ["destinations"]})
    prod_id = (prod.get("tags") or [prod])[0]["id"] if isinstance(prod, dict) else None

    created = fleet(run_playbook, entries("wh-1", "wh-2", tags=["prod"]) + entries("wh-other"), diff=True)
    assert created.rc == 0, created.output
    assert created.results["summary"]["created"] == 3
    assert PRIVATE_KEY not in created.output

    sim.clear_log()
    again = fleet(run_playbook, entries("wh-1", "wh-2", tags=["prod"]) + entries("wh-other"))
    assert again.rc == 0 and again.changed == 0, again.output
    assert sim.writes() == []
    tag_reads = [call for call in sim.calls() if call == ("GET", "/tags")]
    assert len(tag_reads) == 1

    overridden = fleet(run_playbook, entries("wh-1", tags=["prod"]), state="overridden", scope={"tag": "prod"})
    assert overridden.rc == 0, overridden.output
    assert actions(overridden) == {"wh-1": "unchanged", "wh-2": "deleted"}
    assert names(sim) == {"wh-1", "wh-other"}

    gathered = fleet(run_playbook, state="gathered")
    listing = gathered.results["gathered"]
    assert {item["name"] for item in listing} == {"wh-1", "wh-other"}
    assert [item.get("tags") for item in listing if item["name"] == "wh-1"] == [[prod_id]]
    assert all("snowflake.private.key" not in item["config"] for item in listing)
    sim.clear_log()
    applied = fleet(run_playbook, listing, state="replaced")
    assert applied.rc == 0 and applied.changed == 0, applied.output
    assert sim.writes() == []
