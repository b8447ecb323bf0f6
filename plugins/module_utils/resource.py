# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The resource engine's *descriptor* (ResourceKind) and what the user asked for (ResourceSpec).

The engine reads apart in four files:

* resource.py (here): what differs between kinds (path, words, result key, connector schema,
  set-once keys, body fields, actions, answer unwrapping, what a 404 means), the user's spec,
  the options every kind's module shares, and the entry points a module calls;
* repository.py: HTTP verbs on one kind: exact-name lookup over every page, get by id,
  create-once with adoption, update, delete, act;
* reconciler.py: find, plan and answer a run that changes nothing;
* changes.py: what a change does (writes, check-mode prediction, diff) and the waiter;
* listing.py: what the _info modules share (filters, matching, masking).

Config rules (normalise, drift, redaction) live in config.py, schema validation in schema.py.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing as t
from functools import partial

from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.streamkap.cloud.plugins.module_utils import _connector_keys
from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
    api_path,
)

Entity = t.Dict[str, t.Any]

CREATED_FROM_CHOICES = ("api", "web", "terraform")
STATE_CHOICES = ("present", "absent")
# The state of a kind that can be redeployed: an action, like service's state=restarted (always a change).
REDEPLOYED = "redeployed"

# connector_status values in which a connector rests; the others are on the way somewhere.
SETTLED_STATUSES = frozenset({"Active", "Paused", "Stopped"})
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
# How many names a diff's header lists before "and N more".
DIFF_HEADER_NAMES = 5
# An empty mapping nobody can change, for descriptor defaults.
_NO_KEYS: t.Mapping[str, t.FrozenSet[str]] = types.MappingProxyType({})
# What an id may be in an answer: text (a 24-hex-digit ObjectId) or a number.
ID_TYPES = (str, int)
# The type of each field of a connector kind's entity the engine reads, where an answer gives it
# (any field may be null): another type would be misread (text taken for a list of tag ids) or
# fail mid-run. A mapping: an object whose fields are checked in turn; [types]: a list of those.
CONNECTOR_FIELDS: t.Mapping[str, t.Any] = types.MappingProxyType({
    "id": ID_TYPES, "name": str, "connector": str, "config": dict, "tags": [ID_TYPES],
    "connector_status": str, "desired_state": str,
})
_TYPE_WORDS = {str: "text", dict: "an object", list: "a list", ID_TYPES: "text or a number"}
_NO_QUERY: t.Mapping[str, str] = types.MappingProxyType({})


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
    """The entities of a read answer: the list envelope {"result": [...]} or a bare object; none for
    an empty answer. Raises ValueError, saying what is wrong, for an answer of another shape."""
    return listed_objects(answer, "result", bare_object=True)


def listed_objects(answer: t.Any, field: str, bare_object: bool = False) -> list[Entity]:
    """The objects listed under `field` of an answer object (none when it is empty or null).

    `bare_object`: an answer object with an id, and no `field`, is one entity itself. Raises
    ValueError, naming what is wrong and never a value, for a listed item that is no object,
    a `field` that is no list or missing from an answer object that holds something else, or an
    answer that is no object.
    """
    if answer is None:
        return []
    if not isinstance(answer, dict):
        raise ValueError(f"the answer is {cfg.json_type(answer)}, not an object")
    items = answer.get(field)
    if items is None:
        if bare_object and answer.get("id"):
            return [answer]
        if answer:
            # An object of another shape (an envelope renamed, an error answered with a 200): reading it as
            # "none" would make a lookup miss what exists, and a create follow.
            raise ValueError(f"the answer has no '{field}' list")
        return []
    if not isinstance(items, list):
        raise ValueError(f"the answer's '{field}' is {cfg.json_type(items)}, not a list")
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"item {position} of the answer's '{field}' is {cfg.json_type(item)}, not an object")
    return items


