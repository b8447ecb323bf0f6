"""Fixtures of the event-driven tests: the event source loaded as ansible-rulebook loads it, a live simulator, and a
driver that runs the source's main(queue, args) and waits for its polls."""

from __future__ import annotations

import asyncio
import os
import runpy
import time
import typing as t
from pathlib import Path

import pytest
import requests

from tests.simulator.connectors import SAMPLE_CONFIGS
from tests.simulator.destination_connectors import DESTINATION_SAMPLE_CONFIGS
from tests.simulator.harness import RunningSimulator, running_simulator
from tests.simulator.tests.conftest import pipeline_body
from tests.support import SimHooks

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "extensions" / "eda" / "plugins" / "event_source" / "streamkap_events.py"


def load_plugin(path: Path = PLUGIN) -> dict[str, t.Any]:
    """The plugin's globals, run the way ansible-rulebook runs an event source (runpy.run_path)."""
    return runpy.run_path(str(path))


class Api(SimHooks):
    """The simulator through its API (the static token) and its /_sim hooks."""

    def __init__(self, sim: RunningSimulator) -> None:
        self.url = sim.url
        self.sim = sim
        self.headers = sim.auth_headers

    def call(self, method: str, path: str, **kwargs: t.Any) -> t.Any:
        answer = requests.request(method, f"{self.url}{path}", headers=self.headers, timeout=10, **kwargs)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def source(self, name: str) -> dict[str, t.Any]:
        return self.call("POST", "/sources", json={"name": name, "connector": "postgresql", "config": SAMPLE_CONFIGS["postgresql"]})

    def destination(self, name: str) -> dict[str, t.Any]:
        return self.call("POST", "/destinations", json={"name": name, "connector": "snowflake",
                                                        "config": DESTINATION_SAMPLE_CONFIGS["snowflake"]})

    def pipeline(self, name: str, source: dict[str, t.Any], destination: dict[str, t.Any]) -> dict[str, t.Any]:
        return self.call("POST", "/pipelines", json=pipeline_body(name, source, destination))

    def running_transform(self, name: str) -> dict[str, t.Any]:
        """A topic_router transform deployed live, its job read until RUNNING."""
        config = {"transforms.name": name, "transforms.input.topic.pattern": "a", "transforms.output.topic.pattern": "b"}
        transform = self.call("POST", "/transforms", json={"transform": "topic_router", "config": config})
        self.call("PUT", f"/transforms/{transform['id']}/deploy-job-live/no-version")
        while self.call("GET", f"/transforms/{transform['id']}/job_status")["status"] != "RUNNING":
            pass
        return transform

    def list_reads(self, path: str = "/sources") -> int:
        """GET <path> (the list read every poll starts with) requests served so far, faulted ones too."""
        return sum(1 for entry in self.sim.state.requests() if entry["method"] == "GET" and entry["path"] == path)


class Source:
    """The event source's main(queue, args) running as a task, with the events it put on its queue."""

    def __init__(self, api: Api, main: t.Callable[..., t.Awaitable[None]], args: dict[str, t.Any]) -> None:
        self.api = api
        self.queue: asyncio.Queue = asyncio.Queue()
        self.task = asyncio.ensure_future(main(self.queue, args))
        self.events: list[dict[str, t.Any]] = []

    async def polls(self, count: int = 1, timeout: float = 30.0) -> list[dict[str, t.Any]]:
        """Wait until `count` whole polls started after this call have finished; the events put out meanwhile.

        A poll starts with its GET /sources; the one in flight now may have read before the caller's change, so
        `count` + 2 reads from now on mean `count` fresh polls were done (the last read starts the next one)."""
        goal = self.api.list_reads() + count + 2
        deadline = time.monotonic() + timeout
        while self.api.list_reads() < goal:
            if self.task.done():
                self.task.result()  # the source ended: raise its error
                raise AssertionError("the event source ended")
            assert time.monotonic() < deadline, f"no {count} polls within {timeout} s"
            await asyncio.sleep(0.05)
        return self.drain()

    def drain(self) -> list[dict[str, t.Any]]:
        fresh = []
        while not self.queue.empty():
            fresh.append(self.queue.get_nowait())
        self.events += fresh
        return fresh

    async def stop(self) -> None:
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No STREAMKAP_* credential of the developer's shell reaches a test."""
    for var in [name for name in os.environ if name.startswith("STREAMKAP_")]:
        monkeypatch.delenv(var)


@pytest.fixture(scope="module")
def plugin() -> dict[str, t.Any]:
    return load_plugin()


@pytest.fixture
def sim() -> t.Iterator[RunningSimulator]:
    with running_simulator(deploy_polls=1) as running:
        yield running


@pytest.fixture
def api(sim: RunningSimulator) -> Api:
    return Api(sim)
