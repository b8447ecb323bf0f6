"""Transforms: the request models and the operations behind ``/transforms``, and the transform as answered.

Knows the state, not the routes; raises ``HTTPException`` with a ``detail`` string. The keys of every type
(defaults, choices, bounds) come from ``data/transform_types.json``, generated from the official Terraform
provider's transform schemas like the destination data.

The quirks of the real service, as the contract describes them: the name is the config key
``transforms.name``; ``PUT /transforms`` has the id in its body and overwrites the code when the body leaves
it out; the service back-fills the config keys it was not given and stores the code with every field, nulls
included; a job moves DEPLOYING -> RUNNING over a few ``job_status`` reads; ``job_status`` of a transform
never deployed answers 400 "Job not found"; a preview takes ``replay_window`` (``0`` answers 400).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Optional

from fastapi import HTTPException
from pydantic import BaseModel, Field

from .state import SimState, iso_timestamp, new_object_id
from .tags import TagService

KEY_TABLE = Path(__file__).parent / "data" / "transform_types.json"
NAME_KEY = "transforms.name"
# Kafka Connect types: no preview deploy.
LIVE_ONLY_TYPES = ("topic_router",)
IMPLEMENTATION_FIELDS = (
    "language",
    "value_transform",
    "key_transform",
    "topic_transform",
    "common_transform",
    "value_schema_transform",
    "key_schema_transform",
    "unit_test",
)
DEFAULT_CODE = "function _streamkap_transform(valueObject, keyObject, topic, timestamp) {\n  return valueObject;\n}\n"
REPLAY_WINDOW = re.compile(r"(\d+)([smhd])")
REPLAY_WINDOW_ERROR = "Replay window must be a valid duration like 3d, 10m, 2h, 30s"
# The job of a transform the hook made fail ends here after its DEPLOYING reads.
FAILED = "FAILED"


def _load_types() -> dict[str, dict[str, dict[str, Any]]]:
    table = json.loads(KEY_TABLE.read_text(encoding="utf-8"))["connectors"]
    return {code: {row["name"]: row for row in rows} for code, rows in sorted(table.items())}


TRANSFORM_TYPES: dict[str, dict[str, dict[str, Any]]] = _load_types()


class CreateTransformRequest(BaseModel):
    transform: str = Field(description="Transform type: " + ", ".join(TRANSFORM_TYPES) + ".")
    config: dict[str, Any] = Field(description="transforms.* keys; the name is transforms.name.")
    created_from: Optional[str] = Field("api", description="Origin of the entity creation: api, web or terraform.")
    tags: Optional[list[str]] = Field(None, description="Tag ids ([] clears them).")


class UpdateTransformRequest(BaseModel):
    id: str = Field(description="Id of the transform (PUT /transforms has no id in its path).")
    transform: str
    config: dict[str, Any]
    implementation: Optional[dict[str, Any]] = Field(
        None, description="The code; left out, the stored code is overwritten by the type's template."
    )
    tags: Optional[list[str]] = None


class JobHookRequest(BaseModel):
    fail: bool = Field(True, description="Jobs of this transform end FAILED (its current one at once)")


def _unprocessable(detail: str) -> HTTPException:
    return HTTPException(status_code=422, detail=detail)


def _bad_request(detail: str) -> HTTPException:
    return HTTPException(status_code=400, detail=detail)


def default_implementation(transform_type: str, language: Any) -> dict[str, Any]:
    """The code a new transform (or a PUT without code) gets: every field, nulls where the type has none."""
    code: dict[str, Any] = dict.fromkeys(IMPLEMENTATION_FIELDS)
    if transform_type in LIVE_ONLY_TYPES:
        return {}
    code["language"] = language
    if transform_type in ("map_filter", "fan_out", "enrich_async"):
        code["value_transform"] = DEFAULT_CODE
    return code


def stored_implementation(transform_type: str, language: Any, given: dict[str, Any]) -> dict[str, Any]:
    """What the service stores of a given code: the type's fields with nulls, then what was given."""
    if transform_type in LIVE_ONLY_TYPES:
        return dict(given)
    return {**dict.fromkeys(IMPLEMENTATION_FIELDS), "language": language, **given}


def validated_config(transform_type: str, config: dict[str, Any]) -> dict[str, Any]:
    """The config as stored: the keys given, checked (422 naming the key), and every other key with a default."""
    keys = TRANSFORM_TYPES[transform_type]
    name = config.get(NAME_KEY)
    if not isinstance(name, str) or not name.strip():
        raise _unprocessable(f"Config key '{NAME_KEY}' is required")
    for key, value in config.items():
        spec = keys.get(key)
        if spec is None:
            raise _unprocessable(f"Config key '{key}' is not a key of {transform_type} transforms")
        _check_value(key, spec, value)
    stored = {key: spec["default"] for key, spec in keys.items() if "default" in spec}
    stored.update(config)
    return stored


