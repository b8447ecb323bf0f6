"""A tag's lifecycle: create, rerun silent, update, delete (and delete again, silent)."""
from __future__ import annotations

from tests.live.api import LiveApi
from tests.live.settings import LiveSettings


def test_a_tag_is_created_left_alone_updated_and_deleted(live: LiveSettings, api: LiveApi, playbook) -> None:
    name = f"{live.prefix}tag"
    run = playbook("tag_lifecycle.yml")
    assert run.rc == 0, run.output
    steps = run.results["msg"]

    created = steps["created"]
    assert created["changed"] is True
    assert (created["tag"]["name"], created["tag"]["description"]) == (name, "created by the live suite")
    assert steps["again"]["changed"] is False
    assert steps["again"]["tag"]["id"] == created["tag"]["id"]
    assert steps["updated"]["changed"] is True
    assert [(tag["id"], tag["description"]) for tag in steps["read"]["tags"]] == \
        [(created["tag"]["id"], "updated by the live suite")]
    assert steps["deleted"]["changed"] is True
    assert steps["deleted_again"]["changed"] is False
    assert api.named("tags", name) == []
