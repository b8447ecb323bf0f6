"""The brownfield path of docs/fleet.md: gather an existing tenant into a vars file, apply the
stack role to it: no change, no write. Then the same file drives a change."""
from __future__ import annotations

from pathlib import Path

import yaml


def test_gathered_vars_file_applied_by_the_stack_role_changes_nothing(sim, run_playbook, tmp_path: Path):
    sim.hook("POST", "seed", json={"count": 3, "prefix": "legacy-src-"})
    sim.hook("POST", "seed", json={"count": 2, "prefix": "legacy-dst-", "kind": "destinations", "connector": "snowflake"})
    sim.hook("POST", "seed", json={"count": 2, "prefix": "legacy-", "kind": "pipelines"})  # + legacy-source, legacy-destination
    vars_file = tmp_path / "stack_vars.yml"

    gathered = run_playbook("stack_gather.yml", {"stack_vars_file": str(vars_file)})
    assert gathered.rc == 0, gathered.output
    stack_vars = yaml.safe_load(vars_file.read_text(encoding="utf-8"))
    assert [item["name"] for item in stack_vars["streamkap_sources"]] == ["legacy-src-1", "legacy-src-2", "legacy-src-3", "legacy-source"]
    assert len(stack_vars["streamkap_destinations"]) == 3
    assert [item["source"] for item in stack_vars["streamkap_pipelines"]] == ["legacy-source", "legacy-source"]

    for state in ("merged", "replaced"):
        sim.clear_log()
        applied = run_playbook("stack_apply.yml", {"stack_vars_file": str(vars_file), "stack_state": state})
        assert applied.rc == 0, applied.output
        assert applied.changed == 0, applied.output
        assert sim.writes() == []
        outcome = applied.results["ansible_facts"]["stack_outcome"]
        assert {item["action"] for kind in ("sources", "destinations", "pipelines") for item in outcome[kind]} == {"unchanged"}
        assert len(outcome["pipelines"]) == 2

    # The file is now the source of truth: a change in it is applied.
    stack_vars["streamkap_sources"][0]["config"]["schema.include.list"] = "public,billing"
    vars_file.write_text(yaml.safe_dump(stack_vars), encoding="utf-8")
    changed = run_playbook("stack_apply.yml", {"stack_vars_file": str(vars_file)})
    assert changed.rc == 0, changed.output
    outcome = changed.results["ansible_facts"]["stack_outcome"]
    assert [item["action"] for item in outcome["sources"]] == ["updated", "unchanged", "unchanged", "unchanged"]


def test_overridden_without_a_scope_fails_before_any_write(sim, run_playbook, tmp_path: Path):
    vars_file = tmp_path / "stack_vars.yml"
    tag = {"name": "stack-unscoped", "type": ["sources"]}
    vars_file.write_text(yaml.safe_dump({"streamkap_tags": [tag], "streamkap_sources": []}), encoding="utf-8")
    sim.clear_log()
    refused = run_playbook("stack_apply.yml", {"stack_vars_file": str(vars_file), "stack_state": "overridden"})
    assert refused.rc != 0
    assert "streamkap_scope" in refused.output and "Nothing was changed" in refused.output
    assert sim.writes() == []
