# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_source_info end to end through main(), with mocked HTTP."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import streamkap_source_info
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, DB_PASSWORD, TOKEN, calls_to, list_page, make_source

SOURCES_URL = f"{API_URL}/sources"


def module_args(**overrides) -> dict:
    args = {"api_url": API_URL, "access_token": TOKEN}
    args.update(overrides)
    return {key: value for key, value in args.items() if value is not None}


def run_module(args: dict, capsys: pytest.CaptureFixture) -> dict:
    """Run main() with these args; return the JSON result it printed."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            streamkap_source_info.main()
    return json.loads(capsys.readouterr().out)


def query(**params: str) -> list:
    """Match a GET /sources query exactly: the filters given, first page of 100, secrets withheld."""
    expected = {"page": "1", "page_size": "100", "secret_returned": "false", **params}
    return [matchers.query_param_matcher(expected)]


def sent_queries(api) -> list[dict[str, str]]:
    return [{key: values[0] for key, values in parse_qs(urlsplit(call.request.url).query).items()}
            for call in calls_to(api, "GET", "/sources")]


def test_every_page_is_followed(api, capsys):
    # The server caps pages at 2 items, below the 100 asked for.
    api.get(SOURCES_URL, json=list_page([make_source("a", "1"), make_source("b", "2")], page=1, has_next=True, page_size=2),
            match=query())
    api.get(SOURCES_URL, json=list_page([make_source("c", "3"), make_source("d", "4")], page=2, has_next=True, page_size=2),
            match=query(page="2"))
    api.get(SOURCES_URL, json=list_page([make_source("e", "5")], page=3, has_next=False, page_size=2),
            match=query(page="3"))

    result = run_module(module_args(), capsys)

    assert result["changed"] is False
    assert [source["id"] for source in result["sources"]] == ["1", "2", "3", "4", "5"]
    assert result["sources"][0] == make_source("a", "1")
    assert len(calls_to(api, "GET", "/sources")) == 3


def test_exact_name_is_picked_among_similar_names(api, capsys):
    similar = [make_source(name, f"id-{name}") for name in ("orders-2", "ORDERS", "my-orders", "orders", "Orders")]
    api.get(SOURCES_URL, json=list_page(similar), match=query(partial_name="orders"))

    result = run_module(module_args(name="orders"), capsys)

    assert [source["id"] for source in result["sources"]] == ["id-orders"]


def test_exact_name_found_on_a_later_page(api, capsys):
    api.get(SOURCES_URL, json=list_page([make_source("orders-1", "1"), make_source("orders-2", "2")], has_next=True, page_size=2),
            match=query(partial_name="orders"))
    api.get(SOURCES_URL, json=list_page([make_source("orders", "3")], page=2, page_size=2),
            match=query(partial_name="orders", page="2"))

    result = run_module(module_args(name=["orders"]), capsys)

    assert [source["id"] for source in result["sources"]] == ["3"]


def test_each_name_is_one_query_with_the_other_filters(api, capsys):
    api.get(SOURCES_URL, json=list_page([make_source("orders", "1"), make_source("orders-eu", "2")]),
            match=query(partial_name="orders", connector="postgresql"))
    api.get(SOURCES_URL, json=list_page([make_source("billing", "3")]),
            match=query(partial_name="billing", connector="postgresql"))
    api.get(SOURCES_URL, json=list_page([]), match=query(partial_name="missing", connector="postgresql"))

    result = run_module(module_args(name=["orders", "billing", "missing"], connector=["postgresql"]), capsys)

    assert [source["id"] for source in result["sources"]] == ["1", "3"]
    assert [query_sent["partial_name"] for query_sent in sent_queries(api)] == ["orders", "billing", "missing"]


def test_list_filters_are_sent_comma_separated(api, capsys):
    api.get(SOURCES_URL, json=list_page([make_source("billing-a", "1", connector="mysql", connector_status="Paused")]),
            match=query(partial_name="billing", connector="postgresql,mysql", status="Active,Paused"))

    result = run_module(module_args(partial_name="billing", connector=["postgresql", "mysql"], status=["Active", "Paused"]), capsys)

    assert [source["id"] for source in result["sources"]] == ["1"]


def test_a_comma_separated_string_is_a_list(api, capsys):
    api.get(SOURCES_URL, json=list_page([]), match=query(connector="postgresql,mysql"))

    result = run_module(module_args(connector="postgresql,mysql"), capsys)

    assert result["sources"] == []
    assert "failed" not in result


def test_each_id_is_one_query_and_a_source_is_listed_once(api, capsys):
    api.get(SOURCES_URL, json=list_page([make_source("orders", "id-1")]), match=query(id="id-1"))
    api.get(SOURCES_URL, json=list_page([]), match=query(id="unknown"))

    result = run_module(module_args(id=["id-1", "unknown", "id-1"]), capsys)

    assert [source["id"] for source in result["sources"]] == ["id-1"]
    assert [query_sent["id"] for query_sent in sent_queries(api)] == ["id-1", "unknown", "id-1"]


def test_ids_and_names_together_keep_only_exact_names(api, capsys):
    api.get(SOURCES_URL, json=list_page([make_source("orders", "id-1")]), match=query(id="id-1"))
    api.get(SOURCES_URL, json=list_page([make_source("orders-2", "id-2")]), match=query(id="id-2"))

    result = run_module(module_args(id=["id-1", "id-2"], name="orders"), capsys)

    assert [source["id"] for source in result["sources"]] == ["id-1"]


def test_secrets_are_masked_unless_asked_for(api, capsys):
    # An API that echoes the password although secret_returned=false was asked.
    echoed = make_source("orders", "1", config={"database.user": "streamkap", "database.password": DB_PASSWORD})
    api.get(SOURCES_URL, json=list_page([echoed]), match=query())

    result = run_module(module_args(), capsys)

    assert result["sources"][0]["config"] == {"database.user": "streamkap", "database.password": "********"}
    assert DB_PASSWORD not in json.dumps(result)


def test_secret_returned_asks_the_api_and_returns_the_secrets(api, capsys):
    revealed = make_source("orders", "1", config={"database.user": "streamkap", "database.password": DB_PASSWORD})
    api.get(SOURCES_URL, json=list_page([revealed]), match=query(secret_returned="true"))

    result = run_module(module_args(secret_returned=True), capsys)

    assert result["sources"][0]["config"]["database.password"] == DB_PASSWORD


def test_check_mode_lists_the_same_sources(api, capsys):
    api.get(SOURCES_URL, json=list_page([make_source("orders", "1")]), match=query(partial_name="ord"))

    result = run_module(module_args(partial_name="ord", _ansible_check_mode=True), capsys)

    assert result["changed"] is False
    assert [source["id"] for source in result["sources"]] == ["1"]
    assert [call.request.method for call in api.calls] == ["GET"]


def test_exchanged_token_and_client_secret_stay_out_of_the_result(api, capsys):
    api.post(f"{API_URL}/auth/access-token",
             json={"accessToken": "exchanged-tok-55", "refreshToken": "refresh-66", "expires": "x", "expiresIn": 3600},
             match=[matchers.json_params_matcher({"client_id": CLIENT_ID, "secret": CLIENT_SECRET})])
    # A source whose config happens to hold the token under a key that does not look secret.
    api.get(SOURCES_URL, json=list_page([make_source("orders", "1", config={"notes": "exchanged-tok-55"})]))

    result = run_module(module_args(access_token=None, client_id=CLIENT_ID, client_secret=CLIENT_SECRET), capsys)

    assert calls_to(api, "GET", "/sources")[0].request.headers["Authorization"] == "Bearer exchanged-tok-55"
    output = json.dumps(result)
    assert "exchanged-tok-55" not in output
    assert CLIENT_SECRET not in output


def test_api_errors_fail_with_the_status(api, capsys):
    api.get(SOURCES_URL, status=403, json={"detail": "Forbidden"}, headers={"X-Request-Id": "req-9"})

    result = run_module(module_args(), capsys)

    assert result["failed"] is True
    assert "HTTP 403" in result["msg"]
    assert TOKEN not in json.dumps(result)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "orders", "partial_name": "ord"}, "mutually exclusive"),
        ({"name": [""]}, "name must not hold an empty value"),
        ({"id": ["id-1", " "]}, "id must not hold an empty value"),
        ({"connector": ["postgresql,mysql"]}, "connector values must not contain commas"),
        ({"status": ["Active,Paused"]}, "status values must not contain commas"),
        ({"secret_returned": "maybe"}, "secret_returned"),
        ({"names": ["orders"]}, "Unsupported parameters"),
        ({"access_token": None}, "No Streamkap credentials"),
        ({"api_url": "http://api.streamkap.test"}, "https"),
        ({"retries": -1}, "retries must be between"),
    ],
)
def test_bad_input_fails_before_any_request(api, capsys, overrides, message):
    result = run_module(module_args(**overrides), capsys)

    assert result["failed"] is True
    assert message in result["msg"]
    assert len(api.calls) == 0


def test_argument_spec():
    spec = streamkap_source_info.argument_spec()
    for option in ("name", "id", "connector", "status"):
        assert spec[option] == {"type": "list", "elements": "str"}
    assert spec["partial_name"] == {"type": "str"}
    assert spec["secret_returned"] == {"type": "bool", "default": False}
    assert spec["client_secret"]["no_log"] is True


@pytest.mark.parametrize(("verbosity", "reported"), [(3, True), (2, False)])
def test_retries_are_reported_from_vvv_on(api, capsys, verbosity, reported):
    api.get(SOURCES_URL, status=503, body="busy")
    api.get(SOURCES_URL, json=list_page([make_source("orders", "1")]))

    result = run_module(module_args(retry_max_delay=0, _ansible_verbosity=verbosity), capsys)

    assert [source["id"] for source in result["sources"]] == ["1"]
    assert len(calls_to(api, "GET", "/sources")) == 2
    assert ("api_retries" in result) is reported
    if reported:
        assert len(result["api_retries"]) == 1 and "GET /sources" in result["api_retries"][0]
