"""streamkap_sources through ansible-playbook: tags in rendered bodies, gathered refusing a config
before any request, and tags_in_use from the one read."""
from __future__ import annotations

from tests.integration.test_sources_fleet import CONFIG, entries, fleet


def test_rendered_bodies_carry_the_tags_as_given(sim, run_playbook):
    sim.clear_log()
    run = fleet(run_playbook, entries("r-tagged", tags=["team-a", "team-a", "eu"]) + entries("r-plain"), state="rendered")
    assert run.rc == 0, run.output
    tagged, plain = run.results["rendered"]
    assert tagged["tags"] == ["team-a", "eu"]
    assert "tags" not in plain
    assert sim.requests_log() == []


def test_gathered_with_a_config_fails_before_any_request(sim, run_playbook):
    sim.clear_log()
    run = fleet(run_playbook, entries("g-1"), state="gathered", expect_failure=True)
    assert run.results["failed"] is True
    assert "state=gathered takes no config" in run.results["msg"] and "scope" in run.results["msg"]
    assert sim.requests_log() == []


def test_tags_in_use_covers_the_whole_tenant_and_what_the_task_changes(sim, run_playbook):
    team = sim.api("POST", "/tags", json={"name": "team-a", "description": "", "type": ["sources"]})["id"]
    gone = sim.api("POST", "/tags", json={"name": "gone", "description": "", "type": ["sources"]})["id"]
    sim.create_source("u-other", CONFIG, tags=[team])
    sim.create_source("u-old", CONFIG, tags=[gone])
    sim.clear_log()

    plan = fleet(run_playbook, [{"name": "u-old"}], state="deleted", check=True)
    assert plan.rc == 0, plan.output
    assert plan.results["tags_in_use"] == [team]
    assert sim.writes() == []

    run = fleet(run_playbook, [{"name": "u-old"}], state="deleted")
    assert run.rc == 0, run.output
    assert run.results["tags_in_use"] == [team]
    assert [entry["method"] for entry in sim.writes()] == ["DELETE"]
