# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What the reconciler does once something must change: create once, PUT, act, DELETE, and the
check-mode prediction and diff of each; waiter.py polls afterwards when the task asks to wait.

Imported by reconciler.py on first need only (see its docstring); config_changes.py and
waiter.py in turn only by what uses them.
"""

from __future__ import annotations

import types
import typing as t
from functools import partial

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler, UpdatePlan
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import ADOPTED_THEIRS, CREATED
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import (
    WRITTEN,
    Entity,
    ResourceSpec,
    WaitError,
    is_being_deleted,
)

if t.TYPE_CHECKING:
    from ansible_collections.streamkap.cloud.plugins.module_utils import tagging
    from ansible_collections.streamkap.cloud.plugins.module_utils.waiter import Waiter


def _config_changes() -> types.ModuleType:
    """config_changes.py, imported on first use: a create that shows no diff never needs it."""
    from ansible_collections.streamkap.cloud.plugins.module_utils import config_changes

    return config_changes


class Changes:
    """One reconciler's writes, with their check-mode predictions and diffs."""

    def __init__(self, reconciler: Reconciler) -> None:
        self.reconciler = reconciler
        self.kind = reconciler.kind
        self.repository = reconciler.repository
        self.shown = reconciler.shown
        self.register_secrets = reconciler.register_secrets

    def waiter(self) -> Waiter:
        from ansible_collections.streamkap.cloud.plugins.module_utils.waiter import Waiter  # only a wait needs it

        return Waiter(self.repository, self.reconciler.sleep, self.reconciler.clock)

    def _entity_view(self, entity: Entity, config: cfg.Config | None, props: cfg.SchemaProps,
                     tag_names: list[str] | None = None) -> dict[str, t.Any]:
        """One side of a diff: the kind's own view of the entity, or the connector view with `config`."""
        if self.kind.diff_view is None:
            return self._diff_view(entity.get("name"), self.kind.connector_of(entity), entity.get("desired_state"), config,
                                   props, tag_names)
        view = self.kind.diff_view(entity)
        if tag_names is not None:
            view["tags"] = tag_names
        return view

    def _diff_view(self, name: str | None, connector: str | None, desired_state: str | None,
                   config: cfg.Config | None, props: cfg.SchemaProps, tag_names: list[str] | None = None) -> dict[str, t.Any]:
        view = _config_changes().diff_view(name, connector, desired_state, config, props, classify=self.kind.classify(connector))
        if "desired_state" not in self.kind.body_fields:
            del view["desired_state"]
        if tag_names is not None:
            view["tags"] = tag_names
        return view

    def create(self, spec: ResourceSpec, check_mode: bool, diff: bool, tags: tagging.TagRequest | None) -> dict[str, t.Any]:
        missing = spec.missing_for_create()
        if missing:
            raise StreamkapError(f"{self.kind.title()} {spec.name!r} does not exist, and creating it needs: {', '.join(missing)}.")
        spec.refuse_name(t.cast(str, spec.name), None, self.reconciler.every)
        references = self.reconciler._references(spec, check_mode)
        props = None
        if spec.validate_config and self.kind.has_config:
            props = self._checked_schema(spec, t.cast(str, spec.connector), spec.desired_config)
        tag_plan = tags.plan(None) if tags else None
        body = spec.create_body(self.kind, references)
        if tag_plan:
            body["tags"] = list(tag_plan.planned)
        # What the body cannot carry (a transform's implementation): written by a PUT right after the POST.
        later = spec.field_changes(self.kind.predicted_create(body)) if self.kind.fields_after_create else {}
        result: dict[str, t.Any] = {"changed": True, WRITTEN: ("created",)}
        if diff:
            view = self._entity_view(self.kind.apply_fields(body, later) if later else body,
                                     _config_changes().stored_config(spec.desired_config, props), props,
                                     tag_plan.after_names() if tag_plan else None)
            result["diff"] = self._headed({"before": {}, "after": view}, spec.name)
        if check_mode:
            predicted = self.kind.predicted_create(body)
            if later:
                predicted = self.kind.apply_fields(predicted, later)
            if self.kind.has_config:
                # Numbers and JSON given as text, as the service will store them.
                predicted["config"] = _config_changes().stored_config(body.get("config") or {}, props)
            return dict(result, **{self.kind.result_key: self.shown(predicted, False, props)})
        entity, outcome = self.repository.create_once(body, spec.secret_returned)
        if outcome != CREATED or later:
            # Adopted: whoever created it, it may differ from this task; converge like any existing one. Created
            # with fields its body could not carry: converge writes them.
            converged = self.reconciler.converge(spec, entity, check_mode=False, diff=diff and outcome != CREATED, tags=tags)
            if outcome != ADOPTED_THEIRS:
                converged.update(changed=True, **{WRITTEN: ("created",)})
            if outcome == CREATED and diff:
                converged["diff"] = result["diff"]
            return converged
        if spec.wait and self.kind.waits_on_connector_status:
            entity = self._wait_after_write(entity, self.kind.target_status(spec.desired_state), spec, props, changed=True)
        return dict(result, **{self.kind.result_key: self.shown(entity, spec.secret_returned, props)})

    def converge(self, spec: ResourceSpec, current: Entity, plan: UpdatePlan, check_mode: bool, diff: bool,
                 tags: tagging.TagRequest | None = None) -> dict[str, t.Any]:
        """Carry out (or, in check mode, predict) the plan made on an existing entity."""
        desired = spec.desired_config
        props = None
        if plan.needs_put and spec.validate_config and self.kind.has_config:
            # Something to write: now the schema is worth its request (validation, exact secrets,
            # defaults, how the service stores numbers and JSON).
            props = self._checked_schema(spec, self.kind.connector_of(current), desired, existing=current.get("config") or {})
            plan = self.reconciler.plan(spec, current, desired, props, tags)
        if plan.needs_put:
            self._refuse_set_once_changes(current, desired, props)

        result: dict[str, t.Any] = {"changed": plan.needs_write, WRITTEN: tuple(plan.changes())}
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
        if spec.wait and self.kind.waits_on_connector_status:
            target = self.kind.target_status(spec.desired_state or current.get("desired_state"))
            entity = self._wait_after_write(entity, target, spec, props, changed=plan.needs_write)
        return dict(result, **{key: self.shown(entity, spec.secret_returned, props)})

    def _update_body(self, spec: ResourceSpec, current: Entity, plan: UpdatePlan, desired: dict[str, t.Any],
                     props: cfg.SchemaProps) -> dict[str, t.Any]:
        """The full PUT body; `tags` only when the task gives them (an absent field leaves them alone)."""
        if self.kind.write_body is not None:
            body = self.kind.write_body(self._predicted_update(spec, current, plan.without_tags(), desired))
        else:
            body = {
                "name": plan.new_name or current["name"],
                "connector": current["connector"],
                "config": _config_changes().config_for_update(
                    current.get("config"), desired, plan.drift, props, classify=self.kind.classify(current.get("connector")),
                    offline_defaults=partial(self.kind.offline_defaults, current.get("connector"))),
            }
        if plan.tags is not None:
            body["tags"] = list(plan.tags.planned)
        return body

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
            return self.waiter().until_status(entity, target, spec, lambda seen: self.shown(seen, spec.secret_returned, props))
        except WaitError as exc:
            exc.changed = changed
            raise

    def _refuse_set_once_changes(self, current: Entity, desired: dict[str, t.Any], props: cfg.SchemaProps) -> None:
        keys = _config_changes().immutable_changes(self.kind.connector_of(current) or "", desired, current.get("config") or {},
                                                   props, self.kind.set_once_keys)
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
            predicted["config"] = _config_changes().predicted_config(current.get("config"), desired, plan.drift, props)
        if plan.new_name:
            predicted["name"] = plan.new_name
        if plan.action:
            predicted["desired_state"] = spec.desired_state
        if plan.tags is not None:
            predicted["tags"] = list(plan.tags.planned)
        return predicted

    def _update_diff(self, spec: ResourceSpec, current: Entity, plan: UpdatePlan, desired: dict[str, t.Any],
                     props: cfg.SchemaProps) -> dict[str, t.Any]:
        classify = self.kind.classify(self.kind.connector_of(current))
        before_config, after_config = _config_changes().config_change_views(
            desired, current.get("config"), plan.drift, props, classify=classify, written=plan.needs_put)
        tags = plan.tags
        predicted = self._predicted_update(spec, current, plan, desired, props)
        return self._headed({
            "before": self._entity_view(current, before_config, props, tags.before_names() if tags else None),
            "after": self._entity_view(predicted, after_config, props, tags.after_names() if tags else None),
        }, current.get("name"), predicted.get("name"))

    def _headed(self, diff: dict[str, t.Any], before_name: t.Any, after_name: t.Any = None) -> dict[str, t.Any]:
        """The diff with the kind and name above each side (after: the new name of a rename)."""
        after_name = before_name if after_name is None else after_name
        return dict(diff, before_header=self.kind.diff_header([str(before_name)]),
                    after_header=self.kind.diff_header([str(after_name)]))

    # --- state: redeployed ---

    def redeploy(self, spec: ResourceSpec, check_mode: bool = False) -> dict[str, t.Any]:
        """Redeploy the one existing entity addressed by id or exact name; always a change. With wait, poll until
        it is Active (Broken fails at once). Returns {"changed": True, <result_key>}."""
        self._refuse_options_a_redeploy_ignores(spec)
        key = self.kind.result_key
        current = self.reconciler.find(spec)
        if current is None:
            raise StreamkapError(
                f"No {self.kind.noun} {'has id' if spec.id else 'is named'} {spec.id or spec.name!r}: only an existing "
                f"{self.kind.noun} can be redeployed. Nothing was changed."
            )
        self._refuse_another_name(spec, current, "redeployed")
        if is_being_deleted(current):
            raise StreamkapError(f"{self.kind.label(current)} is being deleted and cannot be redeployed. Nothing was changed.")
        if check_mode:
            return {"changed": True, key: self.shown(current, spec.secret_returned)}
        entity = self.repository.redeploy(current, spec.secret_returned)
        if spec.wait:
            entity = self._wait_after_write(entity, "Active", spec, None, changed=True)
        return {"changed": True, key: self.shown(entity, spec.secret_returned)}

    def _refuse_options_a_redeploy_ignores(self, spec: ResourceSpec) -> None:
        """A redeploy changes nothing of the entity: options that would are refused, so that none is silently ignored."""
        given = [option for option in ("connector", "config", "desired_state", "tags") if getattr(spec, option) is not None]
        if given:
            raise StreamkapError(
                f"state=redeployed only redeploys the {self.kind.noun}; it takes no {', '.join(given)}. Nothing was sent: "
                f"apply changes with state=present first."
            )

    def _refuse_another_name(self, spec: ResourceSpec, current: Entity, what: str) -> None:
        if spec.id and spec.name and current.get("name") != spec.name:
            raise StreamkapError(
                f"{self.kind.title()} id {spec.id!r} is named {current.get('name')!r}, not {spec.name!r}. "
                f"Nothing was {what}: give the matching name, or only the id."
            )

    # --- state: absent ---

    def ensure_absent(self, spec: ResourceSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """Delete the one entity addressed by id or exact name. Returns {"changed", <result_key>[, "diff"]}."""
        key = self.kind.result_key
        current = self.reconciler.find(spec)
        if current is None:
            result: dict[str, t.Any] = {"changed": False, key: {}}
            return dict(result, diff=self._headed({"before": {}, "after": {}}, spec.name or f"id {spec.id}")) if diff else result
        self._refuse_another_name(spec, current, "deleted")
        if is_being_deleted(current):
            # Deleted earlier (deletion is asynchronous): nothing to do but, maybe, wait.
            if spec.wait and not check_mode:
                self.waiter().until_gone(current, spec)
            return self._absent_result(current, spec, changed=False, diff=diff)
        spec.refuse_delete(current)
        self._refuse_delete_in_use(current, lenient=self.reconciler.check_run(check_mode))
        result = self._absent_result(current, spec, changed=True, diff=diff)
        if check_mode:
            return result
        deleted = self.repository.delete(current["id"])
        if deleted is not None:
            result[key] = self.shown(deleted, spec.secret_returned)
        if spec.wait:
            try:
                self.waiter().until_gone(deleted or current, spec)
            except WaitError as exc:
                exc.changed = True
                raise
        return result

    def _refuse_delete_in_use(self, current: Entity, lenient: bool) -> None:
        """Fail before any DELETE while entities of other kinds use this one, naming them.

        `lenient` (a check run, see Reconciler.check_run): warn instead, since an earlier task of
        the run may delete them; the real run refuses unless one did.
        """
        users = self.repository.users(current["id"])
        if not users:
            return
        listed = "; ".join(
            f"{used_by.noun}(s) " + ", ".join(f"{item.get('name')!r} (id {item.get('id')})" for item in entities)
            for used_by, entities in users
        )
        how = " or ".join(f"{used_by.module} with state=absent" for used_by, _entities in users)
        if lenient:
            self.reconciler.warn(
                f"{self.kind.label(current)} is used by {listed}: a real run deletes it only if they are deleted "
                f"first ({how}), for example by an earlier task of the same run."
            )
            return
        raise StreamkapError(
            f"{self.kind.label(current)} is used by {listed}. Nothing was deleted: delete them first ({how})."
        )

    def _absent_result(self, current: Entity, spec: ResourceSpec, changed: bool, diff: bool) -> dict[str, t.Any]:
        result = {"changed": changed, self.kind.result_key: self.shown(current, spec.secret_returned)}
        if diff:
            # An entity already being deleted counts as gone on both sides.
            connector = self.kind.connector_of(current)
            user_config = _config_changes().merged_user_config(current.get("config"), {}, classify=self.kind.classify(connector),
                                                               offline_defaults=partial(self.kind.offline_defaults, connector))
            before = self._entity_view(current, user_config, None)
            result["diff"] = self._headed({"before": before if changed else {}, "after": {}}, current.get("name"))
        return result
