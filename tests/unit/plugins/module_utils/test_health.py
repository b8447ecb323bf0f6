# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The health rules (health.py): pure functions over what was read."""

from __future__ import annotations

import math

from ansible_collections.streamkap.cloud.plugins.module_utils import health

NO_LIMITS = health.Thresholds()


def pipeline(**fields):
    base = {"id": "p1", "name": "orders-to-warehouse",
            "source": {"id": "s1", "name": "orders", "connector_status": "Active"},
            "destination": {"id": "d1", "name": "warehouse", "connector_status": "Active"},
            "transforms": [], "topic_auto_discovery_transforms": []}
    return dict(base, **fields)


def data(status="Active", lag=0, latency=100.0):
    return {"status": status, "recordsLag": lag, "latency": latency}


def test_an_active_pipeline_within_the_thresholds_is_healthy():
    verdict = health.pipeline_health(pipeline(), data(lag=1000, latency=500), health.Thresholds(1000, 500))

    assert verdict.healthy and verdict.problems == ()
    assert (verdict.status, verdict.lag, verdict.latency) == ("Active", 1000, 500)


def test_lag_and_latency_over_their_limits_are_two_problems_naming_the_options():
    verdict = health.pipeline_health(pipeline(), data(lag=5000, latency=90000), health.Thresholds(1000, 60000))

    assert verdict.problems == ("records lag is 5000 records, over max_lag 1000", "latency is 90000 ms, over max_latency_ms 60000")


def test_a_status_other_than_active_and_missing_metrics_are_problems():
    assert health.pipeline_health(pipeline(), data(status="Broken"), NO_LIMITS).problems == ("its status is Broken, not Active",)
    assert health.pipeline_health(pipeline(), None, NO_LIMITS).problems == ("has no metrics yet",)


def test_a_threshold_without_a_value_to_check_is_a_problem_and_no_threshold_checks_nothing():
    assert health.pipeline_health(pipeline(), {"status": "Active"}, health.Thresholds(max_lag=10)).problems == (
        "reports no records lag, so max_lag cannot be checked",)
    assert health.pipeline_health(pipeline(), {"status": "Active", "recordsLag": math.inf}, NO_LIMITS).healthy


def test_a_broken_connector_names_its_failing_task():
    source = {"id": "s1", "name": "orders", "connector_status": "Broken",
              "task_statuses": {"0": {"status": "FAILED", "trace": "ConnectException: boom\n\tat x"}}}

    verdict = health.connector_health("source", source)

    assert verdict.problems == ("its connector_status is Broken, not Active (task 0: FAILED (ConnectException: boom))",)
    assert health.connector_health("destination", {"connector_status": "Paused"}).problems == (
        "its connector_status is Paused, not Active",)


def test_transforms_used_by_topic_or_auto_discovery_count_once_and_need_a_running_job():
    used = pipeline(transforms=[{"id": "t1", "name": "mask", "topic": "public.orders"}, {"id": "t1", "name": "mask", "topic": "b"}],
                    topic_auto_discovery_transforms=[{"transform_id": "t2", "regex": ".*"}])

    assert health.used_transforms(used) == [{"id": "t1", "name": "mask"}, {"id": "t2", "name": None}]
    assert health.transform_health({"id": "t1", "name": "mask"}, "FAILED").problems == ("its job is FAILED, not RUNNING",)
    assert health.transform_health({"id": "t1", "name": "mask"}, "RUNNING").healthy


def test_assess_lists_every_entity_once_and_the_summary_names_every_unhealthy_one():
    shared = pipeline(id="p2", name="orders-to-lake", destination={"id": "d2", "name": "lake", "connector_status": "Broken"},
                      transforms=[{"id": "t1", "name": "mask"}])

    verdicts = health.assess([pipeline(), shared], [data(), data(lag=5000)], {"t1": "RUNNING"}, health.Thresholds(max_lag=1000))

    assert [(verdict.kind, verdict.id) for verdict in verdicts] == [
        ("pipeline", "p1"), ("source", "s1"), ("destination", "d1"), ("pipeline", "p2"), ("destination", "d2"), ("transform", "t1")]
    message = health.summary(verdicts)
    assert message.startswith("2 of 6 entities are unhealthy: ")
    assert "pipeline 'orders-to-lake' (id p2): records lag is 5000 records, over max_lag 1000" in message
    assert "destination 'lake' (id d2): its connector_status is Broken" in message
    assert health.summary(verdicts[:3]) == "All 3 entities are healthy."


def test_a_verdict_as_a_result():
    verdict = health.pipeline_health(pipeline(), data(lag=7), NO_LIMITS)

    assert verdict.as_result() == {"kind": "pipeline", "name": "orders-to-warehouse", "id": "p1", "status": "Active",
                                   "lag": 7, "latency": 100.0, "healthy": True, "problems": []}


# --- failures: the problems that mean something has failed (what the event source calls unhealthy) ---

def test_a_broken_unassigned_or_unknown_connector_is_failing_a_resting_or_starting_one_is_not():
    for status in ("Broken", "Unassigned", "Unknown"):
        verdict = health.connector_health("source", {"id": "s1", "name": "orders", "connector_status": status})
        assert verdict.failing and verdict.failures == verdict.problems
    for status in ("Paused", "Stopped", "Starting", "Pending", "Pending Delete"):
        verdict = health.connector_health("source", {"id": "s1", "name": "orders", "connector_status": status})
        assert not verdict.healthy and not verdict.failing and verdict.failures == ()
    assert not health.connector_health("destination", {"connector_status": "Active"}).failing


def test_a_failed_job_is_failing_a_deploying_or_undeployed_one_is_not():
    assert health.transform_health({"id": "t1"}, "FAILED").failures == ("its job is FAILED, not RUNNING",)
    assert health.transform_health({"id": "t1"}, "FAILING").failing
    for status in ("DEPLOYING", "CANCELED", "NOT_DEPLOYED", None, "RUNNING"):
        assert not health.transform_health({"id": "t1"}, status).failing


def test_a_pipeline_over_a_threshold_or_reporting_a_failed_status_is_failing_one_without_metrics_is_not():
    limits = health.Thresholds(max_lag=1000, max_latency_ms=500)
    over = health.pipeline_health(pipeline(), data(lag=5000, latency=100), limits)
    assert over.failures == ("records lag is 5000 records, over max_lag 1000",)
    assert health.pipeline_health(pipeline(), data(status="Broken"), NO_LIMITS).failures == ("its status is Broken, not Active",)
    unmeasured = health.pipeline_health(pipeline(), {"status": "Active"}, limits)
    assert unmeasured.problems and not unmeasured.failing
    assert not health.pipeline_health(pipeline(), None, limits).failing
    assert not health.pipeline_health(pipeline(), data(status="Paused"), limits).failing


def test_a_transform_is_named_by_any_route_that_names_it():
    used = pipeline(transforms=[{"id": "t1", "topic": "public.orders"}, {"id": "t1", "name": "mask", "topic": "b"}],
                    topic_auto_discovery_transforms=[{"transform_id": "t2", "regex": ".*"}, {"transform_id": "t2", "name": "route"}])

    assert health.used_transforms(used) == [{"id": "t1", "name": "mask"}, {"id": "t2", "name": "route"}]
