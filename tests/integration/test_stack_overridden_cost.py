"""What a stack role run with `overridden` requests when nothing changes (docs/fleet.md, "What a run
costs"): the source and destination lists are read twice (apply, then delete in reverse order), the
second pass writes nothing and reads no tag catalog; an unlisted entity in scope is then deleted."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from tests.integration.conftest import POSTGRES_CONFIG
from tests.integration.test_destination import SECRETS, SNOWFLAKE_CONFIG

LISTS = ("/sources", "/destinations", "/pipelines")


def stack(sources: list[str]) -> dict[str, Any]:
    config = dict(POSTGRES_CONFIG, **{"database.password": "cost-Pg-Secret-1"})
    return {
        "streamkap_scope": {"name_prefix": "cost-"},
        "streamkap_tags": [{"name": "cost-team", "type": ["sources", "destinations"]}],
        "streamkap_sources": [{"name": name, "connector": "postgresql", "config": config, "tags": ["cost-team"]}
                              for name in sources],
        "streamkap_destinations": [{"name": "cost-warehouse", "connector": "snowflake", "tags": ["cost-team"],
                                    "config": {**SNOWFLAKE_CONFIG, **SECRETS}}],
        "streamkap_pipelines": [{"name": "cost-orders", "source": "cost-orders", "destination": "cost-warehouse",
                                 "topics": ["public.orders"]}],
    }


def apply(run_playbook, tmp_path: Path, stack_vars: dict[str, Any]):
    vars_file = tmp_path / "stack_vars.yml"
    vars_file.write_text(yaml.safe_dump(stack_vars), encoding="utf-8")
    return run_playbook("stack_apply.yml", {"stack_vars_file": str(vars_file), "stack_state": "overridden"})


def kind_of(entry: dict[str, Any]) -> str:
    if entry["path"].startswith("/auth/"):
        return "auth"
    if entry["path"].endswith("/connectors"):
        return "schema"
    if entry["path"] == "/tags":
        return "tags by name" if "tag_name" in entry["query"] else "tag catalog"
    return f"{entry['method']} {entry['path']}"


def test_a_no_change_overridden_run_reads_each_list_once_per_pass_and_writes_nothing(sim, run_playbook, tmp_path: Path):
    created = apply(run_playbook, tmp_path, stack(["cost-orders", "cost-billing"]))
    assert created.rc == 0, created.output

    sim.clear_log()
    again = apply(run_playbook, tmp_path, stack(["cost-orders", "cost-billing"]))

    assert again.rc == 0, again.output
    assert again.changed == 0
    log = sim.requests_log()
    assert sim.writes() == []
    # Tasks run one after the other: the pipelines' list read ends the apply pass.
    split = next(index for index, entry in enumerate(log) if entry["path"] == "/pipelines") + 1
    apply_pass, delete_pass = Counter(map(kind_of, log[:split])), Counter(map(kind_of, log[split:]))
    # A replaced plan that changes nothing reads no connector schema, in either pass.
    assert "schema" not in apply_pass and "schema" not in delete_pass
    assert apply_pass == Counter({"auth": 4, "tags by name": 1, "GET /sources": 1, "GET /destinations": 1,
                                  "GET /pipelines": 1, "tag catalog": 2})
    assert delete_pass == Counter({"auth": 2, "GET /destinations": 1, "GET /sources": 1})
    assert Counter(entry["path"] for entry in log if entry["path"] in LISTS) == Counter(
        {"/sources": 2, "/destinations": 2, "/pipelines": 1})

    # Dropped from the list: deleted by the second pass, after the pipelines; the others unchanged.
    sim.clear_log()
    dropped = apply(run_playbook, tmp_path, stack(["cost-orders"]))
    assert dropped.rc == 0, dropped.output
    outcome = dropped.results["ansible_facts"]["stack_outcome"]
    assert [(item["name"], item["action"]) for item in outcome["sources"]] == [
        ("cost-orders", "unchanged"), ("cost-billing", "deleted")]
    assert [entry["path"].split("/")[1] for entry in sim.writes()] == ["sources"]
