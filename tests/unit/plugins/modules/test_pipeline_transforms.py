# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pipelines that route topics through transforms (streamkap_pipeline, streamkap_pipelines), with mocked HTTP:
names resolved with one read, routes compared as sets of pairs and written in the API's shape, the current
routes sent back when not given, an unknown transform refused before any write."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_pipeline, streamkap_pipelines
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, make_source

SOURCE_ID = "5f0c0ffee0000000000000a1"
DEST_ID = "5f0c0ffee0000000000000b2"
PREFIX = f"source_{SOURCE_ID}."
MASK = {"id": "t1", "name": "mask", "transform_type": "map_filter", "config": {}, "implementation": {},
        "topics": ["public.orders_masked"], "topic_ids": ["transform_t1_3.public.orders_masked"]}
ROUTER = {"id": "t2", "name": "router", "transform_type": "topic_router", "config": {}, "implementation": {},
          "topics": [], "topic_ids": []}
MASK_ENTRY = {"id": "t1", "name": "mask", "start_time": None, "topic": "public.orders_masked",
              "topic_id": "transform_t1_3.public.orders_masked"}
ROUTER_ENTRY = {"id": "t2", "name": "router", "start_time": None, "topic": "shop_orders",
                "topic_id": f"{PREFIX}shop_orders"}


def source() -> dict:
    return make_source("orders-pg", SOURCE_ID, topics=[f"{PREFIX}public.orders"])


def pipeline(**fields) -> dict:
    topics = [f"{PREFIX}public.orders"]
    return {"id": "p1", "name": "orders-out", "created_from": "api", "snapshot_new_tables": False,
            "source": dict(source(), topics=list(topics)),
            "destination": {"id": DEST_ID, "name": "analytics", "connector": "snowflake", "config": {}},
            "topic_ids": list(topics), "topics": list(topics), "transforms": [], "topic_auto_discovery_transforms": [],
            "tags": [], "connector_status": "Active", **fields}


def run(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, **args}):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def args(**overrides) -> dict:
    given = {"name": "orders-out", "source": "orders-pg", "destination": "analytics", "topics": ["public.orders"],
             "transforms": [{"transform": "mask", "topics": ["public.orders_masked"]},
                            {"transform": "t2", "topics": ["shop_orders"]}],
             "topic_auto_discovery_transforms": [{"transform": "mask", "regex": "public\\..*"}]}
    given.update(overrides)
    return {key: value for key, value in given.items() if value is not None}


def answer(api, pipelines: list[dict], transforms: list[dict] = (MASK, ROUTER)) -> None:
    api.replace("GET", f"{API_URL}/pipelines", json=list_page(pipelines))
    api.get(f"{API_URL}/transforms", json=list_page(list(transforms)))


def writes(api) -> list:
    return [call for call in api.calls if call.request.method in ("POST", "PUT", "DELETE")]


def test_create_writes_one_entry_per_transform_and_topic_with_prefixed_topic_ids(api, capsys):
    answer(api, [])
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.get(f"{API_URL}/destinations", json=list_page([{"id": DEST_ID, "name": "analytics", "connector": "snowflake"}]))
    api.post(f"{API_URL}/pipelines", json=pipeline(transforms=[MASK_ENTRY, ROUTER_ENTRY]))

    result = run(streamkap_pipeline, args(), capsys)

    assert result["changed"] is True, result
    [post] = calls_to(api, "POST", "/pipelines")
    body = json.loads(post.request.body)
    # The transform's own topic id when it has one for the topic, else the source's prefix.
    assert body["transforms"] == [MASK_ENTRY, ROUTER_ENTRY]
    assert body["topic_auto_discovery_transforms"] == [{"transform_id": "t1", "regex": "public\\..*"}]
    assert len(calls_to(api, "GET", "/transforms")) == 1  # both names resolved with one read


def test_a_rerun_with_the_routes_in_another_order_changes_nothing(api, capsys):
    answer(api, [pipeline(transforms=[ROUTER_ENTRY, dict(MASK_ENTRY, topic=None)],
                          topic_auto_discovery_transforms=[{"transform_id": "t1", "regex": "public\\..*"}])])

    reordered = [{"transform": "t2", "topics": ["shop_orders"]}, {"transform": "mask", "topics": ["public.orders_masked"]}]
    result = run(streamkap_pipeline, args(transforms=reordered), capsys)

    assert result["changed"] is False, result
    assert writes(api) == []


