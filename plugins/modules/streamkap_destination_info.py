#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_destination_info
short_description: List Streamkap destinations
version_added: 1.1.0
description:
  - Lists the Streamkap destinations that match the filters given, as full destination objects.
  - Every filter given must hold; a list filter matches any of its values. Without filters, every destination is listed.
  - Reads only; never changes anything, so it runs the same in check mode.
options:
  name:
    description:
      - Exact names of the destinations to list. Matching is case-sensitive.
      - The API only filters names by substring, so each name costs one query (C(partial_name=<name>)), every page read,
        and the exact matches are kept.
      - Mutually exclusive with O(partial_name).
    type: list
    elements: str
  partial_name:
    description:
      - List the destinations whose name contains this text, as the API matches it.
      - Mutually exclusive with O(name).
    type: str
  id:
    description:
      - Identifiers of the destinations to list. Each id costs one query. An unknown id matches nothing, which is not an error.
      - An id that holds other characters than letters, digits, C(_), C(-), C(.), C(~) and C(:) is refused before any request.
    type: list
    elements: str
  connector:
    description:
      - Connector codes of the destinations to list, for example V(snowflake), V(clickhouse) or V(s3).
      - Sent to the API comma-separated, so a value must not contain a comma.
    type: list
    elements: str
  status:
    description:
      - Connector statuses (C(connector_status)) of the destinations to list, for example V(Active), V(Broken) or V(Paused).
      - Sent to the API comma-separated, so a value must not contain a comma.
    type: list
    elements: str
  secret_returned:
    description:
      - Ask the API to include secret configuration values in the destinations it returns, and return them unmasked.
      - With V(false), values of secret keys are withheld by the API, or replaced by C(********).
      - Secrets returned with V(true) are part of the task result; keep such a result out of logs (C(no_log)).
    type: bool
    default: false
  metrics:
    description:
      - Add each destination's latest metrics as C(metrics), the C(data) of
        C(GET /destinations/{id}/metrics?time_type=latest), as the API gives it.
      - Costs one metrics read per destination listed, four at a time. A destination the service has no metrics for
        yet (an HTTP 404) gets V(null), which is not a failure.
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
    details: Reads only and never writes, so it lists the destinations in check mode as well.
notes:
  - Every page of each query is read (100 destinations per page), so the list is complete however many match.
  - A destination matched by several queries (several ids or names) is listed once.
seealso:
  - module: streamkap.cloud.streamkap_destination
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: List every destination
  streamkap.cloud.streamkap_destination_info:
    access_token: "{{ streamkap_access_token }}"
  register: all_destinations

- name: Show their names and statuses
  ansible.builtin.debug:
    msg: "{{ all_destinations.destinations | items2dict(key_name='name', value_name='connector_status') }}"

- name: Look up one destination by its exact name
  streamkap.cloud.streamkap_destination_info:
    name: analytics
  register: analytics

- name: Find the Snowflake and ClickHouse destinations that are broken
  streamkap.cloud.streamkap_destination_info:
    connector: [snowflake, clickhouse]
    status: [Broken]
  register: attention
"""

RETURN = r"""
destinations:
  description:
    - The destinations that match the filters, as the Streamkap API returned them, in the API's order; an empty list when none match.
    - Secret configuration values are withheld unless O(secret_returned=true); values of secret keys that
      come back anyway are replaced by C(********).
    - Each holds the fields described for the C(destination) result of M(streamkap.cloud.streamkap_destination), and
      C(metrics) with O(metrics=true) (see there).
  returned: success
  type: list
  elements: dict
  sample:
    - name: analytics
      connector: snowflake
      id: 6650f1c2a9d3e4b5c6d7e8fa
      connector_status: Active
      config: {"snowflake.schema.name": "STREAMKAP"}
      tags: ["670e5ca40afe1d3983ce0c22"]
      metrics: {"state": "Active", "recordsLag": 0, "latency": 850}
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /destinations: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION
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
    ).run(ListFilters.from_params, list_entities(DESTINATION))


if __name__ == "__main__":
    main()
