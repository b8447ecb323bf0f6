# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Regressions of the second hardening review (issues 10 and 14): one test (or more) per defect."""

from __future__ import annotations

import dataclasses
import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError, check_api_url
from ansible_collections.streamkap.cloud.plugins.module_utils.common import auth_argument_spec, client_from_params
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DestinationSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PipelineSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.schema import validate_config
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE, SourceSpec
from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destination,
    streamkap_destination_info,
    streamkap_pipeline,
    streamkap_pipeline_info,
    streamkap_source,
    streamkap_source_info,
    streamkap_tag_info,
)
from tests.unit.helpers import API_URL, PG_SCHEMA, TOKEN, answer_schema, list_page, make_source, schema_prop, transport_params
from tests.unit.plugins.modules.test_hardening import PLAIN, SOURCE_ID, module_args, run_module


# --- 1. a number under an unknown key is hidden like any other unknown value ---

@pytest.mark.parametrize("config", [
    dict(PLAIN, **{"zz.pin": 987654321}),
    json.dumps(dict(PLAIN, **{"zz.pin": 987654321})),
    dict(PLAIN, **{"zz.pin": 9876543.0}),
])
def test_a_number_under_an_unknown_key_is_neither_logged_nor_returned(api, capsys, monkeypatch, config):
    api.get(f"{API_URL}/sources", json={"detail": "unavailable"}, status=400)

    result, logged = run_module(module_args(config=config, validate_config=False), capsys, monkeypatch)

    assert result["failed"] is True
    assert logged and all("987654" not in line for line in logged)
    assert "987654" not in json.dumps(result)
    assert any("db.example.com" in line for line in logged), "plain values are logged as they are"


# --- 2. values too short to be a secret are masked by key, never as substrings ---

@pytest.mark.parametrize("connector, config", [
    ("postgresql", dict(PLAIN, **{"zz.flag": "e", "zz.n": 5})),
    ("POSTGRESQL", {"database.user": "u", "database.hostname.user.defined": "h"}),
])
def test_short_unknown_values_do_not_garble_messages(api, capsys, monkeypatch, connector, config):
    api.get(f"{API_URL}/sources", json={"detail": "service unavailable"}, status=400)

    result, logged = run_module(module_args(connector=connector, config=config, validate_config=False), capsys, monkeypatch)

    assert result["failed"] is True
    assert "********" not in result["msg"]
    assert "/sources" in result["msg"] and "service unavailable" in result["msg"]


def test_short_unknown_values_are_masked_by_key_and_not_registered():
    classify = SOURCE.classify("postgresql")
    config = {"zz.flag": "e", "zz.n": 5, "zz.on": True, "zz.pin": 987654321, "zz.code": "abcd"}

    assert cfg.secret_values(config, classify=classify) == ["987654321", "abcd"]
    assert cfg.redact_config(config, classify=classify) == {key: cfg.SECRET_MASK for key in config}


def test_a_short_value_under_a_known_secret_key_is_still_registered():
    assert cfg.secret_values({"database.password": "ab"}, classify=SOURCE.classify("postgresql")) == ["ab"]


# --- 3. a base URL naming an API collection is refused before any request ---

@pytest.mark.parametrize("path", ["/sources", "/sources/", "/v1/Pipelines", "/auth", "/tags", "/destinations"])
def test_an_api_url_naming_an_api_collection_is_refused(api, capsys, monkeypatch, path):
    result, _logged = run_module(module_args(api_url=f"http://127.0.0.1:8080{path}", state="absent"), capsys, monkeypatch)

    assert result["failed"] is True
    assert result["msg"].startswith("api_url must be the API's base URL")
    assert len(api.calls) == 0


def test_an_api_url_with_another_path_is_kept():
    assert check_api_url("https://gateway.example.com/streamkap/") == "https://gateway.example.com/streamkap"


# --- 4. an empty api_url is an error, not production ---

@pytest.mark.parametrize("api_url", ["", "  "])
def test_an_empty_api_url_is_refused_before_any_request(api, capsys, monkeypatch, api_url):
    result, _logged = run_module(module_args(api_url=api_url), capsys, monkeypatch)

    assert result["failed"] is True
    assert result["msg"].startswith("api_url must start with http:// or https://")
    assert "empty" in result["msg"]
    assert len(api.calls) == 0


# --- 7. messages say the real range and name the bad value readably ---

