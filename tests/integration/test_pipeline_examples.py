"""The EXAMPLES of the pipeline modules, run as one playbook against the live simulator."""
from __future__ import annotations

from pathlib import Path

import yaml

from tests.integration.conftest import STATIC_TOKEN
from tests.integration.test_examples import examples_of
from tests.integration.test_pipeline import DESTINATION_CONFIG, SOURCE_CONFIG, named


def test_the_examples_run_in_order(sim, run_playbook, tmp_path: Path):
    # What the examples take as given: the ends and the tag they name.
    sim.create_source("orders-db", dict(SOURCE_CONFIG, **{
        "table.include.list.user.defined": "public.orders,public.customers,public.invoices"}))
    sim.api("POST", "/destinations", json={"name": "analytics-snowflake", "connector": "snowflake",
                                           "config": DESTINATION_CONFIG})
    tag = sim.api("POST", "/tags", json={"name": "production", "description": "", "type": ["pipelines"]})
    sim.api("POST", "/transforms", json={"transform": "map_filter", "config": {"transforms.name": "mask-email"}})
    playbook = tmp_path / "examples.yml"
    tasks = [task for module in ("streamkap_pipeline", "streamkap_pipeline_info") for task in examples_of(module)]
    playbook.write_text(yaml.safe_dump([{"name": "Module examples", "hosts": "localhost", "connection": "local",
                                         "gather_facts": False, "tasks": tasks}]), encoding="utf-8")

    run = run_playbook(str(playbook), {"streamkap_access_token": STATIC_TOKEN}, auth="token")

    assert run.rc == 0, run.output
    assert run.failed == 0
    # The last pipeline example deleted orders-to-snowflake; the one addressed by ids stays.
    assert named(sim, "pipelines", "orders-to-snowflake") == []
    [invoices] = named(sim, "pipelines", "invoices-to-snowflake")
    assert invoices["topics"] == [f"source_{invoices['source']['id']}.public.invoices"]
    assert "orders-db -> analytics-snowflake" in run.output
    assert tag["id"] not in invoices["tags"]
    # The tag example tagged orders-to-snowflake (by name) before it was deleted.
    tagged = [entry["body"] for entry in sim.writes() if entry["method"] == "PUT" and "tags" in (entry["body"] or {})]
    assert [body["name"] for body in tagged if tag["id"] in body["tags"]] == ["orders-to-snowflake"]
