"""/pipelines: CRUD, envelopes, embedded objects, the topic prefix, tags, filters, referential safety."""

from __future__ import annotations

from typing import Any

import pytest

from tests.simulator.state import DEVELOPMENT_TAG_ID

from .conftest import Api, pipeline_body, source_body

UNKNOWN_ID = "0123456789abcdef01234567"


@pytest.fixture
def ends(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """A PostgreSQL source publishing public.orders and public.customers, and a Snowflake destination."""
    return api.create("orders-pg"), api.create_destination("analytics")


def test_create_answers_full_embedded_objects_and_prefixed_topics(api: Api, ends) -> None:
    source, destination = ends
    pipeline = api.create_pipeline(
        "orders-to-snowflake",
        source=source,
        destination=destination,
        topics=["public.orders"],
        snapshot_new_tables=True,
    )
    prefix = f"source_{source['id']}."
    assert pipeline["name"] == "orders-to-snowflake"
    assert pipeline["snapshot_new_tables"] is True
    assert pipeline["source"]["topics"] == [f"{prefix}public.orders"]
    assert pipeline["topic_ids"] == [f"{prefix}public.orders"]
    assert pipeline["source"]["id"] == source["id"]
    assert pipeline["source"]["config"]["database.hostname"] == "db.example.internal"
    assert "database.password" not in pipeline["source"]["config"]
    assert pipeline["destination"]["config"]["snowflake.database.name"] == "ANALYTICS"
    assert "snowflake.private.key" not in pipeline["destination"]["config"]
    assert pipeline["transforms"] == [] and pipeline["topic_auto_discovery_transforms"] == []
    assert set(pipeline["periodic_audit"]) == {
        "topics",
        "timestamp_column",
        "interval_minutes",
        "fix_deletes_only",
    }


def test_secret_returned_shows_embedded_secrets(api: Api, ends) -> None:
    source, destination = ends
    pipeline = api.create_pipeline("p", source=source, destination=destination)
    shown = api.read(pipeline["id"], "pipelines", secret_returned="true")
    assert shown["source"]["config"]["database.password"] == "sample-password"
    assert shown["destination"]["config"]["snowflake.private.key"] == "sample-private-key"


def test_snapshot_new_tables_defaults_to_false_and_topics_accept_the_prefix(api: Api, ends) -> None:
    source, destination = ends
    prefixed = [f"source_{source['id']}.public.customers"]
    pipeline = api.create_pipeline("p", source=source, destination=destination, topics=prefixed)
    assert pipeline["snapshot_new_tables"] is False
    assert pipeline["topics"] == prefixed
    record = api.hook("GET", f"/pipelines/{pipeline['id']}").json()
    assert record["topics"] == ["public.customers"]


def test_destination_answers_the_topics_of_its_pipelines(api: Api, ends) -> None:
    source, destination = ends
    api.create_pipeline("p", source=source, destination=destination, topics=["public.orders"])
    assert api.read(destination["id"], "destinations")["topics"] == [f"source_{source['id']}.public.orders"]


def test_no_tags_gives_the_development_tag_and_empty_list_gives_none(api: Api, ends) -> None:
    source, destination = ends
    assert api.create_pipeline("untagged", source=source, destination=destination)["tags"] == [
        DEVELOPMENT_TAG_ID
    ]
    assert api.create_pipeline("bare", source=source, destination=destination, tags=[])["tags"] == []
    tag = api.create_tag("prod")
    tagged = api.create_pipeline("tagged", source=source, destination=destination, tags=[tag["id"]])
    assert tagged["tags"] == [tag["id"]]
    body = pipeline_body("tagged", source, destination)
    assert api.put(f"/pipelines/{tagged['id']}", json=body).json()["tags"] == [tag["id"]]
    cleared = api.put(
        f"/pipelines/{tagged['id']}", json=pipeline_body("tagged", source, destination, tags=[])
    )
    assert cleared.json()["tags"] == []
    unknown = api.post("/pipelines", json=pipeline_body("bad", source, destination, tags=["nosuch-tag"]))
    assert unknown.status_code == 422 and "nosuch-tag" in unknown.json()["detail"]


def test_missing_source_or_destination_is_named(api: Api, ends) -> None:
    source, destination = ends
    ghost = {"id": UNKNOWN_ID, "name": "ghost", "connector": "postgresql", "topics": []}
    no_source = api.post("/pipelines", json=pipeline_body("p", ghost, destination, topics=[]))
    assert no_source.status_code == 422 and UNKNOWN_ID in no_source.json()["detail"]
    assert "Source" in no_source.json()["detail"]
    no_destination = api.post(
        "/pipelines", json=pipeline_body("p", source, dict(ghost, connector="snowflake"))
    )
    assert no_destination.status_code == 422 and "Destination" in no_destination.json()["detail"]
    missing_field = api.post("/pipelines", json={"name": "p", "source": {"id": source["id"]}})
    assert missing_field.status_code == 422 and isinstance(missing_field.json()["detail"], list)


def test_a_topic_the_source_does_not_publish_is_named(api: Api, ends) -> None:
    source, destination = ends
    answer = api.post("/pipelines", json=pipeline_body("p", source, destination, topics=["public.nosuch"]))
    assert answer.status_code == 422 and "public.nosuch" in answer.json()["detail"]


def test_name_uniqueness(api: Api, ends) -> None:
    source, destination = ends
    api.create_pipeline("p", source=source, destination=destination)
    again = api.post("/pipelines", json=pipeline_body("p", source, destination))
    assert again.status_code == 422 and "already exists" in again.json()["detail"]


def test_get_by_id_is_the_list_envelope(api: Api, ends) -> None:
    source, destination = ends
    pipeline = api.create_pipeline("p", source=source, destination=destination)
    answer = api.get(f"/pipelines/{pipeline['id']}").json()
    assert answer["total"] == 1 and [item["id"] for item in answer["result"]] == [pipeline["id"]]
    assert api.get(f"/pipelines/{UNKNOWN_ID}").json()["result"] == []


def test_update_topics_snapshot_and_name(api: Api, ends) -> None:
    source, destination = ends
    pipeline = api.create_pipeline("p", source=source, destination=destination, topics=["public.orders"])
    transforms = [
        {
            "id": "t1",
            "name": "mask",
            "start_time": None,
            "topic": "public.orders",
            "topic_id": f"source_{source['id']}.public.orders",
        }
    ]
    body = pipeline_body("p2", source, destination, snapshot_new_tables=True, transforms=transforms)
    answer = api.put(f"/pipelines/{pipeline['id']}", json=body)
    assert answer.status_code == 200, answer.text
    updated = answer.json()
    assert updated["name"] == "p2" and updated["snapshot_new_tables"] is True
    assert sorted(updated["topics"]) == sorted(source["topics"])
    assert updated["transforms"] == transforms
    assert api.put(f"/pipelines/{UNKNOWN_ID}", json=body).status_code == 404


def test_update_refuses_another_source_or_destination(api: Api, ends) -> None:
    source, destination = ends
    pipeline = api.create_pipeline("p", source=source, destination=destination)
    other_source = api.create("other-pg")
    other_destination = api.create_destination("other-dest", "kafka")
    for body, field in (
        (pipeline_body("p", other_source, destination), "source"),
        (pipeline_body("p", source, other_destination), "destination"),
    ):
        answer = api.put(f"/pipelines/{pipeline['id']}", json=body)
        assert answer.status_code == 422
        assert f"Field '{field}' cannot be changed" in answer.json()["detail"]


def test_list_filters(api: Api, ends) -> None:
    source, destination = ends
    other_source = api.create("other-pg")
    other_destination = api.create_destination("lake", "s3")
    tag = api.create_tag("prod")
    api.create_pipeline("a-orders", source=source, destination=destination, tags=[tag["id"]])
    api.create_pipeline("b-orders", source=source, destination=other_destination)
    api.create_pipeline("c-other", source=other_source, destination=destination)

    def names(**params: Any) -> list[str]:
        answer = api.get("/pipelines", params=params)
        assert answer.status_code == 200, answer.text
        return sorted(item["name"] for item in answer.json()["result"])

    assert names(source_id=source["id"]) == ["a-orders", "b-orders"]
    assert names(destination_id=destination["id"]) == ["a-orders", "c-other"]
    assert names(partial_name="ORDERS", destination_id=other_destination["id"]) == ["b-orders"]
    assert names(tag_ids=tag["id"]) == ["a-orders"]
    assert names(tag_ids=f"{tag['id']},{DEVELOPMENT_TAG_ID}") == ["a-orders", "b-orders", "c-other"]
    assert names(status="Active") == ["a-orders", "b-orders", "c-other"]
    assert names(status="Paused") == []
    paged = api.get("/pipelines", params={"page_size": 2}).json()
    assert (paged["total"], len(paged["result"]), paged["has_next"]) == (3, 2, True)


@pytest.mark.parametrize("kind", ["sources", "destinations"])
def test_delete_of_a_used_source_or_destination_is_refused_naming_the_pipeline(
    api: Api, ends, kind: str
) -> None:
    source, destination = ends
    pipeline = api.create_pipeline("orders-to-snowflake", source=source, destination=destination)
    used = source if kind == "sources" else destination
    refused = api.delete(f"/{kind}/{used['id']}")
    assert refused.status_code == 409
    assert f"orders-to-snowflake ({pipeline['id']})" in refused.json()["detail"]
    assert api.read(used["id"], kind)["connector_status"] == "Active"
    assert api.delete(f"/pipelines/{pipeline['id']}").status_code == 200
    assert api.delete(f"/{kind}/{used['id']}").status_code == 200


def test_delete_answers_the_pipeline_then_it_is_gone(api: Api, ends) -> None:
    source, destination = ends
    pipeline = api.create_pipeline("p", source=source, destination=destination)
    answer = api.delete(f"/pipelines/{pipeline['id']}")
    assert answer.status_code == 200 and answer.json()["id"] == pipeline["id"]
    assert api.read(pipeline["id"], "pipelines") is None
    assert api.delete(f"/pipelines/{pipeline['id']}").status_code == 404
    assert api.create_pipeline("p", source=source, destination=destination)["name"] == "p"


def test_wait_false_update_reads_pending_update(api: Api, ends) -> None:
    source, destination = ends
    api.settings(status_delay=5)
    pipeline = api.create_pipeline("p", source=source, destination=destination)
    assert pipeline["connector_status"] == "Pending"
    quick = api.put(
        f"/pipelines/{pipeline['id']}", params={"wait": "false"}, json=pipeline_body("p", source, destination)
    )
    assert quick.json()["connector_status"] == "Pending Update"


def test_seed_pipelines_creates_their_ends(api: Api) -> None:
    seeded = api.hook("POST", "/seed", json={"kind": "pipelines", "count": 2, "prefix": "bulk-"}).json()
    assert seeded["created"] == 2
    pipelines = api.get("/pipelines").json()["result"]
    assert sorted(item["name"] for item in pipelines) == ["bulk-1", "bulk-2"]
    assert {item["source"]["name"] for item in pipelines} == {"bulk-source"}
    assert {item["destination"]["name"] for item in pipelines} == {"bulk-destination"}
    again = api.hook("POST", "/seed", json={"kind": "pipelines", "count": 1, "prefix": "bulk-"}).json()
    assert again["created"] == 1
    assert api.get("/sources", params={"partial_name": "bulk-"}).json()["total"] == 1


def test_topic_details_list_the_source_topics(api: Api) -> None:
    source = api.post("/sources", json=source_body("orders-pg")).json()
    answer = api.get("/topics/details", params={"entity_type": "sources", "entity_id": source["id"]})
    assert answer.status_code == 200, answer.text
    items = answer.json()["result"]
    assert sorted(item["id"] for item in items) == sorted(source["topics"])
    assert {item["name"] for item in items} == {"public.orders", "public.customers"}
    assert {item["prefix"] for item in items} == {f"source_{source['id']}"}
    empty = api.get("/topics/details", params={"entity_type": "sources", "entity_id": UNKNOWN_ID})
    assert empty.json()["result"] == []