def test_an_invalid_port_is_named():
    with pytest.raises(StreamkapError, match=r"api_url has an invalid port 'abc' \(host 127.0.0.1\)"):
        check_api_url("http://127.0.0.1:abc")


# --- 5. values the service refuses are refused locally, naming the key ---

PORT = "database.port.user.defined"
TABLES = "streamkap.snapshot.custom.table.config.user.defined"


def integer_prop(name: str = PORT) -> dict:
    prop = schema_prop(name, "number", default=5432)
    prop["value"].update(min=1, max=65535, step=1)
    return prop


@pytest.mark.parametrize("value", [5436.0, "5.0", "5.437e3", "1e5", " 5436.5 ", float("inf")])
def test_a_non_integer_for_an_integer_key_is_refused(value):
    errors = validate_config({PORT: value}, [integer_prop()])

    assert len(errors) == 1
    assert errors[0].startswith(f"'{PORT}' must be a whole number")
    assert len(errors[0]) < 200, "a huge value is shortened"


@pytest.mark.parametrize("value", [5436, "5436", " +5436 ", "05436"])
def test_an_integer_for_an_integer_key_passes(value):
    assert validate_config({PORT: value}, [integer_prop()]) == []


@pytest.mark.parametrize("value", ["many", True, "5_000"])
def test_a_non_number_for_an_integer_key_is_not_a_number(value):
    assert validate_config({PORT: value}, [integer_prop()]) == [f"'{PORT}' must be a number; got '{cfg.normalise_value(value)}'"]


def test_a_5000_digit_port_is_refused_by_the_schema_bound():
    errors = validate_config({PORT: "9" * 5000}, [integer_prop()])

    assert len(errors) == 1 and errors[0].startswith(f"'{PORT}' must be at most 65535; got '999")
    assert len(errors[0]) < 200, "a huge value is shortened"


@pytest.mark.parametrize("digits", [19, 5000])
def test_a_huge_integer_without_bounds_is_refused_as_beyond_64_bits(digits):
    prop = schema_prop("tasks.max", "number")
    prop["value"]["step"] = 1

    errors = validate_config({"tasks.max": "9" * digits}, [prop])

    assert len(errors) == 1 and errors[0].startswith(f"'tasks.max' must be a whole number between {-2 ** 63} and {2 ** 63 - 1}")


def test_a_number_key_without_an_integral_step_takes_decimals():
    assert validate_config({"ratio": "1.5e3"}, [schema_prop("ratio", "number")]) == []


@pytest.mark.parametrize("value", ["[]", [], "5", "null"])
def test_a_json_key_whose_default_is_an_object_takes_only_an_object(value):
    errors = validate_config({TABLES: value}, [schema_prop(TABLES, "json", default={})])

    assert len(errors) == 1 and errors[0].startswith(f"'{TABLES}' must be a JSON object, or a string holding one")


@pytest.mark.parametrize("value", ["{}", {"a": 1}, '{"a": [1]}'])
def test_a_json_key_whose_default_is_an_object_takes_an_object(value):
    assert validate_config({TABLES: value}, [schema_prop(TABLES, "json", default="{}")]) == []


def test_a_float_port_is_refused_before_any_write(api, capsys, monkeypatch):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api, [prop for prop in PG_SCHEMA if prop["name"] != PORT] + [integer_prop()])
    config = {"database.hostname.user.defined": "db.example.com", "database.user": "u", "database.password": "pw-1234",
              PORT: 5436.0}

    result, _logged = run_module(module_args(config=config), capsys, monkeypatch)

    assert result["failed"] is True
    assert f"'{PORT}' must be a whole number" in result["msg"]
    assert [call.request.method for call in api.calls] == ["GET", "GET"]


# --- 6. info modules refuse the ids the singular modules refuse ---

@pytest.mark.parametrize("module", [streamkap_source_info, streamkap_destination_info, streamkap_pipeline_info,
                                    streamkap_tag_info])
@pytest.mark.parametrize("bad_id", ["../x", "abc/", "..", "a?b"])
def test_info_modules_refuse_an_id_that_could_address_another_path(api, capsys, module, bad_id):
    with patch_module_args({"api_url": API_URL, "access_token": TOKEN, "id": ["id-1", bad_id]}):
        with pytest.raises(SystemExit):
            module.main()
    result = json.loads(capsys.readouterr().out)

    assert result["failed"] is True
    assert result["msg"].startswith(f"id {bad_id!r} is not a valid id: ids hold only letters")
    assert len(api.calls) == 0


