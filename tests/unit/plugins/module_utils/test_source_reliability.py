# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Writes that never duplicate: ambiguous creates, lost races, repeated actions and deletes."""

from __future__ import annotations

import http.client

import pytest
import requests
from urllib3.exceptions import ProtocolError

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SourceService, SourceSpec
from tests.unit.helpers import API_URL, DB_PASSWORD, TOKEN, calls_to, list_page, make_source, source_spec

SOURCES = f"{API_URL}/sources"
CONFIG = {"database.hostname.user.defined": "db.example.com", "database.password": DB_PASSWORD}


class Sleeps:
    def __init__(self) -> None:
        self.slept: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def service(sleeps: Sleeps) -> SourceService:
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN, retries=2, sleep=sleeps, uniform=lambda low, high: high)
    return SourceService(client)


def spec(**overrides) -> SourceSpec:
    fields = {"name": "orders", "connector": "postgresql", "config": dict(CONFIG), "validate_config": False}
    fields.update(overrides)
    return source_spec(**fields)


def dropped_after_sending() -> requests.exceptions.ConnectionError:
    cause = http.client.RemoteDisconnected("Remote end closed connection without response")
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", cause))


def answer_lookups(api, *answers: list[dict]) -> None:
    """Each GET /sources answers the next list (responses repeats the last one)."""
    for items in answers:
        api.get(SOURCES, json=list_page(items))


# --- ambiguous creates ---

def test_create_committed_then_dropped_adopts_the_source_without_a_second_post(api, service):
    created = make_source("orders", "new-id")
    answer_lookups(api, [], [created])
    api.post(SOURCES, body=dropped_after_sending())

    result = service.ensure_present(spec())

    assert result["changed"] is True
    assert result["source"]["id"] == "new-id"
    assert len(calls_to(api, "POST", "/sources")) == 1


def test_create_5xx_with_nothing_created_posts_again_after_a_backoff(api, service, sleeps):
    answer_lookups(api, [], [])
    api.post(SOURCES, json={"detail": "Internal Server Error"}, status=500)
    api.post(SOURCES, json=make_source("orders", "new-id"))

    result = service.ensure_present(spec())

    assert result["changed"] is True
    assert result["source"]["id"] == "new-id"
    assert len(calls_to(api, "POST", "/sources")) == 2
    assert sleeps.slept == [1.0]
    assert "no source named 'orders' exists; retry 1 of 2" in service.repository.client.retry_log[0]


def test_create_gives_up_when_every_attempt_is_ambiguous_and_nothing_appears(api, service):
    answer_lookups(api, [])
    api.post(SOURCES, json={"detail": "Internal Server Error"}, status=500)

    with pytest.raises(StreamkapAmbiguousWriteError, match="may or may not have been applied"):
        service.ensure_present(spec())

    # The first attempt and one per retry of the budget (retries=2), each followed by a lookup.
    assert len(calls_to(api, "POST", "/sources")) == 3
    assert len(calls_to(api, "GET", "/sources")) == 1 + 3


def test_ambiguous_create_then_a_source_with_another_connector_is_refused(api, service):
    answer_lookups(api, [], [make_source("orders", "other-id", connector="mysql")])
    api.post(SOURCES, body=dropped_after_sending())

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec())

    message = str(caught.value)
    assert "connector 'postgresql'" in message and "connector 'mysql'" in message
    assert len(calls_to(api, "POST", "/sources")) == 1


def test_failed_lookup_after_an_ambiguous_create_says_the_outcome_is_unknown(api, service):
    answer_lookups(api, [])
    api.get(SOURCES, json={"detail": "Forbidden"}, status=403)
    api.post(SOURCES, body=dropped_after_sending())

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec())

    assert "may or may not have been applied" in str(caught.value)
    assert "looking source 'orders' up afterwards failed too" in str(caught.value)
    assert DB_PASSWORD not in str(caught.value)


# --- lost races: 422 already exists ---

def already_exists(api) -> None:
    api.post(SOURCES, json={"detail": "Source with name 'orders' already exists"}, status=422, headers={"X-Request-Id": "r-1"})


def test_lost_race_converges_on_the_winners_source_without_a_change(api, service):
    winner = make_source("orders", "winner-id", config={"database.hostname.user.defined": "db.example.com"})
    answer_lookups(api, [], [winner])
    already_exists(api)

    result = service.ensure_present(spec())

    assert result == {"changed": False, "source": winner}
    assert len(calls_to(api, "POST", "/sources")) == 1
    assert not calls_to(api, "PUT", "/sources/winner-id")


