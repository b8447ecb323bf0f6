# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How main() reports retries: in module debug, and in the result at -vvv only, never as warnings."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_source
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, calls_to, list_page, make_source

CONFIG = {"database.hostname.user.defined": "db.example.com", "database.password": DB_PASSWORD}


def module_args(**overrides) -> dict:
    args = {"api_url": API_URL, "access_token": TOKEN, "name": "orders", "connector": "postgresql",
            "config": dict(CONFIG), "validate_config": False, "retry_max_delay": 0}
    args.update(overrides)
    return args


def run_module(args: dict, capsys: pytest.CaptureFixture) -> tuple[dict, list[str]]:
    """Run main(); return its result and what it sent to module.debug."""
    debugged: list[str] = []
    with patch_module_args(args), mock.patch.object(StreamkapModule, "debug", lambda self, msg: debugged.append(msg)):
        with pytest.raises(SystemExit):
            streamkap_source.main()
    return json.loads(capsys.readouterr().out), debugged


def flaky_create(api) -> None:
    api.get(f"{API_URL}/sources", status=503)
    api.get(f"{API_URL}/sources", json=list_page([]))
    api.post(f"{API_URL}/sources", json={"detail": "Too Many Requests"}, status=429, headers={"Retry-After": "0"})
    api.post(f"{API_URL}/sources", json=make_source("orders", "new-id"))


@pytest.mark.parametrize("verbosity", [0, 2])
def test_retries_stay_out_of_the_result_below_vvv(api, capsys, verbosity):
    flaky_create(api)

    result, debugged = run_module(module_args(_ansible_verbosity=verbosity), capsys)

    assert result["changed"] is True
    assert "api_retries" not in result
    assert "warnings" not in result
    assert len(debugged) == 2


def test_retries_are_listed_at_vvv_and_never_warned(api, capsys):
    flaky_create(api)

    result, debugged = run_module(module_args(_ansible_verbosity=3), capsys)

    assert result["changed"] is True
    assert "warnings" not in result
    assert result["api_retries"] == debugged
    assert result["api_retries"][0].startswith("Streamkap API GET /sources: HTTP 503")
    assert result["api_retries"][1].startswith("Streamkap API POST /sources: HTTP 429")
    assert "retry 1 of 5 in 0.00 s" in result["api_retries"][1]


def test_a_failure_at_vvv_lists_the_retries_before_it(api, capsys):
    api.get(f"{API_URL}/sources", status=502)

    result, _debugged = run_module(module_args(_ansible_verbosity=3, retries=2), capsys)

    assert result["failed"] is True
    assert "after 3 attempts" in result["msg"]
    assert len(result["api_retries"]) == 2
    assert len(calls_to(api, "GET", "/sources")) == 3


def test_no_retry_means_an_empty_list_at_vvv(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([make_source("orders", "s-1", config=dict(CONFIG, **{"database.password": None}))]))

    result, debugged = run_module(module_args(_ansible_verbosity=4), capsys)

    assert result["changed"] is False
    assert result["api_retries"] == []
    assert debugged == []


def test_invalid_input_fails_before_the_client_is_built(api, capsys):
    result, _debugged = run_module(module_args(name="a\nb", _ansible_verbosity=3), capsys)

    assert result["failed"] is True
    assert result["msg"] == "name must not contain control characters (such as newlines, tabs or NUL)."
    assert "api_retries" not in result
    assert not api.calls
