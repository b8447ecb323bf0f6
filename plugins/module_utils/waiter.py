# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""The resource engine's *waiter*: polls an entity after a write until it reaches a status or is
gone. Imported by changes.py only when a task waits.
"""

from __future__ import annotations

import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils.health import describe_task_statuses
from ansible_collections.streamkap.cloud.plugins.module_utils.repository import Repository
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import Entity, ResourceSpec, WaitError

BROKEN_STATUS = "Broken"
# describe_task_statuses lives with the health rules; importers of waiter still find it here.
__all__ = ["BROKEN_STATUS", "Waiter", "describe_task_statuses"]


class Waiter:
    """Polls an entity by id until it reaches a status (Broken fails at once) or is gone."""

    def __init__(self, repository: Repository, sleep: t.Callable[[float], None], clock: t.Callable[[], float]) -> None:
        self.repository = repository
        self.sleep = sleep
        self.clock = clock

    def until_status(self, entity: Entity, target: str, spec: ResourceSpec,
                     shown: t.Callable[[Entity], Entity]) -> Entity:
        """Poll until connector_status is `target`; `shown` makes the entity fit for an error result."""
        kind = self.repository.kind
        deadline = self.clock() + spec.wait_timeout
        while True:
            status = entity.get("connector_status")
            if status == target:
                return entity
            if status == BROKEN_STATUS:
                raise WaitError(
                    f"{kind.label(entity)} is Broken instead of {target}: "
                    f"{describe_task_statuses(entity.get('task_statuses'), self.repository.client.redact)}.",
                    shown(entity), kind.result_key,
                )
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitError(
                    f"{kind.label(entity)} did not reach connector_status {target} within {spec.wait_timeout:g} seconds; "
                    f"last status: {status}.",
                    shown(entity), kind.result_key,
                )
            self.sleep(min(spec.wait_interval, remaining))
            fresh = self.repository.get(entity["id"], secret_returned=spec.secret_returned)
            if fresh is None:
                raise WaitError(f"{kind.label(entity)} disappeared while waiting for {target}.", None, kind.result_key)
            entity = fresh

    def until_gone(self, entity: Entity, spec: ResourceSpec) -> None:
        """Poll until the entity no longer appears; fail after wait_timeout."""
        kind = self.repository.kind
        deadline = self.clock() + spec.wait_timeout
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitError(
                    f"{kind.label(entity)} still exists {spec.wait_timeout:g} seconds after its deletion; "
                    f"last status: {entity.get('connector_status')}.", None, kind.result_key,
                )
            self.sleep(min(spec.wait_interval, remaining))
            fresh = self.repository.get(entity["id"])
            if fresh is None:
                return
            entity = fresh