def entity_problem(entity: t.Any, fields: t.Mapping[str, t.Any], where: str = "") -> str | None:
    """What makes an answer's entity unreadable by the engine, or None: not an object, or a field
    of another type than `fields` gives (see CONNECTOR_FIELDS; a null field is fine)."""
    if not isinstance(entity, dict):
        return f"{f'field {where[:-1]!r}' if where else 'the answer'} is {cfg.json_type(entity)}, not an object"
    for field, wanted in fields.items():
        value = entity.get(field)
        if value is None:
            continue
        # Every entity of every page comes this way: the common case (a type) is tested first, cheaply.
        if wanted.__class__ in (type, tuple):
            if _is_a(value, wanted):
                continue
            return f"field '{where}{field}' is {cfg.json_type(value)}, not {_TYPE_WORDS[wanted]}"
        if wanted.__class__ is list:
            problem = _list_problem(where, field, value, wanted[0])
        else:  # a mapping: an object whose fields are checked in turn
            problem = entity_problem(value, wanted, f"{where}{field}.")
        if problem:
            return problem
    return None


def checked_entities(unwrap: t.Callable[[t.Any], list[Entity]], fields: t.Mapping[str, t.Any], answer: t.Any,
                     method: str, path: str) -> list[Entity]:
    """The entities of a read answer (`unwrap`), each checked against `fields` (see entity_problem).

    An answer the engine cannot read is a StreamkapApiError naming the call, never a traceback.
    """
    try:
        entities = unwrap(answer)
    except ValueError as exc:
        raise unreadable_answer(str(exc), method, path) from None
    for entity in entities:
        check_answer_entity(entity, fields, method, path)
    return entities


def check_answer_entity(entity: t.Any, fields: t.Mapping[str, t.Any], method: str, path: str) -> Entity:
    """The entity of an answer, or a StreamkapApiError naming the call and what is wrong with it."""
    problem = entity_problem(entity, fields)
    if not problem and "id" in fields and not entity.get("id"):
        # Every later call names the entity by its id: without one, a write would go to .../None.
        problem = "an entity of the answer has no id"
    if problem:
        raise unreadable_answer(problem, method, path)
    return entity


def unreadable_answer(problem: str, method: str, path: str) -> StreamkapApiError:
    return StreamkapApiError(f"the answer cannot be read: {problem}", method=method, path=path)


def _list_problem(where: str, field: str, value: t.Any, item_types: t.Any) -> str | None:
    if value.__class__ is not list:
        return f"field '{where}{field}' is {cfg.json_type(value)}, not a list"
    for position, item in enumerate(value, start=1):
        if not _is_a(item, item_types):
            return f"item {position} of field '{where}{field}' is {cfg.json_type(item)}, not {_TYPE_WORDS[item_types]}"
    return None


def _is_a(value: t.Any, types: t.Any) -> bool:
    # A boolean is an int to Python, never an id or a name to the API.
    return isinstance(value, types) and value.__class__ is not bool


def query_bool(value: bool) -> str:
    # FastAPI reads lowercase booleans; a query string would carry "True".
    return "true" if value else "false"


def is_being_deleted(entity: Entity) -> bool:
    """True for an entity whose deletion is under way (it stays visible for a while)."""
    return PENDING_DELETE in (entity.get("connector_status"), entity.get("desired_state"))


def the_one_named(name: str, matches: t.Sequence[Entity], noun: str,
                  error: t.Type[StreamkapError] = StreamkapError) -> Entity | None:
    """The entity among `matches` (all named `name`), None when there is none; more than one is an
    `error`: names should be unique per tenant, and nothing may be changed on an ambiguous match."""
    if len(matches) > 1:
        ids = ", ".join(str(item.get("id")) for item in matches)
        raise error(
            f"{len(matches)} {noun}s are named {name!r} (ids: {ids}); names should be unique. "
            "Nothing was changed: address one of them with id, or remove or rename the duplicates first."
        )
    return matches[0] if matches else None


def default_target_status(desired_state: str | None) -> str:
    """The connector_status an entity settles in for a desired_state (Pending or none: Active)."""
    return desired_state if desired_state in ("Paused", "Stopped") else "Active"


