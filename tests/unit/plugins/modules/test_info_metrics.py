# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""metrics=true in streamkap_pipeline_info, streamkap_source_info and streamkap_destination_info, with mocked HTTP."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils.testing import patch_module_args
from responses import matchers

from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destination_info,
    streamkap_pipeline_info,
    streamkap_source_info,
)
from tests.unit.helpers import API_URL, TOKEN, calls_to, list_page, make_source


def run_module(module, args: dict, capsys: pytest.CaptureFixture) -> dict:
    with patch_module_args(dict({"api_url": API_URL, "access_token": TOKEN}, **args)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def pipeline(pipeline_id: str) -> dict:
    return {"id": pipeline_id, "name": f"p-{pipeline_id}", "source": {"id": "s1", "name": "orders"},
            "destination": {"id": "d1", "name": "warehouse"}, "transforms": [], "tags": []}


def test_pipelines_get_their_metrics_in_the_collections_view_and_none_as_null(api, capsys):
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline("p1"), pipeline("p2"), pipeline("p3")]))
    api.get(f"{API_URL}/pipelines/p1/metrics", json={"data": {"latency": 850, "recordsLag": 120, "status": "Active"},
                                                     "metadata": {}})
    api.get(f"{API_URL}/pipelines/p2/metrics", status=404, json={"detail": "No metrics for pipeline 'p2' yet"})
    api.get(f"{API_URL}/pipelines/p3/metrics", json={"data": {"latency": 10, "recordsLag": 0, "status": "Broken"}})

    result = run_module(streamkap_pipeline_info, {"metrics": True}, capsys)

    assert result["changed"] is False, result
    assert [item["metrics"] for item in result["pipelines"]] == [
        {"latency_ms": 850, "records_lag": 120, "status": "Active"}, None,
        {"latency_ms": 10, "records_lag": 0, "status": "Broken"}]


def test_without_metrics_no_metrics_read_is_made(api, capsys):
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline("p1")]))

    result = run_module(streamkap_pipeline_info, {}, capsys)

    assert "metrics" not in result["pipelines"][0]
    assert [call.request.path_url.split("?")[0] for call in api.calls] == ["/pipelines"]


@pytest.mark.parametrize("module, kind", [(streamkap_source_info, "sources"), (streamkap_destination_info, "destinations")])
def test_sources_and_destinations_get_the_latest_data_as_given(api, capsys, module, kind):
    data = {"StreamingConnected": True, "StreamingMilliSecondsBehindSource": 850, "snapshotStatus": [], "state": "Streaming"}
    api.get(f"{API_URL}/{kind}", json=list_page([make_source("orders", "e1"), make_source("other", "e2")]))
    api.get(f"{API_URL}/{kind}/e1/metrics", json={"data": data}, match=[matchers.query_param_matcher({"time_type": "latest"})])
    api.get(f"{API_URL}/{kind}/e2/metrics", status=404, json={"detail": "No metrics yet"})

    result = run_module(module, {"metrics": True}, capsys)

    assert [item["metrics"] for item in result[kind]] == [data, None]
    assert len(calls_to(api, "GET", f"/{kind}/e1/metrics")) == 1


def test_a_failing_metrics_read_fails_the_task(api, capsys):
    api.replace("GET", f"{API_URL}/pipelines", json=list_page([pipeline("p1")]))
    api.get(f"{API_URL}/pipelines/p1/metrics", status=403, json={"detail": "Forbidden"})

    result = run_module(streamkap_pipeline_info, {"metrics": True}, capsys)

    assert result["failed"] is True and "403" in result["msg"]
