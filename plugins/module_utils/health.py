# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What "healthy" means, as pure functions over what was read: no HTTP, no Ansible.

A pipeline is healthy when its latest metrics say Active and stay within the thresholds; its source and destination
when their connector_status is Active; a transform it routes topics through when its job is RUNNING. Each entity
gets one sentence per problem. The gate module (gate.py) reads and polls; anything else that watches pipelines
decides with these same functions.

Some problems mean that something has failed (`failures`): a connector Broken, Unassigned or Unknown, a job FAILING
or FAILED, a pipeline over a threshold or reporting a failed status. The others mean an entity is on its way (Pending,
Starting, a job DEPLOYING), rests where its user put it (Paused, Stopped), or has nothing to judge yet (no metrics):
a gate waits for those; the event source (watch.py) does not call such an entity unhealthy.
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils.config import shorten

Entity = t.Dict[str, t.Any]

ACTIVE = "Active"
RUNNING = "RUNNING"
# connector_status values (also a pipeline's metrics status) of a connector that has failed: Broken, or run by no
# worker, or in a state the service cannot tell.
FAILED_CONNECTOR_STATUSES = frozenset({"Broken", "Unassigned", "Unknown"})
# Job statuses of a transform whose job has failed or is failing.
FAILED_JOB_STATUSES = frozenset({"FAILING", "FAILED"})
_TRACE_LIMIT = 200


def describe_task_statuses(task_statuses: t.Any, redact: t.Callable[[str], str] = str) -> str:
    """One line per connector task: its status and the first line of its trace, shortened, once `redact` has
    masked what the trace quotes (a password it tried, say): a cut or a line break would leave part of it."""
    if not isinstance(task_statuses, dict) or not task_statuses:
        return "no task statuses reported"
    parts = []
    for task, details in sorted(task_statuses.items(), key=lambda item: str(item[0])):
        if not isinstance(details, dict):
            parts.append(f"task {task}: {details}")
            continue
        text = f"task {task}: {details.get('status', 'unknown')}"
        trace = redact(str(details.get("trace") or "")).strip().splitlines()
        if trace:
            text += f" ({shorten(trace[0], _TRACE_LIMIT)})"
        parts.append(text)
    return "; ".join(parts)


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """The most a healthy pipeline may lag (records) and take (milliseconds); None: no limit."""

    max_lag: float | None = None
    max_latency_ms: float | None = None


@dataclasses.dataclass(frozen=True)
class EntityHealth:
    """One entity's verdict: what it is, the values it was judged by, and its problems (none: healthy)."""

    kind: str
    name: t.Any
    id: t.Any
    status: t.Any = None
    lag: t.Any = None
    latency: t.Any = None
    problems: tuple[str, ...] = ()
    # The problems that mean something has failed (see the module docstring); always among `problems`.
    failures: tuple[str, ...] = ()

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def failing(self) -> bool:
        return bool(self.failures)

    def as_result(self) -> Entity:
        return {"kind": self.kind, "name": self.name, "id": self.id, "status": self.status, "lag": self.lag,
                "latency": self.latency, "healthy": self.healthy, "problems": list(self.problems)}

    def describe(self) -> str:
        return f"{self.kind} {self.name!r} (id {self.id}): {'; '.join(self.problems)}"


