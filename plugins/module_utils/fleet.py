# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The fleet: many entities of one kind in one task, with the resource-module states.

One read of the kind's whole list (every page), then a plan per entry made by the kind's own
reconciler in check mode against that read, then the writes, in parallel up to a bound, each by
the same reconciler. Nothing here knows how one entity converges: that is resource.py's.

States: merged, replaced, overridden, deleted, gathered, rendered (see FleetRequest).
"""

from __future__ import annotations

import dataclasses
import re
import threading
import typing as t
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import resource, tagging
from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.common import (
    StreamkapModule,
    auth_argument_spec,
    describe_non_text,
    non_text_values,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler, no_secrets, no_warning
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository

Entity = resource.Entity

MERGED, REPLACED, OVERRIDDEN, DELETED, GATHERED, RENDERED = (
    "merged", "replaced", "overridden", "deleted", "gathered", "rendered",
)
STATES = (MERGED, REPLACED, OVERRIDDEN, DELETED, GATHERED, RENDERED)
# What happened to one entry.
CREATED, UPDATED, REMOVED, UNCHANGED, FAILED = "created", "updated", "deleted", "unchanged", "failed"
ACTIONS = (CREATED, UPDATED, REMOVED, UNCHANGED, FAILED)
WRITE_ACTIONS = (CREATED, UPDATED, REMOVED)
DEFAULT_MAX_CONCURRENT_WRITES = 4
# The transport keeps 10 connections per host (transport.POOL_SIZE); more threads would only wait for one.
MAX_CONCURRENT_WRITES = 10
# Options of the module that each entry may set for itself (an entry's value wins).
PER_ENTRY_DEFAULTS = ("update_secrets", "wait", "wait_timeout", "validate_config", "wait_interval")
# Jinja's markers: a gathered value holding one would be templated when read back from a vars file.
TEMPLATE_MARKERS = ("{{", "{%", "{#")
# Such a value is gathered escaped, free of markers (so no templating ever changes it, registered or read
# back from a file): this prefix, then the text with every "%" written "%25" and every "{" written "%7B".
# The plural modules read an entry's text values back; a value holding the prefix itself is escaped too.
ESCAPED_PREFIX = "streamkap-escaped:"
_ESCAPE_CODE = re.compile(r"%(25|7[Bb])")
# The fields of an entry whose text (names, config values, topics, tag references) may hold anything.
TEXT_FIELDS = ("name", "config", "source", "destination", "topics", "tags", "implementation", "transforms",
               "topic_auto_discovery_transforms")


# ============================================================================
# What differs between kinds
# ============================================================================

@dataclasses.dataclass(frozen=True)
class FleetKind:
    """One kind as the fleet sees it: its engine pieces plus the shape of an entry."""

    kind: resource.ResourceKind
    spec_class: t.Any  # a ResourceSpec subclass (pipeline.PipelineSpec too): from_params(params)
    # The singular module's options an entry takes, with their defaults: an entry's argument spec is
    # these without defaults (an unset key takes the task's value), the defaults fill what neither sets.
    entry_options: t.Mapping[str, t.Mapping[str, t.Any]]
    gathered_fields: tuple[str, ...] = ("connector",)      # entity fields a gathered entry carries
    gathered_states: tuple[str, ...] = ()                  # desired_state values a gathered entry keeps
    result_fields: tuple[str, ...] = ()                    # entity fields each result item carries
    # Kinds an entry names by name or id (a pipeline's source and destination), each read once per task.
    references: t.Mapping[str, resource.ResourceKind] = dataclasses.field(default_factory=dict)
    # For kinds whose entries are not a connector config (pipelines): an entity as an entry, an entry as a body.
    gathered_entry: t.Callable[[Entity], dict[str, t.Any]] | None = None
    rendered_body: t.Callable[[t.Any], dict[str, t.Any]] | None = None

    @property
    def plural(self) -> str:
        return f"{self.kind.noun}s"

    @property
    def entry_argument_spec(self) -> dict[str, dict[str, t.Any]]:
        """One entry's argument spec: no defaults, so an unset key is None and the task's value applies."""
        return {key: {name: value for name, value in option.items() if name != "default"}
                for key, option in self.entry_options.items()}

    @property
    def entry_defaults(self) -> dict[str, t.Any]:
        """The defaults of the options an entry takes: the singular module's and the task's argument specs'."""
        options = dict(per_entry_task_options(), **self.entry_options)
        return {key: option["default"] for key, option in options.items() if "default" in option}

    def make_spec(self, task_params: t.Mapping[str, t.Any], given: t.Mapping[str, t.Any]) -> t.Any:
        """A spec from an entry: its own values, else the task's, else the singular module's defaults."""
        params: dict[str, t.Any] = dict(self.entry_defaults, secret_returned=False)  # a fleet never returns secrets
        params.update({option: task_params[option] for option in PER_ENTRY_DEFAULTS
                       if task_params.get(option) is not None})
        params.update({key: value for key, value in given.items() if value is not None})
        return self.spec_class.from_params(params)

    def entry_secrets(self, entry: t.Any) -> set[str]:
        """The hidden values of one raw entry's config, for no_log_values (before any validation)."""
        if not isinstance(entry, dict):
            return set()
        config, connector = entry.get("config"), entry.get("connector")
        secrets = self.kind.config_secrets(config, connector)
        if isinstance(config, dict):
            # An escaped value is sent as the text it stands for: hidden in both forms.
            secrets |= self.kind.config_secrets(map_text(config, unescaped), connector)
        return secrets


