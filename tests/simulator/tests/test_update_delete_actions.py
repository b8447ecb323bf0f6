"""PUT, DELETE, actions and the lazy status machine."""

from __future__ import annotations

import time
from typing import Any

from .conftest import Api, sample_config


def _put(api: Api, source: dict[str, Any], **changes: Any) -> Any:
    body = {
        "name": source["name"],
        "connector": source["connector"],
        "config": sample_config(source["connector"]),
    }
    body.update(changes)
    return api.put(f"/sources/{source['id']}", json=body)


def test_put_replaces_the_user_config(api: Api) -> None:
    source = api.create("orders", config=sample_config(**{"heartbeat.enabled": False}))
    config = sample_config(**{"database.dbname": "other", "table.include.list.user.defined": "public.items"})
    answer = _put(api, source, config=config)
    assert answer.status_code == 200, answer.text
    updated = api.read(source["id"])
    assert updated["config"]["database.dbname"] == "other"
    assert updated["config"]["heartbeat.enabled"] == "true"  # left out -> back to its default
    assert updated["topics"] == [f"source_{source['id']}.public.items"]


def test_put_answers_pending_update_then_settles(api: Api) -> None:
    source = api.create("orders")
    answer = _put(api, source).json()
    assert answer["connector_status"] == "Pending Update"
    assert api.read(source["id"])["connector_status"] == "Active"


def test_put_pending_update_lasts_the_status_delay(api: Api) -> None:
    source = api.create("orders")
    api.settings(status_delay=0.3)
    assert _put(api, source).json()["connector_status"] == "Pending Update"
    assert api.read(source["id"])["connector_status"] == "Pending Update"
    time.sleep(0.35)
    assert api.read(source["id"])["connector_status"] == "Active"
    assert _put(api, source, config=sample_config(), name="orders").status_code == 200
    waited = api.put(
        f"/sources/{source['id']}",
        params={"wait": "true"},
        json={"name": "orders", "connector": "postgresql", "config": sample_config()},
    ).json()
    assert waited["connector_status"] == "Active"


def test_put_validates_config_like_create(api: Api) -> None:
    source = api.create("orders")
    answer = _put(api, source, config=sample_config(**{"database.port.user.defined": "abc"}))
    assert answer.status_code == 422
    assert "'database.port.user.defined'" in answer.json()["detail"]


def test_put_keeps_a_secret_that_is_left_out(api: Api) -> None:
    source = api.create("orders")
    config = sample_config()
    del config["database.password"]
    assert _put(api, source, config=config).status_code == 200
    assert api.read(source["id"], secret_returned="true")["config"]["database.password"] == "sample-password"


def test_connector_cannot_change(api: Api) -> None:
    source = api.create("orders")
    answer = _put(api, source, connector="mysql", config=sample_config("mysql"))
    assert answer.status_code == 422
    assert "'connector'" in answer.json()["detail"]


def test_set_once_keys_cannot_change(api: Api) -> None:
    source = api.create("orders")
    for key in ("slot.name", "publication.name"):
        answer = _put(api, source, config=sample_config(**{key: "changed"}))
        assert answer.status_code == 422
        assert f"'{key}'" in answer.json()["detail"]
    mysql = api.create("my", "mysql", config=sample_config("mysql", **{"database.server.id": 1234}))
    same = _put(api, mysql, config=sample_config("mysql", **{"database.server.id": "1234"}))
    assert same.status_code == 200
    changed = _put(api, mysql, config=sample_config("mysql", **{"database.server.id": 99}))
    assert changed.status_code == 422
    assert "'database.server.id'" in changed.json()["detail"]


def test_rename_to_an_existing_name_is_refused(api: Api) -> None:
    api.create("taken")
    source = api.create("orders")
    answer = _put(api, source, name="taken")
    assert (answer.status_code, answer.json()["detail"]) == (422, "Source with name 'taken' already exists")
    assert _put(api, source, name="renamed").json()["name"] == "renamed"
    api.create("orders")  # the old name is free again


def test_put_unknown_id_is_404(api: Api) -> None:
    answer = api.put(
        "/sources/0123456789abcdef01234567", json={"name": "x", "connector": "postgresql", "config": {}}
    )
    assert answer.status_code == 404
    assert isinstance(answer.json()["detail"], str)


def test_put_honours_desired_state(api: Api) -> None:
    source = api.create("orders")
    _put(api, source, desired_state="Paused")
    assert api.read(source["id"])["connector_status"] == "Paused"


