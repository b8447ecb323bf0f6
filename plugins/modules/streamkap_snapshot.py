#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_snapshot
short_description: Start, wait for or cancel a backfill snapshot of a Streamkap source
version_added: 1.2.0
description:
  - Starts a snapshot (a backfill) of a source's tables - every topic of the source, or the O(topics) given - and
    optionally waits until every one of them completed; or cancels the snapshot that runs.
  - A snapshot is an action, not a state. Starting one reports C(changed=true) each time it starts one.
  - The task reads the source's snapshot status first. While a snapshot of the source runs, it starts no other
    (C(changed=false), with a message saying so); with O(wait=true) it then waits for the running one.
options:
  source:
    description:
      - Exact name of the source.
      - Exactly one of O(source) and O(source_id) is required.
    type: str
  source_id:
    description:
      - Id of the source.
    type: str
  topics:
    description:
      - The topics to snapshot, each given as its table (V(public.orders)) or its full name with the
        C(source_<id>.) prefix. A topic the source does not have fails before anything is sent, naming the source's.
      - Left out, every topic of the source is snapshotted.
    type: list
    elements: str
  type:
    description:
      - V(incremental) reads the tables in chunks while the source keeps streaming; it takes O(filters) and
        O(surrogate_key).
      - V(blocking) pauses streaming while it reads the tables; it suits tables without a primary key. O(filters) and
        O(surrogate_key) with it fail before anything is sent.
    type: str
    choices: [incremental, blocking]
    default: incremental
  filters:
    description:
      - Rows to read, per table (the API's C(additional_conditions)); the tables without one are read whole.
      - Incremental snapshots only.
    type: list
    elements: dict
    suboptions:
      table:
        description: The table, as C(<schema>.<table>) (V(public.orders)).
        type: str
        required: true
      filter:
        description: An SQL condition the rows must meet, such as V(created_at > '2026-01-01').
        type: str
        required: true
  surrogate_key:
    description:
      - A column to chunk the tables by instead of their primary key. Incremental snapshots only.
    type: str
  state:
    description:
      - V(started) starts a snapshot unless one runs.
      - V(cancelled) cancels the snapshot that runs (C(changed=true)), of O(topics) when given; when none runs, it does
        nothing.
    type: str
    choices: [started, cancelled]
    default: started
  wait:
    description:
      - With O(state=started), poll the source's metrics until the snapshot of every topic completed. A topic whose
        snapshot failed (or was cancelled) fails the task at once, naming it; so does O(wait_timeout), naming the topics
        still running.
      - With O(state=cancelled), poll until no topic's snapshot is pending or running.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true).
    type: int
    default: 3600
  wait_interval:
    description:
      - Seconds between two reads of the source's metrics when O(wait=true) (0.5 to 3600).
    type: float
    default: 10
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Reads the source and its snapshot status, and reports what would be started or cancelled (the request in
        C(snapshot.request)) without sending it.
  diff_mode:
    support: none
notes:
  - The source is looked up by name (or read by id); its snapshot status is read with
    C(GET /sources/{id}/metrics?time_type=latest) (C(snapshotStatus), per topic). A snapshot is started with
    C(POST /sources/snapshot) and cancelled with C(POST /sources/cancel_snapshot).
  - A start answered 409 (another run started one between the read and the write) counts as a snapshot already running.
seealso:
  - module: streamkap.cloud.streamkap_topic_info
    description: Lists topics by snapshot status (O(streamkap.cloud.streamkap_topic_info#module:snapshot)).
  - module: streamkap.cloud.streamkap_source_info
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Re-snapshot two tables after a schema fix, and wait until they are backfilled
  streamkap.cloud.streamkap_snapshot:
    source: orders-db
    topics: [public.orders, public.order_items]
    wait: true
    wait_timeout: 7200

- name: Backfill only this year's orders
  streamkap.cloud.streamkap_snapshot:
    source: orders-db
    topics: [public.orders]
    filters:
      - table: public.orders
        filter: "created_at >= '2026-01-01'"

- name: A table without a primary key needs a blocking snapshot
  streamkap.cloud.streamkap_snapshot:
    source: orders-db
    topics: [public.audit_log]
    type: blocking

- name: Cancel the running snapshot
  streamkap.cloud.streamkap_snapshot:
    source: orders-db
    state: cancelled
"""

RETURN = r"""
msg:
  description: What the task did, or why it did nothing (a snapshot already running, none to cancel).
  returned: always
  type: str
  sample: "Started a snapshot (incremental) of Source 'orders-db' (id 6650f1c2a9d3e4b5c6d7e8f9): 2 topics. Every topic completed."
snapshot:
  description: The snapshot as the task left it.
  returned: success, and on a failed wait
  type: dict
  contains:
    source:
      description: The source's C(id) and C(name).
      type: dict
      sample: {"id": "6650f1c2a9d3e4b5c6d7e8f9", "name": "orders-db"}
    request:
      description:
        - The request body sent (in check mode, the one that would be); null when nothing was sent.
      type: dict
      sample: {"source_id": "6650f1c2a9d3e4b5c6d7e8f9", "topic_names": ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"],
               "additional_conditions": null, "snapshot_type": "incremental", "surrogate_key": null}
    topics:
      description:
        - The last status of each topic, by full topic name - V(pending), V(running), V(completed), V(failed) or
          V(cancelled) (V(would start) in check mode).
        - The statuses are those last read. Without O(wait), that is the read before the task started or cancelled
          the snapshot, so a cancelled snapshot's topics still show V(running) until a later read.
      type: dict
      sample: {"source_6650f1c2a9d3e4b5c6d7e8f9.public.orders": "completed"}
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /sources/6650f1c2a9d3e4b5c6d7e8f9/metrics: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.snapshot import SnapshotSpec, run_snapshot, snapshot_options


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(snapshot_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("source", "source_id")],
        mutually_exclusive=[("source", "source_id")],
        supports_check_mode=True,
    ).run(SnapshotSpec.from_params, run_snapshot)


if __name__ == "__main__":
    main()
