"""/destinations: CRUD, envelopes, schemas, secrets, name uniqueness, filters, status, request log."""

from __future__ import annotations

import re

import pytest

from tests.simulator.destination_connectors import DESTINATION_KEYS, DESTINATION_SAMPLE_CONFIGS

from .conftest import Api, destination_body

# Required and secret keys of the contract's destination table.
CONTRACT_REQUIRED = {
    "snowflake": {
        "snowflake.url.name",
        "snowflake.user.name",
        "snowflake.private.key",
        "snowflake.database.name",
        "snowflake.schema.name",
    },
    "clickhouse": {"hostname", "connection.username", "connection.password", "database"},
    "postgresql": {
        "database.hostname.user.defined",
        "database.database.user.defined",
        "connection.username",
        "connection.password",
        "table.name.prefix",
    },
    "databricks": {"connection.url.user.defined", "databricks.token"},
    "bigquery": {"keyfile", "defaultDataset"},
    "s3": {"aws.access.key.id", "aws.secret.access.key", "aws.s3.bucket.name"},
    "iceberg": {"iceberg.catalog.warehouse", "table.name.prefix"},
    "kafka": {"kafka.sink.bootstrap"},
}
CONTRACT_SECRETS = {
    "snowflake": {"snowflake.private.key", "snowflake.private.key.passphrase"},
    "clickhouse": {"connection.password"},
    "postgresql": {"connection.password"},
    "databricks": {"databricks.token"},
    "bigquery": {"keyfile"},
    "s3": {"aws.secret.access.key"},
    "iceberg": {"iceberg.catalog.token", "iceberg.catalog.credential"},
    "kafka": set(),
}


@pytest.mark.parametrize("code", sorted(CONTRACT_REQUIRED))
def test_schema_lists_the_contract_required_and_secret_keys(api: Api, code: str) -> None:
    answer = api.get("/destinations/connectors", params={"connector_code": code})
    assert answer.status_code == 200, answer.text
    (properties,) = answer.json().values()
    required = {prop["name"] for prop in properties if prop["required"] and prop["user_defined"]}
    secret = {prop["name"] for prop in properties if prop["encrypt"]}
    assert required == CONTRACT_REQUIRED[code]
    assert CONTRACT_SECRETS[code] <= secret  # the provider's key table may know more secrets
    assert all(prop["value"]["control"] == "password" for prop in properties if prop["encrypt"])


def test_every_connector_code_of_the_contract_has_a_schema(api: Api) -> None:
    codes = (
        "snowflake clickhouse databricks bigquery postgresql mysql sqlserver oracle db2 cockroachdb redshift "
        "s3 gcs azblob r2 iceberg kafka kafkadirect httpsink motherduck pinecone redis starburst weaviate"
    ).split()
    for code in codes:
        answer = api.get("/destinations/connectors", params={"connector_code": code})
        assert answer.status_code == 200, (code, answer.text)


def test_unknown_destination_connector_schema_is_404(api: Api) -> None:
    answer = api.get("/destinations/connectors", params={"connector_code": "nosuch"})
    assert answer.status_code == 404
    assert "nosuch" in answer.json()["detail"]


@pytest.mark.parametrize("code", sorted(DESTINATION_KEYS))
def test_every_sample_config_creates(api: Api, code: str) -> None:
    destination = api.create_destination(f"dest-{code}", code)
    assert destination["connector"] == code
    assert destination["connector_status"] == "Active"


def test_create_answers_the_destination_object_without_service_id(api: Api) -> None:
    destination = api.create_destination("warehouse", created_from="terraform")
    assert re.fullmatch(r"[0-9a-f]{24}", destination["id"])
    assert "service_id" not in destination
    assert {"tenant_id", "sub_id", "kc_cluster_id", "config", "topics", "topic_ids", "tags"} <= set(
        destination
    )
    assert destination["connector_display_name"] == "Snowflake"
    assert destination["tags"] == []
    record = api.hook("GET", f"/destinations/{destination['id']}").json()
    assert record["created_from"] == "terraform"


