"""The simulator as a separate process (its CPU use stays apart from the measured runs), and its hooks."""
from __future__ import annotations

import typing as t
from dataclasses import dataclass
from types import TracebackType

import requests

from tests.simulator.harness import free_port, start_simulator_process, stop_simulator_process
from tests.support import SimHooks

CLIENT_ID = "demo-client-id"
CLIENT_SECRET = "demo-client-secret"
STATIC_TOKEN = "demo-access-token"
HOOK_TIMEOUT = 120.0  # seeding 10,000 sources takes a few seconds


@dataclass(frozen=True)
class LoggedRequest:
    """One API call from the simulator's request log."""

    method: str
    path: str
    query: dict[str, str]

    @property
    def is_auth(self) -> bool:
        return self.path.startswith("/auth/")

    def describe(self) -> str:
        shown = {key: value for key, value in self.query.items() if key != "secret_returned"}
        query = "&".join(f"{key}={value}" for key, value in shown.items())
        return f"{self.method} {self.path}{'?' + query if query else ''}"


class BenchSimulator(SimHooks):
    """`python -m tests.simulator` on a free loopback port, driven through its /_sim hooks."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process = None
        self.http = requests.Session()
        self.hook_timeout = HOOK_TIMEOUT

    def __enter__(self) -> BenchSimulator:
        self._process = start_simulator_process(self.port)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.http.close()
        if self._process is not None:
            stop_simulator_process(self._process)

    def logged_requests(self) -> list[LoggedRequest]:
        return [LoggedRequest(entry["method"], entry["path"], entry.get("query") or {}) for entry in self.hook("GET", "requests")]

    def seed(self, count: int, prefix: str, connector: str = "postgresql") -> list[str]:
        """Create `count` sources named <prefix>1..; names that exist already are skipped (so seeding grows a set)."""
        return self.hook("POST", "seed", json={"count": count, "prefix": prefix, "connector": connector})["ids"]

    def create_source(self, name: str, config: dict[str, t.Any], connector: str = "postgresql") -> dict[str, t.Any]:
        """Create a source through the API itself, with the static token (not counted in any measurement)."""
        answer = self.http.post(
            f"{self.url}/sources", json={"name": name, "connector": connector, "config": config},
            headers={"Authorization": f"Bearer {STATIC_TOKEN}"}, timeout=HOOK_TIMEOUT,
        )
        answer.raise_for_status()
        return answer.json()
