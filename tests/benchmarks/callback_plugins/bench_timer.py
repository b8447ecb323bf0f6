"""Time every task of a play and count its item outcomes; write them to $BENCH_TIMINGS_FILE as JSON.

A looped task runs all its items in one worker, one after the other, between the task's start
event and its one final result event: that interval is the whole loop, and the time between two
item results is one item. The playbook's start-up (parsing, inventory, plugin loading) falls
outside every interval.
"""
from __future__ import annotations

import json
import os
import time
from typing import Any

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: bench_timer
type: aggregate
short_description: per-task wall time and item counts for the streamkap.cloud benchmarks
description:
  - Writes the duration and item outcomes of every task to the file named by E(BENCH_TIMINGS_FILE).
requirements:
  - enable in configuration
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tasks: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None

    def v2_playbook_on_task_start(self, task: Any, is_conditional: bool) -> None:
        self._current = {"name": task.get_name(), "start": time.perf_counter(), "end": None,
                         "ok": 0, "changed": 0, "failed": 0, "skipped": 0, "messages": [], "item_ends": []}
        self._tasks.append(self._current)

    def _item(self, result: Any, outcome: str) -> None:
        if self._current is None:
            return
        self._current[outcome] += 1
        self._current["item_ends"].append(time.perf_counter())
        if outcome == "ok" and result._result.get("changed"):
            self._current["changed"] += 1
        if outcome == "failed":
            self._current["messages"].append(str(result._result.get("msg", ""))[:300])

    def v2_runner_item_on_ok(self, result: Any) -> None:
        self._item(result, "ok")

    def v2_runner_item_on_failed(self, result: Any) -> None:
        self._item(result, "failed")

    def v2_runner_item_on_skipped(self, result: Any) -> None:
        self._item(result, "skipped")

    def _done(self, result: Any, failed: bool = False) -> None:
        if self._current is None:
            return
        self._current["end"] = time.perf_counter()
        if failed and not self._current["failed"]:
            self._current["failed"] = 1
            self._current["messages"].append(str(result._result.get("msg", ""))[:300])

    def v2_runner_on_ok(self, result: Any) -> None:
        self._done(result)

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._done(result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._done(result, failed=True)

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._done(result, failed=True)

    def v2_playbook_on_stats(self, stats: Any) -> None:
        path = os.environ.get("BENCH_TIMINGS_FILE")
        if not path:
            return
        tasks = [dict(task, seconds=(task["end"] - task["start"]) if task["end"] else None,
                      item_seconds=_item_durations(task)) for task in self._tasks]
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(tasks, handle)


def _item_durations(task: dict[str, Any]) -> list[float]:
    """Time of each item: from the previous item's result (the first: from the task's start) to its own."""
    ends = task["item_ends"]
    return [end - begin for begin, end in zip([task["start"], *ends[:-1]], ends)]
