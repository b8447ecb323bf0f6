# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Regressions of the hardening review: one test (or more) per defect class."""

from __future__ import annotations

import http.client
import json

import pytest
import requests
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args
from urllib3.exceptions import ProtocolError

from ansible_collections.streamkap.cloud.plugins.module_utils import _connector_keys
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.config import SECRET_MASK, is_hidden_key, is_secret_key, redact_config
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE, SourceService, SourceSpec
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_destination, streamkap_source
from tests.unit.helpers import (
    API_URL, PG_SCHEMA, TOKEN, answer_schema, calls_to, list_page, make_source, schema_prop, source_params, source_spec,
)

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
# A key in no offline table and matching no name rule: hidden until a schema says otherwise.
UNKNOWN_KEY = "database.sslkey"
UNKNOWN_VALUE = "SSLKEY-7c1e9a"
PLAIN = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap"}


def module_args(**overrides) -> dict:
    args = {"api_url": API_URL, "access_token": TOKEN, "name": "orders", "connector": "postgresql",
            "config": dict(PLAIN, **{UNKNOWN_KEY: UNKNOWN_VALUE})}
    args.update(overrides)
    return args


def run_module(args: dict, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
               module=streamkap_source) -> tuple[dict, list[str]]:
    """Run main(); return its JSON result and everything handed to the system log: each line
    (the "Invoked with" line of `_log_invocation`) and its per-option journal fields."""
    logged: list[str] = []

    def capture(self, msg, log_args=None):
        logged.append(msg)
        logged.extend(f"{name}={value}" for name, value in (log_args or {}).items())

    monkeypatch.setattr(AnsibleModule, "log", capture)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out), logged


@pytest.fixture
def service() -> SourceService:
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, retries=1, sleep=lambda seconds: None)
    return SourceService(client, sleep=lambda seconds: None)


def dropped_after_sending() -> requests.exceptions.ConnectionError:
    cause = http.client.RemoteDisconnected("Remote end closed connection without response")
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", cause))


# --- 1. secrets are known before anything is printed or logged ---

def test_the_offline_table_classifies_source_keys():
    assert _connector_keys.classify_key("sources", "postgresql", "database.password") is True
    assert _connector_keys.classify_key("sources", "postgresql", "database.hostname.user.defined") is False
    assert _connector_keys.classify_key("sources", "postgresql", UNKNOWN_KEY) is None


def test_an_unknown_key_stays_hidden_on_a_no_op_run_at_one_request(api, capsys, monkeypatch):
    api.get(f"{API_URL}/sources", json=list_page([make_source("orders", SOURCE_ID, config=dict(PLAIN, **{UNKNOWN_KEY: UNKNOWN_VALUE}))]))

    result, logged = run_module(module_args(), capsys, monkeypatch)

    assert result["changed"] is False
    assert len(api.calls) == 1, "no schema read on a no-op run"
    assert UNKNOWN_VALUE not in json.dumps(result), "neither in the result nor in invocation.module_args"
    assert result["invocation"]["module_args"]["config"]["database.hostname.user.defined"] == "db.example.com"
    assert logged and all(UNKNOWN_VALUE not in line for line in logged)
    assert any("db.example.com" in line for line in logged), "plain values are logged as they are"


@pytest.mark.parametrize("secret_returned", [False, True])
def test_an_unknown_key_stays_hidden_when_the_lookup_fails(api, capsys, monkeypatch, secret_returned):
    api.get(f"{API_URL}/sources", json={"detail": "unavailable"}, status=400)

    result, logged = run_module(module_args(secret_returned=secret_returned), capsys, monkeypatch)

    assert result["failed"] is True
    assert UNKNOWN_VALUE not in json.dumps(result)
    assert all(UNKNOWN_VALUE not in line for line in logged)


# A secret value known offline only by the table (bigquery `keyfile`: no name rule matches it), or
# only by the connector schema (a key in no table whose name matches no rule), per entity kind.
HIDDEN_CASES = {
    "source, schema-only": (streamkap_source, "sources", "postgresql", dict(PLAIN), UNKNOWN_KEY),
    "destination, schema-only": (streamkap_destination, "destinations", "snowflake",
                                 {"snowflake.url.name": "acme.snowflakecomputing.com"}, "snowflake.sslkey"),
    "destination, table-only": (streamkap_destination, "destinations", "bigquery", {"defaultDataset": "analytics"}, "keyfile"),
}


