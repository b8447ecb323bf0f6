# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An answer the collection cannot read (null or other non-object items in a list, a field of
another type, JSON nested too deeply to parse) is a clear failure naming the call, never a
traceback, and never shows the answer's body. One reader at a time, through the modules."""

from __future__ import annotations

import json
import typing as t

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import entity_problem
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE
from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destination_info,
    streamkap_pipeline,
    streamkap_pipeline_info,
    streamkap_pipelines,
    streamkap_source,
    streamkap_source_info,
    streamkap_sources,
    streamkap_tag,
    streamkap_tag_info,
)
from tests.unit.helpers import API_URL, TOKEN, answer_schema, calls_to, list_page, make_source

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
PIPE_ID = "6650f1c2a9d3e4b5c6d7e8fa"
LEAK = "LEAK-answer-text-41c7"
DEEP = "[" * 100000 + "]" * 100000


def source(**fields: t.Any) -> dict[str, t.Any]:
    return dict(make_source("orders", SOURCE_ID), **fields)


def pipeline(**fields: t.Any) -> dict[str, t.Any]:
    end = {"id": SOURCE_ID, "name": "orders", "connector": "postgresql", "topics": ["public.orders"]}
    return {"id": PIPE_ID, "name": "p1", "source": end, "destination": {"id": "d1", "name": "dw", "connector": "snowflake"},
            "tags": [], "transforms": [], "connector_status": "Active", **fields}


def tag(**fields: t.Any) -> dict[str, t.Any]:
    return {"id": "t1", "name": "team", "description": "", "type": ["general"], "system": False, **fields}


def run(module: t.Any, args: dict[str, t.Any], capsys: pytest.CaptureFixture) -> dict[str, t.Any]:
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, "retries": 0, **args}):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def assert_clean_failure(result: dict[str, t.Any], call: str, *phrases: str) -> None:
    assert result["failed"] is True, result
    assert result["msg"].startswith(f"{call} failed"), result["msg"]
    for phrase in phrases:
        assert phrase in result["msg"], result["msg"]
    text = json.dumps(result)
    assert "Traceback" not in text and LEAK not in text


# --- what a list answer may not hold, for every kind's list reader ---

LIST_READERS = [
    pytest.param(streamkap_source_info, {}, "/sources", source, id="source_info"),
    pytest.param(streamkap_destination_info, {}, "/destinations", source, id="destination_info"),
    pytest.param(streamkap_pipeline_info, {}, "/pipelines", pipeline, id="pipeline_info"),
    pytest.param(streamkap_source, {"name": "orders", "connector": "postgresql", "config": {"database.user": "u"}},
                 "/sources", source, id="source_lookup"),
    pytest.param(streamkap_pipeline, {"name": "p1"}, "/pipelines", pipeline, id="pipeline_lookup"),
    pytest.param(streamkap_sources, {"state": "gathered"}, "/sources", source, id="sources_read"),
    pytest.param(streamkap_pipelines, {"state": "gathered"}, "/pipelines", pipeline, id="pipelines_read"),
]

BAD_ITEMS = [
    pytest.param([None], "item 1 of page 1 of the list answer is null, not an object", id="null"),
    pytest.param([7], "item 1 of page 1 of the list answer is a number, not an object", id="number"),
    pytest.param([LEAK], "item 1 of page 1 of the list answer is text, not an object", id="text"),
    pytest.param([["x"]], "item 1 of page 1 of the list answer is a list, not an object", id="list"),
]


@pytest.mark.parametrize("module, args, path, good", LIST_READERS)
@pytest.mark.parametrize("items, phrase", BAD_ITEMS)
def test_a_list_answer_holding_a_non_object_item_is_a_clean_failure(api, capsys, module, args, path, good, items,
                                                                    phrase):
    api.upsert("GET", f"{API_URL}{path}", json=list_page([good(), *items]))

    result = run(module, args, capsys)

    assert_clean_failure(result, f"GET {path}", phrase.replace("item 1", "item 2"))


