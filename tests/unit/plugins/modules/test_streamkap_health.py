# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_health through main() with mocked HTTP, and its wait on a fake clock."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.streamkap.cloud.plugins.module_utils import gate
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient
from ansible_collections.streamkap.cloud.plugins.modules import streamkap_health
from tests.unit.helpers import API_URL, TOKEN, list_page

PROD = {"id": "670e5ca40afe1d3983ce0c40", "name": "prod", "type": ["pipelines"], "system": False, "custom": True}


def pipeline(pipeline_id: str = "p1", name: str = "orders-to-warehouse", source_status: str = "Active", **fields) -> dict:
    base = {"id": pipeline_id, "name": name, "tags": [],
            "source": {"id": "s1", "name": "orders", "connector_status": source_status,
                       "task_statuses": {"0": {"status": "FAILED" if source_status == "Broken" else "RUNNING",
                                               "trace": "ConnectException: slot is gone"}}},
            "destination": {"id": "d1", "name": "warehouse", "connector_status": "Active"},
            "transforms": [], "topic_auto_discovery_transforms": []}
    return dict(base, **fields)


def answer_pipelines(api, *pipelines: dict) -> None:
    api.replace("GET", f"{API_URL}/pipelines", json=list_page(list(pipelines)))
    for item in pipelines:
        api.get(f"{API_URL}/pipelines/{item['id']}", json=list_page([item]))
        # A name is looked up as an id too (the API answers an unknown id with an empty list).
        api.get(f"{API_URL}/pipelines/{item['name']}", json=list_page([]))


def answer_metrics(api, pipeline_id: str, *answers) -> None:
    for answer in answers:
        if answer is None:
            api.get(f"{API_URL}/pipelines/{pipeline_id}/metrics", status=404, json={"detail": "No metrics yet"})
        else:
            api.get(f"{API_URL}/pipelines/{pipeline_id}/metrics", json={"data": answer, "metadata": {}})


def metrics(lag: int = 0, status: str = "Active", latency: float = 200.0) -> dict:
    return {"latency": latency, "recordsLag": lag, "status": status}


def run_module(args: dict, capsys: pytest.CaptureFixture, check: bool = False) -> dict:
    base = {"api_url": API_URL, "access_token": TOKEN, "_ansible_check_mode": check}
    with patch_module_args(dict(base, **args)):
        with pytest.raises(SystemExit):
            streamkap_health.main()
    return json.loads(capsys.readouterr().out)


def writes(api) -> list:
    return [call for call in api.calls if call.request.method != "GET"]


def test_healthy_pipelines_pass_and_every_entity_is_reported(api, capsys):
    answer_pipelines(api, pipeline())
    answer_metrics(api, "p1", metrics(lag=10))

    result = run_module({"pipelines": ["orders-to-warehouse"], "max_lag": 1000}, capsys)

    assert result["changed"] is False and result["healthy"] is True, result
    assert [(entity["kind"], entity["name"], entity["healthy"]) for entity in result["entities"]] == [
        ("pipeline", "orders-to-warehouse", True), ("source", "orders", True), ("destination", "warehouse", True)]
    assert result["entities"][0]["lag"] == 10 and result["entities"][0]["latency"] == 200.0
    assert writes(api) == []


def test_lag_over_max_lag_fails_naming_the_pipeline_and_why(api, capsys):
    answer_pipelines(api, pipeline())
    answer_metrics(api, "p1", metrics(lag=5000))

    result = run_module({"pipelines": ["p1"], "max_lag": 1000}, capsys, check=True)

    assert result["failed"] is True and result["healthy"] is False and result["changed"] is False
    assert "pipeline 'orders-to-warehouse' (id p1): records lag is 5000 records, over max_lag 1000" in result["msg"]
    assert result["entities"][0]["problems"] == ["records lag is 5000 records, over max_lag 1000"]


def test_a_broken_source_fails_with_its_trace(api, capsys):
    answer_pipelines(api, pipeline(source_status="Broken"))
    answer_metrics(api, "p1", metrics())

    result = run_module({"pipelines": ["orders-to-warehouse"]}, capsys)

    assert result["failed"] is True
    assert "source 'orders' (id s1): its connector_status is Broken, not Active (task 0: FAILED (ConnectException: slot is gone))" in result["msg"]