@pytest.mark.parametrize("case", HIDDEN_CASES.values(), ids=HIDDEN_CASES)
def test_the_keys_are_secret_only_by_the_schema_or_only_by_the_table(case):
    _module, kind, connector, _plain, key = case
    assert is_secret_key(key) is False, "no name rule matches it"
    assert is_secret_key(key, classify=lambda name: _connector_keys.classify_key(kind, connector, name)) is (key == "keyfile")
    assert is_hidden_key(key, classify=lambda name: _connector_keys.classify_key(kind, connector, name)) is True


@pytest.mark.parametrize("path", ["no-op", "lookup fails", "lookup fails, secret_returned"])
@pytest.mark.parametrize("case", HIDDEN_CASES.values(), ids=HIDDEN_CASES)
def test_the_log_line_and_the_result_never_hold_a_hidden_value(api, capsys, monkeypatch, case, path):
    module, kind, connector, plain, key = case
    config = dict(plain, **{key: UNKNOWN_VALUE})
    if path == "no-op":
        api.get(f"{API_URL}/{kind}", json=list_page([make_source("orders", SOURCE_ID, connector=connector, config=config)]))
    else:
        api.get(f"{API_URL}/{kind}", json={"detail": "unavailable"}, status=503)
    args = module_args(connector=connector, config=config, retries=0, secret_returned=path.endswith("secret_returned"))

    result, logged = run_module(args, capsys, monkeypatch, module)

    assert result.get("failed", False) is (path != "no-op"), result.get("msg")
    assert len(api.calls) == 1, "no schema read on a no-op run, nothing after a failed lookup"
    assert UNKNOWN_VALUE not in json.dumps(result), "neither in the result nor in invocation.module_args"
    assert result["invocation"]["module_args"]["config"][key] != UNKNOWN_VALUE
    assert any(line.startswith("Invoked with ") for line in logged)
    assert [line for line in logged if UNKNOWN_VALUE in line] == []
    plain_value = next(iter(plain.values()))
    assert any(plain_value in line for line in logged), "plain values are logged as they are"


def test_a_key_the_schema_knows_as_plain_is_shown_after_the_schema_read():
    props = PG_SCHEMA + [schema_prop(UNKNOWN_KEY)]
    config = {UNKNOWN_KEY: UNKNOWN_VALUE}
    classify = SOURCE.classify("postgresql")

    assert redact_config(config, classify=classify) == {UNKNOWN_KEY: SECRET_MASK}
    assert redact_config(config, props, classify=classify) == config


# --- 2. adoption after an unclear create converges like "already exists" ---

def test_a_source_adopted_after_an_unclear_create_gets_the_tasks_settings(api, service):
    other = make_source("orders", SOURCE_ID, config={"database.hostname.user.defined": "old.example.com"},
                        connector_status="Active", desired_state="Active")
    api.get(f"{API_URL}/sources", json=list_page([]))
    api.get(f"{API_URL}/sources", json=list_page([other]))
    api.post(f"{API_URL}/sources", body=dropped_after_sending())
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=dict(other, config={"database.hostname.user.defined": "db.example.com"}))
    paused = dict(other, connector_status="Paused", desired_state="Paused")
    api.post(f"{API_URL}/sources/{SOURCE_ID}/actions/pause", json=paused)

    spec = source_spec(name="orders", connector="postgresql", config={"database.hostname.user.defined": "db.example.com"},
                       desired_state="Paused", validate_config=False, wait=True, wait_interval=1)
    result = service.ensure_present(spec)

    assert result["changed"] is True
    assert result["source"]["connector_status"] == "Paused"
    put = calls_to(api, "PUT", f"/sources/{SOURCE_ID}")
    assert len(put) == 1 and json.loads(put[0].request.body)["config"]["database.hostname.user.defined"] == "db.example.com"
    assert len(calls_to(api, "POST", "/sources")) == 1


# --- 3. only secret keys may count as withheld ---

