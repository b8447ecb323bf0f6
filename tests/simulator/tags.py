"""Tags: the request models and the operations behind ``/tags``.

Knows the state, not the routes; raises ``HTTPException`` with a ``detail`` string.
"""

from __future__ import annotations

from typing import Annotated, Any, Iterable, Optional

from fastapi import HTTPException
from pydantic import BaseModel, Field, WithJsonSchema

from .state import SimState, new_object_id

TAG_TYPES = (
    "environment",
    "general",
    "sources",
    "destinations",
    "pipelines",
    "transforms",
    "topics",
    "services",
    "users",
    "tenant",
)
# A tag type: any string to validation (_checked_types answers the API's message), the API's values in /openapi.json.
TagType = Annotated[str, WithJsonSchema({"type": "string", "enum": list(TAG_TYPES)})]


class CreateTagRequest(BaseModel):
    name: str = Field(description="Tag name (unique).")
    description: Optional[str] = Field("", description="Free text.")
    type: list[TagType] = Field(
        default_factory=lambda: ["general"],
        description=f"What the tag applies to: any of {', '.join(TAG_TYPES)}.",
    )


class UpdateTagRequest(BaseModel):
    name: Optional[str] = None
    description: Optional[str] = None
    type: Optional[list[TagType]] = None


class TagSearchRequest(BaseModel):
    tag_ids: list[str] = Field(default_factory=list)


def _unprocessable(detail: str) -> HTTPException:
    return HTTPException(status_code=422, detail=detail)


def _checked_types(types: list[str]) -> list[str]:
    if not types:
        raise _unprocessable(f"Field 'type' needs at least one of: {', '.join(TAG_TYPES)}")
    unknown = [value for value in types if value not in TAG_TYPES]
    if unknown:
        raise _unprocessable(
            f"Invalid tag type(s) {', '.join(repr(value) for value in unknown)}: "
            f"expected any of {', '.join(TAG_TYPES)}"
        )
    return list(dict.fromkeys(types))


def _checked_name(name: str) -> str:
    if not name.strip():
        raise _unprocessable("Field 'name' must not be empty")
    return name


def split_ids(values: Iterable[str] | None) -> list[str]:
    """Ids from repeated and/or comma-separated query values."""
    return [entry.strip() for value in values or () for entry in value.split(",") if entry.strip()]


class TagService:
    """Tag operations on the shared state; every method takes the state lock."""

    def __init__(self, state: SimState) -> None:
        self.state = state

    def _check_name_free(self, name: str, own_id: str | None = None) -> None:
        for tag in self.state.tags.values():
            if tag["name"] == name and tag["id"] != own_id:
                raise _unprocessable(f"Tag with name '{name}' already exists")

    def _writable(self, tag_id: str) -> dict[str, Any]:
        tag = self.state.tags.get(tag_id)
        if tag is None:
            raise HTTPException(404, detail=f"Tag '{tag_id}' not found")
        if tag["system"]:
            raise HTTPException(
                403, detail=f"Tag '{tag['name']}' ({tag_id}) is a system tag and cannot be changed"
            )
        return tag

    def create(self, body: CreateTagRequest) -> dict[str, Any]:
        name, types = _checked_name(body.name), _checked_types(body.type)
        with self.state.lock:
            self._check_name_free(name)
            tag = {
                "id": new_object_id(),
                "name": name,
                "description": body.description or "",
                "type": types,
                "system": False,
                "custom": True,
            }
            self.state.tags[tag["id"]] = tag
            self.state.save()
            return dict(tag)

    def update(self, tag_id: str, body: UpdateTagRequest) -> dict[str, Any]:
        with self.state.lock:
            tag = self._writable(tag_id)
            if body.name is not None:
                self._check_name_free(_checked_name(body.name), own_id=tag_id)
                tag["name"] = body.name
            if body.type is not None:
                tag["type"] = _checked_types(body.type)
            if body.description is not None:
                tag["description"] = body.description
            self.state.save()
            return dict(tag)

    def delete(self, tag_id: str) -> dict[str, Any]:
        """Deleting a tag also takes it off every entity holding it."""
        with self.state.lock:
            tag = self._writable(tag_id)
            del self.state.tags[tag_id]
            for records in self.state.entities.values():
                for record in records.values():
                    if tag_id in record["tags"]:
                        record["tags"] = [held for held in record["tags"] if held != tag_id]
            self.state.save()
            return dict(tag)

    def find(
        self, name: str | None = None, types: list[str] | None = None, ids: list[str] | None = None
    ) -> list[dict[str, Any]]:
        """GUESS: `tag_name` is a case-insensitive substring match; several `tag_type` values match a
        tag holding any of them."""
        needle = name.lower() if name else None
        wanted_types = set(types or ())
        wanted_ids = set(ids or ())
        with self.state.lock:
            return [
                dict(tag)
                for tag in self.state.tags.values()
                if (needle is None or needle in tag["name"].lower())
                and (not wanted_types or wanted_types & set(tag["type"]))
                and (not wanted_ids or tag["id"] in wanted_ids)
            ]

    def require_known(self, tag_ids: list[str]) -> list[str]:
        """The ids, deduplicated in order; 422 naming the unknown ones."""
        with self.state.lock:
            unknown = [tag_id for tag_id in tag_ids if tag_id not in self.state.tags]
        if unknown:
            raise _unprocessable(f"Unknown tag id(s): {', '.join(unknown)}")
        return list(dict.fromkeys(tag_ids))
