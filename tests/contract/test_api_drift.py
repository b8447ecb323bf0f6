# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""tools/api_drift.py: the comparison of facts with an OpenAPI document, its report and exit codes."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import typing as t
from pathlib import Path

import pytest
import yaml

from tests.contract.drift_tool import ROOT, TOOL, api_drift
from tests.simulator.harness import free_port

CONFIRMED, MISSING, DIFFERENT = api_drift.CONFIRMED, api_drift.MISSING, api_drift.DIFFERENT


def document(**paths: t.Any) -> dict[str, t.Any]:
    """An OpenAPI document: a source create, list and action, with components the operations refer to."""
    base: dict[str, t.Any] = {
        "openapi": "3.1.0",
        "paths": {
            "/sources": {
                "parameters": [{"name": "secret_returned", "in": "query", "schema": {"type": "boolean"}}],
                "post": {
                    "parameters": [{"$ref": "#/components/parameters/Wait"}],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateSource"}}}},
                    "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Source"}}}}},
                },
                "get": {
                    "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"result": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}}},
                    }}}}},
                },
            },
            "/sources/{source_id}/actions/{action}": {
                "post": {
                    "parameters": [
                        {"name": "source_id", "in": "path", "schema": {"type": "string"}},
                        {"name": "action", "in": "path", "schema": {"type": "string", "enum": ["pause", "resume"]}},
                    ],
                    "responses": {"200": {"description": "ok"}},
                },
            },
            "/sources/connectors": {
                "get": {"responses": {"200": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                }}}}}},
            },
            **paths,
        },
        "components": {
            "parameters": {"Wait": {"name": "wait", "in": "query", "schema": {"type": "boolean"}}},
            "schemas": {
                "CreatedFrom": {"type": "string", "enum": ["terraform", "web", "api"]},
                "CreateSource": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "config": {"type": "object", "additionalProperties": True},
                        "created_from": {"anyOf": [{"$ref": "#/components/schemas/CreatedFrom"}, {"type": "null"}]},
                        "tags": {"type": "array", "items": {"type": "string", "enum": ["general", "sources"]}},
                    },
                },
                "Source": {
                    "allOf": [{"$ref": "#/components/schemas/Named"}],
                    "properties": {
                        "connector_status": {"anyOf": [{"type": "string"}, {"type": "null"}],
                                             "description": "Current status: Active, Paused, Stopped, Broken"},
                    },
                },
                "Named": {"properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
            },
        },
    }
    return base


def fact(call: str, place: str = "operation", field: str | None = None, mark: str = "sure",
         enum: t.Sequence[str] | None = None) -> t.Any:
    method, path = call.split(" ", 1)
    return api_drift.Fact(method.lower(), path, place, mark, field, None if enum is None else tuple(enum))


def outcome(fact_: t.Any, doc: dict[str, t.Any] | None = None) -> tuple[str, str]:
    finding = api_drift.check_fact(doc or document(), fact_)
    return finding.outcome, finding.detail


# --- operations and path templates ---

def test_an_operation_is_found_whatever_its_parameters_are_named() -> None:
    assert outcome(fact("POST /sources/{id}/actions/{action}")) == (CONFIRMED, "as /sources/{source_id}/actions/{action}")


def test_a_template_never_matches_a_literal_segment() -> None:
    assert api_drift.same_route("/sources/{id}", "/sources/{source_id}")
    assert not api_drift.same_route("/sources/{id}", "/sources/connectors")
    assert not api_drift.same_route("/sources/connectors", "/sources/{source_id}")
    assert not api_drift.same_route("/sources/{id}", "/sources/{id}/deploy")


def test_a_missing_path_and_a_missing_method_are_missing() -> None:
    assert outcome(fact("GET /pipelines"))[0] == MISSING
    assert outcome(fact("DELETE /sources"))[0] == MISSING
    assert outcome(fact("GET /pipelines", "query", "page")) == (MISSING, "the operation is missing")


# --- parameters ---

