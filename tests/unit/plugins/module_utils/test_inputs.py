# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks made before any request: each message names the option or key, never a value."""

from __future__ import annotations

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.inputs import (
    listed_problems,
    check_connector_code,
    check_identifier,
    config_errors,
)


@pytest.mark.parametrize("value, message", [
    ("   ", "name must not be blank"),
    ("x" * 256, "name is 256 characters long; at most 255"),
    ("bad\ud800name", "not valid Unicode"),
    ("two\nlines", "control characters"),
    ("nul\x00", "control characters"),
])
def test_bad_names_are_refused(value, message):
    with pytest.raises(StreamkapError, match=message):
        check_identifier("name", value)


@pytest.mark.parametrize("value", [None, "", "orders", "a&b=c?d#e/../x", "Ördërs 数据 🚀", "x" * 255])
def test_good_names_pass(value):
    check_identifier("name", value)


@pytest.mark.parametrize("value", ["", "postgre sql", "pg;drop", "../x", "a" * 65])
def test_bad_connector_codes_are_refused(value):
    with pytest.raises(StreamkapError, match="is not a connector code"):
        check_connector_code(value)


@pytest.mark.parametrize("value", ["postgresql", "sqlserveraws", "my-sql_2.0"])
def test_connector_codes(value):
    check_connector_code(value)


@pytest.mark.parametrize("config, message", [
    ({"": "x"}, "config key '' is blank"),
    ({"k\n": "x"}, "config key 'k\\n' holds control characters"),
    ({"port": float("nan")}, "config key 'port' holds a number that is NaN or infinite"),
    ({"port": float("inf")}, "NaN or infinite"),
    ({"port": 2 ** 64}, "config key 'port' holds an integer outside the 64-bit range"),
    ({"text": "\udc80"}, "config key 'text' holds text that is not valid Unicode"),
    ({"obj": {"a": [1, {"b": float("nan")}]}}, "config key 'obj' holds a number that is NaN"),
    ({"obj": object()}, "config key 'obj' holds a object, which JSON cannot represent"),
    ({"obj": {1: "x"}}, "config key 'obj' holds a nested key that is not valid text"),
])
def test_unsendable_config_is_named_by_key(config, message):
    errors = config_errors(config)

    assert len(errors) == 1
    assert message in errors[0]


def test_deep_nesting_is_refused():
    value: list = []
    for _level in range(20):
        value = [value]

    assert "nested more than 16 levels deep" in config_errors({"deep": value})[0]


def test_a_secret_value_never_appears_in_a_message():
    errors = config_errors({"database.password": "s3cr\udc80t", "other": float("nan")})

    assert len(errors) == 2
    assert all("s3cr" not in error for error in errors)


def test_plain_json_config_has_no_errors():
    config = {"a": "x", "b": 1, "c": 1.5, "d": True, "e": None, "f": [1, "y"], "g": {"h": {"i": []}}, "j": "line\nbreak"}

    assert not config_errors(config)


@pytest.mark.parametrize("problems, sentence", [
    (["a is wrong", "b is missing"], "a is wrong; b is missing."),
    (["unknown key 'x'; did you mean 'y'?"], "unknown key 'x'; did you mean 'y'?"),
    (["ends well."], "ends well."),
])
def test_listed_problems_end_in_exactly_one_mark(problems, sentence):
    assert listed_problems(problems) == sentence
