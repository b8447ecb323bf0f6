"""`python -m tests.simulator` as a real process: state survives a restart with --state-file."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from tests.simulator.harness import free_port, start_simulator_process, stop_simulator_process

from .conftest import destination_body, pipeline_body, source_body

TOKEN = {"Authorization": "Bearer process-token"}


def test_state_file_survives_a_kill_and_restart(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["--state-file", str(state_file), "--access-token", "process-token"]
    process = start_simulator_process(port, args)
    try:
        created = requests.post(f"{url}/sources", json=source_body("persistent"), headers=TOKEN, timeout=5)
        assert created.status_code == 200
        token = requests.post(
            f"{url}/auth/access-token",
            json={"client_id": "demo-client-id", "secret": "demo-client-secret"},
            timeout=5,
        ).json()["accessToken"]
    finally:
        process.kill()
        process.wait()
    assert json.loads(state_file.read_text())["sources"][0]["name"] == "persistent"
    assert not [path for path in tmp_path.iterdir() if path.name != "state.json"]  # no temp files left
    process = start_simulator_process(port, args)
    try:
        found = requests.get(f"{url}/sources/{created.json()['id']}", headers=TOKEN, timeout=5).json()[
            "result"
        ]
        assert [source["name"] for source in found] == ["persistent"]
        assert found[0]["config"] == created.json()["config"]
        exchanged = requests.get(f"{url}/sources", headers={"Authorization": f"Bearer {token}"}, timeout=5)
        assert exchanged.status_code == 200
        assert requests.get(f"{url}/sources", timeout=5).status_code == 401
    finally:
        stop_simulator_process(process)
    assert process.returncode is not None


def test_command_line_defaults_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.simulator.__main__ import parse_args, settings_from_args

    monkeypatch.setenv("SIM_PORT", "9123")
    monkeypatch.setenv("SIM_CLIENT_ID", "env-id")
    monkeypatch.setenv("SIM_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("SIM_ACCESS_TOKEN", "env-token")
    settings = settings_from_args(parse_args(["--status-delay", "2", "--secret-style", "mask"]))
    assert (settings.port, settings.client_id, settings.client_secret, settings.access_token) == (
        9123,
        "env-id",
        "env-secret",
        "env-token",
    )
    assert (settings.host, settings.token_ttl, settings.status_delay, settings.secret_style) == (
        "127.0.0.1",
        3600.0,
        2.0,
        "mask",
    )
    monkeypatch.delenv("SIM_PORT")
    assert parse_args([]).port == 8000


def test_state_file_keeps_destinations_pipelines_and_tags(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    args = ["--state-file", str(state_file), "--access-token", "process-token"]
    process = start_simulator_process(port, args)
    try:
        tag = requests.post(
            f"{url}/tags", json={"name": "prod", "type": ["pipelines"]}, headers=TOKEN, timeout=5
        ).json()
        source = requests.post(
            f"{url}/sources", json=source_body("orders-pg"), headers=TOKEN, timeout=5
        ).json()
        destination = requests.post(
            f"{url}/destinations", json=destination_body("analytics"), headers=TOKEN, timeout=5
        ).json()
        pipeline = requests.post(
            f"{url}/pipelines",
            json=pipeline_body("orders-to-analytics", source, destination, tags=[tag["id"]]),
            headers=TOKEN,
            timeout=5,
        ).json()
    finally:
        stop_simulator_process(process)
    process = start_simulator_process(port, args)
    try:
        found = requests.get(f"{url}/pipelines/{pipeline['id']}", headers=TOKEN, timeout=5).json()["result"]
        assert found == [pipeline]
        tags = requests.get(f"{url}/tags", headers=TOKEN, timeout=5).json()["tags"]
        assert sorted(entry["name"] for entry in tags) == ["Development", "prod"]
        refused = requests.delete(f"{url}/destinations/{destination['id']}", headers=TOKEN, timeout=5)
        assert refused.status_code == 409
    finally:
        stop_simulator_process(process)
