"""streamkap_pipelines against the live simulator: references resolved from one read of each
kind, a missing reference as bad input before any write, overridden by scope, gather-then-apply."""
from __future__ import annotations

from typing import Any


def fleet(run_playbook, config=None, state="merged", scope=None, expect_failure=False, check=False):
    variables: dict[str, Any] = {"fleet_config": config or [], "fleet_state": state}
    if scope:
        variables["fleet_scope"] = scope
    if expect_failure:
        variables["expect_failure"] = True
    return run_playbook("pipelines_fleet.yml", variables, check=check)


def actions(run) -> dict[str, str]:
    return {item["name"]: item["action"] for item in run.results["results"]}


def pipeline(name: str, topics: list[str] | None = None, **fields: Any) -> dict[str, Any]:
    return {"name": name, "source": "chain-source", "destination": "chain-destination",
            "topics": topics or ["public.orders"], **fields}


def reads(sim, path: str) -> int:
    return sum(1 for call in sim.calls() if call == ("GET", path))


def test_pipelines_in_one_task_from_creation_to_gather_and_apply(sim, run_playbook):
    sim.hook("POST", "seed", json={"count": 1, "prefix": "chain-", "kind": "pipelines"})  # chain-source, chain-destination
    sim.clear_log()

    created = fleet(run_playbook, [pipeline("team-p-1"), pipeline("team-p-2", ["public.orders", "public.customers"])])
    assert created.rc == 0, created.output
    assert actions(created) == {"team-p-1": "created", "team-p-2": "created"}
    assert reads(sim, "/sources") == 1 and reads(sim, "/destinations") == 1

    sim.clear_log()
    again = fleet(run_playbook, [pipeline("team-p-1"), pipeline("team-p-2", ["public.customers", "public.orders"])])
    assert again.rc == 0 and again.changed == 0, again.output
    assert sim.writes() == []
    assert reads(sim, "/sources") == 0 and reads(sim, "/destinations") == 0

    sim.clear_log()
    missing = fleet(run_playbook, [pipeline("team-p-3"), dict(pipeline("team-p-4"), source="no-such-source")],
                    expect_failure=True)
    assert missing.results["failed"] is True
    assert "team-p-4" in missing.results["msg"] and "no-such-source" in missing.results["msg"]
    assert sim.writes() == []

    overridden = fleet(run_playbook, [pipeline("team-p-1")], state="overridden", scope={"name_prefix": "team-p-"})
    assert overridden.rc == 0, overridden.output
    assert actions(overridden) == {"team-p-1": "unchanged", "team-p-2": "deleted"}
    assert {item["name"] for item in sim.api("GET", "/pipelines", params={"page_size": 100})["result"]} == {"chain-1", "team-p-1"}

    gathered = fleet(run_playbook, state="gathered")
    listing = gathered.results["gathered"]
    assert {item["name"] for item in listing} == {"chain-1", "team-p-1"}
    assert [item for item in listing if item["name"] == "team-p-1"][0]["topics"] == ["public.orders"]
    sim.clear_log()
    applied = fleet(run_playbook, listing)
    assert applied.rc == 0 and applied.changed == 0, applied.output
    assert sim.writes() == []
