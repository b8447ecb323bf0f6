"""The cleanup's rules on an API double: a prefix that is not a run's is refused, a stage waits for
asynchronous deletes before the next starts, and what cannot be deleted in time is reported."""
from __future__ import annotations

import typing as t

import pytest

from tests.live.api import ApiError
from tests.live.cleanup import clean_up

PREFIX = "ansible-live-0123abcd-"


class SlowApi:
    """Deleted entities stay listed for `lag` more listings; a source or destination is refused (409)
    while a pipeline still lists it; `stuck` names are refused forever."""

    def __init__(self, names: dict[str, list[str]], lag: int = 0, stuck: t.Collection[str] = ()) -> None:
        self.entities = {kind: {f"{kind}-{index}": name for index, name in enumerate(listed)} for kind, listed in names.items()}
        self.lag = lag
        self.stuck = set(stuck)
        self.dying: dict[tuple[str, str], int] = {}
        self.calls: list[tuple[str, str, str]] = []

    def named(self, kind: str, prefix: str) -> list[dict[str, t.Any]]:
        self.calls.append(("list", kind, prefix))
        for key in [key for key in self.dying if key[0] == kind]:
            self.dying[key] -= 1
            if self.dying[key] < 0:
                del self.dying[key], self.entities[kind][key[1]]
        return [{"id": entity_id, "name": name} for entity_id, name in self.entities.get(kind, {}).items()
                if name.startswith(prefix)]

    def delete(self, kind: str, entity_id: str) -> bool:
        self.calls.append(("delete", kind, self.entities[kind][entity_id]))
        if self.entities[kind][entity_id] in self.stuck or (kind != "pipelines" and self.entities.get("pipelines")):
            raise ApiError("DELETE", f"/{kind}/{entity_id}", 409, "in use")
        self.dying[(kind, entity_id)] = self.lag
        return True

    def deletes(self) -> list[str]:
        return [name for call, _kind, name in self.calls if call == "delete"]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def run(api: SlowApi, clock: Clock, **options: t.Any):
    return clean_up(api, PREFIX, sleep=clock.sleep, clock=lambda: clock.now, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("prefix", ["", "ansible-live-", "ansible-live--", "ansible-live-0123abcd", "keep-"])
def test_a_prefix_that_is_not_a_run_s_is_refused(prefix: str) -> None:
    api = SlowApi({"tags": ["keep-tag", f"{PREFIX}tag"]})
    with pytest.raises(ValueError, match="not a run's prefix"):
        clean_up(api, prefix)  # type: ignore[arg-type]
    assert api.calls == []


def test_each_stage_waits_for_its_deletes_to_be_gone() -> None:
    api = SlowApi({"pipelines": [f"{PREFIX}pipeline"], "sources": [f"{PREFIX}source", "keep-source"],
                   "destinations": [f"{PREFIX}destination"], "tags": [f"{PREFIX}tag", "ansible-live-99999999-tag"]},
                  lag=2)
    clock = Clock()
    report = run(api, clock)
    # No source or destination delete was tried while the pipeline was still listed.
    assert api.deletes() == [f"{PREFIX}pipeline", f"{PREFIX}destination", f"{PREFIX}source", f"{PREFIX}tag"]
    assert (report.errors, report.left) == ([], [])
    assert [line.split(" (")[0] for line in report.removed] == [
        f"pipeline {PREFIX}pipeline", f"destination {PREFIX}destination", f"source {PREFIX}source", f"tag {PREFIX}tag"]
    assert api.entities == {"pipelines": {}, "sources": {"sources-1": "keep-source"}, "destinations": {},
                            "tags": {"tags-1": "ansible-live-99999999-tag"}}
    assert clock.slept[:2] == [0.0, 0.2]  # no settle asked; then the first, short pause


def test_what_cannot_be_deleted_in_time_is_reported_and_the_rest_still_goes() -> None:
    api = SlowApi({"sources": [f"{PREFIX}source"], "tags": [f"{PREFIX}tag"]}, stuck={f"{PREFIX}source"})
    clock = Clock()
    report = run(api, clock, stage_timeout=30)
    assert report.errors and all("409 in use" in error for error in report.errors)
    assert report.left == [f"source {PREFIX}source (sources-0)"]
    assert [line.split(" (")[0] for line in report.removed] == [f"tag {PREFIX}tag"]
    assert max(clock.slept) == 5.0  # the pause grows, and stays bounded
    assert any(line.startswith("LEFT BEHIND") for line in report.lines(PREFIX))
