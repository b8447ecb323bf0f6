# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A service that quotes a secret it was sent in a long error message: the message is cut short for
the failure, and the cut must never leave a first part of the secret behind (the module masks whole
values only). Checked for each way an error text is cut: a 422 item, and the retry line of a 429.
"""

from __future__ import annotations

import json

import pytest

from tests.unit.helpers import API_URL, TOKEN, answer_schema, list_page, make_source
from tests.unit.plugins.modules.test_hidden_forms import SECRETS, assert_hidden, module_options, run_main

LONG_SECRETS = {**SECRETS, "long": "Lg7Vx2Qp9" * 30}


def prefixes(secret: str) -> list[str]:
    """The first parts of the secret a cut would leave (those long enough to tell)."""
    return [secret[:length] for length in range(8, len(secret))]


def echoing(secret: str) -> str:
    # Long enough that the secret straddles the point where the message is cut.
    return f"Value error, the value {json.dumps(secret)} of database.password is not accepted by the server " + "x" * 40


@pytest.mark.parametrize("secret", LONG_SECRETS.values(), ids=LONG_SECRETS)
def test_a_422_quoting_a_secret_leaves_no_part_of_it(api, capsys, secret):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api)
    api.post(f"{API_URL}/sources", status=422, json={"detail": [{"loc": ["body", "config"], "msg": echoing(secret)}]})
    args = {"api_url": API_URL, "access_token": TOKEN, "validate_config": False, **module_options("streamkap_source", secret)}

    result, printed = run_main("streamkap_source", args, capsys)

    assert result["failed"] is True and "HTTP 422" in result["msg"]
    assert_hidden(secret, printed, "the result")
    leaked = [part for part in prefixes(json.dumps(secret)[1:-1]) + prefixes(secret) if part in printed]
    assert leaked == []


@pytest.mark.parametrize("secret", [LONG_SECRETS["PEM key"], LONG_SECRETS["long"]], ids=["PEM key", "long"])
def test_a_429_quoting_a_secret_leaves_no_part_of_it_in_the_retry_lines(api, capsys, secret):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api)
    api.post(f"{API_URL}/sources", status=429, json={"detail": echoing(secret)}, headers={"Retry-After": "0"})
    args = {"api_url": API_URL, "access_token": TOKEN, "validate_config": False, "retries": 1,
            "_ansible_verbosity": 3, **module_options("streamkap_source", secret)}

    result, printed = run_main("streamkap_source", args, capsys)

    assert result["failed"] is True and result["api_retries"]
    leaked = [part for part in prefixes(json.dumps(secret)[1:-1]) + prefixes(secret) if part in printed]
    assert leaked == []


@pytest.mark.parametrize("secret", [LONG_SECRETS["PEM key"], LONG_SECRETS["long"], LONG_SECRETS["at and colon"]],
                         ids=["PEM key", "long", "at and colon"])
def test_a_broken_connector_trace_quoting_a_secret_leaves_no_part_of_it(api, capsys, secret):
    options = module_options("streamkap_source", secret)
    config = {key: value for key, value in options["config"].items() if key != "database.password"}
    # The connector's failure quotes the password it tried, across the point where a trace line is cut.
    trace = f"PSQLException: FATAL: could not connect as streamkap with password {secret} to db.example.com/shop"
    broken = make_source("orders", "src-1", config=config, connector_status="Broken",
                         task_statuses={"0": {"status": "FAILED", "trace": "y" * (190 - len(trace) // 2) + trace}})
    api.get(f"{API_URL}/sources", json=list_page([broken]))
    args = {"api_url": API_URL, "access_token": TOKEN, "wait": True, **options}

    result, printed = run_main("streamkap_source", args, capsys)

    assert result["failed"] is True and "is Broken" in result["msg"]
    leaked = [part for part in prefixes(json.dumps(secret)[1:-1]) + prefixes(secret) if part in printed]
    assert leaked == []
