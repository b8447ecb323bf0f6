"""POST /sources: the answer object, validation, secrets, topics, exact body storage."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from .conftest import Api, sample_config, source_body

SOURCE_FIELDS = {
    "name",
    "connector",
    "id",
    "connector_display_name",
    "created_timestamp",
    "sub_id",
    "tenant_id",
    "service_id",
    "config",
    "topic_ids",
    "topic_map",
    "topics",
    "tasks",
    "connector_status",
    "desired_state",
    "task_statuses",
    "kc_cluster_id",
    "tags",
}


def _create_error(api: Api, body: dict[str, Any]) -> tuple[int, Any]:
    answer = api.post("/sources", json=body)
    return answer.status_code, answer.json()["detail"]


def _config_error(api: Api, config: dict[str, Any], connector: str = "postgresql") -> str:
    status, detail = _create_error(api, {"name": "bad", "connector": connector, "config": config})
    assert status == 422
    assert isinstance(detail, str), detail
    return detail


def test_create_answers_200_with_every_field(api: Api) -> None:
    source = api.create("orders")
    assert set(source) == SOURCE_FIELDS
    assert re.fullmatch(r"[0-9a-f]{24}", source["id"])
    assert datetime.fromisoformat(source["created_timestamp"]).tzinfo is not None
    assert (source["name"], source["connector"], source["connector_display_name"]) == (
        "orders",
        "postgresql",
        "PostgreSQL",
    )
    assert source["connector_status"] == "Active" and source["desired_state"] == "Active"
    assert source["tasks"] == [0]
    assert source["task_statuses"]["0"]["status"] == "RUNNING"
    for field in ("sub_id", "tenant_id", "service_id", "kc_cluster_id"):
        assert re.fullmatch(r"[0-9a-f]{24}", source[field]), field
    assert source["tags"] == []


def test_config_is_string_encoded_with_defaults_and_computed_keys(api: Api) -> None:
    config = api.create(
        "encoded", config=sample_config(**{"heartbeat.enabled": False, "streamkap.snapshot.parallelism": "4"})
    )["config"]
    assert config["database.port.user.defined"] == "5432"
    assert config["heartbeat.enabled"] == "false"
    assert config["streamkap.snapshot.parallelism"] == "4"
    assert config["column.include.list.toggled"] == "true"  # default filled in
    assert config["slot.name"] == "streamkap_pgoutput_slot"
    assert config["database.hostname"] == "db.example.internal"
    assert config["database.port"] == "5432"
    assert all(isinstance(value, str) for value in config.values())


def test_topics_are_derived_from_the_captured_tables(api: Api) -> None:
    cases = {
        "postgresql": (sample_config("postgresql"), ["public.orders", "public.customers"]),
        "sqlserveraws": (
            sample_config("sqlserveraws", **{"table.include.list.user.defined": "dbo.a, b"}),
            ["dbo.a", "dbo.b"],
        ),
        "mysql": (
            sample_config("mysql", **{"table.include.list.user.defined": "shop.orders,items"}),
            ["shop.orders", "shop.items"],
        ),
        "mongodb": (sample_config("mongodb"), ["shop.orders"]),
        "dynamodb": (
            sample_config("dynamodb", **{"table.include.list.user.defined": "orders,users"}),
            ["orders", "users"],
        ),
    }
    for connector, (config, tables) in cases.items():
        source = api.create(f"topics-{connector}", connector, config=config)
        expected = [f"source_{source['id']}.{table}" for table in tables]
        assert source["topics"] == expected, connector
        assert source["topic_ids"] == expected, connector
        assert source["topic_map"] == dict(zip(tables, expected)), connector


@pytest.mark.parametrize(
    ("style", "secret_returned", "expected"),
    [
        ("omit", False, "absent"),
        ("null", False, None),
        ("mask", False, "********"),
        ("omit", True, "sample-password"),
    ],
)
def test_secret_values_follow_the_secret_style(
    api: Api, style: str, secret_returned: bool, expected: Any
) -> None:
    api.settings(secret_style=style)
    answer = api.post("/sources", json=source_body(f"s-{style}"), params={"secret_returned": secret_returned})
    config = answer.json()["config"]
    if expected == "absent":
        assert "database.password" not in config
    else:
        assert config["database.password"] == expected
    listed = api.get("/sources", params={"secret_returned": secret_returned}).json()["result"][0]["config"]
    assert listed.get("database.password", "absent") == expected


def test_backend_computed_secret_is_withheld_too(api: Api) -> None:
    config = api.create("mongo", "mongodb")["config"]
    assert "mongodb.connection.string.user.defined" not in config
    assert "mongodb.connection.string" not in config
    assert config["collection.include.list"] == "shop.orders"


def test_the_simulator_holds_exactly_the_body_sent(api: Api) -> None:
    tag_id = api.post("/tags", json={"name": "t1", "type": ["sources"]}).json()["id"]
    body = source_body("exact", created_from="terraform", tags=[tag_id], extra_field=1)
    source = api.post("/sources", json=body).json()
    record = api.hook("GET", f"/sources/{source['id']}").json()
    assert record["request_body"] == body
    assert record["created_from"] == "terraform"
    assert api.read(source["id"])["tags"] == [tag_id]


def test_desired_state_on_create_is_honoured(api: Api) -> None:
    assert api.create("paused", desired_state="Paused")["connector_status"] == "Paused"
    stopped = api.create("stopped", desired_state="Stopped")
    assert (stopped["connector_status"], stopped["desired_state"]) == ("Stopped", "Stopped")
    assert api.create("pending", desired_state="Pending")["desired_state"] == "Active"


def test_duplicate_name_answers_422_already_exists(api: Api) -> None:
    api.create("twice")
    status, detail = _create_error(api, source_body("twice"))
    assert status == 422
    assert detail == "Source with name 'twice' already exists"


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"connector": "postgresql", "config": {}}, ["body", "name"]),
        ({"name": "x", "config": {}}, ["body", "connector"]),
        ({"name": "x", "connector": "postgresql"}, ["body", "config"]),
        ({"name": "x", "connector": "postgresql", "config": "text"}, ["body", "config"]),
        ({"name": 5, "connector": "postgresql", "config": {}}, ["body", "name"]),
        (
            {"name": "x", "connector": "postgresql", "config": {}, "created_from": "cli"},
            ["body", "created_from"],
        ),
        (
            {"name": "x", "connector": "postgresql", "config": {}, "desired_state": "Broken"},
            ["body", "desired_state"],
        ),
    ],
)
def test_request_validation_gives_fastapi_list_detail(
    api: Api, body: dict[str, Any], location: list[str]
) -> None:
    status, detail = _create_error(api, body)
    assert status == 422
    assert isinstance(detail, list)
    assert detail[0]["loc"] == location
    assert {"loc", "msg", "type"} <= set(detail[0])


def test_unknown_connector_is_named(api: Api) -> None:
    status, detail = _create_error(api, {"name": "x", "connector": "foodb", "config": {}})
    assert status == 422
    assert "foodb" in detail


def test_unknown_and_computed_keys_are_rejected(api: Api) -> None:
    assert "'no.such.key'" in _config_error(api, sample_config(**{"no.such.key": "1"}))
    detail = _config_error(api, sample_config(**{"database.hostname": "h"}))
    assert "'database.hostname'" in detail and "user_defined" in detail


def test_missing_required_keys_are_named(api: Api) -> None:
    config = sample_config()
    del config["database.dbname"]
    del config["database.password"]
    detail = _config_error(api, config)
    assert "'database.dbname'" in detail and "'database.password'" in detail


def test_required_key_with_default_is_optional(api: Api) -> None:
    config = sample_config("sqlserveraws")
    # signal.data.collection.schema.or.database has a default on SQL Server; port too.
    config.pop("database.port.user.defined", None)
    assert api.create("mssql", "sqlserveraws", config=config)["config"]["database.port"] == "1433"


def test_ssh_host_is_required_only_when_ssh_is_enabled(api: Api) -> None:
    api.create("no-ssh", config=sample_config(**{"ssh.enabled": False}))
    assert "'ssh.host'" in _config_error(api, sample_config(**{"ssh.enabled": "true"}))
    source = api.create("ssh", config=sample_config(**{"ssh.enabled": True, "ssh.host": "bastion"}))
    assert source["config"]["ssh.host"] == "bastion"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("database.port.user.defined", "abc"),
        ("database.port.user.defined", True),
        ("database.port.user.defined", 54.5),
        ("heartbeat.enabled", "yes"),
        ("heartbeat.enabled", 1),
        ("database.sslmode", "prefer"),
        ("database.user", {"a": 1}),
        ("binary.handling.mode", "BYTES"),
    ],
)
def test_bad_types_and_choices_are_named(api: Api, key: str, value: Any) -> None:
    assert f"'{key}'" in _config_error(api, sample_config(**{key: value}))


def test_string_encoded_numbers_and_booleans_are_accepted(api: Api) -> None:
    config = api.create(
        "strings",
        config=sample_config(**{"database.port.user.defined": "6543", "heartbeat.enabled": "FALSE"}),
    )["config"]
    assert (config["database.port"], config["heartbeat.enabled"]) == ("6543", "false")


def test_mapnested_key_accepts_an_object(api: Api) -> None:
    config = sample_config(
        "sqlserveraws",
        **{"streamkap.snapshot.custom.table.config.user.defined": {"dbo.orders": {"chunk": 5}}},
    )
    answer = api.create("map", "sqlserveraws", config=config)["config"]
    assert answer["streamkap.snapshot.custom.table.config.user.defined"] == '{"dbo.orders": {"chunk": 5}}'
    bad = sample_config("sqlserveraws", **{"streamkap.snapshot.custom.table.config.user.defined": "not json"})
    assert "'streamkap.snapshot.custom.table.config.user.defined'" in _config_error(api, bad, "sqlserveraws")


def test_create_with_wait_answers_once_active(api: Api) -> None:
    api.settings(status_delay=0.3)
    assert api.create("later")["connector_status"] == "Pending"
    answer = api.post("/sources", json=source_body("waited"), params={"wait": "true"})
    assert answer.json()["connector_status"] == "Active"
