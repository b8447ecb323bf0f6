"""Save the result of every registered task to $RESULTS_FILE as JSON (integration tests only).

Cheaper than a copy task in the playbook (no module run): each playbook run of the tests saves
its results this way. The last registered task wins.
"""
from __future__ import annotations

import json
import os
from typing import Any

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: save_results
type: aggregate
short_description: save registered task results for the integration tests
description:
  - Writes the result of each task that has C(register) to the file named by E(RESULTS_FILE).
requirements:
  - enable in configuration
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "save_results"
    CALLBACK_NEEDS_ENABLED = True

    def _save(self, result: Any, failed: bool) -> None:
        path = os.environ.get("RESULTS_FILE")
        if not path or not result._task.register:
            return
        # As the registered variable has it: callbacks get the result without its "failed" flag.
        saved = dict(result._result, failed=failed)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(saved, handle, default=str)

    def v2_runner_on_ok(self, result: Any) -> None:
        self._save(result, failed=False)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._save(result, failed=True)
