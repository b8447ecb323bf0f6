# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The simulator against the facts file: its /openapi.json confirms every fact, and its answers carry
exactly the fields that document declares (so the declarations cannot drift from what it serves)."""

from __future__ import annotations

import subprocess
import sys
import typing as t

import pytest
import requests

from tests.contract.drift_tool import FACTS, ROOT, TOOL, api_drift
from tests.simulator.app import create_app
from tests.simulator.harness import RunningSimulator, running_simulator
from tests.simulator.tests.conftest import destination_body, pipeline_body, source_body

Document = t.Dict[str, t.Any]


@pytest.fixture(scope="module")
def sim() -> t.Iterator[RunningSimulator]:
    with running_simulator() as running:
        yield running


@pytest.fixture(scope="module")
def openapi(sim: RunningSimulator) -> Document:
    answer = requests.get(f"{sim.url}/openapi.json", timeout=10)
    assert answer.status_code == 200
    return answer.json()


def test_the_simulator_document_confirms_every_fact() -> None:
    findings = api_drift.check_facts(create_app().openapi(), api_drift.load_facts(FACTS))
    assert findings
    assert [f"{finding.fact.label()}: {finding.outcome} {finding.detail}" for finding in findings
            if finding.outcome != api_drift.CONFIRMED] == []


def test_the_drift_check_passes_against_the_live_simulator_with_client_credentials(sim: RunningSimulator) -> None:
    """As `make api-drift API_URL=...` runs it, the token exchanged as the collection does."""
    env = {"PATH": "/usr/bin:/bin", "STREAMKAP_CLIENT_ID": sim.settings.client_id,
           "STREAMKAP_CLIENT_SECRET": sim.settings.client_secret}
    result = subprocess.run([sys.executable, str(TOOL), "--api-url", sim.url], capture_output=True, text=True,
                            timeout=60, cwd=ROOT, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    facts = len(api_drift.load_facts(FACTS))
    assert lines[0] == f"API drift check: {facts} facts against {sim.url}/openapi.json"
    assert lines[-2:] == [f"{facts} confirmed, 0 missing, 0 different (0 of them marked sure)", "no drift in the facts marked sure"]
    token_calls = [entry for entry in sim.state.requests() if entry.get("path") == "/auth/access-token"]
    assert token_calls


# --- the answers against the declared shapes ---

def mismatches(document: Document, schemas: list[t.Any], value: t.Any, where: str) -> list[str]:
    """Where `value` carries fields its declared schemas do not, or lacks fields they declare."""
    options = [option for schema in schemas for option in api_drift.alternatives(document, schema)]
    if isinstance(value, dict):
        declared: dict[str, list[t.Any]] = {}
        for option in options:
            for name, schema in (option.get("properties") or {}).items():
                declared.setdefault(name, []).append(schema)
        if declared:
            problems = [f"{where}: answers undeclared {name}" for name in sorted(set(value) - set(declared))]
            problems += [f"{where}: declares {name}, not answered" for name in sorted(set(declared) - set(value))]
            return problems + [problem for name in sorted(set(value) & set(declared))
                               for problem in mismatches(document, declared[name], value[name], f"{where}.{name}")]
        maps = [option["additionalProperties"] for option in options if isinstance(option.get("additionalProperties"), dict)]
        return [problem for key, item in value.items() for problem in mismatches(document, maps, item, f"{where}.*")] if maps else []
    if isinstance(value, list):
        items = [option["items"] for option in options if isinstance(option.get("items"), dict)]
        return [problem for item in value for problem in mismatches(document, items, item, f"{where}[]")]
    return []


def declared_answer(document: Document, method: str, path: str) -> list[t.Any]:
    route = api_drift.find_route(document, path)
    assert route is not None, path
    return api_drift.answer_schemas(document, document["paths"][route][method])


class Recorder:
    """Calls the simulator and checks each answer against the document's declaration of it."""

    def __init__(self, sim: RunningSimulator, document: Document) -> None:
        self.sim = sim
        self.document = document
        self.problems: list[str] = []
        self.checked: set[str] = set()

    def call(self, method: str, path: str, template: str, **kwargs: t.Any) -> t.Any:
        answer = requests.request(method, f"{self.sim.url}{path}", headers=self.sim.auth_headers, timeout=10, **kwargs)
        assert answer.status_code == 200, answer.text
        payload = answer.json()
        schemas = declared_answer(self.document, method.lower(), template)
        assert schemas, f"{method} {template} declares no answer"
        self.problems += mismatches(self.document, schemas, payload, f"{method} {template}")
        self.checked.add(f"{method} {template}")
        return payload


