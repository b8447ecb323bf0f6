"""Transforms against the live simulator with real ansible-playbook runs: every type created then rerun
silent (the simulator back-fills keys and nulls), a code change that redeploys and waits, a failed job,
check and diff mode, a used transform's delete refused, and the plural module's gathered -> replaced round trip.

Single steps run through tests/integration/playbooks/transform_steps.yml, the plural module through
transforms_fleet.yml. The map/filter code is the collection's example file, playbooks/files/mask_email.js.
"""
from __future__ import annotations

from typing import Any

from tests.integration.conftest import ROOT

CODE_DIR = str(ROOT / "playbooks" / "files")
ORDERS = {"transforms.input.topic.pattern": "source_.*\\.public\\.orders", "transforms.output.topic.pattern": "$0_clean"}
SQL_TABLE = {"name": "orders", "topicMatcherRegex": "source_.*\\.public\\.orders",
             "createTableSQL": "CREATE TABLE orders (id BIGINT, customer_id BIGINT, total DECIMAL(10, 2))"}
# One step per type, each with the code its type takes.
EVERY_TYPE: list[dict[str, Any]] = [
    {"name": "t-map-filter", "type": "map_filter", "config": ORDERS, "code_file": "mask_email.js",
     "implementation": {"language": "JavaScript"}},
    {"name": "t-enrich", "type": "enrich", "config": dict(ORDERS, **{"transforms.input.job.parallelism": 2}),
     "implementation": {"mainTable": SQL_TABLE, "lookupTable": dict(SQL_TABLE, name="customers"),
                        "enrichSQL": "SELECT o.*, c.name FROM orders o JOIN customers c ON o.customer_id = c.id"}},
    {"name": "t-enrich-async", "type": "enrich_async", "config": dict(ORDERS, **{"transforms.async.capacity": 20}),
     "implementation": {"language": "JavaScript",
                        "value_transform": "async function _streamkap_transform(v, k, t, ts) {\n  return v;\n}\n"}},
    {"name": "t-sql-join", "type": "sql_join", "config": dict(ORDERS, **{"transforms.topic.ttl": "3d"}),
     "implementation": {"inputTables": [SQL_TABLE, dict(SQL_TABLE, name="customers")], "keyFields": ["id"],
                        "joinSQL": "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id"}},
    {"name": "t-rollup", "type": "rollup", "config": ORDERS,
     "implementation": {"inputTables": [SQL_TABLE], "keyFields": ["customer_id"],
                        "rollupSQL": "SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id"}},
    {"name": "t-fan-out", "type": "fan_out", "config": ORDERS,
     "implementation": {"language": "JavaScript",
                        "value_transform": "function _streamkap_transform(v, k, t, ts) {\n  return v;\n}\n",
                        "topic_transform": "function _streamkap_topic(v, k, t, ts) {\n  return [t + '_a', t + '_b'];\n}\n"}},
    {"name": "t-topic-router", "type": "topic_router",
     "config": {"transforms.input.topic.pattern": "orders,order_items", "transforms.output.topic.pattern": "shop_$0"}},
]


def run_steps(run_playbook, *steps: dict[str, Any], expect_failure: bool = False, **options: Any):
    run = run_playbook("transform_steps.yml", {"steps": list(steps), "expect_failure": expect_failure,
                                               "code_dir": CODE_DIR}, **options)
    assert len(run.results.get("results", [])) == len(steps), run.output
    run.results = run.results["results"]
    return run


def transforms_named(sim, name: str) -> list[dict[str, Any]]:
    page = sim.api("GET", "/transforms", params={"partial_name": name, "page_size": 100})
    return [item for item in page["result"] if item["name"] == name]


def job_calls(sim, transform_id: str) -> list[str]:
    return [f"{method} {path.rsplit('/', 2)[-2]}" for method, path in sim.calls()
            if path.startswith(f"/transforms/{transform_id}/deploy-job-")]


