"""The AWX runbooks (awx/backfill_job.yml, awx/gate_job.yml, awx/notify_job.yml) run the way AWX runs a job:
ansible-runner, the credential's injected environment, survey answers as extra variables; and their surveys
against the playbooks."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from tests.ecosystem.conftest import ROOT, SimulatorApi
from tests.ecosystem.test_awx_job import CLIENT_ID, CLIENT_SECRET, Job, run_playbook_job
from tests.simulator.tests.conftest import destination_body, pipeline_body, source_body

AWX = ROOT / "awx"
INPUTS = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
MODULE_CHOICES = {"backfill_type": ["incremental", "blocking"]}


def api(simulator: SimulatorApi, method: str, path: str, **kwargs: Any) -> Any:
    answer = requests.request(method, f"{simulator.url}{path}", headers=simulator.server.auth_headers, timeout=10, **kwargs)
    answer.raise_for_status()
    return answer.json()


def hook(simulator: SimulatorApi, path: str, body: dict[str, Any]) -> None:
    requests.post(f"{simulator.url}/_sim/{path}", json=body, timeout=10).raise_for_status()


def chain(simulator: SimulatorApi) -> tuple[dict[str, Any], dict[str, Any]]:
    """A source with two tables and a pipeline carrying both into a destination."""
    source = api(simulator, "POST", "/sources", json=source_body("awx-shop", config=dict(
        source_body()["config"], **{"table.include.list.user.defined": "public.orders,customers"})))
    destination = api(simulator, "POST", "/destinations", json=destination_body("awx-warehouse"))
    pipeline = api(simulator, "POST", "/pipelines", json=pipeline_body("awx-shop-to-warehouse", source, destination))
    return source, pipeline


def run(tmp_path: Path, simulator: SimulatorApi, playbook: str, ident: str, **answers: Any) -> Job:
    return run_playbook_job(tmp_path, simulator.url, INPUTS, AWX / playbook, ident, answers)


def artifacts(job: Job) -> dict[str, Any]:
    """What set_stats handed on: the artifact data AWX passes to the workflow's next nodes."""
    stats = next(event for event in job.events if event["event"] == "playbook_on_stats")
    return stats["event_data"].get("artifact_data") or {}


@pytest.mark.parametrize("survey, playbook", [("backfill_survey.yml", "backfill_job.yml"), ("gate_survey.yml", "gate_job.yml")])
def test_every_survey_question_sets_a_variable_its_playbook_reads(survey: str, playbook: str) -> None:
    spec = yaml.safe_load((AWX / survey).read_text(encoding="utf-8"))
    text = (AWX / playbook).read_text(encoding="utf-8")

    assert spec["name"] and spec["description"]
    for question in spec["spec"]:
        assert {"question_name", "variable", "type", "required"} <= set(question)
        assert question["type"] in ("text", "textarea", "integer", "multiplechoice")
        assert f"{question['variable']}" in text, question["variable"]
        if question["type"] == "multiplechoice":
            assert question["choices"].split("\n") == MODULE_CHOICES[question["variable"]]
            assert question["default"] in MODULE_CHOICES[question["variable"]]


def test_the_backfill_job_snapshots_the_tables_and_waits_until_they_completed(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    source, _pipeline = chain(simulator)
    hook(simulator, "settings", {"snapshot_polls": 1})

    job = run(tmp_path, simulator, "backfill_job.yml", "backfill", backfill_source="awx-shop",
              backfill_tables="public.orders\n public.customers\n", backfill_type="incremental",
              backfill_wait_timeout=60, backfill_wait_interval=0.5)

    assert (job.rc, job.status) == (0, "successful"), job.stdout
    assert job.stats("changed") == {"localhost": 1}
    assert "Every topic completed." in job.stdout
    [started] = [entry for entry in simulator.requests_made() if entry["path"] == "/sources/snapshot"]
    assert started["body"]["topic_names"] == source["topics"]
    assert CLIENT_SECRET not in job.records()


def test_the_backfill_job_fails_naming_a_table_whose_snapshot_failed(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    source, _pipeline = chain(simulator)
    hook(simulator, "settings", {"snapshot_polls": 1})
    hook(simulator, f"snapshots/{source['id']}/fail", {"topics": ["public.customers"]})

    job = run(tmp_path, simulator, "backfill_job.yml", "failed-backfill", backfill_source="awx-shop",
              backfill_wait_timeout=60, backfill_wait_interval=0.5)

    assert (job.rc, job.status) == (2, "failed")
    assert f"{source['topics'][1]} (failed)" in job.stdout


def test_the_gate_job_passes_healthy_pipelines(installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    _source, pipeline = chain(simulator)
    hook(simulator, f"metrics/pipelines/{pipeline['id']}", {"lag": 10})

    job = run(tmp_path, simulator, "gate_job.yml", "gate", gate_name_prefix="awx-", gate_max_lag=1000, gate_wait_timeout=0)

    assert (job.rc, job.status) == (0, "successful"), job.stdout
    assert "All 3 entities are healthy." in job.stdout
    assert artifacts(job) == {}


def test_the_gate_job_fails_and_hands_the_verdict_to_the_notify_job(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    _source, pipeline = chain(simulator)
    hook(simulator, f"metrics/pipelines/{pipeline['id']}", {"lag": 5000})

    gate = run(tmp_path, simulator, "gate_job.yml", "gate-fails", gate_pipelines="awx-shop-to-warehouse\n",
               gate_max_lag=1000, gate_wait_timeout=1, gate_wait_interval=0.5)
    handed = artifacts(gate)
    notify = run(tmp_path, simulator, "notify_job.yml", "notify", **handed)

    assert (gate.rc, gate.status) == (2, "failed")
    assert "records lag is 5000 records, over max_lag 1000" in handed["streamkap_gate_message"]
    assert handed["streamkap_gate_unhealthy"] == ["awx-shop-to-warehouse"]
    assert (notify.rc, notify.status) == (0, "successful"), notify.stdout
    assert "records lag is 5000 records" in notify.stdout
