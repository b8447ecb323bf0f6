# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The resource engine, in three parts that read apart:

* the *descriptor* (ResourceKind): what differs between kinds (path, words, result key,
  connector schema, set-once keys, body fields, actions, answer unwrapping, what a 404 means);
* the *repository* (Repository): HTTP verbs on one kind: exact-name lookup over every page,
  get by id, create-once with adoption, update, delete, act;
* the *reconciler* (Reconciler) and its *waiter* (Waiter): plan, diff, check-mode
  prediction, write, and polling until a status is reached or the entity is gone.

Config rules (normalise, drift, redaction) live in config.py, schema validation in schema.py.
"""

from __future__ import annotations

import dataclasses
import re
import time
import typing as t
from functools import partial

from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.streamkap.cloud.plugins.module_utils import _connector_keys
from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils import tagging
from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
    api_path,
)

Entity = t.Dict[str, t.Any]

CREATED_FROM_CHOICES = ("api", "web", "terraform")
STATE_CHOICES = ("present", "absent")

# connector_status values in which a connector rests; the others are on the way somewhere.
SETTLED_STATUSES = frozenset({"Active", "Paused", "Stopped"})
BROKEN_STATUS = "Broken"
PENDING_DELETE = "Pending Delete"
# [likely] The API's detail when a create names a taken name: 422 {"detail": "... already exists"}.
ALREADY_EXISTS = "already exists"
# FastAPI's answer to a path no route serves (a wrong base path in api_url, for example).
GENERIC_NOT_FOUND = "Not Found"
# Polling bounds: a floor that keeps a typo from flooding the API, and ceilings that keep the
# clock arithmetic finite.
MIN_WAIT_INTERVAL = 0.5
MAX_WAIT_INTERVAL = 3600.0
MAX_WAIT_TIMEOUT = 7 * 24 * 3600
# Characters an id may hold: anything else could change the path it is put in.
ENTITY_ID = re.compile(r"[A-Za-z0-9_~:-][A-Za-z0-9_.~:-]*")
_TRACE_LIMIT = 200
_REASON_LIMIT = 157


# ============================================================================
# Rules shared by every kind
# ============================================================================

def means_unknown_entity(exc: StreamkapApiError) -> bool:
    """[guess] Whether an error answer says "no such entity" (so: absent, or already gone).

    Only a 404 whose detail names something counts. FastAPI answers a path no route serves
    with the generic {"detail": "Not Found"}: that is a wrong api_url, never an absent entity.
    """
    return exc.status == 404 and (exc.detail or "").strip() != GENERIC_NOT_FOUND


def says_already_exists(exc: StreamkapApiError) -> bool:
    """True for the API's answer to a create whose name is taken (422, or a 409 Conflict)."""
    return exc.status in (409, 422) and ALREADY_EXISTS in (exc.detail or "").lower()


def unwrap_list_envelope(answer: t.Any) -> list[Entity]:
    """The entities of a read answer: the list envelope {"result": [...]} or a bare object."""
    if isinstance(answer, dict) and isinstance(answer.get("result"), list):
        return [item for item in answer["result"] if isinstance(item, dict)]
    if isinstance(answer, dict) and answer.get("id"):
        return [answer]
    return []


def query_bool(value: bool) -> str:
    # FastAPI reads lowercase booleans; requests would send "True".
    return "true" if value else "false"


def is_being_deleted(entity: Entity) -> bool:
    """True for an entity whose deletion is under way (it stays visible for a while)."""
    return PENDING_DELETE in (entity.get("connector_status"), entity.get("desired_state"))


def describe_task_statuses(task_statuses: t.Any) -> str:
    """One line per task: its status and the first line of its trace, shortened."""
    if not isinstance(task_statuses, dict) or not task_statuses:
        return "no task statuses reported"
    parts = []
    for task, details in sorted(task_statuses.items(), key=lambda item: str(item[0])):
        if not isinstance(details, dict):
            parts.append(f"task {task}: {details}")
            continue
        text = f"task {task}: {details.get('status', 'unknown')}"
        trace = str(details.get("trace") or "").strip().splitlines()
        if trace:
            text += f" ({cfg.shorten(trace[0], _TRACE_LIMIT)})"
        parts.append(text)
    return "; ".join(parts)


def default_target_status(desired_state: str | None) -> str:
    """The connector_status an entity settles in for a desired_state (Pending or none: Active)."""
    return desired_state if desired_state in ("Paused", "Stopped") else "Active"


# ============================================================================
# Descriptor
# ============================================================================

@dataclasses.dataclass(frozen=True)
class UsedBy:
    """Entities of another kind that use this one, listed by a filter on its id."""

    path: str                                   # "/pipelines"
    id_filter: str                              # "source_id"
    noun: str                                   # "pipeline"
    module: str                                 # the module that deletes them, for the message


