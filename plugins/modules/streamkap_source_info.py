#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_source_info
short_description: List Streamkap sources
version_added: 1.0.0
description:
  - Lists the Streamkap sources that match the filters given, as full source objects.
  - Every filter given must hold; a list filter matches any of its values. Without filters, every source is listed.
  - Reads only; never changes anything, so it runs the same in check mode.
options:
  name:
    description:
      - Exact names of the sources to list. Matching is case-sensitive, so V(orders) does not match V(orders-2) or V(ORDERS).
      - The API only filters names by substring, so each name costs one query (C(partial_name=<name>)), every page read,
        and the exact matches are kept.
      - A single string is split at commas, as Ansible does for lists; give a name that contains a comma as a one-item list.
      - Mutually exclusive with O(partial_name).
    type: list
    elements: str
    version_added: 1.0.0
  partial_name:
    description:
      - List the sources whose name contains this text, as the API matches it (case-insensitive on the simulator).
      - Mutually exclusive with O(name).
    type: str
    version_added: 1.0.0
  id:
    description:
      - Identifiers of the sources to list. Each id costs one query (the API filters by one id at a time).
      - An unknown id matches nothing, which is not an error.
      - An id that holds other characters than letters, digits, C(_), C(-), C(.), C(~) and C(:) is refused before any request.
    type: list
    elements: str
    version_added: 1.0.0
  connector:
    description:
      - Connector codes of the sources to list, for example V(postgresql), V(mysql), V(mongodb), V(dynamodb) or V(sqlserveraws).
      - Sent to the API comma-separated, so a value must not contain a comma.
    type: list
    elements: str
    version_added: 1.0.0
  status:
    description:
      - Connector statuses (C(connector_status)) of the sources to list, for example V(Active), V(Paused), V(Stopped),
        V(Broken), V(Starting), V(Unassigned), V(Unknown) or V(Pending).
      - Sent to the API comma-separated, so a value must not contain a comma.
    type: list
    elements: str
    version_added: 1.0.0
  secret_returned:
    description:
      - Ask the API to include secret configuration values in the sources it returns, and return them unmasked.
      - With V(false), the API withholds secrets, and values of secret keys that come back anyway are replaced
        by C(********).
      - Secrets returned with V(true) are part of the task result; keep such a result out of logs (C(no_log)).
    type: bool
    default: false
    version_added: 1.0.0
  metrics:
    description:
      - Add each source's latest metrics as C(metrics), the C(data) of C(GET /sources/{id}/metrics?time_type=latest),
        as the API gives it - for example C(StreamingConnected), C(StreamingMilliSecondsBehindSource),
        C(SnapshotRunning), C(snapshotStatus) (per topic), C(state).
      - Costs one metrics read per source listed, four at a time. A source the service has no metrics for yet
        (an HTTP 404) gets V(null), which is not a failure.
    type: bool
    default: false
    version_added: 1.2.0
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
  - streamkap.cloud.attributes.info_module
attributes:
  check_mode:
    details: Reads only and never writes, so it lists the sources in check mode as well.
notes:
  - Every page of each query is read (100 sources per page), so the list is complete however many sources match.
  - A source matched by several queries (several ids or names) is listed once.
  - A source whose deletion is under way stays listed, with C(connector_status) V(Pending Delete), until the service removes it.
seealso:
  - module: streamkap.cloud.streamkap_source
    description: Create, update and delete Streamkap sources.
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: List every source
  streamkap.cloud.streamkap_source_info:
    access_token: "{{ streamkap_access_token }}"
  register: all_sources

- name: Show their names and statuses
  ansible.builtin.debug:
    msg: "{{ all_sources.sources | items2dict(key_name='name', value_name='connector_status') }}"

- name: Look up one source by its exact name
  streamkap.cloud.streamkap_source_info:
    name: orders-db
  register: orders

- name: Fail unless it exists and is running
  ansible.builtin.assert:
    that:
      - orders.sources | length == 1
      - orders.sources[0].connector_status == 'Active'

- name: Find the PostgreSQL and MySQL sources that are broken or stopped
  streamkap.cloud.streamkap_source_info:
    connector: [postgresql, mysql]
    status: [Broken, Stopped]
  register: attention

- name: List the sources of a team by name prefix
  streamkap.cloud.streamkap_source_info:
    partial_name: billing-
  register: billing_sources

- name: Read two sources by id, with their secret values (kept out of the log)
  streamkap.cloud.streamkap_source_info:
    id:
      - 6650f1c2a9d3e4b5c6d7e8f9
      - 6650f1c2a9d3e4b5c6d7e8fa
    secret_returned: true
  register: sources_with_secrets
  no_log: true