BAD_FIELDS = [
    pytest.param({"tags": LEAK}, "field 'tags' is text, not a list", id="tags-text"),
    pytest.param({"tags": [{"id": LEAK}]}, "item 1 of field 'tags' is an object, not text or a number", id="tags-item"),
    pytest.param({"config": [LEAK]}, "field 'config' is a list, not an object", id="config-list"),
    pytest.param({"name": [LEAK]}, "field 'name' is a list, not text", id="name-list"),
    pytest.param({"id": {"a": LEAK}}, "field 'id' is an object, not text or a number", id="id-object"),
    pytest.param({"connector_status": ["Active"]}, "field 'connector_status' is a list, not text", id="status-list"),
]


@pytest.mark.parametrize("module, args, path, good", [param for param in LIST_READERS if param.values[3] is source])
@pytest.mark.parametrize("fields, phrase", BAD_FIELDS)
def test_an_entity_field_of_another_type_is_a_clean_failure(api, capsys, module, args, path, good, fields, phrase):
    api.upsert("GET", f"{API_URL}{path}", json=list_page([good(**fields)]))

    result = run(module, args, capsys)

    assert_clean_failure(result, f"GET {path}", phrase)


@pytest.mark.parametrize("fields, phrase", [
    pytest.param({"source": LEAK}, "field 'source' is text, not an object", id="source-text"),
    pytest.param({"source": {"id": SOURCE_ID, "topics": 5}}, "field 'source.topics' is a number, not a list", id="topics"),
    pytest.param({"destination": {"config": [LEAK]}}, "field 'destination.config' is a list, not an object", id="config"),
    pytest.param({"transforms": {"a": LEAK}}, "field 'transforms' is an object, not a list", id="transforms"),
])
@pytest.mark.parametrize("module, args", [
    pytest.param(streamkap_pipeline_info, {}, id="pipeline_info"),
    pytest.param(streamkap_pipeline, {"name": "p1", "topics": ["public.orders"]}, id="pipeline"),
    pytest.param(streamkap_pipelines, {"state": "gathered"}, id="pipelines"),
])
def test_a_pipeline_whose_ends_have_other_types_is_a_clean_failure(api, capsys, module, args, fields, phrase):
    api.upsert("GET", f"{API_URL}/pipelines", json=list_page([pipeline(**fields)]))

    result = run(module, args, capsys)

    assert_clean_failure(result, "GET /pipelines", phrase)


def test_a_page_size_of_another_type_is_not_trusted(api):
    api.get(f"{API_URL}/sources", json=dict(list_page([source()], has_next=True), page_size="100"))
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN)

    assert [item["id"] for item in client.paginate("/sources")] == [SOURCE_ID]


# --- reading one entity by id ---

@pytest.mark.parametrize("answer, phrase", [
    pytest.param({"result": [None]}, "item 1 of the answer's 'result' is null, not an object", id="null-item"),
    pytest.param({"result": [5, source()]}, "item 1 of the answer's 'result' is a number, not an object", id="number"),
    pytest.param({"result": {"id": SOURCE_ID}}, "the answer's 'result' is an object, not a list", id="result-object"),
    pytest.param([source()], "the answer is a list, not an object", id="bare-list"),
    pytest.param(LEAK, "the answer is text, not an object", id="text"),
    pytest.param({"result": [source(tags=LEAK)]}, "field 'tags' is text, not a list", id="field"),
])
def test_a_read_by_id_that_cannot_be_read_is_a_clean_failure(api, capsys, answer, phrase):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=answer)

    result = run(streamkap_source, {"id": SOURCE_ID}, capsys)

    assert_clean_failure(result, f"GET /sources/{SOURCE_ID}", phrase)


# --- tags: the catalog, the tag kind's reads ---

