"""Fixtures for the ecosystem suite: the collection as `make install` installed it, a live
simulator, and the AWX credential type shipped in awx/credential_type.yml."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tests.simulator.harness import RunningSimulator, running_simulator

ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS = ROOT / "build" / "collections"
INSTALLED = COLLECTIONS / "ansible_collections" / "streamkap" / "cloud"
VENV_BIN = Path(sys.executable).parent
CREDENTIAL_TYPE_FILE = ROOT / "awx" / "credential_type.yml"


def load_credential_type() -> dict[str, Any]:
    return yaml.safe_load(CREDENTIAL_TYPE_FILE.read_text(encoding="utf-8"))


def render_injected_env(credential_type: dict[str, Any], inputs: dict[str, str]) -> dict[str, str]:
    """The environment AWX gives a job for a credential with these inputs.

    AWX renders each injector template in an immutable Jinja sandbox with the credential's
    inputs as the namespace; inputs left empty are undefined there and render as ''.
    """
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**inputs)
            for name, template in credential_type["injectors"]["env"].items()}


class SimulatorApi:
    """Reads the live simulator's sources with its static token, as a verifier would."""

    def __init__(self, server: RunningSimulator) -> None:
        self.server = server
        self.url = server.url

    def sources_named(self, name: str) -> list[dict[str, Any]]:
        answer = requests.get(f"{self.url}/sources", headers=self.server.auth_headers,
                              params={"partial_name": name, "page_size": 100}, timeout=10)
        answer.raise_for_status()
        return [source for source in answer.json()["result"] if source["name"] == name]

    def requests_made(self) -> list[dict[str, Any]]:
        """The simulator's request log (test hook, no auth)."""
        answer = requests.get(f"{self.url}/_sim/requests", timeout=10)
        answer.raise_for_status()
        return answer.json()


@pytest.fixture(scope="session")
def installed_collection() -> Path:
    if not INSTALLED.is_dir():
        pytest.fail("the collection is not installed: run `make install` first")
    return INSTALLED


@pytest.fixture(scope="module")
def simulator_server() -> Iterator[RunningSimulator]:
    with running_simulator() as server:
        yield server


@pytest.fixture()
def simulator(simulator_server: RunningSimulator) -> SimulatorApi:
    simulator_server.reset()
    return SimulatorApi(simulator_server)
