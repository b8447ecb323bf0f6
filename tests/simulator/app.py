"""The FastAPI application that stands in for the Streamkap API (sources part)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from enum import Enum
from typing import Any, Callable, Literal, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from pydantic import BaseModel, Field

from .connectors import DISPLAY_NAMES, SAMPLE_CONFIGS, property_definitions, secret_keys
from .gateway import RAW_BODY_SCOPE_KEY, Gateway
from .settings import RUNTIME_SETTINGS, SimSettings
from .sourceconfig import (
    ConfigError,
    changed_set_once_keys,
    require_known_connector,
    topics_for,
    validate_config,
)
from .state import KC_CLUSTER_ID, FaultRule, SimState, iso_timestamp, new_object_id

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


class AccessTokenRequest(BaseModel):
    client_id: str
    secret: str


class RefreshTokenRequest(BaseModel):
    refresh_token: str


class SeedRequest(BaseModel):
    count: int = Field(ge=1, le=100_000)
    prefix: str = "seed-"
    connector: str = "postgresql"


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
        record["broken"] = False
        record["updated_at"] = None


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


class SourceService:
    """Source operations on the shared state; every method takes the state lock."""

    def __init__(self, state: SimState) -> None:
        self.state = state

    def _check_name_free(self, name: str, own_id: str | None = None) -> None:
        existing = self.state.ids_by_name.get(name)
        if existing is not None and existing != own_id:
            raise _unprocessable(f"Source with name '{name}' already exists")

    def new_record(self, body: CreateSourceRequest, raw_body: Any, config: dict[str, Any]) -> dict[str, Any]:
        now = time.time()
        source_id = new_object_id()
        topics, topic_map = topics_for(body.connector, source_id, config)
        return {
            "id": source_id,
            "name": body.name,
            "connector": body.connector,
            "created_at": now,
            "created_timestamp": iso_timestamp(now),
            "created_from": (body.created_from or CreatedFrom.api).value,
            "desired_state": _desired_from_request(body.desired_state),
            "kc_cluster_id": body.kc_cluster_id or KC_CLUSTER_ID,
            "tags": list(body.tags or []),
            "config": config,
            "topics": topics,
            "topic_map": topic_map,
            "started_at": now,
            "updated_at": None,
            "broken": False,
            "broken_trace": None,
            "deleted_at": None,
            "request_body": raw_body,
        }

    def create(self, body: CreateSourceRequest, raw_body: Any) -> dict[str, Any]:
        try:
            config = validate_config(body.connector, body.config)
        except ConfigError as error:
            raise _unprocessable(str(error)) from None
        with self.state.lock:
            self._check_name_free(body.name)
            record = self.new_record(body, raw_body, config)
            self.state.add(record)
        return record

    def existing(self, source_id: str) -> dict[str, Any]:
        record = self.state.get(source_id)
        if record is None:
            raise HTTPException(status_code=404, detail=f"Source '{source_id}' not found")
        if record.get("deleted_at"):
            raise HTTPException(status_code=409, detail=f"Source '{source_id}' is being deleted")
        return record

    def update(self, source_id: str, body: UpdateSourceRequest) -> dict[str, Any]:
        with self.state.lock:
            record = self.existing(source_id)
            if body.connector != record["connector"]:
                raise _unprocessable(
                    f"Field 'connector' cannot be changed from '{record['connector']}' to '{body.connector}'"
                )
            config = self._validated_update_config(record, body.config)
            changed = changed_set_once_keys(record["connector"], record["config"], config)
            if changed:
                keys = ", ".join(f"'{key}'" for key in changed)
                raise _unprocessable(f"Config key {keys} is set-once and cannot be changed after creation")
            self._check_name_free(body.name, own_id=source_id)
            self.state.rename(record, body.name)
            record["config"] = config
            record["topics"], record["topic_map"] = topics_for(record["connector"], source_id, config)
            record["updated_at"] = time.time()
            record["broken"] = False
            if body.desired_state is not None:
                self._apply_desired_state(record, _desired_from_request(body.desired_state))
            if body.tags is not None:
                record["tags"] = list(body.tags)
            self.state.save()
            return record

    def _validated_update_config(self, record: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
        """Full replacement of the user config, except that secrets left out keep their stored value
        (clients never see them, so they cannot send them back)."""
        merged = dict(config)
        for key in secret_keys(record["connector"]):
            if merged.get(key) is None and key in record["config"]:
                merged[key] = record["config"][key]
        try:
            return validate_config(record["connector"], merged)
        except ConfigError as error:
            raise _unprocessable(str(error)) from None

    @staticmethod
    def _apply_desired_state(record: dict[str, Any], desired: str) -> None:
        was_running = record["desired_state"] == "Active"
        record["desired_state"] = desired
        if desired == "Active" and not was_running:
            record["started_at"] = time.time()

    def seed(self, request: SeedRequest) -> list[str]:
        try:
            require_known_connector(request.connector)
        except ConfigError as error:
            raise _unprocessable(str(error)) from None
        sample = SAMPLE_CONFIGS[request.connector]
        config = validate_config(request.connector, sample)
        ids: list[str] = []
        number = 0
        with self.state.lock:
            while len(ids) < request.count:
                number += 1
                name = f"{request.prefix}{number}"
                if name in self.state.ids_by_name:
                    continue
                body = CreateSourceRequest.model_construct(
                    name=name,
                    connector=request.connector,
                    config=sample,
                    created_from=CreatedFrom.api,
                    desired_state=None,
                    kc_cluster_id=None,
                    tags=None,
                )
                raw = {"name": name, "connector": request.connector, "config": sample}
                record = self.new_record(body, raw, dict(config))
                self.state.add(record, persist=False)
                ids.append(record["id"])
            self.state.save()
        return ids


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
    service = SourceService(state)
    app = SimulatorApp(
        title="Streamkap API simulator",
        version="1.0",
        description="A local stand-in for the Streamkap REST API (sources). Test hooks under /_sim/.",
    )
    app.gateway = Gateway(state)
    app.state.sim = state
    app.state.settings = settings
    app.include_router(_auth_router(state))
    app.include_router(_sources_router(state, service))
    app.include_router(_sim_router(state, service))
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

    @router.post("/auth/access-token")
    def access_token(body: AccessTokenRequest) -> dict[str, Any]:
        settings = state.settings
        if body.client_id != settings.client_id or body.secret != settings.client_secret:
            raise HTTPException(401, detail="Invalid client credentials")
        return state.issue_tokens()

    @router.post("/auth/access-token/refresh")
    def refresh_token(body: RefreshTokenRequest) -> dict[str, Any]:
        if not state.use_refresh_token(body.refresh_token):
            raise HTTPException(401, detail="Invalid or expired refresh token")
        return state.issue_tokens()

    return router


def _sources_router(state: SimState, service: SourceService) -> APIRouter:
    router = APIRouter(tags=["sources"], dependencies=[Depends(_require_token(state))])

    @router.get("/sources/connectors")
    def connector_schema(connector_code: str = Query(...)) -> dict[str, Any]:
        """Unknown connector code: 404 with a detail naming it."""
        if connector_code not in DISPLAY_NAMES:
            raise HTTPException(404, detail=f"Connector '{connector_code}' not found")
        properties = property_definitions(connector_code)
        display_name = DISPLAY_NAMES[connector_code]
        if state.settings.schema_shape == "object":
            return {display_name: {"config": properties}}
        return {display_name: properties}

    @router.post("/sources")
    def create_source(
        body: CreateSourceRequest,
        request: Request,
        secret_returned: bool = _secret_returned_query(),
        wait: bool = _wait_query(),
    ) -> dict[str, Any]:
        record = service.create(body, _raw_body(request))
        if wait:
            _wait_for_settled(state, record["started_at"])
        with state.lock:
            return state.render(record, secret_returned=secret_returned)

    @router.get("/sources")
    def list_sources(
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
                for record in state.sources.values()
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
            items = [
                state.render(record, secret_returned=secret_returned, now=now)
                for record in matches[start : start + page_size]
            ]
        return _list_envelope(items, page, page_size, len(matches))

    @router.get("/sources/{source_id}")
    def get_source(source_id: str, secret_returned: bool = _secret_returned_query()) -> dict[str, Any]:
        """Unknown id: 200 with an empty result (the list envelope, like the real API)."""
        with state.lock:
            record = state.get(source_id)
            items = [state.render(record, secret_returned=secret_returned)] if record else []
        return _list_envelope(items, 1, 10, len(items))

    @router.put("/sources/{source_id}")
    def update_source(
        source_id: str,
        body: UpdateSourceRequest,
        secret_returned: bool = _secret_returned_query(),
        wait: bool = _wait_query(),
    ) -> dict[str, Any]:
        record = service.update(source_id, body)
        if wait:
            _wait_for_settled(state, record["updated_at"])
            with state.lock:
                return state.render(record, secret_returned=secret_returned)
        with state.lock:
            return state.render(record, secret_returned=secret_returned, connector_status="Pending Update")

    @router.delete("/sources/{source_id}")
    def delete_source(source_id: str, wait: bool = _wait_query()) -> dict[str, Any]:
        with state.lock:
            record = service.existing(source_id)
            state.mark_deleted(record)
            answer = state.render(record)
        if wait and float(state.settings.delete_delay) > 0:
            time.sleep(float(state.settings.delete_delay))
            state.purge_deleted()
        return answer

    @router.post(ACTION_PATH)
    def source_action(source_id: str, action: str) -> dict[str, Any]:
        if action not in ACTIONS:
            raise _unprocessable(f"Unknown action '{action}'. Expected one of: {', '.join(ACTIONS)}")
        with state.lock:
            record = service.existing(source_id)
            apply_action(record, action)
            state.save()
            return state.render(record)

    return router


def _sim_router(state: SimState, service: SourceService) -> APIRouter:
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

    @router.get("/sources/{source_id}")
    def internal_source(source_id: str) -> dict[str, Any]:
        record = state.internal_record(source_id)
        if record is None:
            raise HTTPException(404, detail=f"Source '{source_id}' not found")
        return record

    @router.post("/sources/{source_id}/broken")
    def force_broken(source_id: str, body: Optional[BrokenRequest] = None) -> dict[str, Any]:
        with state.lock:
            record = state.sources.get(source_id)
            if record is None:
                raise HTTPException(404, detail=f"Source '{source_id}' not found")
            record["broken"] = True
            record["broken_trace"] = body.trace if body else None
            state.save()
            return state.render(record)

    @router.post("/seed")
    def seed(body: SeedRequest) -> dict[str, Any]:
        ids = service.seed(body)
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
