# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Transforms through the resource engine, with mocked HTTP: the path shapes only transforms have (PUT on the
collection, DELETE by query, the name in the config, no wait query), the code compared as a subset and always
sent back, the type that never changes, offline checks, and the job (deploy, wait)."""

from __future__ import annotations

import json

import pytest
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import WaitError
from ansible_collections.streamkap.cloud.plugins.module_utils.transform import (
    TRANSFORM,
    TransformSpec,
    as_lines,
    is_subset,
    transform_options,
)
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, with_spec_defaults

CODE = "function _streamkap_transform(valueObject, keyObject, topic, timestamp) {\n  return valueObject;\n}\n"
NEW_CODE = CODE.replace("return valueObject;", "valueObject.email = null;\n  return valueObject;")
BACKFILLED = {"transforms.language": "JavaScript", "transforms.input.serialization.format": "Any",
              "transforms.output.serialization.format": "Any", "transforms.input.job.parallelism": 5}


def stored(name: str = "mask", transform_id: str = "t1", transform_type: str = "map_filter", **fields) -> dict:
    """A transform as the API answers it: back-filled keys, the code with defaults and nulls."""
    transform = {
        "id": transform_id, "name": name, "transform_type": transform_type, "status": None, "version": 1,
        "config": dict(BACKFILLED, **{"transforms.name": name, "transforms.input.topic.pattern": "source_.*\\.orders",
                                      "transforms.output.topic.pattern": "$0_masked"}),
        "implementation": {"language": "JavaScript", "value_transform": CODE, "key_transform": None,
                           "topic_transform": None, "unit_test": None},
        "topic_ids": [], "topics": [], "tags": [],
    }
    transform.update(fields)
    return transform


def spec(**given) -> TransformSpec:
    params = with_spec_defaults(transform_options(), name="mask", type="map_filter",
                                config={"transforms.input.topic.pattern": "source_.*\\.orders",
                                        "transforms.output.topic.pattern": "$0_masked"},
                                implementation={"language": "JavaScript", "value_transform": CODE})
    params.update(given)
    return TransformSpec.from_params({key: value for key, value in params.items() if value is not None or key in given})


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reconciler(clock: Clock) -> Reconciler:
    return Reconciler(StreamkapClient(api_url=API_URL, access_token=TOKEN), TRANSFORM, sleep=clock.sleep, clock=clock)


def answer(api, existing: list[dict], job: dict | None = None) -> None:
    api.get(f"{API_URL}/transforms", json=list_page(existing))
    for transform in existing:
        job_status(api, transform["id"], job)


def job_status(api, transform_id: str, job: dict | None) -> None:
    if job is None:
        api.get(f"{API_URL}/transforms/{transform_id}/job_status", status=400, json={"detail": "Job not found"})
    else:
        api.get(f"{API_URL}/transforms/{transform_id}/job_status", json=dict({"id": "j1", "job_name": "x"}, **job))


def body_of(call) -> dict:
    return json.loads(call.request.body)


def writes(api) -> list[tuple[str, str]]:
    return [(call.request.method, call.request.path_url) for call in api.calls if call.request.method != "GET"]


# --- create ---

def test_create_posts_the_name_in_the_config_then_puts_the_code_with_the_id_in_the_body(api, reconciler):
    answer(api, [])
    created = stored(implementation={"language": "JavaScript", "value_transform": "// template"})
    api.post(f"{API_URL}/transforms", json=created, match=[matchers.query_param_matcher({"secret_returned": "false"})])
    api.put(f"{API_URL}/transforms", json=stored(), match=[matchers.query_param_matcher({"secret_returned": "false"})])
    job_status(api, "t1", None)

    result = reconciler.ensure_present(spec())

    assert result["changed"] is True
    assert result["transform"]["job_status"] == "NOT_DEPLOYED"
    [post] = calls_to(api, "POST", "/transforms")
    assert body_of(post) == {"transform": "map_filter", "created_from": "api", "config": {
        "transforms.name": "mask", "transforms.input.topic.pattern": "source_.*\\.orders",
        "transforms.output.topic.pattern": "$0_masked"}}
    [put] = calls_to(api, "PUT", "/transforms")
    sent = body_of(put)
    assert sent["id"] == "t1" and sent["transform"] == "map_filter"
    assert sent["implementation"] == {"language": "JavaScript", "value_transform": CODE}
    # The full config: what the service back-filled is sent back, with the name.
    assert sent["config"] == created["config"]
    assert "_written" not in result


def test_a_create_without_code_is_one_post(api, reconciler):
    answer(api, [])
    api.post(f"{API_URL}/transforms", json=stored())
    job_status(api, "t1", None)

    result = reconciler.ensure_present(spec(implementation=None))

    assert result["changed"] is True
    assert writes(api) == [("POST", "/transforms?secret_returned=false")]


def test_check_mode_create_predicts_the_transform_with_its_code_and_sends_nothing(api, reconciler):
    answer(api, [])

    result = reconciler.ensure_present(spec(), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["transform"]["id"] is None
    assert result["transform"]["implementation"]["value_transform"] == CODE
    assert result["transform"]["job_status"] == "NOT_DEPLOYED"
    assert result["diff"]["after"]["implementation"]["value_transform"] == CODE.splitlines()
    assert result["diff"]["after"]["name"] == "mask"
    assert writes(api) == []


# --- idempotence ---

def test_a_rerun_against_back_filled_keys_and_nulls_changes_nothing(api, reconciler):
    answer(api, [stored()], job={"status": "RUNNING"})

    result = reconciler.ensure_present(spec())

    assert result == {"changed": False, "transform": dict(stored(), job_status="RUNNING")}
    assert writes(api) == []


def test_a_config_change_is_one_put_with_the_full_config_and_the_current_code(api, reconciler):
    current = stored()
    answer(api, [current], job={"status": "RUNNING"})
    api.put(f"{API_URL}/transforms", json=stored())

    result = reconciler.ensure_present(spec(config={"transforms.input.job.parallelism": "7"}))

    assert result["changed"] is True
    [put] = calls_to(api, "PUT", "/transforms")
    sent = body_of(put)
    assert sent["config"] == dict(current["config"], **{"transforms.input.job.parallelism": "7"})
    assert sent["implementation"] == current["implementation"]


def test_a_code_change_sends_the_code_given_over_the_stored_code(api, reconciler):
    answer(api, [stored()], job={"status": "RUNNING"})
    api.put(f"{API_URL}/transforms", json=stored())

    result = reconciler.ensure_present(spec(implementation={"value_transform": NEW_CODE}), diff=True)

    assert result["changed"] is True
    [put] = calls_to(api, "PUT", "/transforms")
    # The stored fields the task does not give go back as stored (stored nulls left out): a PUT overwrites the code.
    assert body_of(put)["implementation"] == dict(
        {key: value for key, value in stored()["implementation"].items() if value is not None}, value_transform=NEW_CODE)
    assert result["diff"]["before"]["implementation"]["value_transform"] == CODE.splitlines()
    assert result["diff"]["after"]["implementation"]["value_transform"] == NEW_CODE.splitlines()


def test_a_rename_by_id_puts_the_new_name_in_the_config(api, reconciler):
    api.get(f"{API_URL}/transforms/t1", json=list_page([stored()]))
    job_status(api, "t1", {"status": "RUNNING"})
    api.put(f"{API_URL}/transforms", json=stored(name="mask-v2"))

    reconciler.ensure_present(spec(id="t1", name="mask-v2"))

    [put] = calls_to(api, "PUT", "/transforms")
    assert body_of(put)["config"]["transforms.name"] == "mask-v2"


def test_the_type_never_changes(api, reconciler):
    answer(api, [stored()], job={"status": "RUNNING"})

    with pytest.raises(StreamkapError, match="uses type 'map_filter'; the type cannot change to 'fan_out'"):
        reconciler.ensure_present(spec(type="fan_out"))
    assert writes(api) == []


def test_config_keys_of_another_type_are_refused_against_the_type_found(api, reconciler):
    answer(api, [stored()], job={"status": "RUNNING"})

    with pytest.raises(StreamkapError, match="unknown key 'transforms.async.capacity'"):
        reconciler.ensure_present(spec(type=None, config={"transforms.async.capacity": 5}))
    assert writes(api) == []


# --- offline checks ---

@pytest.mark.parametrize("given, message", [
    ({"config": {"transforms.input.topic.patern": "x"}}, "did you mean 'transforms.input.topic.pattern'"),
    ({"config": {"transforms.name": "x"}}, "is the transform's name: give it as name"),
    ({"config": {"transforms.topic.ttl": "3d"}}, "unknown key 'transforms.topic.ttl'"),
    ({"replay_window": "0"}, "replay_window '0' is not a replay window"),
    ({"replay_window": "0d"}, "replay_window '0d' is not a replay window"),
    ({"replay_window": "7 days"}, "give a positive amount and a unit"),
    ({"type": "un_nesting"}, "type must be one of map_filter"),
    ({"name": None, "id": None}, "Give the transform's name or its id"),
    ({"implementation": {"value_transform": float("nan")}}, "Invalid implementation: implementation key 'value_transform'"),
])
def test_bad_input_is_refused_before_any_request(given, message):
    with pytest.raises(StreamkapError, match=message):
        spec(**given)


def test_a_good_replay_window_and_a_type_key_pass():
    assert spec(type="sql_join", config={"transforms.topic.ttl": "3d"}, replay_window="24h").replay_window == "24h"


def test_creating_needs_a_type(api, reconciler):
    answer(api, [])

    with pytest.raises(StreamkapError, match="creating it needs: type"):
        reconciler.ensure_present(spec(type=None))


def test_the_code_is_compared_as_a_subset():
    held = {"language": "JavaScript", "value_transform": CODE, "key_transform": None, "inputTables": [{"name": "a", "x": None}]}
    assert is_subset({"value_transform": CODE}, held)
    assert is_subset({"inputTables": [{"name": "a"}]}, held)
    assert not is_subset({"value_transform": NEW_CODE}, held)
    assert not is_subset({"key_transform": "k"}, held)
    assert not is_subset({"inputTables": [{"name": "a"}, {"name": "b"}]}, held)
    assert as_lines({"a": "x\ny", "b": None, "c": ["p\nq"]}) == {"a": ["x", "y"], "c": [["p", "q"]]}


# --- the job ---

def test_deploy_previews_then_goes_live_and_waits_until_running(api, reconciler, clock):
    answer(api, [stored()], job=None)
    preview = api.put(f"{API_URL}/transforms/t1/deploy-job-preview/no-version", json={},
                      match=[matchers.query_param_matcher({"replay_window": "24h"})])
    live = api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job_status(api, "t1", {"status": "DEPLOYING"})
    job_status(api, "t1", {"status": "RUNNING"})

    result = reconciler.ensure_present(spec(deploy=True, replay_window="24h", wait=True, wait_interval=2.0))

    assert result["changed"] is True
    assert result["transform"]["job_status"] == "RUNNING"
    assert preview.call_count == 1 and live.call_count == 1
    assert writes(api) == [("PUT", "/transforms/t1/deploy-job-preview/no-version?replay_window=24h"),
                           ("PUT", "/transforms/t1/deploy-job-live/no-version")]
    assert clock.sleeps == [2.0, 2.0]


def test_a_topic_router_goes_live_without_a_preview(api, reconciler):
    router = stored(transform_type="topic_router", config={"transforms.name": "mask"}, implementation={})
    answer(api, [router], job={"status": "STOPPED"})
    api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job_status(api, "t1", {"status": "DEPLOYING"})

    result = reconciler.ensure_present(spec(type="topic_router", config={}, implementation=None, deploy=True))

    assert writes(api) == [("PUT", "/transforms/t1/deploy-job-live/no-version")]
    assert result["transform"]["job_status"] == "DEPLOYING"


def test_a_running_unchanged_transform_is_not_deployed_again(api, reconciler):
    answer(api, [stored()], job={"status": "RUNNING"})

    result = reconciler.ensure_present(spec(deploy=True, wait=True))

    assert result["changed"] is False
    assert writes(api) == []


def test_a_tag_change_alone_does_not_redeploy_a_running_job(api, reconciler):
    api.get(f"{API_URL}/tags", json={"tags": [{"id": "g1", "name": "gold", "type": ["transforms"], "system": False}]})
    answer(api, [stored()], job={"status": "RUNNING"})
    api.put(f"{API_URL}/transforms", json=stored(tags=["g1"]))

    result = reconciler.ensure_present(spec(deploy=True, tags=["gold"]))

    assert result["changed"] is True
    assert writes(api) == [("PUT", "/transforms?secret_returned=false")]


@pytest.mark.parametrize("status", ["FAILED", "CANCELED", "STOPPED", None])
def test_an_idle_job_is_deployed_again(api, reconciler, status):
    answer(api, [stored()], job=None if status is None else {"status": status})
    api.put(f"{API_URL}/transforms/t1/deploy-job-preview/no-version", json={})
    api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job_status(api, "t1", {"status": "DEPLOYING"})

    result = reconciler.ensure_present(spec(deploy=True))

    assert result["changed"] is True
    assert len(writes(api)) == 2


def test_check_mode_predicts_a_deploy_without_sending_it(api, reconciler):
    answer(api, [stored()], job={"status": "FAILED"})

    result = reconciler.ensure_present(spec(deploy=True, wait=True), check_mode=True)

    assert result["changed"] is True
    assert result["transform"]["job_status"] == "FAILED"
    assert writes(api) == []


def test_a_failed_job_fails_the_wait_at_once_naming_the_status(api, reconciler, clock):
    answer(api, [stored()], job={"status": "RUNNING"})
    api.put(f"{API_URL}/transforms", json=stored())
    api.put(f"{API_URL}/transforms/t1/deploy-job-preview/no-version", json={})
    api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job_status(api, "t1", {"status": "FAILED"})

    with pytest.raises(WaitError, match="its job is FAILED instead of RUNNING") as failure:
        reconciler.ensure_present(spec(implementation={"value_transform": NEW_CODE}, deploy=True, wait=True))

    assert failure.value.changed is True
    assert failure.value.to_result()["transform"]["job_status"] == "FAILED"
    assert len(clock.sleeps) == 1


def test_the_wait_times_out_naming_the_last_status(api, reconciler, clock):
    answer(api, [stored()], job={"status": "DEPLOYING"})
    job_status(api, "t1", {"status": "INITIALIZING"})

    with pytest.raises(WaitError, match="did not reach RUNNING within 10 seconds; last status: INITIALIZING") as failure:
        reconciler.ensure_present(spec(wait=True, wait_timeout=10, wait_interval=4.0))

    assert failure.value.changed is False
    assert clock.now == 10


def test_waiting_on_a_job_never_deployed_fails_at_once_saying_how_to_deploy(api, reconciler, clock):
    answer(api, [stored()], job=None)

    with pytest.raises(WaitError, match="its job is NOT_DEPLOYED instead of RUNNING; deploy=true deploys it"):
        reconciler.ensure_present(spec(wait=True))
    assert clock.sleeps == []


def test_a_job_status_error_other_than_not_found_is_raised(api, reconciler):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    api.get(f"{API_URL}/transforms/t1/job_status", status=400, json={"detail": "Bad transform state"})

    with pytest.raises(StreamkapError, match="Bad transform state"):
        reconciler.ensure_present(spec())


# --- delete ---

def test_delete_names_the_id_in_the_query(api, reconciler):
    answer(api, [stored()])
    delete = api.delete(f"{API_URL}/transforms", json=stored(), match=[matchers.query_param_matcher({"id": "t1"})])

    result = reconciler.ensure_absent(spec())

    assert result["changed"] is True
    assert delete.call_count == 1


def test_a_transform_a_pipeline_uses_is_not_deleted(api, reconciler):
    answer(api, [stored()])
    users = [{"id": "p1", "name": "orders-out", "transforms": [{"id": "t1", "topic": "orders_masked"}]},
             {"id": "p2", "name": "other", "transforms": [], "topic_auto_discovery_transforms": [{"transform_id": "t9"}]},
             {"id": "p3", "name": "auto", "topic_auto_discovery_transforms": [{"transform_id": "t1", "regex": ".*"}]}]
    api.replace("GET", f"{API_URL}/pipelines", json=list_page(users))

    with pytest.raises(StreamkapError, match=r"is used by pipeline\(s\) 'orders-out' \(id p1\), 'auto' \(id p3\)\. "
                                             "Nothing was deleted"):
        reconciler.ensure_absent(spec())
    assert writes(api) == []
