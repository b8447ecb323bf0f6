"""GET /sources (paging, filters) and GET /sources/{id} (list envelope)."""

from __future__ import annotations

import time

import pytest

from .conftest import Api, sample_config


def _names(answer_body: dict) -> list[str]:
    return [source["name"] for source in answer_body["result"]]


def test_list_envelope_and_creation_order(api: Api) -> None:
    for name in ["b-first", "a-second", "c-third"]:
        api.create(name)
    body = api.get("/sources").json()
    assert set(body) == {"result", "page", "page_size", "total", "has_next"}
    assert (body["page"], body["page_size"], body["total"], body["has_next"]) == (1, 10, 3, False)
    assert _names(body) == ["b-first", "a-second", "c-third"]


def test_paging(api: Api) -> None:
    api.hook("POST", "/seed", json={"count": 25, "prefix": "p-"})
    first = api.get("/sources", params={"page_size": 10}).json()
    last = api.get("/sources", params={"page": 3, "page_size": 10}).json()
    beyond = api.get("/sources", params={"page": 4, "page_size": 10}).json()
    assert (first["total"], first["has_next"], len(first["result"])) == (25, True, 10)
    assert _names(first)[0] == "p-1"
    assert (last["has_next"], _names(last)) == (False, [f"p-{n}" for n in range(21, 26)])
    assert beyond["result"] == []


@pytest.mark.parametrize("params", [{"page_size": 101}, {"page_size": 0}, {"page": 0}])
def test_out_of_range_paging_is_a_fastapi_422(api: Api, params: dict) -> None:
    answer = api.get("/sources", params=params)
    assert answer.status_code == 422
    assert isinstance(answer.json()["detail"], list)


def test_partial_name_is_a_case_insensitive_substring(api: Api) -> None:
    for name in ["Orders-EU", "orders-us", "customers"]:
        api.create(name)
    assert _names(api.get("/sources", params={"partial_name": "ORDERS"}).json()) == ["Orders-EU", "orders-us"]


def test_connector_and_status_filters_take_lists(api: Api) -> None:
    pg = api.create("pg")
    api.create("my", "mysql")
    api.create("dyn", "dynamodb")
    api.post(f"/sources/{pg['id']}/actions/pause")
    by_connector = api.get("/sources", params={"connector": "postgresql,mysql"}).json()
    assert _names(by_connector) == ["pg", "my"]
    assert _names(api.get("/sources", params={"status": "Paused"}).json()) == ["pg"]
    assert _names(api.get("/sources", params={"status": "Active,Paused"}).json()) == ["pg", "my", "dyn"]


def test_id_filter_and_get_one(api: Api) -> None:
    api.create("one")
    two = api.create("two")
    assert _names(api.get("/sources", params={"id": two["id"]}).json()) == ["two"]
    body = api.get(f"/sources/{two['id']}").json()
    assert set(body) >= {"result", "total", "page", "page_size"}
    assert body["total"] == 1 and body["result"][0]["id"] == two["id"]


def test_get_unknown_id_answers_an_empty_result(api: Api) -> None:
    answer = api.get("/sources/0123456789abcdef01234567")
    assert answer.status_code == 200
    assert (answer.json()["result"], answer.json()["total"]) == ([], 0)


def test_get_one_withholds_secrets_unless_asked(api: Api) -> None:
    source = api.create("secretive")
    assert "database.password" not in api.read(source["id"])["config"]
    assert api.read(source["id"], secret_returned="true")["config"]["database.password"] == "sample-password"


def test_ten_thousand_sources_stay_fast(api: Api) -> None:
    started = time.monotonic()
    seeded = api.hook("POST", "/seed", json={"count": 10_000, "prefix": "bulk-", "connector": "mysql"})
    seed_seconds = time.monotonic() - started
    assert seeded.json()["created"] == 10_000
    assert seed_seconds < 3.0
    api.create("needle", config=sample_config())
    started = time.monotonic()
    for page in (1, 500, 1001):
        body = api.get("/sources", params={"page": page, "page_size": 10}).json()
        assert body["total"] == 10_001
    found = api.get("/sources", params={"partial_name": "needle", "status": "Active"}).json()
    elapsed = time.monotonic() - started
    assert _names(found) == ["needle"]
    assert elapsed < 1.5, elapsed
