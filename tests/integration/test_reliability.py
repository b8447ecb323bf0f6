"""Retries against the simulator's fault injection: every retryable fault recovers, Retry-After
is honoured, a dropped create is never repeated, and other 4xx answers fail at once.

Each test runs ONE playbook (tests/integration/playbooks/resilient.yml) with small retry delays.
"""
from __future__ import annotations

from typing import Any

from tests.integration.conftest import POSTGRES_CONFIG

NAME = "resilient"
DB_PASSWORD = "pg-Reliable-51c0e7"
SECRET_CONFIG = {"database.password": DB_PASSWORD}
STEP_CONFIG = POSTGRES_CONFIG
CREATE = {"name": NAME, "connector": "postgresql", "config": STEP_CONFIG}


def run_steps(run_playbook, *steps: dict[str, Any], expect_failure: bool = False, verbosity: int = 0,
              **transport: Any):
    """Run resilient.yml; `transport` sets request_timeout, retries and retry_max_delay."""
    variables = {"steps": list(steps), "expect_failure": expect_failure, "secret_config": SECRET_CONFIG,
                 "retry_max_delay": 0.2, **transport}
    run = run_playbook("resilient.yml", variables, auth="token", verbosity=verbosity)
    results = run.results.get("results", [])
    assert len(results) == len(steps), run.output
    run.results = [{key: value for key, value in result.items() if key != "item"} for result in results]
    return run


def add_fault(sim, **rule: Any) -> None:
    sim.hook("POST", "faults", json=rule)


def faulted(sim) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests_log() if "fault" in entry]


# Every retryable fault, in this order; both the lookup and the create meet each of them once.
FAULTS = [
    {"kind": "status", "status": 429, "retry_after": 0.1},
    {"kind": "status", "status": 502},
    {"kind": "status", "status": 503},
    {"kind": "status", "status": 504},
    {"kind": "status", "status": 500, "body": "Kafka Connect API call failed"},
]


def test_every_retryable_fault_in_a_row_is_recovered_on_reads_and_creates(sim, run_playbook):
    for method in ("GET", "POST"):
        for fault in FAULTS:
            # A path prefix: the lookup's retries use up the GET rules before the schema is read.
            add_fault(sim, **fault, method=method, path="/sources", count=1)

    run = run_steps(run_playbook, CREATE, retries=len(FAULTS), verbosity=3)

    assert run.rc == 0, run.output
    result = run.results[0]
    assert result["changed"] is True
    statuses = [fault["status"] for fault in FAULTS]
    assert [(entry["method"], entry["status"]) for entry in faulted(sim)] == (
        [("GET", status) for status in statuses] + [("POST", status) for status in statuses])
    # A 429 POST is repeated at once; after a 5xx POST a lookup must find nothing first.
    writes = [(entry["method"], entry["status"]) for entry in sim.requests_log() if entry["path"] == "/sources"][6:]
    assert writes == [("POST", 429), ("POST", 502), ("GET", 200), ("POST", 503), ("GET", 200), ("POST", 504),
                      ("GET", 200), ("POST", 500), ("GET", 200), ("POST", 200)]
    assert len(result["api_retries"]) == 2 * len(FAULTS)
    assert "no source named 'resilient' exists" in result["api_retries"][6]
    assert len(sim.sources_named(NAME)) == 1


def test_latency_below_the_timeout_passes_and_above_it_is_repeated(sim, run_playbook):
    add_fault(sim, kind="latency", seconds=0.3)
    add_fault(sim, kind="latency", seconds=2.5, method="GET", path="/sources", count=1)

    run = run_steps(run_playbook, CREATE, request_timeout=2, verbosity=3)

    assert run.rc == 0, run.output
    assert run.results[0]["changed"] is True
    assert len(sim.sources_named(NAME)) == 1
    retries = run.results[0]["api_retries"]
    assert len(retries) == 1 and "GET /sources: read timeout; retry 1 of 5" in retries[0]


def test_retry_after_is_honoured(sim, run_playbook):
    add_fault(sim, kind="status", status=429, retry_after=2, method="POST", path="/sources", count=1)

    run = run_steps(run_playbook, CREATE, retry_max_delay=10)

    assert run.rc == 0, run.output
    posts = [entry for entry in sim.requests_log() if entry["method"] == "POST"]
    assert [entry["status"] for entry in posts] == [429, 200]
    # Measured on the simulator's clock: the repeat came no sooner than Retry-After allowed.
    waited = posts[1]["time"] - posts[0]["time"]
    print(f"\nRetry-After 2 s: the repeat came {waited:.2f} s after the 429")
    assert waited >= 2.0


def test_a_create_committed_then_dropped_yields_exactly_one_source(sim, run_playbook):
    add_fault(sim, kind="commit_then_drop", method="POST", path="/sources", count=1)

    run = run_steps(run_playbook, CREATE, CREATE)

    assert run.rc == 0, run.output
    assert [result["changed"] for result in run.results] == [True, False]
    assert len(sim.sources_named(NAME)) == 1
    posts = [entry for entry in sim.requests_log() if entry["method"] == "POST"]
    assert len(posts) == 1 and posts[0].get("dropped") is True
    assert run.results[0]["source"]["id"] == run.results[1]["source"]["id"]


def test_a_non_retryable_4xx_fails_at_once_with_detail_and_request_id(sim, run_playbook):
    bad = {**CREATE, "config": {**STEP_CONFIG, "bogus.key": "x"}, "validate_config": False}

    run = run_steps(run_playbook, bad, expect_failure=True)

    result = run.results[0]
    assert result["failed"] is True
    posts = [entry for entry in sim.requests_log() if entry["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["status"] == 422
    assert "POST /sources failed with HTTP 422" in result["msg"]
    assert "bogus.key" in result["msg"]
    assert f"(X-Request-Id: {posts[0]['request_id']})" in result["msg"]
    assert result["status"] == 422 and result["request_id"] == posts[0]["request_id"]
    assert DB_PASSWORD not in run.output


def test_retries_run_out_with_a_clear_message(sim, run_playbook):
    add_fault(sim, kind="status", status=503, method="GET", path="/sources")

    run = run_steps(run_playbook, CREATE, expect_failure=True, retries=2)

    assert "GET /sources failed with HTTP 503 after 3 attempts" in run.results[0]["msg"]
    assert len(faulted(sim)) == 3
    assert sim.writes() == []
