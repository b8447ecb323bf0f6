"""awx/credential_type.yml: the inputs an AWX operator fills in, and the environment they become."""
from __future__ import annotations

import re

from ansible_collections.streamkap.cloud.plugins.module_utils.common import AUTH_ENV_VARS

from tests.ecosystem.conftest import load_credential_type, render_injected_env

INPUTS = {"api_url": "https://api.example.test", "client_id": "id-1", "client_secret": "secret-2",
          "access_token": "token-3"}


def test_inputs_mark_the_secrets_secret() -> None:
    fields = load_credential_type()["inputs"]["fields"]
    assert [field["id"] for field in fields] == ["api_url", "client_id", "client_secret", "access_token"]
    assert {field["id"] for field in fields if field.get("secret")} == {"client_secret", "access_token"}
    assert all(field["type"] == "string" and field["label"] for field in fields)


def test_each_input_becomes_the_environment_variable_the_modules_read_first() -> None:
    injected = render_injected_env(load_credential_type(), INPUTS)
    assert injected == {AUTH_ENV_VARS[option][0]: value for option, value in INPUTS.items()}


def test_injectors_reference_declared_inputs_only() -> None:
    credential_type = load_credential_type()
    declared = {field["id"] for field in credential_type["inputs"]["fields"]}
    referenced = {name for template in credential_type["injectors"]["env"].values()
                  for name in re.findall(r"{{\s*(\w+)\s*}}", template)}
    assert referenced == declared
    assert set(credential_type["inputs"]["required"]) <= declared