@pytest.mark.parametrize("answer, phrase", [
    pytest.param({"tags": [None, tag()]}, "item 1 of the answer's 'tags' is null, not an object", id="null"),
    pytest.param({"tags": [tag(), LEAK]}, "item 2 of the answer's 'tags' is text, not an object", id="text"),
    pytest.param({"tags": {"id": "t1"}}, "the answer's 'tags' is an object, not a list", id="object"),
    pytest.param({"tags": [tag(type=LEAK)]}, "field 'type' is text, not a list", id="type-text"),
    pytest.param({"tags": [tag(type=[{"a": 1}])]}, "item 1 of field 'type' is an object, not text", id="type-item"),
])
@pytest.mark.parametrize("module, args", [
    pytest.param(streamkap_source, {"name": "orders", "tags": ["team"]}, id="catalog"),
    pytest.param(streamkap_tag, {"name": "team"}, id="tag"),
    pytest.param(streamkap_tag_info, {}, id="tag_info"),
])
def test_a_tags_answer_that_cannot_be_read_is_a_clean_failure(api, capsys, module, args, answer, phrase):
    api.get(f"{API_URL}/tags", json=answer)
    api.get(f"{API_URL}/sources", json=list_page([source()]))

    result = run(module, args, capsys)

    assert_clean_failure(result, "GET /tags", phrase)


# --- the entities that use one (a delete asks first) ---

def test_a_users_answer_holding_null_is_a_clean_failure(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.upsert("GET", f"{API_URL}/pipelines", json=list_page([None]))

    result = run(streamkap_source, {"name": "orders", "state": "absent"}, capsys)

    assert_clean_failure(result, "GET /pipelines", "item 1 of page 1 of the list answer is null")
    assert not calls_to(api, "DELETE", f"/sources/{SOURCE_ID}")


# --- the connector schema ---

@pytest.mark.parametrize("prop, phrase", [
    pytest.param({"name": "database.user", "value": LEAK}, "its 'value' is text, not an object", id="value"),
    pytest.param({"name": "database.user", "value": {"control": ["string"]}}, "its 'control' is a list, not text",
                 id="control"),
    pytest.param({"name": "database.user", "conditions": {"config": "x"}}, "its 'conditions' is an object, not a list",
                 id="conditions"),
    pytest.param({"name": "database.user", "conditions": [None]}, "one of its 'conditions' is not an object", id="cond"),
    pytest.param({"name": "database.user", "value": {"raw_values": LEAK}}, "its 'raw_values' is text, not a list",
                 id="raw_values"),
])
def test_a_schema_that_cannot_be_read_is_a_clean_failure(api, capsys, prop, phrase):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api, [prop])

    result = run(streamkap_source, {"name": "orders", "connector": "postgresql", "config": {"database.user": "u"}},
                 capsys)

    assert result["failed"] is True
    assert result["msg"].startswith("Cannot read the config schema of connector 'postgresql' (GET /sources/connectors): ")
    assert phrase in result["msg"] and LEAK not in json.dumps(result)
    assert not calls_to(api, "POST", "/sources")


# --- JSON nested too deeply for the parser ---

@pytest.mark.parametrize("status", [200, 400, 503])
def test_an_answer_nested_too_deeply_is_a_clean_failure(api, capsys, status):
    api.get(f"{API_URL}/sources", body=DEEP, status=status, content_type="application/json")

    result = run(streamkap_source_info, {}, capsys)

    assert_clean_failure(result, "GET /sources", f"HTTP {status} (a JSON body nested too deeply to read)")
    assert result["status"] == status


def test_a_write_answer_nested_too_deeply_is_a_clean_failure(api):
    api.put(f"{API_URL}/sources/{SOURCE_ID}", body=DEEP, content_type="application/json")
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, retries=0)

    with pytest.raises(StreamkapApiError) as raised:
        client.put(f"/sources/{SOURCE_ID}", body={"name": "orders"})

    assert str(raised.value).startswith(f"PUT /sources/{SOURCE_ID} failed with HTTP 200: ")
    assert "nested too deeply" in str(raised.value)


