"""/tags: the {"tags": [...]} answers, filters, validation, system tag protection, tags on entities."""

from __future__ import annotations

import pytest

from tests.simulator.state import DEVELOPMENT_TAG_ID

from .conftest import Api, destination_body, source_body

TAG_FIELDS = {"id", "name", "description", "type", "system", "custom"}


def _tags(answer) -> list[dict]:
    assert answer.status_code == 200, answer.text
    return answer.json()["tags"]


def test_the_development_system_tag_is_there_from_the_start(api: Api) -> None:
    (tag,) = _tags(api.get(f"/tags/{DEVELOPMENT_TAG_ID}"))
    assert set(tag) == TAG_FIELDS
    assert (tag["name"], tag["system"], tag["custom"]) == ("Development", True, False)
    assert [tag["id"] for tag in _tags(api.get("/tags"))] == [DEVELOPMENT_TAG_ID]


def test_create_answers_the_tag_and_get_finds_it(api: Api) -> None:
    tag = api.create_tag("prod", ("environment", "sources"))
    assert set(tag) == TAG_FIELDS
    assert (tag["name"], tag["type"], tag["system"], tag["custom"]) == (
        "prod",
        ["environment", "sources"],
        False,
        True,
    )
    assert _tags(api.get(f"/tags/{tag['id']}")) == [tag]
    assert _tags(api.get("/tags/0123456789abcdef01234567")) == []


def test_a_taken_name_already_exists(api: Api) -> None:
    api.create_tag("prod")
    again = api.post("/tags", json={"name": "prod", "type": ["general"]})
    assert again.status_code == 422 and "already exists" in again.json()["detail"]
    system = api.post("/tags", json={"name": "Development", "type": ["general"]})
    assert system.status_code == 422 and "already exists" in system.json()["detail"]


@pytest.mark.parametrize("types", [["nosuch"], [], ["sources", "widgets"]])
def test_types_are_validated(api: Api, types: list[str]) -> None:
    answer = api.post("/tags", json={"name": "bad", "type": types})
    assert answer.status_code == 422
    assert "environment" in answer.json()["detail"]


def test_filters_by_name_type_and_ids(api: Api) -> None:
    prod = api.create_tag("prod", ("environment",))
    product = api.create_tag("product-team", ("sources",))
    api.create_tag("billing", ("pipelines",))
    assert {tag["name"] for tag in _tags(api.get("/tags", params={"tag_name": "PROD"}))} == {
        "prod",
        "product-team",
    }
    by_type = _tags(api.get("/tags", params=[("tag_type", "sources"), ("tag_type", "pipelines")]))
    assert {tag["name"] for tag in by_type} == {"product-team", "billing"}
    environment = {tag["name"] for tag in _tags(api.get("/tags", params={"tag_type": "environment"}))}
    assert environment == {"prod", "Development"}
    ids = _tags(api.get("/tags", params={"tag_ids": f"{prod['id']},{product['id']}"}))
    assert {tag["name"] for tag in ids} == {"prod", "product-team"}
    searched = _tags(api.post("/tags/search", json={"tag_ids": [prod["id"], DEVELOPMENT_TAG_ID]}))
    assert {tag["name"] for tag in searched} == {"prod", "Development"}


def test_update_changes_the_given_fields(api: Api) -> None:
    tag = api.create_tag("prod")
    answer = api.put(f"/tags/{tag['id']}", json={"description": "production", "type": ["environment"]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == "prod"
    assert (answer.json()["description"], answer.json()["type"]) == ("production", ["environment"])
    api.create_tag("staging")
    clash = api.put(f"/tags/{tag['id']}", json={"name": "staging"})
    assert clash.status_code == 422 and "already exists" in clash.json()["detail"]
    assert api.put("/tags/0123456789abcdef01234567", json={"name": "x"}).status_code == 404


def test_system_tags_cannot_be_changed_or_deleted(api: Api) -> None:
    for answer in (
        api.put(f"/tags/{DEVELOPMENT_TAG_ID}", json={"name": "Dev"}),
        api.delete(f"/tags/{DEVELOPMENT_TAG_ID}"),
    ):
        assert answer.status_code == 403
        assert "system tag" in answer.json()["detail"]
    assert _tags(api.get(f"/tags/{DEVELOPMENT_TAG_ID}"))[0]["name"] == "Development"


def test_delete_removes_the_tag_and_takes_it_off_entities(api: Api) -> None:
    tag = api.create_tag("prod")
    source = api.create("orders", tags=[tag["id"]])
    answer = api.delete(f"/tags/{tag['id']}")
    assert answer.status_code == 200 and answer.json()["id"] == tag["id"]
    assert _tags(api.get(f"/tags/{tag['id']}")) == []
    assert api.read(source["id"])["tags"] == []
    assert api.delete(f"/tags/{tag['id']}").status_code == 404


def test_reset_restores_only_the_system_tag(api: Api) -> None:
    api.create_tag("prod")
    api.hook("POST", "/reset")
    assert [tag["name"] for tag in _tags(api.get("/tags"))] == ["Development"]


@pytest.mark.parametrize("kind", ["sources", "destinations"])
def test_entity_tags_empty_list_clears_and_absent_leaves(api: Api, kind: str) -> None:
    make_body = source_body if kind == "sources" else destination_body
    prod, team = api.create_tag("prod"), api.create_tag("team")
    created = api.post(f"/{kind}", json=make_body("tagged", tags=[prod["id"], team["id"]])).json()
    assert created["tags"] == [prod["id"], team["id"]]
    body = make_body("tagged")
    body.pop("tags", None)
    assert api.put(f"/{kind}/{created['id']}", json=body).json()["tags"] == [prod["id"], team["id"]]
    assert api.put(f"/{kind}/{created['id']}", json=make_body("tagged", tags=[team["id"]])).json()[
        "tags"
    ] == [team["id"]]
    assert api.put(f"/{kind}/{created['id']}", json=make_body("tagged", tags=[])).json()["tags"] == []
    assert api.read(created["id"], kind)["tags"] == []


@pytest.mark.parametrize("kind", ["sources", "destinations"])
def test_unknown_tag_ids_are_refused_naming_them(api: Api, kind: str) -> None:
    make_body = source_body if kind == "sources" else destination_body
    answer = api.post(f"/{kind}", json=make_body("tagged", tags=[DEVELOPMENT_TAG_ID, "nosuch-tag"]))
    assert answer.status_code == 422
    assert "nosuch-tag" in answer.json()["detail"] and DEVELOPMENT_TAG_ID not in answer.json()["detail"]
    assert api.get(f"/{kind}").json()["total"] == 0


def test_seed_tags(api: Api) -> None:
    seeded = api.hook("POST", "/seed", json={"kind": "tags", "count": 2, "prefix": "t-"}).json()
    assert seeded["created"] == 2
    assert {tag["name"] for tag in _tags(api.get("/tags", params={"tag_name": "t-"}))} == {"t-1", "t-2"}
