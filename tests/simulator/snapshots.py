"""Snapshots (backfills): ``POST /sources/snapshot``, ``POST /sources/cancel_snapshot`` and their progress.

Knows the state, not the routes; raises ``HTTPException`` with a ``detail`` string. One run per source
(the latest) lives in ``SimState.snapshots``. Its topics move pending -> running -> completed as the
source's metrics are read: pending at the first read after the start, running for ``snapshot_polls``
reads, then completed, or failed for a topic the test hook made fail. A running snapshot makes a second
start answer 409.
"""

from __future__ import annotations

import time
from typing import Any, Literal, Optional

from fastapi import HTTPException
from pydantic import BaseModel, Field

from .sourceconfig import topic_prefix
from .state import SimState, iso_timestamp

PENDING, RUNNING, COMPLETED, FAILED, CANCELLED = "pending", "running", "completed", "failed", "cancelled"
ACTIVE_STATUSES = (PENDING, RUNNING)


class AdditionalCondition(BaseModel):
    data_collection: str = Field(description="The table, as <schema>.<table>.")
    filter: str = Field(description="A SQL condition the snapshotted rows must meet.")


class SnapshotRequest(BaseModel):
    source_id: str
    topic_names: Optional[list[str]] = Field(None, description="Topics to snapshot; null: every topic of the source.")
    additional_conditions: Optional[list[AdditionalCondition]] = Field(None, description="Incremental only.")
    snapshot_type: Literal["incremental", "blocking"] = "incremental"
    surrogate_key: Optional[str] = Field(None, description="Incremental only.")


class SnapshotFailHook(BaseModel):
    topics: Optional[list[str]] = Field(None, description="Topics (with or without the prefix); null: every topic")
    fail: bool = True


class SnapshotService:
    """Snapshot runs of the state's sources; every method takes the state lock."""

    def __init__(self, state: SimState) -> None:
        self.state = state

    def _source(self, source_id: str) -> dict[str, Any]:
        record = self.state.get(source_id, "sources")
        if record is None or record.get("deleted_at"):
            raise HTTPException(404, detail=f"Source '{source_id}' not found")
        return record

    @staticmethod
    def _topics(source: dict[str, Any], names: Optional[list[str]]) -> list[str]:
        """The source's topics named (with or without the 'source_<id>.' prefix); null: all; 422 naming others."""
        if names is None:
            return list(source["topics"])
        prefix = topic_prefix(source["id"])
        wanted = [name if name.startswith(prefix) else f"{prefix}{name}" for name in names]
        unknown = [name for name, topic in zip(names, wanted) if topic not in source["topics"]]
        if unknown or not wanted:
            raise HTTPException(
                422, detail=f"Topic(s) {', '.join(unknown) or '(none)'} are not topics of source '{source['name']}'"
            )
        return list(dict.fromkeys(wanted))

    # ---- progress --------------------------------------------------------------------------------

    def topic_status(self, run: dict[str, Any], topic: str) -> str:
        if topic in run["cancelled"]:
            return CANCELLED
        reads = run["reads"]
        if reads == 0:
            return PENDING
        if reads <= int(self.state.settings.snapshot_polls):
            return RUNNING
        return FAILED if topic in self.state.snapshot_failing else COMPLETED

    def statuses(self, source_id: str) -> dict[str, str]:
        run = self.state.snapshots.get(source_id)
        return {topic: self.topic_status(run, topic) for topic in run["topics"]} if run else {}

    def is_running(self, source_id: str) -> bool:
        return any(status in ACTIVE_STATUSES for status in self.statuses(source_id).values())

    def status_of_topic(self, topic_id: str) -> Optional[str]:
        """The latest snapshot status of a topic (None: never snapshotted), for GET /topics/details?snapshot=."""
        with self.state.lock:
            for source_id, run in self.state.snapshots.items():
                if topic_id in run["topics"]:
                    return self.topic_status(run, topic_id)
        return None

    def metrics_view(self, source_id: str) -> dict[str, Any] | None:
        """The snapshot keys of the source's latest metrics, then one read more (None: never snapshotted)."""
        run = self.state.snapshots.get(source_id)
        if run is None:
            return None
        statuses = self.statuses(source_id)
        run["reads"] += 1
        values = set(statuses.values())
        state = next((status for status in (RUNNING, PENDING, FAILED, CANCELLED) if status in values), COMPLETED)
        return {
            "SnapshotRunning": bool(values & set(ACTIVE_STATUSES)),
            "SnapshotCompleted": values == {COMPLETED},
            "snapshotState": state,
            "snapshotStatus": [
                {"status": status, "topic_id": topic, "submit_timestamp": iso_timestamp(run["submitted"])}
                for topic, status in statuses.items()
            ],
        }

    # ---- actions ---------------------------------------------------------------------------------

    def start(self, body: SnapshotRequest) -> dict[str, Any]:
        with self.state.lock:
            source = self._source(body.source_id)
            topics = self._topics(source, body.topic_names)
            if body.snapshot_type == "blocking" and (body.additional_conditions or body.surrogate_key):
                raise HTTPException(422, detail="additional_conditions and surrogate_key apply to incremental snapshots only")
            tables = {topic[len(topic_prefix(source["id"])):] for topic in topics}
            outside = [condition.data_collection for condition in body.additional_conditions or ()
                       if condition.data_collection not in tables]
            if outside:
                raise HTTPException(422, detail=f"additional_conditions name tables outside the snapshot: {', '.join(outside)}")
            if self.is_running(source["id"]):
                raise HTTPException(409, detail=f"A snapshot is already running for source '{source['name']}' ({source['id']})")
            self.state.snapshots[source["id"]] = {
                "type": body.snapshot_type, "topics": topics, "submitted": time.time(), "reads": 0, "cancelled": [],
                "request": body.model_dump(),
            }
            return self._answer(source["id"], body.snapshot_type, topics, PENDING)

    def cancel(self, body: SnapshotRequest) -> dict[str, Any]:
        with self.state.lock:
            source = self._source(body.source_id)
            run = self.state.snapshots.get(source["id"])
            if run is None or not self.is_running(source["id"]):
                raise HTTPException(400, detail=f"No snapshot is running for source '{source['name']}' ({source['id']})")
            topics = self._topics(source, body.topic_names)
            statuses = self.statuses(source["id"])
            cancelled = [topic for topic in topics if statuses.get(topic) in ACTIVE_STATUSES]
            run["cancelled"] = list(dict.fromkeys(run["cancelled"] + cancelled))
            return self._answer(source["id"], run["type"], cancelled, CANCELLED)

    @staticmethod
    def _answer(source_id: str, snapshot_type: str, topics: list[str], status: str) -> dict[str, Any]:
        """GUESS: the answer is not public; a small acknowledgement."""
        return {"source_id": source_id, "snapshot_type": snapshot_type, "topic_names": topics, "status": status}

    def fail_topics(self, source_id: str, hook: SnapshotFailHook) -> dict[str, Any]:
        """Test hook: the topics' snapshots end failed (the running one included)."""
        with self.state.lock:
            source = self._source(source_id)
            topics = self._topics(source, hook.topics)
            if hook.fail:
                self.state.snapshot_failing.update(topics)
            else:
                self.state.snapshot_failing.difference_update(topics)
            return {"source_id": source_id, "failing": sorted(self.state.snapshot_failing & set(source["topics"]))}