@dataclasses.dataclass(frozen=True)
class ResourceKind:
    """What the engine needs to know about one kind of entity; everything else is shared."""

    path: str                                   # collection path, "/sources"
    noun: str                                   # in messages, "source"
    result_key: str                             # the module result key, "source"
    schema_path: str | None = None              # connector schema, queried with connector_code
    secrets_kind: str | None = None             # the offline key table's kind (classify_key)
    set_once_keys: t.Mapping[str, t.FrozenSet[str]] = dataclasses.field(default_factory=dict)
    body_fields: tuple[str, ...] = ("name", "connector", "config", "created_from")
    name_query: str = "partial_name"            # the list filter the lookup by name sends
    paginated: bool = True                      # False: one GET answers the whole list
    unwrap: t.Callable[[t.Any], list[Entity]] = unwrap_list_envelope
    is_absent_error: t.Callable[[StreamkapApiError], bool] = means_unknown_entity
    # Actions (none for most kinds): which one drives an entity to a desired_state, and its path.
    state_action: t.Callable[[str | None, Entity], str | None] | None = None
    action_path: t.Callable[[str, str], str] | None = None
    target_status: t.Callable[[str | None], str] = default_target_status
    taggable: bool = False                      # holds `tags` (tag ids): tags/purge_tags apply
    connector_query: bool = True                # calls take secret_returned, writes wait (False: tags)
    # Kinds whose entities use this one (a pipeline its source): a delete is refused while any does.
    used_by: tuple[UsedBy, ...] = ()
    # Kinds without a connector config (tags, pipelines) describe their own fields; None: the
    # connector view (name, connector, desired_state, config).
    diff_view: t.Callable[[Entity], Entity] | None = None
    # The PUT body from the would-be entity (tags aside); None: name, connector and the merged config.
    write_body: t.Callable[[Entity], Entity] | None = None
    # The would-be entity with the spec's field changes (see ResourceSpec.field_changes) applied.
    apply_fields: t.Callable[[Entity, t.Mapping[str, t.Any]], Entity] = lambda entity, fields: dict(entity, **fields)
    # The would-be entity of a create body, in check mode.
    predicted_create: t.Callable[[Entity], Entity] = lambda body: dict(body, id=None)
    # What to return of an entity (secrets masked); None: its config masked by the key rules.
    redact: t.Callable[[Entity, bool], Entity] | None = None

    @property
    def has_config(self) -> bool:
        return "config" in self.body_fields

    def item_path(self, entity_id: str) -> str:
        return api_path(*self.path.strip("/").split("/"), entity_id)

    def title(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    def classify(self, connector: str | None) -> cfg.Classify:
        """The offline key table for this kind and connector, or None when the kind has no config."""
        if self.secrets_kind is None:
            return None
        return partial(_connector_keys.classify_key, self.secrets_kind, connector)

    def label(self, entity: Entity) -> str:
        return f"{self.title()} {entity.get('name')!r} (id {entity.get('id')})"

    def config_secrets(self, config: t.Any, connector: t.Any = None) -> set[str]:
        """The hidden values of a user's config (raw parameter too), for no_log_values.

        Known before any request: the name rules and the offline key table (a key unknown
        to the table counts as secret), for the connector given or any connector of the kind.
        """
        connector = connector if isinstance(connector, str) else None
        return set(cfg.secret_values(config_param(config), classify=self.classify(connector)))


def config_param(config: t.Any) -> dict[str, t.Any]:
    """The config as a dict, also from the raw (not yet validated) module parameter."""
    if isinstance(config, dict):
        return config
    if isinstance(config, str) and config:
        try:
            return check_type_dict(config)
        except (TypeError, ValueError):
            return {}
    return {}


# ============================================================================
# What the user asked for
# ============================================================================

# The values a spec holds for connector-kind options that a kind's module does not have (tags and
# pipelines have no config to validate or keep secret, and no waiting in this release).
ABSENT_CONNECTOR_OPTIONS: dict[str, t.Any] = {
    "created_from": "api", "secret_returned": False, "update_secrets": "on_create", "validate_config": False,
    "wait": False, "wait_timeout": 0, "wait_interval": 0.5, "purge_tags": False,
}


# How a spec's resolve_references looks up an entity of another kind: (kind, ref with .name and .id).
FindReference = t.Callable[["ResourceKind", t.Any], t.Optional[Entity]]


@dataclasses.dataclass(frozen=True)
class ResourceSpec:
    """What the user asked for, from the module parameters.

    The options with a default have none here: the argument spec (entity_options) is the one
    place defaults live, and AnsibleModule applies them. None means "not given".
    """

    created_from: str
    secret_returned: bool
    update_secrets: str
    validate_config: bool
    wait: bool
    wait_timeout: float
    wait_interval: float
    purge_tags: bool
    name: str | None = None
    connector: str | None = None
    config: dict[str, t.Any] | None = None
    id: str | None = None
    desired_state: str | None = None             # only for kinds whose module has the option
    tags: t.Optional[t.Sequence[str]] = None     # names or ids; None leaves the entity's tags alone
    noun: t.ClassVar[str] = "entity"

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> ResourceSpec:
        fields = {field.name for field in dataclasses.fields(cls)}
        spec = cls(**{name: value for name, value in params.items() if name in fields})
        spec.check()
        return spec

    def check(self) -> None:
        if not self.name and not self.id:
            raise StreamkapError(f"Give the {self.noun}'s name or its id.")
        check_entity_id(self.id, self.noun)
        inputs.check_identifier("name", self.name)
        inputs.check_connector_code(self.connector)
        errors = inputs.config_errors(self.config)
        if errors:
            raise StreamkapError(f"Invalid config: {inputs.listed_problems(errors)} Nothing was sent.")
        check_wait_options(self.wait_timeout, self.wait_interval)
        tagging.check_tag_refs(self.tags)

    @property
    def desired_config(self) -> dict[str, t.Any]:
        """The user's config without unset (None) values."""
        return {key: value for key, value in (self.config or {}).items() if value is not None}

    def missing_for_create(self) -> list[str]:
        return [option for option in ("name", "connector", "config") if getattr(self, option) is None]

    # --- hooks a kind's spec overrides for its own rules (defaults: a connector kind's) ---

    def resolve_references(self, find: FindReference, check_mode: bool,
                           warn: t.Callable[[str], None]) -> dict[str, Entity]:
        """Entities a create body embeds, resolved before planning (a pipeline's ends).

        `find(kind, ref)` answers the entity of that kind that `ref` (.name, .id) names, or None."""
        return {}

    def field_changes(self, current: Entity) -> dict[str, t.Any]:
        """Fields compared and written besides name, config and tags: {field: new value} where they differ."""
        return {}

    def refuse_change(self, current: Entity, changes: t.Sequence[str]) -> None:
        """Fail (StreamkapError) when the entity must not change; `changes` names what would (maybe nothing)."""

    def refuse_delete(self, current: Entity) -> None:
        """Fail (StreamkapError) when the entity must not be deleted."""

    def create_body(self, kind: ResourceKind, references: t.Mapping[str, Entity] | None = None) -> dict[str, t.Any]:
        """The POST body: the kind's body fields the user set (config without unset values)."""
        body = {field: self.desired_config if field == "config" else getattr(self, field) for field in kind.body_fields}
        return {field: value for field, value in body.items() if value is not None or field in ("name", "connector")}


def check_entity_id(entity_id: str | None, noun: str) -> None:
    """Refuse an id that could address another path ("..", "a/b", "x?y") before any request."""
    if entity_id is None:
        return
    inputs.check_identifier("id", entity_id)
    if entity_id.strip() in ("", ".", "..") or not ENTITY_ID.fullmatch(entity_id):
        raise StreamkapError(
            f"id {entity_id!r} is not a {noun} id: ids hold only letters, digits, '_', '-', '.', '~' and ':'."
        )


def check_filter_ids(entity_ids: t.Iterable[str]) -> None:
    """Refuse an id filter an entity's id could not be (the singular modules' rule), before any request."""
    for entity_id in entity_ids:
        check_entity_id(entity_id, "valid")


def check_wait_options(wait_timeout: float, wait_interval: float) -> None:
    """Refuse wait settings out of range; compared as they are (int() of 10**400 as a float overflows)."""
    if wait_timeout < 0:
        raise StreamkapError("wait_timeout must not be negative.")
    if not wait_timeout <= MAX_WAIT_TIMEOUT:  # NaN fails this too
        raise StreamkapError(f"wait_timeout must be at most {MAX_WAIT_TIMEOUT} seconds (7 days).")
    if not MIN_WAIT_INTERVAL <= wait_interval <= MAX_WAIT_INTERVAL:  # NaN fails this too
        raise StreamkapError(
            f"wait_interval must be between {MIN_WAIT_INTERVAL:g} and {MAX_WAIT_INTERVAL:g} seconds (got {wait_interval:g})."
        )


@dataclasses.dataclass(frozen=True)
class ListFilters:
    """What an _info module looks for: every filter given must hold, any value of a list."""

    names: tuple[str, ...] = ()
    partial_name: str | None = None
    ids: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    secret_returned: bool = False

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> ListFilters:
        filters = cls(
            names=tuple(params.get("name") or ()),
            partial_name=params.get("partial_name") or None,
            ids=tuple(params.get("id") or ()),
            connectors=tuple(params.get("connector") or ()),
            statuses=tuple(params.get("status") or ()),
            secret_returned=bool(params.get("secret_returned")),
        )
        filters.check()
        return filters

    def check(self) -> None:
        """Refuse values that would silently widen or change the query."""
        for option, values in (("name", self.names), ("id", self.ids), ("connector", self.connectors), ("status", self.statuses)):
            if any(not str(value).strip() for value in values):
                raise StreamkapError(f"{option} must not hold an empty value.")
        for option, values in (("connector", self.connectors), ("status", self.statuses)):
            # Sent comma-separated: a comma inside a value would split it in two.
            if any("," in value for value in values):
                raise StreamkapError(f"{option} values must not contain commas; give them as a list.")
        if self.names and self.partial_name:
            raise StreamkapError("name and partial_name are mutually exclusive.")
        check_filter_ids(self.ids)

    def server_params(self, name_query: str = "partial_name") -> dict[str, str]:
        """The query filters the API applies (id and exact names aside)."""
        params = {"secret_returned": query_bool(self.secret_returned)}
        if self.partial_name:
            params[name_query] = self.partial_name
        if self.connectors:
            params["connector"] = ",".join(self.connectors)
        if self.statuses:
            params["status"] = ",".join(self.statuses)
        return params


class WaitError(StreamkapError):
    """An entity did not reach the status waited for (Broken, timed out, or gone)."""

    def __init__(self, message: str, entity: Entity | None = None, result_key: str = "source") -> None:
        super().__init__(message)
        self.entity = entity
        self.result_key = result_key
        # Whether the task wrote something before the wait failed.
        self.changed = False

    def to_result(self) -> dict[str, t.Any]:
        result: dict[str, t.Any] = {"changed": self.changed}
        if self.entity is not None:
            result[self.result_key] = self.entity
        return result


# ============================================================================
# Repository
# ============================================================================

# What create_once did: created by this run's POST, adopted after an unclear POST (this run's
# creation, probably), or adopted after "already exists" (another run's).
CREATED, ADOPTED_OURS, ADOPTED_THEIRS = "created", "adopted_ours", "adopted_theirs"
_NO_WAIT = {"wait": "false"}


class Repository:
    """HTTP verbs on one kind of entity. Raises StreamkapError (or a subclass).

    Writes send wait=false: a blocking write can outlast any request timeout, so the
    Waiter polls instead when the user asks to wait.
    """

    def __init__(self, client: StreamkapClient, kind: ResourceKind) -> None:
        self.client = client
        self.kind = kind

    def _query(self, secret_returned: bool, write: bool = False) -> dict[str, str]:
        """The secret_returned (and, for a write, wait=false) query of a call; none for kinds without them."""
        if not self.kind.connector_query:
            return {}
        return dict(_NO_WAIT, secret_returned=query_bool(secret_returned)) if write else {"secret_returned": query_bool(secret_returned)}

    # --- reads ---

    def find_by_name(self, name: str, secret_returned: bool = False) -> Entity | None:
        """The entity whose name equals `name` exactly (case-sensitive), or None.

        Names are unique per tenant; more than one match means something is off and
        nothing should be changed.
        """
        matches = self.named(name, self._query(secret_returned))
        if len(matches) > 1:
            ids = ", ".join(str(item.get("id")) for item in matches)
            raise StreamkapError(
                f"{len(matches)} {self.kind.noun}s are named {name!r} (ids: {ids}); names should be unique. "
                "Nothing was changed: address one of them with id, or remove or rename the duplicates first."
            )
        return matches[0] if matches else None

    def named(self, name: str, params: dict[str, t.Any] | None = None) -> list[Entity]:
        """Every entity whose name equals `name` exactly, all pages read.

        The API's name filter matches substrings (ignoring case), so the exact match
        happens here. `params` are further query filters sent along.
        """
        query = dict(params or {}, **{self.kind.name_query: name})
        return [item for item in self.list(query) if item.get("name") == name]

    def list(self, params: dict[str, t.Any]) -> t.Iterable[Entity]:
        if self.kind.paginated:
            return self.client.paginate(self.kind.path, params=params)
        return self.kind.unwrap(self.client.get(self.kind.path, params=params))

    def list_matching(self, filters: ListFilters) -> list[Entity]:
        """The entities matching every filter given, each once, in the order the API lists them.

        The API takes one id per query, so a list of ids costs one query each; so does a
        list of exact names, which are matched here (see named).
        """
        common = filters.server_params(self.kind.name_query)
        if filters.ids:
            items: t.Iterable[Entity] = (
                item
                for entity_id in filters.ids
                for item in self.list(dict(common, id=entity_id))
                if not filters.names or item.get("name") in filters.names
            )
        elif filters.names:
            items = (item for name in filters.names for item in self.named(name, common))
        else:
            items = self.list(common)
        found: dict[t.Any, Entity] = {}
        for item in items:
            found.setdefault(item.get("id"), item)
        return list(found.values())

    def by_name_or_id(self, ref: str, option: str) -> Entity | None:
        """The entity of that exact name or that id (see inputs.pick_by_name_or_id), or None."""
        by_id = self.get(ref) if ENTITY_ID.fullmatch(ref) else None
        return t.cast("Entity | None", inputs.pick_by_name_or_id(option, self.kind.noun, ref, by_id, self.named(ref, self._query(False))))

    def get(self, entity_id: str, secret_returned: bool = False) -> Entity | None:
        """GET the entity by id; None when absent. Only the entity of that very id is accepted."""
        try:
            answer = self.client.get(self.kind.item_path(entity_id), params=self._query(secret_returned))
        except StreamkapApiError as exc:
            if exc.status == 404:
                self._raise_unless_absent(exc)
                return None
            raise
        items = self.kind.unwrap(answer)
        if not items:
            return None
        if items[0].get("id") != entity_id:
            raise StreamkapError(
                f"GET {self.kind.item_path(entity_id)} answered the {self.kind.noun} of id {items[0].get('id')!r}, "
                f"not {entity_id!r}. Nothing was changed: check the id and api_url."
            )
        return items[0]

    def connector_schema(self, connector: str) -> list[dict[str, t.Any]] | None:
        """The connector's property definitions, or None when the service lists none."""
        # Imported here: only a create or an update reads a schema, so a no-op run never compiles it.
        from ansible_collections.streamkap.cloud.plugins.module_utils import schema

        if self.kind.schema_path is None:
            return None
        answer = self.client.get(self.kind.schema_path, params={"connector_code": connector})
        try:
            props = schema.parse_connector_schema(answer)
        except ValueError as exc:
            raise StreamkapError(f"Cannot read the config schema of connector {connector!r}: {exc}.") from None
        return props or None

    def users(self, entity_id: str) -> list[tuple[UsedBy, list[Entity]]]:
        """The entities of other kinds that use this one, per kind (kinds with none left out).

        One being deleted no longer counts: deletion is asynchronous, and a chain is deleted in one run.
        """
        found = [(used_by, [item for item in self.client.paginate(used_by.path, params={used_by.id_filter: entity_id})
                            if not is_being_deleted(item)])
                 for used_by in self.kind.used_by]
        return [(used_by, entities) for used_by, entities in found if entities]

    # --- writes ---

    def create(self, body: dict[str, t.Any], secret_returned: bool = False) -> Entity:
        """POST once; return the API's answer."""
        return self.client.post(self.kind.path, body=body, params=self._query(secret_returned, write=True))

    def create_once(self, body: dict[str, t.Any], secret_returned: bool = False) -> tuple[Entity, str]:
        """Create the entity without ever creating it twice; return (entity, CREATED or ADOPTED_*).

        After an ambiguous failure (5xx, timeout, connection lost after sending) the name
        is looked up: an entity found is adopted as this run's creation; when none is found
        the POST is repeated, within the client's retry budget. A 422 "already exists"
        (another run won a race) also leads to the lookup; that entity is not this run's.
        Either way the adopted entity must use the connector asked for.
        """
        ambiguous_failures = 0
        while True:
            try:
                return self.create(body, secret_returned), CREATED
            except StreamkapAmbiguousWriteError as exc:
                ambiguous_failures += 1
                found = self._lookup_after_failed_create(body, exc, secret_returned)
                if found is not None:
                    return found, ADOPTED_OURS
                if ambiguous_failures > self.client.retries:
                    raise
                reason = f"{exc.detail}; no {self.kind.noun} named {body['name']!r} exists"
                self.client.backoff("POST", self.kind.path, cfg.shorten(reason, _REASON_LIMIT), ambiguous_failures)
            except StreamkapApiError as exc:
                if not says_already_exists(exc):
                    raise
                found = self._lookup_after_failed_create(body, exc, secret_returned)
                if found is None:
                    raise StreamkapApiError(
                        exc.detail, status=exc.status, method=exc.method, path=exc.path, request_id=exc.request_id,
                        hint=(f"No {self.kind.noun} named {body['name']!r} is visible to these credentials: it is probably "
                              f"held by a {self.kind.noun} in another service of the tenant. Choose another name, or remove "
                              f"that {self.kind.noun}. Nothing was changed"),
                    ) from None
                # Created by another run, unless an earlier attempt of this one was applied after all.
                return found, ADOPTED_OURS if ambiguous_failures else ADOPTED_THEIRS

    def _lookup_after_failed_create(self, body: dict[str, t.Any], failure: StreamkapApiError,
                                    secret_returned: bool) -> Entity | None:
        """The entity named like the body after a create failed; refused when its connector differs."""
        name, noun = body["name"], self.kind.noun
        try:
            found = self.find_by_name(name, secret_returned=secret_returned)
        except StreamkapError as exc:
            raise StreamkapError(f"{failure}; looking {noun} {name!r} up afterwards failed too: {exc}") from None
        if found is not None and "connector" in body and found.get("connector") != body["connector"]:
            raise StreamkapError(
                f"Cannot create {noun} {name!r} with connector {body['connector']!r}: a {noun} of that name now "
                f"exists with connector {found.get('connector')!r} (id {found.get('id')}), found after: {failure}. "
                f"Nothing was changed: choose another name, or delete that {noun} first."
            )
        return found

    def update(self, entity_id: str, body: dict[str, t.Any], secret_returned: bool = False) -> Entity:
        """PUT the full body; return the API's answer."""
        return self.client.put(self.kind.item_path(entity_id), body=body,
                               params=self._query(secret_returned, write=True))

    def act(self, entity: Entity, action: str, secret_returned: bool = False) -> Entity:
        """POST the action; return the entity after it (the answer when entity-shaped, else a fresh read)."""
        path = t.cast(t.Callable[[str, str], str], self.kind.action_path)(entity["id"], action)
        # Pausing a paused source changes nothing, so a lost answer may be followed by a repeat.
        answer = self.client.post(path, idempotent=True)
        if isinstance(answer, dict) and answer.get("id") == entity["id"] and "connector_status" in answer:
            return answer
        return self.get(entity["id"], secret_returned=secret_returned) or entity

    def delete(self, entity_id: str) -> Entity | None:
        """DELETE; the deleted object, or None when the entity is already gone."""
        try:
            answer = self.client.delete(self.kind.item_path(entity_id), params=dict(_NO_WAIT) if self.kind.connector_query else {})
        except StreamkapApiError as exc:
            if exc.status == 404:
                self._raise_unless_absent(exc)
                return None
            if exc.status == 409 and exc.attempts > 1 and self._deletion_under_way(entity_id):
                # An earlier attempt was applied; its answer was lost.
                return None
            raise
        return answer if isinstance(answer, dict) and answer.get("id") else None

    def _deletion_under_way(self, entity_id: str) -> bool:
        current = self.get(entity_id)
        return current is None or is_being_deleted(current)

    def _raise_unless_absent(self, exc: StreamkapApiError) -> None:
        if not self.kind.is_absent_error(exc):
            raise StreamkapApiError(
                exc.detail, status=exc.status, method=exc.method, path=exc.path, request_id=exc.request_id,
                attempts=exc.attempts,
                hint=(f"The API serves no such path, so nothing is known about the {self.kind.noun}: "
                      "check that api_url is the API's base URL (scheme, host and path). Nothing was changed"),
            ) from None


# ============================================================================
# Waiter
# ============================================================================

class Waiter:
    """Polls an entity by id until it reaches a status (Broken fails at once) or is gone."""

    def __init__(self, repository: Repository, sleep: t.Callable[[float], None], clock: t.Callable[[], float]) -> None:
        self.repository = repository
        self.sleep = sleep
        self.clock = clock

    def until_status(self, entity: Entity, target: str, spec: ResourceSpec,
                     shown: t.Callable[[Entity], Entity]) -> Entity:
        """Poll until connector_status is `target`; `shown` makes the entity fit for an error result."""
        kind = self.repository.kind
        deadline = self.clock() + spec.wait_timeout
        while True:
            status = entity.get("connector_status")
            if status == target:
                return entity
            if status == BROKEN_STATUS:
                raise WaitError(
                    f"{kind.label(entity)} is Broken instead of {target}: {describe_task_statuses(entity.get('task_statuses'))}.",
                    shown(entity), kind.result_key,
                )
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitError(
                    f"{kind.label(entity)} did not reach connector_status {target} within {spec.wait_timeout:g} seconds; "
                    f"last status: {status}.",
                    shown(entity), kind.result_key,
                )
            self.sleep(min(spec.wait_interval, remaining))
            fresh = self.repository.get(entity["id"], secret_returned=spec.secret_returned)
            if fresh is None:
                raise WaitError(f"{kind.label(entity)} disappeared while waiting for {target}.", None, kind.result_key)
            entity = fresh

    def until_gone(self, entity: Entity, spec: ResourceSpec) -> None:
        """Poll until the entity no longer appears; fail after wait_timeout."""
        kind = self.repository.kind
        deadline = self.clock() + spec.wait_timeout
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitError(
                    f"{kind.label(entity)} still exists {spec.wait_timeout:g} seconds after its deletion; "
                    f"last status: {entity.get('connector_status')}.", None, kind.result_key,
                )
            self.sleep(min(spec.wait_interval, remaining))
            fresh = self.repository.get(entity["id"])
            if fresh is None:
                return
            entity = fresh


# ============================================================================
# Reconciler
# ============================================================================

@dataclasses.dataclass
class UpdatePlan:
    """What must change on an existing entity."""

    new_name: str | None
    drift: cfg.ConfigDrift
    action: str | None
    tags: tagging.TagPlan | None = None
    fields: dict[str, t.Any] = dataclasses.field(default_factory=dict)   # see ResourceSpec.field_changes

    @property
    def needs_put(self) -> bool:
        return (self.new_name is not None or self.drift.needs_update or bool(self.fields)
                or (self.tags is not None and self.tags.changed))

    def changes(self) -> list[str]:
        """What would change, by field name."""
        named = (("name", self.new_name is not None), ("config", self.drift.needs_update),
                 ("tags", self.tags is not None and self.tags.changed), ("desired_state", self.action is not None))
        return sorted([field for field, changed in named if changed] + list(self.fields))

    @property
    def needs_write(self) -> bool:
        return self.needs_put or self.action is not None


def no_secrets(values: t.Iterable[str]) -> None:
    """Default for register_secrets: nowhere to register them."""


def no_warning(message: str) -> None:
    """Default for warn: nowhere to show it."""


def redact_entity(kind: ResourceKind, entity: Entity, secret_returned: bool, schema_props: cfg.SchemaProps = None) -> Entity:
    """The entity to return: hidden config values masked unless secret_returned.

    The API withholds secrets itself when secret_returned is false (by omitting, nulling
    or masking them); this guards against an echo anyway.
    """
    if kind.redact is not None:
        return kind.redact(entity, secret_returned)
    if secret_returned or not isinstance(entity, dict) or not isinstance(entity.get("config"), dict):
        return entity
    return dict(entity, config=cfg.redact_config(entity["config"], schema_props, classify=kind.classify(entity.get("connector"))))


class Reconciler:
    """Brings one entity of a kind to what a ResourceSpec asks for; returns the module result.

    `register_secrets` receives secret values found once the connector schema is known
    (the module adds them to its no_log_values); `sleep` and `clock` drive the waits.
    """

    def __init__(
        self,
        client: StreamkapClient,
        kind: ResourceKind,
        register_secrets: t.Callable[[t.Iterable[str]], None] = no_secrets,
        sleep: t.Callable[[float], None] = time.sleep,
        clock: t.Callable[[], float] = time.monotonic,
        warn: t.Callable[[str], None] = no_warning,
    ) -> None:
        self.kind = kind
        self.warn = warn
        self.repository = Repository(client, kind)
        self.waiter = Waiter(self.repository, sleep, clock)
        self.register_secrets = register_secrets

    # --- what the user sees ---

    def shown(self, entity: Entity, secret_returned: bool, props: cfg.SchemaProps = None) -> Entity:
        return redact_entity(self.kind, entity, secret_returned, props)

    def _entity_view(self, entity: Entity, config: cfg.Config | None, props: cfg.SchemaProps,
                     tag_names: list[str] | None = None) -> dict[str, t.Any]:
        """One side of a diff: the kind's own view of the entity, or the connector view with `config`."""
        if self.kind.diff_view is None:
            return self._diff_view(entity.get("name"), entity.get("connector"), entity.get("desired_state"), config, props,
                                   tag_names)
        view = self.kind.diff_view(entity)
        if tag_names is not None:
            view["tags"] = tag_names
        return view

    def _diff_view(self, name: str | None, connector: str | None, desired_state: str | None,
                   config: cfg.Config | None, props: cfg.SchemaProps, tag_names: list[str] | None = None) -> dict[str, t.Any]:
        view = cfg.diff_view(name, connector, desired_state, config, props, classify=self.kind.classify(connector))
        if "desired_state" not in self.kind.body_fields:
            del view["desired_state"]
        if tag_names is not None:
            view["tags"] = tag_names
        return view

    def _tag_request(self, spec: ResourceSpec, check_mode: bool = False) -> tagging.TagRequest | None:
        """The user's tags resolved to ids (one GET /tags), or None when they are to be left alone.

        Resolved before anything else, so an unknown tag fails the task before any write
        (in check mode: a warning, see TagRequest.resolve).
        """
        if not self.kind.taggable or spec.tags is None:
            return None
        request = tagging.TagRequest.from_catalog(self._tag_catalog(), spec.tags, spec.purge_tags, check_mode)
        warning = request.warning()
        if warning:
            self.warn(warning)
        return request

    def _tag_catalog(self) -> tagging.TagCatalog:
        return tagging.TagCatalog.read(self.repository.client)

    def _references(self, spec: ResourceSpec, check_mode: bool) -> dict[str, Entity]:
        return spec.resolve_references(self.find_reference, check_mode, self.warn)

    # --- reads ---

    def find_reference(self, kind: ResourceKind, ref: t.Any) -> Entity | None:
        """The entity of another kind `ref` names (by id, else exact name), for a spec's resolve_references."""
        repository = Repository(self.repository.client, kind)
        if ref.id:
            return repository.get(ref.id)
        return repository.find_by_name(t.cast(str, ref.name))

    def find(self, spec: ResourceSpec) -> Entity | None:
        if spec.id:
            return self.repository.get(spec.id, secret_returned=spec.secret_returned)
        return self.repository.find_by_name(t.cast(str, spec.name), secret_returned=spec.secret_returned)

    def run(self, state: str, spec: ResourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Dispatch on `state`."""
        if state == "present":
            return self.ensure_present(spec, check_mode=check_mode, diff=diff)
        if state == "absent":
            return self.ensure_absent(spec, check_mode=check_mode, diff=diff)
        raise StreamkapError(f"state={state} is not supported.")

    # --- state: present ---

    def ensure_present(self, spec: ResourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Create the entity, or bring an existing one in line. Returns {"changed", <result_key>[, "diff"]}."""
        tags = self._tag_request(spec, check_mode)
        current = self.find(spec)
        if current is None:
            if spec.id:
                needed = spec.missing_for_create()
                give = f" (and give {', '.join(needed)})" if needed else ""
                raise StreamkapError(
                    f"No {self.kind.noun} has id {spec.id!r}. A new {self.kind.noun} gets its id from the service: "
                    f"leave out id{give} to create one."
                )
            return self._create(spec, check_mode, diff, tags)
        if is_being_deleted(current):
            raise StreamkapError(
                f"{self.kind.label(current)} is being deleted and cannot be changed. "
                "Wait until it is gone (state=absent with wait=true), then create it again."
            )
        return self._converge(spec, current, check_mode, diff, tags)

    def _create(self, spec: ResourceSpec, check_mode: bool, diff: bool, tags: tagging.TagRequest | None) -> dict[str, t.Any]:
        missing = spec.missing_for_create()
        if missing:
            raise StreamkapError(f"{self.kind.title()} {spec.name!r} does not exist, and creating it needs: {', '.join(missing)}.")
        references = self._references(spec, check_mode)
        props = None
        if spec.validate_config and self.kind.has_config:
            props = self._checked_schema(spec, t.cast(str, spec.connector), spec.desired_config)
        tag_plan = tags.plan(None) if tags else None
        body = spec.create_body(self.kind, references)
        if tag_plan:
            body["tags"] = list(tag_plan.planned)
        result: dict[str, t.Any] = {"changed": True}
        if diff:
            view = self._entity_view(body, cfg.stored_config(spec.desired_config, props), props,
                                     tag_plan.after_names() if tag_plan else None)
            result["diff"] = {"before": {}, "after": view}
        if check_mode:
            predicted = self.kind.predicted_create(body)
            if self.kind.has_config:
                # Numbers and JSON given as text, as the service will store them.
                predicted["config"] = cfg.stored_config(body.get("config") or {}, props)
            return dict(result, **{self.kind.result_key: self.shown(predicted, False, props)})
        entity, outcome = self.repository.create_once(body, spec.secret_returned)
        if outcome != CREATED:
            # Adopted: whoever created it, it may differ from this task; converge like any existing one.
            converged = self._converge(spec, entity, check_mode=False, diff=diff, tags=tags)
            if outcome == ADOPTED_OURS:
                converged["changed"] = True
            return converged
        if spec.wait:
            entity = self._wait_after_write(entity, self.kind.target_status(spec.desired_state), spec, props, changed=True)
        return dict(result, **{self.kind.result_key: self.shown(entity, spec.secret_returned, props)})

    def _converge(self, spec: ResourceSpec, current: Entity, check_mode: bool, diff: bool,
                  tags: tagging.TagRequest | None = None) -> dict[str, t.Any]:
        self._refuse_connector_change(spec, current)
        desired = spec.desired_config
        plan = self._plan(spec, current, desired, None, tags)
        spec.refuse_change(current, plan.changes())
        props = None
        if plan.needs_put and spec.validate_config and self.kind.has_config:
            # Something to write: now the schema is worth its request (validation, exact secrets,
            # defaults, how the service stores numbers and JSON).
            props = self._checked_schema(spec, current["connector"], desired, existing=current.get("config") or {})
            plan = self._plan(spec, current, desired, props, tags)
        if plan.needs_put:
            self._refuse_set_once_changes(current, desired, props)

        result: dict[str, t.Any] = {"changed": plan.needs_write}
        if diff:
            result["diff"] = self._update_diff(spec, current, plan, desired, props)
        key = self.kind.result_key
        if check_mode:
            predicted = self._predicted_update(spec, current, plan, desired, props)
            return dict(result, **{key: self.shown(predicted, spec.secret_returned, props)})

        entity = current
        if plan.needs_put:
            body = self._update_body(spec, current, plan, desired, props)
            entity = self.repository.update(current["id"], body, spec.secret_returned)
        if plan.action:
            entity = self.repository.act(entity, plan.action, spec.secret_returned)
        if spec.wait:
            target = self.kind.target_status(spec.desired_state or current.get("desired_state"))
            entity = self._wait_after_write(entity, target, spec, props, changed=plan.needs_write)
        return dict(result, **{key: self.shown(entity, spec.secret_returned, props)})

    def _update_body(self, spec: ResourceSpec, current: Entity, plan: UpdatePlan, desired: dict[str, t.Any],
                     props: cfg.SchemaProps) -> dict[str, t.Any]:
        """The full PUT body; `tags` only when the task gives them (an absent field leaves them alone)."""
        if self.kind.write_body is not None:
            body = self.kind.write_body(self._predicted_update(spec, current, dataclasses.replace(plan, tags=None), desired))
        else:
            body = {
                "name": plan.new_name or current["name"],
                "connector": current["connector"],
                "config": cfg.config_for_update(current.get("config"), desired, plan.drift, props,
                                                classify=self.kind.classify(current.get("connector"))),
            }
        if plan.tags is not None:
            body["tags"] = list(plan.tags.planned)
        return body

    def _plan(self, spec: ResourceSpec, current: Entity, desired: dict[str, t.Any], props: cfg.SchemaProps,
              tags: tagging.TagRequest | None = None) -> UpdatePlan:
        new_name = spec.name if spec.name and spec.name != current.get("name") else None
        classify = self.kind.classify(current.get("connector"))
        drift = cfg.config_diff(desired, current.get("config") or {}, props, spec.update_secrets, classify=classify)
        action = self.kind.state_action(spec.desired_state, current) if self.kind.state_action else None
        return UpdatePlan(new_name=new_name, drift=drift, action=action, tags=tags.plan(current) if tags else None,
                          fields=spec.field_changes(current))

    def _checked_schema(self, spec: ResourceSpec, connector: str, desired: dict[str, t.Any],
                        existing: dict[str, t.Any] | None = None) -> cfg.SchemaProps:
        """Fetch the connector schema, register the secrets it reveals, and validate the desired config."""
        from ansible_collections.streamkap.cloud.plugins.module_utils import schema  # see Repository.connector_schema

        props = self.repository.connector_schema(connector)
        if props is None:
            return None
        self.register_secrets(cfg.secret_values(desired, props, classify=self.kind.classify(connector)))
        errors = schema.validate_config(desired, props, existing=existing)
        if errors:
            raise StreamkapError(
                f"Invalid config for {self.kind.noun} {spec.name or spec.id!r} (connector {connector!r}): {inputs.listed_problems(errors)} "
                "Nothing was changed (set validate_config=false to skip this check)."
            )
        return props

    def _wait_after_write(self, entity: Entity, target: str, spec: ResourceSpec, props: cfg.SchemaProps,
                          changed: bool) -> Entity:
        try:
            return self.waiter.until_status(entity, target, spec, lambda seen: self.shown(seen, spec.secret_returned, props))
        except WaitError as exc:
            exc.changed = changed
            raise

    def _refuse_connector_change(self, spec: ResourceSpec, current: Entity) -> None:
        if spec.connector and spec.connector != current.get("connector"):
            raise StreamkapError(
                f"{self.kind.label(current)} uses connector {current.get('connector')!r}; "
                f"the connector cannot change to {spec.connector!r}. Nothing was changed: to switch, delete the "
                f"{self.kind.noun} (state=absent) and create it again."
            )

    def _refuse_set_once_changes(self, current: Entity, desired: dict[str, t.Any], props: cfg.SchemaProps) -> None:
        keys = cfg.immutable_changes(current.get("connector") or "", desired, current.get("config") or {}, props,
                                     self.kind.set_once_keys)
        if keys:
            listed = ", ".join(f"'{key}'" for key in keys)
            raise StreamkapError(
                f"{self.kind.label(current)}: config key(s) {listed} are set once at creation and cannot change. "
                f"Nothing was changed: to use new values, delete the {self.kind.noun} (state=absent) and create it again."
            )

    def _predicted_update(self, spec: ResourceSpec, current: Entity, plan: UpdatePlan, desired: dict[str, t.Any],
                          props: cfg.SchemaProps = None) -> Entity:
        predicted = self.kind.apply_fields(current, plan.fields)
        if self.kind.has_config:
            predicted["config"] = cfg.predicted_config(current.get("config"), desired, plan.drift, props)
        if plan.new_name:
            predicted["name"] = plan.new_name
        if plan.action:
            predicted["desired_state"] = spec.desired_state
        if plan.tags is not None:
            predicted["tags"] = list(plan.tags.planned)
        return predicted

    def _update_diff(self, spec: ResourceSpec, current: Entity, plan: UpdatePlan, desired: dict[str, t.Any],
                     props: cfg.SchemaProps) -> dict[str, t.Any]:
        classify = self.kind.classify(current.get("connector"))
        before_config, after_config = cfg.config_change_views(desired, current.get("config"), plan.drift, props, classify=classify)
        tags = plan.tags
        predicted = self._predicted_update(spec, current, plan, desired, props)
        return {
            "before": self._entity_view(current, before_config, props, tags.before_names() if tags else None),
            "after": self._entity_view(predicted, after_config, props, tags.after_names() if tags else None),
        }

    # --- state: absent ---

    def ensure_absent(self, spec: ResourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Delete the one entity addressed by id or exact name. Returns {"changed", <result_key>[, "diff"]}."""
        key = self.kind.result_key
        current = self.find(spec)
        if current is None:
            result: dict[str, t.Any] = {"changed": False, key: {}}
            return dict(result, diff={"before": {}, "after": {}}) if diff else result
        if spec.id and spec.name and current.get("name") != spec.name:
            raise StreamkapError(
                f"{self.kind.title()} id {spec.id!r} is named {current.get('name')!r}, not {spec.name!r}. "
                "Nothing was deleted: give the matching name, or only the id."
            )
        if is_being_deleted(current):
            # Deleted earlier (deletion is asynchronous): nothing to do but, maybe, wait.
            if spec.wait and not check_mode:
                self.waiter.until_gone(current, spec)
            return self._absent_result(current, spec, changed=False, diff=diff)
        spec.refuse_delete(current)
        self._refuse_delete_in_use(current)
        result = self._absent_result(current, spec, changed=True, diff=diff)
        if check_mode:
            return result
        deleted = self.repository.delete(current["id"])
        if deleted is not None:
            result[key] = self.shown(deleted, spec.secret_returned)
        if spec.wait:
            try:
                self.waiter.until_gone(deleted or current, spec)
            except WaitError as exc:
                exc.changed = True
                raise
        return result

    def _refuse_delete_in_use(self, current: Entity) -> None:
        """Fail before any DELETE (check mode too) while entities of other kinds use this one, naming them."""
        users = self.repository.users(current["id"])
        if not users:
            return
        listed = "; ".join(
            f"{used_by.noun}(s) " + ", ".join(f"{item.get('name')!r} (id {item.get('id')})" for item in entities)
            for used_by, entities in users
        )
        how = " or ".join(f"{used_by.module} with state=absent" for used_by, _entities in users)
        raise StreamkapError(
            f"{self.kind.label(current)} is used by {listed}. Nothing was deleted: delete them first ({how})."
        )

    def _absent_result(self, current: Entity, spec: ResourceSpec, changed: bool, diff: bool) -> dict[str, t.Any]:
        result = {"changed": changed, self.kind.result_key: self.shown(current, spec.secret_returned)}
        if diff:
            # An entity already being deleted counts as gone on both sides.
            user_config = cfg.merged_user_config(current.get("config"), {}, classify=self.kind.classify(current.get("connector")))
            before = self._entity_view(current, user_config, None)
            result["diff"] = {"before": before if changed else {}, "after": {}}
        return result


# ============================================================================
# What a module of a connector kind shares
# ============================================================================

def entity_options() -> dict[str, dict[str, t.Any]]:
    """The argument spec every connector kind's singular module shares (auth and kind-specific options aside)."""
    return {
        "name": {"type": "str"},
        "id": {"type": "str"},
        "connector": {"type": "str"},
        "config": {"type": "dict"},
        "created_from": {"type": "str", "choices": list(CREATED_FROM_CHOICES), "default": "api"},
        "secret_returned": {"type": "bool", "default": False},
        "update_secrets": {"type": "str", "choices": list(cfg.UPDATE_SECRETS_CHOICES), "default": "on_create"},
        "validate_config": {"type": "bool", "default": True},
        "wait": {"type": "bool", "default": False},
        "wait_timeout": {"type": "int", "default": 300},
        "wait_interval": {"type": "float", "default": 5.0},
        "state": {"type": "str", "choices": list(STATE_CHOICES), "default": "present"},
    }


def info_options() -> dict[str, dict[str, t.Any]]:
    """The argument spec every connector kind's _info module shares (ListFilters reads it)."""
    return {
        "name": {"type": "list", "elements": "str"},
        "partial_name": {"type": "str"},
        "id": {"type": "list", "elements": "str"},
        "connector": {"type": "list", "elements": "str"},
        "status": {"type": "list", "elements": "str"},
        "secret_returned": {"type": "bool", "default": False},
    }


def reconcile(kind: ResourceKind) -> t.Callable[[t.Any, StreamkapClient, ResourceSpec], dict[str, t.Any]]:
    """The work of a kind's singular module, for StreamkapModule.run."""

    def work(module: t.Any, client: StreamkapClient, spec: ResourceSpec) -> dict[str, t.Any]:
        reconciler = Reconciler(client, kind, register_secrets=module.hide, warn=module.warn)
        return reconciler.run(module.params["state"], spec, check_mode=module.check_mode, diff=module.diff_mode)

    return work


def list_entities(kind: ResourceKind) -> t.Callable[[t.Any, StreamkapClient, ListFilters], dict[str, t.Any]]:
    """The work of a kind's _info module, for StreamkapModule.run: {"<result_key>s": [...]}, secrets masked."""

    def work(module: t.Any, client: StreamkapClient, filters: ListFilters) -> dict[str, t.Any]:
        found = Repository(client, kind).list_matching(filters)
        return {"changed": False, f"{kind.result_key}s": [redact_entity(kind, item, filters.secret_returned) for item in found]}

    return work
