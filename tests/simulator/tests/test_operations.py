"""Day-2 operations: topics (list paged both ways, detailed read, partitions that only grow, tags), snapshots
(409 while one runs, progress over metric reads, a failing topic, cancel) and metrics (404 before any, hooks,
a scheduled change)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.simulator.tests.conftest import Api, sample_config


def orders_source(api: Api, name: str = "orders") -> dict[str, Any]:
    """A source with three topics: public.orders, public.customers, public.items."""
    config = sample_config(**{"table.include.list.user.defined": "public.orders,customers,items"})
    return api.create(name, config=config)


def topics_of(api: Api, **params: Any) -> dict[str, Any]:
    answer = api.get("/topics/details", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def source_metrics(api: Api, source_id: str) -> dict[str, Any]:
    answer = api.get(f"/sources/{source_id}/metrics", params={"time_type": "latest"})
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def snapshot_statuses(api: Api, source_id: str) -> dict[str, str]:
    return {entry["topic_id"]: entry["status"] for entry in source_metrics(api, source_id)["snapshotStatus"]}


# --- topics ---

def test_topics_of_a_source_are_listed_with_their_entity_and_serialization(api: Api) -> None:
    source = orders_source(api)

    page = topics_of(api, entity_type="sources", entity_id=source["id"])

    assert [item["id"] for item in page["result"]] == source["topics"]
    first = page["result"][0]
    assert first["name"] == "public.orders" and first["prefix"] == f"source_{source['id']}"
    assert first["entity"]["entity_type"] == "sources" and first["entity"]["name"] == "orders"
    assert first["entity"]["topic_ids"] == source["topics"] and len(first["entity"]["topic_db_ids"]) == 3
    assert first["serialization"]["value_format"] == "avro"
    assert page["total"] == 3 and page["has_next"] is False


def test_the_list_pages_with_page_and_page_size_and_with_limit_and_offset(api: Api) -> None:
    source = orders_source(api)
    topics = source["topics"]

    by_page = [topics_of(api, entity_id=source["id"], page=page, page_size=2) for page in (1, 2)]
    by_offset = [topics_of(api, entity_id=source["id"], limit=2, offset=offset) for offset in (0, 2)]

    for pages in (by_page, by_offset):
        assert [item["id"] for page in pages for item in page["result"]] == topics
        assert [page["has_next"] for page in pages] == [True, False]
        assert [page["page"] for page in pages] == [1, 2]


def test_destinations_own_a_dead_letter_queue_and_pipelines_list_their_source_topics(api: Api) -> None:
    source = orders_source(api)
    destination = api.create_destination()
    pipeline = api.create_pipeline(source=source, destination=destination, topics=["public.orders"])

    dlq = topics_of(api, entity_type="destinations", entity_id=destination["id"])["result"]
    carried = topics_of(api, entity_type="pipelines", entity_id=pipeline["id"])["result"]

    assert [item["id"] for item in dlq] == [f"destination_{destination['id']}.streamkap.deadletterqueue"]
    assert topics_of(api, entity_type="destinations", include_dlq="false")["result"] == []
    assert [item["id"] for item in carried] == [f"source_{source['id']}.public.orders"]


def test_a_detailed_read_carries_the_partition_count_and_an_unknown_topic_is_404(api: Api) -> None:
    source = orders_source(api)

    topic = api.get(f"/topics/{source['topics'][0]}", params={"detailed": "true"}).json()
    unknown = api.get("/topics/source_nope.public.orders", params={"detailed": "true"})

    assert topic["kafka"]["partitions"] == {"count": 1}
    assert "topic_id" not in topic and "partition_count" not in topic
    assert topic["tags"] == []
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Topic 'source_nope.public.orders' not found"}


def test_partitions_only_grow_and_tags_are_replaced(api: Api) -> None:
    topic_id = orders_source(api)["topics"][0]
    tag = api.create_tag("hot", types=("topics",))

    grown = api.put(f"/topics/{topic_id}", json={"payload": {"partition_count": 6, "tags": [tag["id"]]}})
    shrunk = api.put(f"/topics/{topic_id}", json={"payload": {"partition_count": 3}})
    empty = api.put(f"/topics/{topic_id}", json={"payload": {}})
    unknown_tag = api.put(f"/topics/{topic_id}", json={"payload": {"tags": ["nope"]}})

    assert grown.status_code == 200, grown.text
    assert grown.json()["kafka"]["partitions"]["count"] == 6 and grown.json()["tags"] == [tag["id"]]
    assert shrunk.status_code == 400
    assert "has 6 partitions" in shrunk.json()["detail"]
    assert empty.status_code == 422 and unknown_tag.status_code == 422
    assert api.get(f"/topics/{topic_id}", params={"detailed": "true"}).json()["kafka"]["partitions"]["count"] == 6


# --- snapshots ---

def test_a_snapshot_moves_pending_running_completed_over_metric_reads_and_a_second_start_is_409(api: Api) -> None:
    api.settings(snapshot_polls=2)
    source = orders_source(api)
    assert api.get(f"/sources/{source['id']}/metrics").status_code == 404

    started = api.post("/sources/snapshot", json={"source_id": source["id"], "topic_names": ["public.orders"]})
    again = api.post("/sources/snapshot", json={"source_id": source["id"], "topic_names": None})

    assert started.status_code == 200, started.text
    assert started.json()["topic_names"] == [source["topics"][0]]
    assert again.status_code == 409 and "already running" in again.json()["detail"]
    seen = [snapshot_statuses(api, source["id"])[source["topics"][0]] for _read in range(4)]
    assert seen == ["pending", "running", "running", "completed"]
    data = source_metrics(api, source["id"])
    assert data["SnapshotRunning"] is False and data["SnapshotCompleted"] is True
    # Done: a new snapshot may start.
    assert api.post("/sources/snapshot", json={"source_id": source["id"]}).status_code == 200


def test_the_hook_makes_a_topic_fail_and_topics_details_filter_by_snapshot_status(api: Api) -> None:
    api.settings(snapshot_polls=0)
    source = orders_source(api)
    failing = api.hook("POST", f"/snapshots/{source['id']}/fail", json={"topics": ["public.customers"]})
    assert failing.status_code == 200, failing.text
    api.post("/sources/snapshot", json={"source_id": source["id"]})

    source_metrics(api, source["id"])
    statuses = snapshot_statuses(api, source["id"])

    assert statuses == {source["topics"][0]: "completed", source["topics"][1]: "failed", source["topics"][2]: "completed"}
    assert [item["id"] for item in topics_of(api, snapshot="failed")["result"]] == [source["topics"][1]]
    assert source_metrics(api, source["id"])["snapshotState"] == "failed"


def test_a_running_snapshot_is_cancelled_and_cancelling_none_is_refused(api: Api) -> None:
    source = orders_source(api)
    body = {"source_id": source["id"], "topic_names": None}
    assert api.post("/sources/cancel_snapshot", json=body).status_code == 400
    api.post("/sources/snapshot", json=body)

    cancelled = api.post("/sources/cancel_snapshot", json=body)

    assert cancelled.status_code == 200, cancelled.text
    assert set(snapshot_statuses(api, source["id"]).values()) == {"cancelled"}
    assert api.post("/sources/snapshot", json=body).status_code == 200


@pytest.mark.parametrize("body, status", [
    ({"snapshot_type": "blocking", "surrogate_key": "id"}, 422),
    ({"snapshot_type": "blocking", "additional_conditions": [{"data_collection": "public.orders", "filter": "id > 1"}]}, 422),
    ({"additional_conditions": [{"data_collection": "public.elsewhere", "filter": "id > 1"}]}, 422),
    ({"topic_names": ["public.nope"]}, 422),
    ({"source_id": "000000000000000000000000"}, 404),
])
def test_a_snapshot_request_the_source_cannot_take_is_refused(api: Api, body: dict[str, Any], status: int) -> None:
    source = orders_source(api)

    answer = api.post("/sources/snapshot", json={"source_id": source["id"], **body})

    assert answer.status_code == status, answer.text


# --- metrics ---

def test_pipeline_metrics_are_404_until_the_hook_sets_them_then_follow_its_schedule(api: Api) -> None:
    source = orders_source(api)
    pipeline = api.create_pipeline(source=source, destination=api.create_destination())
    path = f"/pipelines/{pipeline['id']}/metrics"
    assert api.get(path).status_code == 404

    hook = api.hook("POST", f"/metrics/pipelines/{pipeline['id']}",
                    json={"lag": 5000, "latency": 250, "after_reads": 2, "then": {"lag": 10}})
    assert hook.status_code == 200, hook.text
    reads = [api.get(path).json() for _read in range(3)]

    assert reads[0]["data"] == {"latency": 250, "recordsLag": 5000, "status": "Active"}
    assert [read["data"]["recordsLag"] for read in reads] == [5000, 5000, 10]
    assert set(reads[0]["metadata"]) == {"latency", "recordsLag", "status"}
    assert api.hook("DELETE", f"/metrics/pipelines/{pipeline['id']}").json() == {"removed": True}
    assert api.get(path).status_code == 404


def test_source_and_destination_metrics_carry_the_hooks_values(api: Api) -> None:
    source = orders_source(api)
    destination = api.create_destination()
    api.hook("POST", f"/metrics/sources/{source['id']}", json={"status": "Broken", "latency": 90000})
    api.hook("POST", f"/metrics/destinations/{destination['id']}", json={"lag": 42, "data": {"custom": 1}})

    source_data = source_metrics(api, source["id"])
    destination_data = api.get(f"/destinations/{destination['id']}/metrics").json()["data"]

    assert source_data["state"] == "Broken" and source_data["StreamingMilliSecondsBehindSource"] == 90000
    assert source_data["StreamingConnected"] is False and source_data["snapshotStatus"] == []
    assert destination_data == {"state": "Active", "recordsLag": 42, "latency": 0.0, "custom": 1}
    assert api.get("/pipelines/000000000000000000000000/metrics").status_code == 404


# --- redeploys and the broken hook ---

@pytest.mark.parametrize("kind", ["sources", "destinations"])
def test_a_redeploy_reads_starting_for_deploy_polls_reads_then_active(api: Api, kind: str) -> None:
    api.settings(deploy_polls=2)
    entity = api.create() if kind == "sources" else api.create_destination()
    api.hook("POST", f"/{kind}/{entity['id']}/broken", json={"trace": "boom"}).raise_for_status()
    deployed = api.post(f"/{kind}/{entity['id']}/deploy")
    assert deployed.status_code == 200
    assert (deployed.json()["id"], deployed.json()["connector_status"]) == (entity["id"], "Starting")
    statuses = [api.read(entity["id"], kind)["connector_status"],
                api.get(f"/{kind}", params={"id": entity["id"]}).json()["result"][0]["connector_status"],
                api.read(entity["id"], kind)["connector_status"]]
    assert statuses == ["Starting", "Starting", "Active"]
    assert api.read(entity["id"], kind)["task_statuses"]["0"]["status"] == "RUNNING"


def test_a_source_the_hook_keeps_broken_is_broken_again_after_its_redeploy_and_a_resume(api: Api) -> None:
    api.settings(deploy_polls=1)
    source = api.create()
    kept = api.hook("POST", f"/sources/{source['id']}/broken", json={"trace": "disk full", "stays_broken": True}).json()
    assert kept["connector_status"] == "Broken"
    api.post(f"/sources/{source['id']}/deploy").raise_for_status()
    assert api.read(source["id"])["connector_status"] == "Starting"
    again = api.read(source["id"])
    assert again["connector_status"] == "Broken" and again["task_statuses"]["0"]["trace"] == "disk full"
    api.post(f"/sources/{source['id']}/actions/resume").raise_for_status()
    assert api.read(source["id"])["connector_status"] == "Broken"


def test_the_hook_mends_a_broken_source(api: Api) -> None:
    source = api.create()
    api.hook("POST", f"/sources/{source['id']}/broken", json={"stays_broken": True}).raise_for_status()
    mended = api.hook("POST", f"/sources/{source['id']}/broken", json={"broken": False}).json()
    assert mended["connector_status"] == "Active" and "trace" not in mended["task_statuses"]["0"]
    api.post(f"/sources/{source['id']}/deploy").raise_for_status()
    api.read(source["id"]), api.read(source["id"])
    assert api.read(source["id"])["connector_status"] == "Active"


def test_a_redeploy_of_an_unknown_entity_is_404(api: Api) -> None:
    for kind in ("sources", "destinations"):
        assert api.post(f"/{kind}/0123456789abcdef01234567/deploy").status_code == 404
