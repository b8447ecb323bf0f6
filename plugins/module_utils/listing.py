# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What the _info modules share: their filters, options and work (list, match, mask)."""

from __future__ import annotations

import dataclasses
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import redact_entity
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import ResourceKind, check_entity_id, query_bool


T = t.TypeVar("T")
R = t.TypeVar("R")


def read_each(read: t.Callable[[T], R], items: t.Sequence[T], limit: int) -> list[R]:
    """`read(item)` for every item, at most `limit` at once (the client is thread-safe), in the items' order."""
    if len(items) <= 1:
        return [read(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor  # only when there is more than one read

    with ThreadPoolExecutor(max_workers=min(limit, len(items))) as pool:
        return list(pool.map(read, items))


def check_filter_ids(entity_ids: t.Iterable[str]) -> None:
    """Refuse an id filter an entity's id could not be (the singular modules' rule), before any request."""
    for entity_id in entity_ids:
        check_entity_id(entity_id, "valid")


@dataclasses.dataclass(frozen=True)
class ListFilters:
    """What an _info module looks for: every filter given must hold, any value of a list."""

    names: tuple[str, ...] = ()
    partial_name: str | None = None
    ids: tuple[str, ...] = ()
    connectors: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    secret_returned: bool = False
    metrics: bool = False                       # add each entity's latest metrics (metrics.py)

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> ListFilters:
        filters = cls(
            names=tuple(params.get("name") or ()),
            partial_name=params.get("partial_name") or None,
            ids=tuple(params.get("id") or ()),
            connectors=tuple(params.get("connector") or ()),
            statuses=tuple(params.get("status") or ()),
            secret_returned=bool(params.get("secret_returned")),
            metrics=bool(params.get("metrics")),
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


def info_options() -> dict[str, dict[str, t.Any]]:
    """The argument spec every connector kind's _info module shares (ListFilters reads it)."""
    return {
        "name": {"type": "list", "elements": "str"},
        "partial_name": {"type": "str"},
        "id": {"type": "list", "elements": "str"},
        "connector": {"type": "list", "elements": "str"},
        "status": {"type": "list", "elements": "str"},
        "secret_returned": {"type": "bool", "default": False},
        "metrics": {"type": "bool", "default": False},
    }


def list_entities(kind: ResourceKind) -> t.Callable[[t.Any, StreamkapClient, ListFilters], dict[str, t.Any]]:
    """The work of a kind's _info module, for StreamkapModule.run: {"<result_key>s": [...]}, secrets masked; with
    filters.metrics, each one's latest metrics."""

    def work(module: t.Any, client: StreamkapClient, filters: ListFilters) -> dict[str, t.Any]:
        found = Repository(client, kind).list_matching(filters)
        if filters.metrics:
            from ansible_collections.streamkap.cloud.plugins.module_utils.metrics import with_metrics  # only when asked for

            found = with_metrics(client, kind, found)
        return {"changed": False, f"{kind.result_key}s": [redact_entity(kind, item, filters.secret_returned) for item in found]}

    return work