def test_query_parameters_of_the_operation_the_path_item_and_a_ref_count() -> None:
    assert outcome(fact("GET /sources", "query", "page"))[0] == CONFIRMED
    assert outcome(fact("POST /sources", "query", "secret_returned"))[0] == CONFIRMED  # the path item's
    assert outcome(fact("POST /sources", "query", "wait"))[0] == CONFIRMED  # by $ref
    assert outcome(fact("POST /sources", "query", "page")) == (MISSING, "no query parameter page")


def test_a_path_parameter_is_found_by_position_and_its_values_compared() -> None:
    assert outcome(fact("POST /sources/{id}/actions/{verb}", "path", "verb", enum=["pause"]))[0] == CONFIRMED
    assert outcome(fact("POST /sources/{id}/actions/{verb}", "path", "verb", enum=["pause", "stop"])) == (
        DIFFERENT, "the API's values lack stop (it allows: pause, resume)")


# --- bodies and answers ---

def test_body_fields_resolve_through_refs_and_any_of() -> None:
    assert outcome(fact("POST /sources", "body", "name"))[0] == CONFIRMED
    assert outcome(fact("POST /sources", "body", "config.*"))[0] == CONFIRMED
    assert outcome(fact("POST /sources", "body", "desired_state")) == (MISSING, "the body schema declares no desired_state")
    assert outcome(fact("POST /sources", "body", "name.first"))[0] == MISSING


def test_answer_fields_resolve_through_lists_maps_and_all_of() -> None:
    assert outcome(fact("GET /sources", "answer", "result[].id"))[0] == CONFIRMED  # from allOf
    assert outcome(fact("GET /sources", "answer", "result[].connector_status"))[0] == CONFIRMED
    assert outcome(fact("GET /sources/connectors", "answer", "*[].name"))[0] == CONFIRMED
    assert outcome(fact("GET /sources", "answer", "result[].config"))[0] == MISSING
    assert outcome(fact("GET /sources", "answer", "total"))[0] == MISSING


def test_an_answer_without_a_json_schema_declares_no_field() -> None:
    assert outcome(fact("POST /sources/{id}/actions/{action}", "answer", "id")) == (MISSING, "the answer schema declares no id")


# --- enums ---

def test_an_enum_through_a_ref_in_any_of_confirms_the_values_it_holds() -> None:
    assert outcome(fact("POST /sources", "body", "created_from", enum=["api", "web"]))[0] == CONFIRMED


def test_a_value_the_enum_lacks_is_different() -> None:
    assert outcome(fact("POST /sources", "body", "created_from", enum=["api", "cli"])) == (
        DIFFERENT, "the API's values lack cli (it allows: terraform, web, api)")


def test_the_enum_of_list_items_counts_for_a_list_field() -> None:
    assert outcome(fact("POST /sources", "body", "tags", enum=["sources"]))[0] == CONFIRMED
    assert outcome(fact("POST /sources", "body", "tags", enum=["users"]))[0] == DIFFERENT


def test_without_an_enum_the_description_must_name_each_value_as_a_word() -> None:
    assert outcome(fact("GET /sources", "answer", "result[].connector_status", enum=["Active", "Broken"])) == (
        CONFIRMED, "values named in its description")
    assert outcome(fact("GET /sources", "answer", "result[].connector_status", enum=["Active", "Pending"])) == (
        DIFFERENT, "the API declares no enum, and its description does not name Pending")
    assert not api_drift.names_value("Unpaused, Active", "Paused")
    assert api_drift.names_value("Desired state: Pending Delete", "Pending Delete")


def test_an_enum_on_a_field_that_declares_none_and_has_no_description_is_different() -> None:
    assert outcome(fact("POST /sources", "body", "name", enum=["orders"]))[0] == DIFFERENT


# --- exit codes and the report ---

