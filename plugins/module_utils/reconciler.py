# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The resource engine's *reconciler*: find the entity, plan what must change, and hand a change to
changes.py (create once, PUT, act, DELETE, check-mode prediction, diff, wait).

changes.py is imported on first need: AnsiballZ compiles every module_utils file it imports on
every run, so a run that changes nothing (most runs of a converged playbook) never compiles it.
"""

from __future__ import annotations

import threading
import time
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import (
    REDEPLOYED,
    WRITTEN,
    Entity,
    ResourceKind,
    ResourceSpec,
    is_being_deleted,
)

if t.TYPE_CHECKING:  # only for type hints: tagging is imported when a task gives tags
    from ansible_collections.streamkap.cloud.plugins.module_utils import tagging
    from ansible_collections.streamkap.cloud.plugins.module_utils.changes import Changes


class UpdatePlan:
    """What must change on an existing entity."""

    __slots__ = ("new_name", "drift", "action", "tags", "fields")

    def __init__(self, new_name: str | None, drift: cfg.ConfigDrift, action: str | None,
                 tags: tagging.TagPlan | None = None, fields: t.Mapping[str, t.Any] | None = None) -> None:
        self.new_name = new_name
        self.drift = drift
        self.action = action
        self.tags = tags
        self.fields = fields or {}              # see ResourceSpec.field_changes

    def without_tags(self) -> UpdatePlan:
        return UpdatePlan(self.new_name, self.drift, self.action, None, self.fields)

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
    return dict(entity, config=cfg.redact_config(entity["config"], schema_props, classify=kind.classify(kind.connector_of(entity))))


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
        self.register_secrets = register_secrets
        self.sleep = sleep
        self.clock = clock
        self._listed: dict[str, list[Entity]] = {}
        self._listed_lock = threading.Lock()

    def changes(self) -> Changes:
        """What carries out a change (see the module docstring for why it is imported here)."""
        from ansible_collections.streamkap.cloud.plugins.module_utils.changes import Changes

        return Changes(self)

    # --- what the user sees ---

    def shown(self, entity: Entity, secret_returned: bool, props: cfg.SchemaProps = None) -> Entity:
        return redact_entity(self.kind, entity, secret_returned, props)

    def _tag_request(self, spec: ResourceSpec, check_mode: bool = False) -> tagging.TagRequest | None:
        """The user's tags resolved to ids (one GET /tags), or None when they are to be left alone.

        Resolved before anything else, so an unknown tag fails the task before any write
        (in check mode: a warning, see TagRequest.resolve).
        """
        if not self.kind.taggable or spec.tags is None:
            return None
        from ansible_collections.streamkap.cloud.plugins.module_utils import tagging

        request = tagging.TagRequest.from_catalog(self._tag_catalog(), spec.tags, spec.purge_tags, self.check_run(check_mode))
        warning = request.warning()
        if warning:
            self.warn(warning)
        return request

    def _tag_catalog(self) -> tagging.TagCatalog:
        from ansible_collections.streamkap.cloud.plugins.module_utils import tagging

        return tagging.TagCatalog.read(self.repository.client)

    def _references(self, spec: ResourceSpec, check_mode: bool) -> dict[str, Entity]:
        return spec.resolve_references(self.find_reference, self.check_run(check_mode), self.warn)

    def check_run(self, check_mode: bool) -> bool:
        """Whether a check-mode plan belongs to a check run, whose earlier tasks only planned.

        Then what they would have done (create a tag or a pipeline's end, delete the pipeline
        using an entity) is assumed, with a warning, where a real run fails. A fleet task plans
        in check mode before it writes: its plans are no check run.
        """
        return check_mode

    # --- reads ---

    def find_reference(self, kind: ResourceKind, ref: t.Any) -> Entity | None:
        """The entity of another kind `ref` names (by id, else exact name), for a spec's resolve_references."""
        repository = Repository(self.repository.client, kind)
        if ref.id:
            return repository.get(ref.id)
        return repository.find_by_name(t.cast(str, ref.name))

    def every(self) -> t.Iterable[Entity]:
        """Every entity of the kind (every page), for a spec's refuse_name."""
        return self.repository.list({})

    def listed(self, kind: ResourceKind) -> list[Entity]:
        """Every entity of another kind, read once per reconciler (one task), for a spec's with_references."""
        with self._listed_lock:
            if kind.path not in self._listed:
                self._listed[kind.path] = Repository(self.repository.client, kind).list_all()
            return self._listed[kind.path]

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
        if state == REDEPLOYED and self.kind.redeployable:
            return self.changes().redeploy(spec, check_mode=check_mode)
        raise StreamkapError(f"state={state} is not supported.")

    # --- state: present ---

    def ensure_present(self, spec: ResourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Create the entity, or bring an existing one in line. Returns {"changed", <result_key>[, "diff"]}."""
        spec = spec.with_references(self.listed, self.check_run(check_mode), self.warn)
        tags = self._tag_request(spec, check_mode)
        current = self.find(spec)
        if current is None:
            spec.refuse_create()
            if spec.id:
                needed = spec.missing_for_create()
                give = f" (and give {', '.join(needed)})" if needed else ""
                raise StreamkapError(
                    f"No {self.kind.noun} has id {spec.id!r}. A new {self.kind.noun} gets its id from the service: "
                    f"leave out id{give} to create one."
                )
            result = self.changes().create(spec, check_mode, diff, tags)
        elif is_being_deleted(current):
            raise StreamkapError(
                f"{self.kind.label(current)} is being deleted and cannot be changed. "
                "Wait until it is gone (state=absent with wait=true), then create it again."
            )
        else:
            result = self.converge(spec, current, check_mode, diff, tags)
        return spec.settle(self, result, result.pop(WRITTEN, ()), check_mode)

    def converge(self, spec: ResourceSpec, current: Entity, check_mode: bool, diff: bool,
                 tags: tagging.TagRequest | None = None) -> dict[str, t.Any]:
        """Bring an existing entity in line; an entity already in line is answered here, without changes.py."""
        self._refuse_connector_change(spec, current)
        plan = self.plan(spec, current, spec.desired_config, None, tags)
        spec.refuse_change(current, plan.changes())
        if plan.new_name is not None:
            spec.refuse_name(plan.new_name, current, self.every)
        if plan.needs_write or check_mode or diff or (spec.wait and self.kind.waits_on_connector_status):
            return self.changes().converge(spec, current, plan, check_mode, diff, tags)
        return {"changed": False, self.kind.result_key: self.shown(current, spec.secret_returned)}

    def plan(self, spec: ResourceSpec, current: Entity, desired: dict[str, t.Any], props: cfg.SchemaProps,
             tags: tagging.TagRequest | None = None) -> UpdatePlan:
        new_name = spec.name if spec.name and spec.name != current.get("name") else None
        classify = self.kind.classify(self.kind.connector_of(current))
        drift = cfg.config_diff(desired, current.get("config") or {}, props, spec.update_secrets, classify=classify)
        action = self.kind.state_action(spec.desired_state, current) if self.kind.state_action else None
        return UpdatePlan(new_name=new_name, drift=drift, action=action, tags=tags.plan(current) if tags else None,
                          fields=spec.field_changes(current))

    def _refuse_connector_change(self, spec: ResourceSpec, current: Entity) -> None:
        word, connector = self.kind.connector_word, self.kind.connector_of(current)
        if spec.connector and spec.connector != connector:
            raise StreamkapError(
                f"{self.kind.label(current)} uses {word} {connector!r}; "
                f"the {word} cannot change to {spec.connector!r}. Nothing was changed: to switch, delete the "
                f"{self.kind.noun} (state=absent) and create it again."
            )

    # --- state: absent ---

    def ensure_absent(self, spec: ResourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Delete the one entity addressed by id or exact name. Returns {"changed", <result_key>[, "diff"]}."""
        return self.changes().ensure_absent(spec, check_mode, diff)