def test_lost_race_with_other_config_updates_the_winners_source(api, service):
    winner = make_source("orders", "winner-id", config={"database.hostname.user.defined": "old.example.com"})
    answer_lookups(api, [], [winner])
    already_exists(api)
    api.put(f"{SOURCES}/winner-id", json=make_source("orders", "winner-id"))

    result = service.ensure_present(spec())

    assert result["changed"] is True
    assert len(calls_to(api, "PUT", "/sources/winner-id")) == 1


def test_lost_race_to_another_connector_names_both(api, service):
    answer_lookups(api, [], [make_source("orders", "winner-id", connector="mongodb")])
    already_exists(api)

    with pytest.raises(StreamkapError) as caught:
        service.ensure_present(spec())

    assert "connector 'postgresql'" in str(caught.value) and "connector 'mongodb'" in str(caught.value)


def test_name_held_in_another_service_fails_clearly_with_the_request_id(api, service):
    answer_lookups(api, [], [])
    already_exists(api)

    with pytest.raises(StreamkapApiError) as caught:
        service.ensure_present(spec())

    message = str(caught.value)
    assert caught.value.status == 422
    assert "already exists" in message and "another service of the tenant" in message
    assert "X-Request-Id: r-1" in message
    assert len(calls_to(api, "POST", "/sources")) == 1


def test_validation_422_is_not_taken_for_a_race(api, service):
    answer_lookups(api, [])
    api.post(SOURCES, json={"detail": "Unknown config key 'x'"}, status=422)

    with pytest.raises(StreamkapApiError, match="Unknown config key 'x'"):
        service.ensure_present(spec())

    assert len(calls_to(api, "GET", "/sources")) == 1


def test_ambiguous_attempt_then_already_exists_counts_as_this_runs_creation(api, service):
    created = make_source("orders", "new-id", config={"database.hostname.user.defined": "db.example.com"})
    # Applied, but its answer lost; the lookup does not see it yet; the repeat is refused.
    answer_lookups(api, [], [], [created])
    api.post(SOURCES, json={"detail": "Bad Gateway"}, status=502)
    already_exists(api)

    result = service.ensure_present(spec())

    assert result["changed"] is True
    assert result["source"]["id"] == "new-id"


# --- actions and deletes repeat safely ---

def test_action_is_repeated_after_a_lost_answer(api, service):
    source = make_source("orders", "s-1", connector_status="Active", desired_state="Active")
    paused = dict(source, connector_status="Paused", desired_state="Paused")
    answer_lookups(api, [source])
    api.post(f"{SOURCES}/s-1/actions/pause", body=dropped_after_sending())
    api.post(f"{SOURCES}/s-1/actions/pause", json=paused)

    result = service.ensure_present(spec(desired_state="Paused", config=None))

    assert result["source"]["connector_status"] == "Paused"
    assert len(calls_to(api, "POST", "/sources/s-1/actions/pause")) == 2


def test_delete_answered_409_after_a_lost_answer_counts_as_deleted(api, service):
    source = make_source("orders", "s-1")
    answer_lookups(api, [source])
    api.delete(f"{SOURCES}/s-1", status=503)
    api.delete(f"{SOURCES}/s-1", json={"detail": "Source 's-1' is being deleted"}, status=409)
    api.get(f"{SOURCES}/s-1", json=list_page([dict(source, connector_status="Pending Delete")]))

    result = service.ensure_absent(spec(config=None))

    assert result["changed"] is True
    assert len(calls_to(api, "DELETE", "/sources/s-1")) == 2


def test_delete_409_on_the_first_attempt_is_an_error(api, service):
    answer_lookups(api, [make_source("orders", "s-1")])
    api.delete(f"{SOURCES}/s-1", json={"detail": "Conflict"}, status=409)

    with pytest.raises(StreamkapApiError, match="HTTP 409"):
        service.ensure_absent(spec(config=None))


def test_delete_404_after_a_retry_counts_as_gone(api, service):
    answer_lookups(api, [make_source("orders", "s-1")])
    api.delete(f"{SOURCES}/s-1", status=504)
    api.delete(f"{SOURCES}/s-1", json={"detail": "not found"}, status=404)

    assert service.ensure_absent(spec(config=None))["changed"] is True
