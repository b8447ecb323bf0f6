"""Both ways of authenticating, each alone in the environment, and a token the API refuses."""
from __future__ import annotations

import secrets

import pytest

from tests.live.settings import LiveSettings


def test_an_access_token_alone_authenticates(live: LiveSettings, playbook) -> None:
    if not live.access_token:
        pytest.skip("not run: STREAMKAP_ACCESS_TOKEN is not set")
    run = playbook("auth.yml", auth="token")
    assert run.rc == 0, run.output
    assert run.results["tags"] == []


def test_client_credentials_alone_authenticate(live: LiveSettings, playbook) -> None:
    if not live.has_client_credentials:
        pytest.skip("not run: STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET are not set")
    run = playbook("auth.yml", auth="client")
    assert run.rc == 0, run.output
    assert run.results["tags"] == []


def test_a_refused_token_fails_with_a_clear_message(playbook) -> None:
    bad_token = secrets.token_hex(24)
    run = playbook("auth.yml", {"live_access_token": bad_token, "live_expect_failure": True}, auth="none")
    assert run.results["failed"] is True, run.output
    message = run.results["msg"]
    assert "401" in message and "access_token" in message, message
    assert bad_token not in run.output
