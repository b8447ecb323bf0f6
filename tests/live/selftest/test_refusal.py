"""The suite refuses to start (exit 2, a message naming what to set, not one request sent) without
consent, an API URL or credentials, or with a LIVE_VARS file of the wrong shape."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.selftest.conftest import ROOT, Sim

WRONG_SHAPE = """\
live_source:
  connector: postgresql
  config: not a mapping
  colour: blue
live_pipeline:
  topics: []
"""


@pytest.mark.parametrize(("changes", "reasons"), [
    ({"STREAMKAP_LIVE_TESTS": None}, ["STREAMKAP_LIVE_TESTS is not 1", "set STREAMKAP_LIVE_TESTS=1"]),
    ({"STREAMKAP_LIVE_TESTS": "yes"}, ["STREAMKAP_LIVE_TESTS is not 1"]),
    ({"STREAMKAP_API_URL": None}, ["STREAMKAP_API_URL is not set"]),
    ({"STREAMKAP_ACCESS_TOKEN": None, "STREAMKAP_CLIENT_ID": None, "STREAMKAP_CLIENT_SECRET": None},
     ["no credentials: set STREAMKAP_ACCESS_TOKEN, or STREAMKAP_CLIENT_ID and STREAMKAP_CLIENT_SECRET"]),
    ({"STREAMKAP_CLIENT_SECRET": None}, ["STREAMKAP_CLIENT_ID is set but STREAMKAP_CLIENT_SECRET is not"]),
    ({"STREAMKAP_LIVE_TESTS": None, "STREAMKAP_API_URL": None, "STREAMKAP_ACCESS_TOKEN": None,
      "STREAMKAP_CLIENT_ID": None, "STREAMKAP_CLIENT_SECRET": None},
     ["STREAMKAP_LIVE_TESTS is not 1", "STREAMKAP_API_URL is not set", "no credentials"]),
    ({"LIVE_VARS": "no/such/vars.yml"}, ["LIVE_VARS=no/such/vars.yml: cannot be read"]),
], ids=["no-consent", "consent-not-1", "no-api-url", "no-credentials", "half-client-credentials",
        "nothing", "vars-file-missing"])
def test_it_refuses_to_start(sim: Sim, changes: dict[str, str | None], reasons: list[str]) -> None:
    run = sim.run(**changes)
    assert run.rc == 2, run.output
    assert "streamkap live tests: refused, nothing was run:" in run.output
    for reason in reasons:
        assert reason in run.output
    assert "docs/testing.md" in run.output
    assert sim.hook("GET", "requests") == []


def test_it_refuses_a_vars_file_of_the_wrong_shape(sim: Sim, tmp_path: Path) -> None:
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text(WRONG_SHAPE, encoding="utf-8")
    run = sim.run(LIVE_VARS=str(vars_file))
    assert run.rc == 2, run.output
    for reason in ("live_source has unknown keys colour", "live_source.config must be a mapping",
                   "live_destination must be a mapping with the keys connector, config",
                   "live_pipeline.topics is missing"):
        assert reason in run.output
    assert sim.hook("GET", "requests") == []


def test_the_suite_does_not_run_without_its_runner() -> None:
    # pytest on the suite directly would skip the consent check and the cleanup.
    run = subprocess.run([sys.executable, "-m", "pytest", "tests/live/suite", "-p", "no:cacheprovider", "-q"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "runs only through `make test-live`" in run.stdout + run.stderr