# The singular modules' options an entry takes (each kind's that its module has); the others are the
# task's (or make no sense per entry).
ENTRY_KEYS = ("name", "id", "connector", "config", "desired_state", "source", "source_id", "destination",
              "destination_id", "topics", "snapshot_new_tables", "created_from", "update_secrets", "wait",
              "wait_timeout", "tags", "purge_tags")


def entry_options(singular_options: t.Mapping[str, t.Mapping[str, t.Any]],
                  keys: t.Sequence[str] = ENTRY_KEYS) -> dict[str, dict[str, t.Any]]:
    """The singular module's options an entry takes (defaults kept for FleetKind), a name required
    (it labels the entry)."""
    options = {key: dict(singular_options[key]) for key in keys if key in singular_options}
    options["name"]["required"] = True
    return options


# ============================================================================
# Errors
# ============================================================================

@dataclasses.dataclass(frozen=True)
class BadEntry:
    """One entry refused as bad input: where it is, its name, and why."""

    position: int | None
    name: t.Any
    message: str

    def describe(self) -> str:
        where = f"config[{self.position}] " if self.position is not None else ""
        return f"{where}({self.name!r}): {self.message}"


class FleetInputError(StreamkapError):
    """Bad entries, every one of them listed; raised before any write.

    The result names them (`bad_entries`), so a caller can apply the others on its own.
    """

    def __init__(self, bad: t.Sequence[BadEntry], sent: str = "sent") -> None:
        self.bad = list(bad)
        count = f"{len(self.bad)} bad {'entry' if len(self.bad) == 1 else 'entries'}"
        super().__init__(f"{count} in config, nothing was {sent}: " + "; ".join(entry.describe() for entry in self.bad))

    def to_result(self) -> dict[str, t.Any]:
        return {"changed": False, "bad_entries": [
            {"position": entry.position, "name": entry.name, "msg": entry.message} for entry in self.bad
        ]}


class AmbiguousNameError(StreamkapError):
    """A name two entities hold: that entry fails, and neither entity is touched."""


class FleetError(StreamkapError):
    """Some entries failed; the others were applied. Carries the whole result."""

    def __init__(self, message: str, result: dict[str, t.Any]) -> None:
        super().__init__(message)
        self.result = result

    def to_result(self) -> dict[str, t.Any]:
        return dict(self.result)


# ============================================================================
# What the user asked for
# ============================================================================

