"""/transforms against a live simulator: the contract's path shapes and quirks."""

from __future__ import annotations

from typing import Any

from tests.simulator.tests.conftest import Api, pipeline_body

CODE = "function _streamkap_transform(valueObject, keyObject, topic, timestamp) {\n  return null;\n}\n"


def create(api: Api, name: str = "mask", transform_type: str = "map_filter", **config: Any) -> dict[str, Any]:
    body = {"transform": transform_type, "config": {"transforms.name": name, **config}, "created_from": "api"}
    answer = api.post("/transforms", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def put(api: Api, transform: dict[str, Any], **changes: Any) -> Any:
    body = {"id": transform["id"], "transform": transform["transform_type"], "config": dict(transform["config"]),
            **changes}
    return api.put("/transforms", json=body)


def job(api: Api, transform_id: str) -> Any:
    return api.get(f"/transforms/{transform_id}/job_status")


def test_create_takes_the_name_from_the_config_and_back_fills_keys_and_nulls(api):
    created = create(api, **{"transforms.input.job.parallelism": 3})

    assert created["name"] == "mask" and created["transform_type"] == "map_filter"
    assert created["config"]["transforms.language"] == "JavaScript"
    assert created["config"]["transforms.input.job.parallelism"] == 3
    assert created["implementation"]["key_transform"] is None
    assert created["implementation"]["value_transform"]
    assert api.read(created["id"], kind="transforms")["name"] == "mask"
    listed = api.get("/transforms", params={"partial_name": "MAS"}).json()
    assert [item["id"] for item in listed["result"]] == [created["id"]]


def test_create_refuses_a_taken_name_unknown_keys_and_a_missing_name(api):
    create(api)
    taken = api.post("/transforms", json={"transform": "fan_out", "config": {"transforms.name": "mask"}})
    unknown_key = {"transforms.name": "x", "transforms.topic.ttl": "3d"}
    unknown = api.post("/transforms", json={"transform": "map_filter", "config": unknown_key})
    nameless = api.post("/transforms", json={"transform": "map_filter", "config": {}})
    bad_type = api.post("/transforms", json={"transform": "un_nesting", "config": {"transforms.name": "y"}})

    assert taken.status_code == 422 and "already exists" in taken.json()["detail"]
    assert unknown.status_code == 422 and "transforms.topic.ttl" in unknown.json()["detail"]
    assert nameless.status_code == 422 and "transforms.name" in nameless.json()["detail"]
    assert bad_type.status_code == 422


def test_put_has_the_id_in_the_body_and_overwrites_the_code_it_leaves_out(api):
    created = create(api)
    with_code = put(api, created, implementation={"language": "JavaScript", "value_transform": CODE})
    assert with_code.status_code == 200, with_code.text
    assert with_code.json()["implementation"]["value_transform"] == CODE
    assert with_code.json()["implementation"]["topic_transform"] is None  # stored with nulls

    without_code = put(api, with_code.json())

    assert without_code.json()["implementation"]["value_transform"] != CODE
    assert api.put(f"/transforms/{created['id']}", json={}).status_code in (404, 405)


def test_put_refuses_a_type_change_and_an_unknown_id(api):
    created = create(api)
    retyped = api.put("/transforms", json={"id": created["id"], "transform": "fan_out", "config": created["config"]})
    unknown = api.put("/transforms", json={"id": "nope", "transform": "map_filter", "config": {"transforms.name": "m"}})

    assert retyped.status_code == 422 and "cannot be changed" in retyped.json()["detail"]
    assert unknown.status_code == 404


def test_job_status_of_a_transform_never_deployed_is_400_job_not_found(api):
    created = create(api)

    answer = job(api, created["id"])

    assert answer.status_code == 400 and answer.json()["detail"] == "Job not found"


def test_preview_then_live_deploys_and_the_job_runs_after_a_few_reads(api):
    api.settings(job_polls=2)
    api.create("orders")
    created = create(api, **{"transforms.input.topic.pattern": "source_.*\\.public\\.orders",
                             "transforms.output.topic.pattern": "$0_masked"})
    early_live = api.put(f"/transforms/{created['id']}/deploy-job-live/no-version")
    assert early_live.status_code == 400  # a Flink type previews first

    assert api.put(f"/transforms/{created['id']}/deploy-job-preview/no-version",
                   params={"replay_window": "7d"}).status_code == 200
    assert api.put(f"/transforms/{created['id']}/deploy-job-live/no-version").status_code == 200

    statuses = [job(api, created["id"]).json()["status"] for _read in range(4)]
    assert statuses == ["DEPLOYING", "DEPLOYING", "RUNNING", "RUNNING"]
    deployed = api.read(created["id"], kind="transforms")
    assert deployed["topics"] and deployed["topics"][0].endswith(".public.orders_masked")
    assert deployed["topic_ids"][0].startswith(f"transform_{created['id']}_1.")


def test_replay_window_zero_or_malformed_is_400(api):
    created = create(api)
    for window in ("0", "0d", "7 days"):
        answer = api.put(f"/transforms/{created['id']}/deploy-job-preview/no-version", params={"replay_window": window})
        assert answer.status_code == 400, window
        assert "Replay window must be a valid duration" in answer.json()["detail"]


def test_a_topic_router_goes_live_without_a_preview(api):
    patterns = {"transforms.input.topic.pattern": "a,b", "transforms.output.topic.pattern": "c"}
    created = create(api, "router", "topic_router", **patterns)

    preview = api.put(f"/transforms/{created['id']}/deploy-job-preview/no-version")
    live = api.put(f"/transforms/{created['id']}/deploy-job-live/no-version")

    assert preview.status_code == 400 and live.status_code == 200
    assert created["implementation"] == {}


def test_the_fail_hook_ends_the_job_failed(api):
    api.settings(job_polls=1)
    created = create(api)
    api.put(f"/transforms/{created['id']}/deploy-job-preview/no-version")
    api.put(f"/transforms/{created['id']}/deploy-job-live/no-version")
    assert api.hook("POST", f"/transforms/{created['id']}/fail").status_code == 200

    statuses = [job(api, created["id"]).json()["status"] for _read in range(3)]

    assert statuses == ["DEPLOYING", "FAILED", "FAILED"]


def test_delete_takes_the_id_as_a_query_parameter_and_refuses_a_used_transform(api):
    created = create(api)
    source = api.create("orders")
    destination = api.create_destination("warehouse")
    topics = ["public.orders"]
    entry = {"id": created["id"], "name": "mask", "start_time": None, "topic": "orders_masked",
             "topic_id": f"source_{source['id']}.orders_masked"}
    pipeline = api.create_pipeline("p1", source=source, destination=destination, topics=topics, transforms=[entry])

    refused = api.delete("/transforms", params={"id": created["id"]})

    assert refused.status_code == 409 and "p1" in refused.json()["detail"]
    assert api.delete(f"/pipelines/{pipeline['id']}").status_code == 200
    assert api.delete("/transforms", params={"id": created["id"]}).status_code == 200
    assert api.read(created["id"], kind="transforms") is None
    assert api.delete("/transforms", params={"id": created["id"]}).status_code == 404


def test_the_auto_discovery_of_a_pipeline_counts_as_a_use(api):
    created = create(api)
    source, destination = api.create("orders"), api.create_destination("warehouse")
    api.post("/pipelines", json=pipeline_body("p2", source, destination, topic_auto_discovery_transforms=[
        {"transform_id": created["id"], "regex": ".*"}]))

    assert api.delete("/transforms", params={"id": created["id"]}).status_code == 409


def test_list_filters_by_job_status_and_tag(api):
    tag = api.create_tag("gold", types=("transforms",))
    running = create(api, "a")
    create(api, "b")
    put(api, running, tags=[tag["id"]])
    api.put(f"/transforms/{running['id']}/deploy-job-preview/no-version")
    api.put(f"/transforms/{running['id']}/deploy-job-live/no-version")

    by_status = api.get("/transforms", params={"status": "deploying,running"}).json()["result"]
    by_tag = api.get("/transforms", params={"tag_ids": tag["id"]}).json()["result"]

    assert [item["name"] for item in by_status] == ["a"] == [item["name"] for item in by_tag]