def test_answers_string_encode_and_fill_defaults(api: Api) -> None:
    config = dict(DESTINATION_SAMPLE_CONFIGS["clickhouse"], port=9440, ssl=False)
    destination = api.create_destination("ch", "clickhouse", config=config)
    assert destination["config"]["port"] == "9440"
    assert destination["config"]["ssl"] == "false"
    assert destination["config"]["ingestion.mode"] == "upsert"


def test_secrets_withheld_unless_asked(api: Api) -> None:
    destination = api.create_destination("warehouse")
    assert "snowflake.private.key" not in destination["config"]
    listed = api.get("/destinations", params={"partial_name": "warehouse"}).json()["result"][0]
    assert "snowflake.private.key" not in listed["config"]
    shown = api.read(destination["id"], "destinations", secret_returned="true")
    assert shown["config"]["snowflake.private.key"] == "sample-private-key"


def test_secret_style_mask_applies_to_destinations(api: Api) -> None:
    api.settings(secret_style="mask")
    destination = api.create_destination("warehouse")
    assert destination["config"]["snowflake.private.key"] == "********"


def test_request_log_masks_destination_secrets(api: Api) -> None:
    api.create_destination("warehouse")
    (entry,) = [entry for entry in api.hook("GET", "/requests").json() if entry["path"] == "/destinations"]
    assert entry["body"]["config"]["snowflake.private.key"] == "********"
    assert entry["body"]["config"]["snowflake.user.name"] == "STREAMKAP_USER"


def test_missing_required_and_unknown_keys_are_named(api: Api) -> None:
    config = dict(DESTINATION_SAMPLE_CONFIGS["s3"])
    del config["aws.s3.bucket.name"]
    config["nosuch.key"] = "x"
    answer = api.post("/destinations", json=destination_body("bad", "s3", config=config))
    assert answer.status_code == 422
    assert "aws.s3.bucket.name" in answer.json()["detail"]
    assert "nosuch.key" in answer.json()["detail"]


def test_choices_are_enforced(api: Api) -> None:
    config = dict(DESTINATION_SAMPLE_CONFIGS["snowflake"], **{"ingestion.mode": "merge"})
    answer = api.post("/destinations", json=destination_body("bad", config=config))
    assert answer.status_code == 422
    assert "ingestion.mode" in answer.json()["detail"]


def test_name_is_unique_among_destinations_only(api: Api) -> None:
    api.create_destination("shared")
    again = api.post("/destinations", json=destination_body("shared", "kafka"))
    assert again.status_code == 422
    assert "already exists" in again.json()["detail"]
    assert api.create("shared")["name"] == "shared"


def test_get_by_id_answers_the_list_envelope(api: Api) -> None:
    destination = api.create_destination("warehouse")
    answer = api.get(f"/destinations/{destination['id']}").json()
    assert set(answer) >= {"result", "total", "page", "page_size"}
    assert [item["id"] for item in answer["result"]] == [destination["id"]]
    assert api.get("/destinations/0123456789abcdef01234567").json()["result"] == []


def test_list_filters_and_pages(api: Api) -> None:
    for index in range(3):
        api.create_destination(f"snow-{index}")
    api.create_destination("lake", "s3")
    api.create("snow-source")
    snow = api.get("/destinations", params={"connector": "snowflake", "page_size": 2}).json()
    assert snow["total"] == 3 and len(snow["result"]) == 2 and snow["has_next"]
    mixed = api.get("/destinations", params={"connector": "snowflake,s3", "page_size": 100}).json()
    assert mixed["total"] == 4
    lake = api.get("/destinations", params={"partial_name": "LAK"}).json()["result"]
    assert [item["name"] for item in lake] == ["lake"]
    by_id = api.get("/destinations", params={"id": lake[0]["id"]}).json()["result"]
    assert [item["name"] for item in by_id] == ["lake"]
    assert api.get("/destinations", params={"status": "broken"}).json()["total"] == 0
    assert api.get("/destinations", params={"status": "Active,Broken"}).json()["total"] == 4
    assert api.get("/destinations", params={"page_size": 101}).status_code == 422


