"""Fixtures of the live suite: this run's settings (from the runner), the API for checks, and real
ansible-playbook runs of tests/live/playbooks against STREAMKAP_API_URL.

Every name a test creates is `live.prefix` + something: the runner's cleanup deletes those, and only those.
"""
from __future__ import annotations

import typing as t
from pathlib import Path

import pytest

from tests.live.api import LiveApi
from tests.live.settings import SETTINGS_KEY, VARS_FILE_VAR, LiveSettings
from tests.support import PlaybookRun, ansible_playbook_env, run_playbook

ROOT = Path(__file__).resolve().parents[3]
COLLECTIONS = ROOT / "build" / "collections"
PLAYBOOKS = Path(__file__).resolve().parents[1] / "playbooks"


@pytest.fixture(scope="session")
def live(request: pytest.FixtureRequest) -> LiveSettings:
    settings = request.config.stash.get(SETTINGS_KEY, None)
    if settings is None:
        pytest.exit("the live suite runs only through `make test-live` (python -m tests.live): "
                    "it checks consent and credentials first and cleans up afterwards", returncode=2)
    return settings


@pytest.fixture(scope="session")
def api(live: LiveSettings) -> LiveApi:
    return LiveApi.from_settings(live)


@pytest.fixture()
def chain_vars(live: LiveSettings) -> Path:
    if live.vars_file is None:
        pytest.skip(f"not run: {VARS_FILE_VAR} is not set (a test database and destination; "
                    "see tests/live/vars.example.yml)")
    return live.vars_file


class Playbook(t.Protocol):
    def __call__(self, name: str, extra_vars: dict[str, t.Any] | None = None, *, auth: str = "any",
                 check: bool = False, vars_file: Path | None = None) -> PlaybookRun:
        ...


@pytest.fixture()
def playbook(live: LiveSettings, tmp_path: Path) -> Playbook:
    """Run a playbook of tests/live/playbooks with `live_prefix` set, and the credentials `auth` names."""
    runs = iter(range(1000))

    def run(name: str, extra_vars: dict[str, t.Any] | None = None, *, auth: str = "any",
            check: bool = False, vars_file: Path | None = None) -> PlaybookRun:
        options = (["--check"] if check else []) + (["-e", f"@{vars_file}"] if vars_file else [])
        env = ansible_playbook_env(live.api_url, COLLECTIONS, ANSIBLE_FORCE_COLOR="0", **live.credentials(auth))
        result = run_playbook(PLAYBOOKS / name, env, tmp_path, extra_vars={"live_prefix": live.prefix, **(extra_vars or {})},
                              options=options, results_file=tmp_path / f"results-{next(runs)}.json")
        # Not `assert secret not in ...`: pytest would print the secret in the failure report.
        leaked = any(secret in result.output for secret in live.secrets())
        assert not leaked, f"{name}: a credential shows in the ansible-playbook output"
        return result

    return run