def test_only_a_sure_fact_not_confirmed_fails_the_check() -> None:
    doc = document()
    guesses = api_drift.check_facts(doc, [fact("GET /pipelines", mark="guess"), fact("POST /sources", "body", "x", mark="likely")])
    assert [finding.outcome for finding in guesses] == [MISSING, MISSING]
    assert api_drift.exit_code(guesses) == 0
    assert api_drift.exit_code(api_drift.check_facts(doc, [fact("GET /pipelines", mark="sure")])) == 1
    different = api_drift.check_facts(doc, [fact("POST /sources", "body", "created_from", enum=["cli"])])
    assert api_drift.exit_code(different) == 1


def test_the_report_has_a_line_per_fact_and_the_counts() -> None:
    findings = api_drift.check_facts(document(), [
        fact("POST /sources"), fact("GET /pipelines", mark="guess"), fact("POST /sources", "body", "created_from", enum=["cli"]),
    ])
    lines = api_drift.report(findings, "doc.json").splitlines()
    assert lines[0] == "API drift check: 3 facts against doc.json"
    assert lines[1].split() == ["confirmed", "[sure]", "POST", "/sources"]
    assert lines[2].split()[:4] == ["missing", "[guess]", "GET", "/pipelines:"]
    assert lines[3].startswith("different  [sure]   POST /sources body created_from: the API's values lack cli")
    assert lines[4] == "1 confirmed, 1 missing, 1 different (1 of them marked sure)"
    assert lines[5] == "drift: a fact marked sure is missing or different"


# --- the facts file ---

@pytest.mark.parametrize(("data", "message"), [
    ({"operations": []}, "non-empty 'operations'"),
    ({"operations": [{"call": "FETCH /x", "mark": "sure"}]}, "'call' must be"),
    ({"operations": [{"call": "GET /x", "mark": "certain"}]}, "the mark must be one of sure, likely, guess"),
    ({"operations": [{"call": "GET /x", "mark": "sure", "headers": {}}]}, "unknown keys headers"),
    ({"operations": [{"call": "GET /x", "mark": "sure", "path": {"id": "sure"}}]}, "the path has no {id} segment"),
    ({"operations": [{"call": "GET /x", "mark": "sure", "query": {"a": {"mark": "sure"}}}]}, "non-empty 'enum'"),
    ({"operations": [{"call": "GET /x", "mark": "sure"}, {"call": "get /x", "mark": "sure"}]}, "listed twice"),
])
def test_a_malformed_facts_file_is_refused_naming_the_problem(data: t.Any, message: str) -> None:
    with pytest.raises(api_drift.FactsError, match=message.replace("{", r"\{").replace("}", r"\}").replace("(", r"\(")):
        api_drift.parse_facts(data)


def test_the_facts_file_parses_into_one_fact_per_operation_and_field() -> None:
    facts = api_drift.parse_facts(yaml.safe_load("""
operations:
  - call: POST /sources/{id}/actions/{action}
    mark: guess
    path: {action: {mark: guess, enum: [pause]}}
    answer: {id: likely}
"""))
    assert [(item.place, item.field, item.mark, item.enum) for item in facts] == [
        ("operation", None, "guess", None), ("path", "action", "guess", ("pause",)), ("answer", "id", "likely", None),
    ]


# --- the command: unusable documents exit 2 with a message, never a traceback ---

