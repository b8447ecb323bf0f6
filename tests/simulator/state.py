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

from .connectors import DISPLAY_NAMES
from .settings import SimSettings
from .sourceconfig import render_config

STATE_FILE_VERSION = 1
REQUEST_LOG_LIMIT = 100_000
# One tenant/service/subscription for every source of this simulator.
TENANT_ID = "64a0c0ffee0000000000a001"
SERVICE_ID = "64a0c0ffee0000000000b002"
SUB_ID = "64a0c0ffee0000000000c003"
KC_CLUSTER_ID = "64a0c0ffee0000000000d004"
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


class SimState:
    """Sources, tokens, the request log and fault rules of one simulator."""

    def __init__(self, settings: SimSettings) -> None:
        self.settings = settings
        self.initial_settings = replace(settings)
        self.lock = threading.RLock()
        self.sources: dict[str, dict[str, Any]] = {}
        self.ids_by_name: dict[str, str] = {}
        self.deleting: set[str] = set()
        self.access_tokens: dict[str, float] = {}
        self.refresh_tokens: dict[str, float] = {}
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_LIMIT)
        self.faults: list[FaultRule] = []
        if settings.state_file and os.path.exists(settings.state_file):
            self.load()

    # ---- persistence -------------------------------------------------------------------------

    def load(self) -> None:
        with open(self.settings.state_file, encoding="utf-8") as handle:
            data = json.load(handle)
        with self.lock:
            self.sources = {record["id"]: record for record in data.get("sources", [])}
            self.ids_by_name = {record["name"]: record["id"] for record in self.sources.values()}
            self.deleting = {record["id"] for record in self.sources.values() if record.get("deleted_at")}
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
                "sources": list(self.sources.values()),
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

    # ---- sources -----------------------------------------------------------------------------

    def purge_deleted(self, now: float | None = None) -> None:
        """Forget sources whose 'Pending Delete' period is over."""
        now = time.time() if now is None else now
        with self.lock:
            done = [
                source_id
                for source_id in self.deleting
                if self.sources[source_id]["deleted_at"] + float(self.settings.delete_delay) <= now
            ]
            for source_id in done:
                self.deleting.discard(source_id)
                record = self.sources.pop(source_id)
                self.ids_by_name.pop(record["name"], None)
            if done:
                self.save()

    def get(self, source_id: str) -> dict[str, Any] | None:
        with self.lock:
            self.purge_deleted()
            return self.sources.get(source_id)

    def add(self, record: dict[str, Any], *, persist: bool = True) -> None:
        with self.lock:
            self.sources[record["id"]] = record
            self.ids_by_name[record["name"]] = record["id"]
            if persist:
                self.save()

    def rename(self, record: dict[str, Any], new_name: str) -> None:
        with self.lock:
            self.ids_by_name.pop(record["name"], None)
            record["name"] = new_name
            self.ids_by_name[new_name] = record["id"]

    def mark_deleted(self, record: dict[str, Any]) -> None:
        with self.lock:
            record["deleted_at"] = time.time()
            self.deleting.add(record["id"])
            self.save()
            self.purge_deleted()

    def reset(self, *, keep_sources: bool = False) -> None:
        with self.lock:
            self.request_log.clear()
            if keep_sources:
                return
            self.sources.clear()
            self.ids_by_name.clear()
            self.deleting.clear()
            self.faults.clear()
            for name, value in self.initial_settings.runtime_view().items():
                setattr(self.settings, name, value)
            self.save()

    # ---- status and rendering ----------------------------------------------------------------

    def status_of(self, record: dict[str, Any], now: float | None = None) -> SourceStatus:
        """Lazy status machine (order matters: delete > broken > update > paused/stopped > start)."""
        now = time.time() if now is None else now
        delay = float(self.settings.status_delay)
        desired = record["desired_state"]
        if record.get("deleted_at"):
            return SourceStatus("Pending Delete", "Pending Delete")
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

    def render(
        self,
        record: dict[str, Any],
        *,
        secret_returned: bool = False,
        connector_status: str | None = None,
        now: float | None = None,
    ) -> dict[str, Any]:
        """The source object as the API answers it (every field of SourceConnector)."""
        status = self.status_of(record, now)
        shown_status = connector_status or status.connector_status
        return {
            "name": record["name"],
            "connector": record["connector"],
            "id": record["id"],
            "connector_display_name": DISPLAY_NAMES[record["connector"]],
            "created_timestamp": record["created_timestamp"],
            "sub_id": SUB_ID,
            "tenant_id": TENANT_ID,
            "service_id": SERVICE_ID,
            "config": render_config(
                record["connector"],
                record["config"],
                secret_returned=secret_returned,
                secret_style=self.settings.secret_style,
            ),
            "topic_ids": list(record["topics"]),
            "topic_map": dict(record["topic_map"]),
            "topics": list(record["topics"]),
            "tasks": [0],
            "connector_status": shown_status,
            "desired_state": status.desired_state,
            "task_statuses": self._task_statuses(record, shown_status),
            "kc_cluster_id": record["kc_cluster_id"],
            "tags": list(record["tags"]),
        }

    @staticmethod
    def _task_statuses(record: dict[str, Any], connector_status: str) -> dict[str, Any]:
        task = {"status": TASK_STATES.get(connector_status, "UNASSIGNED"), "worker_id": "kc-worker-0:8083"}
        if connector_status == "Broken":
            task["trace"] = record.get("broken_trace") or DEFAULT_BROKEN_TRACE
        return {"0": task}

    def internal_record(self, source_id: str) -> dict[str, Any] | None:
        with self.lock:
            record = self.sources.get(source_id)
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
