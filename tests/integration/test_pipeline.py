"""A whole CDC pipeline against the live simulator: the chain created and rerun silent, a topic added,
check mode from an empty tenant, the source change refused, deletion in reverse order, and a used
source or destination kept from deletion.

The chain runs through tests/integration/playbooks/pipeline_chain.yml (source, destination, pipeline);
single steps through pipeline_steps.yml, with the ends set up through the API directly.
"""
from __future__ import annotations

from typing import Any

PG_PASSWORD = "pg-Pipeline-Secret-61"
SNOWFLAKE_KEY = "sf-Pipeline-Key-0c2"
SOURCE_CONFIG = {
    "database.hostname.user.defined": "db.example.internal",
    "database.user": "streamkap",
    "database.password": PG_PASSWORD,
    "database.dbname": "shop",
    "schema.include.list": "public",
    "table.include.list.user.defined": "public.orders,public.customers",
}
DESTINATION_CONFIG = {
    "snowflake.url.name": "acme.snowflakecomputing.com",
    "snowflake.user.name": "STREAMKAP_USER",
    "snowflake.private.key": SNOWFLAKE_KEY,
    "snowflake.database.name": "ANALYTICS",
    "snowflake.schema.name": "RAW",
}
TRANSFORMS = [{"id": "t-mask", "name": "mask-email", "start_time": None, "topic": "public.orders"}]
AUTO_DISCOVERY = [{"transform_id": "t-mask", "regex": "public\\..*"}]
CHAIN = ("chain-orders-pg", "chain-analytics", "chain-orders-to-snowflake")


def named(sim, kind: str, name: str) -> list[dict[str, Any]]:
    page = sim.api("GET", f"/{kind}", params={"partial_name": name, "page_size": 100})
    return [item for item in page["result"] if item["name"] == name]


def chain_left(sim) -> list[int]:
    """How many of the chain's source, destination and pipeline exist."""
    return [len(named(sim, kind, name)) for kind, name in zip(("sources", "destinations", "pipelines"), CHAIN)]


def seed_pipeline(sim, name: str = "orders-to-snowflake", **fields: Any) -> dict[str, Any]:
    """A source, a destination and a pipeline between them, through the API."""
    source = sim.create_source("orders-pg", SOURCE_CONFIG)
    destination = sim.api("POST", "/destinations",
                          json={"name": "analytics", "connector": "snowflake", "config": DESTINATION_CONFIG})
    body = {
        "name": name,
        "source": {"id": source["id"], "name": source["name"], "connector": "postgresql", "topics": ["public.orders"]},
        "destination": {"id": destination["id"], "name": destination["name"], "connector": "snowflake"},
        **fields,
    }
    return sim.api("POST", "/pipelines", json=body)


def run_steps(run_playbook, playbook: str, *steps: dict[str, Any], expect_failure: bool = False, **options: Any):
    run = run_playbook(playbook, {"steps": list(steps), "expect_failure": expect_failure}, **options)
    assert len(run.results.get("results", [])) == len(steps), run.output
    run.results = run.results["results"]
    return run


def test_the_chain_is_created_then_a_rerun_is_silent(sim, run_playbook):
    first = run_playbook("pipeline_chain.yml", verbosity=3)

    assert first.rc == 0, first.output
    assert first.changed == 3
    assert chain_left(sim) == [1, 1, 1]
    made = first.results["msg"]
    pipeline = made["pipeline"]["pipeline"]
    assert pipeline["source"]["id"] == made["source"]["source"]["id"]
    assert pipeline["destination"]["id"] == made["destination"]["destination"]["id"]
    assert pipeline["topics"] == [f"source_{made['source']['source']['id']}.public.orders"]
    sim.clear_log()

    second = run_playbook("pipeline_chain.yml")

    assert second.rc == 0, second.output
    assert second.changed == 0
    assert sim.writes() == []
    # The playbook's own secrets, even at -vvv (module arguments, results with embedded configs).
    for secret in ("chain-Pg-Secret-5d1", "chain-Sf-Key-77b"):
        assert secret not in first.output + second.output


def test_a_topic_added_is_one_put_that_keeps_the_transforms(sim, run_playbook):
    seeded = seed_pipeline(sim, transforms=TRANSFORMS, topic_auto_discovery_transforms=AUTO_DISCOVERY)
    sim.clear_log()
    step = {"name": "orders-to-snowflake", "source": "orders-pg", "destination": "analytics",
            "topics": ["public.customers", "public.orders"]}

    run = run_steps(run_playbook, "pipeline_steps.yml", step, step, diff=True)

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, False]
    assert [(entry["method"], entry["path"]) for entry in sim.writes()] == [("PUT", f"/pipelines/{seeded['id']}")]
    record = sim.hook("GET", f"pipelines/{seeded['id']}")
    assert sorted(record["topics"]) == ["public.customers", "public.orders"]
    assert record["transforms"] == TRANSFORMS
    assert record["topic_auto_discovery_transforms"] == AUTO_DISCOVERY
    assert '+        "public.customers",' in run.output


