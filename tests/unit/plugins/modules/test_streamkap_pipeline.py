# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_pipeline and streamkap_pipeline_info end to end through main(), with mocked HTTP;
and the referential check that keeps a used source from being deleted."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_pipeline,
    streamkap_pipeline_info,
    streamkap_source,
)
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, make_source

SOURCE_ID = "5f0c0ffee0000000000000a1"
DEST_ID = "5f0c0ffee0000000000000b2"
PIPE_ID = "5f0c0ffee0000000000000c3"
PREFIX = f"source_{SOURCE_ID}."
PG_PASSWORD = "pg-Embedded-Secret-7"
SF_KEY = "sf-Embedded-Key-8"
TRANSFORMS = [{"id": "t1", "name": "mask", "start_time": None, "topic": "public.orders", "topic_id": f"{PREFIX}public.orders"}]


def source(**fields) -> dict:
    return make_source("orders-pg", SOURCE_ID, topics=[f"{PREFIX}public.orders", f"{PREFIX}public.customers"], **fields)


def destination(**fields) -> dict:
    return {"id": DEST_ID, "name": "analytics", "connector": "snowflake",
            "config": {"snowflake.url.name": "acme"}, "connector_status": "Active", **fields}


def pipeline(**fields) -> dict:
    topics = [f"{PREFIX}public.orders"]
    return {
        "id": PIPE_ID, "name": "orders-to-snowflake", "created_from": "api", "snapshot_new_tables": False,
        "source": dict(source(), topics=list(topics)), "destination": destination(),
        "topic_ids": list(topics), "topics": list(topics), "transforms": TRANSFORMS,
        "topic_auto_discovery_transforms": [], "tags": [], "connector_status": "Active", "desired_state": "Active",
        **fields,
    }


def run(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, **args}):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def pipeline_args(**overrides) -> dict:
    args = {"name": "orders-to-snowflake", "source": "orders-pg", "destination": "analytics", "topics": ["public.orders"]}
    args.update(overrides)
    return {key: value for key, value in args.items() if value is not None}


def answer(api, path: str, items: list[dict], **query) -> None:
    match = [matchers.query_param_matcher(query, strict_match=False)] if query else []
    api.replace("GET", f"{API_URL}{path}", json=list_page(items), match=match) if path == "/pipelines" and not query \
        else api.get(f"{API_URL}{path}", json=list_page(items), match=match)


def writes(api) -> list:
    return [call for call in api.calls if call.request.method in ("POST", "PUT", "DELETE")]


def test_creates_the_pipeline_resolving_names_exactly(api, capsys):
    answer(api, "/pipelines", [])
    answer(api, "/sources", [make_source("orders-pg-2", "other"), source()])
    answer(api, "/destinations", [destination()])
    api.post(f"{API_URL}/pipelines", json=pipeline(), match=[matchers.query_param_matcher({"wait": "false"}, strict_match=False)])

    result = run(streamkap_pipeline, pipeline_args(topics=[f"{PREFIX}public.orders"]), capsys)

    assert result["changed"] is True, result
    assert result["pipeline"]["id"] == PIPE_ID
    sent = json.loads(calls_to(api, "POST", "/pipelines")[0].request.body)
    assert sent == {
        "name": "orders-to-snowflake", "created_from": "api",
        "source": {"id": SOURCE_ID, "name": "orders-pg", "connector": "postgresql", "topics": ["public.orders"]},
        "destination": {"id": DEST_ID, "name": "analytics", "connector": "snowflake"},
    }


def test_a_pipeline_as_asked_costs_one_request(api, capsys):
    answer(api, "/pipelines", [pipeline()])

    result = run(streamkap_pipeline, pipeline_args(topics=[f"{PREFIX}public.orders", "public.orders"]), capsys)

    assert result["changed"] is False
    assert [call.request.path_url.split("?")[0] for call in api.calls] == ["/pipelines"]


