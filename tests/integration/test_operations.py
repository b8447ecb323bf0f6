"""Day-2 operations against the live simulator with real ansible-playbook runs: a topic's partitions grown then a rerun
silent and a shrink refused; a snapshot started, a second start while it runs changing nothing, a wait until it
completed, a failed topic, a cancel; the health gate passing, failing on lag, failing on a Broken source, and waiting
until a lagging pipeline recovers; check and diff mode of each.

Steps run through tests/integration/playbooks/{topic,snapshot,health}_steps.yml; the simulator's hooks set metrics,
make snapshots fail and say how many metric reads a snapshot takes.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import POSTGRES_CONFIG

PASSWORD = "pg-Operations-Secret-7"
TABLES = "public.orders,public.customers"


def run_steps(run_playbook, playbook: str, *steps: dict[str, Any], expect_failure: bool = False, **options: Any):
    run = run_playbook(playbook, {"steps": list(steps), "expect_failure": expect_failure}, **options)
    assert len(run.results.get("results", [])) == len(steps), run.output
    run.results = run.results["results"]
    return run


def shop(sim) -> dict[str, Any]:
    """A source capturing two tables: topics public.orders and public.customers (the request log cleared after)."""
    source = sim.create_source("shop-pg", dict(POSTGRES_CONFIG, **{"database.password": PASSWORD,
                                                                   "table.include.list.user.defined": TABLES}))
    sim.clear_log()
    return source


def shop_pipeline(sim) -> tuple[dict[str, Any], dict[str, Any]]:
    """The shop source, a destination, and the pipeline between them (the request log cleared after)."""
    source = shop(sim)
    destination = sim.api("POST", "/destinations", json={"name": "warehouse", "connector": "snowflake", "config": {
        "snowflake.url.name": "acme.snowflakecomputing.com", "snowflake.user.name": "U",
        "snowflake.private.key": "sf-Operations-Key-8", "snowflake.database.name": "DB", "snowflake.schema.name": "RAW"}})
    pipeline = sim.api("POST", "/pipelines", json={
        "name": "shop-to-warehouse", "source": {"id": source["id"], "topics": ["public.orders", "public.customers"]},
        "destination": {"id": destination["id"]}})
    sim.clear_log()
    return source, pipeline


def topic_writes(sim) -> list[tuple[str, str, Any]]:
    return [(entry["method"], entry["path"], entry["body"]) for entry in sim.writes()]


def metric_reads(sim, path: str) -> int:
    return sum(1 for method, logged in sim.calls() if method == "GET" and logged == path)


# --- topics ---

def test_partitions_grow_then_a_rerun_is_silent_and_a_shrink_is_refused(sim, run_playbook):
    source = shop(sim)
    orders = f"source_{source['id']}.public.orders"
    grow = {"source": "shop-pg", "topic": "public.orders", "partitions": 6}

    grown = run_steps(run_playbook, "topic_steps.yml", grow, diff=True)

    assert grown.rc == 0, grown.output
    assert grown.results[0]["changed"] is True
    assert grown.results[0]["topic"]["kafka"]["partitions"]["count"] == 6
    assert grown.results[0]["diff"] == {"before": {"id": orders, "partitions": 1}, "after": {"id": orders, "partitions": 6},
                                        "before_header": "topic public.orders", "after_header": "topic public.orders"}
    assert topic_writes(sim) == [("PUT", f"/topics/{orders}", {"payload": {"partition_count": 6}})]
    sim.clear_log()

    again = run_steps(run_playbook, "topic_steps.yml", grow, {"id": orders, "partitions": 6})

    assert again.rc == 0 and again.changed == 0, again.output
    assert sim.writes() == []

    shrunk = run_steps(run_playbook, "topic_steps.yml", dict(grow, partitions=3), expect_failure=True)

    assert shrunk.results[0]["failed"] is True
    assert "has 6 partitions; a topic's partitions can only grow, not shrink to 3" in shrunk.results[0]["msg"]
    assert sim.writes() == []
    listed = run_playbook("topic_info.yml", {"info_source": "shop-pg"})
    assert [(item["name"], item["partition_count"]) for item in listed.results["topics"]] == [
        ("public.orders", 6), ("public.customers", 1)]


def test_check_mode_predicts_the_count_and_writes_nothing_and_tags_are_set_by_name(sim, run_playbook):
    source = shop(sim)
    hot = sim.api("POST", "/tags", json={"name": "hot-path", "description": "hot", "type": ["topics"]})
    sim.clear_log()
    customers = f"source_{source['id']}.public.customers"

    planned = run_steps(run_playbook, "topic_steps.yml", {"id": customers, "partitions": 12, "tags": ["hot-path"]},
                        check=True, diff=True)

    assert planned.rc == 0, planned.output
    assert planned.results[0]["changed"] is True
    assert planned.results[0]["topic"]["kafka"]["partitions"]["count"] == 12
    assert planned.results[0]["diff"]["after"] == {"id": customers, "partitions": 12, "tags": ["hot-path"]}
    assert sim.writes() == []

    tagged = run_steps(run_playbook, "topic_steps.yml", {"id": customers, "tags": ["hot-path"]})

    assert tagged.results[0]["topic"]["tags"] == [hot["id"]]
    assert topic_writes(sim) == [("PUT", f"/topics/{customers}", {"payload": {"partition_count": 1, "tags": [hot["id"]]}})]


def test_an_unknown_topic_fails_without_a_write(sim, run_playbook):
    shop(sim)

    missing = run_steps(run_playbook, "topic_steps.yml", {"source": "shop-pg", "topic": "public.nope", "partitions": 2},
                        expect_failure=True)

    assert "No topic has topic 'public.nope' of source 'shop-pg'" in missing.results[0]["msg"]
    assert sim.writes() == []


# --- snapshots ---

def test_a_snapshot_starts_and_a_second_start_while_it_runs_changes_nothing(sim, run_playbook):
    sim.settings(snapshot_polls=3)
    source = shop(sim)
    start = {"source": "shop-pg", "topics": ["public.orders"]}

    run = run_steps(run_playbook, "snapshot_steps.yml", start, start)

    assert run.rc == 0, run.output
    first, second = run.results
    assert first["changed"] is True and first["snapshot"]["request"]["topic_names"] == [f"source_{source['id']}.public.orders"]
    assert second["changed"] is False and "already running" in second["msg"]
    assert second["snapshot"]["request"] is None
    assert [entry["path"] for entry in sim.writes()] == ["/sources/snapshot"]


def test_wait_polls_until_every_topic_completed(sim, run_playbook):
    sim.settings(snapshot_polls=2)
    source = shop(sim)

    run = run_steps(run_playbook, "snapshot_steps.yml", {"source": "shop-pg", "wait": True, "wait_interval": 0.5,
                                                         "wait_timeout": 60})

    assert run.rc == 0, run.output
    assert run.results[0]["changed"] is True
    assert run.results[0]["snapshot"]["topics"] == {topic: "completed" for topic in source["topics"]}
    assert run.results[0]["snapshot"]["request"]["topic_names"] is None
    # The status read before the start, then pending, running, running, completed.
    assert metric_reads(sim, f"/sources/{source['id']}/metrics") == 5


def test_a_failed_topic_fails_the_wait_naming_it(sim, run_playbook):
    sim.settings(snapshot_polls=1)
    source = shop(sim)
    sim.hook("POST", f"snapshots/{source['id']}/fail", json={"topics": ["public.customers"]})

    run = run_steps(run_playbook, "snapshot_steps.yml", {"source": "shop-pg", "wait": True, "wait_interval": 0.5},
                    expect_failure=True)

    result = run.results[0]
    assert result["failed"] is True and result["changed"] is True
    assert f"did not complete: source_{source['id']}.public.customers (failed)" in result["msg"]
    assert f"source_{source['id']}.public.orders" not in result["msg"]
    assert result["snapshot"]["topics"][f"source_{source['id']}.public.customers"] == "failed"


def test_a_running_snapshot_is_cancelled_and_cancelling_none_changes_nothing(sim, run_playbook):
    sim.settings(snapshot_polls=5)
    shop(sim)
    cancel = {"source": "shop-pg", "state": "cancelled"}

    run = run_steps(run_playbook, "snapshot_steps.yml", {"source": "shop-pg"}, dict(cancel, wait=True, wait_interval=0.5),
                    cancel)

    assert run.rc == 0, run.output
    started, cancelled, nothing = run.results
    assert started["changed"] is True
    assert cancelled["changed"] is True and set(cancelled["snapshot"]["topics"].values()) == {"cancelled"}
    assert nothing["changed"] is False and "nothing to cancel" in nothing["msg"]
    assert [entry["path"] for entry in sim.writes()] == ["/sources/snapshot", "/sources/cancel_snapshot"]


def test_check_mode_reports_the_request_and_starts_nothing(sim, run_playbook):
    shop(sim)

    planned = run_steps(run_playbook, "snapshot_steps.yml", {
        "source": "shop-pg", "topics": ["public.orders"], "filters": [{"table": "public.orders", "filter": "id > 10"}]},
        check=True)

    assert planned.rc == 0, planned.output
    assert planned.results[0]["changed"] is True
    assert planned.results[0]["snapshot"]["request"]["additional_conditions"] == [
        {"data_collection": "public.orders", "filter": "id > 10"}]
    assert sim.writes() == []


def test_filters_with_a_blocking_snapshot_are_refused_before_any_request(sim, run_playbook):
    shop(sim)

    refused = run_steps(run_playbook, "snapshot_steps.yml", {"source": "shop-pg", "type": "blocking", "surrogate_key": "id"},
                        expect_failure=True)

    assert "apply to incremental snapshots only" in refused.results[0]["msg"]
    assert [path for _method, path in sim.calls() if not path.startswith("/auth")] == []


# --- the health gate ---

def set_metrics(sim, pipeline: dict[str, Any], **values: Any) -> None:
    sim.hook("POST", f"metrics/pipelines/{pipeline['id']}", json=values)


def test_the_gate_passes_healthy_pipelines_and_metrics_read_the_same_values(sim, run_playbook):
    _source, pipeline = shop_pipeline(sim)
    set_metrics(sim, pipeline, lag=10, latency=300)

    run = run_steps(run_playbook, "health_steps.yml", {"scope": {"name_prefix": "shop-"}, "max_lag": 1000,
                                                       "max_latency_ms": 1000})

    assert run.rc == 0, run.output
    result = run.results[0]
    assert result["healthy"] is True and result["changed"] is False
    assert [(entity["kind"], entity["name"]) for entity in result["entities"]] == [
        ("pipeline", "shop-to-warehouse"), ("source", "shop-pg"), ("destination", "warehouse")]
    assert sim.writes() == []
    listed = run_playbook("pipeline_metrics.yml")
    assert listed.results["pipelines"][0]["metrics"] == {"latency_ms": 300, "records_lag": 10, "status": "Active"}


def test_the_gate_fails_on_lag_naming_the_pipeline(sim, run_playbook):
    _source, pipeline = shop_pipeline(sim)
    set_metrics(sim, pipeline, lag=5000)

    run = run_steps(run_playbook, "health_steps.yml", {"pipelines": ["shop-to-warehouse"], "max_lag": 1000},
                    expect_failure=True, check=True)

    result = run.results[0]
    assert result["failed"] is True and result["healthy"] is False and result["changed"] is False
    assert f"pipeline 'shop-to-warehouse' (id {pipeline['id']}): records lag is 5000 records, over max_lag 1000" in result["msg"]
    assert [entity["healthy"] for entity in result["entities"]] == [False, True, True]


def test_the_gate_fails_on_a_broken_source_with_its_trace(sim, run_playbook):
    source, pipeline = shop_pipeline(sim)
    set_metrics(sim, pipeline, lag=0)
    sim.hook("POST", f"sources/{source['id']}/broken", json={"trace": "ConnectException: replication slot is gone"})

    run = run_steps(run_playbook, "health_steps.yml", {"pipelines": [pipeline["id"]]}, expect_failure=True)

    result = run.results[0]
    assert result["failed"] is True
    assert (f"source 'shop-pg' (id {source['id']}): its connector_status is Broken, not Active "
            "(task 0: FAILED (ConnectException: replication slot is gone))") in result["msg"]
    assert PASSWORD not in run.output


@pytest.mark.parametrize("recovers", [True, False])
def test_the_gate_waits_until_a_lagging_pipeline_recovers(sim, run_playbook, recovers):
    _source, pipeline = shop_pipeline(sim)
    # Lagging for three metrics reads; then (when it recovers) back to 10 records.
    set_metrics(sim, pipeline, lag=5000, after_reads=3, then={"lag": 10 if recovers else 4000})

    run = run_steps(run_playbook, "health_steps.yml", {"pipelines": ["shop-to-warehouse"], "max_lag": 1000, "wait": True,
                                                       "wait_interval": 0.5, "wait_timeout": 3 if not recovers else 30},
                    expect_failure=not recovers)

    result = run.results[0]
    reads = metric_reads(sim, f"/pipelines/{pipeline['id']}/metrics")
    if recovers:
        assert run.rc == 0, run.output
        assert result["healthy"] is True and result["entities"][0]["lag"] == 10
        assert reads == 4
    else:
        assert result["failed"] is True
        assert result["msg"].startswith("Unhealthy after waiting 3 seconds")
        assert "records lag is 4000 records, over max_lag 1000" in result["msg"]
        assert reads >= 4
