"""The example rulebook run by ansible-rulebook itself against the simulator, and its playbooks run by ansible-playbook:
a source turned Broken is redeployed and Active again; an entity that stays broken is redeployed at most
streamkap_max_redeploys times, then reported; a lagging pipeline is reported.

They use the collection as `make install` installs it (build/collections), as a user's ansible-galaxy install would.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import typing as t
from pathlib import Path

import pytest
import yaml

from tests.eda.conftest import ROOT, Api
from tests.support import VENV_BIN, ansible_playbook_env

COLLECTIONS = ROOT / "build" / "collections"
INSTALLED = COLLECTIONS / "ansible_collections" / "streamkap" / "cloud"
# What the whole rulebook run may take, from its start to the source Active again.
BUDGET = 90.0
TRACE = "org.apache.kafka.connect.errors.ConnectException: replication slot is gone"


@pytest.fixture(autouse=True, scope="module")
def installed() -> None:
    for part in ("extensions/eda/rulebooks/streamkap_remediation.yml", "playbooks/redeploy.yml", "playbooks/notify.yml",
                 "extensions/eda/plugins/event_source/streamkap_events.py"):
        assert (INSTALLED / part).is_file(), f"{part} is not installed: run `make install`"


def java_home() -> str:
    """The Java the machine runs (ansible-rulebook's rule engine needs Java 17 or later), as `java` itself reports it."""
    try:
        shown = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                               timeout=60, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise AssertionError(f"ansible-rulebook needs Java 17 or later on PATH (`java`): {exc}") from None
    found = re.search(r"^\s*java\.home = (.+)$", shown.stderr + shown.stdout, re.MULTILINE)
    assert found, shown.stderr
    return found.group(1).strip()


def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.yml"
    path.write_text(yaml.safe_dump({"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": str(VENV_BIN / "python")}}}}))
    return path


def playbook(name: str, api: Api, tmp_path: Path, extra: dict[str, t.Any]) -> subprocess.CompletedProcess:
    """ansible-playbook streamkap.cloud.<name> with these extra vars, credentials in the environment."""
    extra_file = tmp_path / f"{name}-vars.json"
    extra_file.write_text(json.dumps(extra))
    env = ansible_playbook_env(api.url, COLLECTIONS, STREAMKAP_ACCESS_TOKEN=api.sim.settings.access_token, HOME=str(tmp_path))
    return subprocess.run([str(VENV_BIN / "ansible-playbook"), "-i", str(inventory(tmp_path)), f"streamkap.cloud.{name}",
                           "-e", f"@{extra_file}"], capture_output=True, text=True, timeout=180, cwd=tmp_path, env=env,
                          check=False)


def redeploys(api: Api, entity_id: str) -> int:
    return sum(1 for entry in api.sim.state.requests() if entry["method"] == "POST" and entry["path"] == f"/sources/{entity_id}/deploy")


def status(api: Api, entity_id: str) -> str:
    return api.call("GET", f"/sources/{entity_id}")["result"][0]["connector_status"]