def test_a_plain_value_that_looks_like_a_mask_is_kept_by_an_unrelated_update(api, service):
    suffix = "transforms.OversizedRecords.truncation.suffix"
    assert _connector_keys.classify_key("sources", "postgresql", suffix) is False
    current = make_source("orders", SOURCE_ID, config={"database.user": "streamkap", suffix: "***"})
    api.get(f"{API_URL}/sources", json=list_page([current]))
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=current)

    service.ensure_present(source_spec(name="orders", config={"database.user": "other"}, validate_config=False))

    sent = json.loads(calls_to(api, "PUT", f"/sources/{SOURCE_ID}")[0].request.body)["config"]
    assert sent[suffix] == "***", "dropping it would make the service reset it"


def test_a_change_to_a_plain_value_that_looks_like_a_mask_is_sent(api, service):
    suffix = "transforms.OversizedRecords.truncation.suffix"
    current = make_source("orders", SOURCE_ID, config={suffix: "***"})
    api.get(f"{API_URL}/sources", json=list_page([current]))
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=current)

    result = service.ensure_present(source_spec(name="orders", config={suffix: "..."}, validate_config=False))

    assert result["changed"] is True
    assert json.loads(calls_to(api, "PUT", f"/sources/{SOURCE_ID}")[0].request.body)["config"][suffix] == "..."


# --- 4. values settle: compared as the service stores them ---

@pytest.mark.parametrize(("key", "given", "stored"), [
    ("database.port.user.defined", " +05432 ", "5432"),
    ("extra.settings", '{ "b": [1, 2],  "a": "x" }', '{"a": "x", "b": [1, 2]}'),
])
def test_numbers_and_json_given_as_other_text_settle(api, service, key, given, stored):
    current = make_source("orders", SOURCE_ID, config=dict(PLAIN, **{key: stored}))
    api.get(f"{API_URL}/sources", json=list_page([current]))
    answer_schema(api, PG_SCHEMA + [schema_prop("extra.settings", "json")])

    result = service.ensure_present(source_spec(name="orders", config={key: given}))

    assert result["changed"] is False
    assert not calls_to(api, "PUT", f"/sources/{SOURCE_ID}")


# --- 5. a 404 means absent only when the API names the entity ---

def test_a_wrong_base_path_is_an_error_not_an_absent_source(api, service):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json={"detail": "Not Found"}, status=404)

    with pytest.raises(StreamkapApiError, match="check that api_url is the API's base URL"):
        service.ensure_absent(source_spec(id=SOURCE_ID))
    assert not calls_to(api, "DELETE", f"/sources/{SOURCE_ID}")


def test_a_generic_404_on_delete_is_an_error(api, service):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([make_source("orders", SOURCE_ID)]))
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json={"detail": "Not Found"}, status=404)

    with pytest.raises(StreamkapApiError, match="api_url"):
        service.ensure_absent(source_spec(id=SOURCE_ID))


# --- 8. polling floor and bounds ---

@pytest.mark.parametrize(("option", "value"), [
    ("wait_interval", 0.01), ("wait_interval", 1e300), ("wait_interval", "inf"),
    ("wait_timeout", 10 ** 30), ("wait_timeout", 10 ** 400),
])
def test_wait_options_out_of_range_fail_naming_the_option_without_a_request(api, capsys, monkeypatch, option, value):
    result = run_module(module_args(**{option: value}), capsys, monkeypatch)[0]

    assert result["failed"] is True
    assert option in result["msg"]
    assert "Traceback" not in result["msg"]
    assert len(api.calls) == 0


# --- 9. an id addresses exactly that entity ---

@pytest.mark.parametrize("bad_id", [f"{SOURCE_ID}/", "a/b", "x?y=1", "x#y", "x%2Fy", "a\\b", "x y"])
def test_ids_with_path_characters_are_refused_before_any_request(api, bad_id):
    with pytest.raises(StreamkapError, match="is not a source id"):
        SourceSpec.from_params(source_params(id=bad_id, state="absent"))
    assert len(api.calls) == 0


def test_a_read_by_id_answering_another_id_is_refused(api, service):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([make_source("orders", "some-other-id")]))

    with pytest.raises(StreamkapError, match="not '6650f1c2a9d3e4b5c6d7e8f9'"):
        service.ensure_absent(source_spec(id=SOURCE_ID))
    assert not calls_to(api, "DELETE", "/sources/some-other-id")
