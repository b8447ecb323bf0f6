"""/openapi.json describes POST /sources exactly like the API reference page."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api


@pytest.fixture
def openapi(api: Api) -> dict[str, Any]:
    answer = api.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return document["components"]["schemas"][name]
    return schema


def _enum_of(document: dict[str, Any], prop: dict[str, Any]) -> list[str]:
    for option in prop.get("anyOf", [prop]):
        resolved = _resolve(document, option)
        if "enum" in resolved:
            return resolved["enum"]
    raise AssertionError(f"no enum in {prop}")


def _create_operation(document: dict[str, Any]) -> dict[str, Any]:
    return document["paths"]["/sources"]["post"]


def test_create_body_fields_required_and_types(openapi: dict[str, Any]) -> None:
    body_ref = _create_operation(openapi)["requestBody"]["content"]["application/json"]["schema"]
    body = _resolve(openapi, body_ref)
    props = body["properties"]
    assert {"name", "connector", "config", "created_from", "desired_state"} <= set(props)
    assert set(props) - {"name", "connector", "config", "created_from", "desired_state"} == {
        "kc_cluster_id",
        "tags",
    }
    assert sorted(body["required"]) == ["config", "connector", "name"]
    assert props["name"]["type"] == "string"
    assert props["connector"]["type"] == "string"
    assert props["config"]["type"] == "object"
    assert props["config"]["title"] == "Config"


def test_create_body_enums_and_defaults(openapi: dict[str, Any]) -> None:
    body_ref = _create_operation(openapi)["requestBody"]["content"]["application/json"]["schema"]
    props = _resolve(openapi, body_ref)["properties"]
    assert _enum_of(openapi, props["created_from"]) == ["terraform", "web", "api"]
    assert props["created_from"]["default"] == "api"
    assert {"type": "null"} in props["created_from"]["anyOf"]
    assert _enum_of(openapi, props["desired_state"]) == ["Pending", "Active", "Paused", "Stopped"]
    assert {"type": "null"} in props["desired_state"]["anyOf"]


def test_create_query_parameters(openapi: dict[str, Any]) -> None:
    params = {param["name"]: param for param in _create_operation(openapi)["parameters"]}
    assert params["secret_returned"]["in"] == "query"
    schema = params["secret_returned"]["schema"]
    assert (schema["type"], schema["default"]) == ("boolean", False)
    assert params["wait"]["schema"]["type"] == "boolean"


def test_test_hooks_are_not_in_the_schema(openapi: dict[str, Any]) -> None:
    assert not [path for path in openapi["paths"] if path.startswith("/_sim")]
    assert "/sources/{source_id}/actions/{action}" in openapi["paths"]


def _body_schema(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    ref = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return _resolve(document, ref)


@pytest.mark.parametrize(
    ("path", "method", "required"),
    [
        ("/destinations", "post", ["config", "connector", "name"]),
        ("/destinations/{entity_id}", "put", ["config", "connector", "name"]),
        ("/pipelines", "post", ["destination", "name", "source"]),
        ("/pipelines/{pipeline_id}", "put", ["destination", "name", "source"]),
        ("/tags", "post", ["name"]),
    ],
)
def test_new_write_bodies_and_their_required_fields(
    openapi: dict[str, Any], path: str, method: str, required: list[str]
) -> None:
    assert sorted(_body_schema(openapi, path, method)["required"]) == required


def test_destination_put_waits_by_default_and_create_does_not(openapi: dict[str, Any]) -> None:
    def wait_default(path: str, method: str) -> bool:
        params = {param["name"]: param for param in openapi["paths"][path][method]["parameters"]}
        return params["wait"]["schema"]["default"]

    assert wait_default("/destinations/{entity_id}", "put") is True
    assert wait_default("/destinations", "post") is False
    assert wait_default("/sources/{entity_id}", "put") is False


def test_every_operation_has_a_unique_operation_id(openapi: dict[str, Any]) -> None:
    operation_ids = [
        operation["operationId"] for item in openapi["paths"].values() for operation in item.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))
    for path in ("/destinations/connectors", "/tags/search", "/tags/{tag_id}", "/topics/details"):
        assert path in openapi["paths"]