def test_the_rulebook_redeploys_a_broken_source_until_it_is_active_and_reports_a_lagging_pipeline(api, tmp_path):
    orders, billing = api.source("orders"), api.source("billing")
    pipeline = api.pipeline("billing-to-warehouse", billing, api.destination("warehouse"))
    api.hook("POST", f"metrics/pipelines/{pipeline['id']}", json={"lag": 5000, "latency": 50})
    api.hook("POST", f"sources/{orders['id']}/broken", json={"trace": TRACE})
    variables = tmp_path / "vars.yml"
    variables.write_text(yaml.safe_dump({"streamkap_interval": 1, "streamkap_redeploy_wait_interval": 1, "streamkap_max_lag": 1000}))
    env = ansible_playbook_env(api.url, COLLECTIONS, STREAMKAP_ACCESS_TOKEN=api.sim.settings.access_token,
                               HOME=str(tmp_path), JAVA_HOME=java_home())
    log = tmp_path / "ansible-rulebook.log"
    started = time.monotonic()
    with log.open("w") as output:
        rulebook = subprocess.Popen(  # pylint: disable=consider-using-with  # stopped below, by its own id
            [str(VENV_BIN / "ansible-rulebook"), "-i", str(inventory(tmp_path)), "-r", "streamkap.cloud.streamkap_remediation",
             "--vars", str(variables), "-v"], cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            while not (redeploys(api, orders["id"]) and status(api, orders["id"]) == "Active"):
                assert rulebook.poll() is None, log.read_text()
                assert time.monotonic() - started < BUDGET, f"not healed within {BUDGET:g} s:\n{log.read_text()}"
                time.sleep(0.5)
            healed = time.monotonic() - started
            # The playbooks' recaps (the redeploy's and the lagging pipeline's report), then a few more polls: nothing else.
            while log.read_text().count("PLAY RECAP") < 2:
                assert time.monotonic() - started < BUDGET, log.read_text()
                time.sleep(0.5)
            time.sleep(3)
        finally:
            rulebook.terminate()
            try:
                rulebook.wait(timeout=30)
            except subprocess.TimeoutExpired:
                rulebook.kill()
                rulebook.wait()
    output = log.read_text()
    assert healed < BUDGET
    assert redeploys(api, orders["id"]) == 1 and redeploys(api, billing["id"]) == 0
    assert status(api, orders["id"]) == "Active" and status(api, billing["id"]) == "Active"
    assert len(re.findall(r"localhost\s*:\s*ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", output)) == 2, output
    assert "Redeploy the source and wait until it is Active" in output
    assert (f"Streamkap pipeline billing-to-warehouse (id {pipeline['id']}) is unhealthy: records lag is 5000 records, "
            "over max_lag 1000, records lag 5000") in output
    assert api.sim.settings.access_token not in output


def test_an_entity_that_stays_broken_is_redeployed_at_most_max_redeploys_times_then_reported(api, tmp_path):
    orders = api.source("orders")
    api.hook("POST", f"sources/{orders['id']}/broken", json={"trace": TRACE, "stays_broken": True})
    event = {"ansible_eda": {"event": {"streamkap": {
        "type": "unhealthy", "kind": "source", "id": orders["id"], "name": "orders", "status": "Broken",
        "previous_status": "Active", "lag": None, "latency_ms": None, "problems": ["its connector_status is Broken"]}}},
        "streamkap_max_redeploys": 2, "streamkap_redeploy_wait_interval": 0.5, "streamkap_redeploy_state_dir": str(tmp_path / "record")}

    runs = [playbook("redeploy", api, tmp_path, event) for _attempt in range(3)]

    for run in runs[:2]:
        assert run.returncode == 2, run.stdout
        assert "is Broken instead of Active" in run.stdout
    assert runs[2].returncode == 0, runs[2].stdout + runs[2].stderr
    assert redeploys(api, orders["id"]) == 2
    notice = re.sub(r"\s+", " ", runs[2].stdout)
    assert (f"The source orders (id {orders['id']}) is still unhealthy after 2 redeploys within 3600 seconds: it is not "
            "redeployed again.") in notice
    assert len(json.loads((tmp_path / "record" / f"source-{orders['id']}.json").read_text())) == 2


def test_a_redeploy_outside_the_window_counts_no_more(api, tmp_path):
    orders = api.source("orders")
    api.hook("POST", f"sources/{orders['id']}/broken", json={"trace": TRACE})
    record = tmp_path / "record"
    record.mkdir()
    (record / f"source-{orders['id']}.json").write_text(json.dumps([int(time.time()) - 7200]))

    run = playbook("redeploy", api, tmp_path, {"streamkap_kind": "source", "streamkap_id": orders["id"],
                                               "streamkap_max_redeploys": 1, "streamkap_redeploy_state_dir": str(record),
                                               "streamkap_redeploy_wait_interval": 0.5})

    assert run.returncode == 0, run.stdout + run.stderr
    assert redeploys(api, orders["id"]) == 1 and status(api, orders["id"]) == "Active"


def test_the_redeploy_playbook_refuses_what_it_cannot_redeploy(api, tmp_path):
    run = playbook("redeploy", api, tmp_path, {"streamkap_kind": "pipeline", "streamkap_id": "../x"})

    assert run.returncode == 2
    assert "Give streamkap_kind (source or destination) and streamkap_id" in run.stdout
    assert not any(entry["method"] == "POST" for entry in api.sim.state.requests())


def test_the_notify_playbook_reports_a_lagging_pipeline(api, tmp_path):
    event = {"ansible_eda": {"event": {"streamkap": {
        "type": "unhealthy", "kind": "pipeline", "id": "p1", "name": "orders-to-warehouse", "status": "Active",
        "previous_status": "Active", "lag": 5000, "latency_ms": 50, "problems": ["records lag is 5000 records, over max_lag 1000"]}}}}

    run = playbook("notify", api, tmp_path, event)

    assert run.returncode == 0, run.stdout + run.stderr
    assert ("Streamkap pipeline orders-to-warehouse (id p1) is unhealthy: records lag is 5000 records, over max_lag 1000, "
            "records lag 5000") in run.stdout
    assert "skipping" in run.stdout  # the webhook, not configured