def test_a_topic_added_is_one_put_of_the_full_body_keeping_transforms(api, capsys):
    answer(api, "/pipelines", [pipeline()])
    api.put(f"{API_URL}/pipelines/{PIPE_ID}", json=pipeline(topics=[f"{PREFIX}public.orders", f"{PREFIX}public.customers"]))

    result = run(streamkap_pipeline, pipeline_args(topics=["public.customers", "public.orders"], _ansible_diff=True), capsys)

    assert result["changed"] is True
    assert result["diff"]["before"]["topics"] == ["public.orders"]
    assert result["diff"]["after"]["topics"] == ["public.customers", "public.orders"]
    [put] = writes(api)
    body = json.loads(put.request.body)
    assert body["source"]["topics"] == ["public.customers", "public.orders"]
    assert body["transforms"] == TRANSFORMS and body["topic_auto_discovery_transforms"] == []
    assert body["destination"] == {"id": DEST_ID, "name": "analytics", "connector": "snowflake"}
    assert "wait=false" in put.request.url


def test_another_source_is_refused_before_any_write_naming_both(api, capsys):
    answer(api, "/pipelines", [pipeline()])

    result = run(streamkap_pipeline, pipeline_args(source="billing-pg"), capsys)

    assert result["failed"] is True
    assert "'orders-pg'" in result["msg"] and SOURCE_ID in result["msg"] and "'billing-pg'" in result["msg"]
    assert writes(api) == []


def test_a_missing_source_fails_before_any_write(api, capsys):
    answer(api, "/pipelines", [])
    answer(api, "/sources", [])
    answer(api, "/destinations", [destination()])

    result = run(streamkap_pipeline, pipeline_args(), capsys)

    assert result["failed"] is True
    assert "source 'orders-pg' does not exist" in result["msg"]
    assert writes(api) == []


def test_both_ends_missing_fail_naming_both_at_once(api, capsys):
    answer(api, "/pipelines", [])
    answer(api, "/sources", [])
    answer(api, "/destinations", [])

    result = run(streamkap_pipeline, pipeline_args(), capsys)

    assert result["failed"] is True
    assert "source 'orders-pg' and destination 'analytics' do not exist" in result["msg"]
    assert "streamkap.cloud.streamkap_source, streamkap.cloud.streamkap_destination" in result["msg"]
    assert writes(api) == []


def test_an_ambiguous_destination_fails_listing_the_ids(api, capsys):
    answer(api, "/pipelines", [])
    answer(api, "/sources", [source()])
    answer(api, "/destinations", [destination(), destination(id="twin")])

    result = run(streamkap_pipeline, pipeline_args(), capsys)

    assert result["failed"] is True
    assert DEST_ID in result["msg"] and "twin" in result["msg"]
    assert writes(api) == []


def test_check_mode_from_nothing_warns_and_predicts(api, capsys, monkeypatch):
    # Under pytest ansible-core sends module warnings to the controller's display: collect them here.
    warnings: list[str] = []
    monkeypatch.setattr(streamkap_pipeline.StreamkapModule, "warn", lambda module, message, **kw: warnings.append(message))
    answer(api, "/pipelines", [])
    answer(api, "/sources", [])
    answer(api, "/destinations", [])

    result = run(streamkap_pipeline, pipeline_args(_ansible_check_mode=True), capsys)

    assert result["changed"] is True
    assert "failed" not in result
    assert [warning.split(" does not exist")[0] for warning in warnings] == [
        "Source 'orders-pg'", "Destination 'analytics'"]
    predicted = result["pipeline"]
    assert predicted["id"] is None and predicted["source"]["id"] is None
    assert (predicted["source"]["name"], predicted["destination"]["name"]) == ("orders-pg", "analytics")
    assert predicted["topics"] == ["public.orders"]
    assert writes(api) == []


