# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_sources end to end through main(), with mocked HTTP."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_sources
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, list_page, make_source

CONFIG = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap", "database.password": DB_PASSWORD}


def run_module(args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            streamkap_sources.main()
    return json.loads(capsys.readouterr().out)


def test_every_bad_entry_is_listed_before_any_request(api, capsys):
    config = [{"name": "a", "colour": "red", "config": CONFIG}, {"name": "b", "wait": "maybe"}, {"connector": "mysql"}]
    result = run_module({"api_url": API_URL, "access_token": TOKEN, "config": config}, capsys)
    assert result["failed"] is True
    assert "3 bad entries" in result["msg"]
    for label in ("config[0] ('a')", "config[1] ('b')", "config[2] (None)"):
        assert label in result["msg"]
    assert [bad["name"] for bad in result["bad_entries"]] == ["a", "b", None]
    assert DB_PASSWORD not in json.dumps(result)
    assert not api.calls


def test_rendered_needs_no_credentials_and_sends_nothing(api, capsys):
    config = [{"name": "a", "connector": "postgresql", "config": CONFIG}]
    result = run_module({"state": "rendered", "config": config}, capsys)
    assert result["changed"] is False
    assert result["rendered"][0]["config"]["database.password"] == "********"
    assert DB_PASSWORD not in json.dumps(result)
    assert not api.calls


def test_creates_and_reports_results_and_summary(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([make_source("old", "id0")]))
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=make_source("a", "id1"))
    config = [{"name": "a", "connector": "postgresql", "config": CONFIG}, {"name": "old"}]

    result = run_module({"api_url": API_URL, "access_token": TOKEN, "config": config, "_ansible_diff": True}, capsys)

    assert result["changed"] is True
    assert [(item["name"], item["action"]) for item in result["results"]] == [("a", "created"), ("old", "unchanged")]
    assert result["summary"]["created"] == 1 and result["summary"]["unchanged"] == 1
    assert list(result["diff"]["after"]) == ["a"]
    assert DB_PASSWORD not in json.dumps(result)


def test_a_failed_entry_fails_the_task_with_every_result(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api)
    api.post(f"{API_URL}/sources", status=422, json={"detail": "quota reached"})
    config = [{"name": "a", "connector": "postgresql", "config": CONFIG}]

    result = run_module({"api_url": API_URL, "access_token": TOKEN, "config": config}, capsys)

    assert result["failed"] is True
    assert "1 of 1 sources failed" in result["msg"] and "quota reached" in result["msg"]
    assert result["results"][0]["action"] == "failed"
    assert result["summary"]["failed"] == 1


def test_destinations_render_with_their_own_secret_keys(api, capsys):
    from ansible_collections.streamkap.cloud.plugins.modules import streamkap_destinations

    config = [{"name": "wh", "connector": "snowflake", "tags": ["prod"],
               "config": {"snowflake.private.key": "pk-Secret-1", "snowflake.schema.name": "RAW"}}]
    with patch_module_args({"state": "rendered", "config": config}):
        with pytest.raises(SystemExit):
            streamkap_destinations.main()
    result = json.loads(capsys.readouterr().out)
    assert result["rendered"] == [{"name": "wh", "connector": "snowflake", "created_from": "api", "tags": ["prod"],
                                   "config": {"snowflake.private.key": "********", "snowflake.schema.name": "RAW"}}]
    assert not api.calls


def test_every_class_of_bad_entry_is_listed_in_one_failure_before_any_write(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([make_source("old", "id0")]))
    api.get(f"{API_URL}/tags", json={"tags": []})
    answer_schema(api)
    bad_port = dict(CONFIG, **{"database.port.user.defined": "not-a-number"})
    config = [
        {"name": "shape-key", "bogus_key": 1, "connector": "postgresql", "config": CONFIG},
        {"name": "shape-choice", "desired_state": "Flying", "connector": "postgresql", "config": CONFIG},
        {"name": "dup", "connector": "postgresql", "config": CONFIG},
        {"name": "dup", "connector": "postgresql", "config": CONFIG},
        {"name": "wrong-type", "connector": "postgresql", "config": bad_port},
        {"name": "unknown-key", "connector": "postgresql", "config": dict(CONFIG, **{"no.such.key": "1"})},
        {"name": "old", "connector": "mysql", "config": CONFIG},
        {"name": "unknown-tag", "connector": "postgresql", "config": CONFIG, "tags": ["no-such-tag"]},
        {"name": "fine", "connector": "postgresql", "config": CONFIG},
    ]

    result = run_module({"api_url": API_URL, "access_token": TOKEN, "config": config}, capsys)

    assert result["failed"] is True
    assert "8 bad entries" in result["msg"]
    assert sorted(bad["position"] for bad in result["bad_entries"]) == [0, 1, 2, 3, 4, 5, 6, 7]
    for text in ("bogus_key", "Flying", "listed more than once", "database.port.user.defined", "no.such.key",
                 "no-such-tag"):
        assert text in result["msg"]
    assert [call.request.method for call in api.calls if call.request.method != "GET"] == []
    assert DB_PASSWORD not in json.dumps(result)
