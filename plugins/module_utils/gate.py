# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The health gate (streamkap_health): which pipelines, what is read of them, and the wait.

The pipelines are chosen once (by name or id, and/or by scope); each check then reads them again (their answers
embed their source and destination, connector_status included), their latest metrics and the job status of every
transform they route through, and hands the lot to health.py, which decides. It never writes.
"""

from __future__ import annotations

import dataclasses
import time
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import health, inputs, resource, tagging
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import Scope
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import read_each
from ansible_collections.streamkap.cloud.plugins.module_utils.metrics import read_many
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PIPELINE
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.transform import read_job_status

Entity = t.Dict[str, t.Any]

# Pipeline and job status reads made at once.
MAX_READS = 4


class UnhealthyError(StreamkapError):
    """The gate closed: some entity is unhealthy (after the wait, when asked to wait)."""

    def __init__(self, message: str, verdicts: t.Sequence[health.EntityHealth]) -> None:
        super().__init__(message)
        self.verdicts = verdicts

    def to_result(self) -> dict[str, t.Any]:
        return {"changed": False, "healthy": False, "entities": [verdict.as_result() for verdict in self.verdicts]}


@dataclasses.dataclass(frozen=True)
class HealthSpec:
    """Which pipelines to judge, by what thresholds, and how long to wait for them to be healthy."""

    pipelines: tuple[str, ...]
    scope: Scope
    thresholds: health.Thresholds
    wait: bool
    wait_timeout: float
    wait_interval: float

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> HealthSpec:
        spec = cls(pipelines=tuple(params.get("pipelines") or ()), scope=Scope.from_param(params.get("scope")),
                   thresholds=health.Thresholds(params.get("max_lag"), params.get("max_latency_ms")),
                   wait=params["wait"], wait_timeout=params["wait_timeout"], wait_interval=params["wait_interval"])
        spec.check()
        return spec

    def check(self) -> None:
        if not self.pipelines and not self.scope.given:
            raise StreamkapError("Give the pipelines to check (pipelines, by name or id) and/or a scope (name_prefix, tag).")
        for ref in self.pipelines:
            if not ref.strip():
                raise StreamkapError("pipelines must not hold an empty value.")
            inputs.check_identifier("pipelines", ref)
        for option in ("max_lag", "max_latency_ms"):
            value = getattr(self.thresholds, option)
            if value is not None and not value >= 0:  # NaN fails this too
                raise StreamkapError(f"{option} must be a number of at least 0; got {value}.")
        resource.check_wait_options(self.wait_timeout, self.wait_interval)

    def describe(self) -> str:
        parts = [f"pipelines {', '.join(map(repr, self.pipelines))}"] if self.pipelines else []
        return " and ".join(parts + ([f"scope {self.scope.describe()}"] if self.scope.given else []))


class Gate:
    """Judges the chosen pipelines once, or until they are healthy (wait); returns the module result."""

    def __init__(self, client: StreamkapClient, sleep: t.Callable[[float], None] = time.sleep,
                 clock: t.Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.repository = Repository(client, PIPELINE)
        self.sleep = sleep
        self.clock = clock

    def run(self, spec: HealthSpec) -> dict[str, t.Any]:
        pipelines = self.chosen(spec)
        deadline = self.clock() + spec.wait_timeout
        while True:
            verdicts = self.judge(pipelines, spec.thresholds)
            message = health.summary(verdicts)
            if not health.unhealthy(verdicts):
                return {"changed": False, "healthy": True, "entities": [verdict.as_result() for verdict in verdicts],
                        "msg": message}
            remaining = deadline - self.clock()
            if not spec.wait or remaining <= 0:
                waited = f" after waiting {spec.wait_timeout:g} seconds" if spec.wait else ""
                raise UnhealthyError(f"Unhealthy{waited}: {message}", verdicts)
            self.sleep(min(spec.wait_interval, remaining))
            pipelines = self.reread(pipelines)

    # --- reads ---

    def chosen(self, spec: HealthSpec) -> list[Entity]:
        """The pipelines named (each must exist) and those in scope, each once."""
        found: dict[t.Any, Entity] = {}
        missing = []
        for ref in spec.pipelines:
            pipeline = self.repository.by_name_or_id(ref, "pipelines")
            if pipeline is None:
                missing.append(ref)
            else:
                found.setdefault(pipeline.get("id"), pipeline)
        if missing:
            raise StreamkapError(f"No pipeline has the name or id {', '.join(map(repr, missing))}. Nothing was checked.")
        if spec.scope.given:
            for pipeline in self.in_scope(spec.scope):
                found.setdefault(pipeline.get("id"), pipeline)
        if not found:
            raise StreamkapError(f"No pipeline matches {spec.describe()}: nothing to check. Check the scope.")
        return list(found.values())

    def in_scope(self, scope: Scope) -> list[Entity]:
        params = {"partial_name": scope.name_prefix} if scope.name_prefix else {}
        tag_ids = frozenset(tagging.TagCatalog.read(self.client).resolve([scope.tag], option="scope.tag")) if scope.tag else frozenset()
        return [pipeline for pipeline in self.repository.list(dict(params, secret_returned="false")) if scope.holds(pipeline, tag_ids)]

    def reread(self, pipelines: t.Sequence[Entity]) -> list[Entity]:
        """The pipelines read again (a pipeline gone since is judged by what was read last)."""
        fresh = read_each(lambda pipeline: self.repository.get(str(pipeline["id"])), pipelines, MAX_READS)
        return [new or old for new, old in zip(fresh, pipelines)]

    def judge(self, pipelines: t.Sequence[Entity], thresholds: health.Thresholds) -> list[health.EntityHealth]:
        transform_ids = list(dict.fromkeys(transform["id"] for pipeline in pipelines for transform in health.used_transforms(pipeline)))
        statuses = read_each(lambda transform_id: read_job_status(self.client, transform_id), transform_ids, MAX_READS)
        return health.assess(pipelines, read_many(self.client, PIPELINE, pipelines), dict(zip(transform_ids, statuses)), thresholds)


def health_options() -> dict[str, dict[str, t.Any]]:
    """streamkap_health's argument spec (auth aside)."""
    return dict(
        pipelines={"type": "list", "elements": "str"},
        scope={"type": "dict", "options": {"name_prefix": {"type": "str"}, "tag": {"type": "str"}}},
        max_lag={"type": "int"},
        max_latency_ms={"type": "float"},
        wait={"type": "bool", "default": False},
        wait_timeout={"type": "int", "default": 600},
        wait_interval={"type": "float", "default": 15.0},
    )


def check_health(module: t.Any, client: StreamkapClient, spec: HealthSpec) -> dict[str, t.Any]:
    """The work of streamkap_health, for StreamkapModule.run: the same in check mode (it only reads)."""
    return Gate(client).run(spec)
