"""Delete what one live run created: every entity whose name starts with the run's prefix, and
nothing else, in dependency order (pipelines, then destinations and sources, then tags).

The API deletes asynchronously: an entity may stay listed for a while after its delete was
accepted, and a source stays in use until its pipeline is really gone. So each stage lists again
until nothing of it is left (or its time is up) before the next stage starts.
"""
from __future__ import annotations

import time
import typing as t
from dataclasses import dataclass, field

from tests.live.api import KINDS, ApiError, LiveApi
from tests.live.settings import NAME_PREFIX

STAGES = (("pipelines",), ("destinations", "sources"), ("tags",))
FIRST_PAUSE = 0.2
MAX_PAUSE = 5.0
# Whole passes over the stages: one more when the check after a pass still finds something.
PASSES = 3


@dataclass
class CleanupReport:
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    def lines(self, prefix: str) -> list[str]:
        done = f"removed {len(self.removed)}: " + ", ".join(self.removed) if self.removed else "nothing to remove"
        lines = [f"cleanup of {prefix}*: {done}"]
        lines += [f"cleanup error: {error}" for error in self.errors]
        if self.left:
            lines.append(f"LEFT BEHIND (delete them by hand): {', '.join(self.left)}")
        else:
            lines.append(f"cleanup: nothing named {prefix}* remains")
        return lines


def clean_up(api: LiveApi, prefix: str, *, stage_timeout: float = 300.0, settle: float = 0.0,
             sleep: t.Callable[[float], t.Any] = time.sleep,
             clock: t.Callable[[], float] = time.monotonic) -> CleanupReport:
    """Delete every entity named `prefix`*; `settle` seconds first (a write stopped mid-flight may land late)."""
    # A run's prefix holds its run id: anything shorter could match other runs' or users' entities.
    if not prefix.startswith(NAME_PREFIX) or len(prefix) <= len(NAME_PREFIX) + 1 or not prefix.endswith("-"):
        raise ValueError(f"refusing to clean up by the prefix {prefix!r}: not a run's prefix")
    report = CleanupReport()
    sleep(settle)
    for _pass in range(PASSES):
        for stage in STAGES:
            _clear_stage(api, prefix, stage, report, stage_timeout, sleep, clock)
        report.left = _remaining(api, prefix, report)
        if not report.left:
            break
    return report


def _clear_stage(api: LiveApi, prefix: str, stage: tuple[str, ...], report: CleanupReport, timeout: float,
                 sleep: t.Callable[[float], t.Any], clock: t.Callable[[], float]) -> None:
    deadline = clock() + timeout
    asked: set[tuple[str, str]] = set()
    failures: dict[tuple[str, str], str] = {}
    pause = FIRST_PAUSE
    while True:
        try:
            found = [(kind, item) for kind in stage for item in api.named(kind, prefix)]
        except ApiError as exc:
            found, failures[("list", ",".join(stage))] = [], str(exc)
        else:
            failures.pop(("list", ",".join(stage)), None)
            if not found:
                return
        for kind, item in found:
            key = (kind, item["id"])
            if key in asked:
                continue  # its delete was accepted: wait for it to go
            try:
                if api.delete(kind, item["id"]):
                    report.removed.append(f"{kind[:-1]} {item['name']} ({item['id']})")
                asked.add(key)
                failures.pop(key, None)
            except ApiError as exc:
                failures[key] = str(exc)  # in use, or busy: tried again next round
        if clock() >= deadline:
            report.errors.extend(failures.values())
            return
        sleep(pause)
        pause = min(pause * 2, MAX_PAUSE)


def _remaining(api: LiveApi, prefix: str, report: CleanupReport) -> list[str]:
    left = []
    for kind in KINDS:
        try:
            left.extend(f"{kind[:-1]} {item['name']} ({item['id']})" for item in api.named(kind, prefix))
        except ApiError as exc:
            report.errors.append(str(exc))
            left.append(f"{kind} (could not be listed)")
    return left
