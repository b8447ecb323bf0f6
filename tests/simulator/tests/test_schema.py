"""GET /sources/connectors: the schemas match the connector reference table exactly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import Api

REFERENCE = Path(__file__).parent / "data" / "connectors.md"
CODES = ["postgresql", "mysql", "mongodb", "dynamodb", "sqlserveraws"]
DISPLAY = {
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "mongodb": "MongoDB",
    "dynamodb": "DynamoDB",
    "sqlserveraws": "SQL Server",
}
PROPERTY_FIELDS = {
    "name",
    "description",
    "display_name",
    "user_defined",
    "required",
    "encrypt",
    "set_once",
    "tab",
    "conditions",
    "value",
}
VALUE_FIELDS = {"control", "type", "default", "raw_values", "min", "max", "step"}
# User-defined keys the simulator adds to the reference (see connectors.py).
ADDITIONS = {"mysql": {"database.server.id"}, "postgresql": {"database.sslkey"}}
SSH_CONDITIONED = {"ssh.host", "ssh.port", "ssh.user", "ssh.public.key.user.displayed"}


def _reference_rows() -> dict[str, list[dict[str, Any]]]:
    """Parse the reference key tables (key | type | flags) of every connector."""
    sections = re.split(r"^## `([a-z]+)`\s*$", REFERENCE.read_text(), flags=re.M)
    rows: dict[str, list[dict[str, Any]]] = {}
    for code, body in zip(sections[1::2], sections[2::2]):
        rows[code] = []
        for key, kind, flags in re.findall(r"^\| `([^`]+)` \| (\w+) \| (.*?)\s*\|\s*$", body, flags=re.M):
            default = re.search(r'default=("[^"]*"|\S+)', flags)
            choices = re.search(r"choices=(\S+)", flags)
            words = set(re.sub(r'default=("[^"]*"|\S+)|choices=\S+', "", flags).split())
            rows[code].append(
                {
                    "key": key,
                    "type": kind,
                    "required": "required" in words,
                    "secret": "secret" in words,
                    "set_once": "set-once" in words,
                    "default": default.group(1).strip('"') if default else None,
                    "choices": choices.group(1).split(",") if choices else None,
                }
            )
    return rows


def _schema(api: Api, code: str) -> list[dict[str, Any]]:
    answer = api.get("/sources/connectors", params={"connector_code": code})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert list(body) == [DISPLAY[code]]
    return body[DISPLAY[code]]


def _default_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("code", CODES)
def test_user_defined_keys_match_the_reference(api: Api, code: str) -> None:
    served = {prop["name"]: prop for prop in _schema(api, code) if prop["user_defined"]}
    expected = _reference_rows()[code]
    extra = ADDITIONS.get(code, set())
    assert set(served) == {row["key"] for row in expected} | extra
    for row in expected:
        prop = served[row["key"]]
        value = prop["value"]
        assert prop["encrypt"] is row["secret"], row["key"]
        assert (value["control"] == "password") is row["secret"], row["key"]
        assert prop["set_once"] is row["set_once"], row["key"]
        assert prop["required"] is (row["required"] or row["key"] == "ssh.host"), row["key"]
        assert _default_text(value["default"]) == row["default"], row["key"]
        assert value["raw_values"] == row["choices"], row["key"]
        control = {"integer": "number", "boolean": "toggle", "MapNested": "json"}.get(row["type"])
        if control and not row["secret"]:
            assert value["control"] == control, row["key"]
        if row["type"] == "integer" and row["default"] is not None:
            assert isinstance(value["default"], int), row["key"]
        if row["type"] == "boolean" and row["default"] is not None:
            assert isinstance(value["default"], bool), row["key"]


@pytest.mark.parametrize("code", CODES)
def test_properties_have_the_documented_shape(api: Api, code: str) -> None:
    for prop in _schema(api, code):
        assert set(prop) == PROPERTY_FIELDS, prop["name"]
        assert set(prop["value"]) == VALUE_FIELDS, prop["name"]
        assert prop["value"]["type"] == "raw"
        expected_conditions = (
            [{"operator": "EQ", "config": "ssh.enabled", "value": True}]
            if prop["name"] in SSH_CONDITIONED
            else []
        )
        assert prop["conditions"] == expected_conditions, prop["name"]


def test_sql_connectors_list_backend_computed_keys(api: Api) -> None:
    for code in ["postgresql", "mysql", "sqlserveraws"]:
        computed = {prop["name"] for prop in _schema(api, code) if not prop["user_defined"]}
        assert {"database.hostname", "database.port"} <= computed


def test_mysql_server_id_is_an_optional_set_once_integer(api: Api) -> None:
    prop = {prop["name"]: prop for prop in _schema(api, "mysql")}["database.server.id"]
    assert (prop["user_defined"], prop["set_once"], prop["required"]) == (True, True, False)
    assert prop["value"]["control"] == "number"


def test_postgresql_sslkey_is_an_optional_schema_only_secret(api: Api) -> None:
    prop = {prop["name"]: prop for prop in _schema(api, "postgresql")}["database.sslkey"]
    assert (prop["user_defined"], prop["encrypt"], prop["required"]) == (True, True, False)
    assert prop["value"]["control"] == "password"


def test_object_shape_is_selectable(api: Api) -> None:
    api.settings(schema_shape="object")
    body = api.get("/sources/connectors", params={"connector_code": "dynamodb"}).json()
    assert list(body) == ["DynamoDB"]
    assert list(body["DynamoDB"]) == ["config"]
    assert {prop["name"] for prop in body["DynamoDB"]["config"]} >= {"aws.region", "aws.secret.key"}


def test_unknown_connector_code_answers_404_naming_it(api: Api) -> None:
    answer = api.get("/sources/connectors", params={"connector_code": "oracle-nope"})
    assert answer.status_code == 404
    assert "oracle-nope" in answer.json()["detail"]
