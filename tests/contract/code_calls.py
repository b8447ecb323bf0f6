"""What the collection's code sends to the API, derived from the code itself.

No path or field is listed here by hand. The descriptors (ResourceKind of sources, destinations,
pipelines, tags and transforms) are driven through every verb of the repository against a client that
records the calls instead of sending them; the bodies come from the kinds' own body builders
(the spec's create body, the engine's PUT body from a real plan); the info modules' filters come
from their own parsers; the authentication paths from the client. The day-2 operations (topics,
snapshots, metrics, the health gate) run their modules' own work against a client that answers
every read with sample data, so that each call a read leads to is made too; so do the event source's polls.
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import client as client_module
from ansible_collections.streamkap.cloud.plugins.module_utils import gate, resource, snapshot, tagging, topic, watch
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION, DestinationSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import ListFilters, list_entities
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PIPELINE, PipelineFilters, PipelineSpec, list_pipelines
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE, SourceSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.tag import TAG, TagFilters, TagSpec, list_tags
from ansible_collections.streamkap.cloud.plugins.module_utils.transform import (
    TRANSFORM,
    Job,
    TransformFilters,
    TransformSpec,
    list_transforms,
    read_job_status,
)
from ansible_collections.streamkap.cloud.plugins.modules import (
    streamkap_destination,
    streamkap_destination_info,
    streamkap_health,
    streamkap_pipeline,
    streamkap_pipeline_info,
    streamkap_snapshot,
    streamkap_source,
    streamkap_source_info,
    streamkap_tag,
    streamkap_tag_info,
    streamkap_topic,
    streamkap_topic_info,
    streamkap_transform,
    streamkap_transform_info,
)

Entity = t.Dict[str, t.Any]

SAMPLE_ID = "65a1b2c3d4e5f60718293a4b"
SAMPLE_TAG = {"id": "65a1b2c3d4e5f60718293a4c", "name": "prod", "type": ["general"], "system": False}

# Values for the options that have no default, so that every option a module has is given.
SAMPLE_OPTIONS: dict[str, t.Any] = {
    "name": "orders",
    "connector": "postgresql",
    "config": {"database.hostname.user.defined": "db.internal", "database.port.user.defined": "5432"},
    "desired_state": "Paused",
    "tags": ["prod"],
    "source": "orders-db",
    "destination": "warehouse",
    "topics": ["public.orders"],
    "snapshot_new_tables": True,
    "transforms": [{"transform": "mask", "topics": ["orders_masked"]}],
    "topic_auto_discovery_transforms": [{"transform": "mask", "regex": "orders_.*"}],
    "description": "production",
    "type": ["general"],
}
# A transform's options where they differ from the other kinds' samples.
TRANSFORM_OPTIONS: dict[str, t.Any] = dict(
    SAMPLE_OPTIONS, type="map_filter", config={"transforms.input.topic.pattern": "source_.*", "transforms.language": "JavaScript"},
    implementation={"language": "JavaScript", "value_transform": "function _streamkap_transform(v, k, t, ts) { return v; }"},
    deploy=True, replay_window="24h",
)
SAMPLE_FILTERS: dict[str, t.Any] = {
    "name": ["orders"],
    "id": [SAMPLE_ID],
    "connector": ["postgresql"],
    "status": ["Active"],
    "secret_returned": True,
    "source": "orders-db",
    "destination": "warehouse",
    "type": ["general"],
}
TRANSFORM_FILTERS: dict[str, t.Any] = dict(SAMPLE_FILTERS, type=["map_filter"], status=["RUNNING"], job_status=True)


@dataclasses.dataclass(frozen=True)
class Sent:
    """One call as the code makes it: its method, concrete path, query and body."""

    method: str
    path: str
    query: tuple[str, ...]
    body: t.Any = None


class RecordingClient(StreamkapClient):
    """Records every call instead of sending it; a read answers an empty list, a write the entity of SAMPLE_ID."""

    def __init__(self) -> None:  # pylint: disable=super-init-not-called
        self.sent: list[Sent] = []
        self.retries = 0

    def request(self, method: str, path: str, params: dict[str, t.Any] | None = None, body: t.Any = None,
                idempotent: bool | None = None) -> t.Any:
        self.sent.append(Sent(method.lower(), path, tuple(sorted(params or {})), body))
        if method.upper() == "GET":
            return {"result": [], "tags": [], "page": 1, "page_size": 100, "total": 0, "has_next": False}
        return {"id": SAMPLE_ID, "connector_status": "Active"}


@dataclasses.dataclass(frozen=True)
class KindModules:
    """A descriptor with its modules: the singular one (options, spec) and the info one (filters, work)."""

    kind: resource.ResourceKind
    module: t.Any
    spec: t.Any
    info_module: t.Any
    filters: t.Any
    listing: t.Callable[..., t.Any]
    options: t.Mapping[str, t.Any] = dataclasses.field(default_factory=lambda: SAMPLE_OPTIONS)
    filter_options: t.Mapping[str, t.Any] = dataclasses.field(default_factory=lambda: SAMPLE_FILTERS)
    # Calls of the kind beyond the repository's verbs (a transform's job), given the client and a full spec.
    more_calls: t.Callable[[t.Any, t.Any], None] = lambda client, spec: None


class _Reconciler:
    """What a transform's Job takes from its reconciler."""

    def __init__(self, client: t.Any) -> None:
        self.repository = Repository(client, TRANSFORM)
        self.sleep = self.clock = None