def test_embedded_secrets_are_masked_unless_asked(api, capsys):
    echoed = pipeline(source=dict(source(config={"database.password": PG_PASSWORD})),
                      destination=destination(config={"snowflake.private.key": SF_KEY}))
    answer(api, "/pipelines", [echoed])

    masked = run(streamkap_pipeline, pipeline_args(topics=None), capsys)
    shown = run(streamkap_pipeline, pipeline_args(topics=None, secret_returned=True), capsys)

    assert PG_PASSWORD not in json.dumps(masked) and SF_KEY not in json.dumps(masked)
    assert masked["pipeline"]["source"]["config"]["database.password"] == "********"
    assert masked["pipeline"]["destination"]["config"]["snowflake.private.key"] == "********"
    assert shown["pipeline"]["destination"]["config"]["snowflake.private.key"] == SF_KEY


def test_delete_sends_one_delete_without_waiting(api, capsys):
    answer(api, "/pipelines", [pipeline()])
    api.delete(f"{API_URL}/pipelines/{PIPE_ID}", json=pipeline(connector_status="Pending Delete"))

    result = run(streamkap_pipeline, {"name": "orders-to-snowflake", "state": "absent", "_ansible_diff": True}, capsys)

    assert result["changed"] is True
    assert result["diff"]["before"]["source"] == "orders-pg" and result["diff"]["after"] == {}
    [delete] = writes(api)
    assert delete.request.method == "DELETE" and "wait=false" in delete.request.url


@pytest.mark.parametrize("args, option", [
    ({"source": "a", "source_id": "b"}, "source"),
    ({"destination": "a", "destination_id": "b"}, "destination"),
])
def test_name_and_id_of_one_end_are_mutually_exclusive(api, capsys, args, option):
    result = run(streamkap_pipeline, {"name": "p", **args}, capsys)

    assert result["failed"] is True
    assert "mutually exclusive" in result["msg"] and option in result["msg"]
    assert len(api.calls) == 0


# --- referential safety ---

def test_a_used_source_is_not_deleted_and_its_pipelines_are_named(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline()]),
                match=[matchers.query_param_matcher({"source_id": SOURCE_ID}, strict_match=False)])

    result = run(streamkap_source, {"name": "orders-pg", "state": "absent"}, capsys)

    assert result["failed"] is True
    assert "'orders-to-snowflake'" in result["msg"] and PIPE_ID in result["msg"]
    assert "streamkap.cloud.streamkap_pipeline" in result["msg"]
    assert writes(api) == []


def test_check_mode_warns_that_a_used_source_is_deleted_only_after_its_pipelines(api, capsys, monkeypatch):
    """A check run's earlier task may delete the pipeline: only planned, so the check warns instead of failing."""
    warnings: list[str] = []
    monkeypatch.setattr(streamkap_source.StreamkapModule, "warn", lambda module, message, **kw: warnings.append(message))
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline()]),
                match=[matchers.query_param_matcher({"source_id": SOURCE_ID}, strict_match=False)])

    result = run(streamkap_source, {"name": "orders-pg", "state": "absent", "_ansible_check_mode": True}, capsys)

    assert not result.get("failed"), result
    assert result["changed"] is True
    warning = " ".join(warnings)
    assert "'orders-to-snowflake'" in warning and "streamkap.cloud.streamkap_pipeline" in warning
    assert writes(api) == []


# --- streamkap_pipeline_info ---

def test_info_filters_by_source_name_and_destination_id(api, capsys):
    answer(api, "/sources", [source()])
    api.get(f"{API_URL}/sources/orders-pg", status=404, json={"detail": "Source orders-pg not found"})
    answer(api, "/destinations", [])
    api.get(f"{API_URL}/destinations/{DEST_ID}", json=destination())
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline()]), match=[
        matchers.query_param_matcher({"source_id": SOURCE_ID, "destination_id": DEST_ID}, strict_match=False)])

    result = run(streamkap_pipeline_info, {"source": "orders-pg", "destination": DEST_ID}, capsys)

    assert [item["id"] for item in result["pipelines"]] == [PIPE_ID]
    assert result["changed"] is False


