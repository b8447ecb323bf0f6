# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_transform, streamkap_transform_info and streamkap_transforms end to end through main(), with
mocked HTTP."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_transform,
    streamkap_transform_info,
    streamkap_transforms,
)
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page

CODE = "function _streamkap_transform(valueObject, keyObject, topic, timestamp) {\n  return valueObject;\n}\n"
CONFIG = {"transforms.input.topic.pattern": "source_.*\\.orders", "transforms.output.topic.pattern": "$0_masked"}


def stored(name: str = "mask", transform_id: str = "t1", transform_type: str = "map_filter", **fields) -> dict:
    transform = {
        "id": transform_id, "name": name, "transform_type": transform_type, "version": 1,
        "config": {"transforms.name": name, "transforms.language": "JavaScript", "transforms.input.job.parallelism": 5,
                   **CONFIG},
        "implementation": {"language": "JavaScript", "value_transform": CODE, "key_transform": None},
        "topic_ids": [], "topics": [], "tags": [],
    }
    transform.update(fields)
    return transform


def run_module(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    base = {"api_url": API_URL, "access_token": TOKEN}
    with patch_module_args(dict(base, **args)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def job(api, transform_id: str = "t1", status: str | None = "RUNNING") -> None:
    if status is None:
        api.get(f"{API_URL}/transforms/{transform_id}/job_status", status=400, json={"detail": "Job not found"})
    else:
        api.get(f"{API_URL}/transforms/{transform_id}/job_status", json={"id": transform_id, "status": status})


def writes(api) -> list[str]:
    return [f"{call.request.method} {call.request.path_url}" for call in api.calls if call.request.method != "GET"]


# --- streamkap_transform ---

def test_creates_deploys_and_reports_the_job_status(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([]))
    api.post(f"{API_URL}/transforms", json=stored(implementation={"language": "JavaScript", "value_transform": "//"}))
    api.put(f"{API_URL}/transforms", json=stored())
    api.put(f"{API_URL}/transforms/t1/deploy-job-preview/no-version", json={})
    api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job(api, status=None)
    job(api, status="DEPLOYING")

    result = run_module(streamkap_transform, {"name": "mask", "type": "map_filter", "config": CONFIG,
                                              "implementation": {"value_transform": CODE}, "deploy": True}, capsys)

    assert result["changed"] is True, result
    assert result["transform"]["job_status"] == "DEPLOYING"
    assert writes(api) == ["POST /transforms?secret_returned=false", "PUT /transforms?secret_returned=false",
                           "PUT /transforms/t1/deploy-job-preview/no-version",
                           "PUT /transforms/t1/deploy-job-live/no-version"]


def test_a_rerun_is_two_reads_and_no_change(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    job(api)

    result = run_module(streamkap_transform, {"name": "mask", "type": "map_filter", "config": CONFIG,
                                              "implementation": {"language": "JavaScript", "value_transform": CODE},
                                              "deploy": True, "wait": True}, capsys)

    assert result["changed"] is False
    assert result["transform"]["job_status"] == "RUNNING"
    assert len(api.calls) == 2


def test_code_fields_not_given_are_sent_back_as_stored_never_erased(api, capsys):
    key_code = "function _streamkap_transform_key(keyObject) {\n  return keyObject;\n}\n"
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    both = {"language": "JavaScript", "value_transform": CODE, "key_transform": key_code}
    api.put(f"{API_URL}/transforms", json=stored(implementation=both))
    job(api)

    result = run_module(streamkap_transform, {"name": "mask", "implementation": {"key_transform": key_code}}, capsys)

    assert result["changed"] is True, result
    [put] = [call for call in api.calls if call.request.method == "PUT"]
    # The service overwrites the whole code on a PUT: the stored value_transform goes back with the new field.
    assert json.loads(put.request.body)["implementation"] == both


def test_an_unknown_config_key_fails_before_any_request(api, capsys):
    result = run_module(streamkap_transform, {"name": "mask", "type": "map_filter",
                                              "config": {"transforms.output.topic.patern": "x"}}, capsys)

    assert result["failed"] is True
    assert "did you mean 'transforms.output.topic.pattern'?" in result["msg"]
    assert not api.calls


def test_an_unknown_type_fails_before_any_request(api, capsys):
    result = run_module(streamkap_transform, {"name": "mask", "type": "toast_handling"}, capsys)

    assert result["failed"] is True and "type" in result["msg"]
    assert not api.calls


def test_check_mode_diff_shows_the_code_as_lines(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    job(api)
    new_code = CODE.replace("return valueObject;", "return null;")

    result = run_module(streamkap_transform, {"name": "mask", "implementation": {"value_transform": new_code},
                                              "_ansible_check_mode": True, "_ansible_diff": True}, capsys)

    assert result["changed"] is True
    assert result["diff"]["before"]["implementation"]["value_transform"][1] == "  return valueObject;"
    assert result["diff"]["after"]["implementation"]["value_transform"][1] == "  return null;"
    # The predicted code: the stored fields with the one given over them.
    assert result["transform"]["implementation"] == {"language": "JavaScript", "value_transform": new_code}
    assert writes(api) == []


def test_a_failed_job_fails_the_task_naming_the_status(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    job(api, status="FAILED")
    api.put(f"{API_URL}/transforms/t1/deploy-job-preview/no-version", json={})
    api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job(api, status="FAILED")

    result = run_module(streamkap_transform, {"name": "mask", "deploy": True, "wait": True, "wait_interval": 0.5,
                                              "wait_timeout": 5}, capsys)

    assert result["failed"] is True
    assert "its job is FAILED instead of RUNNING" in result["msg"]
    assert result["changed"] is True
    assert result["transform"]["job_status"] == "FAILED"


def test_absent_deletes_by_id_query(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    api.delete(f"{API_URL}/transforms", json=stored(), match=[matchers.query_param_matcher({"id": "t1"})])

    result = run_module(streamkap_transform, {"name": "mask", "state": "absent"}, capsys)

    assert result["changed"] is True
    assert writes(api) == ["DELETE /transforms?id=t1"]


# --- streamkap_transform_info ---

def test_info_filters_the_type_here_and_reads_job_statuses(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored(), stored("router", "t2", "topic_router"),
                                                     stored("fan", "t3", "fan_out")]),
            match=[matchers.query_param_matcher({"secret_returned": "false", "status": "RUNNING,FAILED",
                                                 "page": "1", "page_size": "100"})])
    job(api, "t1", "RUNNING")
    job(api, "t2", None)

    result = run_module(streamkap_transform_info, {"type": ["map_filter", "topic_router"], "job_status": True,
                                                   "status": ["RUNNING", "FAILED"]}, capsys)

    assert [(item["name"], item["job_status"]) for item in result["transforms"]] == [
        ("mask", "RUNNING"), ("router", "NOT_DEPLOYED")]
    assert not calls_to(api, "GET", "/transforms/t3/job_status")


def test_info_without_job_status_reads_the_list_only(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))

    result = run_module(streamkap_transform_info, {"name": ["mask"]}, capsys)

    assert [item["name"] for item in result["transforms"]] == ["mask"]
    assert "job_status" not in result["transforms"][0]
    assert len(api.calls) == 1


# --- streamkap_transforms ---

def test_gathered_entries_applied_with_replaced_change_nothing(api, capsys):
    tagged = stored(tags=["g1"], config=dict(stored()["config"], **{"transforms.output.topic.pattern": "{{ x }}"}))
    api.get(f"{API_URL}/transforms", json=list_page([tagged, stored("router", "t2", "topic_router", implementation={})]))
    api.get(f"{API_URL}/tags", json={"tags": [{"id": "g1", "name": "gold", "type": ["transforms"], "system": False}]})
    job(api, "t1")
    job(api, "t2", None)

    gathered = run_module(streamkap_transforms, {"state": "gathered"}, capsys)["gathered"]

    assert gathered[0] == {"name": "mask", "type": "map_filter", "tags": ["g1"],
                           "config": {"transforms.language": "JavaScript", "transforms.input.job.parallelism": 5,
                                      "transforms.input.topic.pattern": "source_.*\\.orders",
                                      # Text Ansible would template comes back escaped, never left out.
                                      "transforms.output.topic.pattern": "streamkap-escaped:%7B%7B x }}"},
                           "implementation": {"language": "JavaScript", "value_transform": CODE}}
    # A key the type does not have (topic_router has no language) is not gathered.
    assert gathered[1] == {"name": "router", "type": "topic_router", "config": {
        "transforms.input.job.parallelism": 5, **CONFIG}}

    replaced = run_module(streamkap_transforms, {"state": "replaced", "config": gathered}, capsys)

    assert replaced["changed"] is False, replaced
    assert replaced["summary"]["unchanged"] == 2
    assert [item["job_status"] for item in replaced["results"]] == ["RUNNING", "NOT_DEPLOYED"]
    assert writes(api) == []


def test_rendered_carries_the_name_in_the_config_and_the_code(api, capsys):
    result = run_module(streamkap_transforms, {"state": "rendered", "config": [
        {"name": "mask", "type": "map_filter", "config": CONFIG, "implementation": {"value_transform": CODE}}]}, capsys)

    assert result["rendered"] == [{"transform": "map_filter", "created_from": "api",
                                   "config": dict(CONFIG, **{"transforms.name": "mask"}),
                                   "implementation": {"value_transform": CODE}}]
    assert not api.calls


def test_a_plural_deploy_of_an_idle_job_is_an_update(api, capsys):
    api.get(f"{API_URL}/transforms", json=list_page([stored()]))
    job(api, status="STOPPED")
    job(api, status="STOPPED")
    api.put(f"{API_URL}/transforms/t1/deploy-job-preview/no-version", json={})
    api.put(f"{API_URL}/transforms/t1/deploy-job-live/no-version", json={})
    job(api, status="DEPLOYING")

    result = run_module(streamkap_transforms, {"config": [{"name": "mask", "deploy": True}]}, capsys)

    assert result["changed"] is True
    assert result["results"][0]["action"] == "updated"
    assert result["results"][0]["job_status"] == "DEPLOYING"
    assert len(writes(api)) == 2


def test_a_plural_entry_with_an_unknown_key_is_listed_before_any_request(api, capsys):
    result = run_module(streamkap_transforms, {"config": [{"name": "a", "type": "fan_out", "config": {"transforms.async.capacity": 3}},
                                                          {"name": "b", "type": "map_filter", "replay_window": "0"}]}, capsys)

    assert result["failed"] is True
    assert "2 bad entries" in result["msg"]
    assert "unknown key 'transforms.async.capacity'" in result["msg"] and "replay_window '0'" in result["msg"]
    assert not api.calls
