# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hidden values stay hidden in every form they take: what each module hands to the system log
(the "Invoked with" line, through syslog or the journal with its per-option fields), its result,
warnings and errors; api_url passwords; and values that cannot be secrets are never hidden.

Every module of plugins/modules runs its main() in-process; the system log is captured where
AnsibleModule.log hands it over (syslog.syslog, or journal.send), after its own scrubbing.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import re
import typing as t
from pathlib import Path

import pytest
from ansible.module_utils import basic

try:  # ansible-core 2.19 and later: where a module knows it runs on the controller
    from ansible.module_utils import _internal
except ImportError:  # older cores: warnings always go into the result
    _internal = None
from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, list_page, make_source

MODULES_DIR = Path(__file__).resolve().parents[4] / "plugins" / "modules"
MODULE_NAMES = sorted(path.stem for path in MODULES_DIR.glob("streamkap_*.py"))

# Each holds a character str() escapes inside a list or dict (or a JSON writer would), between
# runs of letters and digits no other text of a run holds: a fragment found is a leak too.
SECRETS = {
    "newline": "Nw7Kq2x\nZp4Lx9v",
    "tab": "Tb5Hj3y\tVc8Mn1w",
    "backslash": "Bs2Dq6z\\Gh4Wt8u",
    "single quote": "Sq3Fk7a'Jm2Rp5b",
    "double quote": 'Dq9Lw4c"Xe6Ty1d',
    "both quotes": "Bq4Hs8e'Nd2Pk7\"Wr3Jc5f",
    "PEM key": ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B7\n"
                "AQEFAASCBKcwggSjAgEAAoIB3\n-----END PRIVATE KEY-----\n"),
    "non-ASCII": "Nä5Öx8q\u00a0Zßq3€q7w\u200bWy2Lk4é",
    "at and colon": "At4Pw9g:Cl7Xs3h@Hn5Rk2j",
}
PLAIN_HOST = "db.example.com"


def forms(secret: str) -> set[str]:
    """The secret as it is, as repr() writes it inside a container, and as JSON writes it."""
    return {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}


def fragments(secret: str) -> list[str]:
    return [run for run in re.findall(r"\w{5,}", secret) if any(char.isdigit() for char in run)]


def assert_hidden(secret: str, text: str, where: str) -> None:
    found = sorted(piece for piece in forms(secret) | set(fragments(secret)) if piece in text)
    assert found == [], f"{found!r} in {where}"


