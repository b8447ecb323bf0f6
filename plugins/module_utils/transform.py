# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Transforms: the descriptor, and the rules only transforms have.

The descriptor says where transforms differ in shape: the name is the config key `transforms.name`,
`PUT /transforms` carries the id in its body, `DELETE /transforms?id=` takes it as a query parameter,
writes take no `wait`, and the code (`implementation`) goes in a `PUT` after the create. The spec adds
the rules: the type never changes, config keys are checked offline against the type's, the code is
compared as a subset of the stored one (the service adds defaults and nulls) and always sent back on a
`PUT` (the service overwrites what a `PUT` leaves out), and `settle` deploys the job and waits for it.
Finding, creating once, converging, deleting and the in-use check are the resource engine's.
"""

from __future__ import annotations

import dataclasses
import re
import typing as t
from functools import partial

from ansible_collections.streamkap.cloud.plugins.module_utils import _connector_keys
from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import inputs, resource
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapApiError, StreamkapClient, StreamkapError, api_path
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import ListFilters, read_each
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import redact_entity
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository

Entity = t.Dict[str, t.Any]

TRANSFORM_TYPES = ("map_filter", "enrich", "enrich_async", "sql_join", "rollup", "fan_out", "topic_router")
NAME_KEY = "transforms.name"
KEYS_KIND = "transforms"  # the offline key table's kind
# [sure] A replay window as the service reads it: an amount and a unit, "7d", "24h", "10m", "30s".
REPLAY_WINDOW = re.compile(r"(\d+)([smhd])")

# --- the job ---
NOT_DEPLOYED = "NOT_DEPLOYED"
RUNNING = "RUNNING"
# [sure] The 400 detail of GET /transforms/{id}/job_status for a transform never deployed: not an error.
NOT_DEPLOYED_DETAILS = ("Job not found", "Transform not found")
# A job in one of these does not run and will not by itself: deploy=true deploys it again, a wait ends.
IDLE_JOB_STATUSES = frozenset({NOT_DEPLOYED, "FAILED", "CANCELED", "STOPPED"})
# Kafka Connect types: deployed live at once; the others (Flink) preview first.
LIVE_ONLY_TYPES = frozenset({"topic_router"})
# What the job runs: changing one of these (or creating the transform) makes deploy=true deploy again.
REDEPLOYING_CHANGES = frozenset({"created", "name", "config", "implementation"})
# Job statuses read at once by streamkap_transform_info (job_status=true).
MAX_STATUS_READS = 4
NO_VERSION = "no-version"


# ============================================================================
# Pure rules
# ============================================================================

def known_keys(transform_type: str | None) -> frozenset[str]:
    """The config keys of a type (None: of any type), from the offline table."""
    return _connector_keys.known_keys(KEYS_KIND, transform_type) or frozenset()


def config_problems(config: t.Mapping[str, t.Any], transform_type: str | None) -> list[str]:
    """One message per config key the type does not have (with the nearest it has); the name is an option."""
    known = known_keys(transform_type) - {NAME_KEY}
    problems = []
    for key in config:
        if key == NAME_KEY:
            problems.append(f"config key '{NAME_KEY}' is the transform's name: give it as name")
        elif key not in known:
            problems.append(f"unknown key {cfg.shorten(key, 60)!r}; {_nearest(key, known, transform_type)}")
    return problems


def _nearest(key: str, known: t.AbstractSet[str], transform_type: str | None) -> str:
    import difflib  # only for an unknown key

    matches = difflib.get_close_matches(key, sorted(known), n=1)
    if matches:
        return f"did you mean '{matches[0]}'?"
    return f"{'a ' + transform_type if transform_type else 'a'} transform has {', '.join(sorted(known))}"


def check_replay_window(value: str | None) -> None:
    """Refuse a replay window the service would answer 400 (malformed, or zero), before any request."""
    if value is None:
        return
    match = REPLAY_WINDOW.fullmatch(value)
    if match is None or int(match.group(1)) == 0:
        raise StreamkapError(
            f"replay_window {cfg.shorten(value, 40)!r} is not a replay window: give a positive amount and a unit "
            "(s, m, h or d), for example 7d, 24h or 10m; leave it out to start from the latest offset."
        )


def is_subset(wanted: t.Any, stored: t.Any) -> bool:
    """Whether the stored value holds what is wanted: dicts key by key (keys not wanted, and wanted nulls, do
    not count), lists item by item, values normalised (5 == "5")."""
    if isinstance(wanted, dict):
        return isinstance(stored, dict) and all(value is None or is_subset(value, stored.get(key))
                                                for key, value in wanted.items())
    if isinstance(wanted, (list, tuple)):
        return (isinstance(stored, list) and len(stored) == len(wanted)
                and all(is_subset(item, held) for item, held in zip(wanted, stored)))
    return stored is not None and cfg.values_equal(wanted, stored)


def uses_transform(pipeline: Entity, transform_id: str) -> bool:
    """Whether a pipeline routes topics through the transform (by topic, or by auto-discovery)."""
    return (any(isinstance(entry, dict) and entry.get("id") == transform_id for entry in pipeline.get("transforms") or ())
            or any(isinstance(entry, dict) and entry.get("transform_id") == transform_id
                   for entry in pipeline.get("topic_auto_discovery_transforms") or ()))


# ============================================================================
# Bodies and views
# ============================================================================

def body_name(body: Entity) -> t.Any:
    return (body.get("config") or {}).get(NAME_KEY)


def update_body(transform: Entity) -> Entity:
    """The PUT body of the would-be transform: its full config (name included) and its code (the service
    overwrites the code a PUT leaves out). The repository adds the id; the engine adds tags when given."""
    config = {key: value for key, value in (transform.get("config") or {}).items() if value is not None}
    config[NAME_KEY] = transform.get("name")
    return {"transform": transform.get("transform_type"), "config": config,
            "implementation": transform.get("implementation") or {}}


def predicted_create(body: Entity) -> Entity:
    """The would-be transform of a create body, in check mode."""
    return {"id": None, "name": body_name(body), "transform_type": body.get("transform"),
            "config": dict(body.get("config") or {}), "implementation": {}, "tags": list(body.get("tags") or [])}


def diff_view(transform: Entity) -> Entity:
    """One side of a diff: name, type, the config (name aside, unknown keys masked) and the code, a list of lines
    each, so that a diff shows which lines change."""
    config = transform.get("config") or {}
    transform_type = transform.get("transform_type") or transform.get("transform")
    shown = {key: value for key, value in sorted(config.items()) if key != NAME_KEY and value is not None}
    return {
        "name": transform.get("name") or config.get(NAME_KEY),
        "type": transform_type,
        "config": cfg.redact_config(shown, classify=partial(_connector_keys.classify_key, KEYS_KIND, transform_type)),
        "implementation": as_lines(transform.get("implementation") or {}),
    }


def as_lines(value: t.Any) -> t.Any:
    """Text of several lines as a list of them; nulls left out of dicts."""
    if isinstance(value, dict):
        return {key: as_lines(item) for key, item in sorted(value.items()) if item is not None}
    if isinstance(value, list):
        return [as_lines(item) for item in value]
    if isinstance(value, str) and "\n" in value:
        return value.splitlines()
    return value


# ============================================================================
# The descriptor
# ============================================================================

TRANSFORM = resource.ResourceKind(
    path="/transforms",
    noun="transform",
    result_key="transform",
    secrets_kind=KEYS_KIND,
    body_fields=("transform", "config", "created_from"),
    connector_field="transform_type",
    body_connector_field="transform",
    connector_word="type",
    body_name=body_name,
    put_path_has_id=False,
    delete_id_query="id",
    write_wait_query=False,
    waits_on_connector_status=False,
    fields_after_create=True,
    taggable=True,
    used_by=(resource.UsedBy("/pipelines", None, "pipeline", "streamkap.cloud.streamkap_pipeline", "transforms",
                             matches=uses_transform),),
    diff_view=diff_view,
    write_body=update_body,
    predicted_create=predicted_create,
)


# ============================================================================
# What the user asked for
# ============================================================================

@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class TransformSpec(resource.ResourceSpec):
    """What the user asked of one transform; `connector` holds its type."""

    implementation: dict[str, t.Any] | None = None
    deploy: bool = False
    replay_window: str | None = None
    noun: t.ClassVar[str] = "transform"

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TransformSpec:
        given = {name: params[name] for name in ("wait", "wait_timeout", "wait_interval", "purge_tags")
                 if params.get(name) is not None}
        tags = params.get("tags")
        spec = cls(**dict(resource.ABSENT_CONNECTOR_OPTIONS, **given), name=params.get("name"), id=params.get("id"),
                   connector=params.get("type"), config=params.get("config"), tags=None if tags is None else tuple(tags),
                   implementation=params.get("implementation"), deploy=bool(params.get("deploy")),
                   replay_window=params.get("replay_window"))
        spec.check()
        return spec

    def check(self) -> None:
        if self.connector is not None and self.connector not in TRANSFORM_TYPES:
            raise StreamkapError(f"type must be one of {', '.join(TRANSFORM_TYPES)}; got {cfg.shorten(self.connector, 40)!r}.")
        super().check()
        problems = config_problems(self.config or {}, self.connector)
        if problems:
            raise StreamkapError(f"Invalid config: {inputs.listed_problems(problems)} Nothing was sent.")
        errors = [error.replace("config key", "implementation key", 1) for error in inputs.config_errors(self.implementation)]
        if errors:
            raise StreamkapError(f"Invalid implementation: {inputs.listed_problems(errors)} Nothing was sent.")
        check_replay_window(self.replay_window)

    def missing_for_create(self) -> list[str]:
        return [option for option, value in (("name", self.name), ("type", self.connector)) if not value]

    def create_body(self, kind: resource.ResourceKind, references: t.Mapping[str, Entity] | None = None) -> Entity:
        """The POST body; the code cannot go in it (TRANSFORM.fields_after_create: a PUT follows)."""
        return {"transform": self.connector, "config": dict(self.desired_config, **{NAME_KEY: self.name}),
                "created_from": self.created_from}

    def field_changes(self, current: Entity) -> dict[str, t.Any]:
        """The code, when the stored one does not hold what is given: the stored code with the fields given laid
        over it. The service overwrites the whole code on a PUT, and fields not given (as for the comparison)
        are no change: sent back as stored, never erased."""
        if self.implementation is not None and not is_subset(self.implementation, current.get("implementation")):
            stored = current.get("implementation")
            kept = {key: value for key, value in (stored if isinstance(stored, dict) else {}).items() if value is not None}
            return {"implementation": dict(kept, **{key: value for key, value in self.implementation.items()
                                                    if value is not None})}
        return {}

    def refuse_change(self, current: Entity, changes: t.Sequence[str]) -> None:
        """Config keys checked against the type found, when the task did not name one."""
        problems = [] if self.connector else config_problems(self.config or {}, current.get("transform_type"))
        if problems:
            raise StreamkapError(f"Invalid config for {TRANSFORM.label(current)}: {inputs.listed_problems(problems)} "
                                 "Nothing was changed.")

    def settle(self, reconciler: t.Any, result: dict[str, t.Any], written: t.Collection[str],
               check_mode: bool) -> dict[str, t.Any]:
        """The job: its status in the result (`job_status`), deployed when asked (see Job.settle), waited for."""
        return Job(self, reconciler).settle(result, written, check_mode)


# ============================================================================
# The job
# ============================================================================

def read_job_status(client: StreamkapClient, transform_id: str) -> str:
    """The job's status; NOT_DEPLOYED for a transform never deployed (the service answers 400)."""
    try:
        answer = client.get(api_path("transforms", transform_id, "job_status"))
    except StreamkapApiError as exc:
        if exc.status == 400 and any(detail in (exc.detail or "") for detail in NOT_DEPLOYED_DETAILS):
            return NOT_DEPLOYED
        raise
    status = answer.get("status") if isinstance(answer, dict) else None
    return str(status) if status else "UNKNOWN"


