"""In-memory state of the simulator, optionally persisted to a JSON file.

Every access goes through ``SimState.lock`` (uvicorn runs sync endpoints in a thread pool, and
test code may read the state from its own thread). Source status is computed lazily from
timestamps, so no background thread is needed.
"""

from __future__ import annotations

import copy
import json
import os
import random
import secrets
import tempfile
import threading
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any

from .connectors import SOURCE_CATALOG, Catalog
from .destination_connectors import DESTINATION_CATALOG
from .settings import SimSettings
from .sourceconfig import render_config, topic_prefix

STATE_FILE_VERSION = 1
REQUEST_LOG_LIMIT = 100_000
# One tenant/service/subscription for every source of this simulator.
TENANT_ID = "64a0c0ffee0000000000a001"
SERVICE_ID = "64a0c0ffee0000000000b002"
SUB_ID = "64a0c0ffee0000000000c003"
KC_CLUSTER_ID = "64a0c0ffee0000000000d004"
# The entity collections that share names, the status machine and delayed deletion.
ENTITY_KINDS = ("sources", "destinations", "pipelines", "transforms")
CATALOGS: dict[str, Catalog] = {"sources": SOURCE_CATALOG, "destinations": DESTINATION_CATALOG}
# The system tag present in every tenant; the web app puts it on a pipeline created without tags.
DEVELOPMENT_TAG_ID = "670e5ca40afe1d3983ce0c22"
SYSTEM_TAGS: tuple[dict[str, Any], ...] = (
    {
        "id": DEVELOPMENT_TAG_ID,
        "name": "Development",
        "description": "Development environment",
        "type": ["environment"],
        "system": True,
        "custom": False,
    },
)
# A refresh token lives this many access-token lifetimes.
REFRESH_TTL_FACTOR = 24
DEFAULT_BROKEN_TRACE = (
    "org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer."
    "\n\tat io.debezium.pipeline.ErrorHandler.setProducerThrowable(ErrorHandler.java:67)"
)
TASK_STATES = {
    "Active": "RUNNING",
    "Paused": "PAUSED",
    "Stopped": "STOPPED",
    "Broken": "FAILED",
}


def new_object_id() -> str:
    """A 24-hex-digit id, shaped like a MongoDB ObjectId."""
    return secrets.token_hex(12)


def iso_timestamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat()


@dataclass
class FaultRule:
    """One fault injection rule (see /_sim/faults)."""

    kind: str
    status: int = 503
    retry_after: float = 1.0
    body: Any = None
    seconds: float = 0.0
    method: str | None = None
    path: str | None = None
    count: int | None = None
    probability: float = 1.0
    id: str = field(default_factory=lambda: secrets.token_hex(4))
    remaining: int | None = None
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        return not self.path or path.startswith(self.path)


@dataclass
class SourceStatus:
    connector_status: str
    desired_state: str


def _system_tags() -> dict[str, dict[str, Any]]:
    return {tag["id"]: copy.deepcopy(tag) for tag in SYSTEM_TAGS}


