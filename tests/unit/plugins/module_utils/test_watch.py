# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the event source watches (watch.py): its arguments, the transitions that are events, and one poll's reads."""

from __future__ import annotations

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils import health, watch
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError
from tests.unit.helpers import API_URL, TOKEN, list_page, make_source


def source(status: str, source_id: str = "s1") -> health.EntityHealth:
    return health.connector_health("source", {"id": source_id, "name": f"name-{source_id}", "connector_status": status})


def kinds(events: list[dict]) -> list[tuple[str, str, object, object]]:
    return [(item["streamkap"]["type"], item["streamkap"]["id"], item["streamkap"]["status"], item["streamkap"]["previous_status"])
            for item in events]


def test_a_failing_entity_is_one_unhealthy_event_however_many_polls_see_it():
    transitions = watch.Transitions(emit_initial=True)

    assert transitions.update("source", [source("Active")]) == []
    assert kinds(transitions.update("source", [source("Broken")])) == [("unhealthy", "s1", "Broken", "Active")]
    for _poll in range(100):
        assert transitions.update("source", [source("Broken")]) == []
    assert kinds(transitions.update("source", [source("Active")])) == [("recovered", "s1", "Active", "Broken")]
    assert transitions.update("source", [source("Active")]) == []


def test_leaving_failing_without_being_healthy_is_no_event_and_failing_again_is_a_new_one():
    transitions = watch.Transitions(emit_initial=True)
    transitions.update("source", [source("Active")])
    transitions.update("source", [source("Broken")])

    assert transitions.update("source", [source("Starting")]) == []
    assert kinds(transitions.update("source", [source("Broken")])) == [("unhealthy", "s1", "Broken", "Starting")]
    assert transitions.update("source", [source("Paused")]) == []
    assert kinds(transitions.update("source", [source("Active")])) == [("recovered", "s1", "Active", "Paused")]


def test_a_resting_or_starting_entity_is_never_unhealthy_and_a_healthy_one_never_recovered():
    transitions = watch.Transitions(emit_initial=True)

    for status in ("Pending", "Starting", "Active", "Paused", "Stopped", "Active"):
        assert transitions.update("source", [source(status)]) == []


def test_the_first_read_announces_what_fails_unless_emit_initial_is_false_then_recovery_still_counts():
    assert kinds(watch.Transitions(True).update("source", [source("Broken"), source("Active", "s2")])) == [
        ("unhealthy", "s1", "Broken", None)]
    quiet = watch.Transitions(False)
    assert quiet.update("source", [source("Broken"), source("Active", "s2")]) == []
    assert kinds(quiet.update("source", [source("Active"), source("Broken", "s2")])) == [
        ("recovered", "s1", "Active", "Broken"), ("unhealthy", "s2", "Broken", "Active")]


def test_an_entity_gone_from_its_kinds_list_is_deleted_once_and_an_unjudged_one_is_kept():
    transitions = watch.Transitions(True)
    transitions.update("source", [source("Broken"), source("Active", "s2")])
    transitions.update("pipeline", [health.pipeline_health({"id": "p1", "name": "p"}, {"status": "Active"}, health.Thresholds())])

    assert kinds(transitions.update("source", [source("Active", "s2")])) == [("deleted", "s1", None, "Broken")]
    assert transitions.update("source", [source("Active", "s2")]) == []
    # Listed, but its metrics could not be read: neither judged nor deleted.
    assert transitions.update("pipeline", [], unjudged={"p1"}) == []
    assert kinds(transitions.update("pipeline", [])) == [("deleted", "p1", None, "Active")]


def test_an_event_carries_the_verdicts_values_and_failures():
    transitions = watch.Transitions(True)
    lagging = health.pipeline_health({"id": "p1", "name": "orders"}, {"status": "Active", "recordsLag": 50, "latency": 9},
                                     health.Thresholds(max_lag=10))

    assert transitions.update("pipeline", [lagging]) == [{"streamkap": {
        "type": "unhealthy", "kind": "pipeline", "id": "p1", "name": "orders", "status": "Active", "previous_status": None,
        "lag": 50, "latency_ms": 9, "problems": ["records lag is 50 records, over max_lag 10"]}}]


def test_arguments_follow_the_modules_rules_with_the_environment_filling_in(monkeypatch):
    monkeypatch.setenv("STREAMKAP_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("STREAMKAP_API_URL", API_URL)

    watcher = watch.watcher_from_args({"kinds": ["pipelines"], "scope": {"name_prefix": "prod-"}, "max_lag": "100"})

    assert watcher.client.api_url == API_URL
    assert watcher.spec.kinds == ("pipelines",) and watcher.spec.thresholds.max_lag == 100
    assert watcher.spec.interval == 30 and watcher.spec.emit_initial is True
    assert watcher.describe() == f"watching the pipelines in scope name_prefix 'prod-' of {API_URL} every 30 s"


@pytest.mark.parametrize("given, message", [
    ({"kinds": ["sources", "jobs"]}, "value of kinds must be one or more of: sources, destinations, pipelines, transforms"),
    ({"interval": 0.5}, "interval must be between 1 and 300 seconds (got 0.5)"),
    ({"kinds": []}, "kinds must name at least one of sources, destinations, pipelines, transforms"),
    ({"max_latency_ms": -1}, "max_latency_ms must be a number of at least 0; got -1.0"),
    ({"polling": 5, "colour": 1}, "unknown argument(s) colour, polling (the arguments are access_token, api_url, "),
    # Nested in an option: ansible-core reports it as a path, named here as one.
    ({"scope": {"name_prefix": "prod-", "bogus": 1}, "zz": 1}, "unknown argument(s) scope.bogus, zz (the arguments are "),
])
def test_bad_arguments_are_refused_naming_them_and_never_the_credentials(given, message):
    with pytest.raises(StreamkapError) as failure:
        watch.watcher_from_args(dict({"access_token": TOKEN}, **given))

    assert message in str(failure.value)
    assert TOKEN not in str(failure.value)


def test_a_secret_in_a_type_error_is_masked(monkeypatch):
    monkeypatch.setenv("STREAMKAP_CLIENT_SECRET", "csecret-in-env")

    with pytest.raises(StreamkapError) as failure:
        watch.checked_params({"client_id": "c", "interval": "csecret-in-env"})

    assert "interval" in str(failure.value) and "csecret-in-env" not in str(failure.value)


def test_backoff_doubles_from_the_interval_up_to_a_ceiling():
    spec = watch.WatchSpec(("sources",), watch.Scope(), health.Thresholds(), 10.0, True)

    assert [spec.backoff(failed) for failed in (0, 1, 2, 3, 5, 40)] == [10, 20, 40, 80, 300, 300]


def test_a_kind_whose_read_fails_is_left_as_it_was_and_the_others_still_count(api):
    watcher = watch.watcher_from_args({"api_url": API_URL, "access_token": TOKEN, "kinds": ["sources", "destinations"],
                                       "retries": 0})
    api.get(f"{API_URL}/sources", json=list_page([make_source("orders", "s1", connector_status="Broken")]))
    api.get(f"{API_URL}/destinations", json=list_page([]))
    assert kinds(watcher.poll().events) == [("unhealthy", "s1", "Broken", None)]

    api.replace("GET", f"{API_URL}/sources", status=500, json={"detail": "boom"})
    api.replace("GET", f"{API_URL}/destinations", json=list_page([make_source("lake", "d1", connector_status="Broken")]))
    poll = watcher.poll()

    assert kinds(poll.events) == [("unhealthy", "d1", "Broken", None)]
    assert len(poll.failures) == 1 and poll.failures[0].startswith("reading the sources failed: ")
