# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The source service: find, create, update, delete, act on and wait for Streamkap sources.

The config rules (normalising, drift, redaction) live in config.py, schema validation in
schema.py; this module decides what to do with a source and talks to the API through the client.
"""

from __future__ import annotations

import dataclasses
import math
import time
import typing as t
from urllib.parse import quote

from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
)

SOURCES_PATH = "/sources"
CONNECTOR_SCHEMA_PATH = "/sources/connectors"
CREATED_FROM_CHOICES = ("api", "web", "terraform")
DESIRED_STATE_CHOICES = ("Pending", "Active", "Paused", "Stopped")
STATE_CHOICES = ("present", "absent")
SECRET_MASK = cfg.SECRET_MASK
UPDATE_SECRETS_CHOICES = cfg.UPDATE_SECRETS_CHOICES

# connector_status values in which a connector rests; the others are on the way somewhere.
SETTLED_STATUSES = frozenset({"Active", "Paused", "Stopped"})
BROKEN_STATUS = "Broken"
PENDING_DELETE = "Pending Delete"
# [likely] The API's detail when a create names a taken name: 422 {"detail": "... already exists"}.
ALREADY_EXISTS = "already exists"
_TRACE_LIMIT = 200


# --- Assumptions about the API ([guess] in the contract; see docs/api-assumptions.md) ---

# [guess] The action that drives a source to each desired_state (resume also restarts a stopped one).
ACTION_FOR_STATE = {"Active": "resume", "Paused": "pause", "Stopped": "stop"}


def action_path(source_id: str, action: str) -> str:
    """[guess] Path of a source action (pause, resume, restart, stop); known from a backend audit only.

    The body is unknown (none is sent) and so is the answer: a source-shaped answer is
    used, anything else is replaced by a fresh read.
    """
    return f"{SOURCES_PATH}/{quote(source_id, safe='')}/actions/{action}"


def source_path(source_id: str) -> str:
    return f"{SOURCES_PATH}/{quote(source_id, safe='')}"


# --- module parameters and results ---

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


def secret_config_values(config: t.Any) -> set[str]:
    """The values of secret-looking keys in a user's config (raw parameter too), for no_log_values."""
    return set(cfg.secret_values(config_param(config)))


def redact_source(source: dict[str, t.Any], secret_returned: bool, schema_props: cfg.SchemaProps = None) -> dict[str, t.Any]:
    """The source object to return to the user: secret config values masked unless asked for.

    The API withholds secrets itself when secret_returned is false (by omitting, nulling
    or masking them); this guards against an echo anyway.
    """
    if secret_returned or not isinstance(source, dict) or not isinstance(source.get("config"), dict):
        return source
    return dict(source, config=cfg.redact_config(source["config"], schema_props))


def target_status(desired_state: str | None) -> str:
    """The connector_status a source settles in for a desired_state (Pending or none: Active)."""
    return desired_state if desired_state in ("Paused", "Stopped") else "Active"


def state_action(desired_state: str | None, source: dict[str, t.Any]) -> str | None:
    """The action driving `source` to `desired_state`, or None when none is needed.

    Needed when connector_status differs from the target, unless the source is already
    on its way there (its desired_state is the target and its status is not a resting one).
    A Broken source that should run is not restarted behind the user's back: `wait` reports it.
    """
    action = ACTION_FOR_STATE.get(desired_state or "")
    if action is None:
        return None
    status = source.get("connector_status")
    if status == desired_state:
        return None
    if source.get("desired_state") == desired_state and status not in SETTLED_STATUSES:
        return None
    return action


class SourceStateError(StreamkapError):
    """A source did not reach the status waited for (Broken, timed out, or gone)."""

    def __init__(self, message: str, source: dict[str, t.Any] | None = None) -> None:
        super().__init__(message)
        self.source = source
        # Whether the task wrote something before the wait failed.
        self.changed = False

    def to_result(self) -> dict[str, t.Any]:
        result: dict[str, t.Any] = {"changed": self.changed}
        if self.source is not None:
            result["source"] = self.source
        return result


# --- what the user asked for ---

