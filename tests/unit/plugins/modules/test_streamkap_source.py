# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The module end to end through main(), with mocked HTTP."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils import common
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_source
from tests.unit.helpers import API_URL, CLIENT_ID, CLIENT_SECRET, DB_PASSWORD, TOKEN, answer_schema, calls_to, list_page, make_source

CONFIG = {"database.hostname.user.defined": "db.example.com", "database.user": "streamkap", "database.password": DB_PASSWORD}
# CONFIG as the API answers it: the password withheld, defaults and a computed key added.
API_CONFIG = {"database.hostname.user.defined": "db.example.com", "database.hostname": "db.example.com",
              "database.port.user.defined": "5432", "database.user": "streamkap"}


def module_args(**overrides) -> dict:
    args = {"api_url": API_URL, "access_token": TOKEN, "name": "orders", "connector": "postgresql", "config": dict(CONFIG)}
    args.update(overrides)
    return {key: value for key, value in args.items() if value is not None}


def run_module(args: dict, capsys: pytest.CaptureFixture) -> dict:
    """Run main() with these args; return the JSON result it printed."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            streamkap_source.main()
    return json.loads(capsys.readouterr().out)


def answer_lookup(api, items: list[dict]) -> None:
    api.get(f"{API_URL}/sources", json=list_page(items))


def test_creates_an_absent_source(api, capsys):
    answer_lookup(api, [make_source("orders-2", "other")])
    answer_schema(api)
    created = make_source("orders", "new-id", topics=["source_new-id.public.orders"])
    api.post(f"{API_URL}/sources", json=created)

    result = run_module(module_args(desired_state="Active"), capsys)

    assert result["changed"] is True
    assert "failed" not in result
    assert result["source"]["id"] == "new-id"
    assert result["source"]["topics"] == ["source_new-id.public.orders"]
    sent = json.loads(calls_to(api, "POST", "/sources")[0].request.body)
    assert sent == {"name": "orders", "connector": "postgresql", "config": CONFIG, "created_from": "api", "desired_state": "Active"}


def test_leaves_a_present_source_alone(api, capsys):
    existing = make_source("orders", "existing-id", config=API_CONFIG)
    answer_lookup(api, [existing])

    result = run_module(module_args(), capsys)

    assert result["changed"] is False
    assert result["source"] == existing
    assert not calls_to(api, "POST", "/sources")


def test_client_credentials_are_exchanged_once(api, capsys):
    api.post(
        f"{API_URL}/auth/access-token",
        json={"accessToken": "exchanged", "refreshToken": "r", "expires": "x", "expiresIn": 3600},
        match=[matchers.json_params_matcher({"client_id": CLIENT_ID, "secret": CLIENT_SECRET})],
    )
    answer_lookup(api, [])
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=make_source("orders", "n"))

    result = run_module(module_args(access_token=None, client_id=CLIENT_ID, client_secret=CLIENT_SECRET), capsys)

    assert result["changed"] is True
    assert len(calls_to(api, "POST", "/auth/access-token")) == 1
    assert calls_to(api, "POST", "/sources")[0].request.headers["Authorization"] == "Bearer exchanged"
    assert CLIENT_SECRET not in json.dumps(result)


def test_credentials_from_env(api, capsys, monkeypatch):
    monkeypatch.setenv("STREAMKAP_HOST", API_URL)
    monkeypatch.setenv("STREAMKAP_ACCESS_TOKEN", "env-token")
    answer_lookup(api, [make_source("orders", "x", config=API_CONFIG)])

    result = run_module(module_args(api_url=None, access_token=None), capsys)

    assert result["changed"] is False
    assert api.calls[0].request.headers["Authorization"] == "Bearer env-token"


def test_check_mode_does_not_write(api, capsys):
    answer_lookup(api, [])
    answer_schema(api)

    result = run_module(module_args(_ansible_check_mode=True), capsys)

    assert result["changed"] is True
    assert result["source"]["id"] is None
    assert result["source"]["name"] == "orders"
    assert result["source"]["config"]["database.password"] == "********"
    assert not calls_to(api, "POST", "/sources")


def test_secret_config_values_never_reach_the_output(api, capsys):
    answer_lookup(api, [])
    answer_schema(api)
    # An API that echoes the password under a key that does not look secret.
    echoed = make_source("orders", "n", config={"database.password": DB_PASSWORD, "notes": f"pw was {DB_PASSWORD}"})
    api.post(f"{API_URL}/sources", json=echoed)

    result = run_module(module_args(), capsys)

    output = json.dumps(result)
    assert DB_PASSWORD not in output
    assert TOKEN not in output
    assert result["source"]["config"]["database.password"] == "********"


def test_secret_config_values_join_no_log_values():
    with patch_module_args(module_args()):
        module = streamkap_source.StreamkapModule(
            argument_spec=streamkap_source.argument_spec(),
            nested_secrets=lambda params: streamkap_source.secret_config_values(params.get("config")),
        )

    assert DB_PASSWORD in module.no_log_values
    assert TOKEN in module.no_log_values
    assert "db.example.com" not in module.no_log_values


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("created_from", "cli", "api, web, terraform"),
        ("desired_state", "Running", "Pending, Active, Paused, Stopped"),
        ("state", "gone", "present, absent"),
        ("update_secrets", "sometimes", "on_create, always"),
    ],
)
def test_a_bad_choice_fails_before_any_request(api, capsys, option, value, allowed):
    result = run_module(module_args(**{option: value}), capsys)

    assert result["failed"] is True
    assert option in result["msg"]
    assert allowed in result["msg"]
    assert DB_PASSWORD not in json.dumps(result)
    assert len(api.calls) == 0


def test_a_missing_name_fails_before_any_request(api, capsys):
    args = module_args()
    del args["name"]

    result = run_module(args, capsys)

    assert result["failed"] is True
    assert "name" in result["msg"]
    assert len(api.calls) == 0


def test_missing_credentials_fail_before_any_request(api, capsys):
    result = run_module(module_args(access_token=None, client_id=CLIENT_ID), capsys)

    assert result["failed"] is True
    assert "client_secret" in result["msg"]
    assert "STREAMKAP_CLIENT_SECRET" in result["msg"]
    assert len(api.calls) == 0


def test_missing_connector_fails_naming_it_without_a_write(api, capsys):
    answer_lookup(api, [])

    result = run_module(module_args(connector=None), capsys)

    assert result["failed"] is True
    assert result["msg"] == "Source 'orders' does not exist, and creating it needs: connector."
    assert not calls_to(api, "POST", "/sources")


def test_duplicates_fail_listing_ids(api, capsys):
    answer_lookup(api, [make_source("orders", "id-1"), make_source("orders", "id-2")])

    result = run_module(module_args(), capsys)

    assert result["failed"] is True
    assert "ids: id-1, id-2" in result["msg"]
    assert not calls_to(api, "POST", "/sources")


def test_api_errors_become_one_failure_with_status_and_request_id(api, capsys):
    answer_lookup(api, [])
    answer_schema(api)
    detail = [{"loc": ["body", "config", "database.dbname"], "msg": "Field required", "type": "missing", "input": CONFIG}]
    api.post(f"{API_URL}/sources", json={"detail": detail}, status=422, headers={"X-Request-Id": "req-7"})

    result = run_module(module_args(), capsys)

    assert result["failed"] is True
    assert result["msg"] == "POST /sources failed with HTTP 422: config -> database.dbname: Field required (X-Request-Id: req-7)"
    assert result["status"] == 422
    assert result["request_id"] == "req-7"


def test_missing_requests_library_fails_clearly(api, capsys, monkeypatch):
    monkeypatch.setattr(common, "HAS_REQUESTS", False)

    result = run_module(module_args(), capsys)

    assert result["failed"] is True
    assert "Failed to import the required Python library (requests)" in result["msg"]
    assert len(api.calls) == 0


# --- the full lifecycle through main() ---

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"


def test_drift_is_updated_and_the_diff_masks_secrets(api, capsys):
    answer_lookup(api, [make_source("orders", SOURCE_ID, config=API_CONFIG)])
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=make_source("orders", SOURCE_ID, config=dict(API_CONFIG, **{"database.user": "cdc"})))

    result = run_module(module_args(config=dict(CONFIG, **{"database.user": "cdc"}), _ansible_diff=True), capsys)

    assert result["changed"] is True
    assert result["diff"]["before"]["config"]["database.user"] == "streamkap"
    assert result["diff"]["after"]["config"]["database.user"] == "cdc"
    assert result["diff"]["before"]["config"]["database.password"] == "********"
    # Withheld by the API and left out of the PUT (update_secrets=on_create): the diff says it is not sent.
    assert result["diff"]["after"]["config"]["database.password"] == "******** (not sent under update_secrets=on_create)"
    assert DB_PASSWORD not in json.dumps(result)


def test_no_diff_without_diff_mode(api, capsys):
    answer_lookup(api, [make_source("orders", SOURCE_ID, config=API_CONFIG)])

    result = run_module(module_args(), capsys)

    assert "diff" not in result
    assert len(api.calls) == 1


def test_a_secret_known_only_from_the_schema_never_reaches_the_output(api, capsys):
    answer_lookup(api, [])
    answer_schema(api)
    # The API echoes the value; "db.pin" does not look secret, the schema's password control says it is.
    api.post(f"{API_URL}/sources", json=make_source("orders", SOURCE_ID, config={"db.pin": "4711", "note": "pin 4711"}))

    result = run_module(module_args(config=dict(CONFIG, **{"db.pin": "4711"}), _ansible_diff=True), capsys)

    assert result["changed"] is True
    assert "4711" not in json.dumps(result)
    assert result["source"]["config"]["db.pin"] == "********"


def test_a_suggestion_ending_the_message_keeps_its_own_question_mark(api, capsys):
    answer_lookup(api, [])
    answer_schema(api)

    result = run_module(module_args(config=dict(CONFIG, **{"database.hostnme": "x"})), capsys)

    assert result["failed"] is True
    assert "did you mean" in result["msg"] and "?. " not in result["msg"]
    assert "? Nothing was changed" in result["msg"]


def test_validation_errors_are_the_failure_message(api, capsys):
    answer_lookup(api, [])
    answer_schema(api)

    result = run_module(module_args(config=dict(CONFIG, **{"database.hostnme": "x", "database.sslmode": "prefer"})), capsys)

    assert result["failed"] is True
    assert "unknown key 'database.hostnme'; did you mean 'database.hostname.user.defined'?" in result["msg"]
    assert "'database.sslmode' must be one of 'require', 'disable'; got 'prefer'" in result["msg"]
    assert not calls_to(api, "POST", "/sources")


def test_state_absent_deletes_by_id(api, capsys):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=list_page([make_source("orders", SOURCE_ID, config=API_CONFIG)]))
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json=make_source("orders", SOURCE_ID, connector_status="Pending Delete"))

    result = run_module({"api_url": API_URL, "access_token": TOKEN, "id": SOURCE_ID, "state": "absent"}, capsys)

    assert result["changed"] is True
    assert result["source"]["connector_status"] == "Pending Delete"


def test_state_absent_of_a_missing_source_is_ok(api, capsys):
    answer_lookup(api, [])

    result = run_module(module_args(state="absent", config=None, connector=None), capsys)

    assert result["changed"] is False
    assert result["source"] == {}


def test_broken_source_fails_with_the_source_in_the_result(api, capsys):
    broken = make_source("orders", SOURCE_ID, config=API_CONFIG, connector_status="Broken",
                         task_statuses={"0": {"status": "FAILED", "trace": "ConnectException: boom"}})
    answer_lookup(api, [broken])

    result = run_module(module_args(wait=True), capsys)

    assert result["failed"] is True
    assert "is Broken instead of Active: task 0: FAILED (ConnectException: boom)" in result["msg"]
    assert result["source"]["id"] == SOURCE_ID


def test_name_or_id_is_required(api, capsys):
    result = run_module({"api_url": API_URL, "access_token": TOKEN, "state": "absent"}, capsys)

    assert result["failed"] is True
    assert "one of the following is required: name, id" in result["msg"]
    assert len(api.calls) == 0


def test_argument_spec_defaults():
    spec = streamkap_source.argument_spec()
    assert spec["update_secrets"] == {"type": "str", "choices": ["on_create", "always"], "default": "on_create"}
    assert spec["validate_config"]["default"] is True
    assert spec["wait"]["default"] is False
    assert spec["wait_timeout"] == {"type": "int", "default": 300}
    assert spec["wait_interval"] == {"type": "float", "default": 5.0}
    assert spec["state"]["choices"] == ["present", "absent", "redeployed"]
