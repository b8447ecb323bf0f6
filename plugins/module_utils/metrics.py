# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The latest metrics of pipelines, sources and destinations: one read per entity, a few at a time for many.

An entity the service has no metrics for yet answers 404: that is None here, never a failure. What the
values mean (healthy or not) is decided in health.py.
"""

from __future__ import annotations

import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, api_path
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import read_each

if t.TYPE_CHECKING:
    from ansible_collections.streamkap.cloud.plugins.module_utils.resource import ResourceKind

Entity = t.Dict[str, t.Any]

# [sure] The query of each kind's metrics read: sources and destinations name the latest values; a pipeline's
# answer holds them without asking.
METRICS_QUERIES: t.Mapping[str, t.Mapping[str, str]] = {
    "pipeline": {},
    "source": {"time_type": "latest"},
    "destination": {"time_type": "latest"},
}
# Metrics reads made at once for a list of entities.
MAX_METRIC_READS = 4


def metrics_path(kind: ResourceKind, entity_id: str) -> str:
    return api_path(*kind.path.strip("/").split("/"), entity_id, "metrics")


def read_latest(client: StreamkapClient, kind: ResourceKind, entity_id: str) -> Entity | None:
    """[sure] The entity's latest metrics (the answer's `data`); None when there are none yet (404)."""
    try:
        answer = client.get(metrics_path(kind, entity_id), params=dict(METRICS_QUERIES[kind.noun]))
    except StreamkapApiError as exc:
        if exc.status == 404:
            return None
        raise
    data = answer.get("data") if isinstance(answer, dict) else None
    return data if isinstance(data, dict) else None


def pipeline_view(data: t.Mapping[str, t.Any]) -> Entity:
    """[sure] A pipeline's metrics as the modules return them: latency_ms, records_lag and status."""
    return {"latency_ms": data.get("latency"), "records_lag": data.get("recordsLag"), "status": data.get("status")}


def read_many(client: StreamkapClient, kind: ResourceKind, entities: t.Sequence[Entity]) -> list[Entity | None]:
    """Each entity's latest metrics (None where there are none), MAX_METRIC_READS at a time, in their order."""
    return read_each(lambda entity: read_latest(client, kind, str(entity["id"])), entities, MAX_METRIC_READS)


def with_metrics(client: StreamkapClient, kind: ResourceKind, entities: t.Sequence[Entity]) -> list[Entity]:
    """The entities, each with its latest metrics as `metrics` (a pipeline's in its own view; null when none)."""
    view: t.Callable[[Entity], Entity] = pipeline_view if kind.noun == "pipeline" else dict
    return [dict(entity, metrics=None if data is None else view(data))
            for entity, data in zip(entities, read_many(client, kind, entities))]
