# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_tag and streamkap_tag_info end to end through main(), with mocked HTTP."""

from __future__ import annotations

import json

import pytest
import responses
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_tag, streamkap_tag_info
from tests.unit.helpers import API_URL, TOKEN, calls_to

DEVELOPMENT = {"id": "670e5ca40afe1d3983ce0c22", "name": "Development", "description": "", "type": ["environment"],
               "system": True, "custom": False}
PRODUCTION = {"id": "t-prod", "name": "production", "description": "prod", "type": ["environment", "pipelines"],
              "system": False, "custom": True}


def run_module(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, **args}):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def answer_lookup(api, tags: list[dict]) -> None:
    api.get(f"{API_URL}/tags", json={"tags": tags})


def writes(api) -> list[tuple[str, str]]:
    return [(call.request.method, call.request.path_url.split("?")[0]) for call in api.calls if call.request.method != "GET"]


def test_creates_an_absent_tag_with_only_the_fields_given(api, capsys):
    answer_lookup(api, [dict(PRODUCTION, name="production-eu", id="t-eu")])
    api.post(f"{API_URL}/tags", json=dict(PRODUCTION, id="t-new", name="production", type=["general"]))

    result = run_module(streamkap_tag, {"name": "production"}, capsys)

    assert result["changed"] is True
    assert result["tag"]["id"] == "t-new"
    assert json.loads(calls_to(api, "POST", "/tags")[0].request.body) == {"name": "production"}
    assert calls_to(api, "GET", "/tags")[0].request.params == {"tag_name": "production"}
    assert calls_to(api, "POST", "/tags")[0].request.params == {}


def test_types_compare_as_a_set_so_a_rerun_is_silent(api, capsys):
    answer_lookup(api, [PRODUCTION])

    result = run_module(streamkap_tag, {"name": "production", "type": ["pipelines", "environment"], "description": "prod"}, capsys)

    assert result["changed"] is False
    assert writes(api) == []


def test_drift_is_written_and_shown(api, capsys):
    answer_lookup(api, [PRODUCTION])
    api.put(f"{API_URL}/tags/t-prod", json=dict(PRODUCTION, type=["general"]))

    result = run_module(streamkap_tag, {"name": "production", "type": ["general"], "_ansible_diff": True}, capsys)

    assert result["changed"] is True
    assert json.loads(calls_to(api, "PUT", "/tags/t-prod")[0].request.body) == {
        "name": "production", "description": "prod", "type": ["general"]}
    assert result["diff"]["before"]["type"] == ["environment", "pipelines"]
    assert result["diff"]["after"]["type"] == ["general"]


def test_check_mode_writes_nothing(api, capsys):
    answer_lookup(api, [PRODUCTION])

    result = run_module(streamkap_tag, {"name": "production", "description": "new", "_ansible_check_mode": True}, capsys)

    assert result["changed"] is True
    assert result["tag"]["description"] == "new"
    assert writes(api) == []


@pytest.mark.parametrize("args", [
    {"name": "Development", "description": "mine"},
    {"id": DEVELOPMENT["id"], "name": "Dev"},
    {"name": "Development", "state": "absent"},
])
def test_a_system_tag_is_never_changed_or_deleted(api, capsys, args):
    answer_lookup(api, [DEVELOPMENT])
    api.get(f"{API_URL}/tags/{DEVELOPMENT['id']}", json={"tags": [DEVELOPMENT]})

    result = run_module(streamkap_tag, args, capsys)

    assert result["failed"] is True
    assert "system tag" in result["msg"] and "Development" in result["msg"]
    assert writes(api) == []


def test_deletes_by_name_and_an_unknown_id_is_absent(api, capsys):
    answer_lookup(api, [PRODUCTION])
    api.delete(f"{API_URL}/tags/t-prod", json=PRODUCTION)
    assert run_module(streamkap_tag, {"name": "production", "state": "absent"}, capsys)["changed"] is True

    api.get(f"{API_URL}/tags/t-gone", json={"tags": []})
    result = run_module(streamkap_tag, {"id": "t-gone", "state": "absent"}, capsys)
    assert result["changed"] is False
    assert result["tag"] == {}


