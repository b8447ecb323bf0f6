# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What the event source streamkap.cloud.streamkap_events watches, and the events it puts out.

Its arguments are checked by the modules' own rules (the auth options with their STREAMKAP_* fallbacks, through
Ansible's argument spec validator). One poll reads each kind's list once (every page), and the latest metrics of the
pipelines in scope; health.py judges each entity, and Transitions turns what changed since the last poll into events:
`unhealthy` when an entity starts failing, `recovered` when one announced unhealthy is healthy again, `deleted` when
one is gone. A kind whose read failed is left as it was, so a failed read never makes an entity look recovered or
gone. Synchronous: the event source runs a poll in a thread.
"""

from __future__ import annotations

import dataclasses
import os
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import health
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError, public_url
from ansible_collections.streamkap.cloud.plugins.module_utils.common import AUTH_ENV_VARS, auth_argument_spec, client_from_params
from ansible_collections.streamkap.cloud.plugins.module_utils.config import SECRET_MASK
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import Scope
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import read_each
from ansible_collections.streamkap.cloud.plugins.module_utils.metrics import MAX_METRIC_READS, read_latest
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import ResourceKind
from ansible_collections.streamkap.cloud.plugins.module_utils.tagging import TagCatalog

Entity = t.Dict[str, t.Any]
Event = t.Dict[str, t.Any]

# The kinds watched, as the `kinds` argument names them, and the word an event's `kind` uses.
KIND_NOUNS = {"sources": "source", "destinations": "destination", "pipelines": "pipeline", "transforms": "transform"}
UNHEALTHY, RECOVERED, DELETED = "unhealthy", "recovered", "deleted"
# Seconds between polls: the default, and a floor that keeps a typo from flooding the API.
DEFAULT_INTERVAL = 30.0
MIN_INTERVAL = 1.0
# After failed polls the next one waits longer, doubling from the interval up to this (or the interval, if longer).
MAX_BACKOFF = 300.0
_UNREAD = object()


def watch_argument_spec() -> dict[str, dict[str, t.Any]]:
    """The event source's arguments: the modules' auth options, then what to watch and how often."""
    spec = auth_argument_spec()
    spec.update(
        interval={"type": "float", "default": DEFAULT_INTERVAL},
        kinds={"type": "list", "elements": "str", "choices": list(KIND_NOUNS), "default": list(KIND_NOUNS)},
        scope={"type": "dict", "options": {"name_prefix": {"type": "str"}, "tag": {"type": "str"}}},
        max_lag={"type": "int"},
        max_latency_ms={"type": "float"},
        emit_initial={"type": "bool", "default": True},
    )
    return spec


def kind_of(kinds: str) -> ResourceKind:
    """The descriptor of a watched kind (imported on first need: each kind's room is large)."""
    if kinds == "sources":
        from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE

        return SOURCE
    if kinds == "destinations":
        from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION

        return DESTINATION
    if kinds == "pipelines":
        from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PIPELINE

        return PIPELINE
    from ansible_collections.streamkap.cloud.plugins.module_utils.transform import TRANSFORM

    return TRANSFORM


@dataclasses.dataclass(frozen=True)
class WatchSpec:
    """What to watch (kinds, scope), by what thresholds, how often, and whether to announce what is failing at start."""

    kinds: tuple[str, ...]
    scope: Scope
    thresholds: health.Thresholds
    interval: float
    emit_initial: bool

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> WatchSpec:
        spec = cls(kinds=tuple(dict.fromkeys(params["kinds"])), scope=Scope.from_param(params.get("scope")),
                   thresholds=health.Thresholds(params.get("max_lag"), params.get("max_latency_ms")),
                   interval=params["interval"], emit_initial=params["emit_initial"])
        spec.check()
        return spec

    def check(self) -> None:
        if not self.kinds:
            raise StreamkapError(f"kinds must name at least one of {', '.join(KIND_NOUNS)}.")
        if not MIN_INTERVAL <= self.interval <= MAX_BACKOFF:  # NaN fails this too
            raise StreamkapError(f"interval must be between {MIN_INTERVAL:g} and {MAX_BACKOFF:g} seconds (got {self.interval:g}).")
        for option in ("max_lag", "max_latency_ms"):
            value = getattr(self.thresholds, option)
            if value is not None and not value >= 0:
                raise StreamkapError(f"{option} must be a number of at least 0; got {value}.")

    def backoff(self, failed_polls: int) -> float:
        """Seconds until the next poll after `failed_polls` failed ones in a row (none: the interval)."""
        return min(self.interval * 2 ** min(failed_polls, 16), max(self.interval, MAX_BACKOFF))


def secrets_of(args: t.Mapping[str, t.Any]) -> set[str]:
    """The credentials the arguments or their environment fallbacks hold, to keep out of every message."""
    names = [var for option in ("access_token", "client_secret") for var in AUTH_ENV_VARS[option]]
    values = [args.get("access_token"), args.get("client_secret")] + [os.environ.get(var) for var in names]
    return {value for value in values if isinstance(value, str) and value}


def masked(text: str, secrets: t.Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, SECRET_MASK)
    return text


def _argument_path(item: t.Any) -> str:
    """An unknown argument as ansible-core reports it: a name, or (option, ..., name) for one nested in an option."""
    if isinstance(item, tuple):
        return ".".join(str(part) for part in item)
    return str(item)


def checked_params(args: t.Mapping[str, t.Any] | None) -> dict[str, t.Any]:
    """The arguments validated against watch_argument_spec (types, choices, defaults, STREAMKAP_* fallbacks);
    StreamkapError listing every problem, credentials masked, otherwise."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # ansible-core: the modules' own rules
    from ansible.module_utils.errors import UnsupportedError

    args = dict(args or {})
    spec = watch_argument_spec()
    result = ArgumentSpecValidator(spec).validate(args)
    problems = [error.msg for error in result.errors if not isinstance(error, UnsupportedError)]
    if result.unsupported_parameters:
        unknown = sorted(_argument_path(item) for item in result.unsupported_parameters)
        problems.insert(0, f"unknown argument(s) {', '.join(unknown)} (the arguments are {', '.join(sorted(spec))})")
    if problems:
        text = "; ".join(problem.rstrip(".") for problem in problems)
        raise StreamkapError(masked(f"streamkap.cloud.streamkap_events: {text}.", secrets_of(args)))
    return result.validated_parameters


def watcher_from_args(args: t.Mapping[str, t.Any] | None, on_retry: t.Callable[[str], t.Any] | None = None,
                      **client_options: t.Any) -> Watcher:
    """A Watcher for the event source's arguments (the STREAMKAP_* environment filling in what they leave out):
    checked, the client built; no request is sent yet."""
    params = checked_params(args)
    spec = WatchSpec.from_params(params)
    return Watcher(client_from_params(params, on_retry=on_retry, **client_options), spec)


# ============================================================================
# Transitions: what changed since the last poll, as events
# ============================================================================

@dataclasses.dataclass(frozen=True)
class Tracked:
    """What the last poll saw of an entity, and whether an unhealthy event about it awaits its recovered one."""

    verdict: health.EntityHealth
    announced: bool


def event(kind: str, verdict: health.EntityHealth | None, last: Tracked | None, noun: str, entity_id: str) -> Event:
    """An event: {"streamkap": {type, kind, id, name, status, previous_status, lag, latency_ms, problems}}."""
    before = last.verdict if last else None
    now = verdict if verdict is not None else before
    return {"streamkap": {
        "type": kind, "kind": noun, "id": entity_id, "name": now.name if now else None,
        "status": verdict.status if verdict else None,
        "previous_status": before.status if before else None,
        "lag": verdict.lag if verdict else None,
        "latency_ms": verdict.latency if verdict else None,
        "problems": list(verdict.failures) if verdict else [],
    }}


class Transitions:
    """Every entity seen, by kind and id; each poll's verdicts of a kind in, the events of what changed out.

    An entity that starts failing is `unhealthy` (once: a hundred polls of the same broken source are one event); one
    announced unhealthy and now healthy is `recovered`; one that left failing without being healthy (a redeploy under
    way, a pause) is neither, and is `unhealthy` again if it fails again. An entity gone from a kind's list is `deleted`.
    A kind's first read is the baseline: with `emit_initial`, what fails then is announced.
    """

    def __init__(self, emit_initial: bool) -> None:
        self.emit_initial = emit_initial
        self.tracked: dict[tuple[str, str], Tracked] = {}
        self.baselined: set[str] = set()

    def update(self, noun: str, verdicts: t.Sequence[health.EntityHealth], unjudged: t.AbstractSet[str] = frozenset()) -> list[Event]:
        """The events of one successful read of a kind; `unjudged`: ids listed but not judged this time (kept as they were)."""
        silent = noun not in self.baselined and not self.emit_initial
        events: list[Event] = []
        seen = set(unjudged)
        for verdict in verdicts:
            entity_id = str(verdict.id)
            seen.add(entity_id)
            key = (noun, entity_id)
            last = self.tracked.get(key)
            announced = last.announced if last else False
            if silent:
                announced = verdict.failing
            elif verdict.failing and not (last and last.verdict.failing):
                events.append(event(UNHEALTHY, verdict, last, noun, entity_id))
                announced = True
            elif verdict.healthy and announced:
                events.append(event(RECOVERED, verdict, last, noun, entity_id))
                announced = False
            self.tracked[key] = Tracked(verdict, announced)
        for key in [key for key in self.tracked if key[0] == noun and key[1] not in seen]:
            events.append(event(DELETED, None, self.tracked.pop(key), noun, key[1]))
        self.baselined.add(noun)
        return events


# ============================================================================
# The reads of one poll
# ============================================================================

@dataclasses.dataclass(frozen=True)
class Poll:
    """One poll's events, and one line per read that failed (the kinds left as they were)."""

    events: list[Event]
    failures: list[str]


class Watcher:
    """Polls the kinds in scope and turns what changed into events (see Transitions)."""

    def __init__(self, client: StreamkapClient, spec: WatchSpec) -> None:
        self.client = client
        self.spec = spec
        self.transitions = Transitions(spec.emit_initial)
        self._scope_tag_ids: frozenset[str] | None = None

    def describe(self) -> str:
        """What is watched, for the log (never a credential)."""
        scope = f" in scope {self.spec.scope.describe()}" if self.spec.scope.given else ""
        return (f"watching the {', '.join(self.spec.kinds)}{scope} of {public_url(self.client.api_url)} "
                f"every {self.spec.interval:g} s")

    def poll(self) -> Poll:
        """Read every kind once; a kind whose read fails is skipped (and reported), the others still count."""
        events: list[Event] = []
        failures: list[str] = []
        try:
            tag_ids = self.scope_tag_ids()
        except StreamkapError as exc:
            # An unknown tag too: it may be created later, so it is retried like a failed read.
            return Poll([], [self.client.redact(f"resolving scope.tag failed: {exc}")])
        for kinds in self.spec.kinds:
            try:
                verdicts, unjudged = self.read(kinds, tag_ids)
            except StreamkapError as exc:
                failures.append(self.client.redact(f"reading the {kinds} failed: {exc}"))
                continue
            unread = len(unjudged)
            if unread:
                failures.append(f"the metrics of {unread} pipeline(s) could not be read; they are judged at a later poll")
            events += [self.redacted(item) for item in self.transitions.update(KIND_NOUNS[kinds], verdicts, unjudged)]
        return Poll(events, failures)

    def scope_tag_ids(self) -> frozenset[str]:
        """The ids scope.tag names, read once they resolve (an unknown tag raises StreamkapError)."""
        if self._scope_tag_ids is None:
            tag = self.spec.scope.tag
            self._scope_tag_ids = frozenset(TagCatalog.read(self.client).resolve([tag], option="scope.tag")) if tag else frozenset()
        return self._scope_tag_ids

    def listed(self, kinds: str, tag_ids: frozenset[str]) -> list[Entity]:
        """The kind's entities in scope: one list read (every page), the name prefix also sent as partial_name."""
        repository = Repository(self.client, kind_of(kinds))
        params = dict(repository._query(False))  # pylint: disable=protected-access
        if self.spec.scope.name_prefix:
            params[repository.kind.name_query] = self.spec.scope.name_prefix
        return [entity for entity in repository.list(params) if self.spec.scope.holds(entity, tag_ids)]

    def read(self, kinds: str, tag_ids: frozenset[str]) -> tuple[list[health.EntityHealth], set[str]]:
        """The verdicts of a kind's entities in scope, and the ids of those that could not be judged this time."""
        entities = self.listed(kinds, tag_ids)
        if kinds == "transforms":
            # [sure] A transform answer's status is its job's status: no job_status read per transform.
            return [health.transform_health(item, item.get("status")) for item in entities], set()
        if kinds != "pipelines":
            return [health.connector_health(KIND_NOUNS[kinds], item) for item in entities], set()
        metrics = read_each(self.pipeline_metrics, entities, MAX_METRIC_READS)
        verdicts = [health.pipeline_health(item, data, self.spec.thresholds)
                    for item, data in zip(entities, metrics) if data is not _UNREAD]
        return verdicts, {str(item.get("id")) for item, data in zip(entities, metrics) if data is _UNREAD}

    def pipeline_metrics(self, pipeline: Entity) -> t.Any:
        """The pipeline's latest metrics (None: none yet), or _UNREAD when the read failed."""
        try:
            return read_latest(self.client, kind_of("pipelines"), str(pipeline["id"]))
        except StreamkapError:
            return _UNREAD

    def redacted(self, item: Event) -> Event:
        """Defence in depth: an API that echoes a credential in a trace must not put it in an event."""
        body = dict(item["streamkap"], problems=[self.client.redact(text) for text in item["streamkap"]["problems"]])
        return {"streamkap": body}
