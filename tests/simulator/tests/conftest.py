"""Fixtures: one live simulator per test module, reset before every test."""

from __future__ import annotations

import copy
from typing import Any, Iterator

import pytest
import requests

from tests.simulator.connectors import SAMPLE_CONFIGS
from tests.simulator.destination_connectors import DESTINATION_SAMPLE_CONFIGS
from tests.simulator.harness import RunningSimulator, running_simulator


class Api:
    """A tiny authenticated client for the simulator under test."""

    def __init__(self, sim: RunningSimulator) -> None:
        self.sim = sim
        self.url = sim.url
        self.session = requests.Session()
        self.session.headers.update(sim.auth_headers)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, f"{self.url}{path}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def hook(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A /_sim/ call, deliberately without the Authorization header."""
        kwargs.setdefault("timeout", 10)
        return requests.request(method, f"{self.url}/_sim{path}", **kwargs)

    def settings(self, **changes: Any) -> dict[str, Any]:
        answer = self.hook("POST", "/settings", json=changes)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def create(self, name: str = "orders", connector: str = "postgresql", **overrides: Any) -> dict[str, Any]:
        body = source_body(name, connector, **overrides)
        answer = self.post("/sources", json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def read(self, source_id: str, kind: str = "sources", **params: Any) -> dict[str, Any] | None:
        answer = self.get(f"/{kind}/{source_id}", params=params)
        assert answer.status_code == 200, answer.text
        result = answer.json()["result"]
        return result[0] if result else None

    def create_destination(
        self, name: str = "warehouse", connector: str = "snowflake", **overrides: Any
    ) -> dict[str, Any]:
        body = destination_body(name, connector, **overrides)
        answer = self.post("/destinations", json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def create_tag(
        self, name: str = "prod", types: tuple[str, ...] = ("sources", "destinations", "pipelines")
    ) -> dict[str, Any]:
        answer = self.post("/tags", json={"name": name, "description": f"{name} tag", "type": list(types)})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def create_pipeline(self, name: str = "orders-to-warehouse", **overrides: Any) -> dict[str, Any]:
        answer = self.post("/pipelines", json=pipeline_body(name, **overrides))
        assert answer.status_code == 200, answer.text
        return answer.json()


def sample_config(connector: str = "postgresql", **changes: Any) -> dict[str, Any]:
    config = copy.deepcopy(SAMPLE_CONFIGS[connector])
    config.update(changes)
    return config


def source_body(name: str = "orders", connector: str = "postgresql", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "connector": connector, "config": sample_config(connector)}
    body.update(overrides)
    return body


def destination_body(
    name: str = "warehouse", connector: str = "snowflake", **overrides: Any
) -> dict[str, Any]:
    config = copy.deepcopy(DESTINATION_SAMPLE_CONFIGS[connector])
    body: dict[str, Any] = {"name": name, "connector": connector, "config": config}
    body.update(overrides)
    return body


def pipeline_body(
    name: str,
    source: dict[str, Any],
    destination: dict[str, Any],
    topics: list[str] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A create/update body for these source and destination objects (topics: all of the source's)."""
    prefix = f"source_{source['id']}."
    body: dict[str, Any] = {
        "name": name,
        "source": {
            "id": source["id"],
            "name": source["name"],
            "connector": source["connector"],
            "topics": (
                topics if topics is not None else [topic.removeprefix(prefix) for topic in source["topics"]]
            ),
        },
        "destination": {
            "id": destination["id"],
            "name": destination["name"],
            "connector": destination["connector"],
        },
    }
    body.update(overrides)
    return body


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running_simulator() as running:
        yield running


@pytest.fixture
def api(sim: RunningSimulator) -> Iterator[Api]:
    client = Api(sim)
    reset = client.hook("POST", "/reset")
    assert reset.status_code == 200
    yield client
    client.session.close()
