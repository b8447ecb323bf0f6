# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Pipelines: the rules only pipelines have.

A pipeline names its source and destination by embedded objects (id, name, connector), carries
topics that answers prefix with ``source_<id>.``, and is updated with a full body that keeps what
this collection does not manage (transforms). Finding, creating, updating and deleting are the
resource engine's.
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs, resource, tagging
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE

Entity = t.Dict[str, t.Any]

# Sent back unchanged on every PUT: this release does not manage them.
UNMANAGED_FIELDS = ("transforms", "topic_auto_discovery_transforms")
# The fields of an embedded source or destination in a request body.
REFERENCE_FIELDS = ("id", "name", "connector")


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
        inputs.check_identifier(f"{self.noun}_id", self.id)


def describe_entity(noun: str, entity: Entity | None) -> str:
    entity = entity or {}
    return f"{noun} {entity.get('name')!r} (id {entity.get('id')})"


def reference(entity: Entity, **extra: t.Any) -> Entity:
    """The embedded object a request body carries for an existing source or destination."""
    return dict({field: entity.get(field) for field in REFERENCE_FIELDS}, **extra)


# --- what the user asked for ---

@dataclasses.dataclass(frozen=True)
class PipelineSpec:
    """What the user asked of one pipeline, from the module parameters."""

    # No defaults for options that have one: the argument spec is the one place they live.
    created_from: str
    secret_returned: bool
    purge_tags: bool
    name: str | None = None
    id: str | None = None
    source: EndRef = EndRef("source")
    destination: EndRef = EndRef("destination")
    topics: tuple[str, ...] | None = None
    snapshot_new_tables: bool | None = None
    tags: tuple[str, ...] | None = None          # names or ids; None leaves the pipeline's tags alone
    # The engine's delete waits when asked; pipelines do not offer waiting in this release.
    wait: t.ClassVar[bool] = False

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> PipelineSpec:
        topics, tags = params.get("topics"), params.get("tags")
        spec = cls(
            name=params.get("name"),
            id=params.get("id"),
            source=EndRef("source", params.get("source"), params.get("source_id")),
            destination=EndRef("destination", params.get("destination"), params.get("destination_id")),
            topics=None if topics is None else tuple(topics),
            snapshot_new_tables=params.get("snapshot_new_tables"),
            created_from=params["created_from"],
            secret_returned=params["secret_returned"],
            tags=None if tags is None else tuple(tags),
            purge_tags=params["purge_tags"],
        )
        spec.check()
        return spec

    def check(self) -> None:
        if not self.name and not self.id:
            raise StreamkapError("Give the pipeline's name or its id.")
        inputs.check_identifier("name", self.name)
        inputs.check_identifier("id", self.id)
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

    def refuse_end_change(self, current: Entity) -> None:
        """Fail when the task names another source or destination than the pipeline's own."""
        for end in (self.source, self.destination):
            embedded = current.get(end.noun)
            if end.given and not end.matches(embedded):
                raise StreamkapError(
                    f"Pipeline {current.get('name')!r} (id {current.get('id')}) uses {describe_entity(end.noun, embedded)}; "
                    f"it cannot change to {end.describe()}. Nothing was changed: to move it, delete the pipeline "
                    "(state=absent) and create it again."
                )


# --- bodies ---

def create_body(spec: PipelineSpec, source: Entity, destination: Entity, tags: tagging.TagPlan | None = None) -> Entity:
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
    if tags is not None:
        body["tags"] = list(tags.planned)
    return body


@dataclasses.dataclass
class PipelinePlan:
    """What must change on an existing pipeline: None where nothing does."""

    new_name: str | None = None
    topics: list[str] | None = None
    snapshot_new_tables: bool | None = None
    tags: tagging.TagPlan | None = None

    @property
    def needs_put(self) -> bool:
        return (self.new_name is not None or self.topics is not None or self.snapshot_new_tables is not None
                or (self.tags is not None and self.tags.changed))


def plan_update(spec: PipelineSpec, current: Entity, tags: tagging.TagRequest | None = None) -> PipelinePlan:
    source_id = (current.get("source") or {}).get("id")
    plan = PipelinePlan(tags=tags.plan(current) if tags else None)
    if spec.name and spec.name != current.get("name"):
        plan.new_name = spec.name
    if spec.topics is not None and not same_topics(spec.topics, pipeline_topics(current), source_id):
        plan.topics = bare_topics(spec.topics, source_id)
    if spec.snapshot_new_tables is not None and spec.snapshot_new_tables != bool(current.get("snapshot_new_tables")):
        plan.snapshot_new_tables = spec.snapshot_new_tables
    return plan