def test_a_transform_whose_job_is_not_running_fails(api, capsys):
    answer_pipelines(api, pipeline(transforms=[{"id": "t1", "name": "mask", "topic": "public.orders"}]))
    answer_metrics(api, "p1", metrics())
    api.get(f"{API_URL}/transforms/t1/job_status", json={"id": "t1", "status": "FAILED"})

    result = run_module({"pipelines": ["orders-to-warehouse"]}, capsys)

    assert result["failed"] is True
    assert "transform 'mask' (id t1): its job is FAILED, not RUNNING" in result["msg"]


def test_scope_by_prefix_and_tag_checks_only_the_pipelines_holding_both(api, capsys):
    tagged = pipeline("p2", "orders-to-lake", tags=[PROD["id"]])
    answer_pipelines(api, pipeline(), tagged, pipeline("p3", "billing-to-lake", tags=[PROD["id"]]))
    api.get(f"{API_URL}/tags", json={"tags": [PROD]})
    answer_metrics(api, "p2", None)

    result = run_module({"scope": {"name_prefix": "orders-", "tag": "prod"}}, capsys)

    assert result["failed"] is True
    assert [entity["id"] for entity in result["entities"] if entity["kind"] == "pipeline"] == ["p2"]
    assert "pipeline 'orders-to-lake' (id p2): has no metrics yet" in result["msg"]


def test_a_scope_matching_nothing_and_an_unknown_pipeline_fail(api, capsys):
    answer_pipelines(api)
    api.get(f"{API_URL}/pipelines/nope", json=list_page([]))

    empty = run_module({"scope": {"name_prefix": "nope-"}}, capsys)
    unknown = run_module({"pipelines": ["nope"]}, capsys)

    assert empty["failed"] is True and "No pipeline matches scope name_prefix 'nope-'" in empty["msg"]
    assert unknown["failed"] is True and "No pipeline has the name or id 'nope'" in unknown["msg"]


@pytest.mark.parametrize("args, message", [
    ({}, "one of the following is required: pipelines, scope"),
    ({"scope": {}}, "Give the pipelines to check"),
    ({"pipelines": ["p1"], "max_lag": -1}, "max_lag must be a number of at least 0"),
    ({"pipelines": ["p1"], "max_latency_ms": float("nan")}, "max_latency_ms must be a number of at least 0"),
    ({"pipelines": ["p1"], "wait": True, "wait_interval": 0}, "wait_interval must be between"),
])
def test_bad_input_fails_before_any_request(api, capsys, args, message):
    result = run_module(args, capsys)

    assert result["failed"] is True
    assert message in result["msg"]
    assert len(api.calls) == 0


# --- the wait, on a fake clock ---

class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def spec(**options) -> gate.HealthSpec:
    params = dict(pipelines=["p1"], scope=None, max_lag=1000, max_latency_ms=None, wait=True, wait_timeout=60, wait_interval=10)
    return gate.HealthSpec.from_params(dict(params, **options))


def test_the_wait_checks_again_until_a_lagging_pipeline_recovers(api):
    answer_pipelines(api, pipeline())
    answer_metrics(api, "p1", metrics(lag=5000), metrics(lag=3000), metrics(lag=200))
    clock = FakeClock()

    result = gate.Gate(StreamkapClient(api_url=API_URL, access_token=TOKEN), sleep=clock.sleep, clock=clock).run(spec())

    assert result["healthy"] is True and result["entities"][0]["lag"] == 200
    assert clock.now == 20


def test_the_wait_fails_at_the_timeout_naming_what_is_still_unhealthy(api):
    answer_pipelines(api, pipeline())
    answer_metrics(api, "p1", metrics(lag=5000))
    clock = FakeClock()

    with pytest.raises(gate.UnhealthyError) as failure:
        gate.Gate(StreamkapClient(api_url=API_URL, access_token=TOKEN), sleep=clock.sleep, clock=clock).run(spec(wait_timeout=25))

    assert str(failure.value).startswith("Unhealthy after waiting 25 seconds: 1 of 3 entities are unhealthy")
    assert failure.value.to_result()["healthy"] is False
    assert clock.now == 25
