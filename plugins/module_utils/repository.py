# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The resource engine's *repository*: HTTP verbs on one kind of entity.

Exact-name lookup over every page, get by id (the id verified), create-once with adoption,
update, delete (404 = already gone) and actions. What differs between kinds comes from the
kind's descriptor (resource.ResourceKind).
"""

from __future__ import annotations

import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import inputs
from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapAmbiguousWriteError,
    StreamkapApiError,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import (
    ENTITY_ID,
    Entity,
    ResourceKind,
    UsedBy,
    check_answer_entity,
    checked_entities,
    entity_problem,
    is_being_deleted,
    query_bool,
    says_already_exists,
    the_one_named,
    unreadable_answer,
)

if t.TYPE_CHECKING:
    from ansible_collections.streamkap.cloud.plugins.module_utils.listing import ListFilters

_REASON_LIMIT = 157

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
        query = {"secret_returned": query_bool(secret_returned)}
        return dict(_NO_WAIT, **query) if write and self.kind.write_wait_query else query

    # --- reads ---

    def find_by_name(self, name: str, secret_returned: bool = False) -> Entity | None:
        """The entity whose name equals `name` exactly (case-sensitive), or None.

        Names are unique per tenant; more than one match means something is off and
        nothing should be changed.
        """
        return the_one_named(name, self.named(name, self._query(secret_returned)), self.kind.noun)

    def named(self, name: str, params: dict[str, t.Any] | None = None) -> list[Entity]:
        """Every entity whose name equals `name` exactly, all pages read.

        The API's name filter matches substrings (ignoring case), so the exact match
        happens here. `params` are further query filters sent along.
        """
        query = dict(params or {}, **{self.kind.name_query: name})
        return [item for item in self.list(query) if item.get("name") == name]

    def list_all(self) -> list[Entity]:
        """Every entity of the kind (every page), secrets withheld."""
        return list(self.list(self._query(False)))

    def list(self, params: dict[str, t.Any]) -> t.Iterable[Entity]:
        """Every entity the list answers (all pages), each checked (see resource.entity_problem)."""
        path = self.kind.path
        if self.kind.paginated:
            return (check_answer_entity(item, self.kind.answer_fields, "GET", path)
                    for item in self.client.paginate(path, params=params))
        return self._entities(self.client.get(path, params=params), "GET", path)

    def _entities(self, answer: t.Any, method: str, path: str) -> list[Entity]:
        return checked_entities(self.kind.unwrap, self.kind.answer_fields, answer, method, path)

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
        path = self.kind.item_path(entity_id)
        try:
            answer = self.client.get(path, params=dict(self.kind.item_query, **self._query(secret_returned)))
        except StreamkapApiError as exc:
            if exc.status == 404:
                self._raise_unless_absent(exc)
                return None
            raise
        items = self._entities(answer, "GET", path)
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
            raise StreamkapError(
                f"Cannot read the config schema of connector {connector!r} (GET {self.kind.schema_path}): {exc}."
            ) from None
        return props or None

    def users(self, entity_id: str) -> list[tuple[UsedBy, list[Entity]]]:
        """The entities of other kinds that use this one, per kind (kinds with none left out).

        One being deleted no longer counts: deletion is asynchronous, and a chain is deleted in one run.
        A kind the list cannot filter by (id_filter None) is found in the whole list.
        """
        found = [(used_by, [item for item in self.client.paginate(used_by.path, params=_users_query(used_by, entity_id))
                            if not is_being_deleted(item) and (used_by.id_filter or used_by.uses(item, entity_id))])
                 for used_by in self.kind.used_by]
        return [(used_by, entities) for used_by, entities in found if entities]

    # --- writes ---

    def create(self, body: dict[str, t.Any], secret_returned: bool = False) -> Entity:
        """POST once; return the API's answer (an empty one: the entity as a lookup by name finds it)."""
        answer = self.client.post(self.kind.path, body=body, params=self._query(secret_returned, write=True))
        if answer is None:
            found = self.find_by_name(body["name"], secret_returned)
            if found is None:
                raise unreadable_answer(f"it is empty, and no {self.kind.noun} named {body['name']!r} is found after it",
                                        "POST", self.kind.path)
            return found
        return self._written(answer, "POST", self.kind.path)

    def _written(self, answer: t.Any, method: str, path: str) -> Entity:
        """The entity a write answered; one the engine cannot read is an error saying the write was applied."""
        try:
            return check_answer_entity(answer, self.kind.answer_fields, method, path)
        except StreamkapApiError as exc:
            raise StreamkapApiError(exc.detail, method=method, path=path,
                                    hint=f"The {method} was applied; run the task again to converge") from None

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
                reason = f"{exc.detail}; no {self.kind.noun} named {self.kind.body_name(body)!r} exists"
                self.client.backoff("POST", self.kind.path, cfg.shorten(reason, _REASON_LIMIT), ambiguous_failures)
            except StreamkapApiError as exc:
                if not says_already_exists(exc):
                    raise
                found = self._lookup_after_failed_create(body, exc, secret_returned)
                if found is None:
                    raise StreamkapApiError(
                        exc.detail, status=exc.status, method=exc.method, path=exc.path, request_id=exc.request_id,
                        hint=(f"No {self.kind.noun} named {self.kind.body_name(body)!r} is visible to these credentials: it is probably "
                              f"held by a {self.kind.noun} in another service of the tenant. Choose another name, or remove "
                              f"that {self.kind.noun}. Nothing was changed"),
                    ) from None
                # Created by another run, unless an earlier attempt of this one was applied after all.
                return found, ADOPTED_OURS if ambiguous_failures else ADOPTED_THEIRS

    def _lookup_after_failed_create(self, body: dict[str, t.Any], failure: StreamkapApiError,
                                    secret_returned: bool) -> Entity | None:
        """The entity named like the body after a create failed; refused when its connector (or type) differs."""
        kind = self.kind
        name, noun, word, wanted = kind.body_name(body), kind.noun, kind.connector_word, body.get(kind.body_connector_field)
        try:
            found = self.find_by_name(name, secret_returned=secret_returned)
        except StreamkapError as exc:
            raise StreamkapError(f"{failure}; looking {noun} {name!r} up afterwards failed too: {exc}") from None
        if found is not None and wanted is not None and kind.connector_of(found) != wanted:
            raise StreamkapError(
                f"Cannot create {noun} {name!r} with {word} {wanted!r}: a {noun} of that name now "
                f"exists with {word} {kind.connector_of(found)!r} (id {found.get('id')}), found after: {failure}. "
                f"Nothing was changed: choose another name, or delete that {noun} first."
            )
        return found

    def update(self, entity_id: str, body: dict[str, t.Any], secret_returned: bool = False) -> Entity:
        """PUT the full body; return the API's answer (an empty one: the entity as read afterwards).
        A kind whose PUT path has no id carries it in the body; a kind with a body envelope sends the body inside it."""
        if not self.kind.put_path_has_id:
            body = dict(body, id=entity_id)
        if self.kind.body_envelope:
            body = {self.kind.body_envelope: body}
        path = self.kind.update_path(entity_id)
        answer = self.client.put(path, body=body, params=self._query(secret_returned, write=True))
        if not self.kind.put_answers_entity:
            return answer
        if answer is None:
            found = self.get(entity_id, secret_returned)
            if found is None:
                raise unreadable_answer(f"it is empty, and the {self.kind.noun} is gone after it", "PUT", path)
            return found
        return self._written(answer, "PUT", path)

    def act(self, entity: Entity, action: str, secret_returned: bool = False) -> Entity:
        """POST the action; return the entity after it (the answer when entity-shaped, else a fresh read)."""
        path = t.cast(t.Callable[[str, str], str], self.kind.action_path)(entity["id"], action)
        # Pausing a paused source changes nothing, so a lost answer may be followed by a repeat.
        return self._post_action(path, entity, secret_returned)

    def redeploy(self, entity: Entity, secret_returned: bool = False) -> Entity:
        """POST <path>/{id}/deploy; return the entity after it (the answer when entity-shaped, else a fresh read)."""
        # A redeploy repeated after a lost answer restarts the connector once more: the same outcome.
        return self._post_action(self.kind.redeploy_path(entity["id"]), entity, secret_returned)

    def _post_action(self, path: str, entity: Entity, secret_returned: bool) -> Entity:
        answer = self.client.post(path, idempotent=True)
        if (isinstance(answer, dict) and answer.get("id") == entity["id"] and "connector_status" in answer
                and entity_problem(answer, self.kind.answer_fields) is None):
            return answer
        return self.get(entity["id"], secret_returned=secret_returned) or entity

    def delete(self, entity_id: str) -> Entity | None:
        """DELETE; the deleted object, or None when the entity is already gone."""
        path, query = self.kind.delete_target(entity_id)
        if self.kind.connector_query and self.kind.write_wait_query:
            query.update(_NO_WAIT)
        try:
            answer = self.client.delete(path, params=query)
        except StreamkapApiError as exc:
            if exc.status == 404:
                self._raise_unless_absent(exc)
                return None
            if exc.status == 409 and exc.attempts > 1 and self._deletion_under_way(entity_id):
                # An earlier attempt was applied; its answer was lost.
                return None
            raise
        # The deleted object when the answer is one the engine can read; else the caller's copy serves.
        readable = isinstance(answer, dict) and answer.get("id") and entity_problem(answer, self.kind.answer_fields) is None
        return answer if readable else None

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


def _users_query(used_by: UsedBy, entity_id: str) -> dict[str, str]:
    return {used_by.id_filter: entity_id} if used_by.id_filter else {}
