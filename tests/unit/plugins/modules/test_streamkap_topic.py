# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_topic and streamkap_topic_info end to end through main(), with mocked HTTP."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_topic, streamkap_topic_info
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, make_source

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
TOPIC_ID = f"source_{SOURCE_ID}.public.orders"
TOPIC_PATH = f"/topics/{TOPIC_ID}"
HOT_TAG = {"id": "670e5ca40afe1d3983ce0c31", "name": "hot", "type": ["topics"], "system": False, "custom": True}


def topic(topic_id: str = TOPIC_ID, partitions: int = 3, tags: list | None = None) -> dict:
    """A topic as GET /topics/{id}?detailed=true answers it."""
    prefix, name = topic_id.split(".", 1)
    return {"id": topic_id, "name": name, "prefix": prefix,
            "entity": {"entity_type": "sources", "entity_id": SOURCE_ID, "name": "orders-db", "connector": "postgresql"},
            "kafka": {"partitions": {"count": partitions}, "configs": {"retention.ms": 604800000}},
            "serialization": {"key_format": "avro", "value_format": "avro"}, "tags": tags or []}


def listed(topic_id: str = TOPIC_ID) -> dict:
    """A topic as GET /topics/details lists it (no kafka, no tags)."""
    item = {key: value for key, value in topic(topic_id).items() if key not in ("kafka", "tags")}
    return dict(item, messages_7d=10, messages_30d=40)