@dataclasses.dataclass(frozen=True)
class Scope:
    """The entities a task may delete (overridden, deleted) or gathers: a name prefix and/or a tag."""

    name_prefix: str | None = None
    tag: str | None = None

    @classmethod
    def from_param(cls, value: t.Mapping[str, t.Any] | None) -> Scope:
        value = value or {}
        return cls(name_prefix=value.get("name_prefix") or None, tag=value.get("tag") or None)

    @property
    def given(self) -> bool:
        return bool(self.name_prefix or self.tag)

    def holds(self, entity: Entity, tag_ids: t.AbstractSet[str]) -> bool:
        if self.name_prefix and not str(entity.get("name") or "").startswith(self.name_prefix):
            return False
        if self.tag and not tag_ids.intersection(entity.get("tags") or ()):
            return False
        return True

    def describe(self) -> str:
        parts = []
        if self.name_prefix:
            parts.append(f"name_prefix {self.name_prefix!r}")
        if self.tag:
            parts.append(f"tag {self.tag!r}")
        return " and ".join(parts) or "no scope"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One item of `config`: its position and the spec made of it."""

    position: int
    spec: t.Any  # the kind's spec class (a ResourceSpec, or pipeline.PipelineSpec)

    @property
    def name(self) -> str | None:
        return self.spec.name


@dataclasses.dataclass(frozen=True)
class FleetRequest:
    """The task: a state, the entries, a scope and how many writes may run at once."""

    fleet: FleetKind
    state: str
    entries: tuple[Entry, ...]
    scope: Scope
    max_concurrent_writes: int
    # The module's wait settings, for the entities deleted without an entry (overridden, deleted by scope).
    wait_options: t.Mapping[str, t.Any] = dataclasses.field(default_factory=dict)
    # Entries refused before any request (left out of `entries`): the plan lists them with its own, in one error.
    bad: tuple[BadEntry, ...] = ()

    @classmethod
    def from_params(cls, fleet: FleetKind, params: t.Mapping[str, t.Any], bad: t.Sequence[BadEntry] = (),
                    positions: t.Sequence[int] | None = None) -> FleetRequest:
        """Check everything that needs no request; the bad entries are kept to be listed with the plan's.

        `bad`: entries already refused (argument spec), left out of params' config; `positions`: where each
        entry of params' config stood in the task's config. With nothing left to plan, the error is raised now.
        """
        state = params.get("state") or MERGED
        if state == GATHERED and (params.get("config") or bad):
            raise StreamkapError(
                f"state=gathered takes no config: it changes nothing and returns every {fleet.kind.noun} in scope. "
                "Leave config out, and give scope (name_prefix and/or tag) to choose what is gathered."
            )
        scope = Scope.from_param(params.get("scope"))
        problems: list[BadEntry] = list(bad)
        made = []
        for index, raw in enumerate(params.get("config") or []):
            position = positions[index] if positions is not None else index
            entry, problem = _make_entry(fleet, position, raw, params)
            if problem:
                problems.append(problem)
            elif entry is not None:
                made.append(entry)
        duplicates = _duplicates(made)
        problems.extend(duplicates)
        duplicated = {problem.position for problem in duplicates}
        entries = [entry for entry in made if entry.position not in duplicated]
        if problems and (state == RENDERED or not entries):
            raise FleetInputError(problems)
        wait_options = {option: params[option] for option in ("wait", "wait_timeout", "wait_interval")
                        if params.get(option) is not None}
        max_writes = params.get("max_concurrent_writes")
        request = cls(fleet=fleet, state=state, entries=tuple(entries), scope=scope, wait_options=wait_options,
                      max_concurrent_writes=DEFAULT_MAX_CONCURRENT_WRITES if max_writes is None else max_writes,
                      bad=tuple(problems))
        request.check()
        return request

    def check(self) -> None:
        if self.state not in STATES:
            raise StreamkapError(f"state must be one of {', '.join(STATES)}; got {self.state!r}.")
        if not 1 <= self.max_concurrent_writes <= MAX_CONCURRENT_WRITES:
            raise StreamkapError(f"max_concurrent_writes must be between 1 and {MAX_CONCURRENT_WRITES}; "
                                 f"got {self.max_concurrent_writes}.")
        if self.state == OVERRIDDEN and not self.scope.given:
            raise StreamkapError(
                f"state=overridden deletes every {self.fleet.kind.noun} in scope that config does not list: "
                "give scope (name_prefix and/or tag), so that nothing outside it is ever deleted."
            )
        if self.state == DELETED and not self.entries and not self.scope.given:
            raise StreamkapError(
                f"state=deleted with an empty config deletes every {self.fleet.kind.noun} in scope: "
                "give scope (name_prefix and/or tag), or list the entries to delete."
            )
        if self.state == RENDERED and not self.entries:
            raise StreamkapError("state=rendered needs the entries to render in config.")

    def rendered(self) -> list[dict[str, t.Any]]:
        """The create bodies of the entries, secrets masked, without any request.

        `tags` holds the entry's tags as given (names or ids): turning a name into an id takes a
        request, which the write makes. An entry without tags renders none, as its write sends none.
        """
        kind = self.fleet.kind
        bodies = []
        for entry in self.entries:
            if self.fleet.rendered_body is not None:
                body = self.fleet.rendered_body(entry.spec)
            else:
                body = entry.spec.create_body(kind)
                if isinstance(body.get("config"), dict):
                    body["config"] = cfg.redact_config(body["config"], classify=kind.classify(entry.spec.connector))
            if kind.taggable and entry.spec.tags is not None:
                body["tags"] = list(dict.fromkeys(entry.spec.tags))
            bodies.append(body)
        return bodies


def _make_entry(fleet: FleetKind, position: int, raw: t.Any,
                params: t.Mapping[str, t.Any]) -> tuple[Entry | None, BadEntry | None]:
    if not isinstance(raw, dict):
        return None, BadEntry(position, None, "not a dict")
    given = entry_text(raw, unescaped)
    try:
        spec = fleet.make_spec(params, given)
    except StreamkapError as exc:
        return None, BadEntry(position, given.get("name"), str(exc))
    return Entry(position=position, spec=spec), None


def _duplicates(entries: t.Sequence[Entry]) -> list[BadEntry]:
    """Entries that cannot each mean their own entity, known before any request: an id listed more
    than once, or a name listed more than once unless every entry holding it gives an id (two entities
    of one name, each addressed by its id, as `gathered` returns them)."""
    by_id: dict[str, list[Entry]] = {}
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.spec.id:
            by_id.setdefault(entry.spec.id, []).append(entry)
        if entry.name:
            by_name.setdefault(entry.name, []).append(entry)
    refused: dict[int, BadEntry] = {}
    for field, groups in (("id", by_id), ("name", by_name)):
        for value, found in groups.items():
            if len(found) < 2 or (field == "name" and all(entry.spec.id for entry in found)):
                continue
            message = f"{field} {value!r} is listed more than once ({positions_of(found)})"
            if field == "name":
                message += "; give each entry the id of its own entity to keep two entities of one name apart"
            for entry in found:
                refused.setdefault(entry.position, BadEntry(entry.position, entry.name, message))
    return list(refused.values())


def positions_of(entries: t.Iterable[t.Any]) -> str:
    """Where entries (anything with .position) stand in config: "config[0], config[2]"."""
    return ", ".join(f"config[{entry.position}]" for entry in entries)


def entry_validation_errors(entry_options: t.Mapping[str, t.Any], entries: t.Any) -> list[BadEntry]:
    """Every argument-spec error of every entry (unknown keys, wrong types, missing keys), each named.

    AnsibleModule stops at the first error; a fleet task lists them all.
    """
    if not isinstance(entries, list):
        return []
    validator = ArgumentSpecValidator(dict(entry_options))
    errors = []
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict):
            errors.append(BadEntry(position, None, "not a dict"))
            continue
        # A list or dict where text is wanted would pass as its str() ("['a']"): refused, never converted.
        non_text = non_text_values(entry_options, entry)
        if non_text:
            name = entry.get("name") if isinstance(entry.get("name"), str) else None
            errors.append(BadEntry(position, name, describe_non_text(non_text)))
            continue
        errors.extend(BadEntry(position, entry.get("name"), message)
                      for message in validator.validate(entry).error_messages)
    return errors


# ============================================================================
# The one read
# ============================================================================

class Listing:
    """The kind's entities as one read found them, by id and by exact name."""

    def __init__(self, entities: t.Iterable[Entity]) -> None:
        self.entities = list(entities)
        self.by_id = {entity.get("id"): entity for entity in self.entities}
        self.by_name: dict[str, list[Entity]] = {}
        for entity in self.entities:
            self.by_name.setdefault(entity.get("name"), []).append(entity)

    def find(self, spec: t.Any, noun: str) -> Entity | None:
        if spec.id:
            return self.by_id.get(spec.id)
        name = t.cast(str, spec.name)
        return resource.the_one_named(name, self.by_name.get(name, []), noun, AmbiguousNameError)


