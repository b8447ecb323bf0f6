"""tools/api_drift.py, loaded as a module for the tests (tools/ is no package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "api_drift.py"
FACTS = ROOT / "tests" / "contract" / "api_facts.yml"

_spec = importlib.util.spec_from_file_location("api_drift", TOOL)
api_drift = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = api_drift  # dataclasses look their module up while the class is built
_spec.loader.exec_module(api_drift)
