"""docs/zero-to-pipeline.md, step 8: the guide's playbook as an AWX job template, with the Streamkap
credential attached (its injected environment) and the secrets as extra variables, as a vault or
extra-vars credential supplies them. Launched twice (changed, then no write), then with
`streamkap_state: deleted`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ecosystem.conftest import ROOT, SimulatorApi
from tests.ecosystem.test_awx_job import CLIENT_ID, CLIENT_SECRET, run_playbook_job
from tests.ecosystem.test_awx_pipeline_job import pipelines_named

PLAYBOOK = ROOT / "playbooks" / "zero_to_pipeline.yml"
SECRETS = {"vault_orders_db_password": "awx-Guide-Pg-41d0", "vault_snowflake_private_key": "awx-Guide-Sf-8a2c"}


def api_writes(simulator: SimulatorApi) -> list[dict[str, Any]]:
    return [entry for entry in simulator.requests_made()
            if entry["method"] in ("POST", "PUT", "DELETE") and not entry["path"].startswith("/auth/")]


def test_the_guides_job_template_creates_reruns_without_writes_and_tears_down(
        installed_collection: Path, simulator: SimulatorApi, tmp_path: Path) -> None:
    inputs = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}

    first = run_playbook_job(tmp_path, simulator.url, inputs, PLAYBOOK, "guide-first", SECRETS)
    assert (first.rc, first.status) == (0, "successful"), first.stdout
    assert first.stats("changed") == {"localhost": 5}  # the tag, source, destination, transform and pipeline
    [pipeline] = pipelines_named(simulator, "shop-orders-to-snowflake")
    assert f"{pipeline['id']}): shop-orders-postgres -> shop-analytics-snowflake" in first.stdout

    writes_before = len(api_writes(simulator))
    second = run_playbook_job(tmp_path, simulator.url, inputs, PLAYBOOK, "guide-second", SECRETS)
    assert (second.rc, second.status) == (0, "successful"), second.stdout
    assert "localhost" not in second.stats("changed")
    assert len(api_writes(simulator)) == writes_before

    teardown = run_playbook_job(tmp_path, simulator.url, inputs, PLAYBOOK, "guide-teardown",
                                {**SECRETS, "streamkap_state": "deleted"})
    assert (teardown.rc, teardown.status) == (0, "successful"), teardown.stdout
    assert teardown.stats("changed") == {"localhost": 5}
    assert pipelines_named(simulator, "shop-orders-to-snowflake") == []
    assert simulator.sources_named("shop-orders-postgres") == []

    for job in (first, second, teardown):
        for secret in (CLIENT_SECRET, *SECRETS.values()):
            assert secret not in job.records()
