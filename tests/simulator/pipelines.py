"""Pipelines: the operations behind ``/pipelines`` and the pipeline object as answered.

Knows the state, not the routes; raises ``HTTPException`` with a ``detail`` string. Request bodies
are the models of ``app.py`` (read by attribute).
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import HTTPException

from .sourceconfig import topic_prefix
from .state import DEVELOPMENT_TAG_ID, SimState, iso_timestamp, new_object_id
from .tags import TagService

# GUESS: not documented; the simulator lets a pipeline's source and destination never change.
IMMUTABLE_ENDS = ("source", "destination")
DEFAULT_PERIODIC_AUDIT: dict[str, Any] = {
    "topics": [],
    "timestamp_column": None,
    "interval_minutes": None,
    "fix_deletes_only": False,
}


def _unprocessable(detail: str) -> HTTPException:
    return HTTPException(status_code=422, detail=detail)


def strip_prefix(topic: str, source_id: str) -> str:
    prefix = topic_prefix(source_id)
    return topic[len(prefix) :] if topic.startswith(prefix) else topic


def as_given(entries: list[Any]) -> list[dict[str, Any]]:
    """Request entries (models or dicts) as the client sent them: the fields it gave, nothing added."""
    return [entry.model_dump(exclude_unset=True) if hasattr(entry, "model_dump") else dict(entry) for entry in entries]


def new_pipeline_record(**fields: Any) -> dict[str, Any]:
    """A stored pipeline: the given fields over the defaults of a new, running one."""
    now = time.time()
    record: dict[str, Any] = {
        "id": new_object_id(),
        "created_at": now,
        "created_timestamp": iso_timestamp(now),
        "created_from": "api",
        "snapshot_new_tables": False,
        "transforms": [],
        "topic_auto_discovery_transforms": [],
        "tags": [DEVELOPMENT_TAG_ID],
        "periodic_audit": dict(DEFAULT_PERIODIC_AUDIT),
        "desired_state": "Active",
        "started_at": now,
        "updated_at": None,
        "broken": False,
        "deleted_at": None,
    }
    record.update(fields)
    return record


class PipelineService:
    """Pipeline operations on the shared state; every method takes the state lock."""

    def __init__(self, state: SimState, tags: TagService) -> None:
        self.state = state
        self.tag_service = tags

    def _check_name_free(self, name: str, own_id: str | None = None) -> None:
        if not name.strip():
            raise _unprocessable("Field 'name' must not be empty")
        existing = self.state.names["pipelines"].get(name)
        if existing is not None and existing != own_id:
            raise _unprocessable(f"Pipeline with name '{name}' already exists")

    def _end(self, kind: str, entity_id: str) -> dict[str, Any]:
        """The live source or destination with this id; 422 naming it otherwise."""
        label = "Source" if kind == "sources" else "Destination"
        record = self.state.get(entity_id, kind)
        if record is None or record.get("deleted_at"):
            raise _unprocessable(f"{label} '{entity_id}' of the pipeline does not exist")
        return record

    def _topics(self, source: dict[str, Any], topics: list[str]) -> list[str]:
        """The source's topics without the 'source_<id>.' prefix (given with or without it); 422
        naming any topic the source does not publish."""
        names = [strip_prefix(topic, source["id"]) for topic in topics]
        published = {strip_prefix(topic, source["id"]) for topic in source["topics"]}
        unknown = [name for name in names if name not in published]
        if unknown:
            raise _unprocessable(
                f"Topic(s) {', '.join(unknown)} are not topics of source '{source['name']}' ({source['id']})"
            )
        return list(dict.fromkeys(names))

    def create(self, body: Any, raw_body: Any) -> dict[str, Any]:
        # Like the web app: a pipeline created without tags gets the Development system tag.
        tags = [DEVELOPMENT_TAG_ID] if body.tags is None else self.tag_service.require_known(body.tags)
        with self.state.lock:
            self._check_name_free(body.name)
            source = self._end("sources", body.source.id)
            destination = self._end("destinations", body.destination.id)
            record = new_pipeline_record(
                name=body.name,
                created_from=body.created_from.value if body.created_from else "api",
                source_id=source["id"],
                destination_id=destination["id"],
                topics=self._topics(source, body.source.topics),
                snapshot_new_tables=bool(body.snapshot_new_tables),
                transforms=as_given(body.transforms),
                topic_auto_discovery_transforms=as_given(body.topic_auto_discovery_transforms),
                tags=tags,
                request_body=raw_body,
            )
            self.state.add(record, kind="pipelines")
            return record

    def existing(self, pipeline_id: str) -> dict[str, Any]:
        record = self.state.get(pipeline_id, "pipelines")
        if record is None:
            raise HTTPException(404, detail=f"Pipeline '{pipeline_id}' not found")
        if record.get("deleted_at"):
            raise HTTPException(409, detail=f"Pipeline '{pipeline_id}' is being deleted")
        return record

    def update(self, pipeline_id: str, body: Any) -> dict[str, Any]:
        tags = None if body.tags is None else self.tag_service.require_known(body.tags)
        with self.state.lock:
            record = self.existing(pipeline_id)
            for end in IMMUTABLE_ENDS:
                current, requested = record[f"{end}_id"], getattr(body, end).id
                if current != requested:
                    raise _unprocessable(
                        f"Field '{end}' cannot be changed from '{current}' to '{requested}': "
                        "delete the pipeline and create it again"
                    )
            self._check_name_free(body.name, own_id=pipeline_id)
            source = self._end("sources", record["source_id"])
            record["topics"] = self._topics(source, body.source.topics)
            self.state.rename(record, body.name, "pipelines")
            record["snapshot_new_tables"] = bool(body.snapshot_new_tables)
            record["transforms"] = as_given(body.transforms)
            record["topic_auto_discovery_transforms"] = as_given(body.topic_auto_discovery_transforms)
            if tags is not None:
                record["tags"] = tags
            record["updated_at"] = time.time()
            self.state.save()
            return record

    def delete(self, pipeline_id: str) -> dict[str, Any]:
        with self.state.lock:
            record = self.existing(pipeline_id)
            self.state.mark_deleted(record, "pipelines")
            return self.render(record)

    def render(
        self,
        record: dict[str, Any],
        *,
        secret_returned: bool = False,
        connector_status: str | None = None,
        now: float | None = None,
    ) -> dict[str, Any]:
        """The pipeline as answered: full embedded source and destination objects, the source's
        topics WITH the 'source_<id>.' prefix."""
        state = self.state
        status = state.status_of(record, now)
        topic_ids = [f"{topic_prefix(record['source_id'])}{topic}" for topic in record["topics"]]
        source = self._embedded("sources", record["source_id"], secret_returned)
        source["topics"] = list(topic_ids)
        return {
            "id": record["id"],
            "name": record["name"],
            "created_timestamp": record["created_timestamp"],
            "created_from": record["created_from"],
            "snapshot_new_tables": record["snapshot_new_tables"],
            "source": source,
            "destination": self._embedded("destinations", record["destination_id"], secret_returned),
            "topic_ids": topic_ids,
            "topics": list(topic_ids),
            "transforms": [dict(entry) for entry in record["transforms"]],
            "topic_auto_discovery_transforms": [
                dict(entry) for entry in record["topic_auto_discovery_transforms"]
            ],
            "tags": list(record["tags"]),
            "periodic_audit": dict(record["periodic_audit"]),
            "connector_status": connector_status or status.connector_status,
            "desired_state": status.desired_state,
        }

    def _embedded(self, kind: str, entity_id: str, secret_returned: bool) -> dict[str, Any]:
        entity = self.state.entities[kind].get(entity_id)
        if entity is None:
            return {"id": entity_id, "name": None, "connector": None}
        return self.state.render(entity, kind=kind, secret_returned=secret_returned)

    def matches(self, record: dict[str, Any], filters: dict[str, Any], now: float) -> bool:
        """List filters: id, partial_name, source_id, destination_id, status, tag_ids (any of them)."""
        needle = filters.get("partial_name")
        statuses, tag_ids = filters.get("status"), filters.get("tag_ids")
        return (
            (filters.get("id") is None or record["id"] == filters["id"])
            and (needle is None or needle.lower() in record["name"].lower())
            and (filters.get("source_id") is None or record["source_id"] == filters["source_id"])
            and (
                filters.get("destination_id") is None or record["destination_id"] == filters["destination_id"]
            )
            and (statuses is None or self.state.status_of(record, now).connector_status.lower() in statuses)
            and (not tag_ids or bool(set(tag_ids) & set(record["tags"])))
        )

    def seed(self, names: list[str], source_id: str, destination_id: str) -> list[str]:
        """Pipelines with these names between a source and a destination, carrying all the source's
        topics (the caller holds the lock and saves)."""
        source = self._end("sources", source_id)
        self._end("destinations", destination_id)
        ids = []
        topics = [strip_prefix(topic, source_id) for topic in source["topics"]]
        for name in names:
            record = new_pipeline_record(
                name=name,
                source_id=source_id,
                destination_id=destination_id,
                topics=list(topics),
                request_body={
                    "name": name,
                    "source": {"id": source_id},
                    "destination": {"id": destination_id},
                },
            )
            self.state.add(record, kind="pipelines", persist=False)
            ids.append(record["id"])
        return ids