def job_calls(client: t.Any, spec: TransformSpec) -> None:
    """A transform's job: its status, and its deploys (a Flink type previews first; topic_router goes live at once)."""
    read_job_status(client, SAMPLE_ID)
    job = Job(spec, _Reconciler(client))
    job.deploy(SAMPLE_ID, "map_filter")
    job.deploy(SAMPLE_ID, "topic_router")


KINDS = (
    KindModules(SOURCE, streamkap_source, SourceSpec, streamkap_source_info, ListFilters, list_entities(SOURCE)),
    KindModules(DESTINATION, streamkap_destination, DestinationSpec, streamkap_destination_info, ListFilters, list_entities(DESTINATION)),
    KindModules(PIPELINE, streamkap_pipeline, PipelineSpec, streamkap_pipeline_info, PipelineFilters,
                lambda module, client, filters: list_pipelines(client, filters)),
    KindModules(TAG, streamkap_tag, TagSpec, streamkap_tag_info, TagFilters, lambda module, client, filters: list_tags(client, filters)),
    KindModules(TRANSFORM, streamkap_transform, TransformSpec, streamkap_transform_info, TransformFilters,
                lambda module, client, filters: list_transforms(client, filters), TRANSFORM_OPTIONS, TRANSFORM_FILTERS,
                job_calls),
)


