# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_destination and streamkap_destination_info end to end through main(), with mocked HTTP."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_destination, streamkap_destination_info
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, schema_prop

PRIVATE_KEY = "pk-Sn0wfl4ke-8d1e"
DEVELOPMENT = "670e5ca40afe1d3983ce0c22"
CONFIG = {"snowflake.url.name": "acme.snowflakecomputing.com", "snowflake.user.name": "U",
          "snowflake.database.name": "DB", "snowflake.schema.name": "S", "snowflake.private.key": PRIVATE_KEY}
# CONFIG as the API answers it: the key withheld, a default filled in.
API_CONFIG = {key: value for key, value in CONFIG.items() if key != "snowflake.private.key"} | {"ingestion.mode": "upsert"}
SCHEMA = [
    schema_prop("snowflake.url.name", required=True),
    schema_prop("snowflake.user.name", required=True),
    schema_prop("snowflake.private.key", "password", required=True, encrypt=True),
    schema_prop("snowflake.database.name", required=True),
    schema_prop("snowflake.schema.name", required=True),
    schema_prop("ingestion.mode", "one-select", default="upsert", raw_values=["upsert", "append"]),
    schema_prop("snowflake.region", set_once=True),
]
TAGS = [
    {"id": DEVELOPMENT, "name": "Development", "type": ["environment"], "system": True, "custom": False},
    {"id": "t-prod", "name": "production", "type": ["environment"], "system": False, "custom": True},
    {"id": "t-team", "name": "team-data", "type": ["general"], "system": False, "custom": True},
]


def destination(name: str = "analytics", destination_id: str = "d1", **fields) -> dict:
    return {"name": name, "connector": "snowflake", "id": destination_id, "config": dict(API_CONFIG),
            "connector_status": "Active", "tags": [], "topics": [], "topic_ids": [], **fields}


def module_args(**overrides) -> dict:
    args = {"api_url": API_URL, "access_token": TOKEN, "name": "analytics", "connector": "snowflake", "config": dict(CONFIG)}
    args.update(overrides)
    return {key: value for key, value in args.items() if value is not None}