@pytest.mark.parametrize(("options", "message"), [
    ({"wait_interval": 0}, "wait_interval must be between 0.5 and 3600 seconds (got 0)."),
    ({"wait_interval": "nan"}, "wait_interval must be between 0.5 and 3600 seconds (got nan)."),
    ({"retries": "1e400"}, (
        "retries must be between 0 and 100 (got 10000000000000000000...).",
        # ansible-core before 2.18 refuses exponent text for an int option itself, naming it.
        "argument 'retries' is of type <class 'str'> and we were unable to convert to int: "
        "<class 'str'> cannot be converted to an int",
    )),
    ({"retries": "1e5000"}, "retries must be a whole number; got a number of more than 4300 digits."),
    ({"api_url": "http://127.0.0.1:abc"}, "api_url has an invalid port 'abc' (host 127.0.0.1): a port is a number from 1 to 65535."),
])
def test_option_messages_say_the_real_range_shortly(api, capsys, monkeypatch, options, message):
    result, _logged = run_module(module_args(**options), capsys, monkeypatch)

    assert result["failed"] is True
    assert result["msg"] in (message if isinstance(message, tuple) else (message,))
    assert len(api.calls) == 0


@pytest.mark.parametrize(("value", "problem"), [
    ([0, [5], 0], "a list"), (["a"], "a list"), ({"a": 1}, "a dict"), ("inf", "an infinite number"),
    ("-Infinity", "an infinite number"),
])
def test_a_list_or_infinite_integer_option_reads_well(api, capsys, monkeypatch, value, problem):
    result, logged = run_module(module_args(retries=value), capsys, monkeypatch)

    assert result["failed"] is True
    assert result["msg"] == f"retries must be a whole number; got {problem}."
    assert len(api.calls) == 0
    assert logged, "the invocation is logged without a crash"


# --- 8. check mode predicts what the service will store ---

@pytest.mark.parametrize(("given", "stored"), [("+5439", "5439"), (" 05433", "5433"), ("5.4e3", "5400"), (5439, 5439)])
def test_check_mode_predicts_a_number_as_the_service_stores_it(api, capsys, monkeypatch, given, stored):
    current = make_source("orders", SOURCE_ID, config=dict(PLAIN, **{PORT: "5432"}))
    api.get(f"{API_URL}/sources", json=list_page([current]))
    answer_schema(api)

    args = dict(module_args(config={PORT: given}), _ansible_check_mode=True, _ansible_diff=True)
    result, _logged = run_module(args, capsys, monkeypatch)

    assert result["changed"] is True
    assert result["source"]["config"][PORT] == stored
    assert result["diff"]["after"]["config"][PORT] == stored
    assert all(call.request.method == "GET" for call in api.calls)


def test_check_mode_predicts_a_new_source_as_the_service_stores_it(api, capsys, monkeypatch):
    api.get(f"{API_URL}/sources", json=list_page([]))
    answer_schema(api)
    config = {"database.hostname.user.defined": "db.example.com", "database.user": "u", "database.password": "pw-1234",
              PORT: " +05439"}

    result, _logged = run_module(dict(module_args(config=config), _ansible_check_mode=True, _ansible_diff=True), capsys, monkeypatch)

    assert result["source"]["config"][PORT] == "5439"
    assert result["diff"]["after"]["config"][PORT] == "5439"


# --- 9. option defaults live in the argument spec only ---

@pytest.mark.parametrize(("spec_class", "module"), [(SourceSpec, streamkap_source), (DestinationSpec, streamkap_destination),
                                                    (PipelineSpec, streamkap_pipeline)])
def test_spec_classes_repeat_no_argument_spec_default(spec_class, module):
    options = module.argument_spec()
    defaulted = [field.name for field in dataclasses.fields(spec_class) if options.get(field.name, {}).get("default") is not None]

    assert defaulted, "the argument spec gives these options a default"
    assert all(field.default is dataclasses.MISSING for field in dataclasses.fields(spec_class) if field.name in defaulted)


def test_the_client_takes_its_defaults_from_the_argument_spec():
    client = client_from_params(transport_params(access_token=TOKEN))
    options = auth_argument_spec()

    assert (client.api_url, client.retries, client.retry_max_delay, client.request_timeout) == tuple(
        options[name]["default"] for name in ("api_url", "retries", "retry_max_delay", "request_timeout"))