def update_body(current: Entity, plan: PipelinePlan) -> Entity:
    """The full PUT body: the current pipeline with the plan applied; unmanaged fields sent back as they are."""
    source = current.get("source") or {}
    body: Entity = {
        "name": plan.new_name or current.get("name"),
        "created_from": current.get("created_from") or "api",
        "snapshot_new_tables": (
            plan.snapshot_new_tables if plan.snapshot_new_tables is not None else bool(current.get("snapshot_new_tables"))
        ),
        "source": reference(source, topics=plan.topics if plan.topics is not None else pipeline_topics(current)),
        "destination": reference(current.get("destination") or {}),
    }
    for field in UNMANAGED_FIELDS:
        body[field] = current.get(field) or []
    if plan.tags is not None:
        # Only when the task gives tags: the API reads an absent field as "leave them alone".
        body["tags"] = list(plan.tags.planned)
    return body


# --- what the user sees ---

def predicted_update(current: Entity, plan: PipelinePlan) -> Entity:
    """The would-be pipeline in check mode: the current one with the plan applied (topics prefixed as answers are)."""
    predicted = dict(current)
    if plan.new_name:
        predicted["name"] = plan.new_name
    if plan.snapshot_new_tables is not None:
        predicted["snapshot_new_tables"] = plan.snapshot_new_tables
    if plan.tags is not None:
        predicted["tags"] = list(plan.tags.planned)
    if plan.topics is not None:
        source = dict(current.get("source") or {})
        prefixed = [f"{topic_prefix(source['id'])}{topic}" if source.get("id") else topic for topic in plan.topics]
        source["topics"] = prefixed
        predicted.update(source=source, topics=list(prefixed), topic_ids=list(prefixed))
    return predicted


def predicted_create(body: Entity) -> Entity:
    """The would-be pipeline in check mode: the create body with no id."""
    return dict(body, id=None, topics=list(body["source"].get("topics") or []))


def diff_view(pipeline: Entity, tag_names: list[str] | None = None) -> Entity:
    """One side of the diff: the managed fields, ends by name, topics sorted without their prefix;
    tags by name when the task gives them."""
    view = {
        "name": pipeline.get("name"),
        "source": (pipeline.get("source") or {}).get("name"),
        "destination": (pipeline.get("destination") or {}).get("name"),
        "topics": sorted(pipeline_topics(pipeline)),
        "snapshot_new_tables": bool(pipeline.get("snapshot_new_tables")),
    }
    if tag_names is not None:
        view["tags"] = tag_names
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
# The descriptor, and the reconciler for what only pipelines do
# ============================================================================

PIPELINE = resource.ResourceKind(
    path="/pipelines",
    noun="pipeline",
    result_key="pipeline",
    body_fields=("name", "created_from"),
    taggable=True,
)
END_KINDS = {"source": SOURCE, "destination": DESTINATION}
END_MODULES = {"source": "streamkap.cloud.streamkap_source", "destination": "streamkap.cloud.streamkap_destination"}


def redact_end(noun: str, entity: Entity) -> Entity:
    """An embedded source or destination, its secret config values masked as its own kind masks them."""
    return resource.redact_entity(END_KINDS[noun], entity, False)


