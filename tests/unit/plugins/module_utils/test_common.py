# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import math

import pytest
import yaml
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.doc_fragments.auth import ModuleDocFragment
from ansible_collections.streamkap.cloud.plugins.module_utils import common
from ansible_collections.streamkap.cloud.plugins.module_utils.client import DEFAULT_API_URL, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.common import (
    StreamkapModule,
    auth_argument_spec,
    check_credentials,
    client_from_module,
    client_from_params,
    credential_source,
)
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, TOKEN, sent_with, transport_params


@pytest.fixture(autouse=True)
def clean_transport_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("STREAMKAP_RETRIES", "STREAMKAP_CA_PATH"):
        monkeypatch.delenv(var, raising=False)


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
    assert params["retries"] == 5
    assert params["retry_max_delay"] == 60.0
    assert params["ca_path"] is None


def test_retries_and_ca_path_come_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("STREAMKAP_RETRIES", "2")
    monkeypatch.setenv("STREAMKAP_CA_PATH", str(tmp_path / "ca.pem"))

    params = auth_params({})

    assert params["retries"] == 2
    assert params["ca_path"] == str(tmp_path / "ca.pem")


def test_the_doc_fragment_documents_exactly_the_argument_spec():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    spec = auth_argument_spec()

    assert set(documented) == set(spec)
    for name, option in spec.items():
        assert documented[name]["type"] == option["type"], name
        assert documented[name].get("default") == option.get("default"), name
        assert bool(documented[name].get("no_log")) is False  # no_log lives in the spec only
        for env_var in option.get("fallback", (None, []))[1]:
            assert f"E({env_var})" in " ".join(documented[name]["description"]), name


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

def test_client_from_params_applies_the_transport_options(api):
    api.get(f"{API_URL}/sources", json={})

    client = client_from_params(transport_params(api_url=f"{API_URL}/", access_token=TOKEN, validate_certs=False, request_timeout=5.0))
    client.get("/sources")

    assert client.api_url == API_URL
    assert client.request_timeout == 5.0
    assert client.verify is False
    assert (sent_with(api)["verify"], sent_with(api)["timeout"]) == (False, 5.0)


def test_client_from_params_rejects_a_url_without_scheme():
    with pytest.raises(StreamkapError, match="api_url must start with http:// or https://"):
        client_from_params(transport_params(api_url="api.streamkap.com", access_token=TOKEN))


def test_client_from_params_refuses_plain_http_to_a_remote_host():
    with pytest.raises(StreamkapError, match=r"^api_url must use https:// \(got http://example.com\)"):
        client_from_params(transport_params(api_url="http://example.com", access_token=TOKEN))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]:8000"])
def test_client_from_params_accepts_plain_http_on_loopback(url):
    assert client_from_params(transport_params(api_url=url, access_token=TOKEN)).api_url == url


def test_client_from_params_applies_retries_and_ca_path(api, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")

    client = client_from_params(transport_params(api_url=API_URL, access_token=TOKEN, retries=2, retry_max_delay=7.5,
                                                 ca_path=str(bundle), validate_certs=True))

    api.get(f"{API_URL}/sources", json={})
    client.get("/sources")

    assert (client.retries, client.retry_max_delay) == (2, 7.5)
    assert client.verify == str(bundle)
    assert sent_with(api)["verify"] == str(bundle)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"retries": -1}, "retries must be between 0 and 100 (got -1)"),
        ({"retries": 101}, "retries must be between 0 and 100"),
        ({"retry_max_delay": -0.5}, "retry_max_delay must be between 0 and 3600 seconds"),
        ({"retry_max_delay": math.nan}, "retry_max_delay must be between 0 and 3600 seconds"),
        ({"retry_max_delay": 1e9}, "retry_max_delay must be between 0 and 3600 seconds"),
        ({"request_timeout": 0.0}, "request_timeout must be a positive number"),
        ({"request_timeout": math.inf}, "request_timeout must be a positive number"),
        ({"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem does not exist"),
    ],
)
def test_out_of_range_transport_options_are_refused(params, message):
    with pytest.raises(StreamkapError) as caught:
        client_from_params(transport_params(access_token=TOKEN, **params))

    assert message in str(caught.value)


