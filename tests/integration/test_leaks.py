"""No secret leaks on any path: every module path runs with -vvv (and --diff), and the complete
output and saved results must hold the client secret, every token and every secret config value
zero times.

Paths: create, no-op, update, action, check mode, diff, secret rotation, delete, API error (422),
timeout, retries (429 and 503 answers), with client credentials and with a static token.
"""
from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import CLIENT_SECRET, POSTGRES_CONFIG, STATIC_TOKEN

NAME = "leak-check"
PASSWORD = "pg-Leak-Canary-8d41f2"
ROTATED_PASSWORD = "pg-Leak-Rotated-c07b95"
CONFIG = POSTGRES_CONFIG


def with_port(port: int) -> dict[str, Any]:
    return {**CONFIG, "database.port.user.defined": port}


def run_steps(run_playbook, steps: list[dict[str, Any]], password: str, auth: str = "client", **options: Any):
    variables = {"steps": steps, "secret_config": {"database.password": password}, "expect_failure": True,
                 "retry_max_delay": 0.1, **options.pop("transport", {})}
    return run_playbook("resilient.yml", variables, auth=auth, verbosity=3, **options)


def every_token(sim) -> set[str]:
    """Every access and refresh token the simulator has issued (it never forgets them)."""
    with sim.state.lock:
        return set(sim.state.access_tokens) | set(sim.state.refresh_tokens)


def add_fault(sim, **rule: Any) -> None:
    sim.hook("POST", "faults", json=rule)


def test_no_secret_appears_in_any_output_or_result(sim, run_playbook):
    step = {"name": NAME, "connector": "postgresql"}
    add_fault(sim, kind="status", status=503, method="GET", path="/sources", count=2)
    add_fault(sim, kind="status", status=429, retry_after=0, method="POST", path="/sources", count=1)
    lifecycle = run_steps(run_playbook, [
        {**step, "config": CONFIG},                                   # create, after retries
        {**step, "config": CONFIG},                                   # no-op
        {**step, "config": with_port(5433)},                          # update
        {**step, "desired_state": "Paused"},                          # action
    ], PASSWORD, diff=True)
    check = run_steps(run_playbook, [
        {**step, "config": with_port(5434)},                          # update, predicted
        {"name": "leak-check-new", "connector": "postgresql", "config": CONFIG},  # create, predicted
        {"name": NAME, "state": "absent"},                            # delete, predicted
    ], PASSWORD, check=True, diff=True)
    rotation = run_steps(run_playbook, [
        {**step, "config": CONFIG, "update_secrets": "always"},      # secret rotation
        {"name": NAME, "state": "absent"},                            # delete
    ], ROTATED_PASSWORD, diff=True)
    add_fault(sim, kind="latency", seconds=1.5, method="GET", path="/sources", count=2)
    failures = run_steps(run_playbook, [
        {**step, "config": CONFIG},                                   # timeout, twice
        {**step, "config": {**CONFIG, "bogus.key": "x"}, "validate_config": False},  # API error 422
    ], PASSWORD, auth="token", transport={"request_timeout": 0.5, "retries": 1})

    runs = {"lifecycle": lifecycle, "check": check, "rotation": rotation, "failures": failures}
    outcomes = {label: [result.get("failed", False) for result in run.results["results"]] for label, run in runs.items()}
    assert outcomes == {"lifecycle": [False] * 4, "check": [False] * 3, "rotation": [False] * 2, "failures": [True, True]}
    assert "read timeout" in json.dumps(failures.results) and "HTTP 422" in json.dumps(failures.results)
    assert "api_retries" in lifecycle.results["results"][0] and lifecycle.results["results"][0]["api_retries"]
    # The secrets were really in play: sent (rotation changed the source), and masked where shown.
    assert rotation.results["results"][0]["changed"] is True
    assert lifecycle.results["results"][0]["diff"]["after"]["config"]["database.password"] == "********"
    assert "********" in lifecycle.output

    secrets = {CLIENT_SECRET, STATIC_TOKEN, PASSWORD, ROTATED_PASSWORD} | every_token(sim)
    assert len(secrets) > 4, "client credential runs must have obtained tokens"
    checked = sum(len(run.output) + len(json.dumps(run.results)) for run in runs.values())
    print(f"\nleak check: {len(secrets)} secrets, {len(runs)} runs, {checked} characters of output and results")
    for label, run in runs.items():
        complete = run.output + json.dumps(run.results)
        for secret in secrets:
            assert complete.count(secret) == 0, f"a secret appears in the {label} run"
