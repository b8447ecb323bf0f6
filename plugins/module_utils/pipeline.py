# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Pipelines: the rules only pipelines have.

A pipeline names its source and destination by embedded objects (id, name, connector), carries
topics that answers prefix with ``source_<id>.``, routes topics through transforms (one entry per
transform and topic), and is updated with a full body that sends back the transforms the task does
not give. Finding, creating, updating and deleting are the resource engine's.
"""

from __future__ import annotations

import dataclasses
import typing as t
from functools import partial

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs, resource, tagging
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import ListFilters
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import redact_entity
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE

Entity = t.Dict[str, t.Any]

# Sent back on every PUT: as they are, unless the task gives them.
ROUTE_FIELDS = ("transforms", "topic_auto_discovery_transforms")
# The fields of an embedded source or destination in a request body.
REFERENCE_FIELDS = ("id", "name", "connector")
# The type of each field read of a pipeline in an answer (see resource.CONNECTOR_FIELDS): its ends
# are objects like a source's, with their topics.
END_FIELDS: t.Mapping[str, t.Any] = dict(resource.CONNECTOR_FIELDS, topics=list)
PIPELINE_FIELDS: t.Mapping[str, t.Any] = {
    "id": resource.ID_TYPES, "name": str, "tags": [resource.ID_TYPES], "connector_status": str, "desired_state": str,
    "source": END_FIELDS, "destination": END_FIELDS, "topics": list,
    **{field: list for field in ROUTE_FIELDS},
}


# --- topics ---

def topic_prefix(source_id: str) -> str:
    """The prefix answers put before a source's topics (requests carry them without it)."""
    return f"source_{source_id}."


def bare_topic(topic: str, source_id: str | None) -> str:
    """The topic without its source's prefix."""
    prefix = topic_prefix(source_id) if source_id else None
    return topic[len(prefix):] if prefix and topic.startswith(prefix) else topic


def bare_topics(topics: t.Iterable[str], source_id: str | None) -> list[str]:
    """The topics without their prefix, each once, in their first order."""
    return list(dict.fromkeys(bare_topic(str(topic), source_id) for topic in topics))


def pipeline_topics(pipeline: Entity) -> list[str]:
    """A pipeline's topics without the prefix: its source's topics, else its own list."""
    source = pipeline.get("source") or {}
    topics = source.get("topics")
    if topics is None:
        topics = pipeline.get("topics") or []
    return bare_topics(topics, source.get("id"))


def same_topics(desired: t.Iterable[str], current: t.Iterable[str], source_id: str | None) -> bool:
    """Topics compared as sets: order, repetitions and the prefix never count."""
    return set(bare_topics(desired, source_id)) == set(bare_topics(current, source_id))


# --- references to the source and the destination ---

@dataclasses.dataclass(frozen=True)
class EndRef:
    """How the task names a pipeline's source or destination: by exact name or by id (or not at all)."""

    noun: str
    name: str | None = None
    id: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.name or self.id)

    def describe(self) -> str:
        return f"{self.noun} {self.name!r}" if self.name else f"{self.noun} id {self.id!r}"

    def matches(self, embedded: Entity | None) -> bool:
        """Whether an existing pipeline's embedded object is the one named here."""
        embedded = embedded or {}
        return embedded.get("id") == self.id if self.id else embedded.get("name") == self.name

    def check(self) -> None:
        inputs.check_identifier(self.noun, self.name)
        # The id goes into a path (GET /sources/{id}): held to the id rule of every kind.
        resource.check_entity_id(self.id, self.noun, f"{self.noun}_id")


def describe_entity(noun: str, entity: Entity | None) -> str:
    entity = entity or {}
    return f"{noun} {entity.get('name')!r} (id {entity.get('id')})"


def reference(entity: Entity, **extra: t.Any) -> Entity:
    """The embedded object a request body carries for an existing source or destination."""
    return dict({field: entity.get(field) for field in REFERENCE_FIELDS}, **extra)


# --- routes through transforms ---

@dataclasses.dataclass(frozen=True)
class Route:
    """Topics through a transform (`key` "topics"), or a regex its auto-discovery matches (`key` "regex")."""

    transform: str                                 # the transform's name or id
    values: tuple[str, ...]                        # topics; or the one regex

    @classmethod
    def parse(cls, option: str, key: str, given: t.Any) -> tuple[Route, ...] | None:
        """The routes of an option ([{transform, topics}] or [{transform, regex}]); None when not given."""
        if given is None:
            return None
        routes = []
        for item in given:
            ref, value = (item or {}).get("transform"), (item or {}).get(key)
            if not isinstance(ref, str) or not ref.strip():
                raise StreamkapError(f"{option}: each item needs transform (a transform's name or id).")
            inputs.check_identifier(f"{option}.transform", ref)
            values = tuple(value) if key == "topics" and isinstance(value, (list, tuple)) else (value,)
            if not values or any(not isinstance(text, str) or not text.strip() for text in values):
                raise StreamkapError(f"{option}: the item of transform {ref!r} needs {key} (not empty).")
            for text in values:
                inputs.check_identifier(f"{option}.{key}", text)
            routes.append(cls(ref, values))
        return tuple(routes)


