"""A check run of the stack role's teardown plans what the real run does: the pipelines task only plans
its deletes, so the later tasks find the pipelines still there and warn (a real run deletes them first)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.integration.test_stack_overridden_cost import stack


def run_stack(run_playbook, tmp_path: Path, stack_vars: dict[str, Any], state: str, check: bool = False):
    vars_file = tmp_path / "stack_vars.yml"
    vars_file.write_text(yaml.safe_dump(stack_vars), encoding="utf-8")
    return run_playbook("stack_apply.yml", {"stack_vars_file": str(vars_file), "stack_state": state}, check=check)


def test_a_check_run_of_a_teardown_warns_and_the_real_run_deletes_the_chain(sim, run_playbook, tmp_path: Path):
    stack_vars = stack(["cost-orders"])
    assert run_stack(run_playbook, tmp_path, stack_vars, "merged").rc == 0

    sim.clear_log()
    plan = run_stack(run_playbook, tmp_path, stack_vars, "deleted", check=True)

    assert plan.rc == 0, plan.output
    assert sim.writes() == []
    assert "is used by pipeline(s) 'cost-orders'" in plan.output
    outcome = plan.results["ansible_facts"]["stack_outcome"]
    planned = {kind: [(item["name"], item["action"]) for item in outcome[kind]] for kind in ("sources", "destinations", "pipelines")}
    assert planned == {"sources": [("cost-orders", "deleted")], "destinations": [("cost-warehouse", "deleted")],
                       "pipelines": [("cost-orders", "deleted")]}

    run = run_stack(run_playbook, tmp_path, stack_vars, "deleted")

    assert run.rc == 0, run.output
    assert sim.api("GET", "/pipelines", params={"page_size": 100})["result"] == []
    assert [item for item in sim.api("GET", "/sources", params={"page_size": 100})["result"]
            if item["name"] == "cost-orders" and item.get("connector_status") != "Pending Delete"] == []