- name: Share the credentials of every streamkap.cloud task in a block
  module_defaults:
    group/streamkap.cloud.streamkap:
      client_id: "{{ streamkap_client_id }}"
      client_secret: "{{ streamkap_client_secret }}"
  block:
    - name: Make sure the orders source exists
      streamkap.cloud.streamkap_source:
        name: orders-db
        connector: postgresql
        config:
          database.hostname.user.defined: db.example.com
          database.user: streamkap
          database.password: "{{ orders_db_password }}"
          database.dbname: orders

    - name: List the PostgreSQL sources
      streamkap.cloud.streamkap_source_info:
        connector: postgresql
      register: postgres_sources
"""

RETURN = r"""
sources:
  description:
    - The sources that match the filters, as the Streamkap API returned them, in the API's order; an empty list when none match.
    - Secret configuration values are withheld unless O(secret_returned=true); values of secret keys that
      come back anyway are replaced by C(********).
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Name of the source.
      type: str
      returned: success
      sample: orders-db
    connector:
      description: Connector code.
      type: str
      returned: success
      sample: postgresql
    id:
      description: Identifier of the source.
      type: str
      returned: success
      sample: 6650f1c2a9d3e4b5c6d7e8f9
    connector_display_name:
      description: Human-readable connector name.
      type: str
      returned: success
      sample: PostgreSQL
    created_timestamp:
      description: Creation time, ISO 8601.
      type: str
      returned: success
      sample: "2026-01-15T10:42:07.123000+00:00"
    sub_id:
      description: Subscription identifier.
      type: str
      returned: success
      sample: sub_01HV3Q8M6Z
    tenant_id:
      description: Tenant identifier.
      type: str
      returned: success
      sample: 4f1e2d3c-5b6a-4789-90ab-cdef01234567
    service_id:
      description: Identifier of the service (project) the source belongs to.
      type: str
      returned: success
      sample: 8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d
    config:
      description:
        - Connector configuration as the API holds it. Values are string-encoded (V("true"), V("5432"))
          and backend-computed keys appear next to the user's.
      type: dict
      returned: success
      sample: {"database.hostname.user.defined": "db.example.com", "database.port.user.defined": "5432", "database.dbname": "orders"}
    topic_ids:
      description: Identifiers of the topics the source writes to.
      type: list
      elements: str
      returned: success
      sample: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"]
    topic_map:
      description: Mapping of the source's topics to related entities.
      type: dict
      returned: success
      sample: {}
    topics:
      description: Names of the topics the source writes to.
      type: list
      elements: str
      returned: success
      sample: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders", "source_6650f1c2a9d3e4b5c6d7e8f9.public.customers"]
    tasks:
      description: Task identifiers of the connector.
      type: list
      elements: int
      returned: success
      sample: [0]
    connector_status:
      description:
        - Current status, one of V(Active), V(Paused), V(Stopped), V(Broken), V(Starting), V(Unassigned), V(Unknown),
          V(Pending), V(Pending Update) right after a change, or V(Pending Delete) while it is being deleted.
      type: str
      returned: success
      sample: Active
    desired_state:
      description: Requested operational state, one of V(Pending), V(Active), V(Paused), V(Stopped).
      type: str
      returned: success
      sample: Active
    task_statuses:
      description: Status of each connector task, keyed by task.
      type: dict
      returned: success
      sample: {"0": {"status": "RUNNING"}}
    kc_cluster_id:
      description: Identifier of the Kafka Connect cluster running the connector.
      type: str
      returned: success
      sample: kc-01
    tags:
      description: Identifiers of the tags on the source.
      type: list
      elements: str
      returned: success
      sample: []
    metrics:
      description:
        - The source's latest metrics, as the API gives them; null when it has none yet.
      type: dict
      returned: with O(metrics=true)
      sample: {"StreamingConnected": true, "StreamingMilliSecondsBehindSource": 850, "SnapshotRunning": false,
               "snapshotStatus": [{"status": "completed", "topic_id": "source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"}],
               "state": "Streaming"}
      version_added: 1.2.0
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Retries are normal under load, so they are never warnings; they are also sent to the module debug log.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /sources: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE
from ansible_collections.streamkap.cloud.plugins.module_utils.listing import ListFilters, info_options, list_entities


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(info_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[("name", "partial_name")],
        supports_check_mode=True,
    ).run(ListFilters.from_params, list_entities(SOURCE))


if __name__ == "__main__":
    main()