@pytest.mark.parametrize("params", [{}, {"retries": 0, "retry_max_delay": 0.0}, {"retries": 100, "retry_max_delay": 3600.0, "request_timeout": 0.1}])
def test_in_range_transport_options_pass(params):
    client = client_from_params(transport_params(access_token=TOKEN, **params))

    assert client.retries == transport_params(**params)["retries"]


# --- where credentials came from ---

@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({}, {"access_token": TOKEN}, "access_token from the access_token option"),
        ({"STREAMKAP_ACCESS_TOKEN": TOKEN}, {}, "access_token from the STREAMKAP_ACCESS_TOKEN environment variable"),
        # The option wins over the variable, even when both hold the same value.
        ({"STREAMKAP_ACCESS_TOKEN": TOKEN}, {"access_token": TOKEN}, "access_token from the access_token option"),
        ({}, {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, "client_id/client_secret from the client_id/client_secret options"),
        ({"STREAMKAP_CLIENT_ID": CLIENT_ID, "STREAMKAP_CLIENT_SECRET": CLIENT_SECRET}, {},
         "client_id/client_secret from the STREAMKAP_CLIENT_ID/STREAMKAP_CLIENT_SECRET environment variables"),
        ({"STREAMKAP_CLIENT_ID": CLIENT_ID, "STREAMKAP_SECRET": CLIENT_SECRET}, {},
         "client_id/client_secret from the STREAMKAP_CLIENT_ID/STREAMKAP_SECRET environment variables"),
        ({"STREAMKAP_SECRET": CLIENT_SECRET}, {"client_id": CLIENT_ID},
         "client_id from the client_id option and client_secret from the STREAMKAP_SECRET environment variable"),
        # A token wins over client credentials, so it is the one named.
        ({"STREAMKAP_CLIENT_ID": CLIENT_ID, "STREAMKAP_CLIENT_SECRET": CLIENT_SECRET}, {"access_token": TOKEN},
         "access_token from the access_token option"),
    ],
)
def test_streamkap_module_knows_where_credentials_came_from(monkeypatch, env, args, expected):
    for var, value in env.items():
        monkeypatch.setenv(var, value)

    with patch_module_args(args):
        module = StreamkapModule(argument_spec=auth_argument_spec())
    source = credential_source(module.params, module.explicit_options)

    assert source == expected
    assert client_from_module(module).credential_source == expected
    assert TOKEN not in source and CLIENT_SECRET not in source


@pytest.mark.parametrize(
    ("env", "params", "expected"),
    [
        ({"STREAMKAP_ACCESS_TOKEN": TOKEN}, {"access_token": TOKEN}, "access_token from the STREAMKAP_ACCESS_TOKEN environment variable"),
        ({"STREAMKAP_ACCESS_TOKEN": "another"}, {"access_token": TOKEN}, "access_token from the access_token option"),
        # env_fallback reads the first variable set: a second one never explains the value.
        ({"STREAMKAP_CLIENT_ID": CLIENT_ID, "STREAMKAP_CLIENT_SECRET": "x", "STREAMKAP_SECRET": CLIENT_SECRET},
         {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
         "client_id from the STREAMKAP_CLIENT_ID environment variable and client_secret from the client_secret option"),
    ],
)
def test_without_the_raw_arguments_the_source_is_judged_by_value(env, params, expected):
    assert credential_source(params, environ=env) == expected


def test_explicit_options_are_those_of_the_task(monkeypatch):
    monkeypatch.setenv("STREAMKAP_CLIENT_ID", CLIENT_ID)

    with patch_module_args({"client_secret": CLIENT_SECRET, "retries": 1}):
        module = StreamkapModule(argument_spec=auth_argument_spec())

    assert module.explicit_options == {"client_secret", "retries"}


# --- the module's client ---

def test_client_from_module_reports_retries_through_module_debug(api, monkeypatch):
    api.get(f"{API_URL}/sources", json={"detail": "busy"}, status=503)
    api.get(f"{API_URL}/sources", json={"result": []})
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN}):
        module = StreamkapModule(argument_spec=auth_argument_spec())
    debugged: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(module, "debug", debugged.append)
    monkeypatch.setattr(module, "warn", warned.append)

    client_from_module(module, sleep=lambda _s: None).get("/sources")

    assert len(debugged) == 1
    assert debugged[0].startswith("Streamkap API GET /sources: HTTP 503 (busy); retry 1 of 5 in ")
    assert not warned


