"""The live suite, whole, against the simulator: both ways of authenticating and the chain run,
everything passes, nothing of the run is left, and nothing else is touched."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tests.live.selftest.conftest import SIM_VARS, Sim

# Secret values of vars.simulator.yml: never in the output.
SIM_SECRETS = ("live-sim-Pg-secret-4e1", "live-sim-Sf-key-9b2")


def outcomes(junit: Path) -> dict[str, str]:
    """test name -> passed, failed, error or skipped (with its message)."""
    found = {}
    for case in ET.parse(junit).iter("testcase"):
        verdict = next(iter(case), None)
        found[case.get("name")] = "passed" if verdict is None else f"{verdict.tag}: {verdict.get('message')}"
    return found


def test_the_whole_suite_passes_and_leaves_nothing(sim: Sim, bystanders, tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    run = sim.run(f"--junit-xml={junit}", LIVE_VARS=str(SIM_VARS))
    assert run.rc == 0, run.output
    results = outcomes(junit)
    assert set(results.values()) == {"passed"}, results
    assert {"test_an_access_token_alone_authenticates", "test_client_credentials_alone_authenticate",
            "test_every_kind_reads_as_the_api_lists_it", "test_a_tag_is_created_left_alone_updated_and_deleted",
            "test_a_create_in_check_mode_writes_nothing", "test_the_chain_is_created_left_alone_and_torn_down",
            "test_an_unknown_connector_fails_clearly_and_creates_nothing"} <= set(results)
    assert f"cleanup: nothing named {run.prefix}* remains" in run.output
    assert sim.named(run.prefix) == []
    assert sim.everything() == bystanders
    assert not [secret for secret in (*SIM_SECRETS, sim.settings.access_token, sim.settings.client_secret)
                if secret in run.output]


def test_what_cannot_run_is_reported_as_not_run(sim: Sim, tmp_path: Path) -> None:
    # A token alone and no LIVE_VARS: the client-credentials test and the chain are reported, not failed.
    junit = tmp_path / "junit.xml"
    run = sim.run(f"--junit-xml={junit}", "-k", "authenticate or chain", STREAMKAP_CLIENT_ID=None, STREAMKAP_CLIENT_SECRET=None)
    assert run.rc == 0, run.output
    assert outcomes(junit) == {
        "test_an_access_token_alone_authenticates": "passed",
        "test_client_credentials_alone_authenticate":
            "skipped: not run: STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET are not set",
        "test_the_chain_is_created_left_alone_and_torn_down":
            "skipped: not run: LIVE_VARS is not set (a test database and destination; see tests/live/vars.example.yml)",
    }
    assert "without the chain (no LIVE_VARS)" in run.output
