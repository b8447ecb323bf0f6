# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Sources: the resource descriptor plus the rules only sources have (desired_state actions).

Finding, creating, updating, deleting and waiting are the resource engine's (resource.py).
"""

from __future__ import annotations

import time
import typing as t
from functools import partial

from ansible_collections.streamkap.cloud.plugins.module_utils import config as cfg
from ansible_collections.streamkap.cloud.plugins.module_utils import resource
from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapClient, api_path
from ansible_collections.streamkap.cloud.plugins.module_utils.reconciler import Reconciler, no_secrets, redact_entity

DESIRED_STATE_CHOICES = ("Pending", "Active", "Paused", "Stopped")

# --- Assumptions about the API ([guess] in the contract; see docs/api-assumptions.md) ---

# [guess] The action that drives a source to each desired_state (resume also restarts a stopped one).
ACTION_FOR_STATE = {"Active": "resume", "Paused": "pause", "Stopped": "stop"}


def action_path(source_id: str, action: str) -> str:
    """[guess] Path of a source action (pause, resume, restart, stop); known from a backend audit only.

    The body is unknown (none is sent) and so is the answer: a source-shaped answer is
    used, anything else is replaced by a fresh read.
    """
    return api_path("sources", source_id, "actions", action)


def state_action(desired_state: str | None, source: dict[str, t.Any]) -> str | None:
    """The action driving `source` to `desired_state`, or None when none is needed.

    Needed when connector_status differs from the target, unless the source is already
    on its way there (its desired_state is the target and its status is not a resting one).
    A Broken source that should run is not restarted behind the user's back: `wait` reports it.
    """
    action = ACTION_FOR_STATE.get(desired_state or "")
    if action is None:
        return None
    status = source.get("connector_status")
    if status == desired_state:
        return None
    if source.get("desired_state") == desired_state and status not in resource.SETTLED_STATUSES:
        return None
    return action


SOURCE = resource.ResourceKind(
    path="/sources",
    noun="source",
    result_key="source",
    schema_path="/sources/connectors",
    secrets_kind="sources",
    set_once_keys=cfg.SET_ONCE_KEYS,
    body_fields=("name", "connector", "config", "created_from", "desired_state"),
    state_action=state_action,
    action_path=action_path,
    taggable=True,
    redeployable=True,
    used_by=(resource.UsedBy("/pipelines", "source_id", "pipeline", "streamkap.cloud.streamkap_pipeline", "source"),),
)


class SourceSpec(resource.ResourceSpec):
    """What the user asked of one source."""

    noun = "source"


SourceStateError = resource.WaitError


class SourceService(Reconciler):
    """The resource engine bound to sources."""

    def __init__(
        self,
        client: StreamkapClient,
        register_secrets: t.Callable[[t.Iterable[str]], None] = no_secrets,
        sleep: t.Callable[[float], None] = time.sleep,
        clock: t.Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(client, SOURCE, register_secrets=register_secrets, sleep=sleep, clock=clock)


redact_source = partial(redact_entity, SOURCE)


def secret_config_values(config: t.Any, connector: t.Any = None) -> set[str]:
    """The hidden values of a user's source config (raw parameter too), for no_log_values."""
    return SOURCE.config_secrets(config, connector)
