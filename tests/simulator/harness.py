"""Helpers to run the simulator from tests, benchmarks and demos.

Typical use::

    from tests.simulator.harness import running_simulator

    with running_simulator(status_delay=0.2) as sim:
        requests.get(f"{sim.url}/sources", headers=sim.auth_headers)

``running_simulator`` runs uvicorn in a background thread of the current process (fast, and the
state is reachable as ``sim.state``); ``start_simulator_process`` runs ``python -m tests.simulator``
as a separate process (for restart tests and for tools that need a real server process).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator, Sequence

import uvicorn

from .app import SimulatorApp, create_app
from .settings import SimSettings
from .state import SimState

REPO_ROOT = Path(__file__).resolve().parents[2]
HEALTH_PATH = "/_sim/health"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until_ready(url: str, timeout: float = 10.0) -> None:
    """Poll ``<url>/_sim/health`` until it answers 200; TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}{HEALTH_PATH}", timeout=1.0) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() >= deadline:
            raise TimeoutError(f"simulator at {url} not ready after {timeout} s")
        time.sleep(0.05)


@dataclass
class RunningSimulator:
    """A simulator served from a background thread."""

    url: str
    port: int
    settings: SimSettings
    app: SimulatorApp
    state: SimState

    @property
    def app_state(self) -> SimState:
        return self.state

    @property
    def auth_headers(self) -> dict[str, str]:
        """Headers carrying the static access token."""
        return {"Authorization": f"Bearer {self.settings.access_token}"}

    def reset(self, keep_sources: bool = False) -> None:
        self.state.reset(keep_sources=keep_sources)


@contextmanager
def running_simulator(**settings_overrides: Any) -> Iterator[RunningSimulator]:
    """Serve a fresh simulator on a free loopback port in a daemon thread; stop it on exit.

    Keyword arguments override ``SimSettings`` fields (e.g. ``status_delay=0.5``,
    ``secret_style="mask"``, ``state_file="/tmp/x.json"``).
    """
    settings = SimSettings(**settings_overrides)
    # proto=IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted connections (else 40 ms stalls).
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((settings.host, 0))
    settings.port = listener.getsockname()[1]
    app = create_app(settings)
    config = uvicorn.Config(app, http="h11", lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    url = f"http://{settings.host}:{settings.port}"
    try:
        wait_until_ready(url, timeout=10.0)
        yield RunningSimulator(url=url, port=settings.port, settings=settings, app=app, state=app.state.sim)
    finally:
        server.should_exit = True
        thread.join(timeout=10.0)
        listener.close()


def start_simulator_process(
    port: int,
    extra_args: Sequence[str] = (),
    *,
    timeout: float = 20.0,
    env: dict[str, str] | None = None,
    output: IO[Any] | int | None = subprocess.DEVNULL,
) -> subprocess.Popen:
    """Start ``python -m tests.simulator --port PORT *extra_args`` (cwd = repo root) and wait until
    it answers. The caller stops it (``proc.terminate(); proc.wait()``, or ``stop_simulator_process``).
    Output goes to ``output`` (default: discarded; pass a file object to keep it)."""
    command = [
        sys.executable,
        "-m",
        "tests.simulator",
        "--port",
        str(port),
        "--log-level",
        "warning",
        *extra_args,
    ]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env={**os.environ, **(env or {})}, stdout=output, stderr=output
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"simulator exited with code {process.returncode} before answering")
        try:
            wait_until_ready(url, timeout=0.5)
            return process
        except TimeoutError:
            if time.monotonic() >= deadline:
                stop_simulator_process(process)
                raise


def stop_simulator_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate a simulator process (kill it if it does not stop in time)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
