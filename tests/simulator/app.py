"""The FastAPI application that stands in for the Streamkap API (sources, destinations, pipelines, tags,
transforms, topics, snapshots and metrics)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from types import SimpleNamespace
from enum import Enum
from typing import Any, Callable, Literal, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from . import answers
from .answers import documented
from .gateway import RAW_BODY_SCOPE_KEY, Gateway
from .pipelines import PipelineService
from .settings import RUNTIME_SETTINGS, SimSettings
from .sourceconfig import (
    ConfigError,
    changed_set_once_keys,
    require_known_connector,
    topics_for,
    validate_config,
)
from .state import CATALOGS, KC_CLUSTER_ID, FaultRule, SimState, iso_timestamp, new_object_id
from .tags import CreateTagRequest, TagSearchRequest, TagService, UpdateTagRequest, split_ids
from .metrics import MetricsHook, MetricsService
from .snapshots import SnapshotFailHook, SnapshotRequest, SnapshotService
from .topics import ENTITY_TYPES as TOPIC_ENTITY_TYPES
from .topics import TopicService, UpdateTopicRequest
from .transforms import CreateTransformRequest, JobHookRequest, TransformService, UpdateTransformRequest

# ---- request models (fields, descriptions and enums as in the API reference) ---------------------


class CreatedFrom(str, Enum):
    terraform = "terraform"
    web = "web"
    api = "api"


class DesiredState(str, Enum):
    Pending = "Pending"
    Active = "Active"
    Paused = "Paused"
    Stopped = "Stopped"


class CreateSourceRequest(BaseModel):
    name: str = Field(description="Display name for the source connector.")
    connector: str = Field(
        description="Connector type identifier (e.g., postgresql, mysql, mongodb, dynamodb, sqlserveraws)."
    )
    config: dict[str, Any] = Field(
        title="Config",
        description=(
            "Connector-specific configuration properties using dot notation. Use GET /sources/connectors with "
            "connector_code to retrieve the full schema — only include properties where user_defined: true."
        ),
    )
    created_from: Optional[CreatedFrom] = Field(CreatedFrom.api, description="Origin of the entity creation.")
    desired_state: Optional[DesiredState] = Field(
        None, description="Desired operational state of the source."
    )
    kc_cluster_id: Optional[str] = Field(None, description="Kafka Connect cluster to deploy the source on.")
    tags: Optional[list[str]] = Field(None, description="Tag ids attached to the source.")


class UpdateSourceRequest(CreateSourceRequest):
    pass


class CreateDestinationRequest(BaseModel):
    name: str = Field(description="Display name for the destination connector.")
    connector: str = Field(
        description="Connector type identifier (e.g., snowflake, clickhouse, postgresql, s3, databricks)."
    )
    config: dict[str, Any] = Field(
        title="Config",
        description=(
            "Connector-specific configuration properties using dot notation. Use GET /destinations/connectors "
            "with connector_code to retrieve the full schema — only include properties where "
            "user_defined: true."
        ),
    )
    created_from: Optional[CreatedFrom] = Field(CreatedFrom.api, description="Origin of the entity creation.")
    kc_cluster_id: Optional[str] = Field(
        None, description="Kafka Connect cluster to deploy the destination on."
    )
    tags: Optional[list[str]] = Field(
        None, description="Tag ids attached to the destination ([] clears them)."
    )


class UpdateDestinationRequest(CreateDestinationRequest):
    pass


class PipelineSourceRef(BaseModel):
    id: str = Field(description="Id of an existing source.")
    name: Optional[str] = None
    connector: Optional[str] = None
    topics: list[str] = Field(
        default_factory=list, description="Topics of the source, without the 'source_<id>.' prefix."
    )


class PipelineDestinationRef(BaseModel):
    id: str = Field(description="Id of an existing destination.")
    name: Optional[str] = None
    connector: Optional[str] = None


class PipelineTransformRoute(BaseModel):
    """One (transform, topic) pair; the topic is rebuilt from topic_id, stripped up to its first dot."""

    model_config = {"extra": "allow"}
    id: Optional[str] = Field(None, description="The transform's id")
    name: Optional[str] = None
    start_time: Optional[str] = None
    topic: Optional[str] = None
    topic_id: Optional[str] = Field(None, description="'<prefix>.<topic>'")


class PipelineDiscoveryRoute(BaseModel):
    model_config = {"extra": "allow"}
    transform_id: Optional[str] = None
    regex: Optional[str] = None


class CreatePipelineRequest(BaseModel):
    name: str = Field(description="Pipeline name (unique).")
    source: PipelineSourceRef
    destination: PipelineDestinationRef
    snapshot_new_tables: bool = Field(False, description="Snapshot tables added to the source later.")
    transforms: list[PipelineTransformRoute] = Field(
        default_factory=list, description="One entry per (transform, topic)."
    )
    topic_auto_discovery_transforms: list[PipelineDiscoveryRoute] = Field(default_factory=list)
    tags: Optional[list[str]] = Field(
        None, description="Tag ids ([] clears them; none on create: the Development system tag)."
    )
    created_from: Optional[CreatedFrom] = Field(CreatedFrom.api, description="Origin of the entity creation.")


class AccessTokenRequest(BaseModel):
    client_id: str
    secret: str


class RefreshTokenRequest(BaseModel):
    refresh_token: str


class SeedRequest(BaseModel):
    count: int = Field(ge=1, le=100_000)
    prefix: str = "seed-"
    connector: str = "postgresql"
    kind: Literal["sources", "destinations", "pipelines", "tags"] = "sources"
    # pipelines: the source and destination to connect (created as '<prefix>source'/'<prefix>destination'
    # with the sample configs when not given).
    source_id: Optional[str] = None
    destination_id: Optional[str] = None


class FaultRequest(BaseModel):
    kind: Literal["status", "latency", "commit_then_drop"]
    status: int = Field(503, ge=400, le=599)
    retry_after: float = Field(1.0, ge=0)
    body: Any = None
    seconds: float = Field(0.0, ge=0)
    method: Optional[str] = None
    path: Optional[str] = None
    count: Optional[int] = Field(None, ge=1)
    probability: float = Field(1.0, ge=0, le=1)


class BrokenRequest(BaseModel):
    trace: Optional[str] = None
    # false: the connector is mended (it reads its usual status again).
    broken: bool = True
    # Redeploys, restarts, resumes and updates leave it Broken (a redeploy still goes through Starting first).
    stays_broken: bool = False


# ---- the one place for the guessed action endpoint --------------------------------------------------

# GUESS: only a backend audit mentions this endpoint; body and answer are unknown. The simulator
# takes POST with no body and answers the source object. Change it here when the real contract
# is known.
ACTION_PATH = "/sources/{source_id}/actions/{action}"
ACTIONS = ("pause", "resume", "stop", "restart")


def apply_action(record: dict[str, Any], action: str) -> None:
    """pause/stop set that state; resume/restart (re)start the connector: Pending -> Active."""
    if action == "pause":
        record["desired_state"] = "Paused"
    elif action == "stop":
        record["desired_state"] = "Stopped"
    else:
        record["desired_state"] = "Active"
        record["started_at"] = time.time()
        record["broken"] = bool(record.get("stays_broken"))
        record["updated_at"] = None


def redeploy(record: dict[str, Any], polls: int) -> None:
    """POST /<kind>/{id}/deploy: the connector restarts; its next `polls` reads answer Starting, then it
    settles (Active, or Broken again while the stays_broken hook holds it)."""
    apply_action(record, "restart")
    record["redeploy_reads"] = polls


# What /openapi.json declares a source's or destination's routes answer: one entity, and the list envelope.
CONNECTOR_ANSWERS = {
    "sources": (answers.SourceConnector, answers.SourceList),
    "destinations": (answers.DestinationConnector, answers.DestinationList),
}


# ---- helpers --------------------------------------------------------------------------------------


def _unprocessable(detail: str) -> HTTPException:
    return HTTPException(status_code=422, detail=detail)


def _desired_from_request(value: Optional[DesiredState]) -> str:
    """Pending or no desired state means 'run it'; Paused/Stopped are honoured."""
    if value in (DesiredState.Paused, DesiredState.Stopped):
        return value.value
    return "Active"


def _raw_body(request: Request) -> Any:
    raw = request.scope.get(RAW_BODY_SCOPE_KEY, b"")
    return json.loads(raw) if raw else None


class ConnectorService:
    """Source or destination operations on the shared state; every method takes the state lock."""

    def __init__(self, state: SimState, kind: str, tags: TagService) -> None:
        self.state = state
        self.kind = kind
        self.catalog = CATALOGS[kind]
        self.label = "Source" if kind == "sources" else "Destination"
        self.tag_service = tags

    def _check_name_free(self, name: str, own_id: str | None = None) -> None:
        existing = self.state.names[self.kind].get(name)
        if existing is not None and existing != own_id:
            raise _unprocessable(f"{self.label} with name '{name}' already exists")

    def _validated(self, code: str, config: dict[str, Any]) -> dict[str, Any]:
        try:
            return validate_config(code, config, self.catalog)
        except ConfigError as error:
            raise _unprocessable(str(error)) from None

    def _topics(self, entity_id: str, code: str, config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
        """Sources publish topics; a destination's topics are those of its pipelines (rendered)."""
        if self.kind == "sources":
            return topics_for(code, entity_id, config)
        return [], {}

    def new_record(self, body: Any, raw_body: Any, config: dict[str, Any], tags: list[str]) -> dict[str, Any]:
        now = time.time()
        entity_id = new_object_id()
        topics, topic_map = self._topics(entity_id, body.connector, config)
        return {
            "id": entity_id,
            "name": body.name,
            "connector": body.connector,
            "created_at": now,
            "created_timestamp": iso_timestamp(now),
            "created_from": (body.created_from or CreatedFrom.api).value,
            "desired_state": _desired_from_request(getattr(body, "desired_state", None)),
            "kc_cluster_id": body.kc_cluster_id or KC_CLUSTER_ID,
            "tags": tags,
            "config": config,
            "topics": topics,
            "topic_map": topic_map,
            "started_at": now,
            "updated_at": None,
            "broken": False,
            "stays_broken": False,
            "broken_trace": None,
            "redeploy_reads": 0,
            "deleted_at": None,
            "request_body": raw_body,
        }

    def create(self, body: Any, raw_body: Any) -> dict[str, Any]:
        config = self._validated(body.connector, body.config)
        tags = self.tag_service.require_known(body.tags or [])
        with self.state.lock:
            self._check_name_free(body.name)
            record = self.new_record(body, raw_body, config, tags)
            self.state.add(record, kind=self.kind)
        return record

    def existing(self, entity_id: str) -> dict[str, Any]:
        record = self.state.get(entity_id, self.kind)
        if record is None:
            raise HTTPException(status_code=404, detail=f"{self.label} '{entity_id}' not found")
        if record.get("deleted_at"):
            raise HTTPException(status_code=409, detail=f"{self.label} '{entity_id}' is being deleted")
        return record

    def update(self, entity_id: str, body: Any) -> dict[str, Any]:
        tags = None if body.tags is None else self.tag_service.require_known(body.tags)
        with self.state.lock:
            record = self.existing(entity_id)
            if body.connector != record["connector"]:
                raise _unprocessable(
                    f"Field 'connector' cannot be changed from '{record['connector']}' to '{body.connector}'"
                )
            config = self._validated_update_config(record, body.config)
            changed = changed_set_once_keys(record["connector"], record["config"], config, self.catalog)
            if changed:
                keys = ", ".join(f"'{key}'" for key in changed)
                raise _unprocessable(f"Config key {keys} is set-once and cannot be changed after creation")
            self._check_name_free(body.name, own_id=entity_id)
            self.state.rename(record, body.name, self.kind)
            record["config"] = config
            record["topics"], record["topic_map"] = self._topics(entity_id, record["connector"], config)
            record["updated_at"] = time.time()
            record["broken"] = bool(record.get("stays_broken"))
            desired_state = getattr(body, "desired_state", None)
            if desired_state is not None:
                self._apply_desired_state(record, _desired_from_request(desired_state))
            if tags is not None:
                record["tags"] = tags
            self.state.save()
            return record

    def _validated_update_config(self, record: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
        """Full replacement of the user config, except that secrets left out keep their stored value
        (clients never see them, so they cannot send them back)."""
        merged = dict(config)
        for key in self.catalog.secret_keys(record["connector"]):
            if merged.get(key) is None and key in record["config"]:
                merged[key] = record["config"][key]
        return self._validated(record["connector"], merged)

    @staticmethod
    def _apply_desired_state(record: dict[str, Any], desired: str) -> None:
        was_running = record["desired_state"] == "Active"
        record["desired_state"] = desired
        if desired == "Active" and not was_running:
            record["started_at"] = time.time()

    def delete(self, entity_id: str) -> dict[str, Any]:
        """Refused (409, naming them) while a pipeline uses the entity."""
        field_name = "source_id" if self.kind == "sources" else "destination_id"
        with self.state.lock:
            record = self.existing(entity_id)
            users = self.state.live_pipelines_using(field_name, entity_id)
            if users:
                named = ", ".join(f"{pipeline['name']} ({pipeline['id']})" for pipeline in users)
                raise HTTPException(
                    409,
                    detail=f"{self.label} '{record['name']}' ({entity_id}) is used by pipeline(s) {named}; "
                    "delete them first",
                )
            self.state.mark_deleted(record, self.kind)
            return self.state.render(record, kind=self.kind)

    def seed_one(self, name: str, connector: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
        """A valid entity with the connector's sample config (validated here unless given already);
        no lock, no save: the caller does both."""
        sample = self.catalog.samples[connector]
        config = dict(config) if config is not None else self._validated(connector, sample)
        body = SimpleNamespace(
            name=name,
            connector=connector,
            created_from=CreatedFrom.api,
            kc_cluster_id=None,
            desired_state=None,
        )
        raw = {"name": name, "connector": connector, "config": sample}
        record = self.new_record(body, raw, config, [])
        self.state.add(record, kind=self.kind, persist=False)
        return record

    def seed(self, request: SeedRequest) -> list[str]:
        try:
            require_known_connector(request.connector, self.catalog)
        except ConfigError as error:
            raise _unprocessable(str(error)) from None
        config = self._validated(request.connector, self.catalog.samples[request.connector])
        with self.state.lock:
            ids = [
                self.seed_one(name, request.connector, config)["id"]
                for name in _free_names(self.state.names[self.kind], request.prefix, request.count)
            ]
            self.state.save()
        return ids


# Sources were the first (and only) connector kind; the name stays for callers.
SourceService = ConnectorService


def _free_names(taken: Any, prefix: str, count: int) -> list[str]:
    """'<prefix>1'... up to count names, skipping those already taken."""
    names: list[str] = []
    number = 0
    while len(names) < count:
        number += 1
        if f"{prefix}{number}" not in taken:
            names.append(f"{prefix}{number}")
    return names


def _wait_for_settled(state: SimState, since: float) -> None:
    """wait=true: answer only once the status delay has passed (the connector is deployed)."""
    remaining = since + float(state.settings.status_delay) - time.time()
    if remaining > 0:
        time.sleep(remaining)


def _list_envelope(items: list[dict[str, Any]], page: int, page_size: int, total: int) -> dict[str, Any]:
    return {
        "result": items,
        "page": page,
        "page_size": page_size,
        "total": total,
        "has_next": page * page_size < total,
    }


def _secret_returned_query() -> Any:
    return Query(False, description="Whether to include secret values in the response")


def _version_path() -> Any:
    return Path(description="The version to deploy; no-version deploys the latest")


def _wait_query() -> Any:
    return Query(False, description="Answer only once the connector is deployed (false: answer at once)")


def _csv_set(value: Optional[str]) -> set[str] | None:
    if not value:
        return None
    return {entry.strip().lower() for entry in value.split(",") if entry.strip()}


# ---- application ---------------------------------------------------------------------------------


class SimulatorApp(FastAPI):
    """FastAPI with the gateway (request ids, log, faults) as the outermost layer."""

    gateway: Gateway

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.gateway(scope, receive, send, super().__call__)


def create_app(settings: SimSettings | None = None) -> SimulatorApp:
    settings = settings or SimSettings()
    state = SimState(settings)
    tags = TagService(state)
    services = {kind: ConnectorService(state, kind, tags) for kind in ("sources", "destinations")}
    pipelines = PipelineService(state, tags)
    transforms = TransformService(state, tags)
    snapshots = SnapshotService(state)
    topics = TopicService(state, tags, transforms.render, snapshots.status_of_topic)
    metrics = MetricsService(state, snapshots)
    app = SimulatorApp(
        title="Streamkap API simulator",
        version="1.0",
        description=(
            "A local stand-in for the Streamkap REST API (sources, destinations, pipelines, tags, transforms, topics, "
            "snapshots, metrics). "
            "Test hooks under /_sim/."
        ),
    )
    app.gateway = Gateway(state)
    app.state.sim = state
    app.state.settings = settings
    app.include_router(_auth_router(state))
    app.include_router(
        _connector_router(
            state, services["sources"], CreateSourceRequest, UpdateSourceRequest, put_wait=False
        )
    )
    app.include_router(_source_actions_router(state, services["sources"]))
    app.include_router(_deploy_router(state, services["sources"]))
    app.include_router(
        _connector_router(
            state, services["destinations"], CreateDestinationRequest, UpdateDestinationRequest, put_wait=True
        )
    )
    app.include_router(_deploy_router(state, services["destinations"]))
    app.include_router(_pipelines_router(state, pipelines))
    app.include_router(_tags_router(state, tags))
    app.include_router(_topics_router(state, topics))
    app.include_router(_snapshots_router(state, snapshots))
    app.include_router(_metrics_router(state, metrics))
    app.include_router(_transforms_router(state, transforms))
    app.include_router(_sim_router(state, services, pipelines, tags, transforms, snapshots, metrics))
    return app


def _require_token(state: SimState) -> Callable[[Request], None]:
    def require_token(request: Request) -> None:
        header = request.headers.get("authorization", "")
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
        if not state.access_token_valid(token.strip()):
            raise HTTPException(
                401, detail="Invalid or expired token", headers={"WWW-Authenticate": "Bearer"}
            )

    return require_token


def _auth_router(state: SimState) -> APIRouter:
    router = APIRouter(tags=["auth"])

    @router.post("/auth/access-token", **documented(answers.AccessTokenAnswer))
    def access_token(body: AccessTokenRequest) -> dict[str, Any]:
        settings = state.settings
        if body.client_id != settings.client_id or body.secret != settings.client_secret:
            raise HTTPException(401, detail="Invalid client credentials")
        return state.issue_tokens()

    @router.post("/auth/access-token/refresh", **documented(answers.AccessTokenAnswer))
    def refresh_token(body: RefreshTokenRequest) -> dict[str, Any]:
        if not state.use_refresh_token(body.refresh_token):
            raise HTTPException(401, detail="Invalid or expired refresh token")
        return state.issue_tokens()

    return router


def _typed(endpoint: Callable[..., Any], **annotations: Any) -> Callable[..., Any]:
    """Give a factory-made endpoint its body model (FastAPI reads it from the annotations)."""
    endpoint.__annotations__.update(annotations)
    return endpoint


def _connector_router(
    state: SimState, service: ConnectorService, create_model: type, update_model: type, put_wait: bool
) -> APIRouter:
    """CRUD, list filters and the connector schema of /sources or /destinations."""
    kind = service.kind
    catalog = service.catalog
    entity, listing = CONNECTOR_ANSWERS[kind]
    router = APIRouter(tags=[kind], dependencies=[Depends(_require_token(state))])

    @router.get(f"/{kind}/connectors", **documented(answers.ConnectorSchemaAnswer))
    def connector_schema(connector_code: str = Query(...)) -> dict[str, Any]:
        """Unknown connector code: 404 with a detail naming it."""
        if not catalog.known(connector_code):
            raise HTTPException(404, detail=f"Connector '{connector_code}' not found")
        properties = catalog.property_definitions(connector_code)
        display_name = catalog.display_names[connector_code]
        if state.settings.schema_shape == "object":
            return {display_name: {"config": properties}}
        return {display_name: properties}

    def create(
        body: Any,
        request: Request,
        secret_returned: bool = _secret_returned_query(),
        wait: bool = _wait_query(),
    ) -> dict[str, Any]:
        record = service.create(body, _raw_body(request))
        if wait:
            _wait_for_settled(state, record["started_at"])
        with state.lock:
            return state.render(record, kind=kind, secret_returned=secret_returned)

    router.post(f"/{kind}", name=f"create_{kind}", **documented(entity))(_typed(create, body=create_model))

    @router.get(f"/{kind}", name=f"list_{kind}", **documented(listing))
    def list_entities(
        page: int = Query(1, ge=1),
        page_size: int = Query(10, ge=1, le=100),
        partial_name: Optional[str] = None,
        connector: Optional[str] = None,
        status: Optional[str] = None,
        id: Optional[str] = None,
        sort: Optional[Literal["name", "created_timestamp"]] = None,
        sort_dir: Literal["asc", "desc"] = "asc",
        secret_returned: bool = _secret_returned_query(),
    ) -> dict[str, Any]:
        connectors, statuses = _csv_set(connector), _csv_set(status)
        needle = partial_name.lower() if partial_name else None
        now = time.time()
        with state.lock:
            state.purge_deleted(now)
            matches = [
                record
                for record in state.entities[kind].values()
                if (id is None or record["id"] == id)
                and (needle is None or needle in record["name"].lower())
                and (connectors is None or record["connector"] in connectors)
                and (statuses is None or state.status_of(record, now).connector_status.lower() in statuses)
            ]
            if sort == "name":
                matches.sort(key=lambda record: record["name"])
            if sort_dir == "desc":
                matches.reverse()
            start = (page - 1) * page_size
            page_records = matches[start : start + page_size]
            items = [state.render(record, kind=kind, secret_returned=secret_returned, now=now) for record in page_records]
            for record in page_records:
                state.count_read(record)
        return _list_envelope(items, page, page_size, len(matches))

    @router.get(f"/{kind}/{{entity_id}}", name=f"get_{kind}", **documented(listing))
    def get_entity(entity_id: str, secret_returned: bool = _secret_returned_query()) -> dict[str, Any]:
        """Unknown id: 200 with an empty result (the list envelope, like the real API)."""
        with state.lock:
            record = state.get(entity_id, kind)
            items = [state.render(record, kind=kind, secret_returned=secret_returned)] if record else []
            if record:
                state.count_read(record)
        return _list_envelope(items, 1, 10, len(items))

    def update(
        entity_id: str,
        body: Any,
        secret_returned: bool = _secret_returned_query(),
        wait: bool = Query(put_wait, description="Answer only once the connector is deployed"),
    ) -> dict[str, Any]:
        record = service.update(entity_id, body)
        if wait:
            _wait_for_settled(state, record["updated_at"])
            with state.lock:
                return state.render(record, kind=kind, secret_returned=secret_returned)
        with state.lock:
            return state.render(
                record, kind=kind, secret_returned=secret_returned, connector_status="Pending Update"
            )

    router.put(f"/{kind}/{{entity_id}}", name=f"update_{kind}", **documented(entity))(_typed(update, body=update_model))

    @router.delete(f"/{kind}/{{entity_id}}", name=f"delete_{kind}", **documented(entity))
    def delete_entity(entity_id: str, wait: bool = _wait_query()) -> dict[str, Any]:
        answer = service.delete(entity_id)
        _wait_for_deleted(state, wait)
        return answer

    return router


def _seed_tags(tags: TagService, request: SeedRequest) -> list[str]:
    with tags.state.lock:
        taken = {tag["name"] for tag in tags.state.tags.values()}
        return [
            tags.create(CreateTagRequest(name=name, description="seeded", type=["general"]))["id"]
            for name in _free_names(taken, request.prefix, request.count)
        ]


def _seed_pipelines(
    state: SimState, services: dict[str, ConnectorService], pipelines: PipelineService, request: SeedRequest
) -> list[str]:
    """Pipelines between the given source and destination, or '<prefix>source'/'<prefix>destination'
    (found by name or created with the sample configs of postgresql and snowflake)."""
    with state.lock:
        ends = {}
        for kind, given, connector in (
            ("sources", request.source_id, "postgresql"),
            ("destinations", request.destination_id, "snowflake"),
        ):
            name = f"{request.prefix}{kind[:-1]}"
            existing = state.names[kind].get(name)
            ends[kind] = given or existing or services[kind].seed_one(name, connector)["id"]
        names = _free_names(state.names["pipelines"], request.prefix, request.count)
        ids = pipelines.seed(names, ends["sources"], ends["destinations"])
        state.save()
        return ids


def _wait_for_deleted(state: SimState, wait: bool) -> None:
    if wait and float(state.settings.delete_delay) > 0:
        time.sleep(float(state.settings.delete_delay))
        state.purge_deleted()


def _source_actions_router(state: SimState, service: ConnectorService) -> APIRouter:
    router = APIRouter(tags=["sources"], dependencies=[Depends(_require_token(state))])

    @router.post(ACTION_PATH, **documented(answers.SourceConnector))
    def source_action(
        source_id: str,
        action: str = Path(description="The action", json_schema_extra={"enum": list(ACTIONS)}),
    ) -> dict[str, Any]:
        if action not in ACTIONS:
            raise _unprocessable(f"Unknown action '{action}'. Expected one of: {', '.join(ACTIONS)}")
        with state.lock:
            record = service.existing(source_id)
            apply_action(record, action)
            state.save()
            return state.render(record)

    return router


def _deploy_router(state: SimState, service: ConnectorService) -> APIRouter:
    """POST /sources/{id}/deploy and POST /destinations/{id}/deploy."""
    kind = service.kind
    router = APIRouter(tags=[kind], dependencies=[Depends(_require_token(state))])

    @router.post(f"/{kind}/{{entity_id}}/deploy", name=f"deploy_{kind}", **documented(CONNECTOR_ANSWERS[kind][0]))
    def deploy(entity_id: str) -> dict[str, Any]:
        """Redeploy: the connector restarts; it reads Starting for deploy_polls reads, then settles (Active)."""
        with state.lock:
            record = service.existing(entity_id)
            redeploy(record, int(state.settings.deploy_polls))
            state.save()
            return state.render(record, kind=kind)

    return router


def _tags_router(state: SimState, tags: TagService) -> APIRouter:
    router = APIRouter(tags=["tags"], dependencies=[Depends(_require_token(state))])

    @router.get("/tags", **documented(answers.TagList))
    def list_tags(
        tag_name: Optional[str] = Query(None, description="Name filter (case-insensitive substring)"),
        tag_type: Optional[list[str]] = Query(None, description="Tags holding any of these types"),
        tag_ids: Optional[list[str]] = Query(None, description="Tag ids (repeated or comma-separated)"),
    ) -> dict[str, Any]:
        return {"tags": tags.find(tag_name, tag_type, split_ids(tag_ids))}

    @router.post("/tags/search", **documented(answers.TagList))
    def search_tags(body: TagSearchRequest) -> dict[str, Any]:
        return {"tags": tags.find(ids=body.tag_ids) if body.tag_ids else []}

    @router.get("/tags/{tag_id}", **documented(answers.TagList))
    def get_tag(tag_id: str) -> dict[str, Any]:
        """Unknown id: an empty list."""
        return {"tags": tags.find(ids=[tag_id])}

    @router.post("/tags", **documented(answers.TagAnswer))
    def create_tag(body: CreateTagRequest) -> dict[str, Any]:
        return tags.create(body)

    @router.put("/tags/{tag_id}", **documented(answers.TagAnswer))
    def update_tag(tag_id: str, body: UpdateTagRequest) -> dict[str, Any]:
        return tags.update(tag_id, body)

    @router.delete("/tags/{tag_id}", **documented(answers.TagAnswer))
    def delete_tag(tag_id: str) -> dict[str, Any]:
        return tags.delete(tag_id)

    return router


def _pipelines_router(state: SimState, pipelines: PipelineService) -> APIRouter:
    router = APIRouter(tags=["pipelines"], dependencies=[Depends(_require_token(state))])

    @router.post("/pipelines", **documented(answers.PipelineAnswer))
    def create_pipeline(
        body: CreatePipelineRequest,
        request: Request,
        secret_returned: bool = _secret_returned_query(),
        wait: bool = _wait_query(),
    ) -> dict[str, Any]:
        record = pipelines.create(body, _raw_body(request))
        if wait:
            _wait_for_settled(state, record["started_at"])
        with state.lock:
            return pipelines.render(record, secret_returned=secret_returned)

    @router.get("/pipelines", **documented(answers.PipelineList))
    def list_pipelines(
        page: int = Query(1, ge=1),
        page_size: int = Query(10, ge=1, le=100),
        partial_name: Optional[str] = None,
        id: Optional[str] = None,
        source_id: Optional[str] = None,
        destination_id: Optional[str] = None,
        status: Optional[str] = None,
        tag_ids: Optional[list[str]] = Query(None, description="Pipelines holding any of these tag ids"),
        secret_returned: bool = _secret_returned_query(),
    ) -> dict[str, Any]:
        filters = {
            "partial_name": partial_name,
            "id": id,
            "source_id": source_id,
            "destination_id": destination_id,
            "status": _csv_set(status),
            "tag_ids": split_ids(tag_ids),
        }
        now = time.time()
        with state.lock:
            state.purge_deleted(now)
            matches = [
                record for record in state.pipelines.values() if pipelines.matches(record, filters, now)
            ]
            start = (page - 1) * page_size
            items = [
                pipelines.render(record, secret_returned=secret_returned, now=now)
                for record in matches[start : start + page_size]
            ]
        return _list_envelope(items, page, page_size, len(matches))

    @router.get("/pipelines/{pipeline_id}", **documented(answers.PipelineList))
    def get_pipeline(pipeline_id: str, secret_returned: bool = _secret_returned_query()) -> dict[str, Any]:
        """Unknown id: 200 with an empty result (the list envelope, like sources)."""
        with state.lock:
            record = state.get(pipeline_id, "pipelines")
            items = [pipelines.render(record, secret_returned=secret_returned)] if record else []
        return _list_envelope(items, 1, 10, len(items))

    @router.put("/pipelines/{pipeline_id}", **documented(answers.PipelineAnswer))
    def update_pipeline(
        pipeline_id: str,
        body: CreatePipelineRequest,
        secret_returned: bool = _secret_returned_query(),
        wait: bool = _wait_query(),
    ) -> dict[str, Any]:
        record = pipelines.update(pipeline_id, body)
        if wait:
            _wait_for_settled(state, record["updated_at"])
            with state.lock:
                return pipelines.render(record, secret_returned=secret_returned)
        with state.lock:
            return pipelines.render(
                record, secret_returned=secret_returned, connector_status="Pending Update"
            )

    @router.delete("/pipelines/{pipeline_id}", **documented(answers.PipelineAnswer))
    def delete_pipeline(pipeline_id: str, wait: bool = _wait_query()) -> dict[str, Any]:
        answer = pipelines.delete(pipeline_id)
        _wait_for_deleted(state, wait)
        return answer

    return router


def _topics_router(state: SimState, topics: TopicService) -> APIRouter:
    router = APIRouter(tags=["topics"], dependencies=[Depends(_require_token(state))])

    @router.get("/topics/details", **documented(answers.TopicDetailsList))
    def topic_details(
        entity_type: Optional[str] = Query(None, description="Comma-separated: " + ", ".join(TOPIC_ENTITY_TYPES)),
        entity_id: Optional[str] = None,
        topic_id: Optional[str] = None,
        partial_name: Optional[str] = Query(None, description="Case-insensitive substring of the topic id"),
        page: Optional[int] = Query(None, ge=1),
        page_size: Optional[int] = Query(None, ge=1, le=100),
        limit: Optional[int] = Query(None, ge=1, le=100, description="Instead of page_size (with offset)"),
        offset: Optional[int] = Query(None, ge=0, description="Instead of page (with limit)"),
        include_dlq: bool = True,
        snapshot: Optional[str] = Query(None, description="Comma-separated: running, completed, failed, pending, cancelled"),
    ) -> dict[str, Any]:
        """Paged with page/page_size, or with limit/offset (page and page_size win when both are given)."""
        types = _csv_set(entity_type)
        unknown = sorted((types or set()) - set(TOPIC_ENTITY_TYPES))
        if unknown:
            raise _unprocessable(f"Unknown entity_type(s): {', '.join(unknown)}")
        filters = {"entity_type": types, "entity_id": entity_id, "topic_id": topic_id, "partial_name": partial_name,
                   "include_dlq": include_dlq, "snapshot": _csv_set(snapshot)}
        matches = topics.list(filters)
        size = page_size or limit or 10
        start = (page - 1) * size if page is not None else (offset or 0)
        return _list_envelope(matches[start : start + size], start // size + 1, size, len(matches))

    @router.get("/topics/{topic_id}", **documented(answers.TopicDetailed))
    def get_topic(topic_id: str, detailed: bool = False) -> dict[str, Any]:
        return topics.get(topic_id, detailed)

    @router.put("/topics/{topic_id}", **documented(answers.TopicDetailed))
    def update_topic(topic_id: str, body: UpdateTopicRequest) -> dict[str, Any]:
        return topics.update(topic_id, body)

    return router


def _connector_metrics(metrics: MetricsService, kind: str) -> Callable[..., dict[str, Any]]:
    def connector_metrics(
        entity_id: str,
        time_type: Literal["latest", "timeseries", "timesummary"] = "latest",
        timestamp_from: Optional[str] = None,
        timestamp_to: Optional[str] = None,
    ) -> dict[str, Any]:
        """The latest values whatever time_type asks (the simulator keeps no series); 404 while there are none."""
        return metrics.connector(kind, entity_id)

    return connector_metrics


def _snapshots_router(state: SimState, snapshots: SnapshotService) -> APIRouter:
    router = APIRouter(tags=["sources"], dependencies=[Depends(_require_token(state))])

    @router.post("/sources/snapshot", **documented(answers.SnapshotAnswer))
    def start_snapshot(body: SnapshotRequest) -> dict[str, Any]:
        """409 while a snapshot of the source runs."""
        return snapshots.start(body)

    @router.post("/sources/cancel_snapshot", **documented(answers.SnapshotAnswer))
    def cancel_snapshot(body: SnapshotRequest) -> dict[str, Any]:
        return snapshots.cancel(body)

    return router


def _metrics_router(state: SimState, metrics: MetricsService) -> APIRouter:
    router = APIRouter(dependencies=[Depends(_require_token(state))])

    @router.get("/pipelines/{pipeline_id}/metrics", tags=["pipelines"], **documented(answers.PipelineMetrics))
    def pipeline_metrics(
        pipeline_id: str,
        time_interval: Optional[int] = None,
        time_unit: Optional[Literal["minute", "hour", "day", "week", "month"]] = None,
        timestamp_from: Optional[str] = None,
        timestamp_to: Optional[str] = None,
    ) -> dict[str, Any]:
        """The latest values; 404 while the pipeline has none."""
        return metrics.pipeline(pipeline_id)

    for kind, model in (("sources", answers.SourceMetrics), ("destinations", answers.DestinationMetrics)):
        router.get(f"/{kind}/{{entity_id}}/metrics", name=f"{kind}_metrics", tags=[kind],
                   **documented(model))(_connector_metrics(metrics, kind))

    return router


def _transforms_router(state: SimState, transforms: TransformService) -> APIRouter:
    """/transforms: PUT without an id in the path (it is in the body), DELETE with the id as a query parameter."""
    router = APIRouter(tags=["transforms"], dependencies=[Depends(_require_token(state))])

    @router.post("/transforms", **documented(answers.TransformAnswer))
    def create_transform(
        body: CreateTransformRequest, request: Request, secret_returned: bool = _secret_returned_query()
    ) -> dict[str, Any]:
        record = transforms.create(body, _raw_body(request))
        with state.lock:
            return transforms.render(record)

    @router.get("/transforms", **documented(answers.TransformList))
    def list_transforms(
        page: int = Query(1, ge=1),
        page_size: int = Query(10, ge=1, le=100),
        partial_name: Optional[str] = None,
        id: Optional[str] = None,
        status: Optional[str] = Query(None, description="Job statuses, comma-separated"),
        tag_ids: Optional[list[str]] = Query(None, description="Transforms holding any of these tag ids"),
        sort: Optional[Literal["name", "created_at"]] = None,
        sort_dir: Literal["asc", "desc"] = "asc",
        unwind_topics: bool = False,
        secret_returned: bool = _secret_returned_query(),
    ) -> dict[str, Any]:
        filters = {"partial_name": partial_name, "id": id, "status": _csv_set(status), "tag_ids": split_ids(tag_ids)}
        with state.lock:
            state.purge_deleted()
            matches = [record for record in state.transforms.values() if transforms.matches(record, filters)]
            if sort == "name":
                matches.sort(key=lambda record: record["name"])
            if sort_dir == "desc":
                matches.reverse()
            start = (page - 1) * page_size
            items = [transforms.render(record) for record in matches[start : start + page_size]]
        return _list_envelope(items, page, page_size, len(matches))

    @router.get("/transforms/{transform_id}", **documented(answers.TransformList))
    def get_transform(
        transform_id: str, unwind_topics: bool = False, secret_returned: bool = _secret_returned_query()
    ) -> dict[str, Any]:
        """Unknown id: 200 with an empty result (the list envelope)."""
        with state.lock:
            record = state.get(transform_id, "transforms")
            items = [transforms.render(record)] if record else []
        return _list_envelope(items, 1, 10, len(items))

    @router.put("/transforms", **documented(answers.TransformAnswer))
    def update_transform(body: UpdateTransformRequest, secret_returned: bool = _secret_returned_query()) -> dict[str, Any]:
        record = transforms.update(body)
        with state.lock:
            return transforms.render(record)

    @router.delete("/transforms", **documented(answers.TransformAnswer))
    def delete_transform(id: str = Query(..., description="The transform's id")) -> dict[str, Any]:
        return transforms.delete(id)

    @router.get("/transforms/{transform_id}/job_status", **documented(answers.JobStatusAnswer))
    def job_status(transform_id: str) -> dict[str, Any]:
        return transforms.job_status(transform_id)

    @router.put("/transforms/{transform_id}/deploy-job-preview/{version}", **documented(answers.DeployAnswer))
    def deploy_preview(
        transform_id: str, version: str = _version_path(),
        replay_window: Optional[str] = Query(None, description="e.g. 7d, 24h, 10m"),
    ) -> dict[str, Any]:
        return transforms.deploy_preview(transform_id, replay_window)

    @router.put("/transforms/{transform_id}/deploy-job-live/{version}", **documented(answers.DeployAnswer))
    def deploy_live(transform_id: str, version: str = _version_path()) -> dict[str, Any]:
        return transforms.deploy_live(transform_id)

    return router


def _sim_router(
    state: SimState,
    services: dict[str, ConnectorService],
    pipelines: PipelineService,
    tags: TagService,
    transforms: TransformService,
    snapshots: SnapshotService,
    metrics: MetricsService,
) -> APIRouter:
    """Test hooks: no auth, not part of the real API, hidden from /openapi.json."""
    router = APIRouter(prefix="/_sim", include_in_schema=False)

    @router.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/requests")
    def requests_log() -> list[dict[str, Any]]:
        return state.requests()

    @router.delete("/requests")
    def clear_requests() -> dict[str, bool]:
        state.reset(keep_sources=True)
        return {"cleared": True}

    @router.get("/stats")
    def stats() -> dict[str, Any]:
        return state.stats()

    @router.post("/reset")
    def reset(keep_sources: bool = False) -> dict[str, bool]:
        state.reset(keep_sources=keep_sources)
        return {"reset": True, "kept_sources": keep_sources}

    @router.get("/{kind}/{entity_id}")
    def internal_record(
        kind: Literal["sources", "destinations", "pipelines", "transforms"], entity_id: str
    ) -> dict[str, Any]:
        record = state.internal_record(entity_id, kind)
        if record is None:
            raise HTTPException(404, detail=f"'{entity_id}' not found in {kind}")
        return record

    @router.post("/{kind}/{entity_id}/broken")
    def force_broken(
        kind: Literal["sources", "destinations"], entity_id: str, body: Optional[BrokenRequest] = None
    ) -> dict[str, Any]:
        with state.lock:
            record = state.entities[kind].get(entity_id)
            if record is None:
                raise HTTPException(404, detail=f"'{entity_id}' not found in {kind}")
            body = body or BrokenRequest()
            record["broken"] = body.broken
            record["stays_broken"] = body.broken and body.stays_broken
            record["broken_trace"] = body.trace if body.broken else None
            state.save()
            return state.render(record, kind=kind)

    @router.post("/transforms/{transform_id}/fail")
    def fail_transform_jobs(transform_id: str, body: Optional[JobHookRequest] = None) -> dict[str, Any]:
        return transforms.fail_jobs(transform_id, body.fail if body else True)

    @router.post("/snapshots/{source_id}/fail")
    def fail_snapshot_topics(source_id: str, body: Optional[SnapshotFailHook] = None) -> dict[str, Any]:
        return snapshots.fail_topics(source_id, body or SnapshotFailHook())

    @router.post("/metrics/{kind}/{entity_id}")
    def set_metrics(kind: Literal["pipelines", "sources", "destinations"], entity_id: str, body: MetricsHook) -> dict[str, Any]:
        return metrics.set(kind, entity_id, body)

    @router.delete("/metrics/{kind}/{entity_id}")
    def clear_metrics(kind: Literal["pipelines", "sources", "destinations"], entity_id: str) -> dict[str, Any]:
        return metrics.clear(kind, entity_id)

    @router.post("/seed")
    def seed(body: SeedRequest) -> dict[str, Any]:
        if body.kind in services:
            ids = services[body.kind].seed(body)
        elif body.kind == "tags":
            ids = _seed_tags(tags, body)
        else:
            ids = _seed_pipelines(state, services, pipelines, body)
        return {"created": len(ids), "ids": ids}

    @router.get("/settings")
    def get_settings() -> dict[str, Any]:
        return state.settings.runtime_view()

    @router.post("/settings")
    def change_settings(changes: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(changes) - set(RUNTIME_SETTINGS))
        if unknown:
            raise _unprocessable(f"Unknown or fixed setting(s): {', '.join(unknown)}")
        with state.lock:
            try:
                candidate = SimSettings(**{**vars(state.settings), **changes})
                for name in ("token_ttl", "status_delay", "delete_delay"):
                    setattr(candidate, name, float(getattr(candidate, name)))
                candidate.job_polls = int(candidate.job_polls)
                candidate.snapshot_polls = int(candidate.snapshot_polls)
                candidate.deploy_polls = int(candidate.deploy_polls)
            except (TypeError, ValueError) as error:
                raise _unprocessable(str(error)) from None
            for name in changes:
                setattr(state.settings, name, getattr(candidate, name))
            return state.settings.runtime_view()

    @router.get("/faults")
    def list_faults() -> list[dict[str, Any]]:
        return state.fault_list()

    @router.post("/faults")
    def add_fault(body: FaultRequest) -> dict[str, Any]:
        rule = state.add_fault(FaultRule(**body.model_dump()))
        return asdict(rule)

    @router.delete("/faults")
    def clear_faults() -> dict[str, bool]:
        with state.lock:
            state.faults.clear()
        return {"cleared": True}

    return router
