"""Check mode: a create is predicted and reported as a change, and nothing is written."""
from __future__ import annotations

from tests.live.api import LiveApi
from tests.live.settings import LiveSettings

PASSWORD = "live-check-Pg-secret-3c9"


def test_a_create_in_check_mode_writes_nothing(live: LiveSettings, api: LiveApi, playbook) -> None:
    run = playbook("check_mode.yml", {"live_check_password": PASSWORD}, check=True)
    assert run.rc == 0, run.output
    results = run.results["msg"]
    assert results["tag"]["changed"] is True
    assert results["tag"]["tag"]["name"] == f"{live.prefix}check-tag"
    assert results["source"]["changed"] is True
    assert results["source"]["source"]["name"] == f"{live.prefix}check-source"
    assert api.named("tags", f"{live.prefix}check-") == []
    assert api.named("sources", f"{live.prefix}check-") == []
    assert PASSWORD not in run.output