@pytest.mark.parametrize("ending", ["fail_json", "exit_json"])
def test_exchanged_tokens_are_hidden_from_the_module_output(api, capsys, ending):
    api.post(f"{API_URL}/auth/access-token", json={"accessToken": "tok-exchanged-77", "refreshToken": "tok-refresh-88"})
    api.get(f"{API_URL}/sources", json={"result": []})
    with patch_module_args({"api_url": API_URL, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}):
        module = StreamkapModule(argument_spec=auth_argument_spec())
        client_from_module(module).get("/sources")

        with pytest.raises(SystemExit):
            if ending == "fail_json":
                module.fail_json(msg="echo tok-exchanged-77 tok-refresh-88")
            else:
                module.exit_json(echo="tok-exchanged-77 tok-refresh-88")

    output = capsys.readouterr().out
    assert "tok-exchanged-77" not in output
    assert "tok-refresh-88" not in output
    assert CLIENT_SECRET not in output
    assert json.loads(output)["invocation"]["module_args"]["client_id"] == CLIENT_ID


# --- nested secrets ---

def test_streamkap_module_hides_nested_secrets_before_validation():
    spec = dict(auth_argument_spec(), config={"type": "dict"})
    args = {"access_token": TOKEN, "config": {"database.password": "pw-nested", "database.user": "u"}}

    with patch_module_args(args):
        module = StreamkapModule(argument_spec=spec, nested_secrets=lambda params: {params["config"]["database.password"]})

    assert "pw-nested" in module.no_log_values
    assert "u" not in module.no_log_values


# --- hidden values inside longer hidden values ---


def shortest_first(data: str, values: set) -> str:
    """remove_values as an ansible-core before 2.19 may apply it: in set order, here the worst one."""
    for value in sorted(values, key=len):
        data = data.replace(value, "********")
    return data


def longest_first_core(data: str, values: set) -> str:
    for value in sorted(values, key=len, reverse=True):
        data = data.replace(value, "********")
    return data


@pytest.mark.parametrize("longest_first", [True, False], ids=["2.19 and later", "before 2.19"])
def test_a_hidden_value_inside_a_longer_one_leaves_no_part_of_the_longer_readable(monkeypatch, longest_first):
    # The core's own order: longest first from 2.19 on, the worst set order before.
    monkeypatch.setattr(common, "remove_values", longest_first_core if longest_first else shortest_first)
    monkeypatch.setattr(common, "REMOVES_LONGEST_FIRST", longest_first)
    password = "Zq7Kpw@:%40/WbX9"
    url = f"https://svc-user:{password}@api.streamkap.test"

    scrubbed = common.remove_hidden(url, {"Zq7Kpw", password})

    assert "WbX9" not in scrubbed and "Zq7Kpw" not in scrubbed
    assert scrubbed.endswith("@api.streamkap.test")


def test_the_core_version_decides_who_orders_the_hidden_values():
    version = tuple(int(part) for part in common.ANSIBLE_CORE_VERSION.split(".")[:2])
    assert common.REMOVES_LONGEST_FIRST is (version >= (2, 19))
