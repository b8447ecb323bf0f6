# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Snapshots (backfills): an action with a status to poll, not a resource.

Starting one re-reads tables into their topics (incremental: alongside streaming, with optional row filters and a
surrogate key; blocking: streaming paused). The status lives in the source's latest metrics, per topic. A task
reads it first, so that it never starts a second snapshot while one runs (the API answers 409 there too), then
starts or cancels, then (wait) polls until every topic it asked for completed.
"""

from __future__ import annotations

import dataclasses
import time
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs, resource
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.metrics import read_latest
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE

Entity = t.Dict[str, t.Any]

START_PATH = "/sources/snapshot"
CANCEL_PATH = "/sources/cancel_snapshot"
SNAPSHOT_TYPES = ("incremental", "blocking")
INCREMENTAL = "incremental"
STARTED, CANCELLED = "started", "cancelled"
STATES = (STARTED, CANCELLED)
# [sure] Per-topic snapshot statuses (the topic list's snapshot filter names them); compared in lower case.
PENDING, RUNNING, COMPLETED, FAILED, CANCELLED_STATUS = "pending", "running", "completed", "failed", "cancelled"
ACTIVE_STATUSES = frozenset({PENDING, RUNNING})
# Statuses a wait ends on without success.
UNSUCCESSFUL_STATUSES = frozenset({FAILED, CANCELLED_STATUS})


# ============================================================================
# Pure rules
# ============================================================================

def topic_prefix(source_id: str) -> str:
    return f"source_{source_id}."


def full_topic(source_id: str, topic: str) -> str:
    """[guess] The topic's full name, as snapshot requests name topics: `source_<id>.` prefixed once."""
    prefix = topic_prefix(source_id)
    return topic if topic.startswith(prefix) else f"{prefix}{topic}"


def topic_statuses(data: t.Mapping[str, t.Any] | None, source_id: str) -> dict[str, str]:
    """[sure] {full topic name: status} from a source's latest metrics (`snapshotStatus`); {} without any."""
    entries = (data or {}).get("snapshotStatus")
    statuses: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("topic_id"):
            statuses[full_topic(source_id, str(entry["topic_id"]))] = str(entry.get("status") or PENDING).lower()
    return statuses


def is_running(data: t.Mapping[str, t.Any] | None, statuses: t.Mapping[str, str]) -> bool:
    """Whether a snapshot of the source runs: a topic pending or running, or SnapshotRunning set."""
    return bool(ACTIVE_STATUSES.intersection(statuses.values())) or (data or {}).get("SnapshotRunning") is True


def described(topics: t.Iterable[str], statuses: t.Mapping[str, str]) -> str:
    return ", ".join(f"{topic} ({statuses.get(topic, PENDING)})" for topic in topics)


@dataclasses.dataclass(frozen=True)
class RowFilter:
    """Rows of one table an incremental snapshot reads: the API's additional condition."""

    table: str
    filter: str

    def condition(self) -> Entity:
        return {"data_collection": self.table, "filter": self.filter}


# ============================================================================
# What the user asked for
# ============================================================================

@dataclasses.dataclass(frozen=True)
class SnapshotSpec:
    """What the user asked: a snapshot of a source's topics started (or cancelled), and whether to wait."""

    state: str
    type: str
    wait: bool
    wait_timeout: float
    wait_interval: float
    source: str | None = None
    source_id: str | None = None
    topics: tuple[str, ...] | None = None
    filters: tuple[RowFilter, ...] = ()
    surrogate_key: str | None = None

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> SnapshotSpec:
        topics = params.get("topics")
        spec = cls(state=params["state"], type=params["type"], wait=params["wait"], wait_timeout=params["wait_timeout"],
                   wait_interval=params["wait_interval"], source=params.get("source"), source_id=params.get("source_id"),
                   topics=None if topics is None else tuple(topics),
                   filters=tuple(RowFilter(item["table"], item["filter"]) for item in params.get("filters") or ()),
                   surrogate_key=params.get("surrogate_key"))
        spec.check()
        return spec

    def check(self) -> None:
        """Refuse before any request what the API would refuse or ignore."""
        if not self.source and not self.source_id:
            raise StreamkapError("Give the source's name (source) or its id (source_id).")
        inputs.check_identifier("source", self.source)
        resource.check_entity_id(self.source_id, "source")
        for topic in self.topics or ():
            if not topic.strip():
                raise StreamkapError("topics must not hold an empty value.")
            inputs.check_identifier("topics", topic)
        if self.topics is not None and not self.topics:
            raise StreamkapError("topics is empty: leave it out to snapshot every topic of the source, or name some.")
        for position, row_filter in enumerate(self.filters, start=1):
            for field in ("table", "filter"):
                if not getattr(row_filter, field).strip():
                    raise StreamkapError(f"filters[{position}].{field} must not be empty.")
        extras = [option for option, given in (("filters", self.filters), ("surrogate_key", self.surrogate_key)) if given]
        if extras and self.state == CANCELLED:
            raise StreamkapError(f"{' and '.join(extras)} apply to starting a snapshot, not to state=cancelled. Nothing was sent.")
        if extras and self.type != INCREMENTAL:
            raise StreamkapError(
                f"{' and '.join(extras)} apply to incremental snapshots only, not to type={self.type}: a blocking snapshot "
                "reads whole tables. Nothing was sent."
            )
        resource.check_wait_options(self.wait_timeout, self.wait_interval)

    def request(self, source: Entity, action: str = STARTED) -> Entity:
        """The body of POST /sources/snapshot (or /cancel_snapshot): topic_names null means every topic."""
        source_id = str(source["id"])
        topics = None if self.topics is None else list(dict.fromkeys(full_topic(source_id, topic) for topic in self.topics))
        if action == CANCELLED:
            return {"source_id": source_id, "topic_names": topics}
        return {"source_id": source_id, "topic_names": topics,
                "additional_conditions": [row_filter.condition() for row_filter in self.filters] or None,
                "snapshot_type": self.type, "surrogate_key": self.surrogate_key}


