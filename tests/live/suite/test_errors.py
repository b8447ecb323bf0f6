"""An error path: a source of an unknown connector fails with a message that names it."""
from __future__ import annotations

from tests.live.api import LiveApi
from tests.live.settings import LiveSettings


def test_an_unknown_connector_fails_clearly_and_creates_nothing(live: LiveSettings, api: LiveApi, playbook) -> None:
    connector = "no-such-connector"
    run = playbook("errors.yml", {"live_bad_connector": connector})
    assert run.results["failed"] is True, run.output
    message = run.results["msg"]
    assert connector in message, message
    assert "Traceback" not in run.output
    assert api.named("sources", f"{live.prefix}bad-connector") == []
