"""The EXAMPLES of the destination and tag modules, run as one playbook against the live simulator."""
from __future__ import annotations

import ast
from pathlib import Path

import yaml

from tests.integration.conftest import ROOT, STATIC_TOKEN

MODULES = ("streamkap_destination", "streamkap_destination_info", "streamkap_tag", "streamkap_tag_info")
SECRETS = {"snowflake_private_key": "pk-example-3c9d", "clickhouse_password": "ch-example-7e21"}


def examples_of(module: str) -> list[dict]:
    tree = ast.parse((ROOT / "plugins" / "modules" / f"{module}.py").read_text(encoding="utf-8"))
    [text] = [node.value.value for node in tree.body
              if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "EXAMPLES"]
    return yaml.safe_load(text)


def test_the_examples_run_in_order(sim, run_playbook, tmp_path: Path):
    for name in ("production", "team-data"):
        sim.api("POST", "/tags", json={"name": name, "description": "", "type": ["environment"]})
    playbook = tmp_path / "examples.yml"
    tasks = [task for module in MODULES for task in examples_of(module)]
    playbook.write_text(yaml.safe_dump([{"name": "Module examples", "hosts": "localhost", "connection": "local",
                                         "gather_facts": False, "tasks": tasks}]), encoding="utf-8")

    run = run_playbook(str(playbook), {"streamkap_access_token": STATIC_TOKEN, **SECRETS},
                       auth="token")

    assert run.rc == 0, run.output
    assert run.failed == 0
    analytics = sim.api("GET", "/destinations", params={"partial_name": "analytics"})["result"]
    assert [(item["name"], item["config"]["snowflake.schema.name"]) for item in analytics] == [("analytics", "STREAMKAP_V2")]
    assert sim.api("GET", "/destinations", params={"partial_name": "events-clickhouse"})["result"] == []
    # The tag examples renamed production to prod, then deleted it (which took it off analytics).
    assert {tag["name"] for tag in sim.api("GET", "/tags")["tags"]} == {"Development", "team-data"}
    assert analytics[0]["tags"] == []
    for secret in SECRETS.values():
        assert secret not in run.output