class SharedRepository(Repository):
    """A repository the entries of a task share: each connector schema is read once, on first need."""

    def __init__(self, client: StreamkapClient, kind: resource.ResourceKind) -> None:
        super().__init__(client, kind)
        self._schemas: dict[t.Any, t.Any] = {}  # also the tag catalog and users, by entity id
        self._schema_lock = threading.Lock()

    def connector_schema(self, connector: str) -> list[dict[str, t.Any]] | None:
        with self._schema_lock:
            if connector not in self._schemas:
                self._schemas[connector] = super().connector_schema(connector)
            return self._schemas[connector]

    def users(self, entity_id: str) -> list[tuple[resource.UsedBy, list[Entity]]]:
        """The entities using one entity, from one read per task of each using kind's whole list
        (not one filtered read per entity deleted); the plan's answer serves the write too."""
        found = [(used_by, [user for user in self._all_users(used_by) if used_by.uses(user, entity_id)])
                 for used_by in self.kind.used_by]
        return [(used_by, users) for used_by, users in found if users]

    def _all_users(self, used_by: resource.UsedBy) -> list[Entity]:
        with self._schema_lock:
            if ("users", used_by.path) not in self._schemas:
                self._schemas[("users", used_by.path)] = [
                    user for user in self.client.paginate(used_by.path, params={})
                    if not resource.is_being_deleted(user)
                ]
            return self._schemas[("users", used_by.path)]

    def tag_catalog(self) -> tagging.TagCatalog:
        """Every tag, read once per task (one GET /tags), on first need."""
        with self._schema_lock:
            if "tags" not in self._schemas:
                self._schemas["tags"] = tagging.TagCatalog.read(self.client)
            return self._schemas["tags"]


class References:
    """The kinds entries name by name or id (a pipeline's source and destination): each read once, on first need."""

    def __init__(self, client: StreamkapClient, kinds: t.Mapping[str, resource.ResourceKind]) -> None:
        self.repositories = {noun: Repository(client, kind) for noun, kind in kinds.items()}
        self._listings: dict[str, Listing] = {}
        self._lock = threading.Lock()

    def find(self, noun: str, ref: t.Any) -> Entity | None:
        """The entity `ref` (anything with .name and .id) names, from the one read of its kind."""
        with self._lock:
            if noun not in self._listings:
                self._listings[noun] = Listing(self.repositories[noun].list({"secret_returned": resource.query_bool(False)}))
            listing = self._listings[noun]
        return listing.find(ref, noun)


def task_reconciler(fleet: FleetKind, listing: Listing, repository: SharedRepository,
                    register_secrets: t.Callable[[t.Iterable[str]], None], warn: t.Callable[[str], None],
                    plan_strictly: bool) -> Reconciler:
    """The engine's reconciler, finding entities in the task's one read and sharing its repository.

    Planning, diffs and writes are the engine's (the kind's hooks on its descriptor and spec); only
    the reads are the task's. `plan_strictly`: the task writes, so a plan (made in check mode) must
    treat an unknown tag or a missing reference as the failure it will be, not as something an
    earlier task of a check run would have created (a warning).
    """
    references = References(repository.client, fleet.references)

    class ReadOnce(Reconciler):
        def find(self, spec: t.Any) -> Entity | None:
            return listing.find(spec, self.kind.noun)

        def find_reference(self, kind: resource.ResourceKind, ref: t.Any) -> Entity | None:
            return references.find(kind.noun, ref)

        def _tag_catalog(self) -> tagging.TagCatalog:
            return repository.tag_catalog()

        def check_run(self, check_mode: bool) -> bool:
            return check_mode and not plan_strictly

    reconciler = ReadOnce(repository.client, fleet.kind, register_secrets=register_secrets, warn=warn)
    reconciler.repository = repository
    return reconciler


# ============================================================================
# One entry's way through the task
# ============================================================================

@dataclasses.dataclass
class Item:
    """One entry (or one unlisted entity to delete) and what the task did with it."""

    name: str | None
    spec: t.Any
    operation: str                     # "present" or "absent"
    position: int | None = None        # in config; None for an unlisted entity
    current: Entity | None = None
    action: str = UNCHANGED
    entity: Entity | None = None       # the latest state known (after a write, or as read)
    planned: Entity | None = None      # the entity as the plan would leave it (the check-mode answer)
    message: str | None = None
    bad: str | None = None             # bad input found while planning
    diff: dict[str, t.Any] | None = None
    wrote: bool = False

    def fail(self, message: str) -> None:
        self.action = FAILED
        self.message = message

    def label(self) -> str:
        where = f"config[{self.position}] " if self.position is not None else ""
        return f"{where}({self.name!r})"


