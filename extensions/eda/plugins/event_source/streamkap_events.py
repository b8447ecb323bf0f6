# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""streamkap_events: an ansible-rulebook event source that watches Streamkap and puts out health transitions.

It polls the Streamkap API (one list read per kind and interval, the latest metrics of the pipelines in scope) and
puts an event on the queue only when something changed: an entity became unhealthy, recovered, or was deleted. What
"healthy" means is decided by the collection's health rules, the ones the streamkap_health module uses
(plugins/module_utils/health.py); the polling and the transitions are in plugins/module_utils/watch.py. Failed reads
(timeouts, 5xx, 429, an expired token) are retried with backoff and logged, and never produce an event.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import typing as t
from pathlib import Path

DOCUMENTATION = r"""
---
short_description: Health transitions of Streamkap sources, destinations, pipelines and transforms.
description:
  - An ansible-rulebook event source that polls the Streamkap API and puts an event on the queue only on a transition.
  - V(unhealthy) when an entity starts failing (a connector C(Broken), C(Unassigned) or C(Unknown), a transform job
    C(FAILING) or C(FAILED), a pipeline over O(max_lag) or O(max_latency_ms) or reporting a failed status);
    V(recovered) when one announced unhealthy is healthy again; V(deleted) when one is gone from the scope.
  - One broken source polled a hundred times is one event.
  - Each event is C({"streamkap": {"type", "kind", "id", "name", "status", "previous_status", "lag", "latency_ms", "problems"}}).
options:
  api_url:
    description: Base URL of the Streamkap API; env C(STREAMKAP_API_URL) or C(STREAMKAP_HOST).
    type: str
    default: https://api.streamkap.com
  access_token:
    description: A Streamkap access token; env C(STREAMKAP_ACCESS_TOKEN). Wins over O(client_id) and O(client_secret).
    type: str
  client_id:
    description: Client id exchanged for tokens with O(client_secret); env C(STREAMKAP_CLIENT_ID).
    type: str
  client_secret:
    description: Client secret; env C(STREAMKAP_CLIENT_SECRET) or C(STREAMKAP_SECRET).
    type: str
  validate_certs:
    description: Verify the API's TLS certificate.
    type: bool
    default: true
  ca_path:
    description: A CA bundle to verify the API's certificate with; env C(STREAMKAP_CA_PATH).
    type: path
  request_timeout:
    description: Seconds one HTTP request may take.
    type: float
    default: 30
  retries:
    description: Retries of one request (429, 502, 503, 504, timeouts); env C(STREAMKAP_RETRIES).
    type: int
    default: 5
  retry_max_delay:
    description: The longest wait between two retries of a request, in seconds.
    type: float
    default: 60
  interval:
    description: Seconds between two polls, from 1 to 300.
    type: float
    default: 30
  kinds:
    description: What to watch.
    type: list
    elements: str
    choices: [sources, destinations, pipelines, transforms]
    default: [sources, destinations, pipelines, transforms]
  scope:
    description: Watch only the entities whose name starts with O(scope.name_prefix) and/or that carry O(scope.tag).
    type: dict
    suboptions:
      name_prefix:
        description: A name prefix (case-sensitive).
        type: str
      tag:
        description: A tag name or id.
        type: str
  max_lag:
    description: A pipeline whose records lag is over this is unhealthy.
    type: int
  max_latency_ms:
    description: A pipeline whose latency (milliseconds) is over this is unhealthy.
    type: float
  emit_initial:
    description: At start, announce what is already unhealthy; V(false) takes the first poll as the baseline, silently.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Watch Streamkap
  hosts: localhost
  sources:
    - streamkap.cloud.streamkap_events:
        interval: 30
        kinds: [sources, destinations, pipelines]
        scope:
          name_prefix: prod-
        max_lag: 100000
  rules:
    - name: Redeploy a broken connector
      condition: event.streamkap.type == "unhealthy" and event.streamkap.status == "Broken"
      action:
        run_playbook:
          name: streamkap.cloud.redeploy
"""

LOGGER = logging.getLogger("streamkap.cloud.streamkap_events")
# Where an installed collection keeps this file: <root>/ansible_collections/streamkap/cloud/extensions/eda/plugins/event_source/.
_INSTALLED_DEPTH = 7


def _collection_root() -> str | None:
    """The directory holding ansible_collections/ when this file is part of an installed collection, else None."""
    here = Path(__file__).resolve()
    parents = here.parents
    if len(parents) > _INSTALLED_DEPTH and parents[_INSTALLED_DEPTH - 1].name == "ansible_collections":
        return str(parents[_INSTALLED_DEPTH])
    return None


def watch_module() -> t.Any:
    """The collection's watch room. ansible-rulebook runs this file with runpy, outside Ansible's collection loader:
    the collection's own install root goes first on sys.path, so that its module_utils are the ones imported."""
    root = _collection_root()
    if root is not None and root not in sys.path:
        sys.path.insert(0, root)
    from ansible_collections.streamkap.cloud.plugins.module_utils import watch  # pylint: disable=import-outside-toplevel

    return watch


async def main(queue: asyncio.Queue, args: dict[str, t.Any]) -> None:
    """ansible-rulebook's entry point: check the arguments (a bad one ends the source with a message), then poll."""
    watcher = watch_module().watcher_from_args(args, on_retry=LOGGER.info)
    LOGGER.info("streamkap.cloud.streamkap_events: %s", watcher.describe())
    await run(queue, watcher)


async def run(queue: asyncio.Queue, watcher: t.Any, sleep: t.Callable[[float], t.Awaitable[t.Any]] = asyncio.sleep) -> None:
    """Poll forever (the client is synchronous: each poll runs in a thread); put each event on the queue; after a failed
    poll, wait longer before the next (doubling up to a ceiling) and log why, never a credential."""
    failed_polls = 0
    while True:
        try:
            poll = await asyncio.to_thread(watcher.poll)
            events, failures = poll.events, poll.failures
        except Exception as exc:  # pylint: disable=broad-except  # a source that dies ends the rulebook
            events, failures = [], [watcher.client.redact(f"the poll failed unexpectedly: {type(exc).__name__}: {exc}")]
        for event in events:
            await queue.put(event)
        failed_polls = failed_polls + 1 if failures else 0
        delay = watcher.spec.backoff(failed_polls)
        for failure in failures:
            LOGGER.warning("streamkap.cloud.streamkap_events: %s; next poll in %.3g s", failure, delay)
        await sleep(delay)


if __name__ == "__main__":
    # A manual look: print the events of the STREAMKAP_* environment's account, every 30 seconds.
    class PrintingQueue(asyncio.Queue):
        async def put(self, item: t.Any) -> None:
            print(item, flush=True)

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(PrintingQueue(), {}))
