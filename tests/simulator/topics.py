"""Topics: ``GET /topics/details``, ``GET /topics/{id}``, ``PUT /topics/{id}`` and the topic as answered.

Knows the state, not the routes; raises ``HTTPException`` with a ``detail`` string. A topic belongs to an
entity: a source's captured tables (``source_<id>.<schema>.<table>``), a destination's dead-letter queue
(``destination_<id>.streamkap.deadletterqueue``), a deployed transform's outputs
(``transform_<id>_<version>.<topic>``). A pipeline owns none: listed by pipeline, its source's topics it
carries are listed. Partition counts and topic tags live in ``SimState.topic_settings``.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Optional

from fastapi import HTTPException
from pydantic import BaseModel, Field

from .sourceconfig import topic_prefix
from .state import CATALOGS, SimState
from .tags import TagService

ENTITY_TYPES = ("sources", "destinations", "transforms", "pipelines", "manual")
# GUESS: a topic a source creates starts with one partition (POST /topics defaults num_partitions to 1).
DEFAULT_PARTITIONS = 1
DEFAULT_CONFIGS = {"retention.ms": 604_800_000, "cleanup.policy": "delete"}
DLQ_SUFFIX = "streamkap.deadletterqueue"
SERIALIZATION = {
    "key_format": "avro",
    "value_format": "avro",
    "key_converter": "io.confluent.connect.avro.AvroConverter",
    "value_converter": "io.confluent.connect.avro.AvroConverter",
    "schema_registry_enabled": True,
}


class TopicUpdate(BaseModel):
    partition_count: Optional[int] = Field(None, ge=1, description="New partition count (can only grow).")
    tags: Optional[list[str]] = Field(None, description="Tag ids of the topic ([] clears them).")


class UpdateTopicRequest(BaseModel):
    payload: TopicUpdate = Field(description="At least one of partition_count and tags.")


def db_id(topic_id: str) -> str:
    """A stable 24-hex-digit database id for a topic (the API keeps one per topic)."""
    return hashlib.sha1(topic_id.encode("utf-8")).hexdigest()[:24]


class TopicService:
    """Topics of the state's entities; `snapshot_status(topic_id)` (set by the snapshot service) filters by snapshot."""

    def __init__(self, state: SimState, tags: TagService, render_transform: Callable[[dict[str, Any]], dict[str, Any]],
                 snapshot_status: Callable[[str], Optional[str]]) -> None:
        self.state = state
        self.tag_service = tags
        self.render_transform = render_transform
        self.snapshot_status = snapshot_status

    # ---- what exists ---------------------------------------------------------------------------

    def _owned(self) -> list[tuple[str, dict[str, Any], str, str]]:
        """Every topic as (entity_type, entity record, topic id, prefix), in the entities' order."""
        owned: list[tuple[str, dict[str, Any], str, str]] = []
        for source in self.state.sources.values():
            if not source.get("deleted_at"):
                owned += [("sources", source, topic, topic_prefix(source["id"]).rstrip(".")) for topic in source["topics"]]
        for destination in self.state.destinations.values():
            if not destination.get("deleted_at"):
                prefix = f"destination_{destination['id']}"
                owned.append(("destinations", destination, f"{prefix}.{DLQ_SUFFIX}", prefix))
        for transform in self.state.transforms.values():
            if not transform.get("deleted_at"):
                for topic in self.render_transform(transform)["topic_ids"]:
                    owned.append(("transforms", transform, topic, topic.split(".", 1)[0]))
        return owned

    def _entity(self, entity_type: str, record: dict[str, Any], topic_ids: list[str]) -> dict[str, Any]:
        if entity_type == "transforms":
            connector, display = record["transform_type"], record["transform_type"]
        else:
            connector = record["connector"]
            display = CATALOGS[entity_type].display_names.get(connector, connector)
        return {
            "entity_type": entity_type,
            "entity_id": record["id"],
            "name": record["name"],
            "connector": connector,
            "display_name": display,
            "topic_ids": list(topic_ids),
            "topic_db_ids": [db_id(topic) for topic in topic_ids],
        }

    def _items(self) -> list[dict[str, Any]]:
        owned = self._owned()
        by_entity: dict[str, list[str]] = {}
        for _type, record, topic, _prefix in owned:
            by_entity.setdefault(record["id"], []).append(topic)
        return [
            {
                "id": topic,
                "name": topic[len(prefix) + 1:],
                "entity": self._entity(entity_type, record, by_entity[record["id"]]),
                "prefix": prefix,
                "serialization": dict(SERIALIZATION),
                "messages_7d": 0,
                "messages_30d": 0,
            }
            for entity_type, record, topic, prefix in owned
        ]

    def settings_of(self, topic_id: str) -> dict[str, Any]:
        return self.state.topic_settings.setdefault(topic_id, {"partitions": DEFAULT_PARTITIONS, "tags": []})

    # ---- answers -------------------------------------------------------------------------------

    def list(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        """The items matching every filter given (see the route for their meaning)."""
        with self.state.lock:
            self.state.purge_deleted()
            items = self._items()
            pipeline_topics = self._pipeline_topics(filters["entity_id"]) if "pipelines" in (filters["entity_type"] or ()) else None
            statuses = filters["snapshot"]
            return [
                item for item in items
                if self._entity_matches(item, filters, pipeline_topics)
                and (filters["topic_id"] is None or item["id"] == filters["topic_id"])
                and (filters["partial_name"] is None or filters["partial_name"].lower() in item["id"].lower())
                and (filters["include_dlq"] or not item["id"].endswith(DLQ_SUFFIX))
                and (statuses is None or (self.snapshot_status(item["id"]) or "") in statuses)
            ]

    @staticmethod
    def _entity_matches(item: dict[str, Any], filters: dict[str, Any], pipeline_topics: set[str] | None) -> bool:
        types, entity_id = filters["entity_type"], filters["entity_id"]
        if pipeline_topics is not None:
            return item["id"] in pipeline_topics
        if types is not None and item["entity"]["entity_type"] not in types:
            return False
        return entity_id is None or item["entity"]["entity_id"] == entity_id

    def _pipeline_topics(self, pipeline_id: str | None) -> set[str]:
        """The (prefixed) source topics of the pipeline(s): of one by id, or of every pipeline."""
        return {
            f"{topic_prefix(record['source_id'])}{topic}"
            for record in self.state.pipelines.values()
            if not record.get("deleted_at") and (pipeline_id is None or record["id"] == pipeline_id)
            for topic in record["topics"]
        }

    def get(self, topic_id: str, detailed: bool) -> dict[str, Any]:
        with self.state.lock:
            found = [item for item in self._items() if item["id"] == topic_id]
            if not found:
                raise HTTPException(404, detail=f"Topic '{topic_id}' not found")
            item = found[0]
            settings = self.settings_of(topic_id)
            answer = {key: item[key] for key in ("id", "name", "entity", "prefix", "serialization")}
            if detailed:
                answer["kafka"] = {"partitions": {"count": settings["partitions"]}, "configs": dict(DEFAULT_CONFIGS)}
            answer["tags"] = list(settings["tags"])
            return answer

    def update(self, topic_id: str, body: UpdateTopicRequest) -> dict[str, Any]:
        """Partitions only grow (a smaller count answers 400 naming the current one); tags are replaced."""
        change = body.payload
        if change.partition_count is None and change.tags is None:
            raise HTTPException(422, detail="Give at least one of payload.partition_count and payload.tags")
        tags = None if change.tags is None else self.tag_service.require_known(change.tags)
        with self.state.lock:
            self.get(topic_id, detailed=False)
            settings = self.settings_of(topic_id)
            if change.partition_count is not None and change.partition_count < settings["partitions"]:
                raise HTTPException(
                    400,
                    detail=f"Topic '{topic_id}' has {settings['partitions']} partitions; the partition count "
                    f"can only be increased, not set to {change.partition_count}",
                )
            if change.partition_count is not None:
                settings["partitions"] = change.partition_count
            if tags is not None:
                settings["tags"] = tags
            return self.get(topic_id, detailed=True)
