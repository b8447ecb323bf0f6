# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fleet's tags_in_use, tags in rendered bodies, gathered refusing a config, and the pipeline
entry options said once."""

from __future__ import annotations

import json
import typing as t

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils import fleet as fl
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet_pipelines import PIPELINES
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import pipeline_options
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_pipeline, streamkap_sources
from ansible_collections.streamkap.cloud.plugins.modules.streamkap_sources import SOURCES
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, calls_to, list_page, make_source

CONFIG = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}
CREATE_CONFIG = dict(CONFIG, **{"database.password": DB_PASSWORD})
TAGS = {"tags": [{"id": "t-prod", "name": "prod"}, {"id": "t-eu", "name": "eu"}, {"id": "t-old", "name": "old"}]}


def params(config: list[dict[str, t.Any]] | None = None, **options: t.Any) -> dict[str, t.Any]:
    base = {"config": config or [], "state": "merged", "max_concurrent_writes": 2, "update_secrets": "on_create",
            "validate_config": True, "wait": False, "wait_timeout": 300, "wait_interval": 5.0}
    base.update(options)
    return base


def run(config=None, check_mode=False, **options) -> dict[str, t.Any]:
    request = fl.FleetRequest.from_params(SOURCES, params(config, **options))
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, sleep=lambda seconds: None)
    return fl.Fleet(request, client, check_mode=check_mode).run()


def source(name: str, source_id: str, *tags: str, **fields: t.Any) -> dict[str, t.Any]:
    return make_source(name, source_id, config=dict(CONFIG), tags=list(tags), **fields)


def answer_sources(api, items: list[dict[str, t.Any]]) -> None:
    api.get(f"{API_URL}/sources", json=list_page(items))


def writes(api) -> list[tuple[str, str]]:
    return [(call.request.method, call.request.path_url.split("?")[0]) for call in api.calls
            if call.request.method in ("POST", "PUT", "DELETE")]


# --- tags_in_use: the tags the kind's entities carry after the task ---

def test_a_task_that_changes_nothing_reports_every_tag_carried_and_reads_no_tags(api):
    answer_sources(api, [source("a", "id1", "t-prod"), source("b", "id2", "t-prod", "t-eu"), source("c", "id3"),
                         source("going", "id4", "t-old", connector_status="Pending Delete")])
    result = run([{"name": "a"}])
    assert result["tags_in_use"] == ["t-eu", "t-prod"]  # ids, sorted; one being deleted does not count
    assert calls_to(api, "GET", "/tags") == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_deleted_entries_no_longer_count_and_check_mode_predicts_the_same(api, check_mode):
    answer_sources(api, [source("a", "id1", "t-prod"), source("b", "id2", "t-eu"), source("c", "id3", "t-eu")])
    api.delete(f"{API_URL}/sources/id2", json=source("b", "id2", "t-eu"))
    api.delete(f"{API_URL}/sources/id1", json=source("a", "id1", "t-prod"))
    result = run([{"name": "a"}, {"name": "b"}], state="deleted", check_mode=check_mode)
    assert result["tags_in_use"] == ["t-eu"]  # c still carries t-eu; nothing else carries t-prod
    assert len(writes(api)) == (0 if check_mode else 2)


def test_a_failed_delete_keeps_its_tags_in_use(api):
    answer_sources(api, [source("a", "id1", "t-prod"), source("b", "id2", "t-eu")])
    api.delete(f"{API_URL}/sources/id1", status=503, json={"detail": "unavailable"})
    api.delete(f"{API_URL}/sources/id2", json=source("b", "id2", "t-eu"))
    with pytest.raises(fl.FleetError) as caught:
        run([{"name": "a"}, {"name": "b"}], state="deleted")
    assert caught.value.to_result()["tags_in_use"] == ["t-prod"]


def test_overridden_drops_the_tags_of_the_unlisted_entities_it_deletes(api):
    answer_sources(api, [source("shop-a", "id1", "t-prod"), source("shop-old", "id2", "t-old"),
                         source("other", "id3", "t-eu")])
    api.delete(f"{API_URL}/sources/id2", json=source("shop-old", "id2", "t-old"))
    result = run([{"name": "shop-a", "connector": "postgresql", "config": dict(CONFIG)}], state="overridden",
                 scope={"name_prefix": "shop-"})
    assert [(item["name"], item["action"]) for item in result["results"]] == [("shop-a", "unchanged"), ("shop-old", "deleted")]
    assert result["tags_in_use"] == ["t-eu", "t-prod"]  # other is outside the scope, yet counted: the whole tenant


@pytest.mark.parametrize("check_mode", [False, True])
def test_created_and_retagged_entities_count_with_their_new_tags(api, check_mode):
    answer_sources(api, [source("a", "id1", "t-old")])
    api.get(f"{API_URL}/tags", json=TAGS)
    answer_schema(api)
    api.put(f"{API_URL}/sources/id1", json=source("a", "id1", "t-prod"))
    api.post(f"{API_URL}/sources", json=source("new", "id9", "t-eu"))
    config = [{"name": "a", "tags": ["prod"]},
              {"name": "new", "connector": "postgresql", "config": dict(CREATE_CONFIG), "tags": ["eu"]}]
    result = run(config, check_mode=check_mode)
    assert [item["action"] for item in result["results"]] == ["updated", "created"]
    assert result["tags_in_use"] == ["t-eu", "t-prod"]  # t-old purged from a
    assert len(writes(api)) == (0 if check_mode else 2)


def test_gathered_reports_the_tags_of_the_whole_list(api):
    answer_sources(api, [source("a", "id1", "t-prod"), source("b", "id2")])
    result = run([], state="gathered")
    assert result["tags_in_use"] == ["t-prod"]


@pytest.mark.parametrize("state", ["gathered", "deleted"])
def test_a_read_narrowed_to_the_name_prefix_reports_no_tags_in_use(api, state):
    api.get(f"{API_URL}/sources", json=list_page([source("tmp-1", "id1", "t-prod")]),
            match=[matchers.query_param_matcher({"secret_returned": "false", "partial_name": "tmp-",
                                                 "page": "1", "page_size": "100"})])
    api.delete(f"{API_URL}/sources/id1", json=source("tmp-1", "id1", "t-prod"))
    result = run([], state=state, scope={"name_prefix": "tmp-"})
    assert "tags_in_use" not in result  # what the narrowed read did not see may carry tags


def test_deleting_by_a_tag_scope_reads_the_whole_list_and_reports_what_is_left(api):
    answer_sources(api, [source("a", "id1", "t-old"), source("b", "id2", "t-old", "t-eu"), source("c", "id3", "t-prod")])
    api.get(f"{API_URL}/tags", json=TAGS)
    for source_id in ("id1", "id2"):
        api.delete(f"{API_URL}/sources/{source_id}", json=source(source_id, source_id))
    result = run([], state="deleted", scope={"tag": "old"})
    assert result["summary"]["deleted"] == 2
    assert result["tags_in_use"] == ["t-prod"]


# --- rendered: tags as given ---

def test_rendered_bodies_carry_the_tags_as_given_and_none_without(api):
    config = [{"name": "a", "connector": "postgresql", "config": dict(CONFIG), "tags": ["prod", "t-eu", "prod"]},
              {"name": "b", "connector": "postgresql", "config": dict(CONFIG)},
              {"name": "c", "connector": "postgresql", "config": dict(CONFIG), "tags": []}]
    bodies = fl.FleetRequest.from_params(SOURCES, params(config, state="rendered")).rendered()
    assert bodies[0]["tags"] == ["prod", "t-eu"]  # names or ids as given, each once
    assert "tags" not in bodies[1]                  # the write sends no tags field either
    assert bodies[2]["tags"] == []                  # an empty list clears them: sent as such
    assert not api.calls


# --- gathered takes no config ---

def test_gathered_with_a_config_is_refused_before_any_request(api):
    with pytest.raises(StreamkapError) as caught:
        fl.FleetRequest.from_params(SOURCES, params([{"name": "a"}], state="gathered"))
    message = str(caught.value)
    assert "state=gathered takes no config" in message and "scope" in message
    assert not api.calls


def test_gathered_with_only_malformed_entries_is_refused_the_same_way(api, capsys):
    args = {"api_url": API_URL, "access_token": TOKEN, "state": "gathered", "config": [{"name": "a", "colour": "red"}]}
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            streamkap_sources.main()
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True
    assert "state=gathered takes no config" in result["msg"]
    assert not api.calls


# --- the pipeline options, said once ---

def test_a_pipeline_entry_takes_the_singular_modules_options_but_state_and_secret_returned():
    singular = pipeline_options()
    expected = {key: {name: value for name, value in option.items() if name != "default"}
                for key, option in singular.items() if key not in ("state", "secret_returned")}
    expected["name"]["required"] = True
    assert PIPELINES.entry_argument_spec == expected
    assert PIPELINES.entry_defaults["created_from"] == "api" and PIPELINES.entry_defaults["purge_tags"] is True


def test_the_singular_pipeline_module_uses_the_shared_options():
    spec = streamkap_pipeline.argument_spec()
    assert {key: spec[key] for key in pipeline_options()} == pipeline_options()
    assert spec["state"]["default"] == "present" and spec["secret_returned"]["default"] is False