def test_check_mode_from_an_empty_tenant_predicts_the_chain_and_writes_nothing(sim, run_playbook):
    run = run_playbook("pipeline_chain.yml", check=True)

    assert run.rc == 0, run.output
    assert run.changed == 3
    assert "Source 'chain-orders-pg' does not exist (yet)" in run.output
    assert "Destination 'chain-analytics' does not exist (yet)" in run.output
    predicted = run.results["msg"]["pipeline"]["pipeline"]
    assert predicted["id"] is None
    assert (predicted["source"]["name"], predicted["destination"]["name"]) == CHAIN[:2]
    assert sim.writes() == []
    assert chain_left(sim) == [0, 0, 0]


def test_check_mode_from_an_empty_tenant_with_a_tag_in_the_chain_predicts_it_and_writes_nothing(sim, run_playbook):
    run = run_playbook("pipeline_chain.yml", {"chain_tag": "chain-prod"}, check=True)

    assert run.rc == 0, run.output
    assert run.changed == 4
    assert "no tag has the name or id 'chain-prod' (yet)" in run.output
    assert "Source 'chain-orders-pg' does not exist (yet)" in run.output
    results = run.results["msg"]
    for key in ("source", "destination", "pipeline"):
        assert results[key]["changed"] is True
        assert results[key][key]["tags"] == ["chain-prod"]
    assert results["pipeline"]["pipeline"]["id"] is None
    assert sim.writes() == []
    assert chain_left(sim) == [0, 0, 0]


def test_an_unknown_tag_outside_check_mode_fails_before_any_write(sim, run_playbook):
    run = run_steps(run_playbook, "pipeline_steps.yml",
                    {"name": "tagged", "source": "orders-pg", "destination": "analytics", "topics": ["public.orders"],
                     "tags": ["chain-missing"]},
                    expect_failure=True)

    assert "no tag has the name or id 'chain-missing'" in run.results[0]["msg"]
    assert sim.writes() == []


def test_the_source_of_a_pipeline_is_not_changed(sim, run_playbook):
    seeded = seed_pipeline(sim)
    sim.create_source("billing-pg", SOURCE_CONFIG)
    sim.clear_log()

    run = run_steps(run_playbook, "pipeline_steps.yml",
                    {"name": "orders-to-snowflake", "source": "billing-pg", "destination": "analytics"},
                    expect_failure=True)

    assert run.results[0]["failed"] is True
    message = run.results[0]["msg"]
    assert "'orders-pg'" in message and seeded["source"]["id"] in message and "'billing-pg'" in message
    assert sim.writes() == []
    assert sim.hook("GET", f"pipelines/{seeded['id']}")["source_id"] == seeded["source"]["id"]


def test_the_chain_is_deleted_in_reverse_order(sim, run_playbook):
    assert run_playbook("pipeline_chain.yml").rc == 0
    # Deletion is asynchronous: the pipeline is still listed (Pending Delete) when its ends go.
    sim.settings(delete_delay=30)
    sim.clear_log()

    run = run_playbook("pipeline_chain.yml", {"chain_state": "absent"})

    assert run.rc == 0, run.output
    assert run.changed == 3
    deletes = [entry["path"].split("/")[1] for entry in sim.writes() if entry["method"] == "DELETE"]
    assert deletes == ["pipelines", "destinations", "sources"]
    left = [named(sim, kind, name) for kind, name in zip(("sources", "destinations", "pipelines"), CHAIN)]
    assert [[item["connector_status"] for item in items] for items in left] == [["Pending Delete"]] * 3
    sim.settings(delete_delay=0)
    assert chain_left(sim) == [0, 0, 0]


def test_a_used_source_is_not_deleted_and_its_pipeline_is_named(sim, run_playbook):
    seeded = seed_pipeline(sim)
    sim.clear_log()

    run = run_steps(run_playbook, "steps.yml", {"name": "orders-pg", "state": "absent"}, expect_failure=True)

    assert run.results[0]["failed"] is True
    message = run.results[0]["msg"]
    assert "'orders-to-snowflake'" in message and seeded["id"] in message
    assert sim.writes() == []
    assert len(named(sim, "sources", "orders-pg")) == 1
