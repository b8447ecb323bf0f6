"""`python -m tests.live [pytest options]` (make test-live): the live suite against STREAMKAP_API_URL.

Refuses (exit 2) without STREAMKAP_LIVE_TESTS=1, an API URL and credentials. Otherwise runs
tests/live/suite with a new run id, and then, however the tests ended (passed, failed,
Ctrl-C or SIGTERM), deletes every entity whose name starts with this run's prefix.
"""
from __future__ import annotations

import os
import signal
import sys
import typing as t
from pathlib import Path

import pytest

from tests.live.api import LiveApi
from tests.live.cleanup import clean_up
from tests.live.settings import SETTINGS_KEY, LiveSettings, Refused, read_settings

SUITE = Path(__file__).parent / "suite"
COLLECTION = Path(__file__).resolve().parents[2] / "build" / "collections" / "ansible_collections" / "streamkap" / "cloud"
BANNER = "streamkap live tests:"
# After a failed or interrupted run, a write stopped mid-flight may still land: wait this long first.
SETTLE_SECONDS = 1.0


class LiveRun:
    """The pytest plugin that hands this run's settings to the suite (see suite/conftest.py)."""

    def __init__(self, settings: LiveSettings) -> None:
        self.settings = settings

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[SETTINGS_KEY] = self.settings


def main(argv: list[str]) -> int:
    try:
        settings = read_settings(os.environ)
    except Refused as exc:
        print(f"{BANNER} {exc}", file=sys.stderr)
        return 2
    if not COLLECTION.is_dir():
        print(f"{BANNER} the collection is not installed in build/collections: run `make install` "
              "(make test-live does)", file=sys.stderr)
        return 2
    chain = f"with the chain from {settings.vars_file}" if settings.vars_file else "without the chain (no LIVE_VARS)"
    print(f"{BANNER} run {settings.run_id} against {settings.api_url}, {chain}; "
          f"every name it creates starts with {settings.prefix}", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    exit_code: int = pytest.ExitCode.INTERRUPTED
    try:
        exit_code = pytest.main([str(SUITE), "-p", "no:cacheprovider", "-ra", *argv], plugins=[LiveRun(settings)])
    finally:
        cleaned = _clean_up(settings, settle=SETTLE_SECONDS if exit_code else 0.0)
    return exit_code or (0 if cleaned else 1)


def _clean_up(settings: LiveSettings, settle: float) -> bool:
    """Delete what the run created, shielded from Ctrl-C and SIGTERM; True when nothing is left."""
    shielded = {sig: signal.signal(sig, _refuse_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        report = clean_up(LiveApi.from_settings(settings), settings.prefix, settle=settle)
    except Exception as exc:  # whatever broke, say so: the run must not look clean
        print(f"{BANNER} cleanup failed ({type(exc).__name__}: {exc}); look for {settings.prefix}* by hand",
              file=sys.stderr, flush=True)
        return False
    finally:
        for sig, handler in shielded.items():
            signal.signal(sig, handler)
    for line in report.lines(settings.prefix):
        print(f"{BANNER} {line}", flush=True)
    return not (report.left or report.errors)


def _interrupt(signum: int, frame: t.Any) -> None:
    # SIGTERM ends the run as Ctrl-C does: pytest stops, the cleanup still runs.
    raise KeyboardInterrupt(f"signal {signum}")


def _refuse_to_stop(signum: int, frame: t.Any) -> None:
    print(f"{BANNER} cleaning up; stopping now would leave this run's entities behind", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