def run_module(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def answer(api, existing: list[dict], schema: bool = True, tags: bool = False) -> None:
    api.get(f"{API_URL}/destinations", json=list_page(existing))
    if schema:
        api.get(f"{API_URL}/destinations/connectors", json={"Snowflake": SCHEMA},
                match=[matchers.query_param_matcher({"connector_code": "snowflake"})])
    if tags:
        api.get(f"{API_URL}/tags", json={"tags": TAGS})


def sent(api, method: str, path: str) -> dict:
    [call] = calls_to(api, method, path)
    return json.loads(call.request.body)


def test_creates_an_absent_destination_with_wait_false(api, capsys):
    answer(api, [destination("analytics-2", "other")])
    api.post(f"{API_URL}/destinations", json=destination(), match=[matchers.query_param_matcher(
        {"wait": "false", "secret_returned": "false"})])

    result = run_module(streamkap_destination, module_args(), capsys)

    assert result["changed"] is True
    assert result["destination"]["id"] == "d1"
    assert sent(api, "POST", "/destinations") == {"name": "analytics", "connector": "snowflake", "config": CONFIG,
                                                  "created_from": "api"}
    assert PRIVATE_KEY not in json.dumps(result)


def test_a_present_destination_costs_one_lookup(api, capsys):
    answer(api, [destination()], schema=False)

    result = run_module(streamkap_destination, module_args(), capsys)

    assert result["changed"] is False
    assert len(api.calls) == 1


def test_drift_is_written_with_the_full_user_config(api, capsys):
    answer(api, [destination()])
    api.put(f"{API_URL}/destinations/d1", json=destination(config=dict(API_CONFIG, **{"snowflake.schema.name": "S2"})))

    result = run_module(streamkap_destination, module_args(config={"snowflake.schema.name": "S2"}, _ansible_diff=True), capsys)

    assert result["changed"] is True
    body = sent(api, "PUT", "/destinations/d1")
    assert body["config"]["snowflake.schema.name"] == "S2"
    assert body["config"]["snowflake.url.name"] == CONFIG["snowflake.url.name"]
    assert "tags" not in body
    assert result["diff"] == {"before": {"name": "analytics", "connector": "snowflake", "config": {"snowflake.schema.name": "S"}},
                              "after": {"name": "analytics", "connector": "snowflake", "config": {"snowflake.schema.name": "S2"}},
                              "before_header": "destination analytics", "after_header": "destination analytics"}


@pytest.mark.parametrize(("overrides", "named"), [
    ({"connector": "clickhouse"}, "connector"),
    ({"config": {"snowflake.region": "eu"}}, "snowflake.region"),
    ({"config": {"ingestion.mode": "sideways"}}, "ingestion.mode"),
])
def test_refused_changes_fail_before_any_write(api, capsys, overrides, named):
    answer(api, [destination(config=dict(API_CONFIG, **{"snowflake.region": "us"}))])

    result = run_module(streamkap_destination, module_args(**overrides), capsys)

    assert result["failed"] is True
    assert named in result["msg"]
    assert not [call for call in api.calls if call.request.method != "GET"]


def test_check_mode_predicts_the_tags_by_id_and_shows_them_by_name(api, capsys):
    answer(api, [destination(tags=[DEVELOPMENT, "t-prod"])], tags=True)

    result = run_module(streamkap_destination, module_args(tags=["team-data"], _ansible_check_mode=True, _ansible_diff=True), capsys)

    assert result["changed"] is True
    assert result["destination"]["tags"] == ["t-team", DEVELOPMENT]
    assert result["diff"]["before"]["tags"] == ["Development", "production"]
    assert result["diff"]["after"]["tags"] == ["Development", "team-data"]
    assert not calls_to(api, "PUT", "/destinations/d1")


def test_tags_alone_are_written_with_the_same_put(api, capsys):
    answer(api, [destination(tags=["t-prod"])], tags=True)
    api.put(f"{API_URL}/destinations/d1", json=destination(tags=["t-prod", "t-team"]))

    result = run_module(streamkap_destination, module_args(tags=["t-team"], purge_tags=False), capsys)

    assert result["changed"] is True
    assert sent(api, "PUT", "/destinations/d1")["tags"] == ["t-prod", "t-team"]
    assert len(calls_to(api, "GET", "/tags")) == 1


def test_tags_in_another_order_are_no_change(api, capsys):
    answer(api, [destination(tags=["t-team", "t-prod"])], schema=False, tags=True)

    result = run_module(streamkap_destination, module_args(tags=["production", "team-data"]), capsys)

    assert result["changed"] is False


def test_an_unknown_tag_fails_before_the_lookup(api, capsys):
    api.get(f"{API_URL}/tags", json={"tags": TAGS})

    result = run_module(streamkap_destination, module_args(tags=["production", "nope"]), capsys)

    assert result["failed"] is True
    assert "'nope'" in result["msg"] and "streamkap.cloud.streamkap_tag" in result["msg"]
    assert [call.request.path_url for call in api.calls] == ["/tags"]


def test_tags_go_into_the_create_body(api, capsys):
    answer(api, [], tags=True)
    api.post(f"{API_URL}/destinations", json=destination(tags=["t-prod"]))

    result = run_module(streamkap_destination, module_args(tags=["production"]), capsys)

    assert result["changed"] is True
    assert sent(api, "POST", "/destinations")["tags"] == ["t-prod"]


def test_absent_deletes_with_wait_false_and_an_absent_one_is_fine(api, capsys):
    answer(api, [destination()], schema=False)
    api.delete(f"{API_URL}/destinations/d1", json=destination(), match=[matchers.query_param_matcher({"wait": "false"})])

    result = run_module(streamkap_destination, module_args(state="absent"), capsys)

    assert result["changed"] is True
    assert result["destination"]["id"] == "d1"


def test_a_404_on_get_by_id_means_absent(api, capsys):
    api.get(f"{API_URL}/destinations/d9", status=404, json={"detail": "Destination 'd9' not found"})

    result = run_module(streamkap_destination, module_args(name=None, id="d9", state="absent"), capsys)

    assert result["changed"] is False
    assert result["destination"] == {}


def test_a_secret_in_the_config_joins_no_log_values_before_any_request():
    with patch_module_args(module_args()):
        module = streamkap_destination.StreamkapModule(
            argument_spec=streamkap_destination.argument_spec(),
            nested_secrets=lambda params: streamkap_destination.DESTINATION.config_secrets(params.get("config"), params.get("connector")),
        )
    assert PRIVATE_KEY in module.no_log_values
    assert "acme.snowflakecomputing.com" not in module.no_log_values


def test_the_info_module_masks_secrets_and_filters_exact_names(api, capsys):
    leaked = destination(config=dict(API_CONFIG, **{"snowflake.private.key": PRIVATE_KEY}))
    api.get(f"{API_URL}/destinations", json=list_page([leaked, destination("analytics-old", "d2")]))

    result = run_module(streamkap_destination_info, {"api_url": API_URL, "access_token": TOKEN, "name": ["analytics"]}, capsys)

    assert [item["id"] for item in result["destinations"]] == ["d1"]
    assert result["destinations"][0]["config"]["snowflake.private.key"] == "********"
    assert result["changed"] is False