def run_tool(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The tool as `make api-drift` runs it: a process of its own."""
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, timeout=60, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", **(env or {})}, check=False)


def run_main(capsys: pytest.CaptureFixture[str], *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The tool's main() in this process (faster): exit code, output and error output."""
    code = api_drift.main(list(args), environ=env or {})
    out, err = capsys.readouterr()
    return code, out, err


def test_a_closed_port_exits_2_with_a_clear_message() -> None:
    port = free_port()  # free a moment ago: nothing listens
    result = run_tool("--api-url", f"http://127.0.0.1:{port}")
    assert result.returncode == 2
    assert result.stderr.strip() == f"api-drift: cannot reach http://127.0.0.1:{port}/openapi.json: connection refused"
    assert result.stdout == ""


class Served:
    """A loopback HTTP server answering every request with one status and body; it keeps what it was sent."""

    def __init__(self, status: int, body: bytes) -> None:
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                served.seen.append((self.command, self.path, dict(self.headers)))
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

            def log_message(self, *args: t.Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> t.Iterator[t.Callable[[int, bytes], Served]]:
    servers: list[Served] = []

    def start(status: int, body: bytes) -> Served:
        servers.append(Served(status, body))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize(("status", "body", "message"), [
    (200, b"<html><body>Bad gateway</body></html>", "/openapi.json is not JSON (it starts with b'<html><body>Bad gateway</body></html>')"),
    (200, b'{"detail": "hello"}', "/openapi.json is JSON but not an OpenAPI document (no 'openapi' version and 'paths')"),
    (502, b"<html>Bad gateway</html>", "/openapi.json answered HTTP 502"),
    (401, b'{"detail": "Not authenticated"}', "/openapi.json answered HTTP 401: set STREAMKAP_ACCESS_TOKEN, or "
                                              "STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET"),
])
def test_an_answer_that_is_no_openapi_document_exits_2(
    serve: t.Any, capsys: pytest.CaptureFixture[str], status: int, body: bytes, message: str,
) -> None:
    served = serve(status, body)
    assert run_main(capsys, "--api-url", served.url) == (2, "", f"api-drift: {served.url}{message}\n")


def test_a_refused_token_exchange_exits_2_without_showing_the_secret_or_the_answer(serve: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    served = serve(422, b'{"detail": [{"input": {"secret": "s3cr3t-value"}}]}')
    code, out, err = run_main(capsys, "--api-url", served.url,
                              env={"STREAMKAP_CLIENT_ID": "client", "STREAMKAP_CLIENT_SECRET": "s3cr3t-value"})
    assert (code, out) == (2, "")
    assert err == ("api-drift: the token exchange at POST /auth/access-token failed (HTTP 422): "
                   "check STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET\n")
    assert [(method, path) for method, path, _headers in served.seen] == [("POST", "/auth/access-token")]


def test_client_credentials_go_over_https_or_to_loopback_only(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_main(capsys, "--api-url", "http://api.example.com", env={"STREAMKAP_CLIENT_ID": "c", "STREAMKAP_SECRET": "s3cr3t"})
    assert code == 2
    assert err == "api-drift: client credentials are sent over https only (or to a loopback host), not to http://api.example.com\n"


def test_the_token_of_the_environment_is_sent_with_the_document_request(serve: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    served = serve(200, json.dumps(document()).encode())
    code, out, _err = run_main(capsys, "--api-url", served.url, env={"STREAMKAP_ACCESS_TOKEN": "tok-1"})
    assert code == 1  # the small document lacks most facts
    assert out.startswith("API drift check: ") and f"against {served.url}/openapi.json" in out.splitlines()[0]
    assert [(method, path) for method, path, _headers in served.seen] == [("GET", "/openapi.json")]
    assert served.seen[0][2]["Authorization"] == "Bearer tok-1"


def test_an_unreadable_facts_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "facts.yml"
    broken.write_text("operations: [{call: GET /x, mark: maybe}]\n")
    assert run_main(capsys, "--facts", str(broken), "--document", str(tmp_path / "none.json")) == (
        2, "", "api-drift: GET /x: the mark must be one of sure, likely, guess, got 'maybe'\n")


def test_a_saved_document_is_checked_without_the_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "openapi.json"
    saved.write_text(json.dumps(document()))
    facts = tmp_path / "facts.yml"
    facts.write_text("operations: [{call: POST /sources, mark: sure, body: {created_from: {mark: sure, enum: [api]}}}]\n")
    code, out, _err = run_main(capsys, "--facts", str(facts), "--document", str(saved))
    assert code == 0
    assert out.splitlines()[-2:] == ["2 confirmed, 0 missing, 0 different (0 of them marked sure)",
                                     "no drift in the facts marked sure"]