# ============================================================================
# Descriptor
# ============================================================================

class UsedBy:
    """Entities of another kind that use this one, listed by a filter on its id (or, without one, found
    in the kind's whole list by `uses`)."""

    __slots__ = ("path", "id_filter", "noun", "module", "field", "matches")

    def __init__(self, path: str, id_filter: str | None, noun: str, module: str, field: str,
                 matches: t.Callable[[Entity, str], bool] | None = None) -> None:
        self.path = path                        # "/pipelines"
        self.id_filter = id_filter              # "source_id"; None: the list takes no such filter
        self.noun = noun                        # "pipeline"
        self.module = module                    # the module that deletes them, for the message
        self.field = field                      # where a user embeds this one: "source" ({"id": ...})
        self.matches = matches                  # uses() when `field` is not one embedded object

    def uses(self, user: Entity, entity_id: str) -> bool:
        """Whether `user` (an entity of the using kind) uses the entity of that id."""
        if self.matches is not None:
            return self.matches(user, entity_id)
        embedded = user.get(self.field)
        return isinstance(embedded, dict) and embedded.get("id") == entity_id


class ResourceKind:
    """What the engine needs to know about one kind of entity; everything else is shared.

    Built with keywords: the fields below, the first three required, the others defaulting to
    the values shown (a function default is a staticmethod, so that it is not bound). A plain
    class, not a dataclass or NamedTuple: every module run builds the class anew (AnsiballZ keeps
    no bytecode), and those cost ten to twenty times as much to build.
    """

    path: str                                   # collection path, "/sources"
    noun: str                                   # in messages, "source"
    result_key: str                             # the module result key, "source"
    schema_path: str | None = None              # connector schema, queried with connector_code
    secrets_kind: str | None = None             # the offline key table's kind (classify_key)
    set_once_keys: t.Mapping[str, t.FrozenSet[str]] = _NO_KEYS
    body_fields: tuple[str, ...] = ("name", "connector", "config", "created_from")
    name_query: str = "partial_name"            # the list filter the lookup by name sends
    paginated: bool = True                      # False: one GET answers the whole list
    unwrap: t.Callable[[t.Any], list[Entity]] = staticmethod(unwrap_list_envelope)
    is_absent_error: t.Callable[[StreamkapApiError], bool] = staticmethod(means_unknown_entity)
    # Actions (none for most kinds): which one drives an entity to a desired_state, and its path.
    state_action: t.Callable[[str | None, Entity], str | None] | None = None
    action_path: t.Callable[[str, str], str] | None = None
    target_status: t.Callable[[str | None], str] = staticmethod(default_target_status)
    # [sure] POST <path>/{id}/deploy redeploys (restarts) an entity of the kind: its module offers state=redeployed.
    redeployable: bool = False
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
    apply_fields: t.Callable[[Entity, t.Mapping[str, t.Any]], Entity] = staticmethod(lambda entity, fields: dict(entity, **fields))
    # The would-be entity of a create body, in check mode.
    predicted_create: t.Callable[[Entity], Entity] = staticmethod(lambda body: dict(body, id=None))
    # What to return of an entity (secrets masked); None: its config masked by the key rules.
    redact: t.Callable[[Entity, bool], Entity] | None = None
    # The type of each field the engine reads of an answer's entity (see CONNECTOR_FIELDS).
    answer_fields: t.Mapping[str, t.Any] = CONNECTOR_FIELDS
    # Where the connector code (a transform's type) is: the entity's field, the create body's, the word for it.
    connector_field: str = "connector"
    body_connector_field: str = "connector"
    connector_word: str = "connector"
    # The name a create body gives (a transform's is in its config).
    body_name: t.Callable[[Entity], t.Any] = staticmethod(lambda body: body.get("name"))
    # Path shapes: False puts a PUT on the collection path, the id in the body (PUT /transforms); a
    # DELETE names the id in this query parameter instead of the path (DELETE /transforms?id=).
    put_path_has_id: bool = True
    delete_id_query: str | None = None
    # A read by id sends this query too (a topic's ?detailed=true); a PUT body goes inside this key ({"payload": ...}).
    item_query: t.Mapping[str, str] = _NO_QUERY
    body_envelope: str | None = None
    # The PUT answers the entity (False: an acknowledgement the engine does not read; the spec reads the entity).
    put_answers_entity: bool = True
    write_wait_query: bool = True               # writes send wait=false (False: the kind's writes take no wait)
    # After a write, `wait` polls connector_status (False: the kind waits in its spec's settle hook).
    waits_on_connector_status: bool = True
    # The create body cannot carry the spec's field changes (a transform's implementation): a PUT follows it.
    fields_after_create: bool = False

    def __init__(self, **fields: t.Any) -> None:
        names = ResourceKind.__annotations__
        unknown = sorted(set(fields) - set(names))
        missing = [name for name in ("path", "noun", "result_key") if name not in fields]
        if unknown or missing:
            raise TypeError(f"ResourceKind: unknown fields {unknown}, missing fields {missing}")
        self.__dict__.update(fields)

    @property
    def has_config(self) -> bool:
        return "config" in self.body_fields

    def item_path(self, entity_id: str) -> str:
        return api_path(*self.path.strip("/").split("/"), entity_id)

    def redeploy_path(self, entity_id: str) -> str:
        return api_path(*self.path.strip("/").split("/"), entity_id, "deploy")

    def state_choices(self) -> tuple[str, ...]:
        """The states of the kind's singular module."""
        return STATE_CHOICES + ((REDEPLOYED,) if self.redeployable else ())

    def update_path(self, entity_id: str) -> str:
        return self.item_path(entity_id) if self.put_path_has_id else self.path

    def delete_target(self, entity_id: str) -> tuple[str, dict[str, str]]:
        """The path and the id query of a DELETE."""
        if self.delete_id_query:
            return self.path, {self.delete_id_query: entity_id}
        return self.item_path(entity_id), {}

    def connector_of(self, entity: t.Mapping[str, t.Any]) -> t.Any:
        return entity.get(self.connector_field)

    def title(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]

    def classify(self, connector: str | None) -> cfg.Classify:
        """The offline key table for this kind and connector, or None when the kind has no config."""
        if self.secrets_kind is None:
            return None
        return partial(_connector_keys.classify_key, self.secrets_kind, connector)

    def offline_defaults(self, connector: str | None) -> t.Mapping[str, t.Any] | None:
        """The connector's plain-key defaults from the generated offline table (None: unknown offline).

        Imported on first call: only a replaced plan and a placeholder-looking value need the table.
        """
        if self.secrets_kind is None:
            return None
        from ansible_collections.streamkap.cloud.plugins.module_utils import _connector_defaults

        return _connector_defaults.connector_defaults(self.secrets_kind, connector)

    def knows_connector(self, connector: str) -> bool:
        """Whether the offline key table holds the connector (False for a kind without config)."""
        return self.secrets_kind is not None and _connector_keys.knows_connector(self.secrets_kind, connector)

    def label(self, entity: Entity) -> str:
        return f"{self.title()} {entity.get('name')!r} (id {entity.get('id')})"

    def diff_header(self, names: t.Sequence[str]) -> str:
        """What a diff shows above each side: the kind and the entities' names, since a change may
        be lines away from the name ("source orders-postgres", "sources a, b")."""
        listed = ", ".join(names[:DIFF_HEADER_NAMES])
        if len(names) > DIFF_HEADER_NAMES:
            listed += f" and {len(names) - DIFF_HEADER_NAMES} more"
        noun = self.noun if len(names) == 1 else f"{self.noun}s"
        return f"{noun} {listed}".rstrip()

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