class Job:
    """One transform's job as a task of state=present leaves it."""

    def __init__(self, spec: TransformSpec, reconciler: t.Any) -> None:
        self.spec = spec
        self.client: StreamkapClient = reconciler.repository.client
        self.sleep = reconciler.sleep
        self.clock = reconciler.clock

    def settle(self, result: dict[str, t.Any], written: t.Collection[str], check_mode: bool) -> dict[str, t.Any]:
        """Deploy (deploy=true) a transform created or changed by this run, or whose job is idle; a running,
        unchanged one is left alone. Then wait (wait=true) until the job runs. Check mode reads, never deploys."""
        transform = result.get(TRANSFORM.result_key) or {}
        transform_id = transform.get("id")
        status = read_job_status(self.client, transform_id) if transform_id else NOT_DEPLOYED
        deploying = self.spec.deploy and (bool(REDEPLOYING_CHANGES.intersection(written)) or status in IDLE_JOB_STATUSES)
        changed = bool(result.get("changed")) or deploying
        if transform_id and not check_mode:
            if deploying:
                self.deploy(transform_id, TRANSFORM.connector_of(transform))
            if self.spec.wait:
                status = self.wait_until_running(dict(transform, job_status=status), deploying, changed)
            elif deploying:
                status = read_job_status(self.client, transform_id)
        return dict(result, changed=changed, **{TRANSFORM.result_key: dict(transform, job_status=status)})

    def deploy(self, transform_id: str, transform_type: str | None) -> None:
        """Preview then live (Flink types, the preview replaying replay_window), or live at once (topic_router)."""
        if transform_type not in LIVE_ONLY_TYPES:
            query = {"replay_window": self.spec.replay_window} if self.spec.replay_window else {}
            self.client.put(api_path("transforms", transform_id, "deploy-job-preview", NO_VERSION), params=query)
        self.client.put(api_path("transforms", transform_id, "deploy-job-live", NO_VERSION))

    def wait_until_running(self, transform: Entity, deployed: bool, changed: bool) -> str:
        """Poll the job status until RUNNING; an idle job (FAILED, CANCELED, STOPPED, not deployed) fails at
        once, naming its status, and so does wait_timeout, naming the last one. After a deploy the status
        read before it says nothing of the new job: polled first."""
        spec, label = self.spec, TRANSFORM.label(transform)
        status, known = transform["job_status"], not deployed
        deadline = self.clock() + spec.wait_timeout
        while True:
            if known and status == RUNNING:
                return status
            if known and status in IDLE_JOB_STATUSES:
                hint = "; deploy=true deploys it" if status == NOT_DEPLOYED and not spec.deploy else ""
                raise self._failure(f"{label}: its job is {status} instead of {RUNNING}{hint}.", transform, status, changed)
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise self._failure(f"{label}: its job did not reach {RUNNING} within {spec.wait_timeout:g} seconds; "
                                    f"last status: {status}.", transform, status, changed)
            self.sleep(min(spec.wait_interval, remaining))
            status, known = read_job_status(self.client, transform["id"]), True

    @staticmethod
    def _failure(message: str, transform: Entity, status: str, changed: bool) -> resource.WaitError:
        error = resource.WaitError(message, dict(transform, job_status=status), TRANSFORM.result_key)
        error.changed = changed
        return error