def route_topic(entry: Entity) -> str | None:
    """The topic of a pipeline's transform entry: `topic`, else `topic_id` after its first dot (as the API
    rebuilds it)."""
    topic, topic_id = entry.get("topic"), entry.get("topic_id")
    if topic:
        return str(topic)
    return str(topic_id).split(".", 1)[-1] if topic_id else None


def route_pairs(entries: t.Iterable[Entity]) -> set[tuple[t.Any, t.Any]]:
    """(transform id, topic) of each transform entry of a pipeline."""
    return {(entry.get("id"), route_topic(entry)) for entry in entries if isinstance(entry, dict)}


def discovery_pairs(entries: t.Iterable[Entity]) -> set[tuple[t.Any, t.Any]]:
    """(transform id, regex) of each auto-discovery entry of a pipeline."""
    return {(entry.get("transform_id"), entry.get("regex")) for entry in entries if isinstance(entry, dict)}


def transform_topic(transform: Entity, topic: str) -> str:
    """The topic without the transform's own prefix when the task named it by one of its topic ids."""
    return topic.split(".", 1)[1] if topic in (transform.get("topic_ids") or ()) and "." in topic else topic


def route_entry(transform: Entity, topic: str, source_id: str | None) -> Entity:
    """One transform entry of a pipeline body. `topic_id` must carry a prefix (the API strips everything up to
    its first dot): the transform's own topic id for that topic when it has one, else the source's prefix."""
    own = [topic_id for topic_id in transform.get("topic_ids") or () if str(topic_id).split(".", 1)[-1] == topic]
    topic_id = own[0] if own else f"{topic_prefix(source_id) if source_id else ''}{topic}"
    return {"id": transform.get("id"), "name": transform.get("name"), "start_time": None, "topic": topic,
            "topic_id": topic_id}


# --- what the user asked for ---