def _check_value(key: str, spec: dict[str, Any], value: Any) -> None:
    if value is None:
        return
    if spec.get("choices") and value not in spec["choices"]:
        raise _unprocessable(f"Config key '{key}' must be one of {', '.join(spec['choices'])}")
    if spec.get("type") == "integer":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise _unprocessable(f"Config key '{key}' must be an integer") from None
        if ("min" in spec and number < spec["min"]) or ("max" in spec and number > spec["max"]):
            raise _unprocessable(f"Config key '{key}' must be between {spec.get('min')} and {spec.get('max')}")


def check_replay_window(value: Optional[str]) -> None:
    if value is None or value == "":
        return
    match = REPLAY_WINDOW.fullmatch(value)
    if match is None or int(match.group(1)) == 0:
        raise _bad_request(REPLAY_WINDOW_ERROR)


def expand(pattern: str, match: re.Match[str]) -> str:
    """The output pattern with $0, $1, ... replaced by the match's groups."""
    return re.sub(r"\$(\d+)", lambda ref: match.group(int(ref.group(1))) or "", pattern)


class TransformService:
    """Transform operations on the shared state; every method takes the state lock."""

    def __init__(self, state: SimState, tags: TagService) -> None:
        self.state = state
        self.tag_service = tags

    # ---- checks ------------------------------------------------------------------------------

    def _check_type(self, transform_type: str) -> None:
        if transform_type not in TRANSFORM_TYPES:
            raise _unprocessable(
                f"Unknown transform type '{transform_type}'. Expected one of: {', '.join(TRANSFORM_TYPES)}"
            )

    def _check_name_free(self, name: str, own_id: str | None = None) -> None:
        existing = self.state.names["transforms"].get(name)
        if existing is not None and existing != own_id:
            raise _unprocessable(f"Transform with name '{name}' already exists")

    def existing(self, transform_id: str) -> dict[str, Any]:
        record = self.state.get(transform_id, "transforms")
        if record is None or record.get("deleted_at"):
            raise HTTPException(404, detail=f"Transform '{transform_id}' not found")
        return record

    # ---- CRUD --------------------------------------------------------------------------------

    def create(self, body: CreateTransformRequest, raw_body: Any) -> dict[str, Any]:
        self._check_type(body.transform)
        config = validated_config(body.transform, body.config)
        tags = self.tag_service.require_known(body.tags or [])
        now = time.time()
        with self.state.lock:
            self._check_name_free(config[NAME_KEY])
            record = {
                "id": new_object_id(),
                "name": config[NAME_KEY],
                "transform_type": body.transform,
                "config": config,
                "implementation": default_implementation(body.transform, config.get("transforms.language")),
                "version": 1,
                "created_from": body.created_from or "api",
                "created_at": now,
                "updated_at": now,
                "tags": tags,
                "job": None,
                "preview_version": None,
                "live_version": None,
                "fail_jobs": False,
                "deleted_at": None,
                "request_body": raw_body,
            }
            self.state.add(record, kind="transforms")
            return record

    def update(self, body: UpdateTransformRequest) -> dict[str, Any]:
        tags = None if body.tags is None else self.tag_service.require_known(body.tags)
        with self.state.lock:
            record = self.existing(body.id)
            if body.transform != record["transform_type"]:
                raise _unprocessable(
                    f"Field 'transform' cannot be changed from '{record['transform_type']}' to '{body.transform}'"
                )
            config = validated_config(record["transform_type"], body.config)
            self._check_name_free(config[NAME_KEY], own_id=record["id"])
            language = config.get("transforms.language")
            # The quirk: a PUT without the code overwrites it with the type's template.
            if body.implementation is None:
                implementation = default_implementation(record["transform_type"], language)
            else:
                implementation = stored_implementation(record["transform_type"], language, body.implementation)
            if config != record["config"] or implementation != record["implementation"]:
                record["version"] += 1
            self.state.rename(record, config[NAME_KEY], "transforms")
            record.update(config=config, implementation=implementation, updated_at=time.time())
            if tags is not None:
                record["tags"] = tags
            self.state.save()
            return record

    def delete(self, transform_id: str) -> dict[str, Any]:
        """Refused (409, naming them) while a pipeline routes topics through the transform."""
        with self.state.lock:
            record = self.existing(transform_id)
            users = self.pipelines_using(transform_id)
            if users:
                named = ", ".join(f"{pipeline['name']} ({pipeline['id']})" for pipeline in users)
                raise HTTPException(
                    409, detail=f"Transform '{record['name']}' ({transform_id}) is used by pipeline(s) {named}; "
                    "delete them first",
                )
            self.state.mark_deleted(record, "transforms")
            return self.render(record)

    def pipelines_using(self, transform_id: str) -> list[dict[str, Any]]:
        return [
            pipeline
            for pipeline in self.state.pipelines.values()
            if not pipeline.get("deleted_at")
            and (
                any(entry.get("id") == transform_id for entry in pipeline["transforms"])
                or any(entry.get("transform_id") == transform_id for entry in pipeline["topic_auto_discovery_transforms"])
            )
        ]

    # ---- the job -----------------------------------------------------------------------------

    def deploy_preview(self, transform_id: str, replay_window: Optional[str]) -> dict[str, Any]:
        check_replay_window(replay_window)
        with self.state.lock:
            record = self.existing(transform_id)
            if record["transform_type"] in LIVE_ONLY_TYPES:
                raise _bad_request(f"Preview deploys are not available for {record['transform_type']} transforms")
            record["preview_version"] = record["version"]
            record["replay_window"] = replay_window
            self.state.save()
            return {"transform_id": transform_id, "version": record["version"], "stage": "preview"}

    def deploy_live(self, transform_id: str) -> dict[str, Any]:
        with self.state.lock:
            record = self.existing(transform_id)
            flink = record["transform_type"] not in LIVE_ONLY_TYPES
            if flink and record["preview_version"] != record["version"]:
                raise _bad_request("Deploy a preview of the current version first")
            record["live_version"] = record["version"]
            now = time.time()
            record["job"] = {
                "status": "DEPLOYING",
                "reads_left": int(self.state.settings.job_polls),
                "job_name": f"transform-{transform_id}-v{record['version']}",
                "start_time": iso_timestamp(now),
            }
            self.state.save()
            return {"transform_id": transform_id, "version": record["version"], "stage": "live"}

    def job_status(self, transform_id: str) -> dict[str, Any]:
        """Never deployed: 400 "Job not found". A deploying job reads DEPLOYING for job_polls reads, then
        RUNNING (FAILED when the hook made the transform's jobs fail)."""
        with self.state.lock:
            record = self.state.get(transform_id, "transforms")
            if record is None or record.get("deleted_at"):
                raise _bad_request("Transform not found")
            job = record["job"]
            if job is None:
                raise _bad_request("Job not found")
            if job["status"] == "DEPLOYING":
                if job["reads_left"] <= 0:
                    job["status"] = FAILED if record["fail_jobs"] else "RUNNING"
                job["reads_left"] -= 1
            self.state.save()
            return {"id": transform_id, "job_name": job["job_name"], "status": job["status"],
                    "start_time": job["start_time"]}

    def fail_jobs(self, transform_id: str, fail: bool) -> dict[str, Any]:
        """Test hook: the transform's jobs end FAILED (its running job fails at once)."""
        with self.state.lock:
            record = self.state.get(transform_id, "transforms")
            if record is None:
                raise HTTPException(404, detail=f"'{transform_id}' not found in transforms")
            record["fail_jobs"] = fail
            if fail and record["job"] is not None and record["job"]["status"] == "RUNNING":
                record["job"]["status"] = FAILED
            self.state.save()
            return self.render(record)

    # ---- answers -----------------------------------------------------------------------------

    def matches(self, record: dict[str, Any], filters: dict[str, Any]) -> bool:
        needle = filters.get("partial_name")
        statuses, tag_ids = filters.get("status"), filters.get("tag_ids")
        status = (record["job"] or {}).get("status")
        return (
            (filters.get("id") is None or record["id"] == filters["id"])
            and (needle is None or needle.lower() in record["name"].lower())
            and (statuses is None or (status or "").lower() in statuses)
            and (not tag_ids or bool(set(tag_ids) & set(record["tags"])))
        )

    def render(self, record: dict[str, Any]) -> dict[str, Any]:
        """The transform object: its output topics are the input pattern's matches among the sources' topics,
        through the output pattern; deployed, their ids carry the transform_<id>_<version> prefix."""
        topics = self._output_topics(record)
        live = record["live_version"]
        job = record["job"] or {}
        return {
            "id": record["id"],
            "name": record["name"],
            "transform_type": record["transform_type"],
            "status": job.get("status"),
            "config": dict(record["config"]),
            "implementation": json.loads(json.dumps(record["implementation"])),
            "version": record["version"],
            "topic_ids": [f"transform_{record['id']}_{live}.{topic}" for topic in topics] if live else [],
            "topics": topics,
            "created_at": iso_timestamp(record["created_at"]),
            "updated_at": iso_timestamp(record["updated_at"]),
            "start_time": job.get("start_time"),
            "tags": list(record["tags"]),
            "job_name": job.get("job_name"),
            "live_version": live,
            "preview_version": record["preview_version"],
        }

    def _output_topics(self, record: dict[str, Any]) -> list[str]:
        try:
            pattern = re.compile(str(record["config"].get("transforms.input.topic.pattern") or ""))
        except re.error:
            return []
        output = str(record["config"].get("transforms.output.topic.pattern") or "")
        found: dict[str, None] = {}
        for source in self.state.sources.values():
            for topic in source["topics"]:
                match = pattern.fullmatch(topic)
                if match and output:
                    found[expand(output, match)] = None
        return list(found)