# ============================================================================
# The modules' options, and streamkap_transform_info
# ============================================================================

def transform_options() -> dict[str, dict[str, t.Any]]:
    """streamkap_transform's argument spec (auth aside); a streamkap_transforms entry takes part of it."""
    return dict(
        name={"type": "str"},
        id={"type": "str"},
        type={"type": "str", "choices": list(TRANSFORM_TYPES)},
        config={"type": "dict"},
        implementation={"type": "dict"},
        deploy={"type": "bool", "default": False},
        replay_window={"type": "str"},
        wait={"type": "bool", "default": False},
        wait_timeout={"type": "int", "default": 300},
        wait_interval={"type": "float", "default": 5.0},
        state={"type": "str", "choices": list(resource.STATE_CHOICES), "default": "present"},
        **resource.tag_options(),
    )


@dataclasses.dataclass(frozen=True)
class TransformFilters(ListFilters):
    """streamkap_transform_info's filters: those of every kind (status: job statuses, by the API), the type
    (matched here: the list takes no type filter), and whether to read each one's job status."""

    types: tuple[str, ...] = ()
    job_status: bool = False

    @classmethod
    def from_params(cls, params: t.Mapping[str, t.Any]) -> TransformFilters:
        base = ListFilters.from_params(params)
        filters = cls(**dataclasses.asdict(base), types=tuple(params.get("type") or ()), job_status=bool(params.get("job_status")))
        unknown = [value for value in filters.types if value not in TRANSFORM_TYPES]
        if unknown:
            raise StreamkapError(f"type must hold only {', '.join(TRANSFORM_TYPES)}; got {', '.join(map(repr, unknown))}.")
        return filters


def list_transforms(client: StreamkapClient, filters: TransformFilters) -> list[Entity]:
    """The transforms matching every filter; with job_status, each one's job status read (a few at a time)."""
    found = [item for item in Repository(client, TRANSFORM).list_matching(filters)
             if not filters.types or item.get("transform_type") in filters.types]
    if filters.job_status:
        statuses = read_each(lambda item: read_job_status(client, str(item["id"])), found, MAX_STATUS_READS)
        found = [dict(item, job_status=status) for item, status in zip(found, statuses)]
    return [redact_entity(TRANSFORM, item, filters.secret_returned) for item in found]
