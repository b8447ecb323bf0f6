"""The AWX job playbook applying the whole chain: sources, then destinations, then pipelines."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from tests.ecosystem.conftest import SimulatorApi
from tests.ecosystem.test_awx_job import CLIENT_ID, CLIENT_SECRET, SECRETS, SOURCES, run_job

SNOWFLAKE_KEY = "awx-Snowflake-Key-3b8e"
DESTINATIONS: list[dict[str, Any]] = [{
    "name": "awx-analytics",
    "connector": "snowflake",
    "config": {
        "snowflake.url.name": "acme.snowflakecomputing.com",
        "snowflake.user.name": "STREAMKAP_USER",
        "snowflake.private.key": SNOWFLAKE_KEY,
        "snowflake.database.name": "ANALYTICS",
        "snowflake.schema.name": "RAW",
    },
}]
PIPELINES: list[dict[str, Any]] = [
    {"name": "awx-orders-to-snowflake", "source": "awx-orders", "destination": "awx-analytics", "topics": ["public.orders"]},
]


def pipelines_named(simulator: SimulatorApi, name: str) -> list[dict[str, Any]]:
    answer = requests.get(f"{simulator.url}/pipelines", headers=simulator.server.auth_headers,
                          params={"partial_name": name, "page_size": 100}, timeout=10)
    answer.raise_for_status()
    return [item for item in answer.json()["result"] if item["name"] == name]


def test_the_job_creates_the_chain_then_changes_nothing(installed_collection: Path, simulator: SimulatorApi,
                                                        tmp_path: Path) -> None:
    inputs = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    chain = {"streamkap_destinations": DESTINATIONS, "streamkap_pipelines": PIPELINES}

    first = run_job(tmp_path, simulator.url, inputs, SOURCES, "chain-first", **chain)
    assert (first.rc, first.status) == (0, "successful"), first.stdout
    assert first.stats("changed") == {"localhost": 3}
    [pipeline] = pipelines_named(simulator, "awx-orders-to-snowflake")
    assert (pipeline["source"]["name"], pipeline["destination"]["name"]) == ("awx-orders", "awx-analytics")
    assert pipeline["id"] in first.stdout and "awx-orders -> awx-analytics" in first.stdout

    second = run_job(tmp_path, simulator.url, inputs, SOURCES, "chain-second", **chain)
    assert (second.rc, second.status) == (0, "successful"), second.stdout
    assert "localhost" not in second.stats("changed")
    assert len(pipelines_named(simulator, "awx-orders-to-snowflake")) == 1

    for job in (first, second):
        for secret in (*SECRETS, SNOWFLAKE_KEY):
            assert secret not in job.records()