class PipelineReconciler(resource.Reconciler):
    """The resource engine bound to pipelines: references resolved by name, topics as sets,
    a full-body PUT, embedded secrets masked. Finding, adoption and deletion are the engine's."""

    def __init__(self, client: StreamkapClient, warn: t.Callable[[str], None] = lambda message: None,
                 **options: t.Any) -> None:
        super().__init__(client, PIPELINE, **options)
        self.warn = warn
        self.ends = {noun: resource.Repository(client, kind) for noun, kind in END_KINDS.items()}

    def shown(self, entity: Entity, secret_returned: bool, props: t.Any = None) -> Entity:
        return redact_pipeline(entity, secret_returned, redact_end)

    # --- references ---

    def resolve(self, end: EndRef) -> Entity | None:
        """The source or destination the task names (exact name or id), or None when there is none."""
        repository = self.ends[end.noun]
        if end.id:
            return repository.get(end.id)
        return repository.find_by_name(t.cast(str, end.name))

    def resolve_ends(self, spec: PipelineSpec, check_mode: bool) -> dict[str, Entity]:
        """The resolved ends; in check mode an end that does not exist is a warning and a stand-in, otherwise a failure."""
        resolved: dict[str, Entity] = {}
        for end in (spec.source, spec.destination):
            found = self.resolve(end)
            if found is None and not check_mode:
                raise StreamkapError(
                    f"Pipeline {spec.name!r} cannot be created: {end.describe()} does not exist. Nothing was changed: "
                    f"create it first ({END_MODULES[end.noun]}), or check the name."
                )
            if found is None:
                # An earlier task of the same check run would have created it.
                self.warn(
                    f"{end.describe().capitalize()} does not exist (yet): pipeline {spec.name!r} would be created "
                    "once it does. Without check mode this task fails unless an earlier task creates it."
                )
                found = {"id": end.id, "name": end.name, "connector": None}
            resolved[end.noun] = found
        return resolved

    # --- state: present ---

    def _create(self, spec: PipelineSpec, check_mode: bool, diff: bool,  # type: ignore[override]
                tags: tagging.TagRequest | None) -> dict[str, t.Any]:
        missing = spec.missing_for_create()
        if missing:
            raise StreamkapError(f"Pipeline {spec.name!r} does not exist, and creating it needs: {', '.join(missing)}.")
        ends = self.resolve_ends(spec, check_mode)
        tag_plan = tags.plan(None) if tags else None
        body = create_body(spec, ends["source"], ends["destination"], tag_plan)
        result: dict[str, t.Any] = {"changed": True}
        if diff:
            result["diff"] = {"before": {}, "after": diff_view(body, tag_plan.after_names() if tag_plan else None)}
        if check_mode:
            return dict(result, pipeline=predicted_create(body))
        entity, outcome = self.repository.create_once(body, spec.secret_returned)
        if outcome != resource.CREATED:
            # Adopted: whoever created it, it may differ from this task; converge like any existing one.
            converged = self._converge(spec, entity, check_mode=False, diff=diff, tags=tags)
            if outcome == resource.ADOPTED_OURS:
                converged["changed"] = True
            return converged
        return dict(result, pipeline=self.shown(entity, spec.secret_returned))

    def _converge(self, spec: PipelineSpec, current: Entity, check_mode: bool, diff: bool,  # type: ignore[override]
                  tags: tagging.TagRequest | None = None) -> dict[str, t.Any]:
        spec.refuse_end_change(current)
        plan = plan_update(spec, current, tags)
        predicted = predicted_update(current, plan)
        result: dict[str, t.Any] = {"changed": plan.needs_put}
        if diff:
            names = (plan.tags.before_names(), plan.tags.after_names()) if plan.tags else (None, None)
            result["diff"] = {"before": diff_view(current, names[0]), "after": diff_view(predicted, names[1])}
        entity = current
        if check_mode:
            entity = predicted
        elif plan.needs_put:
            entity = self.repository.update(current["id"], update_body(current, plan), spec.secret_returned)
        return dict(result, pipeline=self.shown(entity, spec.secret_returned))

    # --- state: absent ---

    def _absent_result(self, current: Entity, spec: PipelineSpec, changed: bool, diff: bool) -> dict[str, t.Any]:  # type: ignore[override]
        result: dict[str, t.Any] = {"changed": changed, "pipeline": self.shown(current, spec.secret_returned)}
        if diff:
            result["diff"] = {"before": diff_view(current) if changed else {}, "after": {}}
        return result


# --- streamkap_pipeline_info ---

@dataclasses.dataclass(frozen=True)
class PipelineFilters(resource.ListFilters):
    """The info module's filters: those of every kind, plus the source and destination (name or id)."""

    source: str | None = None
    destination: str | None = None
    source_id: str | None = None
    destination_id: str | None = None

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> PipelineFilters:
        base = resource.ListFilters.from_params(params)
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


def resolve_name_or_id(repository: resource.Repository, value: str) -> str:
    """The id of the entity of that exact name; when none has it, the value is taken for an id."""
    found = repository.find_by_name(value)
    return str(found["id"]) if found is not None else value


def list_pipelines(client: StreamkapClient, filters: PipelineFilters) -> list[Entity]:
    """The pipelines matching every filter, embedded secrets masked unless asked for."""
    resolved = {
        f"{noun}_id": resolve_name_or_id(resource.Repository(client, END_KINDS[noun]), value)
        for noun, value in (("source", filters.source), ("destination", filters.destination)) if value
    }
    found = resource.Repository(client, PIPELINE).list_matching(dataclasses.replace(filters, **resolved))
    return [redact_pipeline(item, filters.secret_returned, redact_end) for item in found]
