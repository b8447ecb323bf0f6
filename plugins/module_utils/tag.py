# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Tags as a resource: the descriptor, and the rules only tags have (plain fields instead of a
connector config, system tags that belong to the service). Lookups, the never-twice create,
update and delete are the engine's Repository (resource.py).
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils import resource
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.tagging import TAG_TYPES, TAGS_PATH, unwrap_tags

TAG = resource.ResourceKind(
    path=TAGS_PATH,
    noun="tag",
    result_key="tag",
    body_fields=("name", "description", "type"),
    name_query="tag_name",
    paginated=False,
    unwrap=unwrap_tags,
    connector_query=False,
)
# The fields a user manages; the others (id, system, custom) are the service's.
MANAGED_FIELDS = ("name", "description", "type")

Tag = t.Dict[str, t.Any]


@dataclasses.dataclass(frozen=True)
class TagSpec:
    """What the user asked of one tag; None means "not given: leave it"."""

    name: str | None = None
    id: str | None = None
    description: str | None = None
    type: tuple[str, ...] | None = None

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TagSpec:
        types = params.get("type")
        spec = cls(name=params.get("name"), id=params.get("id"), description=params.get("description"),
                   type=None if types is None else tuple(dict.fromkeys(types)))
        spec.check()
        return spec

    def check(self) -> None:
        if not self.name and not self.id:
            raise StreamkapError("Give the tag's name or its id.")
        resource.check_entity_id(self.id, "tag")
        inputs.check_identifier("name", self.name)
        if self.type is not None:
            unknown = [value for value in self.type if value not in TAG_TYPES]
            if unknown or not self.type:
                raise StreamkapError(f"type must hold one or more of: {', '.join(TAG_TYPES)}.")

    def create_body(self) -> Tag:
        body = {"name": self.name, "description": self.description, "type": None if self.type is None else list(self.type)}
        return {field: value for field, value in body.items() if value is not None}

    def changes(self, current: Tag) -> Tag:
        """The managed fields that differ from the current tag (types compared as a set)."""
        changed: Tag = {}
        if self.description is not None and self.description != (current.get("description") or ""):
            changed["description"] = self.description
        if self.name and self.name != current.get("name"):
            changed["name"] = self.name
        if self.type is not None and set(self.type) != set(current.get("type") or ()):
            changed["type"] = list(self.type)
        return changed


def diff_view(tag: t.Mapping[str, t.Any]) -> Tag:
    return {field: tag.get(field) for field in MANAGED_FIELDS}


class TagService:
    """Brings one tag to what a TagSpec asks for; system tags are never changed or deleted."""

    def __init__(self, client: StreamkapClient) -> None:
        self.repository = resource.Repository(client, TAG)

    def find(self, spec: TagSpec) -> Tag | None:
        if spec.id:
            return self.repository.get(spec.id)
        return self.repository.find_by_name(t.cast(str, spec.name))

    def run(self, state: str, spec: TagSpec, check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        current = self.find(spec)
        if state == "absent":
            return self._absent(spec, current, check_mode, diff)
        if current is None:
            return self._create(spec, check_mode, diff)
        return self._converge(spec, current, check_mode, diff)

    def _create(self, spec: TagSpec, check_mode: bool, diff: bool) -> dict[str, t.Any]:
        if spec.id:
            raise StreamkapError(
                f"No tag has id {spec.id!r}. A new tag gets its id from the service: leave out id (and give name) to create one."
            )
        body = spec.create_body()
        result: dict[str, t.Any] = {"changed": True}
        if diff:
            result["diff"] = {"before": {}, "after": diff_view(body)}
        if check_mode:
            return dict(result, tag=dict(body, id=None))
        tag, outcome = self.repository.create_once(body)
        if outcome != resource.CREATED:
            # Another run (or an unclear earlier attempt) created it: converge like any existing tag.
            converged = self._converge(spec, tag, check_mode=False, diff=diff)
            converged["changed"] = converged["changed"] or outcome == resource.ADOPTED_OURS
            return converged
        return dict(result, tag=tag)

    def _converge(self, spec: TagSpec, current: Tag, check_mode: bool, diff: bool) -> dict[str, t.Any]:
        changes = spec.changes(current)
        if changes:
            self._refuse_system(current, f"changed ({', '.join(sorted(changes))})")
        wanted = dict(current, **changes)
        result: dict[str, t.Any] = {"changed": bool(changes)}
        if diff:
            result["diff"] = {"before": diff_view(current), "after": diff_view(wanted)}
        if not changes or check_mode:
            return dict(result, tag=wanted)
        updated = self.repository.update(current["id"], diff_view(wanted))
        return dict(result, tag=updated)

    def _absent(self, spec: TagSpec, current: Tag | None, check_mode: bool, diff: bool) -> dict[str, t.Any]:
        if current is None:
            result: dict[str, t.Any] = {"changed": False, "tag": {}}
            return dict(result, diff={"before": {}, "after": {}}) if diff else result
        if spec.id and spec.name and current.get("name") != spec.name:
            raise StreamkapError(
                f"Tag id {spec.id!r} is named {current.get('name')!r}, not {spec.name!r}. "
                "Nothing was deleted: give the matching name, or only the id."
            )
        self._refuse_system(current, "deleted")
        result = {"changed": True, "tag": current}
        if diff:
            result["diff"] = {"before": diff_view(current), "after": {}}
        if not check_mode:
            result["tag"] = self.repository.delete(current["id"]) or current
        return result

    @staticmethod
    def _refuse_system(tag: Tag, what: str) -> None:
        if tag.get("system"):
            raise StreamkapError(
                f"{TAG.label(tag)} is a system tag: it belongs to the service and cannot be {what}. Nothing was changed."
            )


@dataclasses.dataclass(frozen=True)
class TagFilters:
    """What streamkap_tag_info looks for: every filter given must hold, any value of a list."""

    names: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TagFilters:
        filters = cls(*(tuple(params.get(option) or ()) for option in ("name", "id", "type")))
        for option, values in (("name", filters.names), ("id", filters.ids)):
            if any(not str(value).strip() for value in values):
                raise StreamkapError(f"{option} must not hold an empty value.")
        resource.check_filter_ids(filters.ids)
        return filters

    def matches(self, tag: Tag) -> bool:
        return (not self.names or tag.get("name") in self.names) and (not self.ids or tag.get("id") in self.ids)


def list_tags(module: t.Any, client: StreamkapClient, filters: TagFilters) -> dict[str, t.Any]:
    """The work of streamkap_tag_info: one GET /tags (types filtered by the API, names and ids here)."""
    params = {"tag_type": list(filters.types)} if filters.types else {}
    found = resource.Repository(client, TAG).list(params)
    return {"changed": False, "tags": [tag for tag in found if filters.matches(tag)]}


def reconcile_tag(module: t.Any, client: StreamkapClient, spec: TagSpec) -> dict[str, t.Any]:
    """The work of streamkap_tag, for StreamkapModule.run."""
    return TagService(client).run(module.params["state"], spec, check_mode=module.check_mode, diff=module.diff_mode)