@dataclasses.dataclass(frozen=True)
class SourceSpec:
    """What the user asked for, from the module parameters."""

    name: str | None = None
    connector: str | None = None
    config: dict[str, t.Any] | None = None
    id: str | None = None
    created_from: str = "api"
    desired_state: str | None = None
    secret_returned: bool = False
    update_secrets: str = "on_create"
    validate_config: bool = True
    wait: bool = False
    wait_timeout: float = 300
    wait_interval: float = 5

    @classmethod
    def from_params(cls, params: dict[str, t.Any]) -> SourceSpec:
        spec = cls(
            name=params.get("name"),
            connector=params.get("connector"),
            config=params.get("config"),
            id=params.get("id"),
            created_from=params.get("created_from") or "api",
            desired_state=params.get("desired_state"),
            secret_returned=bool(params.get("secret_returned")),
            update_secrets=params.get("update_secrets") or "on_create",
            validate_config=params.get("validate_config", True) is not False,
            wait=bool(params.get("wait")),
            wait_timeout=params.get("wait_timeout", 300),
            wait_interval=params.get("wait_interval", 5),
        )
        spec.check()
        return spec

    def check(self) -> None:
        if not self.name and not self.id:
            raise StreamkapError("Give the source's name or its id.")
        if self.id is not None and self.id.strip() in ("", ".", ".."):
            # URL normalisation would turn these into another path.
            raise StreamkapError(f"id {self.id!r} is not a source id.")
        inputs.check_identifier("name", self.name)
        inputs.check_identifier("id", self.id)
        inputs.check_connector_code(self.connector)
        errors = inputs.config_errors(self.config)
        if errors:
            raise StreamkapError(f"Invalid config: {'; '.join(errors)}. Nothing was sent.")
        if self.wait_timeout < 0:
            raise StreamkapError("wait_timeout must not be negative.")
        if not (math.isfinite(self.wait_interval) and self.wait_interval > 0):
            raise StreamkapError("wait_interval must be greater than 0 (a finite number of seconds).")

    @property
    def desired_config(self) -> dict[str, t.Any]:
        """The user's config without unset (None) values."""
        return {key: value for key, value in (self.config or {}).items() if value is not None}

    def missing_for_create(self) -> list[str]:
        return [option for option in ("name", "connector", "config") if getattr(self, option) is None]

    def create_body(self) -> dict[str, t.Any]:
        """The POST /sources body: only the fields the user set, plus created_from."""
        body: dict[str, t.Any] = {
            "name": self.name,
            "connector": self.connector,
            "config": self.desired_config,
            "created_from": self.created_from,
        }
        if self.desired_state is not None:
            body["desired_state"] = self.desired_state
        return body

    def predicted_source(self, schema_props: cfg.SchemaProps = None) -> dict[str, t.Any]:
        """The would-be object shown in check mode: the desired body, no id, secrets masked."""
        body = self.create_body()
        return dict(body, id=None, config=cfg.redact_config(body["config"], schema_props))


@dataclasses.dataclass
class UpdatePlan:
    """What must change on an existing source."""

    new_name: str | None
    drift: cfg.ConfigDrift
    action: str | None

    @property
    def needs_put(self) -> bool:
        return self.new_name is not None or self.drift.needs_update

    @property
    def needs_write(self) -> bool:
        return self.needs_put or self.action is not None


@dataclasses.dataclass(frozen=True)
class SourceFilters:
    """What streamkap_source_info looks for: every filter given must hold, any value of a list."""

    names: tuple[str, ...] = ()
    partial_name: str | None = None
    ids: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    secret_returned: bool = False

    @classmethod
    def from_params(cls, params: dict[str, t.Any]) -> SourceFilters:
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

    def server_params(self) -> dict[str, str]:
        """The query filters the API applies (id and exact names aside)."""
        params = {"secret_returned": _query_bool(self.secret_returned)}
        if self.partial_name:
            params["partial_name"] = self.partial_name
        if self.connectors:
            params["connector"] = ",".join(self.connectors)
        if self.statuses:
            params["status"] = ",".join(self.statuses)
        return params


def _no_secrets(values: t.Iterable[str]) -> None:
    """Default for SourceService.register_secrets: nowhere to register them."""