def test_put_replaces_config_keeps_withheld_secrets_and_waits_by_default(api: Api) -> None:
    api.settings(status_delay=0.4)
    destination = api.create_destination(
        "warehouse", config=dict(DESTINATION_SAMPLE_CONFIGS["snowflake"], **{"snowflake.role.name": "LOADER"})
    )
    config = {
        key: value
        for key, value in DESTINATION_SAMPLE_CONFIGS["snowflake"].items()
        if key != "snowflake.private.key"
    }
    answer = api.put(f"/destinations/{destination['id']}", json=destination_body("renamed", config=config))
    assert answer.status_code == 200, answer.text
    updated = answer.json()
    assert updated["name"] == "renamed"
    assert updated["connector_status"] == "Active"
    assert updated["config"]["snowflake.role.name"] == "STREAMKAP_ROLE"
    shown = api.read(destination["id"], "destinations", secret_returned="true")
    assert shown["config"]["snowflake.private.key"] == "sample-private-key"
    quick = api.put(
        f"/destinations/{destination['id']}", params={"wait": "false"}, json=destination_body("renamed")
    )
    assert quick.json()["connector_status"] == "Pending Update"


def test_put_refuses_a_connector_change_and_unknown_ids(api: Api) -> None:
    destination = api.create_destination("warehouse")
    changed = api.put(f"/destinations/{destination['id']}", json=destination_body("warehouse", "kafka"))
    assert changed.status_code == 422 and "connector" in changed.json()["detail"]
    missing = api.put("/destinations/0123456789abcdef01234567", json=destination_body())
    assert missing.status_code == 404


def test_delete_answers_the_object_then_it_is_gone(api: Api) -> None:
    destination = api.create_destination("warehouse")
    answer = api.delete(f"/destinations/{destination['id']}")
    assert answer.status_code == 200 and answer.json()["id"] == destination["id"]
    assert api.read(destination["id"], "destinations") is None
    assert api.delete(f"/destinations/{destination['id']}").status_code == 404


def test_delete_delay_shows_pending_delete_and_blocks_the_name(api: Api) -> None:
    api.settings(delete_delay=5)
    destination = api.create_destination("warehouse")
    api.delete(f"/destinations/{destination['id']}")
    assert api.read(destination["id"], "destinations")["connector_status"] == "Pending Delete"
    assert api.post("/destinations", json=destination_body("warehouse")).status_code == 422


def test_status_machine_and_broken_hook(api: Api) -> None:
    api.settings(status_delay=5)
    destination = api.create_destination("warehouse")
    assert destination["connector_status"] == "Pending"
    broken = api.hook("POST", f"/destinations/{destination['id']}/broken", json={"trace": "boom"}).json()
    assert broken["connector_status"] == "Broken"
    assert broken["task_statuses"]["0"]["trace"] == "boom"
    deployed = api.post(f"/destinations/{destination['id']}/deploy").json()
    assert deployed["connector_status"] != "Broken"


def test_seed_creates_destinations(api: Api) -> None:
    seeded = api.hook(
        "POST", "/seed", json={"kind": "destinations", "count": 3, "connector": "clickhouse"}
    ).json()
    assert seeded["created"] == 3
    listed = api.get("/destinations", params={"connector": "clickhouse"}).json()
    assert sorted(item["name"] for item in listed["result"]) == ["seed-1", "seed-2", "seed-3"]


def test_reset_clears_destinations(api: Api) -> None:
    api.create_destination("warehouse")
    api.hook("POST", "/reset")
    assert api.get("/destinations").json()["total"] == 0
