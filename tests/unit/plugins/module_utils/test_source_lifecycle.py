# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The source service beyond creation: drift, rename, secrets, validation, delete, actions, wait, diff."""

from __future__ import annotations

import json
import typing as t

import pytest
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.config import SECRET_MASK, SECRET_NOT_SENT
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import default_target_status as target_status
from ansible_collections.streamkap.cloud.plugins.module_utils.waiter import describe_task_statuses
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SourceService, SourceSpec, SourceStateError, state_action
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, answer_schema, calls_to, list_page, make_source, schema_prop, source_params, source_spec

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
CONFIG = {
    "database.hostname.user.defined": "db.example.com",
    "database.port.user.defined": 5432,
    "database.user": "streamkap",
    "database.password": DB_PASSWORD,
    "heartbeat.enabled": True,
}
# CONFIG as the API answers it: string-encoded, the password omitted, a computed key and defaults added.
API_CONFIG = {
    "database.hostname.user.defined": "db.example.com",
    "database.hostname": "db.example.com",
    "database.port.user.defined": "5432",
    "database.user": "streamkap",
    "heartbeat.enabled": "true",
    "slot.name": "streamkap_pgoutput_slot",
    "publication.name": "streamkap_pub",
    "database.sslmode": "require",
}


class FakeTime:
    """A clock that advances only when the service sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def registered() -> list[str]:
    return []


@pytest.fixture
def service(fake_time: FakeTime, registered: list[str]) -> SourceService:
    return SourceService(
        StreamkapClient(api_url=API_URL, access_token=TOKEN),
        register_secrets=registered.extend,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
    )


def spec(**overrides: t.Any) -> SourceSpec:
    fields: dict[str, t.Any] = {"name": "orders", "connector": "postgresql", "config": dict(CONFIG), "wait_interval": 2, "wait_timeout": 30}
    fields.update(overrides)
    return source_spec(**fields)


def existing(**fields: t.Any) -> dict[str, t.Any]:
    fields.setdefault("config", dict(API_CONFIG))
    return make_source(fields.pop("name", "orders"), SOURCE_ID, **fields)


def answer_lookup(api, items: list[dict[str, t.Any]], secret_returned: str = "false") -> None:
    query = {"partial_name": "orders", "page": "1", "page_size": "100", "secret_returned": secret_returned}
    api.get(f"{API_URL}/sources", json=list_page(items), match=[matchers.query_param_matcher(query)])


def answer_get(api, *sources: dict[str, t.Any] | None, source_id: str = SOURCE_ID, status: int = 200) -> None:
    """Register GET /sources/{id} answers in order (None: an empty result)."""
    for source in sources:
        body = {"total": 0 if source is None else 1, "page": 1, "page_size": 10, "result": [] if source is None else [source]}
        api.get(f"{API_URL}/sources/{source_id}", json=body, status=status)


def sent_body(api, method: str, path: str, index: int = 0) -> dict[str, t.Any]:
    return json.loads(calls_to(api, method, path)[index].request.body)


def writes(api) -> list[t.Any]:
    return [call for call in api.calls if call.request.method in ("POST", "PUT", "DELETE")]


# --- drift and update ---

def test_drift_in_one_key_puts_the_full_user_config(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)
    updated = existing(config=dict(API_CONFIG, **{"database.port.user.defined": "5433"}), connector_status="Pending Update")
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=updated, match=[matchers.query_param_matcher({"secret_returned": "false", "wait": "false"})])

    result = service.ensure_present(spec(config=dict(CONFIG, **{"database.port.user.defined": 5433})))

    assert result["changed"] is True
    assert result["source"] == updated
    body = sent_body(api, "PUT", f"/sources/{SOURCE_ID}")
    assert body["name"] == "orders" and body["connector"] == "postgresql"
    # Current merged with desired: defaults the API filled in stay, the computed key and the withheld password do not.
    assert body["config"] == {
        "database.hostname.user.defined": "db.example.com",
        "database.port.user.defined": 5433,
        "database.user": "streamkap",
        "heartbeat.enabled": True,
        "slot.name": "streamkap_pgoutput_slot",
        "publication.name": "streamkap_pub",
        "database.sslmode": "require",
    }
    assert len(api.calls) == 3  # lookup, schema, PUT


def test_string_encoded_answers_are_no_drift_and_cost_one_request(api, service):
    answer_lookup(api, [existing()])

    result = service.ensure_present(spec())

    assert result == {"changed": False, "source": existing()}
    assert len(api.calls) == 1


def test_key_order_and_server_computed_keys_never_count(api, service):
    reordered = dict(reversed(list(API_CONFIG.items())), **{"snapshot.parallelism": "1"})
    answer_lookup(api, [existing(config=reordered)])

    assert service.ensure_present(spec())["changed"] is False


def test_rename_by_id_puts_the_new_name_without_a_name_lookup(api, service):
    answer_get(api, existing())
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=existing(name="orders-primary"))

    result = service.ensure_present(source_spec(id=SOURCE_ID, name="orders-primary"))

    assert result["changed"] is True
    assert result["source"]["name"] == "orders-primary"
    assert sent_body(api, "PUT", f"/sources/{SOURCE_ID}")["name"] == "orders-primary"
    assert not calls_to(api, "GET", "/sources")


def test_lookup_by_id_alone_is_one_request(api, service):
    answer_get(api, existing())

    result = service.ensure_present(source_spec(id=SOURCE_ID))

    assert result["changed"] is False
    assert len(api.calls) == 1


def test_lookup_by_id_accepts_a_bare_object(api, service):
    api.get(f"{API_URL}/sources/{SOURCE_ID}", json=existing())

    assert service.repository.get(SOURCE_ID)["id"] == SOURCE_ID


@pytest.mark.parametrize("status", [200, 404])
def test_unknown_id_cannot_be_created(api, service, status):
    if status == 404:
        api.get(f"{API_URL}/sources/{SOURCE_ID}", json={"detail": "not found"}, status=404)
    else:
        answer_get(api, None)

    with pytest.raises(StreamkapError, match=f"No source has id '{SOURCE_ID}'.*leave out id"):
        service.ensure_present(source_spec(id=SOURCE_ID, name="orders"))
    assert not writes(api)


def test_connector_change_is_refused_before_any_write(api, service):
    answer_lookup(api, [existing()])

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec(connector="mysql"))

    message = str(caught.value)
    assert "uses connector 'postgresql'" in message and "cannot change to 'mysql'" in message
    assert "delete the source (state=absent) and create it again" in message
    assert len(api.calls) == 1


@pytest.mark.parametrize("validate", [True, False])
def test_set_once_change_is_refused_before_any_write(api, service, validate):
    answer_lookup(api, [existing()])
    if validate:
        answer_schema(api)

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec(validate_config=validate, config=dict(CONFIG, **{"slot.name": "other_slot"})))

    assert "'slot.name' are set once at creation and cannot change" in str(caught.value)
    assert "create it again" in str(caught.value)
    assert not writes(api)


def test_set_once_key_flagged_by_the_schema_is_refused(api, service):
    props = [schema_prop("database.user"), schema_prop("database.hostname.user.defined"), schema_prop("tenant.code", set_once=True)]
    answer_lookup(api, [existing(config=dict(API_CONFIG, **{"tenant.code": "a"}))])
    answer_schema(api, props)

    with pytest.raises(StreamkapError, match="'tenant.code' are set once"):
        service.ensure_present(spec(config={"tenant.code": "b"}))
    assert not writes(api)


def test_same_set_once_value_is_fine(api, service):
    answer_lookup(api, [existing()])

    assert service.ensure_present(spec(config=dict(CONFIG, **{"slot.name": "streamkap_pgoutput_slot"})))["changed"] is False


# --- secrets ---

@pytest.mark.parametrize("withheld", ["omitted", None, "********"])
def test_withheld_secret_is_left_alone_on_create_policy(api, service, withheld):
    config = dict(API_CONFIG) if withheld == "omitted" else dict(API_CONFIG, **{"database.password": withheld})
    answer_lookup(api, [existing(config=config)])

    result = service.ensure_present(spec(update_secrets="on_create"))

    assert result["changed"] is False
    assert len(api.calls) == 1


def test_withheld_secret_is_sent_with_always_policy(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=existing())

    result = service.ensure_present(spec(update_secrets="always"))

    assert result["changed"] is True
    assert sent_body(api, "PUT", f"/sources/{SOURCE_ID}")["config"]["database.password"] == DB_PASSWORD


def test_on_create_policy_does_not_send_the_secret_with_another_change(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=existing())

    service.ensure_present(spec(config=dict(CONFIG, **{"database.user": "cdc"})))

    body = sent_body(api, "PUT", f"/sources/{SOURCE_ID}")
    assert body["config"]["database.user"] == "cdc"
    assert "database.password" not in body["config"]


@pytest.mark.parametrize(("returned", "changed"), [(DB_PASSWORD, False), ("old-password", True)])
def test_returned_secret_is_compared_like_any_key(api, service, returned, changed):
    answer_lookup(api, [existing(config=dict(API_CONFIG, **{"database.password": returned}))], secret_returned="true")
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=existing())

    result = service.ensure_present(spec(secret_returned=True))

    assert result["changed"] is changed
    assert bool(calls_to(api, "PUT", f"/sources/{SOURCE_ID}")) is changed


def test_schema_secrets_are_registered_and_masked(api, service, registered):
    answer_lookup(api, [])
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=make_source("orders", SOURCE_ID, config={"db.pin": "4711"}))

    result = service.ensure_present(spec(config=dict(CONFIG, **{"db.pin": 4711})))

    # db.pin does not look secret by its name; the schema's password control makes it one.
    assert "4711" in registered and DB_PASSWORD in registered
    assert result["source"]["config"]["db.pin"] == SECRET_MASK


# --- validation ---

@pytest.mark.parametrize(("config", "message"), [
    ({"database.hostnme.user.defined": "x"}, "unknown key 'database.hostnme.user.defined'; did you mean 'database.hostname.user.defined'?"),
    ({"database.hostname": "x"}, "'database.hostname' is computed by the service; set 'database.hostname.user.defined' instead"),
    ({"database.port.user.defined": "many"}, "'database.port.user.defined' must be a number; got 'many'"),
    ({"heartbeat.enabled": "maybe"}, "'heartbeat.enabled' must be a boolean (true or false); got 'maybe'"),
    ({"database.sslmode": "prefer"}, "'database.sslmode' must be one of 'require', 'disable'; got 'prefer'"),
    ({"ssh.enabled": True}, "missing required key 'ssh.host'"),
])
def test_each_validation_error_names_the_key_and_nothing_is_written(api, service, config, message):
    answer_lookup(api, [])
    answer_schema(api)

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec(config=dict(CONFIG, **config)))

    assert message in str(caught.value)
    assert str(caught.value).startswith("Invalid config for source 'orders' (connector 'postgresql'): ")
    assert "Nothing was changed" in str(caught.value)
    assert DB_PASSWORD not in str(caught.value)
    assert not writes(api)


def test_missing_required_key_on_create(api, service):
    answer_lookup(api, [])
    answer_schema(api)
    config = {key: value for key, value in CONFIG.items() if key != "database.user"}

    with pytest.raises(StreamkapError, match="missing required key 'database.user'"):
        service.ensure_present(spec(config=config))


def test_update_validation_counts_existing_keys_as_present(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=existing())

    # Only one key given: the required ones (and the withheld password) are in the source already.
    result = service.ensure_present(spec(connector=None, config={"database.sslmode": "disable"}))

    assert result["changed"] is True


def test_update_validation_rejects_a_bad_key(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)

    with pytest.raises(StreamkapError, match="unknown key 'databse.user'; did you mean 'database.user'"):
        service.ensure_present(spec(config={"databse.user": "x"}))
    assert not writes(api)


def test_validation_runs_in_check_mode(api, service):
    answer_lookup(api, [])
    answer_schema(api)

    with pytest.raises(StreamkapError, match="unknown key"):
        service.ensure_present(spec(config=dict(CONFIG, bogus=1)), check_mode=True)


def test_object_shaped_schema_is_accepted(api, service):
    answer_lookup(api, [])
    answer_schema(api, shape="object")

    with pytest.raises(StreamkapError, match="unknown key 'bogus'"):
        service.ensure_present(spec(config=dict(CONFIG, bogus=1)), check_mode=True)


def test_validate_config_false_fetches_no_schema(api, service):
    answer_lookup(api, [])
    api.post(f"{API_URL}/sources", json=make_source("orders", SOURCE_ID))

    service.ensure_present(spec(validate_config=False, config=dict(CONFIG, bogus=1)))

    assert not calls_to(api, "GET", "/sources/connectors")
    assert sent_body(api, "POST", "/sources")["config"]["bogus"] == 1


def test_unknown_connector_fails_with_the_api_detail(api, service):
    answer_lookup(api, [])
    api.get(f"{API_URL}/sources/connectors", json={"detail": "Connector 'postgres' not found"}, status=404)

    with pytest.raises(StreamkapApiError, match="Connector 'postgres' not found"):
        service.ensure_present(spec(connector="postgres"))
    assert not writes(api)


# --- check and diff ---

def test_check_mode_update_predicts_without_writing(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)

    result = service.ensure_present(spec(config=dict(CONFIG, **{"database.port.user.defined": 5433}), desired_state="Paused"), check_mode=True)

    assert result["changed"] is True
    assert result["source"]["config"]["database.port.user.defined"] == 5433
    assert result["source"]["desired_state"] == "Paused"
    assert not writes(api)


def test_diff_of_an_update_shows_only_real_changes_with_secrets_masked(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)

    result = service.ensure_present(spec(config=dict(CONFIG, **{"database.port.user.defined": 5433})), check_mode=True, diff=True)

    before, after = result["diff"]["before"], result["diff"]["after"]
    assert before["name"] == after["name"] == "orders"
    assert before["config"]["database.port.user.defined"] == "5432"
    assert after["config"]["database.port.user.defined"] == 5433
    assert before["config"]["heartbeat.enabled"] == after["config"]["heartbeat.enabled"] == "true"
    # The PUT leaves the withheld password out (update_secrets=on_create), and the diff says so.
    assert (before["config"]["database.password"], after["config"]["database.password"]) == (SECRET_MASK, SECRET_NOT_SENT)
    assert DB_PASSWORD not in json.dumps(result)


def test_diff_of_a_rename_and_a_state_change(api, service):
    answer_get(api, existing())

    result = service.ensure_present(source_spec(id=SOURCE_ID, name="orders-2", desired_state="Paused", validate_config=False), check_mode=True, diff=True)

    assert (result["diff"]["before"]["name"], result["diff"]["after"]["name"]) == ("orders", "orders-2")
    assert (result["diff"]["before"]["desired_state"], result["diff"]["after"]["desired_state"]) == ("Active", "Paused")


def test_diff_of_a_create(api, service):
    answer_lookup(api, [])
    answer_schema(api)

    result = service.ensure_present(spec(), check_mode=True, diff=True)

    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["config"]["database.password"] == SECRET_MASK
    assert result["diff"]["after"]["connector"] == "postgresql"


# --- delete ---

def test_delete_by_name(api, service):
    answer_lookup(api, [existing()])
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json=existing(connector_status="Pending Delete"))

    result = service.ensure_absent(spec())

    assert result["changed"] is True
    assert result["source"]["connector_status"] == "Pending Delete"
    assert len(calls_to(api, "DELETE", f"/sources/{SOURCE_ID}")) == 1


def test_delete_of_an_absent_source_is_ok(api, service):
    answer_lookup(api, [make_source("orders-2", "other")])

    assert service.ensure_absent(spec()) == {"changed": False, "source": {}}
    assert not writes(api)


def test_ambiguous_delete_is_refused_and_deletes_nothing(api, service):
    answer_lookup(api, [existing(), make_source("orders", "second-id")])

    with pytest.raises(StreamkapError) as caught:
        service.ensure_absent(spec())

    assert f"2 sources are named 'orders' (ids: {SOURCE_ID}, second-id)" in str(caught.value)
    assert "address one of them with id" in str(caught.value)
    assert not writes(api)


def test_404_during_delete_counts_as_gone(api, service):
    answer_lookup(api, [existing()])
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json={"detail": "not found"}, status=404)

    result = service.ensure_absent(spec())

    assert result["changed"] is True
    assert result["source"]["id"] == SOURCE_ID


def test_delete_by_id(api, service):
    answer_get(api, existing())
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json=existing())

    assert service.ensure_absent(source_spec(id=SOURCE_ID))["changed"] is True
    assert not calls_to(api, "GET", "/sources")


def test_delete_by_id_with_another_name_is_refused(api, service):
    answer_get(api, existing())

    with pytest.raises(StreamkapError, match="is named 'orders', not 'billing'. Nothing was deleted"):
        service.ensure_absent(source_spec(id=SOURCE_ID, name="billing"))
    assert not writes(api)


def test_delete_with_wait_polls_until_gone(api, service, fake_time):
    answer_lookup(api, [existing()])
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json=existing(connector_status="Pending Delete"))
    answer_get(api, existing(connector_status="Pending Delete"), None)

    result = service.ensure_absent(spec(wait=True))

    assert result["changed"] is True
    assert len(calls_to(api, "GET", f"/sources/{SOURCE_ID}")) == 2
    assert fake_time.sleeps == [2, 2]


def test_delete_wait_times_out_with_the_last_status(api, service):
    answer_lookup(api, [existing()])
    api.delete(f"{API_URL}/sources/{SOURCE_ID}", json=existing(connector_status="Pending Delete"))
    answer_get(api, existing(connector_status="Pending Delete"))

    with pytest.raises(SourceStateError, match="still exists 5 seconds after its deletion; last status: Pending Delete") as caught:
        service.ensure_absent(spec(wait=True, wait_timeout=5))
    assert caught.value.to_result() == {"changed": True}


def test_delete_in_check_mode_writes_nothing(api, service):
    answer_lookup(api, [existing()])

    result = service.ensure_absent(spec(), check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["diff"]["after"] == {}
    assert result["diff"]["before"]["config"]["database.port.user.defined"] == "5432"
    assert "database.hostname" not in result["diff"]["before"]["config"]
    assert not writes(api)


# --- desired state, actions and wait ---

@pytest.mark.parametrize(("desired", "status", "requested", "action"), [
    ("Paused", "Active", "Active", "pause"),
    ("Stopped", "Active", "Active", "stop"),
    ("Active", "Paused", "Paused", "resume"),
    ("Active", "Stopped", "Stopped", "resume"),
    ("Active", "Active", "Active", None),
    ("Paused", "Paused", "Paused", None),
    ("Active", "Starting", "Active", None),
    ("Active", "Pending Update", "Active", None),
    ("Active", "Broken", "Active", None),
    ("Paused", "Broken", "Active", "pause"),
    ("Active", "Pending", "Paused", "resume"),
    ("Pending", "Paused", "Paused", None),
    (None, "Paused", "Paused", None),
])
def test_state_action(desired, status, requested, action):
    assert state_action(desired, {"connector_status": status, "desired_state": requested}) == action


@pytest.mark.parametrize(("desired", "status"), [(None, "Active"), ("Pending", "Active"), ("Active", "Active"), ("Paused", "Paused"), ("Stopped", "Stopped")])
def test_target_status(desired, status):
    assert target_status(desired) == status


def test_pause_uses_the_action_endpoint_and_waits(api, service, fake_time):
    answer_lookup(api, [existing()])
    api.post(f"{API_URL}/sources/{SOURCE_ID}/actions/pause", json=existing(desired_state="Paused", connector_status="Active"))
    answer_get(api, existing(desired_state="Paused", connector_status="Paused"))

    result = service.ensure_present(spec(desired_state="Paused", wait=True))

    assert result["changed"] is True
    assert result["source"]["connector_status"] == "Paused"
    assert not calls_to(api, "PUT", f"/sources/{SOURCE_ID}")
    assert not calls_to(api, "GET", "/sources/connectors")  # an action sends no config: nothing to validate
    assert fake_time.sleeps == [2]


def test_resume_reads_the_source_when_the_action_answer_is_not_a_source(api, service):
    answer_lookup(api, [existing(desired_state="Paused", connector_status="Paused")])
    api.post(f"{API_URL}/sources/{SOURCE_ID}/actions/resume", json={"status": "ok"})
    answer_get(api, existing(connector_status="Starting"))

    result = service.ensure_present(spec(desired_state="Active"))

    assert result["changed"] is True
    assert result["source"]["connector_status"] == "Starting"


def test_state_already_reached_is_no_change(api, service):
    answer_lookup(api, [existing(desired_state="Paused", connector_status="Paused")])

    result = service.ensure_present(spec(desired_state="Paused", wait=True))

    assert result["changed"] is False
    assert len(api.calls) == 1


def test_update_then_action_in_that_order(api, service):
    answer_lookup(api, [existing()])
    answer_schema(api)
    api.put(f"{API_URL}/sources/{SOURCE_ID}", json=existing(connector_status="Pending Update"))
    api.post(f"{API_URL}/sources/{SOURCE_ID}/actions/pause", json=existing(desired_state="Paused", connector_status="Paused"))

    service.ensure_present(spec(config=dict(CONFIG, **{"database.user": "cdc"}), desired_state="Paused"))

    assert [call.request.method for call in writes(api)] == ["PUT", "POST"]


def test_broken_fails_at_once_with_task_statuses(api, service, fake_time):
    trace = "org.apache.kafka.connect.errors.ConnectException: boom\n\tat io.debezium.Thing(Thing.java:1)"
    answer_lookup(api, [existing(connector_status="Broken", task_statuses={"0": {"status": "FAILED", "trace": trace}})])

    with pytest.raises(SourceStateError) as caught:
        service.ensure_present(spec(wait=True))

    message = str(caught.value)
    assert "is Broken instead of Active: task 0: FAILED (org.apache.kafka.connect.errors.ConnectException: boom)" in message
    assert "io.debezium.Thing" not in message
    assert caught.value.to_result()["source"]["connector_status"] == "Broken"
    assert caught.value.to_result()["changed"] is False
    assert fake_time.sleeps == []
    assert len(api.calls) == 1


def test_broken_while_polling_fails_at_the_next_read(api, service, fake_time):
    answer_lookup(api, [existing(desired_state="Paused", connector_status="Paused")])
    api.post(f"{API_URL}/sources/{SOURCE_ID}/actions/resume", json=existing(connector_status="Starting"))
    answer_get(api, existing(connector_status="Broken", task_statuses={"0": {"status": "FAILED"}}))

    with pytest.raises(SourceStateError, match="is Broken instead of Active: task 0: FAILED") as caught:
        service.ensure_present(spec(desired_state="Active", wait=True))
    assert fake_time.sleeps == [2]
    assert caught.value.to_result()["changed"] is True, "the resume was sent before the wait failed"


def test_wait_timeout_fails_with_the_last_status(api, service, fake_time):
    answer_lookup(api, [existing(connector_status="Starting")])
    answer_get(api, existing(connector_status="Starting"))

    with pytest.raises(SourceStateError, match="did not reach connector_status Active within 5 seconds; last status: Starting"):
        service.ensure_present(spec(wait=True, wait_timeout=5))
    assert sum(fake_time.sleeps) == 5


def test_create_with_wait_polls_until_active(api, service):
    answer_lookup(api, [])
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=existing(connector_status="Pending"))
    answer_get(api, existing(connector_status="Starting"), existing(connector_status="Active"))

    result = service.ensure_present(spec(wait=True))

    assert result["source"]["connector_status"] == "Active"
    assert len(calls_to(api, "GET", f"/sources/{SOURCE_ID}")) == 2


def test_create_paused_with_wait_waits_for_paused(api, service):
    answer_lookup(api, [])
    answer_schema(api)
    api.post(f"{API_URL}/sources", json=existing(desired_state="Paused", connector_status="Paused"))

    result = service.ensure_present(spec(desired_state="Paused", wait=True))

    assert result["source"]["connector_status"] == "Paused"
    assert len(api.calls) == 3


def test_check_mode_never_waits_or_acts(api, service, fake_time):
    answer_lookup(api, [existing()])

    result = service.ensure_present(spec(desired_state="Paused", wait=True), check_mode=True)

    assert result["changed"] is True
    assert fake_time.sleeps == []
    assert not writes(api)


def test_describe_task_statuses():
    assert describe_task_statuses({}) == "no task statuses reported"
    assert describe_task_statuses({"1": {"status": "RUNNING"}, "0": {"status": "FAILED", "trace": "x" * 300}}) == (
        f"task 0: FAILED ({'x' * 200}...); task 1: RUNNING"
    )


@pytest.mark.parametrize(("fields", "message"), [
    ({"name": None, "id": None}, "Give the source's name or its id"),
    ({"wait_interval": 0}, r"wait_interval must be between 0.5 and 3600 seconds \(got 0\)"),
    ({"wait_timeout": -1}, "wait_timeout must not be negative"),
    ({"id": ".."}, "id '..' is not a source id"),
])
def test_spec_checks(fields, message):
    with pytest.raises(StreamkapError, match=message):
        SourceSpec.from_params(source_params(**dict({"name": "orders"}, **fields)))


def test_a_source_being_deleted_is_not_deleted_again(api, service, fake_time):
    pending = existing(connector_status="Pending Delete", desired_state="Pending Delete")
    answer_lookup(api, [pending])
    answer_get(api, None)

    result = service.ensure_absent(spec(wait=True), diff=True)

    assert result["changed"] is False
    assert result["diff"] == {"before": {}, "after": {}, "before_header": "source orders", "after_header": "source orders"}
    assert not writes(api)
    assert fake_time.sleeps == [2]


def test_a_source_being_deleted_cannot_be_updated(api, service):
    answer_lookup(api, [existing(connector_status="Pending Delete")])

    with pytest.raises(StreamkapError, match="is being deleted and cannot be changed. Wait until it is gone"):
        service.ensure_present(spec())
    assert not writes(api)