# ============================================================================
# The work
# ============================================================================

class Snapshots:
    """Starts or cancels one source's snapshot and waits for it; returns the module result."""

    def __init__(self, client: StreamkapClient, sleep: t.Callable[[float], None] = time.sleep,
                 clock: t.Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.sleep = sleep
        self.clock = clock

    def run(self, spec: SnapshotSpec, check_mode: bool) -> Entity:
        source = self._source(spec)
        self._refuse_unknown_topics(spec, source)
        data = read_latest(self.client, SOURCE, str(source["id"]))
        statuses = topic_statuses(data, str(source["id"]))
        if spec.state == CANCELLED:
            return self._cancel(spec, source, data, statuses, check_mode)
        return self._start(spec, source, data, statuses, check_mode)

    def _source(self, spec: SnapshotSpec) -> Entity:
        repository = Repository(self.client, SOURCE)
        source = repository.get(spec.source_id) if spec.source_id else repository.find_by_name(t.cast(str, spec.source))
        if source is None:
            named = f"id {spec.source_id!r}" if spec.source_id else f"the name {spec.source!r}"
            raise StreamkapError(f"No source has {named}. Nothing was sent.")
        return source

    @staticmethod
    def _refuse_unknown_topics(spec: SnapshotSpec, source: Entity) -> None:
        """Topics the source does not have fail before any write (when the source lists its topics)."""
        held = [str(topic) for topic in source.get("topics") or ()]
        if spec.topics is None or not held:
            return
        unknown = [topic for topic in spec.topics if full_topic(str(source["id"]), topic) not in held]
        if unknown:
            prefix = topic_prefix(str(source["id"]))
            raise StreamkapError(
                f"{SOURCE.label(source)} has no topic {', '.join(map(repr, unknown))}; its topics are "
                f"{', '.join(topic[len(prefix):] if topic.startswith(prefix) else topic for topic in held)}. Nothing was sent."
            )

    def _wanted(self, spec: SnapshotSpec, source: Entity, statuses: t.Mapping[str, str]) -> list[str]:
        """The topics a wait follows: those asked for, else the source's, else those the metrics report."""
        source_id = str(source["id"])
        if spec.topics is not None:
            return list(dict.fromkeys(full_topic(source_id, topic) for topic in spec.topics))
        return [full_topic(source_id, str(topic)) for topic in source.get("topics") or ()] or list(statuses)

    def _start(self, spec: SnapshotSpec, source: Entity, data: Entity | None, statuses: dict[str, str],
               check_mode: bool) -> Entity:
        if is_running(data, statuses):
            return self._already_running(spec, source, statuses, check_mode)
        body = spec.request(source)
        wanted = self._wanted(spec, source, statuses)
        if check_mode:
            return self._result(True, source, body, {topic: "would start" for topic in wanted},
                                f"Would start a snapshot ({spec.type}) of {SOURCE.label(source)}: {len(wanted)} topics.")
        try:
            self.client.post(START_PATH, body=body)
        except StreamkapApiError as exc:
            if exc.status != 409:
                raise
            # Another run started one between the read and the write.
            fresh = topic_statuses(read_latest(self.client, SOURCE, str(source["id"])), str(source["id"]))
            return self._already_running(spec, source, fresh, check_mode)
        message = f"Started a snapshot ({spec.type}) of {SOURCE.label(source)}: {len(wanted)} topics."
        started = {topic: PENDING for topic in wanted}
        if spec.wait:
            started = self.wait_until_done(source, wanted, spec, self._result(True, source, body, started, message))
            message += " Every topic completed."
        return self._result(True, source, body, started, message)

    def _already_running(self, spec: SnapshotSpec, source: Entity, statuses: dict[str, str], check_mode: bool) -> Entity:
        running = [topic for topic, status in statuses.items() if status in ACTIVE_STATUSES] or list(statuses)
        message = (f"A snapshot of {SOURCE.label(source)} is already running ({described(running, statuses) or 'no topic reported'}): "
                   "no other was started.")
        if spec.wait and not check_mode and running:
            statuses = self.wait_until_done(source, running, spec, self._result(False, source, None, statuses, message))
            message += " It completed."
        return self._result(False, source, None, statuses, message)

    def _cancel(self, spec: SnapshotSpec, source: Entity, data: Entity | None, statuses: dict[str, str],
                check_mode: bool) -> Entity:
        if not is_running(data, statuses):
            return self._result(False, source, None, statuses, f"No snapshot of {SOURCE.label(source)} is running: nothing to cancel.")
        body = spec.request(source, CANCELLED)
        if check_mode:
            return self._result(True, source, body, statuses, f"Would cancel the snapshot of {SOURCE.label(source)}.")
        self.client.post(CANCEL_PATH, body=body, idempotent=True)
        message = f"Cancelled the snapshot of {SOURCE.label(source)}."
        if spec.wait:
            statuses = self.wait_until_stopped(source, spec, self._result(True, source, body, statuses, message))
        return self._result(True, source, body, statuses, message)

    # --- polling ---

    def wait_until_done(self, source: Entity, topics: list[str], spec: SnapshotSpec, partial: Entity) -> dict[str, str]:
        """Poll the source's metrics until every topic completed; a failed (or cancelled) topic fails at once, naming it;
        wait_timeout fails naming the topics still running. Returns the last statuses."""
        deadline = self.clock() + spec.wait_timeout
        label = SOURCE.label(source)
        statuses: dict[str, str] = dict(partial["snapshot"]["topics"])
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                unfinished = [topic for topic in topics if statuses.get(topic) != COMPLETED]
                raise self._failure(f"The snapshot of {label} did not complete within {spec.wait_timeout:g} seconds; still "
                                    f"running: {described(unfinished, statuses)}.", partial, statuses)
            self.sleep(min(spec.wait_interval, remaining))
            statuses = topic_statuses(read_latest(self.client, SOURCE, str(source["id"])), str(source["id"]))
            ended = [topic for topic in topics if statuses.get(topic) in UNSUCCESSFUL_STATUSES]
            if ended:
                raise self._failure(f"The snapshot of {label} did not complete: {described(ended, statuses)}.", partial, statuses)
            if all(statuses.get(topic) == COMPLETED for topic in topics):
                return {topic: statuses[topic] for topic in topics}

    def wait_until_stopped(self, source: Entity, spec: SnapshotSpec, partial: Entity) -> dict[str, str]:
        """Poll until no topic of the source is pending or running; wait_timeout fails naming those that still are."""
        deadline = self.clock() + spec.wait_timeout
        statuses: dict[str, str] = dict(partial["snapshot"]["topics"])
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                active = [topic for topic, status in statuses.items() if status in ACTIVE_STATUSES]
                raise self._failure(f"The snapshot of {SOURCE.label(source)} is still running {spec.wait_timeout:g} seconds "
                                    f"after its cancellation: {described(active, statuses)}.", partial, statuses)
            self.sleep(min(spec.wait_interval, remaining))
            data = read_latest(self.client, SOURCE, str(source["id"]))
            statuses = topic_statuses(data, str(source["id"]))
            if not is_running(data, statuses):
                return statuses

    @staticmethod
    def _failure(message: str, partial: Entity, statuses: t.Mapping[str, str]) -> resource.WaitError:
        snapshot = dict(partial["snapshot"], topics=dict(statuses))
        error = resource.WaitError(message, snapshot, "snapshot")
        error.changed = bool(partial["changed"])
        return error

    @staticmethod
    def _result(changed: bool, source: Entity, body: Entity | None, statuses: t.Mapping[str, str], message: str) -> Entity:
        snapshot = {"source": {"id": source.get("id"), "name": source.get("name")}, "request": body, "topics": dict(statuses)}
        return {"changed": changed, "snapshot": snapshot, "msg": message}


def snapshot_options() -> dict[str, dict[str, t.Any]]:
    """streamkap_snapshot's argument spec (auth aside)."""
    return dict(
        source={"type": "str"},
        source_id={"type": "str"},
        topics={"type": "list", "elements": "str"},
        type={"type": "str", "choices": list(SNAPSHOT_TYPES), "default": INCREMENTAL},
        filters={"type": "list", "elements": "dict",
                 "options": {"table": {"type": "str", "required": True}, "filter": {"type": "str", "required": True}}},
        surrogate_key={"type": "str", "no_log": False},  # a column name
        state={"type": "str", "choices": list(STATES), "default": STARTED},
        wait={"type": "bool", "default": False},
        wait_timeout={"type": "int", "default": 3600},
        wait_interval={"type": "float", "default": 10.0},
    )


def run_snapshot(module: t.Any, client: StreamkapClient, spec: SnapshotSpec) -> Entity:
    """The work of streamkap_snapshot, for StreamkapModule.run."""
    return Snapshots(client).run(spec, module.check_mode)
