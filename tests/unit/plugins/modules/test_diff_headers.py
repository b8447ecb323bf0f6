# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Diff mode end to end through main(), with mocked HTTP: every diff names its entity above each
side (before_header/after_header, which Ansible prints on the ---/+++ lines), and a withheld secret
that an update leaves out of its PUT says so instead of showing the mask on both sides."""

from __future__ import annotations

import json
import typing as t

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils.config import SECRET_MASK, SECRET_MASK_CHANGED, SECRET_NOT_SENT
from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destinations,
    streamkap_pipeline,
    streamkap_source,
    streamkap_sources,
    streamkap_tag,
)
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, list_page, make_source
from tests.unit.plugins.modules.test_streamkap_pipeline import PIPE_ID, PREFIX, answer, pipeline, pipeline_args

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
CONFIG = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap", "database.password": DB_PASSWORD}
# CONFIG as the API answers it: the password withheld.
API_CONFIG = {"database.hostname.user.defined": "db.example.com", "database.port.user.defined": "5432",
              "database.user": "streamkap"}


def run(module: t.Any, args: dict[str, t.Any], capsys: pytest.CaptureFixture) -> dict[str, t.Any]:
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, "_ansible_diff": True, **args}):
        with pytest.raises(SystemExit):
            module.main()
    result = json.loads(capsys.readouterr().out)
    assert DB_PASSWORD not in json.dumps(result)
    return result


def source_args(**overrides: t.Any) -> dict[str, t.Any]:
    args = {"name": "orders-postgres", "connector": "postgresql", "config": dict(CONFIG), **overrides}
    return {key: value for key, value in args.items() if value is not None}


def stored(**fields: t.Any) -> dict[str, t.Any]:
    return make_source("orders-postgres", SOURCE_ID, **{"config": dict(API_CONFIG), **fields})


def answer_sources(api, items: list[dict[str, t.Any]]) -> None:
    api.get(f"{API_URL}/sources", json=list_page(items))


def headers(result: dict[str, t.Any]) -> tuple[str, str]:
    return result["diff"]["before_header"], result["diff"]["after_header"]


# --- the entity named above each side ---

def test_a_create_names_the_source(api, capsys):
    answer_sources(api, [])
    answer_schema(api)

    result = run(streamkap_source, source_args(_ansible_check_mode=True), capsys)

    assert headers(result) == ("source orders-postgres", "source orders-postgres")


def test_an_update_names_the_source_and_a_rename_its_new_name(api, capsys):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([stored()]))
    answer_schema(api)

    result = run(streamkap_source, source_args(id=SOURCE_ID, name="orders-pg", _ansible_check_mode=True), capsys)

    assert result["changed"] is True
    assert headers(result) == ("source orders-postgres", "source orders-pg")


def test_a_delete_and_a_delete_of_nothing_name_the_source(api, capsys):
    answer_sources(api, [stored()])

    deleted = run(streamkap_source, {"name": "orders-postgres", "state": "absent", "_ansible_check_mode": True}, capsys)
    api.replace("GET", f"{API_URL}/sources", json=list_page([]))
    absent = run(streamkap_source, {"name": "orders-postgres", "state": "absent"}, capsys)

    assert headers(deleted) == headers(absent) == ("source orders-postgres", "source orders-postgres")
    assert deleted["diff"]["after"] == absent["diff"]["before"] == {}


def test_kinds_without_a_connector_config_are_named_too(api, capsys):
    api.get(f"{API_URL}/tags", json={"tags": []})
    answer(api, "/pipelines", [pipeline()])

    tag = run(streamkap_tag, {"name": "shop", "_ansible_check_mode": True}, capsys)
    updated = run(streamkap_pipeline, pipeline_args(topics=["public.customers", "public.orders"], _ansible_check_mode=True), capsys)

    assert headers(tag) == ("tag shop", "tag shop")
    assert headers(updated) == ("pipeline orders-to-snowflake", "pipeline orders-to-snowflake")
    assert updated["pipeline"]["id"] == PIPE_ID and f"{PREFIX}public.customers" in updated["pipeline"]["topics"]


def test_a_plural_task_names_the_entities_it_changes(api, capsys):
    answer_sources(api, [stored(), make_source("billing-pg", "b1", config=dict(API_CONFIG))])
    answer_schema(api)
    entries = [source_args(), source_args(name="billing-pg", config=dict(CONFIG, **{"database.user": "cdc"})),
               source_args(name="refunds-pg")]

    result = run(streamkap_sources, {"config": entries, "_ansible_check_mode": True}, capsys)

    # orders-postgres is unchanged: neither in the diff nor in its header.
    assert headers(result) == ("sources billing-pg, refunds-pg", "sources billing-pg, refunds-pg")


def test_a_plural_task_changing_one_entity_names_it_in_the_singular(api, capsys):
    api.get(f"{API_URL}/destinations", json=list_page([]))
    api.get(f"{API_URL}/destinations/connectors", json={"Snowflake": []})
    entry = {"name": "analytics-snowflake", "connector": "snowflake", "config": {"snowflake.database.name": "ANALYTICS"}}

    result = run(streamkap_destinations, {"config": [entry], "_ansible_check_mode": True}, capsys)

    assert headers(result) == ("destination analytics-snowflake", "destination analytics-snowflake")


def test_a_long_list_of_changed_entities_is_cut_short_in_the_header(api, capsys):
    answer_sources(api, [])
    answer_schema(api)
    entries = [source_args(name=f"orders-{index}") for index in range(8)]

    result = run(streamkap_sources, {"config": entries, "_ansible_check_mode": True}, capsys)

    assert headers(result)[0] == "sources orders-0, orders-1, orders-2, orders-3, orders-4 and 3 more"


# --- secrets an update does not send ---

def test_a_put_under_on_create_says_the_withheld_secret_is_not_sent(api, capsys):
    answer_sources(api, [stored()])
    answer_schema(api)

    result = run(streamkap_source, source_args(config=dict(CONFIG, **{"database.user": "cdc"}), _ansible_check_mode=True), capsys)

    assert result["diff"]["before"]["config"]["database.password"] == SECRET_MASK
    assert result["diff"]["after"]["config"]["database.password"] == SECRET_NOT_SENT == (
        "******** (not sent under update_secrets=on_create)")


def test_a_put_under_always_shows_the_secret_as_changed(api, capsys):
    answer_sources(api, [stored()])
    answer_schema(api)

    result = run(streamkap_source, source_args(update_secrets="always", _ansible_check_mode=True), capsys)

    assert result["changed"] is True
    assert result["diff"]["after"]["config"]["database.password"] == SECRET_MASK_CHANGED


@pytest.mark.parametrize("desired_state", [None, "Paused"], ids=["no change", "an action, no PUT"])
def test_without_a_put_the_secret_is_masked_alike_on_both_sides(api, capsys, desired_state):
    answer_sources(api, [stored()])
    answer_schema(api)

    result = run(streamkap_source, source_args(desired_state=desired_state, _ansible_check_mode=True), capsys)

    assert result["changed"] is (desired_state is not None)
    assert result["diff"]["before"]["config"] == result["diff"]["after"]["config"]
    assert result["diff"]["after"]["config"]["database.password"] == SECRET_MASK


def test_a_plural_update_says_which_secret_is_not_sent(api, capsys):
    answer_sources(api, [stored()])
    answer_schema(api)

    result = run(streamkap_sources, {"config": [source_args(config=dict(CONFIG, **{"database.user": "cdc"}))],
                                     "_ansible_check_mode": True}, capsys)

    assert result["diff"]["after"]["orders-postgres"]["config"]["database.password"] == SECRET_NOT_SENT
