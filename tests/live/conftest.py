"""The live suite (suite/) is collected only under its runner (python -m tests.live), which checks
consent and credentials and cleans up after it; `pytest tests/live` runs the selftests alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.live.settings import SETTINGS_KEY

SUITE = Path(__file__).parent / "suite"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path == SUITE and SETTINGS_KEY not in config.stash:
        return True
    return None