def test_a_changed_route_is_one_put_and_the_routes_not_given_are_sent_back(api, capsys):
    discovery = [{"transform_id": "t1", "regex": "public\\..*"}]
    answer(api, [pipeline(transforms=[MASK_ENTRY], topic_auto_discovery_transforms=discovery)])
    api.put(f"{API_URL}/pipelines/p1", json=pipeline())

    result = run(streamkap_pipeline, args(topic_auto_discovery_transforms=None, _ansible_diff=True), capsys)

    assert result["changed"] is True
    [put] = calls_to(api, "PUT", "/pipelines/p1")
    body = json.loads(put.request.body)
    assert body["transforms"] == [MASK_ENTRY, ROUTER_ENTRY]
    assert body["topic_auto_discovery_transforms"] == discovery
    assert result["diff"]["after"]["transforms"] == ["mask -> public.orders_masked", "router -> shop_orders"]
    assert result["diff"]["before"]["transforms"] == ["mask -> public.orders_masked"]


def test_routes_not_given_read_no_transform(api, capsys):
    answer(api, [pipeline(transforms=[MASK_ENTRY])])

    result = run(streamkap_pipeline, args(transforms=None, topic_auto_discovery_transforms=None), capsys)

    assert result["changed"] is False
    assert not calls_to(api, "GET", "/transforms")


def test_an_empty_list_removes_every_route(api, capsys):
    answer(api, [pipeline(transforms=[MASK_ENTRY])])
    api.put(f"{API_URL}/pipelines/p1", json=pipeline())

    run(streamkap_pipeline, args(transforms=[], topic_auto_discovery_transforms=[]), capsys)

    [put] = calls_to(api, "PUT", "/pipelines/p1")
    assert json.loads(put.request.body)["transforms"] == []


def test_an_unknown_transform_fails_before_any_write(api, capsys):
    answer(api, [pipeline()])

    result = run(streamkap_pipeline, args(transforms=[{"transform": "nope", "topics": ["x"]}]), capsys)

    assert result["failed"] is True
    assert "transform(s) 'nope' do not exist" in result["msg"]
    assert writes(api) == []


def test_an_unknown_transform_is_a_warning_in_check_mode(api, capsys, monkeypatch):
    # Under pytest ansible-core sends module warnings to the controller's display: collect them here.
    warnings: list[str] = []
    monkeypatch.setattr(streamkap_pipeline.StreamkapModule, "warn", lambda module, message, **kw: warnings.append(message))
    answer(api, [pipeline()])

    result = run(streamkap_pipeline, args(transforms=[{"transform": "nope", "topics": ["x"]}],
                                          topic_auto_discovery_transforms=None, _ansible_check_mode=True), capsys)

    assert result["changed"] is True
    assert any("'nope' do not exist (yet)" in warning for warning in warnings)
    assert writes(api) == []


def test_a_route_without_topics_is_refused_before_any_request(api, capsys):
    result = run(streamkap_pipeline, args(transforms=[{"transform": "mask", "topics": []}]), capsys)

    assert result["failed"] is True and "needs topics" in result["msg"]
    assert not api.calls


def test_gathered_pipelines_with_routes_applied_with_replaced_change_nothing(api, capsys):
    discovery = [{"transform_id": "t1", "regex": "public\\..*"}]
    answer(api, [pipeline(transforms=[MASK_ENTRY, ROUTER_ENTRY], topic_auto_discovery_transforms=discovery)])

    gathered = run(streamkap_pipelines, {"state": "gathered"}, capsys)["gathered"]

    assert gathered[0]["transforms"] == [{"transform": "t1", "topics": ["public.orders_masked"]},
                                         {"transform": "t2", "topics": ["shop_orders"]}]
    assert gathered[0]["topic_auto_discovery_transforms"] == [{"transform": "t1", "regex": "public\\..*"}]

    replaced = run(streamkap_pipelines, {"state": "replaced", "config": gathered}, capsys)

    assert replaced["changed"] is False, replaced
    assert writes(api) == []
