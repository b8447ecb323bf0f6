"""The sources role run the way AWX runs a job template: ansible-runner, a private data dir,
the credential's injected environment, extra vars from the template or survey."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.ecosystem.conftest import (COLLECTIONS, ROOT, VENV_BIN, SimulatorApi, load_credential_type,
                                      render_injected_env)

CLIENT_ID = "demo-client-id"
CLIENT_SECRET = "demo-client-secret"
ACCESS_TOKEN = "demo-access-token"
ORDERS_PASSWORD = "awx-Orders-Pg-9c41"
BILLING_PASSWORD = "awx-Billing-My-5e27"
SECRETS = (CLIENT_SECRET, ACCESS_TOKEN, ORDERS_PASSWORD, BILLING_PASSWORD)

SOURCES: list[dict[str, Any]] = [
    {
        "name": "awx-orders",
        "connector": "postgresql",
        "config": {
            "database.hostname.user.defined": "db.example.internal",
            "database.port.user.defined": 5432,
            "database.user": "streamkap",
            "database.password": ORDERS_PASSWORD,
            "database.dbname": "shop",
            "schema.include.list": "public",
            "table.include.list.user.defined": "public.orders",
        },
    },
    {
        "name": "awx-billing",
        "connector": "mysql",
        # Templated like a job template's variables that refer to a survey answer.
        "desired_state": "{{ billing_state }}",
        "config": {
            "database.hostname.user.defined": "mysql.example.internal",
            "database.user": "streamkap",
            "database.password": BILLING_PASSWORD,
            "database.include.list.user.defined": "billing",
            "table.include.list.user.defined": "billing.invoices",
        },
    },
]


@dataclass
class Job:
    """What one `ansible-runner run` left behind."""

    rc: int
    status: str
    stdout: str
    events: list[dict[str, Any]]

    def stats(self, counter: str) -> dict[str, int]:
        """A per-host counter (ok, changed, failures, ignored...) from the playbook_on_stats event."""
        stats_event = next(event for event in self.events if event["event"] == "playbook_on_stats")
        return stats_event["event_data"][counter]

    def records(self) -> str:
        """Everything AWX would store for the job: its stdout and its events."""
        return self.stdout + json.dumps(self.events)


def run_job(tmp_path: Path, api_url: str, inputs: dict[str, str], sources: list[dict[str, Any]],
            ident: str, **more_extravars: Any) -> Job:
    """Run awx/sources_job.yml as a job with these sources (and more extra vars)."""
    extravars = {"streamkap_sources": sources, "billing_state": "Paused", **more_extravars}
    return run_playbook_job(tmp_path, api_url, inputs, ROOT / "awx" / "sources_job.yml", ident, extravars)


def run_playbook_job(tmp_path: Path, api_url: str, inputs: dict[str, str], playbook: Path, ident: str,
                     extravars: dict[str, Any]) -> Job:
    """Lay out a private data dir as AWX does for a job of `playbook`, and run it with ansible-runner."""
    data_dir = tmp_path / "job"
    (data_dir / "project").mkdir(parents=True, exist_ok=True)
    (data_dir / "env").mkdir(exist_ok=True)
    (data_dir / "inventory").mkdir(exist_ok=True)
    shutil.copy(playbook, data_dir / "project" / playbook.name)
    if (playbook.parent / "files").is_dir():  # the project holds the files its playbook looks up
        shutil.copytree(playbook.parent / "files", data_dir / "project" / "files", dirs_exist_ok=True)
    (data_dir / "inventory" / "hosts").write_text(
        f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n", encoding="utf-8")
    envvars = {
        **render_injected_env(load_credential_type(), {"api_url": api_url, **inputs}),
        # AWX points the job at the collections it installed for the project.
        "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
    }
    (data_dir / "env" / "envvars").write_text(yaml.safe_dump(envvars), encoding="utf-8")
    (data_dir / "env" / "extravars").write_text(yaml.safe_dump(extravars), encoding="utf-8")

    environment = {key: value for key, value in os.environ.items() if not key.startswith("STREAMKAP_")}
    environment["PATH"] = f"{VENV_BIN}{os.pathsep}{environment.get('PATH', '')}"
    completed = subprocess.run(
        [str(VENV_BIN / "ansible-runner"), "run", str(data_dir), "-p", playbook.name, "--ident", ident],
        env=environment, capture_output=True, text=True, timeout=120, check=False)

    artifacts = data_dir / "artifacts" / ident
    events = [json.loads(path.read_text(encoding="utf-8"))
              for path in sorted((artifacts / "job_events").glob("*.json"))]
    return Job(rc=completed.returncode, status=(artifacts / "status").read_text(encoding="utf-8").strip(),
               stdout=(artifacts / "stdout").read_text(encoding="utf-8"), events=events)


def test_job_with_client_credentials_creates_the_sources_then_changes_nothing(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    inputs = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}

    first = run_job(tmp_path, simulator.url, inputs, SOURCES, "first")
    assert (first.rc, first.status) == (0, "successful"), first.stdout
    assert first.stats("changed") == {"localhost": 1}
    orders, billing = (simulator.sources_named(source["name"]) for source in SOURCES)
    assert [source["connector"] for source in orders + billing] == ["postgresql", "mysql"]
    assert billing[0]["desired_state"] == "Paused"

    second = run_job(tmp_path, simulator.url, inputs, SOURCES, "second")
    assert (second.rc, second.status) == (0, "successful"), second.stdout
    assert "localhost" not in second.stats("changed")
    assert [len(simulator.sources_named(source["name"])) for source in SOURCES] == [1, 1]

    for job in (first, second):
        for secret in SECRETS:
            assert secret not in job.records()
    # The role's results name each source with its id, for later tasks and the job output.
    assert orders[0]["id"] in first.stdout and billing[0]["id"] in first.stdout


def test_job_with_an_access_token_only_leaves_the_client_inputs_empty(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    injected = render_injected_env(load_credential_type(), {"api_url": simulator.url, "access_token": ACCESS_TOKEN})
    assert injected["STREAMKAP_CLIENT_ID"] == "" and injected["STREAMKAP_CLIENT_SECRET"] == ""

    job = run_job(tmp_path, simulator.url, {"access_token": ACCESS_TOKEN}, SOURCES[:1], "token")

    assert (job.rc, job.status) == (0, "successful"), job.stdout
    assert len(simulator.sources_named("awx-orders")) == 1
    assert ACCESS_TOKEN not in job.records() and ORDERS_PASSWORD not in job.records()


def test_a_source_that_fails_is_named_with_the_reason_and_the_others_are_applied(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    broken = {"name": "awx-broken", "connector": "postgresql",
              "config": {**SOURCES[0]["config"], "database.port.user.defined": "not-a-port"}}

    job = run_job(tmp_path, simulator.url, {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
                  [broken, SOURCES[1]], "failing")

    assert (job.rc, job.status) == (2, "failed")
    assert "awx-broken" in job.stdout and "database.port.user.defined" in job.stdout
    assert simulator.sources_named("awx-broken") == []
    assert len(simulator.sources_named("awx-billing")) == 1
    for secret in SECRETS:
        assert secret not in job.records()


def test_a_wrong_client_secret_fails_the_job_without_printing_it(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    wrong_secret = "awx-wrong-secret-0d1f"

    job = run_job(tmp_path, simulator.url, {"client_id": CLIENT_ID, "client_secret": wrong_secret},
                  SOURCES[:1], "denied")

    assert job.status == "failed"
    assert "awx-orders" in job.stdout
    assert wrong_secret not in job.records()
    assert simulator.sources_named("awx-orders") == []


def test_a_survey_typo_fails_the_role_validation_before_any_request(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    typo = {**SOURCES[0], "state": "deleted"}

    job = run_job(tmp_path, simulator.url, {"access_token": ACCESS_TOKEN}, [typo], "typo")

    assert job.status == "failed"
    assert "state" in job.stdout and "present, absent" in job.stdout
    assert simulator.requests_made() == []
    assert ORDERS_PASSWORD not in job.records()
