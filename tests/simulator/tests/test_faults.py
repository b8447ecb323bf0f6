"""Fault injection: status answers, latency, counts, filters and commit-then-drop."""

from __future__ import annotations

import time

import pytest
import requests

from .conftest import Api, pipeline_body, source_body


def _fault(api: Api, **rule: object) -> dict:
    answer = api.hook("POST", "/faults", json=rule)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_429_carries_retry_after(api: Api) -> None:
    _fault(api, kind="status", status=429, retry_after=2, count=1)
    throttled = api.get("/sources")
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "2"
    assert throttled.headers["X-Request-Id"]
    assert api.get("/sources").status_code == 200


@pytest.mark.parametrize("status", [502, 503, 504])
def test_proxy_errors_answer_html(api: Api, status: int) -> None:
    _fault(api, kind="status", status=status, count=1)
    answer = api.get("/sources")
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert str(status) in answer.text
    with pytest.raises(ValueError):
        answer.json()


def test_body_override_gives_a_json_detail(api: Api) -> None:
    _fault(api, kind="status", status=500, body="Kafka Connect API call failed", count=1)
    answer = api.post("/sources", json=source_body("orders"))
    assert (answer.status_code, answer.json()) == (500, {"detail": "Kafka Connect API call failed"})
    assert api.get("/sources").json()["total"] == 0  # the write did not happen


def test_count_method_and_path_filters(api: Api) -> None:
    rule = _fault(api, kind="status", status=503, method="POST", path="/sources", count=2)
    assert api.get("/sources").status_code == 200
    assert requests.post(f"{api.url}/auth/access-token", json={}, timeout=5).status_code == 422
    assert api.post("/sources", json=source_body("a")).status_code == 503
    assert api.post("/sources", json=source_body("a")).status_code == 503
    assert api.post("/sources", json=source_body("a")).status_code == 200
    listed = api.hook("GET", "/faults").json()
    assert [(entry["id"], entry["remaining"], entry["hits"]) for entry in listed] == [(rule["id"], 0, 2)]
    log = api.hook("GET", "/requests").json()
    assert [entry.get("fault") for entry in log] == [None, None, "status", "status", None]


def test_probability_zero_never_fires_and_faults_can_be_cleared(api: Api) -> None:
    _fault(api, kind="status", status=500, probability=0)
    assert all(api.get("/sources").status_code == 200 for _attempt in range(5))
    _fault(api, kind="status", status=500)
    assert api.get("/sources").status_code == 500
    assert api.hook("DELETE", "/faults").status_code == 200
    assert api.hook("GET", "/faults").json() == []
    assert api.get("/sources").status_code == 200


def test_latency_delays_the_answer(api: Api) -> None:
    _fault(api, kind="latency", seconds=0.3, path="/sources", count=1)
    started = time.monotonic()
    assert api.get("/sources").status_code == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    api.get("/sources")
    assert time.monotonic() - started < 0.25


def test_commit_then_drop_stores_the_write_but_never_answers(api: Api) -> None:
    _fault(api, kind="commit_then_drop", method="POST", path="/sources", count=1)
    with pytest.raises(requests.ConnectionError):
        requests.post(
            f"{api.url}/sources", json=source_body("dropped"), headers=api.sim.auth_headers, timeout=5
        )
    stored = api.get("/sources", params={"partial_name": "dropped"}).json()["result"]
    assert [source["name"] for source in stored] == ["dropped"]
    entry = api.hook("GET", "/requests").json()[0]
    assert (entry["status"], entry["dropped"], entry["fault"]) == (200, True, "commit_then_drop")
    retried = api.post("/sources", json=source_body("dropped"))
    assert retried.status_code == 422 and "already exists" in retried.json()["detail"]


def test_429_with_a_body_override_keeps_retry_after(api: Api) -> None:
    _fault(api, kind="status", status=429, retry_after=0.5, body={"detail": "slow down"}, count=1)
    answer = api.get("/sources")
    assert (answer.status_code, answer.json(), answer.headers["Retry-After"]) == (
        429,
        {"detail": "slow down"},
        "0.5",
    )


@pytest.mark.parametrize("path", ["/destinations", "/pipelines", "/tags"])
def test_faults_and_the_request_log_cover_the_new_paths(api: Api, path: str) -> None:
    _fault(api, kind="status", status=503, method="GET", path=path, count=1)
    assert api.get("/sources").status_code == 200
    assert api.get(path).status_code == 503
    assert api.get(path).status_code == 200
    log = [entry for entry in api.hook("GET", "/requests").json() if entry["path"] == path]
    assert [(entry["status"], entry.get("fault")) for entry in log] == [(503, "status"), (200, None)]


def test_commit_then_drop_on_a_pipeline_create_stores_it(api: Api) -> None:
    source, destination = api.create("orders-pg"), api.create_destination("analytics")
    _fault(api, kind="commit_then_drop", method="POST", path="/pipelines", count=1)
    with pytest.raises(requests.ConnectionError):
        requests.post(
            f"{api.url}/pipelines",
            json=pipeline_body("dropped", source, destination),
            headers=api.sim.auth_headers,
            timeout=5,
        )
    stored = api.get("/pipelines", params={"partial_name": "dropped"}).json()["result"]
    assert [pipeline["name"] for pipeline in stored] == ["dropped"]
    retried = api.post("/pipelines", json=pipeline_body("dropped", source, destination))
    assert retried.status_code == 422 and "already exists" in retried.json()["detail"]