@dataclasses.dataclass(frozen=True)
class PipelineSpec(resource.ResourceSpec):
    """What the user asked of one pipeline, from the module parameters."""

    source: EndRef = EndRef("source")
    destination: EndRef = EndRef("destination")
    topics: tuple[str, ...] | None = None
    snapshot_new_tables: bool | None = None
    transforms: tuple[Route, ...] | None = None
    topic_auto_discovery_transforms: tuple[Route, ...] | None = None
    # The transforms the routes name, by the name or id given (with_references fills it in).
    found_transforms: t.Mapping[str, Entity] = dataclasses.field(default_factory=dict)
    noun: t.ClassVar[str] = "pipeline"

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> PipelineSpec:
        topics, tags = params.get("topics"), params.get("tags")
        options = {**resource.ABSENT_CONNECTOR_OPTIONS,
                   **{name: params[name] for name in ("created_from", "secret_returned", "purge_tags")}}
        spec = cls(
            **options,
            name=params.get("name"),
            id=params.get("id"),
            source=EndRef("source", params.get("source"), params.get("source_id")),
            destination=EndRef("destination", params.get("destination"), params.get("destination_id")),
            topics=None if topics is None else tuple(topics),
            snapshot_new_tables=params.get("snapshot_new_tables"),
            transforms=Route.parse("transforms", "topics", params.get("transforms")),
            topic_auto_discovery_transforms=Route.parse("topic_auto_discovery_transforms", "regex",
                                                        params.get("topic_auto_discovery_transforms")),
            tags=None if tags is None else tuple(tags),
        )
        spec.check()
        return spec

    def check(self) -> None:
        if not self.name and not self.id:
            raise StreamkapError("Give the pipeline's name or its id.")
        inputs.check_identifier("name", self.name)
        resource.check_entity_id(self.id, "pipeline")
        self.source.check()
        self.destination.check()
        for topic in self.topics or ():
            if not topic or not topic.strip():
                raise StreamkapError("topics must not hold an empty value.")
            inputs.check_identifier("topics", topic)
        tagging.check_tag_refs(self.tags)

    def missing_for_create(self) -> list[str]:
        missing = [] if self.name else ["name"]
        missing += [f"{end.noun} (or {end.noun}_id)" for end in (self.source, self.destination) if not end.given]
        return missing + ([] if self.topics is not None else ["topics"])

    def refuse_change(self, current: Entity, changes: t.Sequence[str]) -> None:
        self.refuse_end_change(current)

    def refuse_end_change(self, current: Entity) -> None:
        """Fail when the task names another source or destination than the pipeline's own (both named at once)."""
        changed = [
            f"{describe_entity(end.noun, current.get(end.noun))} cannot change to {end.describe()}"
            for end in (self.source, self.destination) if end.given and not end.matches(current.get(end.noun))
        ]
        if changed:
            raise StreamkapError(
                f"Pipeline {current.get('name')!r} (id {current.get('id')}): its {' and its '.join(changed)}. "
                "Nothing was changed: to move it, delete the pipeline (state=absent) and create it again."
            )

    def resolve_references(self, find: resource.FindReference, check_mode: bool,
                           warn: t.Callable[[str], None]) -> dict[str, Entity]:
        """The source and destination named (exact name or id); in check mode one that does not exist
        is a warning and a stand-in (an earlier task of the same check run would create it), otherwise a failure."""
        found = {end.noun: find(END_KINDS[end.noun], end) for end in (self.source, self.destination)}
        missing = [end for end in (self.source, self.destination) if found[end.noun] is None]
        if missing and not check_mode:
            raise StreamkapError(
                f"Pipeline {self.name!r} cannot be created: {' and '.join(end.describe() for end in missing)} "
                f"{'do' if len(missing) > 1 else 'does'} not exist. Nothing was changed: create "
                f"{'them' if len(missing) > 1 else 'it'} first ({', '.join(END_MODULES[end.noun] for end in missing)}), "
                "or check the names."
            )
        for end in missing:
            warn(
                f"{end.describe().capitalize()} does not exist (yet): pipeline {self.name!r} would be created "
                "once it does. Without check mode this task fails unless an earlier task creates it."
            )
            found[end.noun] = {"id": end.id, "name": end.name, "connector": None}
        return t.cast("dict[str, Entity]", found)

    def create_body(self, kind: resource.ResourceKind, references: t.Mapping[str, Entity] | None = None) -> Entity:
        ends = references or {}
        return create_body(self, ends["source"], ends["destination"])

    def field_changes(self, current: Entity) -> dict[str, t.Any]:
        """Topics (compared as sets, without the prefix), snapshot_new_tables, and the routes through transforms
        given (compared as sets of (transform id, topic) and (transform id, regex) pairs), where they differ."""
        source_id = (current.get("source") or {}).get("id")
        changes: dict[str, t.Any] = {}
        if self.topics is not None and not same_topics(self.topics, pipeline_topics(current), source_id):
            changes["topics"] = bare_topics(self.topics, source_id)
        if self.snapshot_new_tables is not None and self.snapshot_new_tables != bool(current.get("snapshot_new_tables")):
            changes["snapshot_new_tables"] = self.snapshot_new_tables
        if self.transforms is not None:
            entries = self.transform_entries(source_id)
            if route_pairs(entries) != route_pairs(current.get("transforms") or ()):
                changes["transforms"] = entries
        if self.topic_auto_discovery_transforms is not None:
            entries = self.discovery_entries()
            if discovery_pairs(entries) != discovery_pairs(current.get("topic_auto_discovery_transforms") or ()):
                changes["topic_auto_discovery_transforms"] = entries
        return changes

    def transform_entries(self, source_id: str | None) -> list[Entity]:
        """The `transforms` of a body: one entry per (transform, topic), each once."""
        entries: dict[tuple[t.Any, str], Entity] = {}
        for route in self.transforms or ():
            transform = self.found_transforms.get(route.transform) or {"id": None, "name": route.transform}
            for topic in route.values:
                entry = route_entry(transform, transform_topic(transform, topic), source_id)
                entries.setdefault((entry["id"], entry["topic"]), entry)
        return list(entries.values())

    def discovery_entries(self) -> list[Entity]:
        """The `topic_auto_discovery_transforms` of a body, each (transform, regex) once."""
        pairs = {((self.found_transforms.get(route.transform) or {}).get("id"), route.values[0]): None
                 for route in self.topic_auto_discovery_transforms or ()}
        return [{"transform_id": transform_id, "regex": regex} for transform_id, regex in pairs]

    def with_references(self, listed: t.Callable[[resource.ResourceKind], t.Sequence[Entity]], check_mode: bool,
                        warn: t.Callable[[str], None]) -> PipelineSpec:
        """The transforms the routes name, found by exact name or id in one read of every transform. One that does
        not exist fails before any write; in check mode it is a warning (an earlier task may create it)."""
        refs = list(dict.fromkeys(route.transform for route in (self.transforms or ()) + (self.topic_auto_discovery_transforms or ())))
        if not refs:
            return self
        from ansible_collections.streamkap.cloud.plugins.module_utils.transform import TRANSFORM  # only when routed

        transforms = listed(TRANSFORM)
        found: dict[str, Entity] = {}
        for ref in refs:
            by_id = next((item for item in transforms if item.get("id") == ref), None)
            named = [item for item in transforms if item.get("name") == ref]
            match = inputs.pick_by_name_or_id("transforms", "transform", ref, by_id, named)
            if match is not None:
                found[ref] = dict(match)
        missing = [ref for ref in refs if ref not in found]
        if missing and not check_mode:
            raise StreamkapError(
                f"Pipeline {self.name or self.id!r}: transform(s) {', '.join(map(repr, missing))} do not exist. Nothing was "
                "changed: create them first (streamkap.cloud.streamkap_transform), or check the names."
            )
        if missing:
            warn(f"Transform(s) {', '.join(map(repr, missing))} do not exist (yet): pipeline {self.name or self.id!r} would "
                 "route through them once they do. Without check mode this task fails unless an earlier task creates them.")
        return dataclasses.replace(self, found_transforms=found)