@dataclasses.dataclass(frozen=True, eq=False, repr=False)  # neither is used: cheaper to build at every start
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
        if self.tags is not None:
            from ansible_collections.streamkap.cloud.plugins.module_utils import tagging  # only when tags are given

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

    def with_references(self, listed: t.Callable[[ResourceKind], t.Sequence[Entity]], check_mode: bool,
                        warn: t.Callable[[str], None]) -> ResourceSpec:
        """The spec with the entities of other kinds it names resolved before planning, create or update (a
        pipeline's transforms); `listed(kind)` is that kind's whole list, read once. Itself by default."""
        return self

    def settle(self, reconciler: t.Any, result: dict[str, t.Any], written: t.Collection[str],
               check_mode: bool) -> dict[str, t.Any]:
        """The result of state=present once what lies beyond the entity's fields is in line too (a transform's
        deployed job); `written` names what the run wrote ("created", or UpdatePlan.changes()). The result by default."""
        return result

    def refuse_change(self, current: Entity, changes: t.Sequence[str]) -> None:
        """Fail (StreamkapError) when the entity must not change; `changes` names what would (maybe nothing)."""

    def refuse_delete(self, current: Entity) -> None:
        """Fail (StreamkapError) when the entity must not be deleted."""

    def refuse_name(self, name: str, current: Entity | None, every: t.Callable[[], t.Iterable[Entity]]) -> None:
        """Fail (StreamkapError) when an entity must not be created with `name` (`current` None) or
        renamed to it; `every()` reads every entity of the kind, for a rule that needs them."""

    def refuse_create(self) -> None:
        """Fail (StreamkapError) when the entity asked for does not exist and must not be created (a topic)."""

    def create_body(self, kind: ResourceKind, references: t.Mapping[str, Entity] | None = None) -> dict[str, t.Any]:
        """The POST body: the kind's body fields the user set (config without unset values)."""
        body = {field: self.desired_config if field == "config" else getattr(self, field) for field in kind.body_fields}
        return {field: value for field, value in body.items() if value is not None or field in ("name", "connector")}