def test_an_already_exists_answer_converges_on_the_tag_found(api, capsys):
    api.get(f"{API_URL}/tags", json={"tags": []})
    api.get(f"{API_URL}/tags", json={"tags": [PRODUCTION]})
    api.post(f"{API_URL}/tags", status=422, json={"detail": "Tag with name 'production' already exists"})

    result = run_module(streamkap_tag, {"name": "production", "description": "prod"}, capsys)

    assert result["changed"] is False
    assert result["tag"]["id"] == "t-prod"
    assert len(calls_to(api, "POST", "/tags")) == 1


def answer_tags(api, tags: list[dict]) -> None:
    """The name lookup (GET /tags?tag_name=, a substring match) and the whole list (GET /tags)."""
    api.get(f"{API_URL}/tags", json={"tags": tags}, match=[matchers.query_param_matcher({})])
    for tag in tags:
        api.get(f"{API_URL}/tags", json={"tags": [tag]}, match=[matchers.query_param_matcher({"tag_name": tag["name"]})])
        api.get(f"{API_URL}/tags/{tag['id']}", json={"tags": [tag]})


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("args", [
    {"name": "t-prod"},                       # a new tag named like production's id
    {"name": "t-prod", "type": ["general"]},
    {"id": "t-eu", "name": "t-prod"},         # a tag renamed to production's id
], ids=["create", "create-with-type", "rename"])
def test_a_name_that_is_another_tags_id_is_refused_before_any_write(api, capsys, args, check_mode):
    answer_tags(api, [PRODUCTION, dict(PRODUCTION, id="t-eu", name="production-eu")])
    api.get(f"{API_URL}/tags", json={"tags": []}, match=[matchers.query_param_matcher({"tag_name": "t-prod"})])

    result = run_module(streamkap_tag, dict(args, _ansible_check_mode=check_mode), capsys)

    assert result["failed"] is True
    assert result["msg"].startswith("name 't-prod' is the id of Tag 'production' (id t-prod)")
    assert "would mean two tags" in result["msg"]
    assert writes(api) == []


def test_a_tag_may_be_named_like_its_own_id_and_a_name_no_id_can_hold_costs_no_read(api, capsys):
    answer_tags(api, [PRODUCTION])
    api.put(f"{API_URL}/tags/t-prod", json=dict(PRODUCTION, name="t-prod"))
    assert run_module(streamkap_tag, {"id": "t-prod", "name": "t-prod"}, capsys)["changed"] is True

    api.get(f"{API_URL}/tags", json={"tags": []}, match=[matchers.query_param_matcher({"tag_name": "prod eu"})])
    api.post(f"{API_URL}/tags", json=dict(PRODUCTION, id="t-new", name="prod eu"))
    api.calls.reset()
    assert run_module(streamkap_tag, {"name": "prod eu"}, capsys)["changed"] is True
    assert [call.request.params for call in calls_to(api, "GET", "/tags")] == [{"tag_name": "prod eu"}]


def test_a_bad_type_fails_naming_the_choices_before_any_request(api, capsys):
    result = run_module(streamkap_tag, {"name": "x", "type": ["nonsense"]}, capsys)

    assert result["failed"] is True
    assert "type" in result["msg"] and "environment" in result["msg"]
    assert len(api.calls) == 0


def test_the_info_module_filters_types_on_the_server_names_and_ids_here(api: responses.RequestsMock, capsys):
    api.get(f"{API_URL}/tags", json={"tags": [DEVELOPMENT, PRODUCTION]},
            match=[matchers.query_param_matcher({"tag_type": "environment"})])

    result = run_module(streamkap_tag_info, {"type": ["environment"], "name": ["production", "Dev"]}, capsys)

    assert result["tags"] == [PRODUCTION]
    assert result["changed"] is False
    assert len(api.calls) == 1