# --- bodies ---

def create_body(spec: PipelineSpec, source: Entity, destination: Entity) -> Entity:
    """The POST /pipelines body; `source` and `destination` are the resolved entities.

    Without tags the API gives a new pipeline the system tag Development, as the web app does.
    """
    body: Entity = {
        "name": spec.name,
        "created_from": spec.created_from,
        "source": reference(source, topics=bare_topics(spec.topics or (), source.get("id"))),
        "destination": reference(destination),
    }
    if spec.snapshot_new_tables is not None:
        body["snapshot_new_tables"] = spec.snapshot_new_tables
    if spec.transforms is not None:
        body["transforms"] = spec.transform_entries(source.get("id"))
    if spec.topic_auto_discovery_transforms is not None:
        body["topic_auto_discovery_transforms"] = spec.discovery_entries()
    return body


def update_body(pipeline: Entity) -> Entity:
    """The full PUT body of the would-be pipeline; the routes through transforms as they are or as the task
    changes them (tags are the engine's)."""
    body: Entity = {
        "name": pipeline.get("name"),
        "created_from": pipeline.get("created_from") or "api",
        "snapshot_new_tables": bool(pipeline.get("snapshot_new_tables")),
        "source": reference(pipeline.get("source") or {}, topics=pipeline_topics(pipeline)),
        "destination": reference(pipeline.get("destination") or {}),
    }
    for field in ROUTE_FIELDS:
        body[field] = pipeline.get(field) or []
    return body


# --- what the user sees ---

def apply_fields(current: Entity, changes: t.Mapping[str, t.Any]) -> Entity:
    """The would-be pipeline: the current one with the field changes applied (topics prefixed as answers are)."""
    predicted = dict(current, **{field: value for field, value in changes.items() if field != "topics"})
    if "topics" in changes:
        source = dict(current.get("source") or {})
        prefixed = [f"{topic_prefix(source['id'])}{topic}" if source.get("id") else topic for topic in changes["topics"]]
        source["topics"] = prefixed
        predicted.update(source=source, topics=list(prefixed), topic_ids=list(prefixed))
    return predicted


def predicted_create(body: Entity) -> Entity:
    """The would-be pipeline in check mode: the create body with no id."""
    return dict(body, id=None, topics=list(body["source"].get("topics") or []))


def diff_view(pipeline: Entity) -> Entity:
    """One side of the diff: the managed fields, ends by name, topics sorted without their prefix, and the routes
    through transforms ("<transform> -> <topic or regex>", sorted) when the pipeline has any."""
    view = {
        "name": pipeline.get("name"),
        "source": (pipeline.get("source") or {}).get("name"),
        "destination": (pipeline.get("destination") or {}).get("name"),
        "topics": sorted(pipeline_topics(pipeline)),
        "snapshot_new_tables": bool(pipeline.get("snapshot_new_tables")),
    }
    routes = sorted(f"{entry.get('name') or entry.get('id')} -> {route_topic(entry)}" for entry in pipeline.get("transforms") or ())
    discovery = sorted(f"{entry.get('transform_id')} -> {entry.get('regex')}"
                       for entry in pipeline.get("topic_auto_discovery_transforms") or ())
    if routes:
        view["transforms"] = routes
    if discovery:
        view["topic_auto_discovery_transforms"] = discovery
    return view


