"""No secret leaks on any path: every module path runs with -vvv (and --diff), and the complete
output and saved results must hold the client secret, every token and every secret config value
zero times.

Paths: create, no-op, update, action, check mode, diff, secret rotation, delete, API error (422),
timeout, retries (429 and 503 answers), with client credentials and with a static token; and for
the secrets no key name gives away, failures before the schema fetch (a 503 on the lookup, a wrong
client secret), after it (a 422 on the write) and `secret_returned: true`.

Besides the name-detected `database.password`, two secrets no name rule catches travel along:
`database.sslkey` (PostgreSQL source), flagged only by the connector schema and in no offline
table, and `keyfile` (BigQuery destination), known offline only from the collection's key table.

Secrets holding characters that text writers escape (a PEM key's newlines, quotes, a backslash, a
tab) are checked in every form (as they are, as str() writes them inside a dict, as JSON writes
them) in the output, the results and what the modules hand to syslog (captured through
`system_log/sitecustomize.py`), for the singular and plural modules and the stack role; so is a
password in `api_url`, given as the option or in STREAMKAP_API_URL.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from tests.integration.conftest import CLIENT_SECRET, POSTGRES_CONFIG, STATIC_TOKEN, PlaybookRun

NAME = "leak-check"
PASSWORD = "pg-Leak-Canary-8d41f2"
ROTATED_PASSWORD = "pg-Leak-Rotated-c07b95"
# Secret only by the connector schema (`encrypt`): no name rule, no offline table.
SSLKEY = "pg-SslKey-Canary-5e27a1"
# Secret offline only by the key table (and the schema once read): no name rule.
KEYFILE = "bq-Keyfile-Canary-3f9d20"
CONFIG = POSTGRES_CONFIG
BIGQUERY_CONFIG = {"defaultDataset": "analytics"}
WRONG_CLIENT_SECRET = "not-the-client-secret-41b7"
MASK = "********"
# What ansible-core puts in place of a no_log value in invocation.module_args.
NO_LOG_MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
# Secrets that str() and JSON write escaped; their runs of letters and digits are unique to them.
PEM_KEY = ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC7d41\n"
           "LeakCanaryPemBody0b93e2QzXw\n-----END PRIVATE KEY-----\n")
QUOTED_PASSWORD = "pg-Q'uo\"ted\\Canary\t5a81e7"
URL_PASSWORD = "UrlCanary9c2e4d"
SYSTEM_LOG = Path(__file__).parent / "system_log"


def with_port(port: int) -> dict[str, Any]:
    return {**CONFIG, "database.port.user.defined": port}


def source_secrets(password: str) -> dict[str, str]:
    return {"database.password": password, "database.sslkey": SSLKEY}


def run_steps(run_playbook, steps: list[dict[str, Any]], password: str, auth: str = "client", **options: Any):
    variables = {"steps": steps, "secret_config": source_secrets(password), "expect_failure": True,
                 "retry_max_delay": 0.1, **options.pop("transport", {})}
    return run_playbook("resilient.yml", variables, auth=auth, verbosity=3, **options)


def run_destination_steps(run_playbook, steps: list[dict[str, Any]], **options: Any):
    variables = {"steps": steps, "secret_config": {"keyfile": KEYFILE}, "expect_failure": True,
                 "retry_max_delay": 0.1, **options.pop("transport", {})}
    return run_playbook("destination_steps.yml", variables, auth="token", verbosity=3, **options)


def every_token(sim) -> set[str]:
    """Every access and refresh token the simulator has issued (it never forgets them)."""
    with sim.state.lock:
        return set(sim.state.access_tokens) | set(sim.state.refresh_tokens)


def add_fault(sim, **rule: Any) -> None:
    sim.hook("POST", "faults", json=rule)


def stored_config(sim, kind: str, name: str) -> dict[str, Any]:
    """The config the simulator keeps for the one entity of that name (what was really sent)."""
    with sim.state.lock:
        found = [record for record in sim.state.entities[kind].values() if record["name"] == name]
    assert len(found) == 1, f"one {kind[:-1]} named {name}"
    return found[0]["config"]


def step_results(run: PlaybookRun) -> list[dict[str, Any]]:
    return run.results["results"]


def assert_no_secret_in(runs: dict[str, PlaybookRun], secrets: set[str]) -> None:
    checked = sum(len(run.output) + len(json.dumps(run.results)) for run in runs.values())
    print(f"\nleak check: {len(secrets)} secrets, {len(runs)} runs, {checked} characters of output and results")
    for label, run in runs.items():
        complete = run.output + json.dumps(run.results)
        for secret in secrets:
            assert complete.count(secret) == 0, f"a secret appears in the {label} run"


def test_no_secret_appears_in_any_output_or_result(sim, run_playbook):
    step = {"name": NAME, "connector": "postgresql"}
    add_fault(sim, kind="status", status=503, method="GET", path="/sources", count=2)
    add_fault(sim, kind="status", status=429, retry_after=0, method="POST", path="/sources", count=1)
    lifecycle = run_steps(run_playbook, [
        {**step, "config": CONFIG},                                   # create, after retries
        {**step, "config": CONFIG},                                   # no-op
        {**step, "config": with_port(5433)},                          # update
        {**step, "desired_state": "Paused"},                          # action
    ], PASSWORD, diff=True)
    stored = stored_config(sim, "sources", NAME)
    check = run_steps(run_playbook, [
        {**step, "config": with_port(5434)},                          # update, predicted
        {"name": "leak-check-new", "connector": "postgresql", "config": CONFIG},  # create, predicted
        {"name": NAME, "state": "absent"},                            # delete, predicted
    ], PASSWORD, check=True, diff=True)
    rotation = run_steps(run_playbook, [
        {**step, "config": CONFIG, "update_secrets": "always"},      # secret rotation
        {"name": NAME, "state": "absent"},                            # delete
    ], ROTATED_PASSWORD, diff=True)
    add_fault(sim, kind="latency", seconds=1.5, method="GET", path="/sources", count=2)
    failures = run_steps(run_playbook, [
        {**step, "config": CONFIG},                                   # timeout, twice
        {**step, "config": {**CONFIG, "bogus.key": "x"}, "validate_config": False},  # API error 422
    ], PASSWORD, auth="token", transport={"request_timeout": 0.5, "retries": 1})

    runs = {"lifecycle": lifecycle, "check": check, "rotation": rotation, "failures": failures}
    outcomes = {label: [result.get("failed", False) for result in step_results(run)] for label, run in runs.items()}
    assert outcomes == {"lifecycle": [False] * 4, "check": [False] * 3, "rotation": [False] * 2, "failures": [True, True]}
    assert [result["changed"] for result in step_results(lifecycle)] == [True, False, True, True]
    assert "read timeout" in json.dumps(failures.results) and "HTTP 422" in json.dumps(failures.results)
    assert "api_retries" in step_results(lifecycle)[0] and step_results(lifecycle)[0]["api_retries"]
    # The secrets were really in play: sent (rotation changed the source), and masked where shown.
    assert rotation.results["results"][0]["changed"] is True
    assert (stored["database.password"], stored["database.sslkey"]) == (PASSWORD, SSLKEY)
    for result in (step_results(lifecycle)[0], step_results(lifecycle)[2], step_results(check)[1]):
        shown = result["diff"]["after"]["config"]
        assert (shown["database.password"], shown["database.sslkey"]) == (MASK, MASK)
    assert MASK in lifecycle.output

    secrets = {CLIENT_SECRET, STATIC_TOKEN, PASSWORD, ROTATED_PASSWORD, SSLKEY} | every_token(sim)
    assert len(secrets) > 5, "client credential runs must have obtained tokens"
    assert_no_secret_in(runs, secrets)


def test_a_schema_only_secret_stays_hidden_before_and_after_the_schema_fetch(sim, run_playbook):
    step = {"name": NAME, "connector": "postgresql"}
    wrong_secret = run_steps(run_playbook, [{**step, "config": CONFIG}], PASSWORD,
                             env={"STREAMKAP_CLIENT_SECRET": WRONG_CLIENT_SECRET})
    sim.create_source(NAME, {**CONFIG, **source_secrets(PASSWORD)})
    add_fault(sim, kind="status", status=503, method="GET", path="/sources", count=1)
    add_fault(sim, kind="status", status=422, method="PUT", path="/sources/", count=1,
              body={"detail": "Invalid config"})
    failures = run_steps(run_playbook, [
        {**step, "config": with_port(5440)},                          # 503 on the lookup: before the schema fetch
        {**step, "config": with_port(5440)},                          # 422 on the write: after it
    ], PASSWORD, auth="token", diff=True, transport={"retries": 0})
    schema_reads = [call for call in sim.calls() if call == ("GET", "/sources/connectors")]
    sim.clear_log()
    returned = run_steps(run_playbook, [
        {**step, "config": CONFIG, "secret_returned": True},          # no-op
        {**step, "config": with_port(5441), "secret_returned": True},  # update
    ], PASSWORD, auth="token", diff=True)

    assert [result.get("failed", False) for result in step_results(wrong_secret)] == [True]
    assert "HTTP 401" in step_results(wrong_secret)[0]["msg"]
    assert [result.get("failed", False) for result in step_results(failures)] == [True, True]
    assert "HTTP 503" in step_results(failures)[0]["msg"] and "HTTP 422" in step_results(failures)[1]["msg"]
    assert len(schema_reads) == 1, "only the second step got as far as the schema"
    assert [(result.get("failed", False), result["changed"]) for result in step_results(returned)] == [(False, False), (False, True)]
    source_id = step_results(returned)[1]["source"]["id"]
    assert [call for call in sim.calls() if not call[1].startswith("/auth/")] == [
        ("GET", "/sources"),                                          # the no-op: the lookup only, no schema
        ("GET", "/sources"), ("GET", "/sources/connectors"), ("PUT", f"/sources/{source_id}")]
    # In play: stored as sent, and the task's own values hidden from the invocation.
    assert stored_config(sim, "sources", NAME)["database.sslkey"] == SSLKEY
    for result in step_results(returned) + step_results(failures):
        given = result["invocation"]["module_args"]["config"]
        assert (given["database.password"], given["database.sslkey"]) == (NO_LOG_MASK, NO_LOG_MASK)
        assert given["database.hostname.user.defined"] == CONFIG["database.hostname.user.defined"]

    runs = {"wrong secret": wrong_secret, "failures": failures, "secret_returned": returned}
    assert_no_secret_in(runs, {CLIENT_SECRET, WRONG_CLIENT_SECRET, STATIC_TOKEN, PASSWORD, SSLKEY} | every_token(sim))


def test_a_secret_known_only_from_the_offline_table_stays_hidden(sim, run_playbook):
    step = {"name": "leak-check-bq", "connector": "bigquery"}
    lifecycle = run_destination_steps(run_playbook, [
        {**step, "config": BIGQUERY_CONFIG},                          # create
        {**step, "config": BIGQUERY_CONFIG},                          # no-op
        {**step, "config": {"defaultDataset": "events"}},             # update
        {**step, "config": {"defaultDataset": "events"}, "secret_returned": True},  # no-op, secrets returned
    ], diff=True)
    stored = stored_config(sim, "destinations", step["name"])
    schema_reads = sim.calls().count(("GET", "/destinations/connectors"))
    check = run_destination_steps(run_playbook, [
        {**step, "config": {"defaultDataset": "other"}},              # update, predicted
        {"name": "leak-check-bq-new", "connector": "bigquery", "config": BIGQUERY_CONFIG},  # create, predicted
    ], check=True, diff=True)
    add_fault(sim, kind="status", status=503, method="GET", path="/destinations", count=1)
    add_fault(sim, kind="status", status=422, method="PUT", path="/destinations/", count=1,
              body={"detail": "Invalid config"})
    failures = run_destination_steps(run_playbook, [
        {**step, "config": {"defaultDataset": "again"}},              # 503 on the lookup
        {**step, "config": {"defaultDataset": "again"}},              # 422 on the write
    ], transport={"retries": 0})

    assert [(result.get("failed", False), result["changed"]) for result in step_results(lifecycle)] == [
        (False, True), (False, False), (False, True), (False, False)]
    assert [(result.get("failed", False), result["changed"]) for result in step_results(check)] == [(False, True), (False, True)]
    assert schema_reads == 2, "the create and the update read the schema, the no-op runs do not"
    assert [result.get("failed", False) for result in step_results(failures)] == [True, True]
    assert "HTTP 503" in step_results(failures)[0]["msg"] and "HTTP 422" in step_results(failures)[1]["msg"]
    # In play: stored as sent, masked where shown, hidden in the invocation.
    assert stored["keyfile"] == KEYFILE
    for result in (step_results(lifecycle)[0], step_results(lifecycle)[2], *step_results(check)):
        assert result["diff"]["after"]["config"]["keyfile"] == MASK
    for result in step_results(lifecycle) + step_results(failures):
        assert result["invocation"]["module_args"]["config"]["keyfile"] == NO_LOG_MASK

    runs = {"lifecycle": lifecycle, "check": check, "failures": failures}
    assert_no_secret_in(runs, {STATIC_TOKEN, KEYFILE})


def escaped_forms(secret: str) -> set[str]:
    """The secret as it is, as str() writes it inside a dict or list, as JSON writes it, and its
    runs of letters and digits (a fragment is a leak too)."""
    forms = {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    return forms | {run for run in re.findall(r"\w{6,}", secret) if any(char.isdigit() for char in run)}


def system_log_env(path: Path) -> dict[str, str]:
    """Environment for a run whose modules' syslog lines are appended to `path` (see system_log/sitecustomize.py)."""
    python_path = os.pathsep.join(filter(None, [str(SYSTEM_LOG), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": python_path, "SYSTEM_LOG_FILE": str(path)}


def logged_lines(path: Path) -> list[str]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def assert_no_escaped_secret_in(texts: dict[str, str], secrets: set[str]) -> None:
    for label, text in texts.items():
        for secret in secrets:
            found = sorted(form for form in escaped_forms(secret) if form in text)
            assert found == [], f"{found!r} in the {label}"


def test_escaped_secrets_stay_out_of_output_results_and_the_system_log(sim, run_playbook, tmp_path: Path):
    secrets = {"database.password": QUOTED_PASSWORD, "database.sslkey": PEM_KEY}
    log_file = tmp_path / "system.log"
    env = system_log_env(log_file)
    single = run_playbook("resilient.yml", {"steps": [
        {"name": NAME, "connector": "postgresql", "config": CONFIG},              # create
        {"name": NAME, "connector": "postgresql", "config": with_port(5433)},     # update
    ], "secret_config": secrets, "expect_failure": True},
        verbosity=3, diff=True, env=env)
    fleet = run_playbook("sources_fleet.yml", {"fleet_config": [
        {"name": "leak-check-fleet", "connector": "postgresql", "config": {**CONFIG, **secrets}}]},
        verbosity=3, diff=True, env=env)
    stack_vars = tmp_path / "stack_vars.json"
    stack_vars.write_text(json.dumps({"streamkap_sources": [
        {"name": "leak-check-stack", "connector": "postgresql", "config": {**CONFIG, **secrets}}]}), encoding="utf-8")
    stack = run_playbook("stack_apply.yml", {"stack_vars_file": str(stack_vars)}, verbosity=3, diff=True, env=env)

    assert [(result.get("failed", False), result["changed"]) for result in step_results(single)] == [(False, True), (False, True)]
    assert fleet.rc == 0 and fleet.results["summary"]["created"] == 1, fleet.output
    assert stack.rc == 0, stack.output
    # In play: stored as sent, and the modules did log their invocations.
    for name in (NAME, "leak-check-fleet", "leak-check-stack"):
        stored = stored_config(sim, "sources", name)
        assert (stored["database.password"], stored["database.sslkey"]) == (QUOTED_PASSWORD, PEM_KEY)
    logged = logged_lines(log_file)
    assert len([line for line in logged if line.startswith("Invoked with")]) >= 4, logged

    texts = {f"{label} {part}": text
             for label, run in {"source": single, "fleet": fleet, "stack": stack}.items()
             for part, text in {"output": run.output, "results": json.dumps(run.results),
                                "results (UTF-8)": json.dumps(run.results, ensure_ascii=False)}.items()}
    texts["system log"] = "\n".join(logged)
    assert_no_escaped_secret_in(texts, set(secrets.values()) | {CLIENT_SECRET})
    assert any(f"'database.sslkey': '{NO_LOG_MASK}'" in line for line in logged), "logged, without its value"


def test_a_password_in_api_url_is_hidden_everywhere(sim, run_playbook, tmp_path: Path):
    url = sim.url.replace("://", f"://svc-user:{URL_PASSWORD}@", 1)
    log_file = tmp_path / "system.log"
    from_env = run_playbook("resilient.yml", {"steps": [{"name": NAME, "connector": "postgresql", "config": CONFIG}],
                                              "secret_config": source_secrets(PASSWORD), "expect_failure": True},
                            verbosity=3, env={"STREAMKAP_API_URL": url, **system_log_env(log_file)})
    from_option = run_playbook("module_defaults.yml", {
        "defaults_api_url": url, "defaults_client_id": "demo-client-id", "defaults_client_secret": CLIENT_SECRET,
        "source_name": NAME, "source_config": {**CONFIG, **source_secrets(PASSWORD)}}, verbosity=3,
        env=system_log_env(log_file))

    refused = "api_url must not contain a user name or password"
    assert [result.get("failed", False) for result in step_results(from_env)] == [True]
    assert refused in step_results(from_env)[0]["msg"]
    assert from_option.rc != 0 and refused in from_option.output
    assert [call for call in sim.calls() if not call[1].startswith("/auth/")] == [], "nothing sent"
    module_args = step_results(from_env)[0]["invocation"]["module_args"]
    assert module_args["api_url"] == url.replace(URL_PASSWORD, MASK)
    logged = logged_lines(log_file)
    assert len([line for line in logged if line.startswith("Invoked with")]) == 2, logged

    assert_no_escaped_secret_in({"output from the environment": from_env.output,
                                 "results from the environment": json.dumps(from_env.results),
                                 "output from the option": from_option.output,
                                 "system log": "\n".join(logged)}, {URL_PASSWORD, PASSWORD, SSLKEY, CLIENT_SECRET})