def run_module(module, args: dict, capsys: pytest.CaptureFixture, check: bool = False, diff: bool = False) -> dict:
    base = {"api_url": API_URL, "access_token": TOKEN, "_ansible_check_mode": check, "_ansible_diff": diff}
    with patch_module_args(dict(base, **args)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def answer_topic(api, *answers: dict, topic_id: str = TOPIC_ID) -> None:
    """GET /topics/{id}?detailed=true answering these topics in turn (the last one from then on)."""
    for answer in answers:
        api.get(f"{API_URL}/topics/{topic_id}", json=answer, match=[matchers.query_param_matcher({"detailed": "true"})])


def writes(api) -> list:
    return [call for call in api.calls if call.request.method != "GET"]


# --- streamkap_topic ---

def test_partitions_grow_with_one_put_and_the_result_is_a_fresh_read(api, capsys):
    answer_topic(api, topic(partitions=3), topic(partitions=6))
    api.put(f"{API_URL}{TOPIC_PATH}", json={"acknowledged": True})

    result = run_module(streamkap_topic, {"id": TOPIC_ID, "partitions": 6}, capsys)

    assert result.get("changed") is True, result
    [put] = calls_to(api, "PUT", TOPIC_PATH)
    assert json.loads(put.request.body) == {"payload": {"partition_count": 6}}
    assert put.request.path_url == TOPIC_PATH
    assert result["topic"]["kafka"]["partitions"]["count"] == 6


def test_a_rerun_with_the_same_count_is_one_read_and_no_write(api, capsys):
    answer_topic(api, topic(partitions=6))

    result = run_module(streamkap_topic, {"id": TOPIC_ID, "partitions": 6}, capsys)

    assert result["changed"] is False, result
    assert [call.request.method for call in api.calls] == ["GET"]


def test_fewer_partitions_fail_naming_the_current_count_before_any_write(api, capsys):
    answer_topic(api, topic(partitions=6))

    result = run_module(streamkap_topic, {"id": TOPIC_ID, "partitions": 3}, capsys)

    assert result["failed"] is True
    assert "has 6 partitions" in result["msg"] and "at least 6" in result["msg"]
    assert writes(api) == []


def test_check_mode_predicts_the_count_and_diff_shows_it_without_writing(api, capsys):
    answer_topic(api, topic(partitions=3))

    result = run_module(streamkap_topic, {"id": TOPIC_ID, "partitions": 12}, capsys, check=True, diff=True)

    assert result["changed"] is True
    assert result["topic"]["kafka"]["partitions"]["count"] == 12
    assert result["diff"] == {"before": {"id": TOPIC_ID, "partitions": 3}, "after": {"id": TOPIC_ID, "partitions": 12},
                              "before_header": "topic public.orders", "after_header": "topic public.orders"}
    assert writes(api) == []


def test_a_topic_named_by_its_source_is_read_by_its_id(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([make_source("orders-db", SOURCE_ID)]))
    answer_topic(api, topic(partitions=3))

    result = run_module(streamkap_topic, {"source": "orders-db", "topic": "public.orders", "partitions": 3}, capsys)

    assert result["changed"] is False, result
    assert result["topic"]["id"] == TOPIC_ID
    assert [call.request.path_url.split("?")[0] for call in api.calls] == ["/sources", TOPIC_PATH]


def test_a_transform_topic_is_found_in_its_topic_list(api, capsys):
    transform_topic = "transform_t1_2.orders_clean"
    api.get(f"{API_URL}/transforms", json=list_page([{"id": "t1", "name": "clean", "transform_type": "map_filter"}]))
    query = {"entity_type": "transforms", "entity_id": "t1", "page": "1", "page_size": "100"}
    api.get(f"{API_URL}/topics/details", json=list_page([dict(listed(transform_topic), name="orders_clean")]),
            match=[matchers.query_param_matcher(query)])
    answer_topic(api, topic(transform_topic, partitions=1), topic(transform_topic, partitions=2), topic_id=transform_topic)
    api.put(f"{API_URL}/topics/{transform_topic}", json={})

    result = run_module(streamkap_topic, {"transform": "clean", "topic": "orders_clean", "partitions": 2}, capsys)

    assert result.get("changed") is True, result
    assert result["topic"]["id"] == transform_topic


def test_tags_are_resolved_by_name_and_sent_in_the_payload_with_the_count(api, capsys):
    api.get(f"{API_URL}/tags", json={"tags": [HOT_TAG]})
    answer_topic(api, topic(partitions=3), topic(partitions=3, tags=[HOT_TAG["id"]]))
    api.put(f"{API_URL}{TOPIC_PATH}", json={})

    result = run_module(streamkap_topic, {"id": TOPIC_ID, "tags": ["hot"]}, capsys, diff=True)

    assert result.get("changed") is True, result
    [put] = calls_to(api, "PUT", TOPIC_PATH)
    assert json.loads(put.request.body) == {"payload": {"partition_count": 3, "tags": [HOT_TAG["id"]]}}
    assert result["diff"]["after"]["tags"] == ["hot"] and result["diff"]["before"]["tags"] == []


def test_an_unknown_topic_fails_saying_topics_come_with_their_entity(api, capsys):
    api.get(f"{API_URL}{TOPIC_PATH}", status=404, json={"detail": f"Topic '{TOPIC_ID}' not found"})

    result = run_module(streamkap_topic, {"id": TOPIC_ID, "partitions": 3}, capsys)

    assert result["failed"] is True
    assert f"No topic has id '{TOPIC_ID}'" in result["msg"] and "come and go with their entity" in result["msg"]
    assert writes(api) == []


def test_an_unknown_source_fails_naming_it(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([]))

    result = run_module(streamkap_topic, {"source": "nope", "topic": "public.orders", "partitions": 3}, capsys)

    assert result["failed"] is True
    assert "No source is named 'nope'" in result["msg"]


@pytest.mark.parametrize("args, message", [
    ({"id": TOPIC_ID, "partitions": 0}, "partitions must be at least 1"),
    ({"id": TOPIC_ID, "partitions": True}, "partitions must be a whole number of partitions; got true"),
    ({"id": TOPIC_ID, "partitions": 2**31}, "partitions must be at most 2147483647"),
    ({"source": "orders-db"}, "missing parameter(s) required by 'source': topic"),
    ({"id": TOPIC_ID, "topic": "public.orders"}, "mutually exclusive"),
    ({"id": "../sources"}, "is not a topic id"),
])
def test_bad_input_fails_before_any_request(api, capsys, args, message):
    result = run_module(streamkap_topic, args, capsys)

    assert result["failed"] is True
    assert message in result["msg"]
    assert len(api.calls) == 0


# --- streamkap_topic_info ---

def test_info_lists_an_entitys_topics_with_their_partition_counts(api, capsys):
    other = f"source_{SOURCE_ID}.public.customers"
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([make_source("orders-db", SOURCE_ID)]))
    api.get(f"{API_URL}/sources", json=list_page([]))
    query = {"entity_type": "sources", "entity_id": SOURCE_ID, "snapshot": "failed,running", "page": "1", "page_size": "100"}
    api.get(f"{API_URL}/topics/details", json=list_page([listed(), listed(other)]), match=[matchers.query_param_matcher(query)])
    answer_topic(api, topic(partitions=6))
    answer_topic(api, topic(other, partitions=2), topic_id=other)

    result = run_module(streamkap_topic_info, {"source": SOURCE_ID, "snapshot": ["failed", "running"]}, capsys)

    assert result["changed"] is False, result
    assert [(item["id"], item["partition_count"]) for item in result["topics"]] == [(TOPIC_ID, 6), (other, 2)]
    assert result["topics"][0]["messages_7d"] == 10 and result["topics"][0]["tags"] == []


def test_info_reads_each_id_once_and_an_unknown_entity_matches_nothing(api, capsys):
    api.get(f"{API_URL}/topics/details", json=list_page([listed()]),
            match=[matchers.query_param_matcher({"topic_id": TOPIC_ID, "page": "1", "page_size": "100"})])
    answer_topic(api, topic(partitions=6))

    by_id = run_module(streamkap_topic_info, {"id": [TOPIC_ID]}, capsys)
    api.get(f"{API_URL}/pipelines/nope", json=list_page([]))
    none = run_module(streamkap_topic_info, {"pipeline": "nope"}, capsys)

    assert [item["partition_count"] for item in by_id["topics"]] == [6]
    assert none["topics"] == []