# --- the service ---

class SourceService:
    """Operations on Streamkap sources. Raises StreamkapError (or one of its subclasses).

    `register_secrets` receives secret values found once the connector schema is known
    (the module adds them to its no_log_values); `sleep` and `clock` drive the waits.
    """

    def __init__(
        self,
        client: StreamkapClient,
        register_secrets: t.Callable[[t.Iterable[str]], None] = _no_secrets,
        sleep: t.Callable[[float], None] = time.sleep,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.register_secrets = register_secrets
        self.sleep = sleep
        self.clock = clock

    # --- reads ---

    def find_by_name(self, name: str, secret_returned: bool = False) -> dict[str, t.Any] | None:
        """The source whose name equals `name` exactly (case-sensitive), or None.

        `partial_name` is a substring filter, so every page is read and matched here.
        Names are unique per tenant; more than one match means something is off and
        nothing should be changed.
        """
        matches = self.sources_named(name, {"secret_returned": _query_bool(secret_returned)})
        if len(matches) > 1:
            ids = ", ".join(str(item.get("id")) for item in matches)
            raise StreamkapError(
                f"{len(matches)} sources are named {name!r} (ids: {ids}); names should be unique. "
                "Nothing was changed: address one of them with id, or remove or rename the duplicates first."
            )
        return matches[0] if matches else None

    def sources_named(self, name: str, params: dict[str, t.Any] | None = None) -> list[dict[str, t.Any]]:
        """Every source whose name equals `name` exactly (case-sensitive), all pages read.

        The API's only name filter, `partial_name`, matches substrings (ignoring case), so
        the exact match happens here. `params` are further query filters sent along.
        """
        query = dict(params or {}, partial_name=name)
        return [item for item in self.client.paginate(SOURCES_PATH, params=query) if item.get("name") == name]

    def list_sources(self, filters: SourceFilters) -> list[dict[str, t.Any]]:
        """The sources matching every filter given (any value of a list filter), secrets masked
        unless filters.secret_returned; each source once, in the order the API lists them.

        connector, status, partial_name and id are filtered by the API. The API takes one id
        per query, so a list of ids costs one query each; so does a list of exact names,
        which are matched here (see sources_named).
        """
        common = filters.server_params()
        if filters.ids:
            items: t.Iterable[dict[str, t.Any]] = (
                item
                for source_id in filters.ids
                for item in self.client.paginate(SOURCES_PATH, params=dict(common, id=source_id))
                if not filters.names or item.get("name") in filters.names
            )
        elif filters.names:
            items = (item for name in filters.names for item in self.sources_named(name, common))
        else:
            items = self.client.paginate(SOURCES_PATH, params=common)
        found: dict[t.Any, dict[str, t.Any]] = {}
        for item in items:
            found.setdefault(item.get("id"), item)
        return [redact_source(item, filters.secret_returned) for item in found.values()]

    def get_by_id(self, source_id: str, secret_returned: bool = False) -> dict[str, t.Any] | None:
        """GET /sources/{id}; None when absent (an empty result or a 404 both mean absent)."""
        try:
            answer = self.client.get(source_path(source_id), params={"secret_returned": _query_bool(secret_returned)})
        except StreamkapApiError as exc:
            if exc.status == 404:
                return None
            raise
        # The endpoint answers the list envelope; a bare object is accepted as well.
        if isinstance(answer, dict) and isinstance(answer.get("result"), list):
            items = [item for item in answer["result"] if isinstance(item, dict)]
            return items[0] if items else None
        if isinstance(answer, dict) and answer.get("id"):
            return answer
        return None

    def find(self, spec: SourceSpec) -> dict[str, t.Any] | None:
        if spec.id:
            return self.get_by_id(spec.id, secret_returned=spec.secret_returned)
        return self.find_by_name(t.cast(str, spec.name), secret_returned=spec.secret_returned)

    def connector_schema(self, connector: str) -> list[dict[str, t.Any]] | None:
        """The connector's property definitions, or None when the service lists none."""
        # Imported here: only a create or an update reads a schema, so a no-op run never compiles it.
        from ansible_collections.streamkap.cloud.plugins.module_utils import schema

        answer = self.client.get(CONNECTOR_SCHEMA_PATH, params={"connector_code": connector})
        try:
            props = schema.parse_connector_schema(answer)
        except ValueError as exc:
            raise StreamkapError(f"Cannot read the config schema of connector {connector!r}: {exc}.") from None
        return props or None

    # --- writes ---

    def create(self, spec: SourceSpec) -> dict[str, t.Any]:
        """POST /sources once; return the API's answer."""
        params = {"secret_returned": _query_bool(spec.secret_returned)}
        return self.client.post(SOURCES_PATH, body=spec.create_body(), params=params)

    def create_once(self, spec: SourceSpec) -> tuple[dict[str, t.Any], bool]:
        """Create the source without ever creating it twice; return (source, created_by_this_run).

        After an ambiguous failure (5xx, timeout, connection lost after sending) the name
        is looked up: a source found is adopted as this run's creation; when none is found
        the POST is repeated, within the client's retry budget. A 422 "already exists"
        (another run won a race) also leads to the lookup; that source is not this run's.
        Either way the adopted source must use the connector asked for.
        """
        ambiguous_failures = 0
        while True:
            try:
                return self.create(spec), True
            except StreamkapAmbiguousWriteError as exc:
                ambiguous_failures += 1
                found = self._lookup_after_failed_create(spec, exc)
                if found is not None:
                    return found, True
                if ambiguous_failures > self.client.retries:
                    raise
                reason = f"{exc.detail}; no source named {spec.name!r} exists"
                self.client.backoff("POST", SOURCES_PATH, _shorten(reason), ambiguous_failures)
            except StreamkapApiError as exc:
                if not says_already_exists(exc):
                    raise
                found = self._lookup_after_failed_create(spec, exc)
                if found is None:
                    raise StreamkapApiError(
                        exc.detail, status=exc.status, method=exc.method, path=exc.path, request_id=exc.request_id,
                        hint=(f"No source named {spec.name!r} is visible to these credentials: it is probably held by "
                              "a source in another service of the tenant. Choose another name, or remove that source. "
                              "Nothing was changed"),
                    ) from None
                # Created by another run, unless an earlier attempt of this one was applied after all.
                return found, ambiguous_failures > 0

    def _lookup_after_failed_create(self, spec: SourceSpec, failure: StreamkapApiError) -> dict[str, t.Any] | None:
        """The source named spec.name after a create failed; refused when its connector differs."""
        try:
            found = self.find_by_name(t.cast(str, spec.name), secret_returned=spec.secret_returned)
        except StreamkapError as exc:
            raise StreamkapError(f"{failure}; looking source {spec.name!r} up afterwards failed too: {exc}") from None
        if found is not None and found.get("connector") != spec.connector:
            raise StreamkapError(
                f"Cannot create source {spec.name!r} with connector {spec.connector!r}: a source of that name now "
                f"exists with connector {found.get('connector')!r} (id {found.get('id')}), found after: {failure}. "
                "Nothing was changed: choose another name, or delete that source first."
            )
        return found

    def update(self, source_id: str, body: dict[str, t.Any], secret_returned: bool) -> dict[str, t.Any]:
        """PUT /sources/{id} with name, connector and the full user config; return the API's answer."""
        return self.client.put(source_path(source_id), body=body, params={"secret_returned": _query_bool(secret_returned)})

    def act(self, source: dict[str, t.Any], action: str, secret_returned: bool) -> dict[str, t.Any]:
        """POST the action; return the source after it (the answer when source-shaped, else a fresh read)."""
        # Pausing a paused source changes nothing, so a lost answer may be followed by a repeat.
        answer = self.client.post(action_path(source["id"], action), idempotent=True)
        if isinstance(answer, dict) and answer.get("id") == source["id"] and "connector_status" in answer:
            return answer
        return self.get_by_id(source["id"], secret_returned=secret_returned) or source

    def delete(self, source_id: str) -> dict[str, t.Any] | None:
        """DELETE /sources/{id}; the deleted object, or None when the API answered 404 (already gone)."""
        try:
            answer = self.client.delete(source_path(source_id))
        except StreamkapApiError as exc:
            if exc.status == 404:
                return None
            if exc.status == 409 and exc.attempts > 1 and self._deletion_under_way(source_id):
                # An earlier attempt was applied; its answer was lost.
                return None
            raise
        return answer if isinstance(answer, dict) and answer.get("id") else None

    def _deletion_under_way(self, source_id: str) -> bool:
        current = self.get_by_id(source_id)
        return current is None or is_being_deleted(current)

    # --- waits ---

    def wait_for_status(self, source: dict[str, t.Any], target: str, spec: SourceSpec,
                        schema_props: cfg.SchemaProps = None) -> dict[str, t.Any]:
        """Poll GET /sources/{id} until connector_status is `target`.

        Broken fails at once with the task statuses; a timeout fails with the last status seen.
        """
        deadline = self.clock() + spec.wait_timeout
        while True:
            status = source.get("connector_status")
            if status == target:
                return source
            if status == BROKEN_STATUS:
                raise SourceStateError(
                    f"Source {source.get('name')!r} (id {source.get('id')}) is Broken instead of {target}: "
                    f"{describe_task_statuses(source.get('task_statuses'))}.",
                    redact_source(source, spec.secret_returned, schema_props),
                )
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise SourceStateError(
                    f"Source {source.get('name')!r} (id {source.get('id')}) did not reach connector_status {target} "
                    f"within {spec.wait_timeout:g} seconds; last status: {status}.",
                    redact_source(source, spec.secret_returned, schema_props),
                )
            self.sleep(min(spec.wait_interval, remaining))
            fresh = self.get_by_id(source["id"], secret_returned=spec.secret_returned)
            if fresh is None:
                raise SourceStateError(
                    f"Source {source.get('name')!r} (id {source.get('id')}) disappeared while waiting for {target}."
                )
            source = fresh

    def wait_until_gone(self, source: dict[str, t.Any], spec: SourceSpec) -> None:
        """Poll GET /sources/{id} until the source no longer appears; fail after wait_timeout."""
        deadline = self.clock() + spec.wait_timeout
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise SourceStateError(
                    f"Source {source.get('name')!r} (id {source.get('id')}) still exists {spec.wait_timeout:g} seconds "
                    f"after its deletion; last status: {source.get('connector_status')}."
                )
            self.sleep(min(spec.wait_interval, remaining))
            fresh = self.get_by_id(source["id"])
            if fresh is None:
                return
            source = fresh

    def _wait_after_write(self, source: dict[str, t.Any], target: str, spec: SourceSpec,
                          schema_props: cfg.SchemaProps, changed: bool) -> dict[str, t.Any]:
        try:
            return self.wait_for_status(source, target, spec, schema_props)
        except SourceStateError as exc:
            exc.changed = changed
            raise

    # --- state: present ---

    def ensure_present(self, spec: SourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Create the source, or bring an existing one in line. Returns {"changed", "source"[, "diff"]}."""
        current = self.find(spec)
        if current is None:
            if spec.id:
                raise StreamkapError(
                    f"No source has id {spec.id!r}. A new source gets its id from the service: "
                    "leave out id (and give name, connector and config) to create one."
                )
            return self._create(spec, check_mode, diff)
        if is_being_deleted(current):
            raise StreamkapError(
                f"Source {current.get('name')!r} (id {current.get('id')}) is being deleted and cannot be changed. "
                "Wait until it is gone (state=absent with wait=true), then create it again."
            )
        return self._converge(spec, current, check_mode, diff)

    def _create(self, spec: SourceSpec, check_mode: bool, diff: bool) -> dict[str, t.Any]:
        missing = spec.missing_for_create()
        if missing:
            raise StreamkapError(f"Source {spec.name!r} does not exist, and creating it needs: {', '.join(missing)}.")
        props = self._checked_schema(spec, t.cast(str, spec.connector), spec.desired_config) if spec.validate_config else None
        result: dict[str, t.Any] = {"changed": True}
        if diff:
            result["diff"] = {
                "before": {},
                "after": cfg.diff_view(spec.name, spec.connector, spec.desired_state, spec.desired_config, props),
            }
        if check_mode:
            return dict(result, source=spec.predicted_source(props))
        source, created_here = self.create_once(spec)
        if not created_here:
            # Another run created it first: bring it in line like any existing source.
            return self._converge(spec, source, check_mode=False, diff=diff)
        if spec.wait:
            source = self._wait_after_write(source, target_status(spec.desired_state), spec, props, changed=True)
        return dict(result, source=redact_source(source, spec.secret_returned, props))

    def _converge(self, spec: SourceSpec, current: dict[str, t.Any], check_mode: bool, diff: bool) -> dict[str, t.Any]:
        self._refuse_connector_change(spec, current)
        desired = spec.desired_config
        plan = self._plan(spec, current, desired, None)
        props = None
        if plan.needs_put and spec.validate_config:
            # Something to write: now the schema is worth its request (validation, exact secrets, defaults).
            props = self._checked_schema(spec, current["connector"], desired, existing=current.get("config") or {})
            plan = self._plan(spec, current, desired, props)
        if plan.needs_put:
            self._refuse_set_once_changes(current, desired, props)

        result: dict[str, t.Any] = {"changed": plan.needs_write}
        if diff:
            result["diff"] = self._update_diff(spec, current, plan, desired, props)
        if check_mode:
            return dict(result, source=redact_source(self._predicted_update(spec, current, plan, desired), spec.secret_returned, props))

        source = current
        if plan.needs_put:
            body = {
                "name": plan.new_name or current["name"],
                "connector": current["connector"],
                "config": cfg.config_for_update(current.get("config"), desired, plan.drift, props),
            }
            source = self.update(current["id"], body, spec.secret_returned)
        if plan.action:
            source = self.act(source, plan.action, spec.secret_returned)
        if spec.wait:
            target = target_status(spec.desired_state or current.get("desired_state"))
            source = self._wait_after_write(source, target, spec, props, changed=plan.needs_write)
        return dict(result, source=redact_source(source, spec.secret_returned, props))

    def _plan(self, spec: SourceSpec, current: dict[str, t.Any], desired: dict[str, t.Any],
              props: cfg.SchemaProps) -> UpdatePlan:
        new_name = spec.name if spec.name and spec.name != current.get("name") else None
        drift = cfg.config_diff(desired, current.get("config") or {}, props, spec.update_secrets)
        return UpdatePlan(new_name=new_name, drift=drift, action=state_action(spec.desired_state, current))

    def _checked_schema(self, spec: SourceSpec, connector: str, desired: dict[str, t.Any],
                        existing: dict[str, t.Any] | None = None) -> cfg.SchemaProps:
        """Fetch the connector schema, register the secrets it reveals, and validate the desired config."""
        from ansible_collections.streamkap.cloud.plugins.module_utils import schema  # see connector_schema

        props = self.connector_schema(connector)
        if props is None:
            return None
        self.register_secrets(cfg.secret_values(desired, props))
        errors = schema.validate_config(desired, props, existing=existing)
        if errors:
            raise StreamkapError(
                f"Invalid config for source {spec.name or spec.id!r} (connector {connector!r}): {'; '.join(errors)}. "
                "Nothing was changed (set validate_config=false to skip this check)."
            )
        return props

    @staticmethod
    def _refuse_connector_change(spec: SourceSpec, current: dict[str, t.Any]) -> None:
        if spec.connector and spec.connector != current.get("connector"):
            raise StreamkapError(
                f"Source {current.get('name')!r} (id {current.get('id')}) uses connector {current.get('connector')!r}; "
                f"the connector cannot change to {spec.connector!r}. Nothing was changed: to switch, delete the source "
                "(state=absent) and create it again."
            )

    @staticmethod
    def _refuse_set_once_changes(current: dict[str, t.Any], desired: dict[str, t.Any], props: cfg.SchemaProps) -> None:
        keys = cfg.immutable_changes(current.get("connector") or "", desired, current.get("config") or {}, props)
        if keys:
            listed = ", ".join(f"'{key}'" for key in keys)
            raise StreamkapError(
                f"Source {current.get('name')!r} (id {current.get('id')}): config key(s) {listed} are set once at "
                "creation and cannot change. Nothing was changed: to use new values, delete the source (state=absent) "
                "and create it again."
            )

    @staticmethod
    def _predicted_update(spec: SourceSpec, current: dict[str, t.Any], plan: UpdatePlan,
                          desired: dict[str, t.Any]) -> dict[str, t.Any]:
        predicted = dict(current, config=cfg.predicted_config(current.get("config"), desired, plan.drift))
        if plan.new_name:
            predicted["name"] = plan.new_name
        if plan.action:
            predicted["desired_state"] = spec.desired_state
        return predicted

    @staticmethod
    def _update_diff(spec: SourceSpec, current: dict[str, t.Any], plan: UpdatePlan, desired: dict[str, t.Any],
                     props: cfg.SchemaProps) -> dict[str, t.Any]:
        before_config, after_config = cfg.config_change_views(desired, current.get("config"), plan.drift, props)
        return {
            "before": cfg.diff_view(current.get("name"), current.get("connector"), current.get("desired_state"), before_config, props),
            "after": cfg.diff_view(
                plan.new_name or current.get("name"), current.get("connector"),
                spec.desired_state if plan.action else current.get("desired_state"), after_config, props,
            ),
        }

    # --- state: absent ---

    def ensure_absent(self, spec: SourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Delete the one source addressed by id or exact name. Returns {"changed", "source"[, "diff"]}."""
        current = self.find(spec)
        if current is None:
            result: dict[str, t.Any] = {"changed": False, "source": {}}
            return dict(result, diff={"before": {}, "after": {}}) if diff else result
        if spec.id and spec.name and current.get("name") != spec.name:
            raise StreamkapError(
                f"Source id {spec.id!r} is named {current.get('name')!r}, not {spec.name!r}. "
                "Nothing was deleted: give the matching name, or only the id."
            )
        if is_being_deleted(current):
            # Deleted earlier (deletion is asynchronous): nothing to do but, maybe, wait.
            if spec.wait and not check_mode:
                self.wait_until_gone(current, spec)
            return self._absent_result(current, spec, changed=False, diff=diff)
        result = self._absent_result(current, spec, changed=True, diff=diff)
        if check_mode:
            return result
        deleted = self.delete(current["id"])
        if deleted is not None:
            result["source"] = redact_source(deleted, spec.secret_returned)
        if spec.wait:
            try:
                self.wait_until_gone(deleted or current, spec)
            except SourceStateError as exc:
                exc.changed = True
                raise
        return result

    @staticmethod
    def _absent_result(current: dict[str, t.Any], spec: SourceSpec, changed: bool, diff: bool) -> dict[str, t.Any]:
        result = {"changed": changed, "source": redact_source(current, spec.secret_returned)}
        if diff:
            # A source already being deleted counts as gone on both sides.
            user_config = cfg.merged_user_config(current.get("config"), {})
            before = cfg.diff_view(current.get("name"), current.get("connector"), current.get("desired_state"), user_config)
            result["diff"] = {"before": before if changed else {}, "after": {}}
        return result

    def run(self, state: str, spec: SourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Dispatch on `state`."""
        if state == "present":
            return self.ensure_present(spec, check_mode=check_mode, diff=diff)
        if state == "absent":
            return self.ensure_absent(spec, check_mode=check_mode, diff=diff)
        raise StreamkapError(f"state={state} is not supported.")


def is_being_deleted(source: dict[str, t.Any]) -> bool:
    """True for a source whose deletion is under way (it stays visible for a while)."""
    return PENDING_DELETE in (source.get("connector_status"), source.get("desired_state"))


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
            first = trace[0] if len(trace[0]) <= _TRACE_LIMIT else f"{trace[0][:_TRACE_LIMIT]}..."
            text += f" ({first})"
        parts.append(text)
    return "; ".join(parts)


def says_already_exists(exc: StreamkapApiError) -> bool:
    """True for the API's answer to a create whose name is taken (422, or a 409 Conflict)."""
    return exc.status in (409, 422) and ALREADY_EXISTS in (exc.detail or "").lower()


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else f"{text[:limit - 3]}..."


def _query_bool(value: bool) -> str:
    # FastAPI reads lowercase booleans; requests would send "True".
    return "true" if value else "false"
