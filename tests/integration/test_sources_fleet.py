"""streamkap_sources against the live simulator: every state, check and diff mode, partial failure
and the converging rerun, scope safety, and the gather-then-apply round trip."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.integration.conftest import CLIENT_SECRET, POSTGRES_CONFIG

DB_PASSWORD = "pg-Fleet-Secret-41d2"
CONFIG: dict[str, Any] = dict(POSTGRES_CONFIG, **{"database.password": DB_PASSWORD})


def entries(*names: str, **fields: Any) -> list[dict[str, Any]]:
    return [{"name": name, "connector": "postgresql", "config": dict(CONFIG), **fields} for name in names]


def fleet(run_playbook, config: list[dict[str, Any]] | None = None, state: str = "merged", **options: Any):
    variables: dict[str, Any] = {"fleet_config": config or [], "fleet_state": state}
    variables.update({f"fleet_{key}": value for key, value in options.items() if key not in ("check", "diff", "expect_failure")})
    if options.get("expect_failure"):
        variables["expect_failure"] = True
    return run_playbook("sources_fleet.yml", variables, check=options.get("check", False), diff=options.get("diff", False))


def actions(run) -> dict[str, str]:
    return {item["name"]: item["action"] for item in run.results["results"]}


def names(sim) -> set[str]:
    return {source["name"] for source in sim.api("GET", "/sources", params={"page_size": 100})["result"]}


def test_merged_creates_then_changes_nothing_with_one_read(sim, run_playbook):
    first = fleet(run_playbook, entries("m-1", "m-2", "m-3"))
    assert first.rc == 0, first.output
    assert first.results["summary"] == {"created": 3, "updated": 0, "deleted": 0, "unchanged": 0, "failed": 0}
    assert all(item["id"] and item["topics"] for item in first.results["results"])
    assert names(sim) == {"m-1", "m-2", "m-3"}

    sim.clear_log()
    second = fleet(run_playbook, entries("m-1", "m-2", "m-3"))
    assert second.rc == 0 and second.changed == 0
    assert set(actions(second).values()) == {"unchanged"}
    assert sim.writes() == []
    assert [call for call in sim.calls() if not call[1].startswith("/auth/")] == [("GET", "/sources")]


def test_check_mode_plans_and_diff_shows_only_changed_entries_masked(sim, run_playbook):
    fleet(run_playbook, entries("c-same", "c-drift"))
    config = entries("c-same") + [dict(entries("c-drift")[0], config={"database.user": "other"})] + entries("c-new")
    sim.clear_log()

    run = fleet(run_playbook, config, check=True, diff=True)

    assert run.rc == 0, run.output
    assert actions(run) == {"c-same": "unchanged", "c-drift": "updated", "c-new": "created"}
    assert sim.writes() == []
    assert names(sim) == {"c-same", "c-drift"}
    assert set(run.results["diff"]["after"]) == {"c-drift", "c-new"}
    assert set(run.results["diff"]["before"]) == {"c-drift"}
    assert "c-same" not in run.output.split("PLAY RECAP")[0].split("TASK [Apply the sources]")[1]
    assert DB_PASSWORD not in run.output and DB_PASSWORD not in json.dumps(run.results)
    assert CLIENT_SECRET not in run.output


def test_replaced_resets_left_out_keys_and_keeps_the_secret(sim, run_playbook):
    fleet(run_playbook, [dict(entries("r-1")[0], config=dict(CONFIG, **{"database.port.user.defined": 6543}))])
    source_id = sim.sources_named("r-1")[0]["id"]

    run = fleet(run_playbook, [{"name": "r-1", "connector": "postgresql", "config": dict(POSTGRES_CONFIG)}], state="replaced")

    assert run.rc == 0, run.output
    assert actions(run) == {"r-1": "updated"}
    stored = sim.record(source_id)
    assert stored["config"]["database.port.user.defined"] in (5432, "5432")
    assert stored["config"]["database.password"] == DB_PASSWORD
    again = fleet(run_playbook, [{"name": "r-1", "connector": "postgresql", "config": dict(POSTGRES_CONFIG)}], state="replaced")
    assert again.changed == 0, again.output


def test_overridden_never_deletes_outside_its_scope(sim, run_playbook):
    fleet(run_playbook, entries("team-a-1", "team-a-2", "team-a-old", "team-b-1", "TEAM-a-x"))
    sim.clear_log()

    run = fleet(run_playbook, entries("team-a-1", "team-a-2", "team-a-new"), state="overridden",
                scope={"name_prefix": "team-a-"})

    assert run.rc == 0, run.output
    assert actions(run) == {"team-a-1": "unchanged", "team-a-2": "unchanged", "team-a-new": "created", "team-a-old": "deleted"}
    assert names(sim) == {"team-a-1", "team-a-2", "team-a-new", "team-b-1", "TEAM-a-x"}
    deletes = [entry for entry in sim.writes() if entry["method"] == "DELETE"]
    assert len(deletes) == 1

    missing_scope = fleet(run_playbook, entries("team-a-1"), state="overridden", expect_failure=True)
    assert missing_scope.results["failed"] is True and "scope" in missing_scope.results["msg"]


def test_deleted_by_entries_and_by_scope(sim, run_playbook):
    fleet(run_playbook, entries("d-1", "d-2", "tmp-1", "tmp-2", "keep"))

    listed = fleet(run_playbook, [{"name": "d-1"}, {"name": "d-gone"}], state="deleted")
    assert listed.rc == 0, listed.output
    assert actions(listed) == {"d-1": "deleted", "d-gone": "unchanged"}

    scoped = fleet(run_playbook, [], state="deleted", scope={"name_prefix": "tmp-"})
    assert scoped.rc == 0, scoped.output
    assert scoped.results["summary"]["deleted"] == 2
    assert names(sim) == {"d-2", "keep"}

    refused = fleet(run_playbook, [{"name": "keep"}], state="deleted", scope={"name_prefix": "tmp-"}, expect_failure=True)
    assert refused.results["failed"] is True and "outside the scope" in refused.results["msg"]
    assert "keep" in names(sim)


def test_rendered_sends_nothing(sim, run_playbook):
    sim.clear_log()
    run = fleet(run_playbook, entries("x-1"), state="rendered")
    assert run.rc == 0, run.output
    assert run.results["rendered"][0]["name"] == "x-1"
    assert run.results["rendered"][0]["config"]["database.password"] == "********"
    assert sim.requests_log() == []


def test_bad_entries_fail_before_any_write_listing_each(sim, run_playbook):
    config = entries("ok-1") + [{"name": "bad-1", "colour": "red"}, {"name": "bad-2", "desired_state": "Running"}] + entries("ok-1")
    sim.clear_log()
    run = fleet(run_playbook, config, expect_failure=True)
    assert run.results["failed"] is True
    for label in ("config[1] ('bad-1')", "config[2] ('bad-2')"):
        assert label in run.results["msg"]
    assert sim.requests_log() == []


def test_partial_failure_applies_the_others_and_a_rerun_converges(sim, run_playbook):
    sim.hook("POST", "faults", json={"kind": "status", "status": 400, "body": "injected refusal",
                                     "method": "POST", "path": "/sources", "count": 1})
    config = entries("p-1", "p-2", "p-3", "p-4")

    first = fleet(run_playbook, config, expect_failure=True)

    assert first.results["failed"] is True
    failed = [name for name, action in actions(first).items() if action == "failed"]
    assert len(failed) == 1 and failed[0] in first.results["msg"]
    assert first.results["summary"]["created"] == 3
    assert names(sim) == {"p-1", "p-2", "p-3", "p-4"} - set(failed)

    rerun = fleet(run_playbook, config)
    assert rerun.rc == 0, rerun.output
    assert actions(rerun)[failed[0]] == "created"
    assert rerun.results["summary"]["unchanged"] == 3
    assert names(sim) == {"p-1", "p-2", "p-3", "p-4"}


def test_429_with_retry_after_is_waited_out_by_every_writer(sim, run_playbook):
    sim.hook("POST", "faults", json={"kind": "status", "status": 429, "retry_after": 1,
                                     "method": "POST", "path": "/sources", "count": 2})
    run = fleet(run_playbook, entries("q-1", "q-2", "q-3", "q-4", "q-5", "q-6"), max_writes=3)
    assert run.rc == 0, run.output
    assert run.results["summary"]["created"] == 6
    assert len(names(sim)) == 6


def test_gathered_then_applied_changes_nothing(sim, run_playbook, tmp_path: Path):
    fleet(run_playbook, entries("g-1", "g-2") + entries("g-paused", desired_state="Paused"))
    sim.hook("POST", "seed", json={"count": 3, "prefix": "g-seed-"})

    gathered = fleet(run_playbook, [], state="gathered", scope={"name_prefix": "g-"})
    assert gathered.rc == 0 and gathered.changed == 0
    listing = gathered.results["gathered"]
    assert {item["name"] for item in listing} == {"g-1", "g-2", "g-paused", "g-seed-1", "g-seed-2", "g-seed-3"}
    assert all("database.password" not in item["config"] for item in listing)
    assert DB_PASSWORD not in gathered.output

    # Through a vars file, as a user would keep it.
    vars_file = tmp_path / "gathered.yml"
    vars_file.write_text(yaml.safe_dump({"fleet_config": listing}), encoding="utf-8")
    sim.clear_log()
    for state in ("merged", "replaced"):
        applied = fleet(run_playbook, yaml.safe_load(vars_file.read_text(encoding="utf-8"))["fleet_config"], state=state)
        assert applied.rc == 0, applied.output
        assert applied.changed == 0, applied.output
        assert set(actions(applied).values()) == {"unchanged"}
    assert sim.writes() == []


def test_parallel_writers_share_one_token_renewal_per_expiry(sim, run_playbook):
    """Tokens expire every 2 s while 4 writers create 8 slow sources (3 s): every expiry is renewed
    once for all of them, never once per writer."""
    sim.settings(token_ttl=2)
    sim.hook("POST", "faults", json={"kind": "latency", "seconds": 1.5, "method": "POST", "path": "/sources", "count": 8})

    run = fleet(run_playbook, entries(*(f"t-{number}" for number in range(8))), max_writes=4)

    assert run.rc == 0, run.output
    assert run.results["summary"]["created"] == 8
    log = sim.requests_log()
    renewals = [entry["time"] for entry in log if entry["path"].startswith("/auth/")]
    assert len(renewals) >= 2, "the token never expired during the writes"
    # Each renewal answers one expiry: two renewals closer than the token's life would mean two
    # writers renewed the same expired token.
    gaps = [later - earlier for earlier, later in zip(renewals, renewals[1:])]
    assert all(gap >= 1.0 for gap in gaps), gaps
    rejected = [entry for entry in log if entry["status"] == 401]
    assert len(renewals) - 1 <= len(rejected)


def test_secrets_stay_out_of_vvv_output_and_failures(sim, run_playbook):
    variables = {"fleet_config": entries("v-1", "v-2"), "fleet_state": "merged"}
    runs = [run_playbook("sources_fleet.yml", variables, verbosity=3, diff=True)]
    sim.hook("POST", "faults", json={"kind": "status", "status": 400, "body": "refused", "method": "PUT", "count": 1})
    changed = [dict(entry, config=dict(CONFIG, **{"database.user": "other"})) for entry in entries("v-1")]
    runs.append(run_playbook("sources_fleet.yml", dict(variables, fleet_config=changed, expect_failure=True), verbosity=3))
    assert runs[0].rc == 0, runs[0].output
    assert runs[1].results["failed"] is True and "refused" in runs[1].results["msg"]
    for run in runs:
        assert DB_PASSWORD not in run.output and DB_PASSWORD not in json.dumps(run.results)
        assert CLIENT_SECRET not in run.output
