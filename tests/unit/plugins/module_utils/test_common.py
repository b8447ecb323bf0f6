# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils.client import DEFAULT_API_URL, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.common import (
    StreamkapModule,
    auth_argument_spec,
    check_credentials,
    client_from_params,
)
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN


def auth_params(args: dict) -> dict:
    """The auth options as AnsibleModule resolves them (env fallbacks, defaults)."""
    with patch_module_args(args):
        return AnsibleModule(argument_spec=auth_argument_spec()).params


# --- env fallbacks and defaults ---

def test_defaults_without_env():
    params = auth_params({})

    assert params["api_url"] == DEFAULT_API_URL
    assert params["validate_certs"] is True
    assert params["request_timeout"] == 30.0
    assert params["access_token"] is None


def test_env_wins_over_the_default_of_api_url(monkeypatch):
    monkeypatch.setenv("STREAMKAP_API_URL", "https://env.example.test")

    assert auth_params({})["api_url"] == "https://env.example.test"


def test_streamkap_host_is_read_when_streamkap_api_url_is_unset(monkeypatch):
    monkeypatch.setenv("STREAMKAP_HOST", "https://host.example.test")

    assert auth_params({})["api_url"] == "https://host.example.test"


def test_streamkap_api_url_wins_over_streamkap_host(monkeypatch):
    monkeypatch.setenv("STREAMKAP_API_URL", "https://first.example.test")
    monkeypatch.setenv("STREAMKAP_HOST", "https://second.example.test")

    assert auth_params({})["api_url"] == "https://first.example.test"


def test_an_explicit_option_wins_over_env(monkeypatch):
    monkeypatch.setenv("STREAMKAP_API_URL", "https://env.example.test")
    monkeypatch.setenv("STREAMKAP_ACCESS_TOKEN", "env-token")

    params = auth_params({"api_url": API_URL, "access_token": TOKEN})

    assert params["api_url"] == API_URL
    assert params["access_token"] == TOKEN


@pytest.mark.parametrize(
    ("env_var", "option"),
    [
        ("STREAMKAP_ACCESS_TOKEN", "access_token"),
        ("STREAMKAP_CLIENT_ID", "client_id"),
        ("STREAMKAP_CLIENT_SECRET", "client_secret"),
        ("STREAMKAP_SECRET", "client_secret"),
    ],
)
def test_credentials_come_from_env(monkeypatch, env_var, option):
    monkeypatch.setenv(env_var, "from-env")

    assert auth_params({})[option] == "from-env"


def test_secrets_from_env_are_no_log_values(monkeypatch):
    monkeypatch.setenv("STREAMKAP_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("STREAMKAP_ACCESS_TOKEN", TOKEN)

    with patch_module_args({}):
        module = AnsibleModule(argument_spec=auth_argument_spec())

    assert {CLIENT_SECRET, TOKEN} <= module.no_log_values


# --- credential checks ---

def test_no_credentials_names_every_option_and_env_var():
    with pytest.raises(StreamkapError) as caught:
        check_credentials({})

    message = str(caught.value)
    for name in ("access_token", "STREAMKAP_ACCESS_TOKEN", "client_id", "STREAMKAP_CLIENT_ID",
                 "client_secret", "STREAMKAP_CLIENT_SECRET", "STREAMKAP_SECRET"):
        assert name in message


def test_client_id_alone_names_the_missing_secret():
    with pytest.raises(StreamkapError) as caught:
        check_credentials({"client_id": CLIENT_ID})

    message = str(caught.value)
    assert message.startswith("client_secret (env STREAMKAP_CLIENT_SECRET or STREAMKAP_SECRET) is missing")
    assert CLIENT_ID not in message


def test_client_secret_alone_names_the_missing_id():
    with pytest.raises(StreamkapError) as caught:
        check_credentials({"client_secret": CLIENT_SECRET})

    message = str(caught.value)
    assert message.startswith("client_id (env STREAMKAP_CLIENT_ID) is missing")
    assert CLIENT_SECRET not in message


@pytest.mark.parametrize(
    "params",
    [{"access_token": TOKEN}, {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, {"access_token": TOKEN, "client_id": CLIENT_ID}],
)
def test_usable_credentials_pass(params):
    assert check_credentials(params) is None


# --- building the client ---

def test_client_from_params_applies_the_transport_options():
    client = client_from_params({"api_url": f"{API_URL}/", "access_token": TOKEN, "validate_certs": False, "request_timeout": 5.0})

    assert client.api_url == API_URL
    assert client.request_timeout == 5.0
    assert client.session.verify is False


def test_client_from_params_rejects_a_url_without_scheme():
    with pytest.raises(StreamkapError, match="api_url must start with http:// or https://"):
        client_from_params({"api_url": "api.streamkap.com", "access_token": TOKEN})


# --- nested secrets ---

def test_streamkap_module_hides_nested_secrets_before_validation():
    spec = dict(auth_argument_spec(), config={"type": "dict"})
    args = {"access_token": TOKEN, "config": {"database.password": "pw-nested", "database.user": "u"}}

    with patch_module_args(args):
        module = StreamkapModule(argument_spec=spec, nested_secrets=lambda params: {params["config"]["database.password"]})

    assert "pw-nested" in module.no_log_values
    assert "u" not in module.no_log_values
