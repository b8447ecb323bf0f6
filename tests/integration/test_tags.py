"""streamkap_tag, streamkap_tag_info, and tags/purge_tags on sources and destinations, against the live simulator."""
from __future__ import annotations

from typing import Any

from tests.integration.conftest import POSTGRES_CONFIG
from tests.integration.test_destination import PRIVATE_KEY, destination_vars

DEVELOPMENT = "670e5ca40afe1d3983ce0c22"


def make_tag(sim, name: str) -> str:
    return sim.api("POST", "/tags", json={"name": name, "description": "", "type": ["general"]})["id"]


def tags_named(sim, name: str) -> list[dict[str, Any]]:
    return [tag for tag in sim.api("GET", "/tags")["tags"] if tag["name"] == name]


def test_a_tag_is_created_once_updated_on_drift_and_deleted(sim, run_playbook):
    first = run_playbook("tag.yml", {"tag_name": "production", "tag_type": ["environment"]})
    assert first.rc == 0, first.output
    assert first.changed == 1
    tag = first.results["tag"]
    assert (tag["name"], tag["type"], tag["system"]) == ("production", ["environment"], False)

    sim.clear_log()
    assert run_playbook("tag.yml", {"tag_name": "production", "tag_type": ["environment"]}).changed == 0
    assert sim.writes() == []

    update = run_playbook("tag.yml", {"tag_name": "production", "tag_type": ["pipelines", "environment"],
                                      "tag_description": "prod"}, diff=True)
    assert update.changed == 1
    assert update.results["diff"]["before"]["type"] == ["environment"]
    assert sorted(update.results["diff"]["after"]["type"]) == ["environment", "pipelines"]
    assert tags_named(sim, "production")[0]["description"] == "prod"

    sim.clear_log()
    deleted = run_playbook("tag.yml", {"tag_name": "production", "tag_state": "absent"})
    assert deleted.changed == 1
    assert [(entry["method"], entry["path"]) for entry in sim.writes()] == [("DELETE", f"/tags/{tag['id']}")]
    assert tags_named(sim, "production") == []
    assert run_playbook("tag.yml", {"tag_name": "production", "tag_state": "absent"}).changed == 0


def test_check_mode_predicts_a_tag_without_writing(sim, run_playbook):
    run = run_playbook("tag.yml", {"tag_name": "staging"}, check=True)
    assert run.changed == 1
    assert run.results["tag"] == {"name": "staging", "id": None}
    assert sim.writes() == []


def test_a_system_tag_is_never_changed_or_deleted(sim, run_playbook):
    for extra in ({"tag_description": "mine now"}, {"tag_state": "absent"}):
        run = run_playbook("tag.yml", {"tag_name": "Development", "expect_failure": True, **extra})
        assert run.results["failed"] is True
        assert "system tag" in run.results["msg"]
        assert sim.writes() == []
    # Asking for it as it is changes nothing and is fine.
    assert run_playbook("tag.yml", {"tag_id": DEVELOPMENT}).changed == 0


def test_the_info_module_lists_tags_by_name_id_and_type(sim, run_playbook):
    team = make_tag(sim, "team-data")
    everything = run_playbook("tag_info.yml", {})
    assert {tag["name"] for tag in everything.results["tags"]} == {"Development", "team-data"}
    assert [tag["id"] for tag in run_playbook("tag_info.yml", {"info_name": ["team-data"]}).results["tags"]] == [team]
    assert [tag["name"] for tag in run_playbook("tag_info.yml", {"info_id": [DEVELOPMENT]}).results["tags"]] == ["Development"]
    assert run_playbook("tag_info.yml", {"info_name": ["team"]}).results["tags"] == []


def test_tags_by_name_on_a_new_destination_then_a_silent_rerun(sim, run_playbook):
    production = make_tag(sim, "production")
    first = run_playbook("destination.yml", destination_vars(destination_tags=["production"]), diff=True)
    assert first.rc == 0, first.output
    assert first.results["destination"]["tags"] == [production]
    assert first.results["diff"]["after"]["tags"] == ["production"]
    sim.clear_log()
    second = run_playbook("destination.yml", destination_vars(destination_tags=["production"]))
    assert second.changed == 0
    assert sim.writes() == []
    # One catalog read per run, whatever the number of tags.
    assert [entry["path"] for entry in sim.requests_log()].count("/tags") == 1


