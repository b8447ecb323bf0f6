"""Metrics: ``GET /pipelines/{id}/metrics``, ``GET /sources/{id}/metrics``, ``GET /destinations/{id}/metrics``.

Knows the state, not the routes; raises ``HTTPException`` with a ``detail`` string. An entity has metrics
once the test hook set them (``SimState.metrics``), and a source also once a snapshot of it started; before
that the API answers 404. The hook can schedule a change: the values hold for ``after_reads`` reads, then
``then`` applies (a lagging pipeline recovering while a task waits).
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import HTTPException
from pydantic import BaseModel, Field

from .snapshots import SnapshotService
from .state import SimState

LABELS = {"pipelines": "Pipeline", "sources": "Source", "destinations": "Destination"}
PIPELINE_METADATA = {
    "latency": {"name": "Latency", "unit": "ms"},
    "recordsLag": {"name": "Records lag", "unit": "records"},
    "status": {"name": "Status", "unit": None},
}


class MetricValues(BaseModel):
    status: Optional[str] = Field(None, description="e.g. Active, Broken")
    lag: Optional[int] = Field(None, ge=0, description="Records behind")
    latency: Optional[float] = Field(None, ge=0, description="Milliseconds")


class MetricsHook(MetricValues):
    data: Optional[dict[str, Any]] = Field(None, description="Further keys of a source's or destination's data")
    after_reads: int = Field(0, ge=0, description="Reads these values answer before `then` applies")
    then: Optional[MetricValues] = None


class MetricsService:
    """Latest metrics per entity; every method takes the state lock."""

    def __init__(self, state: SimState, snapshots: SnapshotService) -> None:
        self.state = state
        self.snapshots = snapshots

    def _entity(self, kind: str, entity_id: str) -> dict[str, Any]:
        record = self.state.get(entity_id, kind)
        if record is None or record.get("deleted_at"):
            raise HTTPException(404, detail=f"{LABELS[kind]} '{entity_id}' not found")
        return record

    def set(self, kind: str, entity_id: str, hook: MetricsHook) -> dict[str, Any]:
        with self.state.lock:
            self._entity(kind, entity_id)
            values = {"status": "Active", "lag": 0, "latency": 0.0, "data": {}, "reads": 0, "after_reads": hook.after_reads,
                      "then": hook.then.model_dump(exclude_none=True) if hook.then else None}
            values.update(hook.model_dump(include={"status", "lag", "latency", "data"}, exclude_none=True))
            self.state.metrics[(kind, entity_id)] = values
            return {key: values[key] for key in ("status", "lag", "latency", "after_reads", "then")}

    def clear(self, kind: str, entity_id: str) -> dict[str, Any]:
        with self.state.lock:
            return {"removed": self.state.metrics.pop((kind, entity_id), None) is not None}

    def _read(self, kind: str, entity_id: str) -> dict[str, Any] | None:
        """The entity's values at this read (the scheduled change applied once due), or None."""
        values = self.state.metrics.get((kind, entity_id))
        if values is None:
            return None
        values["reads"] += 1
        if values["then"] and values["reads"] > values["after_reads"]:
            values.update(values["then"])
            values["then"] = None
        return values

    def pipeline(self, pipeline_id: str) -> dict[str, Any]:
        with self.state.lock:
            self._entity("pipelines", pipeline_id)
            values = self._read("pipelines", pipeline_id)
            if values is None:
                raise HTTPException(404, detail=f"No metrics for pipeline '{pipeline_id}' yet")
            data = {"latency": values["latency"], "recordsLag": values["lag"], "status": values["status"]}
            return {"data": data, "metadata": PIPELINE_METADATA}

    def connector(self, kind: str, entity_id: str) -> dict[str, Any]:
        """A source's data: streaming keys and its snapshot's progress; a destination's: GUESS state, lag, latency."""
        with self.state.lock:
            self._entity(kind, entity_id)
            values = self._read(kind, entity_id)
            snapshot = self.snapshots.metrics_view(entity_id) if kind == "sources" else None
            if values is None and snapshot is None:
                raise HTTPException(404, detail=f"No metrics for {LABELS[kind].lower()} '{entity_id}' yet")
            values = values or {"status": "Active", "lag": 0, "latency": 0.0, "data": {}}
            if kind == "sources":
                data = {
                    "StreamingConnected": values["status"] == "Active",
                    "StreamingMilliSecondsBehindSource": values["latency"],
                    "StreamingMilliSecondsSinceLastEvent": 1000,
                    "SnapshotRunning": False,
                    "SnapshotCompleted": False,
                    "snapshotState": None,
                    "snapshotStatus": [],
                    "state": "Streaming" if values["status"] == "Active" else values["status"],
                    "streamingState": "Streaming" if values["status"] == "Active" else "Stopped",
                }
                data.update(snapshot or {})
            else:
                data = {"state": values["status"], "recordsLag": values["lag"], "latency": values["latency"]}
            data.update(values["data"])
            return {"data": data}