def test_every_type_is_created_then_a_rerun_is_silent(sim, run_playbook):
    first = run_steps(run_playbook, *EVERY_TYPE)

    assert first.rc == 0, first.output
    assert first.changed == 1 and all(result["changed"] for result in first.results)
    for step, result in zip(EVERY_TYPE, first.results):
        [stored] = transforms_named(sim, step["name"])
        assert stored["transform_type"] == step["type"]
        assert result["transform"]["job_status"] == "NOT_DEPLOYED"
        # The simulator back-filled the keys not given (and stores the code with nulls).
        assert set(stored["config"]) > set(step["config"]) | {"transforms.name"}
    mask = transforms_named(sim, "t-map-filter")[0]
    # lookup("file") strips the final newline.
    assert mask["implementation"]["value_transform"] == (ROOT / "playbooks" / "files" / "mask_email.js").read_text().rstrip("\n")
    assert mask["implementation"]["key_transform"] is None
    sim.clear_log()

    second = run_steps(run_playbook, *EVERY_TYPE)

    assert second.rc == 0, second.output
    assert second.changed == 0 and not any(result["changed"] for result in second.results)
    assert sim.writes() == []


def test_a_code_change_redeploys_and_waits_until_running(sim, run_playbook):
    sim.settings(job_polls=2)
    step = dict(EVERY_TYPE[0], deploy=True, replay_window="24h", wait=True, wait_interval=0.5)
    first = run_steps(run_playbook, step)
    assert first.rc == 0, first.output
    transform_id = first.results[0]["transform"]["id"]
    assert first.results[0]["transform"]["job_status"] == "RUNNING"
    assert job_calls(sim, transform_id) == ["PUT deploy-job-preview", "PUT deploy-job-live"]
    sim.clear_log()

    unchanged = run_steps(run_playbook, step)
    assert unchanged.changed == 0 and sim.writes() == []

    changed_code = dict(step, implementation={"language": "JavaScript", "value_transform": "function _streamkap_transform(v, k, t, ts) {\n  return null;\n}\n"})
    changed_code.pop("code_file")
    second = run_steps(run_playbook, changed_code)

    assert second.rc == 0, second.output
    assert second.changed == 1
    assert second.results[0]["transform"]["job_status"] == "RUNNING"
    assert [(write["method"], write["path"]) for write in sim.writes()] == [
        ("PUT", "/transforms"), ("PUT", f"/transforms/{transform_id}/deploy-job-preview/no-version"),
        ("PUT", f"/transforms/{transform_id}/deploy-job-live/no-version")]
    preview = [entry for entry in sim.requests_log() if entry["path"].endswith("deploy-job-preview/no-version")]
    assert preview[0]["query"] == {"replay_window": "24h"}


def test_a_failed_job_fails_the_task_naming_the_status(sim, run_playbook):
    created = run_steps(run_playbook, EVERY_TYPE[0])
    transform_id = created.results[0]["transform"]["id"]
    sim.hook("POST", f"transforms/{transform_id}/fail")

    failed = run_steps(run_playbook, dict(EVERY_TYPE[0], deploy=True, wait=True, wait_interval=0.5, wait_timeout=30),
                       expect_failure=True)

    result = failed.results[0]
    assert result["failed"] is True
    assert "its job is FAILED instead of RUNNING" in result["msg"]
    assert result["changed"] is True  # the job was deployed
    assert result["transform"]["job_status"] == "FAILED"


def test_check_mode_plans_without_writing_and_diff_shows_the_code_by_line(sim, run_playbook):
    planned = run_steps(run_playbook, dict(EVERY_TYPE[0], deploy=True), check=True, diff=True)

    assert planned.rc == 0, planned.output
    assert planned.results[0]["changed"] is True
    assert planned.results[0]["transform"]["id"] is None
    assert sim.writes() == [] and transforms_named(sim, "t-map-filter") == []
    assert "+            \"  if (valueObject.is_test === true) {\"," in planned.output

    run_steps(run_playbook, EVERY_TYPE[0])
    sim.clear_log()
    retyped = run_steps(run_playbook, dict(EVERY_TYPE[0], type="fan_out"), expect_failure=True, check=True)
    assert "the type cannot change to 'fan_out'" in retyped.results[0]["msg"]
    assert sim.writes() == []


def seed_ends(sim) -> tuple[dict[str, Any], dict[str, Any]]:
    """A source and a destination, through the API."""
    source = sim.create_source("orders-pg", {
        "database.hostname.user.defined": "db.example.internal", "database.user": "streamkap",
        "database.password": "pg-Transform-Secret-1", "database.dbname": "shop", "schema.include.list": "public",
        "table.include.list.user.defined": "public.orders"})
    destination = sim.api("POST", "/destinations", json={"name": "analytics", "connector": "snowflake", "config": {
        "snowflake.url.name": "acme.snowflakecomputing.com", "snowflake.user.name": "U",
        "snowflake.private.key": "sf-Transform-Key-2", "snowflake.database.name": "DB", "snowflake.schema.name": "RAW"}})
    return source, destination