def test_purge_keeps_the_system_tag_and_drift_in_tags_alone_is_one_put(sim, run_playbook):
    production, team = make_tag(sim, "production"), make_tag(sim, "team-data")
    created = sim.api("POST", "/destinations", json={
        "name": "analytics", "connector": "snowflake", "config": {
            "snowflake.url.name": "a.snowflakecomputing.com", "snowflake.user.name": "U", "snowflake.private.key": PRIVATE_KEY,
            "snowflake.database.name": "D", "snowflake.schema.name": "S"},
        "tags": [DEVELOPMENT, production]})
    sim.clear_log()

    purged = run_playbook("destination.yml", {"destination_name": "analytics", "destination_tags": ["team-data"]}, diff=True)

    assert purged.rc == 0, purged.output
    assert purged.changed == 1
    assert set(purged.results["destination"]["tags"]) == {team, DEVELOPMENT}
    assert purged.results["diff"]["before"]["tags"] == ["Development", "production"]
    assert purged.results["diff"]["after"]["tags"] == ["Development", "team-data"]
    [put] = sim.writes()
    assert (put["method"], put["path"]) == ("PUT", f"/destinations/{created['id']}")

    added = run_playbook("destination.yml", {"destination_name": "analytics", "destination_tags": [production],
                                             "destination_purge_tags": False})
    assert added.changed == 1
    assert set(added.results["destination"]["tags"]) == {team, DEVELOPMENT, production}

    cleared = run_playbook("destination.yml", {"destination_name": "analytics", "destination_tags": []})
    assert cleared.results["destination"]["tags"] == [DEVELOPMENT]
    sim.clear_log()
    assert run_playbook("destination.yml", {"destination_name": "analytics", "destination_tags": []}).changed == 0
    assert sim.writes() == []


def test_an_unknown_tag_fails_before_any_write_naming_it(sim, run_playbook):
    make_tag(sim, "production")
    sim.clear_log()
    run = run_playbook("destination.yml", destination_vars(destination_tags=["production", "prodution"], expect_failure=True))
    assert run.results["failed"] is True
    assert "'prodution'" in run.results["msg"] and "streamkap.cloud.streamkap_tag" in run.results["msg"]
    assert sim.writes() == []


def test_tags_on_a_source(sim, run_playbook):
    team = make_tag(sim, "team-data")
    source = {"source_name": "orders", "source_connector": "postgresql",
              "source_config": dict(POSTGRES_CONFIG, **{"database.password": "pg-Secret-44aa"})}
    created = run_playbook("source.yml", dict(source, source_tags=["team-data"]))
    assert created.rc == 0, created.output
    assert created.results["source"]["tags"] == [team]
    assert sim.hook("GET", f"sources/{created.results['source']['id']}")["request_body"]["tags"] == [team]
    # Without tags, the source's tags are left alone.
    untouched = run_playbook("source.yml", source)
    assert untouched.changed == 0
    assert untouched.results["source"]["tags"] == [team]
    cleared = run_playbook("source.yml", dict(source, source_tags=[]))
    assert cleared.changed == 1
    assert cleared.results["source"]["tags"] == []


def test_a_name_that_is_another_tags_id_is_refused_before_any_write(sim, run_playbook):
    """Tags are referred to by name or id alike: such a name would make that reference mean two tags."""
    taken = make_tag(sim, "taken")
    other = make_tag(sim, "other")
    sim.clear_log()

    for variables in ({"tag_name": taken}, {"tag_id": other, "tag_name": taken}):
        for check in (False, True):
            run = run_playbook("tag.yml", dict(variables, expect_failure=True), check=check)
            assert run.results["failed"] is True, run.output
            assert run.results["msg"].startswith(f"name '{taken}' is the id of Tag 'taken' (id {taken})")
    assert sim.writes() == []
    assert tags_named(sim, taken) == [] and len(tags_named(sim, "other")) == 1

    # Its own id is no other tag's: fine.
    renamed = run_playbook("tag.yml", {"tag_id": other, "tag_name": other})
    assert renamed.rc == 0, renamed.output
    assert tags_named(sim, other)[0]["id"] == other