# --- what writes answer ---

def test_an_update_answer_that_cannot_be_read_says_the_write_was_applied(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=[LEAK])

    result = run(streamkap_source, {"name": "orders", "config": {"database.user": "other"}, "validate_config": False},
                 capsys)

    assert_clean_failure(result, f"PUT /sources/{SOURCE_ID}", "the answer is a list, not an object",
                         "The PUT was applied")


def test_an_empty_create_answer_is_read_back_by_name(api, capsys):
    created = source(config={"database.user": "u"})
    api.get(f"{API_URL}/sources", json=list_page([]))
    api.post(f"{API_URL}/sources", body="")
    api.add("GET", f"{API_URL}/sources", json=list_page([created]))

    result = run(streamkap_source, {"name": "orders", "connector": "postgresql", "config": {"database.user": "u"},
                                    "validate_config": False, "wait": True, "wait_interval": 0.5}, capsys)

    assert result["changed"] is True, result
    assert result["source"]["id"] == SOURCE_ID


def test_a_delete_answer_that_cannot_be_read_leaves_the_known_entity(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json={"id": SOURCE_ID, "tags": LEAK})

    result = run(streamkap_source, {"name": "orders", "state": "absent"}, capsys)

    assert result["changed"] is True, result
    assert result["source"]["tags"] == []


def test_entity_problem_names_nested_fields_and_accepts_nulls():
    assert entity_problem(source(config=None, tags=None, name=None), SOURCE.answer_fields) is None
    assert entity_problem(source(tags=[True]), SOURCE.answer_fields) == "item 1 of field 'tags' is a boolean, not text or a number"
    assert entity_problem(None, SOURCE.answer_fields) == "the answer is null, not an object"


# --- an entity without its id, an answer object of another shape ---

@pytest.mark.parametrize("module, args, path, good", LIST_READERS)
@pytest.mark.parametrize("missing_id", [None, ""], ids=["null", "empty"])
def test_an_entity_without_an_id_is_a_clean_failure_before_any_write(api, capsys, module, args, path, good, missing_id):
    # Every later call names the entity by its id: a write would otherwise go to .../None.
    api.upsert("GET", f"{API_URL}{path}", json=list_page([good(id=missing_id)]))

    result = run(module, args, capsys)

    assert_clean_failure(result, f"GET {path}", "has no id")
    assert all(call.request.method == "GET" for call in api.calls)


@pytest.mark.parametrize("answer", [{"result": [tag()]}, {"detail": LEAK}, {"tags": None}], ids=["renamed envelope", "error with a 200", "null"])
@pytest.mark.parametrize("module, args", [(streamkap_tag, {"name": "team"}), (streamkap_tag_info, {})], ids=["tag", "tag_info"])
def test_a_tags_answer_of_another_shape_is_no_empty_catalog(api, capsys, module, args, answer):
    # Read as "no tags", it would send a create for a tag that exists.
    api.upsert("GET", f"{API_URL}/tags", json=answer)

    result = run(module, args, capsys)

    assert_clean_failure(result, "GET /tags", "no 'tags' list")
    assert all(call.request.method == "GET" for call in api.calls)


def test_an_answer_object_of_another_shape_for_one_entity_is_a_clean_failure(api, capsys):
    # GET /sources/{id} answering an object that is neither the envelope nor a source: not "gone".
    api.upsert("GET", f"{API_URL}/sources/{SOURCE_ID}", json={"detail": LEAK})

    result = run(streamkap_source, {"id": SOURCE_ID, "state": "absent"}, capsys)

    assert_clean_failure(result, f"GET /sources/{SOURCE_ID}", "no 'result' list")
    assert all(call.request.method == "GET" for call in api.calls)