def operations(api: Recorder, source: Document, pipeline: Document) -> None:
    """The day-2 calls: topics of the source, a snapshot of it started and cancelled, metrics of the source, the
    pipeline and its destination, a transform's job status (the health gate reads it)."""
    topic = api.call("GET", "/topics/details", "/topics/details", params={"entity_type": "sources", "entity_id": source["id"]})
    topic_id = topic["result"][0]["id"]
    api.call("GET", f"/topics/{topic_id}", "/topics/{id}", params={"detailed": "true"})
    api.call("PUT", f"/topics/{topic_id}", "/topics/{id}", json={"payload": {"partition_count": 2}})
    body = {"source_id": source["id"], "topic_names": [topic_id], "snapshot_type": "incremental",
            "additional_conditions": [{"data_collection": topic["result"][0]["name"], "filter": "id > 1"}]}
    api.call("POST", "/sources/snapshot", "/sources/snapshot", json=body)
    api.call("GET", f"/sources/{source['id']}/metrics", "/sources/{id}/metrics", params={"time_type": "latest"})
    api.call("POST", "/sources/cancel_snapshot", "/sources/cancel_snapshot", json={"source_id": source["id"], "topic_names": None})
    destination = pipeline["destination"]
    for kind, entity in (("pipelines", pipeline), ("destinations", destination)):
        requests.post(f"{api.sim.url}/_sim/metrics/{kind}/{entity['id']}", json={"lag": 5}, timeout=10).raise_for_status()
    api.call("GET", f"/pipelines/{pipeline['id']}/metrics", "/pipelines/{id}/metrics")
    api.call("GET", f"/destinations/{destination['id']}/metrics", "/destinations/{id}/metrics", params={"time_type": "latest"})
    router = {"transform": "topic_router", "config": {"transforms.name": "contract-router",
                                                      "transforms.input.topic.pattern": "a", "transforms.output.topic.pattern": "b"}}
    transform = requests.post(f"{api.sim.url}/transforms", json=router, headers=api.sim.auth_headers, timeout=10).json()
    requests.put(f"{api.sim.url}/transforms/{transform['id']}/deploy-job-live/no-version", headers=api.sim.auth_headers,
                 timeout=10).raise_for_status()
    api.call("GET", f"/transforms/{transform['id']}/job_status", "/transforms/{id}/job_status")