class SimState:
    """Sources, destinations, pipelines, tags, tokens, the request log and fault rules of one simulator.

    Entities live in ``entities[kind]`` (kind: sources, destinations, pipelines), with a name index
    per kind: names are unique within a kind."""

    def __init__(self, settings: SimSettings) -> None:
        self.settings = settings
        self.initial_settings = replace(settings)
        self.lock = threading.RLock()
        self.entities: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in ENTITY_KINDS}
        self.names: dict[str, dict[str, str]] = {kind: {} for kind in ENTITY_KINDS}
        self.deleting: dict[str, set[str]] = {kind: set() for kind in ENTITY_KINDS}
        self.tags: dict[str, dict[str, Any]] = _system_tags()
        self.access_tokens: dict[str, float] = {}
        self.refresh_tokens: dict[str, float] = {}
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_LIMIT)
        self.faults: list[FaultRule] = []
        # Day-2 operations, in memory only (never in the state file): partitions and tags per topic id,
        # the latest snapshot run per source id, the topics whose snapshots fail, metrics per (kind, id).
        self.topic_settings: dict[str, dict[str, Any]] = {}
        self.snapshots: dict[str, dict[str, Any]] = {}
        self.snapshot_failing: set[str] = set()
        self.metrics: dict[tuple[str, str], dict[str, Any]] = {}
        if settings.state_file and os.path.exists(settings.state_file):
            self.load()

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        return self.entities["sources"]

    @property
    def destinations(self) -> dict[str, dict[str, Any]]:
        return self.entities["destinations"]

    @property
    def pipelines(self) -> dict[str, dict[str, Any]]:
        return self.entities["pipelines"]

    @property
    def transforms(self) -> dict[str, dict[str, Any]]:
        return self.entities["transforms"]

    @property
    def ids_by_name(self) -> dict[str, str]:
        return self.names["sources"]

    # ---- persistence -------------------------------------------------------------------------

    def load(self) -> None:
        with open(self.settings.state_file, encoding="utf-8") as handle:
            data = json.load(handle)
        with self.lock:
            for kind in ENTITY_KINDS:
                records = {record["id"]: record for record in data.get(kind, [])}
                self.entities[kind] = records
                self.names[kind] = {record["name"]: record["id"] for record in records.values()}
                self.deleting[kind] = {
                    record["id"] for record in records.values() if record.get("deleted_at")
                }
            self.tags = _system_tags()
            self.tags.update({tag["id"]: tag for tag in data.get("tags", [])})
            self.access_tokens = dict(data.get("access_tokens", {}))
            self.refresh_tokens = dict(data.get("refresh_tokens", {}))

    def save(self) -> None:
        """Write the state file atomically (temp file in the same directory, then rename)."""
        path = self.settings.state_file
        if not path:
            return
        with self.lock:
            data = {
                "version": STATE_FILE_VERSION,
                **{kind: list(records.values()) for kind, records in self.entities.items()},
                "tags": [tag for tag in self.tags.values() if not tag["system"]],
                "access_tokens": self.access_tokens,
                "refresh_tokens": self.refresh_tokens,
            }
            directory = os.path.dirname(os.path.abspath(path))
            descriptor, temp_path = tempfile.mkstemp(prefix=".sim-state-", suffix=".tmp", dir=directory)
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    json.dump(data, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temp_path, path)
            except BaseException:
                if os.path.exists(temp_path):
                    os.unlink(temp_path)
                raise

    # ---- tokens ------------------------------------------------------------------------------

    def issue_tokens(self) -> dict[str, Any]:
        now = time.time()
        ttl = float(self.settings.token_ttl)
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.lock:
            self.access_tokens[access] = now + ttl
            self.refresh_tokens[refresh] = now + ttl * REFRESH_TTL_FACTOR
            self._drop_expired_tokens(now)
            self.save()
        return {
            "accessToken": access,
            "refreshToken": refresh,
            "expires": iso_timestamp(now + ttl),
            "expiresIn": int(round(ttl)),
        }

    def _drop_expired_tokens(self, now: float) -> None:
        for tokens in (self.access_tokens, self.refresh_tokens):
            for token in [token for token, expiry in tokens.items() if expiry <= now]:
                del tokens[token]

    def access_token_valid(self, token: str) -> bool:
        static = self.settings.access_token
        if static and secrets.compare_digest(token, static):
            return True
        with self.lock:
            expiry = self.access_tokens.get(token)
        return expiry is not None and expiry > time.time()

    def use_refresh_token(self, token: str) -> bool:
        with self.lock:
            expiry = self.refresh_tokens.get(token)
        return expiry is not None and expiry > time.time()

    # ---- entities (sources, destinations, pipelines) ------------------------------------------

    def purge_deleted(self, now: float | None = None) -> None:
        """Forget entities whose 'Pending Delete' period is over."""
        now = time.time() if now is None else now
        delay = float(self.settings.delete_delay)
        with self.lock:
            purged = False
            for kind, deleting in self.deleting.items():
                records = self.entities[kind]
                done = [
                    entity_id
                    for entity_id in deleting
                    if entity_id not in records or records[entity_id]["deleted_at"] + delay <= now
                ]
                for entity_id in done:
                    deleting.discard(entity_id)
                    record = records.pop(entity_id, None)
                    if record is not None and self.names[kind].get(record["name"]) == entity_id:
                        del self.names[kind][record["name"]]
                purged = purged or bool(done)
            if purged:
                self.save()

    def get(self, entity_id: str, kind: str = "sources") -> dict[str, Any] | None:
        with self.lock:
            self.purge_deleted()
            return self.entities[kind].get(entity_id)

    def add(self, record: dict[str, Any], *, kind: str = "sources", persist: bool = True) -> None:
        with self.lock:
            self.entities[kind][record["id"]] = record
            self.names[kind][record["name"]] = record["id"]
            if persist:
                self.save()

    def rename(self, record: dict[str, Any], new_name: str, kind: str = "sources") -> None:
        with self.lock:
            self.names[kind].pop(record["name"], None)
            record["name"] = new_name
            self.names[kind][new_name] = record["id"]

    def mark_deleted(self, record: dict[str, Any], kind: str = "sources") -> None:
        with self.lock:
            record["deleted_at"] = time.time()
            self.deleting[kind].add(record["id"])
            self.save()
            self.purge_deleted()

    def live_pipelines_using(self, field_name: str, entity_id: str) -> list[dict[str, Any]]:
        """Pipelines (not being deleted) whose source or destination (field_name) is this entity."""
        with self.lock:
            return [
                record
                for record in self.pipelines.values()
                if record[field_name] == entity_id and not record.get("deleted_at")
            ]

    def reset(self, *, keep_sources: bool = False) -> None:
        with self.lock:
            self.request_log.clear()
            if keep_sources:
                return
            for kind in ENTITY_KINDS:
                self.entities[kind].clear()
                self.names[kind].clear()
                self.deleting[kind].clear()
            self.tags = _system_tags()
            self.faults.clear()
            self.topic_settings.clear()
            self.snapshots.clear()
            self.snapshot_failing.clear()
            self.metrics.clear()
            for name, value in self.initial_settings.runtime_view().items():
                setattr(self.settings, name, value)
            self.save()

    # ---- status and rendering ----------------------------------------------------------------

    def status_of(self, record: dict[str, Any], now: float | None = None) -> SourceStatus:
        """Lazy status machine (order matters: delete > redeploying > broken > update > paused/stopped > start)."""
        now = time.time() if now is None else now
        delay = float(self.settings.status_delay)
        desired = record["desired_state"]
        if record.get("deleted_at"):
            return SourceStatus("Pending Delete", "Pending Delete")
        if record.get("redeploy_reads"):
            return SourceStatus("Starting", desired)
        if record.get("broken"):
            return SourceStatus("Broken", desired)
        updated_at = record.get("updated_at")
        if updated_at is not None and now - updated_at < delay:
            return SourceStatus("Pending Update", desired)
        if desired in ("Paused", "Stopped"):
            return SourceStatus(desired, desired)
        elapsed = now - record["started_at"]
        if elapsed >= delay:
            return SourceStatus("Active", desired)
        return SourceStatus("Pending" if elapsed < delay / 2 else "Starting", desired)

    @staticmethod
    def count_read(record: dict[str, Any]) -> None:
        """A GET of the entity answered: one of a redeploy's Starting reads is used up."""
        if record.get("redeploy_reads"):
            record["redeploy_reads"] -= 1

    def render(
        self,
        record: dict[str, Any],
        *,
        kind: str = "sources",
        secret_returned: bool = False,
        connector_status: str | None = None,
        now: float | None = None,
    ) -> dict[str, Any]:
        """The source object as the API answers it (every field of SourceConnector); a destination
        is the same object without service_id, its topics those of the pipelines feeding it."""
        status = self.status_of(record, now)
        shown_status = connector_status or status.connector_status
        catalog = CATALOGS[kind]
        topics = list(record["topics"]) if kind == "sources" else self._destination_topics(record["id"])
        answer = {
            "name": record["name"],
            "connector": record["connector"],
            "id": record["id"],
            "connector_display_name": catalog.display_names[record["connector"]],
            "created_timestamp": record["created_timestamp"],
            "sub_id": SUB_ID,
            "tenant_id": TENANT_ID,
            "service_id": SERVICE_ID,
            "config": render_config(
                record["connector"],
                record["config"],
                secret_returned=secret_returned,
                secret_style=self.settings.secret_style,
                catalog=catalog,
            ),
            "topic_ids": topics,
            "topic_map": dict(record["topic_map"]),
            "topics": list(topics),
            "tasks": [0],
            "connector_status": shown_status,
            "desired_state": status.desired_state,
            "task_statuses": self._task_statuses(record, shown_status),
            "kc_cluster_id": record["kc_cluster_id"],
            "tags": list(record["tags"]),
        }
        if kind != "sources":
            del answer["service_id"]
        return answer

    def _destination_topics(self, destination_id: str) -> list[str]:
        topics: dict[str, None] = {}
        for pipeline in self.live_pipelines_using("destination_id", destination_id):
            topics.update(
                dict.fromkeys(f"{topic_prefix(pipeline['source_id'])}{topic}" for topic in pipeline["topics"])
            )
        return list(topics)

    @staticmethod
    def _task_statuses(record: dict[str, Any], connector_status: str) -> dict[str, Any]:
        task = {"status": TASK_STATES.get(connector_status, "UNASSIGNED"), "worker_id": "kc-worker-0:8083"}
        if connector_status == "Broken":
            task["trace"] = record.get("broken_trace") or DEFAULT_BROKEN_TRACE
        return {"0": task}

    def internal_record(self, entity_id: str, kind: str = "sources") -> dict[str, Any] | None:
        with self.lock:
            record = self.entities[kind].get(entity_id)
            return copy.deepcopy(record) if record is not None else None

    # ---- request log and faults --------------------------------------------------------------

    def log_request(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.request_log.append(entry)

    def requests(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.request_log)

    def stats(self) -> dict[str, Any]:
        with self.lock:
            entries = list(self.request_log)
        by_method = Counter(entry["method"] for entry in entries)
        writes = sum(
            1
            for entry in entries
            if entry["method"] in ("POST", "PUT", "DELETE") and not entry["path"].startswith("/auth")
        )
        auth = sum(1 for entry in entries if entry["path"].startswith("/auth"))
        return {"total": len(entries), "by_method": dict(by_method), "writes": writes, "auth": auth}

    def add_fault(self, rule: FaultRule) -> FaultRule:
        with self.lock:
            rule.remaining = rule.count
            self.faults.append(rule)
            return rule

    def take_faults(self, method: str, path: str) -> list[FaultRule]:
        """Rules firing for this request (counts are used up here).

        Every matching latency rule fires; at most one answering rule (status/commit_then_drop)."""
        fired: list[FaultRule] = []
        answered = False
        with self.lock:
            for rule in self.faults:
                if not rule.matches(method, path) or random.random() >= rule.probability:
                    continue
                if rule.kind != "latency":
                    if answered:
                        continue
                    answered = True
                if rule.remaining is not None:
                    rule.remaining -= 1
                rule.hits += 1
                fired.append(replace(rule))
        return fired

    def fault_list(self) -> list[dict[str, Any]]:
        with self.lock:
            return [asdict(rule) for rule in self.faults]
