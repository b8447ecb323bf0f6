# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Tags: the tag catalog (one GET /tags per run), name-or-id resolution and the rules of
`tags`/`purge_tags` on an entity. Pure apart from TagCatalog.read; no Ansible imports.

An entity holds its tags as a list of tag ids; `[]` clears them and an absent field leaves
them alone, so a write carries `tags` only when the user gave `tags`.
"""

from __future__ import annotations

import dataclasses
import typing as t
from types import MappingProxyType

from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import ID_TYPES, checked_entities, listed_objects

TAGS_PATH = "/tags"
# The values the API accepts in a tag's `type` list.
TAG_TYPES = (
    "environment", "general", "sources", "destinations", "pipelines",
    "transforms", "topics", "services", "users", "tenant",
)
TAG_MODULE = "streamkap.cloud.streamkap_tag"
# The type of each field read of a tag in an answer (see resource.CONNECTOR_FIELDS).
TAG_FIELDS: t.Mapping[str, t.Any] = MappingProxyType({"id": ID_TYPES, "name": str, "description": str, "type": [str]})

Tag = t.Dict[str, t.Any]


def unwrap_tags(answer: t.Any) -> list[Tag]:
    """The tags of a /tags answer: {"tags": [...]} (not the list envelope of other kinds).

    Raises ValueError, saying what is wrong, for an answer of another shape (see resource.listed_objects).
    """
    return listed_objects(answer, "tags")


def check_tag_refs(refs: t.Sequence[str] | None, option: str = "tags") -> None:
    """Refuse tag references that could never name or identify a tag, before any request."""
    for ref in refs or ():
        if not isinstance(ref, str) or not ref.strip():
            raise StreamkapError(f"{option} must not hold an empty value.")
        inputs.check_identifier(option, ref)


@dataclasses.dataclass(frozen=True)
class TagCatalog:
    """Every tag the credentials see, read once per run; names and ids resolve against it."""

    tags: tuple[Tag, ...] = ()

    @classmethod
    def read(cls, client: StreamkapClient) -> TagCatalog:
        """One GET /tags: the whole catalog (the API does not page it)."""
        tags = checked_entities(unwrap_tags, TAG_FIELDS, client.get(TAGS_PATH), "GET", TAGS_PATH)
        return cls(tuple(tags))

    @property
    def by_id(self) -> dict[str, Tag]:
        return {str(tag.get("id")): tag for tag in self.tags}

    def is_system(self, tag_id: str) -> bool:
        return bool(self.by_id.get(tag_id, {}).get("system"))

    def name_of(self, tag_id: str) -> str:
        """The tag's name, or its id when the catalog does not know it."""
        return str(self.by_id.get(tag_id, {}).get("name") or tag_id)

    def resolve(self, refs: t.Sequence[str], option: str = "tags") -> list[str]:
        """The tag ids of `refs` (each an id or an exact, case-sensitive name), in order, once each.

        Unknown references fail together, naming each, before anything is written.
        """
        ids, unknown = self.resolve_known(refs, option)
        if unknown:
            listed = ", ".join(repr(ref) for ref in unknown)
            raise StreamkapError(
                f"{option}: no tag has the name or id {listed}. Create the tag first with {TAG_MODULE}. "
                "Nothing was changed."
            )
        return ids

    def resolve_known(self, refs: t.Sequence[str], option: str = "tags") -> tuple[list[str], list[str]]:
        """The tag ids of the known `refs`, and the references no tag has (see resolve)."""
        by_id = self.by_id
        ids: list[str] = []
        unknown: list[str] = []
        for ref in refs:
            named = [tag for tag in self.tags if tag.get("name") == ref]
            found = inputs.pick_by_name_or_id(option, "tag", ref, by_id.get(ref), named)
            if found is None:
                unknown.append(ref)
            else:
                ids.append(str(found.get("id")))
        return list(dict.fromkeys(ids)), unknown

    def names(self, tag_ids: t.Iterable[str]) -> list[str]:
        """The names of these tags, sorted, for diffs (a set has no order worth showing)."""
        return sorted(self.name_of(tag_id) for tag_id in tag_ids)


def planned_tags(current: t.Sequence[str] | None, wanted: t.Sequence[str], purge: bool, catalog: TagCatalog) -> list[str]:
    """The tag ids an entity should hold.

    purge: exactly `wanted`, plus the system tags it already holds (those are the service's,
    never the user's to drop). No purge: what it holds, plus `wanted`.
    """
    held = [str(tag_id) for tag_id in current or ()]
    if purge:
        kept_system = [tag_id for tag_id in held if catalog.is_system(tag_id)]
        return list(dict.fromkeys([*wanted, *kept_system]))
    return list(dict.fromkeys([*held, *wanted]))


@dataclasses.dataclass(frozen=True)
class TagPlan:
    """What happens to one entity's tags: compared as sets, shown by name."""

    current: tuple[str, ...]
    planned: tuple[str, ...]
    catalog: TagCatalog

    @classmethod
    def for_entity(cls, entity: t.Mapping[str, t.Any] | None, wanted: t.Sequence[str], purge: bool,
                   catalog: TagCatalog) -> TagPlan:
        current = tuple(str(tag_id) for tag_id in ((entity or {}).get("tags") or ()))
        return cls(current, tuple(planned_tags(current, wanted, purge, catalog)), catalog)

    @property
    def changed(self) -> bool:
        return set(self.current) != set(self.planned)

    def before_names(self) -> list[str]:
        return self.catalog.names(self.current)

    def after_names(self) -> list[str]:
        return self.catalog.names(self.planned)


@dataclasses.dataclass(frozen=True)
class TagRequest:
    """The user's `tags`/`purge_tags`, resolved to ids against the catalog (read once)."""

    catalog: TagCatalog
    ids: tuple[str, ...]
    purge: bool

    # References no tag has, kept (as their own stand-in id) only in check mode.
    unknown: tuple[str, ...] = ()

    @classmethod
    def resolve(cls, client: StreamkapClient, refs: t.Sequence[str], purge: bool, check_mode: bool = False) -> TagRequest:
        """Unknown references fail; in check mode they are kept by name instead, like a source
        or destination an earlier task of the same check run would have created."""
        return cls.from_catalog(TagCatalog.read(client), refs, purge, check_mode)

    @classmethod
    def from_catalog(cls, catalog: TagCatalog, refs: t.Sequence[str], purge: bool, check_mode: bool = False) -> TagRequest:
        """As resolve, against a catalog already read (a fleet task reads it once for every entry)."""
        if not check_mode:
            return cls(catalog, tuple(catalog.resolve(refs)), purge)
        ids, unknown = catalog.resolve_known(refs)
        return cls(catalog, tuple(dict.fromkeys([*ids, *unknown])), purge, tuple(unknown))

    def warning(self) -> str | None:
        """The check-mode warning about tags that do not exist (yet), or None."""
        if not self.unknown:
            return None
        listed = ", ".join(repr(ref) for ref in self.unknown)
        return (f"tags: no tag has the name or id {listed} (yet); the task would use it once it exists. "
                f"Without check mode this task fails unless an earlier task creates it ({TAG_MODULE}).")

    def plan(self, entity: t.Mapping[str, t.Any] | None) -> TagPlan:
        return TagPlan.for_entity(entity, self.ids, self.purge, self.catalog)