def test_every_answer_carries_exactly_the_fields_the_document_declares(sim: RunningSimulator, openapi: Document) -> None:
    api = Recorder(sim, openapi)
    token = api.call("POST", "/auth/access-token", "/auth/access-token",
                     json={"client_id": sim.settings.client_id, "secret": sim.settings.client_secret})
    api.call("POST", "/auth/access-token/refresh", "/auth/access-token/refresh", json={"refresh_token": token["refreshToken"]})
    tag = api.call("POST", "/tags", "/tags", json={"name": "contract", "description": "d", "type": ["sources", "pipelines"]})
    api.call("PUT", f"/tags/{tag['id']}", "/tags/{id}", json={"description": "changed"})
    api.call("GET", "/tags", "/tags", params={"tag_name": "contract"})
    api.call("GET", f"/tags/{tag['id']}", "/tags/{id}")
    ends = {}
    for kind, body in (("sources", source_body("contract-src", tags=[tag["id"]])), ("destinations", destination_body("contract-dst"))):
        ends[kind] = entity = api.call("POST", f"/{kind}", f"/{kind}", json=body, params={"wait": "false"})
        api.call("PUT", f"/{kind}/{entity['id']}", f"/{kind}/{{id}}", json=dict(body, name=f"{body['name']}-2"))
        api.call("GET", f"/{kind}", f"/{kind}", params={"partial_name": "contract"})
        api.call("GET", f"/{kind}/{entity['id']}", f"/{kind}/{{id}}")
        api.call("GET", f"/{kind}/connectors", f"/{kind}/connectors", params={"connector_code": entity["connector"]})
    api.call("POST", f"/sources/{ends['sources']['id']}/actions/pause", "/sources/{id}/actions/{action}")
    api.call("POST", f"/sources/{ends['sources']['id']}/deploy", "/sources/{id}/deploy")
    api.call("POST", f"/destinations/{ends['destinations']['id']}/deploy", "/destinations/{id}/deploy")
    transform = api.call("POST", "/transforms", "/transforms", params={"secret_returned": "false"}, json={
        "transform": "map_filter", "config": {"transforms.name": "contract-mask"}, "created_from": "api", "tags": [tag["id"]]})
    transform = api.call("PUT", "/transforms", "/transforms", json={
        "id": transform["id"], "transform": "map_filter", "config": transform["config"], "implementation": {"language": "JavaScript"}})
    api.call("GET", "/transforms", "/transforms", params={"partial_name": "contract", "status": "RUNNING"})
    api.call("GET", f"/transforms/{transform['id']}", "/transforms/{id}")
    api.call("PUT", f"/transforms/{transform['id']}/deploy-job-preview/no-version", "/transforms/{id}/deploy-job-preview/{version}",
             params={"replay_window": "1h"})
    api.call("PUT", f"/transforms/{transform['id']}/deploy-job-live/no-version", "/transforms/{id}/deploy-job-live/{version}")
    api.call("GET", f"/transforms/{transform['id']}/job_status", "/transforms/{id}/job_status")
    route = {"id": transform["id"], "name": "contract-mask", "start_time": None, "topic": "t", "topic_id": "x.t"}
    body = pipeline_body("contract-pipe", ends["sources"], ends["destinations"], transforms=[route],
                         topic_auto_discovery_transforms=[{"transform_id": transform["id"], "regex": ".*"}])
    pipeline = api.call("POST", "/pipelines", "/pipelines", json=body)
    api.call("PUT", f"/pipelines/{pipeline['id']}", "/pipelines/{id}", json=dict(body, snapshot_new_tables=True))
    api.call("GET", "/pipelines", "/pipelines", params={"source_id": ends["sources"]["id"]})
    api.call("GET", f"/pipelines/{pipeline['id']}", "/pipelines/{id}")
    operations(api, ends["sources"], pipeline)
    api.call("DELETE", f"/pipelines/{pipeline['id']}", "/pipelines/{id}")
    api.call("DELETE", "/transforms", "/transforms", params={"id": transform["id"]})
    for kind, entity in ends.items():
        api.call("DELETE", f"/{kind}/{entity['id']}", f"/{kind}/{{id}}")
    api.call("DELETE", f"/tags/{tag['id']}", "/tags/{id}")
    # The other shape of the connector schema answer: {display name: {"config": [...]}}.
    requests.post(f"{sim.url}/_sim/settings", json={"schema_shape": "object"}, timeout=10).raise_for_status()
    api.call("GET", "/sources/connectors", "/sources/connectors", params={"connector_code": "postgresql"})
    assert api.problems == []
    assert {f"{fact.method.upper()} {fact.path}" for fact in api_drift.load_facts(FACTS) if fact.place == "answer"} <= api.checked