def module_params(module: t.Any, samples: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """Every option of the module's argument spec: its default, else the sample value (auth options aside)."""
    spec = module.argument_spec()
    return {option: samples.get(option, details.get("default")) for option, details in spec.items()}


def full_spec(entry: KindModules) -> t.Any:
    return entry.spec.from_params(module_params(entry.module, entry.options))


def current_entity(kind: resource.ResourceKind) -> Entity:
    """An existing entity of the kind, differing from the sample options in every managed field."""
    end = {"id": SAMPLE_ID, "name": "old-end", "connector": "postgresql", "topics": [f"source_{SAMPLE_ID}.public.old"]}
    return {
        "id": SAMPLE_ID, "name": "old-name", "connector": "postgresql", "config": {"database.hostname.user.defined": "old"},
        "connector_status": "Active", "desired_state": "Active", "tags": [], "description": "old", "type": ["sources"],
        "source": dict(end, name="orders-db"), "destination": dict(end, name="warehouse"), "topics": [],
        "snapshot_new_tables": False, "transforms": [], "topic_auto_discovery_transforms": [], "created_from": "api",
        "transform_type": "map_filter", "implementation": {},
    }


def write_bodies(entry: KindModules) -> tuple[Entity, Entity]:
    """The POST and PUT bodies the engine builds for the kind from a full spec (tags as the engine adds them)."""
    kind, spec = entry.kind, full_spec(entry)
    tags = tagging.TagRequest.from_catalog(tagging.TagCatalog((SAMPLE_TAG,)), spec.tags, spec.purge_tags) if kind.taggable else None
    reconciler = Reconciler(RecordingClient(), kind)
    references = {noun: current_entity(kind)[noun] for noun in ("source", "destination")}
    create = spec.create_body(kind, references)
    if tags is not None:
        create["tags"] = list(tags.plan(None).planned)
    current = current_entity(kind)
    plan = reconciler.plan(spec, current, spec.desired_config, None, tags)
    update = reconciler.changes()._update_body(spec, current, plan, spec.desired_config, None)  # pylint: disable=protected-access
    return create, update


def actions(kind: resource.ResourceKind) -> set[str]:
    """The actions the kind's state_action chooses, for every desired state it can be asked for."""
    if kind.state_action is None:
        return set()
    wanted = resource.SETTLED_STATUSES | {"Pending"}
    return {action for state in wanted if (action := kind.state_action(state, {"connector_status": "Unknown"}))}


def kind_calls(entry: KindModules) -> list[Sent]:
    """Every call the repository makes for the kind, with the bodies and filters the code builds."""
    kind = entry.kind
    client = RecordingClient()
    repository = Repository(client, kind)
    create, update = write_bodies(entry)
    repository.find_by_name("orders", secret_returned=True)
    repository.get(SAMPLE_ID, secret_returned=True)
    repository.connector_schema("postgresql")
    repository.users(SAMPLE_ID)
    repository.create(create, secret_returned=True)
    repository.update(SAMPLE_ID, update, secret_returned=True)
    for action in sorted(actions(kind)):
        repository.act({"id": SAMPLE_ID}, action)
    if kind.redeployable:
        repository.redeploy({"id": SAMPLE_ID})
    repository.delete(SAMPLE_ID)
    # The info module, once with exact names and once with a partial name (they exclude each other).
    for samples in (entry.filter_options, dict(entry.filter_options, name=None, partial_name="ord")):
        filters = entry.filters.from_params(module_params(entry.info_module, samples))
        entry.listing(None, client, filters)
    tagging.TagCatalog.read(client)
    entry.more_calls(client, full_spec(entry))
    return client.sent


class SampleClient(RecordingClient):
    """Records every call; a read answers sample data (an entity of the id its path ends in, a page of one entity,
    the tag catalog, metrics with a snapshot of `snapshot_status`, a running job), a write an acknowledgement."""

    snapshot_status = "running"

    def request(self, method: str, path: str, params: dict[str, t.Any] | None = None, body: t.Any = None,
                idempotent: bool | None = None) -> t.Any:
        super().request(method, path, params, body, idempotent)
        if method.upper() != "GET":
            return {"id": SAMPLE_ID}
        if path == "/tags":
            return {"tags": [SAMPLE_TAG]}
        if path.endswith("/metrics"):
            return {"data": {"latency": 10, "recordsLag": 0, "status": "Active",
                             "snapshotStatus": [{"status": self.snapshot_status, "topic_id": SAMPLE_TOPIC}]}}
        if path.endswith("/job_status"):
            return {"status": "RUNNING"}
        if "page" in (params or {}):
            item = sample_entity(SAMPLE_TOPIC if path == "/topics/details" else SAMPLE_ID)
            return {"result": [item], "page": 1, "page_size": 100, "total": 1, "has_next": False}
        return sample_entity(path.rstrip("/").rsplit("/", 1)[-1])


SAMPLE_TOPIC = f"source_{SAMPLE_ID}.public.orders"


def sample_entity(entity_id: str) -> Entity:
    """One entity shaped like every kind at once (a source, a pipeline, a topic); a topic is named public.orders,
    anything else orders."""
    name = "public.orders" if entity_id == SAMPLE_TOPIC else "orders"
    return dict(current_entity(SOURCE), id=entity_id, name=name, topics=[SAMPLE_TOPIC], prefix=f"source_{SAMPLE_ID}",
                kafka={"partitions": {"count": 1}}, transforms=[{"id": SAMPLE_ID, "name": "t"}])


def topic_calls() -> list[Sent]:
    """streamkap_topic: a topic addressed by each kind of entity (grown, tagged); streamkap_topic_info: every filter."""
    client = SampleClient()
    for owner in (None, *topic.OWNER_OPTIONS):
        address = {"id": SAMPLE_TOPIC} if owner is None else {owner: "orders", "topic": "public.orders"}
        params = module_params(streamkap_topic, dict(address, partitions=3, tags=["prod"]))
        topic.ensure_topic(_ModuleStub(), client, topic.TopicSpec.from_params(params))
    for owner in topic.LISTED_BY_OPTIONS:
        filters = {"id": [SAMPLE_TOPIC], "partial_name": "ord", "snapshot": ["running", "failed"], owner: SAMPLE_ID}
        topic.list_topics(client, topic.TopicFilters.from_params(module_params(streamkap_topic_info, filters)))
    return client.sent


class _ModuleStub:
    """What a module's work function reads of the module: its modes, and where warnings and secrets go."""

    check_mode = False
    diff_mode = False

    @staticmethod
    def hide(values: t.Iterable[str]) -> None:
        """Nowhere to hide them."""

    @staticmethod
    def warn(message: str) -> None:
        """Nowhere to show it."""


def snapshot_calls() -> list[Sent]:
    """streamkap_snapshot: a start (by name, with every option) while none runs, a cancel (by id) while one runs."""
    sent = []
    for state, status, options in (
        ("started", "completed", {"source": "orders", "filters": [{"table": "public.orders", "filter": "id > 1"}],
                                  "surrogate_key": "id"}),
        ("cancelled", "running", {"source_id": SAMPLE_ID}),
    ):
        client = SampleClient()
        client.snapshot_status = status
        params = module_params(streamkap_snapshot, dict(options, state=state, topics=["public.orders"]))
        snapshot.run_snapshot(_ModuleStub(), client, snapshot.SnapshotSpec.from_params(params))
        sent += client.sent
    return sent


def metrics_calls() -> list[Sent]:
    """The info modules of the kinds with metrics, with metrics=true."""
    client = SampleClient()
    for entry in KINDS:
        if "metrics" in entry.info_module.argument_spec():
            entry.listing(None, client, entry.filters.from_params(module_params(entry.info_module, {"metrics": True})))
    return client.sent


def health_calls() -> list[Sent]:
    """streamkap_health over a pipeline by id and a scope (name prefix and tag), one check."""
    client = SampleClient()
    params = module_params(streamkap_health, {"pipelines": [SAMPLE_ID], "scope": {"name_prefix": "ord", "tag": "prod"},
                                              "max_lag": 10, "max_latency_ms": 100.0})
    try:
        gate.check_health(_ModuleStub(), client, gate.HealthSpec.from_params(params))
    except gate.UnhealthyError:
        pass  # the sample ends carry no connector_status
    return client.sent


def watch_calls() -> list[Sent]:
    """The event source streamkap_events: one poll of every kind, with a scope (name prefix and tag) and without one
    (then the sample pipeline is in scope and its metrics are read)."""
    sent = []
    for scope in ({"name_prefix": "ord", "tag": "prod"}, None):
        client = SampleClient()
        params = watch.checked_params({"access_token": "t", "scope": scope, "max_lag": 10, "max_latency_ms": 100.0})
        watch.Watcher(client, watch.WatchSpec.from_params(params)).poll()
        sent += client.sent
    return sent


def operation_calls() -> list[Sent]:
    return topic_calls() + snapshot_calls() + metrics_calls() + health_calls() + watch_calls()


def auth_calls() -> list[Sent]:
    """The client's token calls (their bodies are the client's own business: see the facts file)."""
    return [Sent("post", client_module.TOKEN_EXCHANGE_PATH, ()), Sent("post", client_module.TOKEN_REFRESH_PATH, ())]


def code_calls() -> list[Sent]:
    return [sent for entry in KINDS for sent in kind_calls(entry)] + operation_calls() + auth_calls()


def body_fields(body: t.Any, prefix: str = "") -> list[str]:
    """The dotted field names of a body: {"source": {"id": 1}} -> ["source", "source.id"]; list items as `[]`."""
    fields: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            name = f"{prefix}{key}"
            fields.append(name)
            fields.extend(body_fields(value, f"{name}."))
    elif isinstance(body, list):
        for item in body:
            fields.extend(field for field in body_fields(item, f"{prefix[:-1]}[].") if field not in fields)
    return fields