def check_entity_id(entity_id: str | None, noun: str, option: str = "id") -> None:
    """Refuse an id that could address another path ("..", "a/b", "x?y") before any request.

    `option` names where the id was given: "id", or another option holding an id ("source_id").
    """
    if entity_id is None:
        return
    inputs.check_identifier(option, entity_id)
    if entity_id.strip() in ("", ".", "..") or not ENTITY_ID.fullmatch(entity_id):
        raise StreamkapError(
            f"{option} {entity_id!r} is not a {noun} id: ids hold only letters, digits, '_', '-', '.', '~' and ':'."
        )


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


# Where a present result carries what the run wrote until Reconciler.ensure_present hands it to settle.
WRITTEN = "_written"


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
# What a module of a connector kind shares
# ============================================================================

def entity_options(kind: ResourceKind | None = None) -> dict[str, dict[str, t.Any]]:
    """The argument spec every connector kind's singular module shares (auth and kind-specific options aside);
    `state` offers the kind's states (present and absent without a kind)."""
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
        "state": {"type": "str", "choices": list(kind.state_choices() if kind else STATE_CHOICES), "default": "present"},
    }


def tag_options() -> dict[str, dict[str, t.Any]]:
    """The `tags`/`purge_tags` options of a taggable kind (documented in the streamkap.cloud.tags fragment)."""
    return {
        "tags": {"type": "list", "elements": "str"},
        "purge_tags": {"type": "bool", "default": True},
    }


def reconcile(kind: ResourceKind) -> t.Callable[[t.Any, StreamkapClient, ResourceSpec], dict[str, t.Any]]:
    """The work of a kind's singular module, for StreamkapModule.run."""

    def work(module: t.Any, client: StreamkapClient, spec: ResourceSpec) -> dict[str, t.Any]:
        from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler  # here: reconciler.py imports this file

        reconciler = Reconciler(client, kind, register_secrets=module.hide, warn=module.warn)
        return reconciler.run(module.params["state"], spec, check_mode=module.check_mode, diff=module.diff_mode)

    return work