@pytest.fixture(params=["syslog", "journal"])
def system_log(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text AnsibleModule hands to the system log: syslog lines, or journal messages with their fields."""
    logged: list[str] = []
    monkeypatch.setattr(basic, "HAS_SYSLOG", True)
    monkeypatch.setattr(basic.syslog, "openlog", lambda *args, **kwargs: None)
    monkeypatch.setattr(basic.syslog, "syslog", lambda priority, message: logged.append(message))
    if request.param == "journal":
        class Journal:
            @staticmethod
            def send(**fields: t.Any) -> None:
                logged.extend(f"{name}={value}" for name, value in fields.items())

        monkeypatch.setattr(basic, "has_journal", True)
        monkeypatch.setattr(basic, "journal", Journal, raising=False)
    else:
        monkeypatch.setattr(basic, "has_journal", False)
    return logged


def run_main(name: str, args: dict[str, t.Any], capsys: pytest.CaptureFixture) -> tuple[dict[str, t.Any], str]:
    """main() of plugins/modules/<name>.py; its JSON result, parsed and as printed."""
    module = importlib.import_module(f"ansible_collections.streamkap.cloud.plugins.modules.{name}")
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    printed = capsys.readouterr().out
    return json.loads(printed), printed


def module_options(name: str, secret: str) -> dict[str, t.Any]:
    """Options of each module, a config secret where the module takes a config."""
    source = {"name": "orders", "connector": "postgresql",
              "config": {"database.hostname.user.defined": PLAIN_HOST, "database.user": "streamkap",
                         "database.password": secret}}
    destination = {"name": "warehouse", "connector": "snowflake",
                   "config": {"snowflake.url.name": PLAIN_HOST, "snowflake.private.key": secret}}
    pipeline = {"name": "orders-to-warehouse", "source": "orders", "destination": "warehouse"}
    transform = {"name": "mask", "type": "map_filter", "config": {"transforms.input.topic.pattern": PLAIN_HOST}}
    return {
        "streamkap_source": source,
        "streamkap_sources": {"config": [source]},
        "streamkap_destination": destination,
        "streamkap_destinations": {"config": [destination]},
        "streamkap_pipeline": pipeline,
        "streamkap_pipelines": {"config": [pipeline]},
        "streamkap_tag": {"name": "production"},
        "streamkap_source_info": {},
        "streamkap_destination_info": {},
        "streamkap_pipeline_info": {},
        "streamkap_tag_info": {},
        "streamkap_transform": transform,
        "streamkap_transforms": {"config": [transform]},
        "streamkap_transform_info": {},
        "streamkap_topic": {"source": "orders", "topic": "public.orders", "partitions": 3},
        "streamkap_topic_info": {"source": "orders"},
        "streamkap_snapshot": {"source": "orders", "filters": [{"table": "public.orders", "filter": f"host = '{PLAIN_HOST}'"}]},
        "streamkap_health": {"pipelines": ["orders-to-warehouse"], "max_lag": 1000},
    }[name]


def test_every_module_is_covered():
    assert MODULE_NAMES and all(module_options(name, "x") is not None for name in MODULE_NAMES)


# --- the "Invoked with" line, results, warnings and errors hold no form of a hidden value ---

@pytest.mark.parametrize("secret", SECRETS.values(), ids=SECRETS)
@pytest.mark.parametrize("name", MODULE_NAMES)
def test_no_module_logs_or_returns_a_hidden_value_in_any_form(api, capsys, system_log, name, secret):
    # The client secret too: the token exchange (not answered here) fails the task.
    args = {"api_url": API_URL, "client_id": "cid-1234", "client_secret": secret, "retries": 0,
            **module_options(name, secret)}

    result, printed = run_main(name, args, capsys)

    assert result["failed"] is True, "the token exchange was not answered"
    assert any("Invoked with" in line for line in system_log)
    logged = "\n".join(system_log)
    assert "api.streamkap.test" in logged, "plain values are logged as they are"
    if PLAIN_HOST in json.dumps(args):
        assert PLAIN_HOST in logged
    assert_hidden(secret, logged, "the system log")
    assert_hidden(secret, printed, "the result as printed")
    assert_hidden(secret, json.dumps(result, ensure_ascii=False), "the result")


@pytest.mark.parametrize("secret", SECRETS.values(), ids=SECRETS)
@pytest.mark.parametrize("name", ["streamkap_sources", "streamkap_destinations"])
def test_a_rendered_fleet_logs_and_returns_no_hidden_value(api, capsys, system_log, name, secret):
    result, printed = run_main(name, {"state": "rendered", **module_options(name, secret)}, capsys)

    assert result["changed"] is False and result["rendered"][0]["config"]
    assert_hidden(secret, "\n".join(system_log), "the system log")
    assert_hidden(secret, printed, "the result")


@pytest.mark.parametrize("secret", SECRETS.values(), ids=SECRETS)
def test_a_source_created_in_check_mode_logs_and_returns_no_hidden_value(api, capsys, system_log, secret):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api)
    args = {"api_url": API_URL, "access_token": TOKEN, "_ansible_check_mode": True, "_ansible_diff": True,
            **module_options("streamkap_source", secret)}

    result, printed = run_main("streamkap_source", args, capsys)

    assert result["changed"] is True and result["diff"]["after"]["config"]["database.password"] == cfg.SECRET_MASK
    assert_hidden(secret, "\n".join(system_log), "the system log")
    assert_hidden(secret, printed, "the result")


@contextlib.contextmanager
def suboption_module(secret: str) -> t.Iterator[StreamkapModule]:
    """A StreamkapModule whose list and dict options hold no_log suboptions: AnsibleModule registers those itself."""
    spec = dict(
        auth_argument_spec(),
        entries={"type": "list", "elements": "dict",
                 "options": {"name": {"type": "str"}, "key": {"type": "str", "no_log": True}}},
        settings={"type": "dict", "options": {"user": {"type": "str"}, "key": {"type": "str", "no_log": True}}},
    )
    args = {"api_url": API_URL, "access_token": TOKEN,
            "entries": [{"name": "first", "key": secret}], "settings": {"user": "streamkap", "key": secret}}
    with patch_module_args(args):
        yield StreamkapModule(argument_spec=spec)


@pytest.mark.parametrize("secret", SECRETS.values(), ids=SECRETS)
def test_no_log_suboptions_in_lists_and_dicts_are_hidden_in_every_form(capsys, monkeypatch, system_log, secret):
    # As on a managed node: warnings go into the result (pytest runs on the controller's side).
    if hasattr(_internal, "is_controller"):  # 2.19 and later; older cores always put warnings in the result
        monkeypatch.setattr(_internal, "is_controller", False)
    monkeypatch.setattr(module_warnings, "_global_warnings", type(module_warnings._global_warnings)())
    with suboption_module(secret) as module:
        # Text that quotes the options as Python writes them, in a warning, a debug line and an error.
        module._debug = True
        module.debug(f"entries: {module.params['entries']}")
        module.warn(f"entries: {module.params['entries']!r}")
        with pytest.raises(SystemExit):
            module.fail_json(msg=f"settings: {module.params['settings']}", settings_text=str(module.params["settings"]))
    printed = capsys.readouterr().out
    result = json.loads(printed)

    assert "streamkap" in "\n".join(system_log) and "first" in "\n".join(system_log)
    assert_hidden(secret, "\n".join(system_log), "the system log")
    assert_hidden(secret, printed, "the result")
    assert result["warnings"] and result["msg"].startswith("settings: ")


# --- a password in api_url ---

URL_CASES = {
    "user and password": ("https://svc-user:Pw7Zr3kQ9@api.streamkap.test", ["Pw7Zr3kQ9"]),
    "percent-encoded": ("https://svc-user:Pe4%40Vb8Nq2@api.streamkap.test/", ["Pe4%40Vb8Nq2", "Pe4@Vb8Nq2"]),
    "token as user name": ("https://Tk7Qz2Lm9Xc4@api.streamkap.test", ["Tk7Qz2Lm9Xc4"]),
    # Unencoded URL delimiters in the password: by the URL rules it would end early, a port or a path.
    "slash in password": ("https://svc-user:Zq7K/pq9W3x@api.streamkap.test", ["Zq7K/pq9W3x", "Zq7K", "pq9W3x"]),
    "at, colon, slash": ("https://svc-user:Zq7Kpw@:%40/WbX9@api.streamkap.test", ["Zq7Kpw@:%40/WbX9", "WbX9"]),
}


@pytest.mark.parametrize("source", ["option", "STREAMKAP_API_URL", "STREAMKAP_HOST"])
@pytest.mark.parametrize("case", URL_CASES.values(), ids=URL_CASES)
@pytest.mark.parametrize("name", MODULE_NAMES)
def test_an_api_url_password_is_hidden_from_the_first_moment(api, capsys, monkeypatch, system_log, name, case, source):
    url, credentials = case
    args = {"access_token": TOKEN, **module_options(name, DB_PASSWORD)}
    if source == "option":
        args["api_url"] = url
    else:
        monkeypatch.setenv(source, url)

    result, printed = run_main(name, args, capsys)

    assert result["failed"] is True and "api_url must not contain a user name or password" in result["msg"]
    assert not api.calls
    assert "api.streamkap.test" in result["invocation"]["module_args"]["api_url"]
    assert any("Invoked with" in line for line in system_log)
    for credential in credentials:
        assert_hidden(credential, "\n".join(system_log), "the system log")
        assert_hidden(credential, printed, "the result")


# --- what cannot be a secret is never a no_log value ---

NOT_SECRETS = [True, False, None, "true", "True", " FALSE ", "yes", "no", "on", "off", "1", 0, 1, "", "   ", "\n", {}, []]


@pytest.mark.parametrize("value", NOT_SECRETS, ids=repr)
def test_a_flag_under_a_secret_looking_key_is_no_secret_value(value):
    key = "ssh.passphrase.secured"
    assert cfg.is_secret_key(key), "the name rule takes it for a secret"
    assert cfg.secret_values({key: value}) == []
    assert cfg.secret_values({key: "Pp4Xz9Lm"}) == ["Pp4Xz9Lm"]


def test_hide_leaves_out_what_cannot_be_a_secret():
    with suboption_module("Sk3Vb7Qw") as module:
        before = set(module.no_log_values)
        module.hide(["true", "False", "", "  ", "no", True, None])
        assert module.no_log_values == before
        module.hide(["Hd5Rt8Mz"])
        assert "Hd5Rt8Mz" in module.no_log_values


def test_other_true_values_stay_intact_when_a_secret_looking_flag_is_true(api, capsys, system_log):
    config = {"database.hostname.user.defined": PLAIN_HOST, "ssh.passphrase.secured": "true",
              "database.password": DB_PASSWORD}
    current = make_source("orders", "s1", config={"database.hostname.user.defined": PLAIN_HOST,
                                                  "ssh.passphrase.secured": "true", "heartbeat.enabled": "true"})
    api.get(f"{API_URL}/sources", json=list_page([current]))
    args = {"api_url": API_URL, "access_token": TOKEN, "name": "orders", "connector": "postgresql", "config": config}

    result, printed = run_main("streamkap_source", args, capsys)

    assert result["changed"] is False, result.get("msg")
    assert result["source"]["config"]["heartbeat.enabled"] == "true"
    assert result["invocation"]["module_args"]["config"]["ssh.passphrase.secured"] == "true"
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in json.dumps(result["source"])
    assert "'ssh.passphrase.secured': 'true'" in "\n".join(system_log)
    assert_hidden(DB_PASSWORD, printed + "\n".join(system_log), "the result and the system log")
