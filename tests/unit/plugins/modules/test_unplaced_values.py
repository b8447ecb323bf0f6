# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Values the argument spec has no place for (a config key written one level too high, an entry or
scope key that does not exist, a fleet's entries given as key=value text) fail the task, and Ansible
shows the parameters with that failure: none of them appears in the result, in any form.
"""

from __future__ import annotations

import json

import pytest

from tests.unit.helpers import API_URL, TOKEN
from tests.unit.plugins.modules.test_hidden_forms import MODULE_NAMES, SECRETS, assert_hidden, module_options, run_main

FLEETS = [name for name in MODULE_NAMES if name.endswith("s") and not name.endswith("_info")]


def failed_run(name: str, args: dict, capsys: pytest.CaptureFixture) -> tuple[dict, str]:
    result, printed = run_main(name, {"api_url": API_URL, "access_token": TOKEN, **args}, capsys)
    assert result["failed"] is True
    return result, printed


@pytest.mark.parametrize("secret", SECRETS.values(), ids=SECRETS)
@pytest.mark.parametrize("name", MODULE_NAMES)
def test_a_secret_under_an_option_the_module_does_not_have_is_hidden(api, capsys, name, secret):
    args = {**module_options(name, "Pw3Kd8Zq5"), "database.password": secret}

    result, printed = failed_run(name, args, capsys)

    assert "database.password" in result["msg"], "the unknown option is named"
    assert_hidden(secret, printed, "the result")
    assert not api.calls


@pytest.mark.parametrize("secret", SECRETS.values(), ids=SECRETS)
@pytest.mark.parametrize("name", FLEETS)
def test_a_secret_in_key_value_text_given_for_the_entries_is_hidden(api, capsys, name, secret):
    # Ansible reads the text as one entry {name: a, database.password: ...}, a key entries do not have.
    text = f"name=a database.password={json.dumps(secret)}"

    result, printed = failed_run(name, {"config": text}, capsys)

    assert_hidden(secret, printed, "the result")
    assert not api.calls


@pytest.mark.parametrize("name", FLEETS)
def test_a_secret_under_a_scope_key_that_does_not_exist_is_hidden(api, capsys, name):
    secret = SECRETS["PEM key"]

    result, printed = failed_run(name, {"state": "deleted", "scope": {"name_prefix": "tmp-", "password": secret}}, capsys)

    assert "password" in result["msg"]
    assert_hidden(secret, printed, "the result")
    assert not api.calls
