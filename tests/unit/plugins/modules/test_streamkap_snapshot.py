# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_snapshot through main() with mocked HTTP, and its waits with a fake clock."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.module_utils import snapshot as snapshot_utils
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import WaitError
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_snapshot
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, make_source

SOURCE_ID = "6650f1c2a9d3e4b5c6d7e8f9"
ORDERS = f"source_{SOURCE_ID}.public.orders"
CUSTOMERS = f"source_{SOURCE_ID}.public.customers"
METRICS = f"/sources/{SOURCE_ID}/metrics"


def the_source() -> dict:
    return make_source("orders-db", SOURCE_ID, topics=[ORDERS, CUSTOMERS])


def metrics(**statuses: str) -> dict:
    """A source's latest metrics with these topic statuses (keyword: the table, value: the status)."""
    entries = [{"status": status, "topic_id": f"source_{SOURCE_ID}.public.{table}", "submit_timestamp": "2026-05-01T10:00:00Z"}
               for table, status in statuses.items()]
    return {"data": {"SnapshotRunning": any(status in ("pending", "running") for status in statuses.values()),
                     "snapshotStatus": entries, "state": "Streaming"}}


def answer_metrics(api, *answers) -> None:
    """GET /sources/{id}/metrics?time_type=latest answering these in turn (None: 404, no metrics yet)."""
    for answer in answers:
        match = [matchers.query_param_matcher({"time_type": "latest"})]
        if answer is None:
            api.get(f"{API_URL}{METRICS}", status=404, json={"detail": "No metrics yet"}, match=match)
        else:
            api.get(f"{API_URL}{METRICS}", json=answer, match=match)


def run_module(args: dict, capsys: pytest.CaptureFixture, check: bool = False) -> dict:
    base = {"api_url": API_URL, "access_token": TOKEN, "_ansible_check_mode": check}
    with patch_module_args(dict(base, **args)):
        with pytest.raises(SystemExit):
            streamkap_snapshot.main()
    return json.loads(capsys.readouterr().out)


def sent(api, path: str) -> list:
    return [json.loads(call.request.body) for call in calls_to(api, "POST", path)]


@pytest.fixture
def orders_db(api):
    api.get(f"{API_URL}/sources", json=list_page([the_source()]))


def test_starting_sends_the_request_and_reports_changed(api, capsys, orders_db):
    answer_metrics(api, None)
    api.post(f"{API_URL}/sources/snapshot", json={"source_id": SOURCE_ID})

    result = run_module({"source": "orders-db", "topics": ["public.orders"],
                         "filters": [{"table": "public.orders", "filter": "id > 100"}], "surrogate_key": "id"}, capsys)

    assert result["changed"] is True, result
    assert sent(api, "/sources/snapshot") == [{
        "source_id": SOURCE_ID, "topic_names": [ORDERS], "snapshot_type": "incremental", "surrogate_key": "id",
        "additional_conditions": [{"data_collection": "public.orders", "filter": "id > 100"}]}]
    assert result["snapshot"]["request"]["topic_names"] == [ORDERS]
    assert result["snapshot"]["topics"] == {ORDERS: "pending"}


def test_every_topic_is_asked_for_with_null_when_none_is_named(api, capsys, orders_db):
    answer_metrics(api, metrics(orders="completed"))
    api.post(f"{API_URL}/sources/snapshot", json={})

    result = run_module({"source": "orders-db", "type": "blocking"}, capsys)

    assert result["changed"] is True
    assert sent(api, "/sources/snapshot")[0]["topic_names"] is None
    assert sent(api, "/sources/snapshot")[0]["snapshot_type"] == "blocking"
    assert set(result["snapshot"]["topics"]) == {ORDERS, CUSTOMERS}


def test_a_running_snapshot_is_not_started_again(api, capsys, orders_db):
    answer_metrics(api, metrics(orders="running", customers="pending"))

    result = run_module({"source": "orders-db"}, capsys)

    assert result["changed"] is False, result
    assert "already running" in result["msg"] and "public.orders (running)" in result["msg"]
    assert calls_to(api, "POST", "/sources/snapshot") == []


def test_a_409_from_a_race_counts_as_already_running(api, capsys, orders_db):
    answer_metrics(api, None, metrics(orders="pending"))
    api.post(f"{API_URL}/sources/snapshot", status=409, json={"detail": "A snapshot is already running"})

    result = run_module({"source": "orders-db"}, capsys)

    assert result["changed"] is False, result
    assert "already running" in result["msg"]