def test_delete_answers_the_object_and_removes_it(api: Api) -> None:
    source = api.create("orders")
    answer = api.delete(f"/sources/{source['id']}")
    assert answer.status_code == 200
    assert answer.json()["id"] == source["id"]
    assert answer.json()["connector_status"] == "Pending Delete"
    assert api.read(source["id"]) is None


def test_deleted_source_stays_pending_delete_for_the_delay(api: Api) -> None:
    api.settings(delete_delay=0.3)
    source = api.create("orders")
    api.delete(f"/sources/{source['id']}")
    pending = api.read(source["id"])
    assert (pending["connector_status"], pending["desired_state"]) == ("Pending Delete", "Pending Delete")
    assert api.get("/sources").json()["total"] == 1
    time.sleep(0.35)
    assert api.read(source["id"]) is None
    assert api.get("/sources").json()["total"] == 0


def test_delete_unknown_id_is_404(api: Api) -> None:
    answer = api.delete("/sources/0123456789abcdef01234567")
    assert answer.status_code == 404
    assert isinstance(answer.json()["detail"], str)


def test_actions_change_the_state(api: Api) -> None:
    source = api.create("orders")
    path = f"/sources/{source['id']}/actions"
    paused = api.post(f"{path}/pause").json()
    assert (paused["connector_status"], paused["desired_state"], paused["id"]) == (
        "Paused",
        "Paused",
        source["id"],
    )
    assert api.post(f"{path}/stop").json()["connector_status"] == "Stopped"
    assert api.read(source["id"])["desired_state"] == "Stopped"
    resumed = api.post(f"{path}/resume").json()
    assert (resumed["connector_status"], resumed["desired_state"]) == ("Active", "Active")
    assert api.post(f"{path}/restart").json()["connector_status"] == "Active"


def test_unknown_action_is_422_and_unknown_id_404(api: Api) -> None:
    source = api.create("orders")
    unknown = api.post(f"/sources/{source['id']}/actions/explode")
    assert unknown.status_code == 422
    assert "explode" in unknown.json()["detail"]
    assert api.post("/sources/0123456789abcdef01234567/actions/pause").status_code == 404


def test_status_goes_pending_starting_active_over_the_delay(api: Api) -> None:
    api.settings(status_delay=0.6)
    source = api.create("orders")
    assert source["connector_status"] == "Pending"
    assert source["task_statuses"]["0"]["status"] == "UNASSIGNED"
    time.sleep(0.4)
    assert api.read(source["id"])["connector_status"] == "Starting"
    time.sleep(0.3)
    assert api.read(source["id"])["connector_status"] == "Active"
    api.post(f"/sources/{source['id']}/actions/pause")
    resumed = api.post(f"/sources/{source['id']}/actions/resume").json()
    assert resumed["connector_status"] == "Pending"


def test_broken_source_shows_a_failure_trace_until_restarted(api: Api) -> None:
    source = api.create("orders")
    forced = api.hook("POST", f"/sources/{source['id']}/broken", json={"trace": "boom: connector failed"})
    assert forced.status_code == 200
    broken = api.read(source["id"])
    assert broken["connector_status"] == "Broken"
    assert broken["task_statuses"]["0"] == {
        "status": "FAILED",
        "worker_id": "kc-worker-0:8083",
        "trace": "boom: connector failed",
    }
    assert api.get("/sources", params={"status": "Broken"}).json()["total"] == 1
    assert api.post(f"/sources/{source['id']}/actions/restart").json()["connector_status"] == "Active"


def test_a_source_being_deleted_refuses_changes_and_blocks_its_name(api: Api) -> None:
    api.settings(delete_delay=5)
    source = api.create("orders")
    api.delete(f"/sources/{source['id']}")
    assert _put(api, source).status_code == 409
    assert api.post(f"/sources/{source['id']}/actions/pause").status_code == 409
    assert (
        api.post(
            "/sources", json={"name": "orders", "connector": "postgresql", "config": sample_config()}
        ).status_code
        == 422
    )


def test_delete_with_wait_answers_once_gone(api: Api) -> None:
    api.settings(delete_delay=0.2)
    source = api.create("orders")
    answer = api.delete(f"/sources/{source['id']}", params={"wait": "true"})
    assert answer.json()["connector_status"] == "Pending Delete"
    assert api.read(source["id"]) is None