def test_a_pipeline_through_a_transform_is_created_then_a_rerun_is_silent(sim, run_playbook):
    sim.settings(job_polls=0)
    source, _destination = seed_ends(sim)
    deployed = run_steps(run_playbook, dict(EVERY_TYPE[0], deploy=True, wait=True, wait_interval=0.5))
    transform = deployed.results[0]["transform"]
    [output] = transforms_named(sim, "t-map-filter")[0]["topics"]
    assert output == f"source_{source['id']}.public.orders_clean"
    step = {"name": "orders-clean", "source": "orders-pg", "destination": "analytics", "topics": ["public.orders"],
            "transforms": [{"transform": "t-map-filter", "topics": [output]}],
            "topic_auto_discovery_transforms": [{"transform": transform["id"], "regex": "source_.*_clean"}]}

    created = run_playbook("pipeline_steps.yml", {"steps": [step]}, diff=True)

    assert created.rc == 0, created.output
    pipeline = created.results["results"][0]["pipeline"]
    # The transform's own topic id for the topic (deployed: transform_<id>_<version>.<topic>).
    assert pipeline["transforms"] == [{"id": transform["id"], "name": "t-map-filter", "start_time": None,
                                       "topic": output, "topic_id": f"transform_{transform['id']}_2.{output}"}]
    assert pipeline["topic_auto_discovery_transforms"] == [{"transform_id": transform["id"], "regex": "source_.*_clean"}]
    sim.clear_log()

    again = run_playbook("pipeline_steps.yml", {"steps": [step]})

    assert again.rc == 0, again.output
    assert again.changed == 0
    assert sim.writes() == []

    refused = run_steps(run_playbook, {"name": "t-map-filter", "state": "absent"}, expect_failure=True)
    assert "is used by pipeline(s) 'orders-clean'" in refused.results[0]["msg"]


def test_a_used_transform_is_not_deleted(sim, run_playbook):
    created = run_steps(run_playbook, EVERY_TYPE[0])
    transform_id = created.results[0]["transform"]["id"]
    source, destination = seed_ends(sim)
    sim.api("POST", "/pipelines", json={
        "name": "orders-clean", "source": {"id": source["id"], "topics": ["public.orders"]},
        "destination": {"id": destination["id"]},
        "transforms": [{"id": transform_id, "name": "t-map-filter", "start_time": None, "topic": "public.orders_clean",
                        "topic_id": f"source_{source['id']}.public.orders_clean"}]})
    sim.clear_log()

    refused = run_steps(run_playbook, {"name": "t-map-filter", "state": "absent"}, expect_failure=True)

    assert "is used by pipeline(s) 'orders-clean'" in refused.results[0]["msg"]
    assert "Nothing was deleted" in refused.results[0]["msg"]
    assert sim.writes() == []
    assert len(transforms_named(sim, "t-map-filter")) == 1


def test_absent_deletes_and_a_second_run_is_silent(sim, run_playbook):
    run_steps(run_playbook, EVERY_TYPE[0])

    deleted = run_steps(run_playbook, {"name": "t-map-filter", "state": "absent"}, {"name": "t-map-filter", "state": "absent"})

    assert [result["changed"] for result in deleted.results] == [True, False]
    assert transforms_named(sim, "t-map-filter") == []
    assert [(write["method"], write["path"], write["query"]) for write in sim.writes()][-1][0:2] == ("DELETE", "/transforms")


def test_gathered_entries_applied_with_replaced_change_nothing(sim, run_playbook):
    fleet = [{key: value for key, value in step.items() if key != "code_file"} for step in EVERY_TYPE[1:]]
    created = run_playbook("transforms_fleet.yml", {"fleet_config": fleet})
    assert created.rc == 0, created.output
    assert created.results["summary"]["created"] == len(fleet)

    gathered = run_playbook("transforms_fleet.yml", {"fleet_state": "gathered", "fleet_scope": {"name_prefix": "t-"}})
    entries = gathered.results["gathered"]
    assert sorted(entry["name"] for entry in entries) == sorted(step["name"] for step in fleet)
    sim.clear_log()

    replaced = run_playbook("transforms_fleet.yml", {"fleet_state": "replaced", "fleet_config": entries})

    assert replaced.rc == 0, replaced.output
    assert replaced.results["changed"] is False
    assert replaced.results["summary"]["unchanged"] == len(fleet)
    assert sim.writes() == []
