"""The stack role's `deleted` keeps a listed tag that entities outside the deletion still carry
(deleting a tag takes it off every entity), and deletes the others; check mode predicts the same."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.integration.conftest import POSTGRES_CONFIG
from tests.integration.test_destination import SECRETS, SNOWFLAKE_CONFIG

SOURCE_CONFIG = dict(POSTGRES_CONFIG, **{"database.password": "tags-Pg-Secret-1"})


def make_tags(sim, *names: str) -> dict[str, str]:
    return {name: sim.api("POST", "/tags", json={"name": name, "description": "", "type": ["general"]})["id"]
            for name in names}


def tag_names(sim) -> set[str]:
    return {tag["name"] for tag in sim.api("GET", "/tags")["tags"]}


def carried(sim, kind: str, name: str) -> list[str]:
    found = [item for item in sim.api("GET", f"/{kind}", params={"page_size": 100})["result"] if item["name"] == name]
    assert len(found) == 1, found
    return found[0].get("tags") or []


def list_reads(sim) -> Counter:
    """GET requests per list path (pages included), as the simulator logged them."""
    return Counter(entry["path"] for entry in sim.requests_log()
                   if entry["method"] == "GET" and entry["path"] in ("/sources", "/destinations", "/pipelines"))


def apply_stack(run_playbook, tmp_path: Path, stack_vars: dict[str, Any], check: bool = False):
    vars_file = tmp_path / "stack_vars.yml"
    vars_file.write_text(yaml.safe_dump(stack_vars), encoding="utf-8")
    return run_playbook("stack_apply.yml", {"stack_vars_file": str(vars_file), "stack_state": "deleted"}, check=check)


def test_deleted_keeps_the_listed_tags_entities_outside_the_deletion_still_carry(sim, run_playbook, tmp_path: Path):
    ids = make_tags(sim, "shared-src", "shared-dst", "solo", "unused")
    sim.create_source("tags-del-1", SOURCE_CONFIG, tags=[ids["shared-src"], ids["solo"]])
    sim.create_source("tags-keep-1", SOURCE_CONFIG, tags=[ids["shared-src"]])
    sim.api("POST", "/destinations", json={"name": "tags-keep-dst", "connector": "snowflake",
                                           "config": {**SNOWFLAKE_CONFIG, **SECRETS}, "tags": [ids["shared-dst"]]})
    # Only sources are listed: the destinations' and pipelines' delete tasks are skipped, so the role
    # reads those kinds once (gathered) to learn what they carry.
    stack_vars = {"streamkap_sources": [{"name": "tags-del-1"}],
                  "streamkap_tags": [{"name": name} for name in ("shared-src", "shared-dst", "solo", "unused", "never-made")]}

    sim.clear_log()
    plan = apply_stack(run_playbook, tmp_path, stack_vars, check=True)
    assert plan.rc == 0, plan.output
    assert sim.writes() == []
    planned = plan.results["ansible_facts"]["stack_outcome"]
    assert {tag["name"]: tag.get("carried_by") for tag in planned["tags"]} == {
        "solo": None, "unused": None, "never-made": None, "shared-src": ["sources"], "shared-dst": ["destinations"]}

    sim.clear_log()
    run = apply_stack(run_playbook, tmp_path, stack_vars)
    assert run.rc == 0, run.output
    outcome = run.results["ansible_facts"]["stack_outcome"]
    assert [(item["name"], item["action"]) for item in outcome["sources"]] == [("tags-del-1", "deleted")]
    # The sources' delete task read the whole list (and asked which pipelines use tags-del-1); the two
    # skipped kinds were read once each (gathered), to learn what they carry.
    assert list_reads(sim) == Counter({"/sources": 1, "/destinations": 1, "/pipelines": 2})
    by_name = {tag["name"]: tag for tag in outcome["tags"]}
    assert {name: tag["changed"] for name, tag in by_name.items()} == {
        "solo": True, "unused": True, "never-made": False, "shared-src": False, "shared-dst": False}
    assert by_name["shared-src"]["carried_by"] == ["sources"]
    assert by_name["shared-dst"]["carried_by"] == ["destinations"]
    assert "was kept, not deleted" in by_name["shared-src"]["msg"]
    assert "Tag 'shared-dst' was kept, not deleted: destinations outside this deletion" in run.output
    # What the service holds: the kept tags exist and are still carried; the others are gone.
    assert tag_names(sim) >= {"shared-src", "shared-dst"} and not tag_names(sim) & {"solo", "unused"}
    assert carried(sim, "sources", "tags-keep-1") == [ids["shared-src"]]
    assert carried(sim, "destinations", "tags-keep-dst") == [ids["shared-dst"]]
    deleted_tags = [entry["path"] for entry in sim.writes() if entry["path"].startswith("/tags/")]
    assert sorted(deleted_tags) == sorted([f"/tags/{ids['solo']}", f"/tags/{ids['unused']}"])


def test_deleted_by_name_prefix_reads_each_kind_whole_once_more_for_the_tags(sim, run_playbook, tmp_path: Path):
    ids = make_tags(sim, "prefix-shared", "prefix-solo")
    sim.create_source("gone-1", SOURCE_CONFIG, tags=[ids["prefix-shared"], ids["prefix-solo"]])
    sim.create_source("stays-1", SOURCE_CONFIG, tags=[ids["prefix-shared"]])
    stack_vars = {"streamkap_scope": {"name_prefix": "gone-"},
                  "streamkap_tags": [{"name": "prefix-shared"}, {"name": "prefix-solo"}]}

    sim.clear_log()
    run = apply_stack(run_playbook, tmp_path, stack_vars)

    assert run.rc == 0, run.output
    outcome = run.results["ansible_facts"]["stack_outcome"]
    assert [(item["name"], item["action"]) for item in outcome["sources"]] == [("gone-1", "deleted")]
    assert {tag["name"]: tag["changed"] for tag in outcome["tags"]} == {"prefix-solo": True, "prefix-shared": False}
    # Each delete task read only the names holding the prefix; the tags need the whole lists: one more read each.
    reads = [(entry["path"], "partial_name" in entry["query"]) for entry in sim.requests_log()
             if entry["method"] == "GET" and entry["path"] in ("/sources", "/destinations", "/pipelines")]
    assert Counter(reads) == Counter({("/sources", True): 1, ("/sources", False): 1, ("/destinations", True): 1,
                                      ("/destinations", False): 1, ("/pipelines", True): 1, ("/pipelines", False): 2})
    assert carried(sim, "sources", "stays-1") == [ids["prefix-shared"]]


@pytest.mark.parametrize("check", [False, True])
def test_deleted_refuses_a_listed_system_tag_before_the_first_delete(sim, run_playbook, tmp_path: Path, check):
    make_tags(sim, "team-going")
    sim.create_source("tags-sys-1", SOURCE_CONFIG)
    stack_vars = {"streamkap_sources": [{"name": "tags-sys-1"}],
                  "streamkap_tags": [{"name": "team-going"}, {"name": "Development"}]}
    sim.clear_log()

    run = apply_stack(run_playbook, tmp_path, stack_vars, check=check)

    assert run.rc != 0
    assert "streamkap_tags lists the system tag(s) Development" in run.output, run.output
    assert "Nothing was changed" in run.output
    assert sim.writes() == []
    assert len(sim.sources_named("tags-sys-1")) == 1 and "team-going" in tag_names(sim)
