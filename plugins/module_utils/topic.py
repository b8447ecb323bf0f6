# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Topics: the descriptor, and the rules only topics have.

A topic belongs to its entity (a source's tables, a destination's dead-letter queue, a transform's outputs):
the service creates and deletes it with the entity, so a task only changes one that exists. It is read with
``GET /topics/{id}?detailed=true`` (its id is its full name) and changed with ``PUT /topics/{id}`` whose body
goes inside ``{"payload": ...}``; its partition count only grows. Finding, planning, tags, check mode, diffs
and the write are the resource engine's; the spec adds the entity-and-topic address, the partition rule and
a fresh read after a change (the answer of the PUT is not public).
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs, resource
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import ListFilters, check_filter_ids, read_each
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository

Entity = t.Dict[str, t.Any]

TOPICS_PATH = "/topics"
DETAILS_PATH = "/topics/details"
# The entity kinds a topic belongs to (and the info module lists by), with the API's entity_type.
OWNER_OPTIONS = ("source", "destination", "transform")
LISTED_BY_OPTIONS = OWNER_OPTIONS + ("pipeline",)
ENTITY_TYPES = {"source": "sources", "destination": "destinations", "transform": "transforms", "pipeline": "pipelines"}
# [sure] Topic ids are their names: what a source's and a destination's start with. A transform's carry its
# deployed version, so they are found in its topic list instead.
ID_PREFIXES = {"source": "source_{id}.", "destination": "destination_{id}."}
SNAPSHOT_STATUSES = ("running", "completed", "failed", "pending", "cancelled")
# Detailed topic reads streamkap_topic_info makes at once.
MAX_DETAIL_READS = 4

# Kafka counts a topic's partitions in a signed 32-bit integer.
MAX_PARTITIONS = 2**31 - 1


# ============================================================================
# Pure rules
# ============================================================================

def partition_count(topic: t.Mapping[str, t.Any]) -> int | None:
    """[sure] kafka.partitions.count of a detailed read (a bare kafka.partitions number is read too)."""
    partitions = (topic.get("kafka") or {}).get("partitions")
    count = partitions.get("count") if isinstance(partitions, dict) else partitions
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def with_partitions(topic: Entity, fields: t.Mapping[str, t.Any]) -> Entity:
    """The would-be topic: the field changes (partition_count) applied where a detailed read holds them."""
    predicted = dict(topic, **{key: value for key, value in fields.items() if key != "partition_count"})
    if "partition_count" in fields:
        kafka = dict(topic.get("kafka") or {})
        partitions = kafka.get("partitions") if isinstance(kafka.get("partitions"), dict) else {}
        kafka["partitions"] = dict(partitions, count=fields["partition_count"])
        predicted["kafka"] = kafka
    return predicted


def update_body(topic: Entity) -> Entity:
    """The payload of a PUT: the partition count the topic will have (the engine adds tags, the repository the
    {"payload": ...} envelope)."""
    count = partition_count(topic)
    return {} if count is None else {"partition_count": count}


def diff_view(topic: Entity) -> Entity:
    return {"id": topic.get("id"), "partitions": partition_count(topic)}


TOPIC = resource.ResourceKind(
    path=TOPICS_PATH,
    noun="topic",
    result_key="topic",
    body_fields=(),
    connector_query=False,
    taggable=True,
    item_query={"detailed": "true"},
    body_envelope="payload",
    put_answers_entity=False,
    diff_view=diff_view,
    write_body=update_body,
    apply_fields=with_partitions,
)


# ============================================================================
# What the user asked for
# ============================================================================

@dataclasses.dataclass(frozen=True)
class TopicAddress:
    """A topic named by its entity (kind and exact name) and its name within it (`public.orders`)."""

    owner: str
    owner_name: str
    topic: str

    def describe(self) -> str:
        return f"topic {self.topic!r} of {self.owner} {self.owner_name!r}"


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class TopicSpec(resource.ResourceSpec):
    """What the user asked of one topic: its id, or its entity and name; its partitions and tags."""

    partitions: int | None = None
    address: TopicAddress | None = None
    noun: t.ClassVar[str] = "topic"

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TopicSpec:
        owners = [option for option in OWNER_OPTIONS if params.get(option) is not None]
        address = None
        if owners and params.get("topic") is not None:
            address = TopicAddress(owners[0], params[owners[0]], params["topic"])
        tags = params.get("tags")
        options = {**resource.ABSENT_CONNECTOR_OPTIONS, "purge_tags": params.get("purge_tags", True)}
        spec = cls(**options, id=params.get("id"), tags=None if tags is None else tuple(tags),
                   partitions=params.get("partitions"), address=address)
        spec.check_given(owners, params.get("topic"))
        spec.check()
        return spec

    @staticmethod
    def check_given(owners: list[str], topic: str | None) -> None:
        """One of id, or an entity with topic (the argument spec keeps them exclusive)."""
        if owners and topic is None:
            raise StreamkapError(f"{owners[0]} names the topic's entity: give topic too (its name, such as public.orders).")
        if topic is not None and not owners:
            raise StreamkapError(f"topic is the name within an entity: give the entity too ({', '.join(OWNER_OPTIONS)}), or the topic's id.")

    def check(self) -> None:
        if not self.id and self.address is None:
            raise StreamkapError(f"Give the topic's id, or its entity ({', '.join(OWNER_OPTIONS)}) and topic.")
        resource.check_entity_id(self.id, "topic")
        if self.address is not None:
            inputs.check_identifier(self.address.owner, self.address.owner_name)
            inputs.check_identifier("topic", self.address.topic)
            if not self.address.topic.strip():
                raise StreamkapError("topic must not be empty.")
        if isinstance(self.partitions, bool):  # an int to ansible-core's type check: true would be sent as a count
            raise StreamkapError(f"partitions must be a whole number of partitions; got {str(self.partitions).lower()}.")
        if self.partitions is not None and self.partitions < 1:
            raise StreamkapError(f"partitions must be at least 1; got {self.partitions}.")
        if self.partitions is not None and self.partitions > MAX_PARTITIONS:
            raise StreamkapError(f"partitions must be at most {MAX_PARTITIONS} (Kafka counts partitions in 32 bits); got {self.partitions}.")
        if self.tags is not None:
            from ansible_collections.streamkap.cloud.plugins.module_utils import tagging  # only when tags are given

            tagging.check_tag_refs(self.tags)

    def field_changes(self, current: Entity) -> dict[str, t.Any]:
        if self.partitions is not None and self.partitions != partition_count(current):
            return {"partition_count": self.partitions}
        return {}

    def refuse_change(self, current: Entity, changes: t.Sequence[str]) -> None:
        """Partitions only grow: a smaller count fails before any write, naming the current one."""
        current_count = partition_count(current)
        if self.partitions is not None and current_count is not None and self.partitions < current_count:
            raise StreamkapError(
                f"Topic {current.get('id')!r} has {current_count} partitions; a topic's partitions can only grow, not "
                f"shrink to {self.partitions}. Nothing was changed: give partitions of at least {current_count}."
            )

    def refuse_create(self) -> None:
        where = f"{self.address.describe()} (id {self.id!r})" if self.address else f"id {self.id!r}"
        raise StreamkapError(
            f"No topic has {where}. Topics come and go with their entity, so this module changes only existing ones: "
            "check the name (streamkap.cloud.streamkap_topic_info lists an entity's topics)."
        )

    def settle(self, reconciler: t.Any, result: dict[str, t.Any], written: t.Collection[str],
               check_mode: bool) -> dict[str, t.Any]:
        """After a write, the topic as a fresh detailed read shows it (the PUT's answer is not public)."""
        if written and not check_mode and result.get("changed"):
            fresh = reconciler.repository.get(t.cast(str, self.id))
            if fresh is not None:
                return dict(result, **{TOPIC.result_key: fresh})
        return result


# ============================================================================
# Finding a topic by its entity
# ============================================================================

def owner_kind(option: str) -> resource.ResourceKind:
    """The descriptor of the entity kind an option names (imported on use: a topic given by id needs none)."""
    if option == "source":
        from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE

        return SOURCE
    if option == "destination":
        from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION

        return DESTINATION
    if option == "transform":
        from ansible_collections.streamkap.cloud.plugins.module_utils.transform import TRANSFORM

        return TRANSFORM
    from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PIPELINE

    return PIPELINE


def topics_of(client: StreamkapClient, option: str, entity_id: str) -> list[Entity]:
    """Every topic the API lists for the entity (every page)."""
    return list(client.paginate(DETAILS_PATH, params={"entity_type": ENTITY_TYPES[option], "entity_id": entity_id}))


def names_topic(item: t.Mapping[str, t.Any], topic: str) -> bool:
    """Whether a listed topic is the one named: by its id, its name, or its name after the entity's prefix."""
    return topic in (item.get("id"), item.get("name")) or item.get("id") == f"{item.get('prefix')}.{topic}"


def resolve_topic_id(client: StreamkapClient, address: TopicAddress) -> str:
    """The id of the topic an entity and a name address: from the id scheme for sources and destinations, else
    from the entity's topic list. An unknown entity fails, naming it."""
    kind = owner_kind(address.owner)
    entity = Repository(client, kind).find_by_name(address.owner_name)
    if entity is None:
        raise StreamkapError(f"No {address.owner} is named {address.owner_name!r}: cannot find its {address.describe()}. "
                             "Nothing was changed.")
    entity_id = str(entity["id"])
    prefix = ID_PREFIXES.get(address.owner, "").format(id=entity_id)
    if prefix:
        return address.topic if address.topic.startswith(prefix) else f"{prefix}{address.topic}"
    listed = [item for item in topics_of(client, address.owner, entity_id) if names_topic(item, address.topic)]
    if len(listed) != 1:
        held = ", ".join(str(item.get("name") or item.get("id")) for item in topics_of(client, address.owner, entity_id))
        raise StreamkapError(
            f"{kind.label(entity)} has {'no' if not listed else 'more than one'} topic named {address.topic!r}"
            f" (its topics: {held or 'none'}). Nothing was changed."
        )
    return str(listed[0]["id"])


def ensure_topic(module: t.Any, client: StreamkapClient, spec: TopicSpec) -> dict[str, t.Any]:
    """The work of streamkap_topic, for StreamkapModule.run: present only."""
    from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler

    if spec.address is not None:
        spec = dataclasses.replace(spec, id=resolve_topic_id(client, spec.address))
        resource.check_entity_id(spec.id, "topic")
    reconciler = Reconciler(client, TOPIC, register_secrets=module.hide, warn=module.warn)
    return reconciler.run("present", spec, check_mode=module.check_mode, diff=module.diff_mode)


def topic_options() -> dict[str, dict[str, t.Any]]:
    """streamkap_topic's argument spec (auth aside)."""
    return dict(
        id={"type": "str"},
        source={"type": "str"},
        destination={"type": "str"},
        transform={"type": "str"},
        topic={"type": "str"},
        partitions={"type": "int"},
        **resource.tag_options(),
    )


# ============================================================================
# streamkap_topic_info
# ============================================================================

@dataclasses.dataclass(frozen=True)
class TopicFilters(ListFilters):
    """streamkap_topic_info's filters: one entity (by name or id), topic ids, a partial name, snapshot statuses."""

    owner: str | None = None
    owner_ref: str | None = None
    snapshot: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TopicFilters:
        owners = [option for option in LISTED_BY_OPTIONS if params.get(option) is not None]
        filters = cls(ids=tuple(params.get("id") or ()), partial_name=params.get("partial_name") or None,
                      owner=owners[0] if owners else None, owner_ref=params.get(owners[0]) if owners else None,
                      snapshot=tuple(params.get("snapshot") or ()))
        if any(not value.strip() for value in filters.ids):
            raise StreamkapError("id must not hold an empty value.")
        check_filter_ids(filters.ids)
        if filters.owner is not None:
            inputs.check_identifier(filters.owner, filters.owner_ref)
        return filters

    def query(self, owner_id: str | None) -> dict[str, str]:
        params = {}
        if self.owner is not None and owner_id is not None:
            params.update(entity_type=ENTITY_TYPES[self.owner], entity_id=owner_id)
        if self.partial_name:
            params["partial_name"] = self.partial_name
        if self.snapshot:
            params["snapshot"] = ",".join(self.snapshot)
        return params


def list_topics(client: StreamkapClient, filters: TopicFilters) -> list[Entity]:
    """The topics matching every filter, each with its detailed read (kafka, tags) and `partition_count`; an entity
    that does not exist matches nothing."""
    owner_id = None
    if filters.owner is not None:
        owner = Repository(client, owner_kind(filters.owner)).by_name_or_id(t.cast(str, filters.owner_ref), filters.owner)
        if owner is None:
            return []
        owner_id = str(owner["id"])
    query = filters.query(owner_id)
    queries = [dict(query, topic_id=topic_id) for topic_id in filters.ids] or [query]
    found: dict[str, Entity] = {}
    for params in queries:
        for item in client.paginate(DETAILS_PATH, params=params):
            found.setdefault(str(item.get("id")), item)
    listed = list(found.values())
    details = read_each(lambda item: Repository(client, TOPIC).get(str(item["id"])), listed, MAX_DETAIL_READS)
    return [dict(item, **(detail or {}), partition_count=partition_count(detail or {})) for item, detail in zip(listed, details)]