def _is_number(value: t.Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _over(value: t.Any, limit: float | None, what: str, unit: str, option: str) -> list[str]:
    """The value over its limit: a failure."""
    if limit is None or not _is_number(value) or not value > limit:
        return []
    return [f"{what} is {value:g} {unit}, over {option} {limit:g}"]


def _unmeasured(value: t.Any, limit: float | None, what: str, option: str) -> list[str]:
    """A limit with no value to check it against: a problem, not a failure."""
    return [f"reports no {what}, so {option} cannot be checked"] if limit is not None and not _is_number(value) else []


def pipeline_health(pipeline: t.Mapping[str, t.Any], metrics: t.Mapping[str, t.Any] | None,
                    thresholds: Thresholds) -> EntityHealth:
    """A pipeline by its latest metrics (the API's data: status, recordsLag, latency; None: none yet)."""
    name, entity_id = pipeline.get("name"), pipeline.get("id")
    if metrics is None:
        return EntityHealth("pipeline", name, entity_id, problems=("has no metrics yet",))
    status, lag, latency = metrics.get("status"), metrics.get("recordsLag"), metrics.get("latency")
    status_problems = [] if status == ACTIVE else [f"its status is {status}, not {ACTIVE}"]
    lag_over = _over(lag, thresholds.max_lag, "records lag", "records", "max_lag")
    latency_over = _over(latency, thresholds.max_latency_ms, "latency", "ms", "max_latency_ms")
    problems = (status_problems + (lag_over or _unmeasured(lag, thresholds.max_lag, "records lag", "max_lag"))
                + (latency_over or _unmeasured(latency, thresholds.max_latency_ms, "latency", "max_latency_ms")))
    failures = (status_problems if status in FAILED_CONNECTOR_STATUSES else []) + lag_over + latency_over
    return EntityHealth("pipeline", name, entity_id, status, lag, latency, tuple(problems), tuple(failures))


def connector_health(kind: str, entity: t.Mapping[str, t.Any]) -> EntityHealth:
    """A source or destination by its connector_status (a Broken one's tasks named with their traces)."""
    status = entity.get("connector_status")
    problems: tuple[str, ...] = ()
    if status != ACTIVE:
        problem = f"its connector_status is {status}, not {ACTIVE}"
        if status == "Broken":
            problem += f" ({describe_task_statuses(entity.get('task_statuses'))})"
        problems = (problem,)
    failures = problems if status in FAILED_CONNECTOR_STATUSES else ()
    return EntityHealth(kind, entity.get("name"), entity.get("id"), status, problems=problems, failures=failures)


def transform_health(transform: t.Mapping[str, t.Any], job_status: str | None) -> EntityHealth:
    """A transform by its job status."""
    problems = () if job_status == RUNNING else (f"its job is {job_status}, not {RUNNING}",)
    failures = problems if job_status in FAILED_JOB_STATUSES else ()
    return EntityHealth("transform", transform.get("name"), transform.get("id"), job_status, problems=problems,
                        failures=failures)


def used_transforms(pipeline: t.Mapping[str, t.Any]) -> list[Entity]:
    """The transforms a pipeline routes topics through ({id, name}; by topic or by auto-discovery), each once."""
    found: dict[str, Entity] = {}
    routes = [(entry, "id") for entry in pipeline.get("transforms") or ()]
    routes += [(entry, "transform_id") for entry in pipeline.get("topic_auto_discovery_transforms") or ()]
    for entry, id_key in routes:
        if isinstance(entry, dict) and entry.get(id_key):
            known = found.setdefault(str(entry[id_key]), {"id": str(entry[id_key]), "name": None})
            # A route may not carry the name (auto-discovery's often does not): any route that does names it.
            known["name"] = known["name"] or entry.get("name")
    return list(found.values())


def assess(pipelines: t.Sequence[t.Mapping[str, t.Any]], metrics: t.Sequence[t.Mapping[str, t.Any] | None],
           job_statuses: t.Mapping[str, str | None], thresholds: Thresholds) -> list[EntityHealth]:
    """Every entity the pipelines involve, each once: each pipeline, then its source, destination and transforms.
    `metrics` are the pipelines' (in their order), `job_statuses` the transforms' by id."""
    verdicts: dict[tuple[str, t.Any], EntityHealth] = {}
    for pipeline, data in zip(pipelines, metrics):
        verdicts[("pipeline", pipeline.get("id"))] = pipeline_health(pipeline, data, thresholds)
        for kind in ("source", "destination"):
            end = pipeline.get(kind)
            if isinstance(end, dict):
                verdicts.setdefault((kind, end.get("id")), connector_health(kind, end))
        for transform in used_transforms(pipeline):
            verdicts.setdefault(("transform", transform["id"]), transform_health(transform, job_statuses.get(transform["id"])))
    return list(verdicts.values())


def unhealthy(verdicts: t.Iterable[EntityHealth]) -> list[EntityHealth]:
    return [verdict for verdict in verdicts if not verdict.healthy]


def summary(verdicts: t.Sequence[EntityHealth]) -> str:
    """One sentence naming every unhealthy entity and why, or saying that all are healthy."""
    failing = unhealthy(verdicts)
    if not failing:
        return f"All {len(verdicts)} entities are healthy."
    return f"{len(failing)} of {len(verdicts)} entities are unhealthy: " + " | ".join(verdict.describe() for verdict in failing) + "."