class Fleet:
    """Applies a FleetRequest: read once, plan every entry, then write in parallel."""

    def __init__(self, request: FleetRequest, client: StreamkapClient, check_mode: bool = False, diff: bool = False,
                 register_secrets: t.Callable[[t.Iterable[str]], None] = no_secrets,
                 warn: t.Callable[[str], None] = no_warning) -> None:
        self.request = request
        self.fleet = request.fleet
        self.kind = request.fleet.kind
        self.client = client
        self.check_mode = check_mode
        self.diff = diff
        self.register_secrets = register_secrets
        self.warn = warn
        self.repository = SharedRepository(client, self.kind)

    # --- the task ---

    def run(self) -> dict[str, t.Any]:
        listing = Listing(self.repository.list(self._read_params()))
        if self.request.state == GATHERED:
            return dict({"changed": False, "gathered": self.gathered(listing)}, **self._tags_in_use(listing, []))
        reconciler = task_reconciler(self.fleet, listing, self.repository, self.register_secrets, self.warn,
                                     plan_strictly=not self.check_mode)
        items = self.items(listing)
        for item in items:
            self._plan(reconciler, item)
        bad = list(self.request.bad) + [BadEntry(item.position, item.name, item.bad) for item in items if item.bad]
        if bad:
            # Entries whose planning failed (an ambiguous name, an API error) are not written either: named too.
            failed = [BadEntry(item.position, item.name, t.cast(str, item.message)) for item in items if item.action == FAILED]
            raise FleetInputError(bad + failed, sent="written")
        if not self.check_mode:
            self._write_all(reconciler, [item for item in items if item.action in WRITE_ACTIONS])
        return self._result(items, self._tags_in_use(listing, items))

    def _read_params(self) -> dict[str, t.Any]:
        # The client reads every page, MAX_PAGE_SIZE items each.
        params = {"secret_returned": resource.query_bool(False)}
        if self._reads_scope_only:
            # The API's name filter matches substrings: a narrower read, matched exactly afterwards.
            params[self.kind.name_query] = self.request.scope.name_prefix
        return params

    @property
    def _reads_scope_only(self) -> bool:
        """gathered, and deleted without entries, read only the names holding scope.name_prefix."""
        scope_only = self.request.state == GATHERED or (self.request.state == DELETED and not self.request.entries)
        return bool(scope_only and self.request.scope.name_prefix and self.kind.name_query)

    def _tags_in_use(self, listing: Listing, items: t.Sequence[Item]) -> dict[str, list[str]]:
        """{"tags_in_use": ids} when the read was the kind's whole list; nothing when it was narrowed
        to scope.name_prefix (what it did not read may carry tags too)."""
        if self._reads_scope_only or not self.kind.taggable:
            return {}
        return {"tags_in_use": tags_in_use(listing, items)}

    def scope_tag_ids(self) -> frozenset[str]:
        """The id of the scope's tag (given by id or exact name; an unknown tag fails the task)."""
        tag = self.request.scope.tag
        if not tag:
            return frozenset()
        return frozenset(self.repository.tag_catalog().resolve([tag], option="scope.tag"))

    def in_scope(self, listing: Listing) -> list[Entity]:
        tag_ids = self.scope_tag_ids()
        return [entity for entity in listing.entities if self.request.scope.holds(entity, tag_ids)]

    # --- gathered ---

    def gathered(self, listing: Listing) -> list[dict[str, t.Any]]:
        return [self.as_entry(entity, listing) for entity in self.in_scope(listing)
                if not resource.is_being_deleted(entity)]

    def as_entry(self, entity: Entity, listing: Listing | None = None) -> dict[str, t.Any]:
        """An entity in the shape of an entry, ready to be applied again (text Ansible would template, escaped).

        An entity whose name another one holds too (in `listing`) is addressed by its id as well: by
        name alone, applying the entry would fail as ambiguous.
        """
        entry = self.fleet.gathered_entry(entity) if self.fleet.gathered_entry else self.config_entry(entity)
        if listing is not None and len(listing.by_name.get(entity.get("name"), ())) > 1:
            entry = {"name": entry.pop("name"), "id": entity.get("id"), **entry}
        if self.kind.taggable and entity.get("tags"):
            # As ids: applied back, the same set. None: left out, so applying it reads no tags.
            entry["tags"] = list(entity["tags"])
        return entry_text(entry, escaped)

    def config_entry(self, entity: Entity) -> dict[str, t.Any]:
        """A connector kind's entity as an entry: user-defined plain keys only (secrets and computed keys left out)."""
        entry: dict[str, t.Any] = {"name": entity.get("name")}
        for field in self.fleet.gathered_fields:
            if field in entity:
                entry[field] = entity[field]
        state = entity.get("desired_state")
        if state in self.fleet.gathered_states:
            entry["desired_state"] = state
        if isinstance(entity.get("config"), dict):
            entry["config"] = plain_user_config(self.kind, entity, self._schema_if_unknown_offline(entity.get("connector")))
        return entry

    def _schema_if_unknown_offline(self, connector: t.Any) -> cfg.SchemaProps:
        """The connector's schema (read once per connector) when the offline key table does not know
        the connector, so that its user-defined keys are gathered too; None for a known connector."""
        if self.kind.secrets_kind is None or not isinstance(connector, str) or self.kind.knows_connector(connector):
            return None
        return self.repository.connector_schema(connector)

    # --- plan ---

    def items(self, listing: Listing) -> list[Item]:
        state = self.request.state
        operation = "absent" if state == DELETED else "present"
        items = [Item(name=entry.name, spec=entry.spec, operation=operation, position=entry.position)
                 for entry in self.request.entries]
        if state == OVERRIDDEN or (state == DELETED and not self.request.entries):
            kept = self._listed_ids(listing)
            for entity in self.in_scope(listing):
                if entity.get("id") in kept:
                    continue
                spec = self.fleet.make_spec(self.request.wait_options, {"name": entity.get("name"), "id": entity.get("id")})
                items.append(Item(name=entity.get("name"), spec=spec, operation="absent", current=entity))
        self._refuse_entries_of_one_entity(listing, items)
        if state == DELETED and self.request.entries and self.request.scope.given:
            self._refuse_outside_scope(listing, items)
        return items

    def _listed_ids(self, listing: Listing) -> set[t.Any]:
        """The ids of the entities the entries stand for, which overridden keeps: each entry's own (by id,
        else every one holding its name), and those holding a name an entry gives to another entity (a
        rename: kept, and the rename fails as the name is taken, rather than both at once). An entity
        whose twin an entry names by id is not listed by that name."""
        kept: set[t.Any] = set()
        for entry in self.request.entries:
            spec = entry.spec
            if spec.id:
                kept.add(spec.id)
                current = listing.by_id.get(spec.id)
                if current is None or current.get("name") == spec.name:
                    continue
            kept.update(entity.get("id") for entity in listing.by_name.get(spec.name, ()))
        return kept

    def _refuse_entries_of_one_entity(self, listing: Listing, items: list[Item]) -> None:
        """Listed entries that find one entity (one by name, another by id, say): applying both would
        write it twice, the second write undoing the first. Bad input, every such entry named."""
        found: dict[t.Any, list[Item]] = {}
        for item in items:
            if item.position is None:
                continue
            try:
                current = listing.find(item.spec, self.kind.noun)
            except AmbiguousNameError:
                continue  # reported when planned
            if current is not None:
                found.setdefault(current.get("id"), []).append(item)
        for entity_id, group in found.items():
            if len(group) < 2:
                continue
            message = (f"{positions_of(group)} all find {self.kind.label(listing.by_id[entity_id])}; an entity takes "
                       "one entry: merge them into one (with id and the new name, to rename it)")
            for item in group:
                item.bad = f"{item.bad}; {message}" if item.bad else message

    def _refuse_outside_scope(self, listing: Listing, items: list[Item]) -> None:
        tag_ids = self.scope_tag_ids()
        for item in items:
            try:
                current = listing.find(item.spec, self.kind.noun)
            except AmbiguousNameError:
                continue  # reported when planned
            if current is not None and not self.request.scope.holds(current, tag_ids):
                item.bad = f"{self.kind.label(current)} is outside the scope ({self.request.scope.describe()}); not deleted"

    def _plan(self, reconciler: Reconciler, item: Item) -> None:
        """The reconciler's own plan for the item, in check mode against the one read."""
        if item.bad:
            return
        try:
            current = item.current or reconciler.find(item.spec)
            item.current = item.entity = current
            if item.operation == "absent":
                outcome = reconciler.ensure_absent(item.spec, check_mode=True, diff=self.diff)
                item.action = REMOVED if outcome["changed"] else UNCHANGED
            else:
                if current is not None and resource.is_being_deleted(current):
                    item.fail(f"{self.kind.label(current)} is being deleted and cannot be changed; "
                              "rerun once it is gone to create it again")
                    return
                if self.request.state in (REPLACED, OVERRIDDEN):
                    item.spec = self._replaced_spec(item.spec, current)
                outcome = reconciler.ensure_present(item.spec, check_mode=True, diff=self.diff)
                item.action = (CREATED if current is None else UPDATED) if outcome["changed"] else UNCHANGED
        except (AmbiguousNameError, StreamkapApiError) as exc:
            item.fail(str(exc))
            return
        except StreamkapError as exc:
            item.bad = str(exc)
            return
        item.planned = outcome.get(self.kind.result_key)
        if item.action in WRITE_ACTIONS and self.diff:
            item.diff = outcome.get("diff")

    def _replaced_spec(self, spec: resource.ResourceSpec, current: Entity | None) -> resource.ResourceSpec:
        """replaced: the user-defined keys the entry leaves out go back to their schema defaults.

        Set-once keys left out are kept as they are (they cannot change after create). Secrets left
        out are kept (the API keeps what it is not sent), and so are values the API withholds. The
        schema (read once per connector) decides what is written, but it is read only when something
        may be: when a left-out key does not hold its offline default, or the connector is unknown
        offline (see _left_out_at_defaults).
        """
        if current is None or self.kind.schema_path is None:
            return spec
        connector, config = current.get("connector"), current.get("config")
        if not connector or not isinstance(config, dict):
            return spec
        given = spec.desired_config
        classify = self.kind.classify(connector)
        offline = self.kind.offline_defaults(connector)
        # Known offline: the plain keys (the others may be secrets or computed). Unknown: every key, the schema sorts them.
        # A value the API withholds (null or masked) is kept: `gathered` cannot show it, so no entry can give it.
        left_out = {key: value for key, value in config.items()
                    if key not in given and not cfg.is_withheld(value)
                    and (offline is None or classify is None or classify(key) is False)}
        if not left_out or self._left_out_at_defaults(connector, left_out, offline, classify):
            return spec
        props = self.repository.connector_schema(connector)
        index = cfg.index_props(props)
        set_once = cfg.set_once_keys_of(connector, props, self.kind.set_once_keys)
        defaults = {}
        for key in left_out:
            prop = index.get(key)
            if prop is None or not cfg.is_user_defined(prop) or not cfg.has_default(prop) or key in set_once:
                continue  # computed, no default to go back to, or set once at create: left as it is
            if cfg.is_secret_key(key, props, classify):
                continue
            defaults[key] = cfg.value_spec(prop)["default"]
        if not defaults:
            return spec
        return dataclasses.replace(spec, config=dict(defaults, **given))

    def _left_out_at_defaults(self, connector: str, left_out: t.Mapping[str, t.Any],
                              offline: t.Mapping[str, t.Any] | None, classify: cfg.Classify) -> bool:
        """True when no left-out key needs a write, known without a request: each one is set once,
        a secret, without an offline default (kept, as the schema would keep it), or holds its
        offline default (compared as the service compares values). False when the connector is unknown offline.
        """
        if offline is None:
            return False
        set_once = cfg.set_once_keys_of(connector, None, self.kind.set_once_keys)
        return all(key in set_once or cfg.is_secret_key(key, None, classify) or key not in offline
                   or cfg.values_equal(offline[key], value)
                   for key, value in left_out.items())

    # --- write ---

    def _write_all(self, reconciler: Reconciler, items: list[Item]) -> None:
        if not items:
            return
        workers = min(self.request.max_concurrent_writes, len(items))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda item: self._write(reconciler, item), items))

    def _write(self, reconciler: Reconciler, item: Item) -> None:
        """One entry's write; a failure fails that entry only."""
        try:
            if item.operation == "absent":
                outcome = reconciler.ensure_absent(item.spec, check_mode=False)
            else:
                outcome = reconciler.ensure_present(item.spec, check_mode=False)
        except resource.WaitError as exc:
            item.wrote = exc.changed
            item.entity = exc.entity or item.entity
            item.fail(str(exc))
            return
        except StreamkapError as exc:
            item.fail(str(exc))
            return
        item.wrote = bool(outcome.get("changed"))
        found = outcome.get(self.kind.result_key)
        if isinstance(found, dict) and found:
            item.entity = found
        if not item.wrote:
            item.action = UNCHANGED  # converged by someone else in the meantime

    # --- result ---

    def _result(self, items: list[Item], extra: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
        results = [self._result_item(item) for item in items]
        summary = {action: 0 for action in ACTIONS}
        for item in items:
            summary[item.action] += 1
        changed = any(item.action in WRITE_ACTIONS or item.wrote for item in items)
        result: dict[str, t.Any] = {"changed": changed, "results": results, "summary": summary, **extra}
        if self.diff:
            diff = self._diff(items)
            header = self.kind.diff_header(list(dict.fromkeys([*diff["before"], *diff["after"]])))
            result["diff"] = dict(diff, before_header=header, after_header=header)
        failed = [item for item in items if item.action == FAILED]
        if failed:
            if self.check_mode:
                others = " (check mode: nothing was written)"
            elif len(failed) < len(items):
                others = " (the others were applied; a rerun retries the failed ones)"
            else:
                others = ""
            raise FleetError(
                f"{len(failed)} of {len(items)} {self.fleet.plural} failed{others}: "
                + "; ".join(f"{item.label()}: {item.message}" for item in failed),
                result,
            )
        return result

    def _result_item(self, item: Item) -> dict[str, t.Any]:
        entity = item.entity or {}
        out: dict[str, t.Any] = {"name": item.name, "id": entity.get("id") or item.spec.id, "action": item.action}
        if item.message:
            out["msg"] = item.message
        for field in self.fleet.result_fields:
            # A field only the plan knows (a transform's job status) is taken from it.
            out[field] = entity.get(field, (item.planned or {}).get(field))
        return out

    @staticmethod
    def _diff(items: list[Item]) -> dict[str, t.Any]:
        """Before and after of the changed entries only, by name (secrets masked by the reconciler)."""
        before: dict[str, t.Any] = {}
        after: dict[str, t.Any] = {}
        for item in items:
            if item.diff is None or item.action not in WRITE_ACTIONS:
                continue
            key = str(item.name)
            if key in before or key in after:
                # Two entities of one name (overridden deletes every unlisted one): keep both apart.
                key = f"{key} (id {(item.current or {}).get('id')})"
            if item.diff.get("before"):
                before[key] = item.diff["before"]
            if item.diff.get("after"):
                after[key] = item.diff["after"]
        return {"before": before, "after": after}


def tags_in_use(listing: Listing, items: t.Sequence[Item]) -> list[str]:
    """The ids of the tags the kind's entities carry once the task is done (in check mode: would carry), sorted.

    The read's entities, less those the task deletes and those already being deleted, each with the
    tags its write set (or its plan would set). A failed entry counts with the tags it held and those
    it was to get: whether its write took effect is not known.
    """
    carried: dict[t.Any, set[str]] = {
        entity.get("id"): set(entity.get("tags") or ()) for entity in listing.entities
        if not resource.is_being_deleted(entity)
    }
    for item in items:
        key = (item.current or {}).get("id") or ("entry", item.position)
        if item.action == REMOVED:
            carried.pop(key, None)
        elif item.operation == "present" and item.action != UNCHANGED:
            after = item.entity if item.wrote else item.planned
            held = carried.get(key, set())
            if not isinstance(after, dict) or not isinstance(after.get("tags"), list):
                carried[key] = held  # an answer without its tags: they are taken as they were
            else:
                carried[key] = set(after["tags"]) | (held if item.action == FAILED else set())
    return sorted(set().union(*carried.values()))


def plain_user_config(kind: resource.ResourceKind, entity: Entity, schema_props: cfg.SchemaProps = None) -> dict[str, t.Any]:
    """The keys of an entity's config a user sets and may see: plain and user-defined, by the offline
    table or, for a connector it does not know, by the connector schema given.

    Values holding template markers are kept: the gathered entry carries them escaped (see escaped).
    """
    classify = kind.classify(entity.get("connector"))
    config = entity.get("config") or {}
    if classify is None:
        return {}
    index = cfg.index_props(schema_props)

    def gathered(key: str) -> bool:
        if index:
            prop = index.get(key)
            return prop is not None and cfg.is_user_defined(prop) and not cfg.is_secret_key(key, schema_props, classify)
        return classify(key) is False

    return {key: value for key, value in config.items()
            if gathered(key) and not cfg.is_withheld(value)}


# ============================================================================
# Text Ansible would template: escaped when gathered, read back from entries
# ============================================================================

def needs_escape(text: str) -> bool:
    """True for text a vars file cannot carry as it is (a Jinja marker), or that reads as escaped."""
    return text.startswith(ESCAPED_PREFIX) or any(marker in text for marker in TEMPLATE_MARKERS)


def escaped(text: str) -> str:
    """The text as gathered: unchanged, or ESCAPED_PREFIX and the text with "%" and "{" encoded."""
    if not needs_escape(text):
        return text
    return ESCAPED_PREFIX + text.replace("%", "%25").replace("{", "%7B")


def unescaped(text: str) -> str:
    """The text an entry's value stands for: what `escaped` made it from, or the value itself."""
    if not text.startswith(ESCAPED_PREFIX):
        return text
    return _ESCAPE_CODE.sub(lambda code: "%" if code.group(1) == "25" else "{", text[len(ESCAPED_PREFIX):])


def map_text(value: t.Any, convert: t.Callable[[str], str]) -> t.Any:
    """`value` with `convert` applied to every string in it (dict values and list items too, not dict keys)."""
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, dict):
        return {key: map_text(item, convert) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [map_text(item, convert) for item in value]
    return value


def entry_text(entry: t.Mapping[str, t.Any], convert: t.Callable[[str], str]) -> dict[str, t.Any]:
    """The entry with `convert` applied to the text of its TEXT_FIELDS (ids, codes and choices never need it)."""
    return {key: map_text(value, convert) if key in TEXT_FIELDS else value for key, value in entry.items()}


# ============================================================================
# The module edge
# ============================================================================

def fleet_argument_spec(fleet: FleetKind) -> dict[str, t.Any]:
    spec = auth_argument_spec()
    spec.update(
        config={"type": "list", "elements": "dict", "default": [], "options": fleet.entry_argument_spec},
        state={"type": "str", "choices": list(STATES), "default": MERGED},
        scope={"type": "dict", "options": {"name_prefix": {"type": "str"}, "tag": {"type": "str"}}},
        max_concurrent_writes={"type": "int", "default": DEFAULT_MAX_CONCURRENT_WRITES},
        **per_entry_task_options(),
    )
    return spec


def per_entry_task_options() -> dict[str, dict[str, t.Any]]:
    """The task's options each entry may set for itself (PER_ENTRY_DEFAULTS), with their defaults."""
    return dict(
        update_secrets={"type": "str", "choices": list(cfg.UPDATE_SECRETS_CHOICES), "default": "on_create"},
        validate_config={"type": "bool", "default": True},
        wait={"type": "bool", "default": False},
        wait_timeout={"type": "int", "default": 300},
        wait_interval={"type": "float", "default": 5.0},
    )


class FleetModule(StreamkapModule):
    """A plural module: secrets of every entry hidden at once, every bad entry listed at once."""

    def __init__(self, fleet: FleetKind, **kwargs: t.Any) -> None:
        self.fleet = fleet
        super().__init__(
            argument_spec=fleet_argument_spec(fleet),
            supports_check_mode=True,
            nested_secrets=self._entries_secrets,
            **kwargs,
        )

    def _entries_secrets(self, params: dict[str, t.Any]) -> set[str]:
        entries = params.get("config")
        return set().union(*(self.fleet.entry_secrets(entry) for entry in entries)) if isinstance(entries, list) else set()

    def _load_params(self) -> None:
        super()._load_params()
        entries = self.params.get("config")
        self.shape_errors = entry_validation_errors(self.fleet.entry_argument_spec, entries)
        self.entry_positions: list[int] | None = None
        if self.shape_errors:
            # Left out before AnsibleModule's own validation (which would stop at the first error), and
            # listed with every other bad entry once the rest are checked: one failure, before any write.
            refused = {error.position for error in self.shape_errors}
            self.entry_positions = [position for position in range(len(entries)) if position not in refused]
            self.params["config"] = [entries[position] for position in self.entry_positions]

    def _request(self, params: t.Mapping[str, t.Any]) -> FleetRequest:
        return FleetRequest.from_params(self.fleet, params, bad=self.shape_errors, positions=self.entry_positions)

    def run_fleet(self) -> t.NoReturn:
        """rendered answers without a client (no request at all); every other state goes through run()."""
        if self.params["state"] == RENDERED:
            try:
                self.refuse_non_text_options()
                request = self._request(self.params)
            except StreamkapError as exc:
                self.fail_json(msg=str(exc), **exc.to_result())
            self.exit_json(changed=False, rendered=request.rendered())
        self.run(
            self._request,
            lambda module, client, request: Fleet(request, client, check_mode=module.check_mode,
                                                  diff=module.diff_mode, register_secrets=module.hide,
                                                  warn=module.warn).run(),
        )