def test_info_refuses_a_value_that_is_one_sources_name_and_anothers_id(api, capsys):
    named_like_an_id = make_source(SOURCE_ID, "5f0c0ffee0000000000000a9")
    answer(api, "/sources", [named_like_an_id])
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=source())

    result = run(streamkap_pipeline_info, {"source": SOURCE_ID}, capsys)

    assert result["failed"] is True
    assert "ambiguous" in result["msg"] and "'orders-pg'" in result["msg"] and "5f0c0ffee0000000000000a9" in result["msg"]
    assert calls_to(api, "GET", "/pipelines") == []


def test_info_masks_embedded_secrets(api, capsys):
    answer(api, "/pipelines", [pipeline(source=dict(source(config={"database.password": PG_PASSWORD})))])

    result = run(streamkap_pipeline_info, {}, capsys)

    assert PG_PASSWORD not in json.dumps(result)
    assert result["pipelines"][0]["source"]["config"]["database.password"] == "********"


# --- tags, through the shared tag mechanism ---

DEVELOPMENT = {"id": "670e5ca40afe1d3983ce0c22", "name": "Development", "system": True, "type": ["environment"]}
PRODUCTION = {"id": "tag-prod", "name": "production", "system": False, "type": ["pipelines"]}


def test_tags_by_name_are_sent_as_ids_and_tag_drift_alone_is_one_put(api, capsys):
    api.get(f"{API_URL}/tags", json={"tags": [DEVELOPMENT, PRODUCTION]})
    answer(api, "/pipelines", [pipeline(tags=[DEVELOPMENT["id"]])])
    api.put(f"{API_URL}/pipelines/{PIPE_ID}", json=pipeline(tags=[PRODUCTION["id"], DEVELOPMENT["id"]]))

    result = run(streamkap_pipeline, pipeline_args(tags=["production"], _ansible_diff=True), capsys)

    assert result["changed"] is True
    assert (result["diff"]["before"]["tags"], result["diff"]["after"]["tags"]) == (["Development"], ["Development", "production"])
    [put] = writes(api)
    assert sorted(json.loads(put.request.body)["tags"]) == sorted([PRODUCTION["id"], DEVELOPMENT["id"]])
    assert len(calls_to(api, "GET", "/tags")) == 1


def test_an_unknown_tag_fails_before_any_write(api, capsys):
    api.get(f"{API_URL}/tags", json={"tags": [DEVELOPMENT]})
    answer(api, "/pipelines", [])

    result = run(streamkap_pipeline, pipeline_args(tags=["nope"]), capsys)

    assert result["failed"] is True and "'nope'" in result["msg"]
    assert writes(api) == []


def test_a_used_destination_is_not_deleted(api, capsys):
    from ansible_collections.streamkap.cloud.plugins.modules import streamkap_destination

    api.get(f"{API_URL}/destinations", json=list_page([destination()]))
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline()]),
                match=[matchers.query_param_matcher({"destination_id": DEST_ID}, strict_match=False)])

    result = run(streamkap_destination, {"name": "analytics", "state": "absent"}, capsys)

    assert result["failed"] is True
    assert "'orders-to-snowflake'" in result["msg"] and PIPE_ID in result["msg"]
    assert writes(api) == []


def test_a_pipeline_being_deleted_no_longer_keeps_its_source(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([source()]))
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline(connector_status="Pending Delete")]),
                match=[matchers.query_param_matcher({"source_id": SOURCE_ID}, strict_match=False)])
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json=source(connector_status="Pending Delete"))

    result = run(streamkap_source, {"name": "orders-pg", "state": "absent"}, capsys)

    assert result["changed"] is True, result
    assert [call.request.method for call in writes(api)] == ["DELETE"]


def test_an_unknown_id_says_what_creating_a_pipeline_needs(api, capsys):
    api.get(f"{API_URL}/pipelines/{PIPE_ID}", json=list_page([]))

    result = run(streamkap_pipeline, {"id": PIPE_ID, "topics": ["public.orders"]}, capsys)

    assert result["failed"] is True
    assert f"No pipeline has id '{PIPE_ID}'" in result["msg"]
    assert "leave out id (and give name, source (or source_id), destination (or destination_id))" in result["msg"]
    assert writes(api) == []
