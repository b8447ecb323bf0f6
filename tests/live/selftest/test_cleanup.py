"""Whatever ends a run (a failing test, Ctrl-C, SIGTERM), everything named with its prefix is
deleted, pipelines first and tags last, and nothing else is touched."""
from __future__ import annotations

import signal
import subprocess
import time
import typing as t

import pytest

from tests.live.selftest.conftest import SIM_VARS, Sim, stop

# The order the cleanup deletes in: what uses an entity goes before it.
STAGE = {"pipelines": 0, "destinations": 1, "sources": 1, "tags": 2}
RUN_ENTITIES = "ansible-live-"


def wait_for(condition: t.Callable[[], t.Any], process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 180
    while not condition():
        assert process.poll() is None, f"the run ended before {what}: {process.communicate()[0]}"
        assert time.monotonic() < deadline, f"the run never reached {what}"
        time.sleep(0.05)


def hold_next(sim: Sim, process: subprocess.Popen, fault: dict[str, t.Any]) -> None:
    """Once the chain's first run has made its pipeline, apply `fault` to the second run's first
    request (its tag lookup): nothing else calls the API in between."""
    wait_for(lambda: sim.api.named("pipelines", RUN_ENTITIES), process, "the pipeline")
    rule = sim.hook("POST", "faults", json={"method": "GET", "path": "/tags", "count": 1, **fault})
    wait_for(lambda: [hit for hit in sim.hook("GET", "faults") if hit["id"] == rule["id"] and hit["hits"]],
             process, "the second run")


def successful_deletes(sim: Sim) -> list[str]:
    return [path.split("/")[1] for method, path, status in sim.writes() if method == "DELETE" and status == 200]


def test_a_failing_test_is_cleaned_up_after(sim: Sim, bystanders) -> None:
    with sim.start("-k", "chain", LIVE_VARS=str(SIM_VARS)) as process:
        hold_next(sim, process, {"kind": "status", "status": 422, "body": "refused by the selftest"})
        run = stop(process, None)
    assert run.rc == 1, run.output
    assert "refused by the selftest" in run.output
    assert "1 failed" in run.output
    removed = run.output.split("removed 4: ")[1].splitlines()[0]
    assert removed.startswith(f"pipeline {run.prefix}pipeline (")
    assert all(f"{run.prefix}{name} (" in removed for name in ("destination", "source", "chain-tag"))
    assert successful_deletes(sim) == ["pipelines", "destinations", "sources", "tags"]
    assert sim.named(run.prefix) == []
    assert sim.everything() == bystanders


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_is_cleaned_up_after(sim: Sim, bystanders, signum: signal.Signals) -> None:
    # Stopped while ansible-playbook waits for an answer, with the tag, source, destination and pipeline in place.
    with sim.start("-k", "chain", LIVE_VARS=str(SIM_VARS)) as process:
        hold_next(sim, process, {"kind": "latency", "seconds": 3})
        run = stop(process, signum)
    assert run.rc == 2, run.output
    assert "KeyboardInterrupt" in run.output
    assert sim.named(run.prefix) == []
    assert successful_deletes(sim) == ["pipelines", "destinations", "sources", "tags"]
    assert sim.everything() == bystanders
