"""The live suite run as a user runs it (`python -m tests.live`), against a simulator of its own:
so the suite never rots, and its refusal and its cleanup are tested too."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live.api import KINDS, LiveApi
from tests.simulator.harness import RunningSimulator, running_simulator
from tests.support import SimHooks

ROOT = Path(__file__).resolve().parents[3]
LIVE = ROOT / "tests" / "live"
SIM_VARS = LIVE / "vars.simulator.yml"
RUN_ID = re.compile(r"run ([0-9a-f]{8}) against")
# Entities no run of this suite may touch: the user's own, and another live run's.
BYSTANDER_SEEDS = (
    {"kind": "pipelines", "count": 1, "prefix": "keep-"},
    {"kind": "tags", "count": 1, "prefix": "keep-tag-"},
    {"kind": "sources", "count": 1, "prefix": "ansible-live-0000ffff-source-"},
    {"kind": "tags", "count": 1, "prefix": "ansible-live-0000ffff-tag-"},
)


@dataclass
class LiveRun:
    rc: int
    output: str

    @property
    def prefix(self) -> str:
        match = RUN_ID.search(self.output)
        assert match, self.output
        return f"ansible-live-{match.group(1)}-"


class Sim(SimHooks):
    def __init__(self, server: RunningSimulator) -> None:
        self.url = server.url
        self.settings = server.settings
        self.api = LiveApi(server.url, access_token=server.settings.access_token)

    def credentials(self) -> dict[str, str]:
        return {"STREAMKAP_ACCESS_TOKEN": self.settings.access_token,
                "STREAMKAP_CLIENT_ID": self.settings.client_id,
                "STREAMKAP_CLIENT_SECRET": self.settings.client_secret}

    def env(self, **changes: str | None) -> dict[str, str]:
        """The environment of a consenting run with both credentials; a change of None unsets."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("STREAMKAP_") and key != "LIVE_VARS"}
        env.update({"STREAMKAP_LIVE_TESTS": "1", "STREAMKAP_API_URL": self.url, **self.credentials()})
        for key, value in changes.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def start(self, *pytest_args: str, **env_changes: str | None) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "tests.live", *pytest_args], cwd=ROOT,
                                env=self.env(**env_changes), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def run(self, *pytest_args: str, **env_changes: str | None) -> LiveRun:
        with self.start(*pytest_args, **env_changes) as process:
            output = process.communicate(timeout=300)[0]
        return LiveRun(process.returncode, output)

    def seed_bystanders(self) -> None:
        for seed in BYSTANDER_SEEDS:
            self.hook("POST", "seed", json=seed)

    def everything(self) -> dict[str, dict[str, dict[str, t.Any]]]:
        """Every entity of every kind, by id."""
        return {kind: {item["id"]: item for item in self.api.entities(kind)} for kind in KINDS}

    def named(self, prefix: str) -> list[str]:
        return [f"{kind} {item['name']}" for kind in KINDS for item in self.api.named(kind, prefix)]

    def writes(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of every write outside /auth, in order."""
        return [(entry["method"], entry["path"], entry["status"]) for entry in self.hook("GET", "requests")
                if entry["method"] in ("POST", "PUT", "DELETE") and not entry["path"].startswith("/auth/")]


@pytest.fixture()
def sim() -> t.Iterator[Sim]:
    with running_simulator() as server:
        yield Sim(server)


@pytest.fixture()
def bystanders(sim: Sim) -> dict[str, dict[str, dict[str, t.Any]]]:
    """Entities outside any run's prefix and one of another run, as they were before the run."""
    sim.seed_bystanders()
    return sim.everything()


def stop(process: subprocess.Popen, signum: signal.Signals | None) -> LiveRun:
    """Send `signum` (None: none) and wait for the run to end."""
    if signum is not None:
        process.send_signal(signum)
    output = process.communicate(timeout=120)[0]
    return LiveRun(process.returncode, output)
