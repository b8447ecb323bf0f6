# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Tags as a resource: the descriptor, and the rules only tags have (plain fields instead of a
connector config, system tags that belong to the service). Finding, the never-twice create,
adoption, converging and deleting are the resource engine's (resource.py).
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils import resource
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import check_filter_ids
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.tagging import TAG_FIELDS, TAG_TYPES, TAGS_PATH, unwrap_tags

# The fields a user manages; the others (id, system, custom) are the service's.
MANAGED_FIELDS = ("name", "description", "type")

Tag = t.Dict[str, t.Any]


def diff_view(tag: t.Mapping[str, t.Any]) -> Tag:
    """The managed fields: one side of a diff, and the PUT body."""
    return {field: tag.get(field) for field in MANAGED_FIELDS}


TAG = resource.ResourceKind(
    path=TAGS_PATH,
    noun="tag",
    result_key="tag",
    body_fields=MANAGED_FIELDS,
    name_query="tag_name",
    paginated=False,
    unwrap=unwrap_tags,
    connector_query=False,
    diff_view=diff_view,
    write_body=diff_view,
    answer_fields=TAG_FIELDS,
)


@dataclasses.dataclass(frozen=True)
class TagSpec(resource.ResourceSpec):
    """What the user asked of one tag; None means "not given: leave it"."""

    description: str | None = None
    type: tuple[str, ...] | None = None
    noun: t.ClassVar[str] = "tag"

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TagSpec:
        types = params.get("type")
        spec = cls(**resource.ABSENT_CONNECTOR_OPTIONS, name=params.get("name"), id=params.get("id"), description=params.get("description"),
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

    def missing_for_create(self) -> list[str]:
        return [] if self.name else ["name"]

    def create_body(self, kind: resource.ResourceKind, references: t.Mapping[str, Tag] | None = None) -> Tag:
        body = {"name": self.name, "description": self.description, "type": None if self.type is None else list(self.type)}
        return {field: value for field, value in body.items() if value is not None}

    def field_changes(self, current: Tag) -> Tag:
        """The description and types that differ from the current tag (types compared as a set)."""
        changed: Tag = {}
        if self.description is not None and self.description != (current.get("description") or ""):
            changed["description"] = self.description
        if self.type is not None and set(self.type) != set(current.get("type") or ()):
            changed["type"] = list(self.type)
        return changed

    def refuse_change(self, current: Tag, changes: t.Sequence[str]) -> None:
        if changes:
            refuse_system(current, f"changed ({', '.join(changes)})")

    def refuse_delete(self, current: Tag) -> None:
        refuse_system(current, "deleted")

    def refuse_name(self, name: str, current: Tag | None, every: t.Callable[[], t.Iterable[Tag]]) -> None:
        """A tag is referred to by name or by id alike (`tags`, `scope.tag`): a name that is another
        tag's id would make that reference mean two tags. Asked (one GET /tags) only of a name an id can be."""
        if not could_be_id(name) or name == (current or {}).get("id"):
            return
        other = next((tag for tag in every() if tag.get("id") == name), None)
        if other is not None:
            raise StreamkapError(
                f"name {name!r} is the id of {TAG.label(other)}: tags are referred to by name or id alike "
                f"(the tags option, scope.tag), so {name!r} would mean two tags. Choose another name. Nothing was changed."
            )


def could_be_id(text: str) -> bool:
    """Whether `text` holds only the characters an id may hold (see resource.check_entity_id)."""
    return bool(resource.ENTITY_ID.fullmatch(text)) and text.strip() not in (".", "..")


def refuse_system(tag: Tag, what: str) -> None:
    """System tags belong to the service: never changed or deleted."""
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
        check_filter_ids(filters.ids)
        return filters

    def matches(self, tag: Tag) -> bool:
        return (not self.names or tag.get("name") in self.names) and (not self.ids or tag.get("id") in self.ids)


def list_tags(client: StreamkapClient, filters: TagFilters) -> list[Tag]:
    """The tags matching every filter: one GET /tags (types filtered by the API, names and ids here)."""
    params = {"tag_type": list(filters.types)} if filters.types else {}
    return [tag for tag in Repository(client, TAG).list(params) if filters.matches(tag)]