def test_check_mode_reports_the_request_and_sends_nothing(api, capsys, orders_db):
    answer_metrics(api, None)

    result = run_module({"source": "orders-db", "topics": [CUSTOMERS]}, capsys, check=True)

    assert result["changed"] is True
    assert result["snapshot"]["request"]["topic_names"] == [CUSTOMERS]
    assert result["snapshot"]["topics"] == {CUSTOMERS: "would start"}
    assert calls_to(api, "POST", "/sources/snapshot") == []


def test_cancel_posts_when_one_runs_and_does_nothing_otherwise(api, capsys, orders_db):
    answer_metrics(api, metrics(orders="running"), metrics(orders="completed"))
    api.post(f"{API_URL}/sources/cancel_snapshot", json={})

    cancelled = run_module({"source": "orders-db", "state": "cancelled"}, capsys)
    nothing = run_module({"source": "orders-db", "state": "cancelled"}, capsys)

    assert cancelled["changed"] is True and sent(api, "/sources/cancel_snapshot") == [{"source_id": SOURCE_ID, "topic_names": None}]
    assert nothing["changed"] is False and "nothing to cancel" in nothing["msg"]
    assert len(calls_to(api, "POST", "/sources/cancel_snapshot")) == 1


def test_a_topic_the_source_does_not_have_fails_naming_the_sources_topics(api, capsys, orders_db):
    result = run_module({"source": "orders-db", "topics": ["public.nope"]}, capsys)

    assert result["failed"] is True
    assert "has no topic 'public.nope'" in result["msg"] and "public.orders, public.customers" in result["msg"]
    assert calls_to(api, "POST", "/sources/snapshot") == []


@pytest.mark.parametrize("args, message", [
    ({"type": "blocking", "surrogate_key": "id"}, "surrogate_key apply to incremental snapshots only"),
    ({"type": "blocking", "filters": [{"table": "public.orders", "filter": "id > 1"}]}, "filters apply to incremental"),
    ({"state": "cancelled", "surrogate_key": "id"}, "not to state=cancelled"),
    ({"topics": []}, "topics is empty"),
    ({"filters": [{"table": "public.orders", "filter": " "}]}, "filters[1].filter must not be empty"),
    ({"wait": True, "wait_interval": 0.1}, "wait_interval must be between"),
])
def test_bad_input_fails_before_any_request(api, capsys, args, message):
    result = run_module(dict({"source": "orders-db"}, **args), capsys)

    assert result["failed"] is True
    assert message in result["msg"]
    assert len(api.calls) == 0


def test_an_unknown_source_fails(api, capsys):
    api.get(f"{API_URL}/sources", json=list_page([]))

    result = run_module({"source": "nope"}, capsys)

    assert result["failed"] is True and "No source has the name 'nope'" in result["msg"]


# --- waits, on a fake clock ---

class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def waiting(api) -> snapshot_utils.Snapshots:
    clock = FakeClock()
    client = StreamkapClient(api_url=API_URL, access_token=TOKEN)
    return snapshot_utils.Snapshots(client, sleep=clock.sleep, clock=clock)


def spec(**options) -> snapshot_utils.SnapshotSpec:
    params = dict(state="started", type="incremental", wait=True, wait_timeout=60, wait_interval=5, source="orders-db")
    return snapshot_utils.SnapshotSpec.from_params(dict(params, **options))


def test_wait_polls_until_every_requested_topic_completed(api, orders_db):
    answer_metrics(api, None, metrics(orders="pending"), metrics(orders="running", customers="running"),
                   metrics(orders="completed", customers="running"))
    api.post(f"{API_URL}/sources/snapshot", json={})

    result = waiting(api).run(spec(topics=("public.orders",)), check_mode=False)

    assert result["changed"] is True
    assert result["snapshot"]["topics"] == {ORDERS: "completed"}
    assert len(calls_to(api, "GET", METRICS)) == 4


def test_a_failed_topic_fails_the_wait_naming_it(api, orders_db):
    answer_metrics(api, None, metrics(orders="running", customers="running"), metrics(orders="completed", customers="failed"))
    api.post(f"{API_URL}/sources/snapshot", json={})

    with pytest.raises(WaitError) as failure:
        waiting(api).run(spec(), check_mode=False)

    assert f"{CUSTOMERS} (failed)" in str(failure.value) and ORDERS not in str(failure.value)
    assert failure.value.to_result()["changed"] is True
    assert failure.value.to_result()["snapshot"]["topics"][CUSTOMERS] == "failed"


def test_the_timeout_fails_naming_the_topics_still_running(api, orders_db):
    answer_metrics(api, None, metrics(orders="completed", customers="running"))
    api.post(f"{API_URL}/sources/snapshot", json={})

    with pytest.raises(WaitError) as failure:
        waiting(api).run(spec(wait_timeout=12), check_mode=False)

    assert "did not complete within 12 seconds" in str(failure.value)
    assert f"still running: {CUSTOMERS} (running)" in str(failure.value)