def redact_pipeline(pipeline: Entity, secret_returned: bool,
                    redact_end: t.Callable[[str, Entity], Entity]) -> Entity:
    """The pipeline with the secret config values of its embedded source and destination masked.

    `redact_end(noun, entity)` masks one embedded object as its own kind would.
    """
    if secret_returned or not isinstance(pipeline, dict):
        return pipeline
    shown = dict(pipeline)
    for noun in ("source", "destination"):
        if isinstance(shown.get(noun), dict):
            shown[noun] = redact_end(noun, shown[noun])
    return shown


# ============================================================================
# The descriptor
# ============================================================================

END_KINDS = {"source": SOURCE, "destination": DESTINATION}
END_MODULES = {"source": "streamkap.cloud.streamkap_source", "destination": "streamkap.cloud.streamkap_destination"}


def redact_end(noun: str, entity: Entity) -> Entity:
    """An embedded source or destination, its secret config values masked as its own kind masks them."""
    return redact_entity(END_KINDS[noun], entity, False)


PIPELINE = resource.ResourceKind(
    path="/pipelines",
    noun="pipeline",
    result_key="pipeline",
    body_fields=("name", "created_from"),
    taggable=True,
    diff_view=diff_view,
    write_body=update_body,
    apply_fields=apply_fields,
    predicted_create=predicted_create,
    redact=partial(redact_pipeline, redact_end=redact_end),
    answer_fields=PIPELINE_FIELDS,
)


def pipeline_options() -> dict[str, dict[str, t.Any]]:
    """streamkap_pipeline's argument spec (auth aside); a streamkap_pipelines entry takes part of it (fleet.ENTRY_KEYS)."""
    return dict(
        name={"type": "str"},
        id={"type": "str"},
        source={"type": "str"},
        source_id={"type": "str"},
        destination={"type": "str"},
        destination_id={"type": "str"},
        topics={"type": "list", "elements": "str"},
        snapshot_new_tables={"type": "bool"},
        transforms={"type": "list", "elements": "dict", "options": {
            "transform": {"type": "str", "required": True},
            "topics": {"type": "list", "elements": "str", "required": True},
        }},
        topic_auto_discovery_transforms={"type": "list", "elements": "dict", "options": {
            "transform": {"type": "str", "required": True},
            "regex": {"type": "str", "required": True},
        }},
        created_from={"type": "str", "choices": list(resource.CREATED_FROM_CHOICES), "default": "api"},
        secret_returned={"type": "bool", "default": False},
        state={"type": "str", "choices": list(resource.STATE_CHOICES), "default": "present"},
        **resource.tag_options(),
    )


# --- streamkap_pipeline_info ---

@dataclasses.dataclass(frozen=True)
class PipelineFilters(ListFilters):
    """The info module's filters: those of every kind, plus the source and destination (name or id)."""

    source: str | None = None
    destination: str | None = None
    source_id: str | None = None
    destination_id: str | None = None

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> PipelineFilters:
        base = ListFilters.from_params(params)
        filters = cls(**dataclasses.asdict(base), source=params.get("source"), destination=params.get("destination"))
        inputs.check_identifier("source", filters.source)
        inputs.check_identifier("destination", filters.destination)
        return filters

    def server_params(self, name_query: str = "partial_name") -> dict[str, str]:
        params = super().server_params(name_query)
        for option in ("source_id", "destination_id"):
            if getattr(self, option):
                params[option] = getattr(self, option)
        return params


def resolve_name_or_id(repository: Repository, value: str, option: str) -> str:
    """The id of the entity of that exact name or id (ambiguous references refused); the value itself when none
    has it (it then matches nothing)."""
    found = repository.by_name_or_id(value, option)
    return str(found["id"]) if found is not None else value


def list_pipelines(client: StreamkapClient, filters: PipelineFilters) -> list[Entity]:
    """The pipelines matching every filter, embedded secrets masked unless asked for; with filters.metrics, each one's
    latest metrics."""
    resolved = {
        f"{noun}_id": resolve_name_or_id(Repository(client, END_KINDS[noun]), value, noun)
        for noun, value in (("source", filters.source), ("destination", filters.destination)) if value
    }
    found = Repository(client, PIPELINE).list_matching(dataclasses.replace(filters, **resolved))
    if filters.metrics:
        from ansible_collections.streamkap.cloud.plugins.module_utils.metrics import with_metrics  # only when asked for

        found = with_metrics(client, PIPELINE, found)
    return [redact_pipeline(item, filters.secret_returned, redact_end) for item in found]
