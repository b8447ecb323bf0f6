#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_pipeline_info
short_description: List Streamkap pipelines
version_added: 1.1.0
description:
  - Lists the Streamkap pipelines that match the filters given, as full pipeline objects.
  - Every filter given must hold; a list filter matches any of its values. Without filters, every pipeline is listed.
  - Reads only; never changes anything, so it runs the same in check mode.
options:
  name:
    description:
      - Exact names of the pipelines to list. Matching is case-sensitive.
      - Each name costs one query (C(partial_name=<name>)), every page read, and the exact matches are kept.
      - Mutually exclusive with O(partial_name).
    type: list
    elements: str
  partial_name:
    description:
      - List the pipelines whose name contains this text, as the API matches it.
      - Mutually exclusive with O(name).
    type: str
  id:
    description:
      - Identifiers of the pipelines to list. Each id costs one query; an unknown id matches nothing, which is not an error.
      - An id that holds other characters than letters, digits, C(_), C(-), C(.), C(~) and C(:) is refused before any request.
    type: list
    elements: str
  source:
    description:
      - The source the pipelines read from, by exact name or by id.
      - Looked up both as an exact name and as an id; when no source has either, the value is taken for an id
        (and matches nothing). A name that more than one source holds fails, listing their ids, and so does a value
        that is one source's name and another's id, naming both.
      - Sent to the API as C(source_id).
    type: str
  destination:
    description:
      - The destination the pipelines write to, by exact name or by id, resolved like O(source).
      - Sent to the API as C(destination_id).
    type: str
  secret_returned:
    description:
      - Ask the API to include the secret configuration values of the embedded sources and destinations, and return
        them unmasked.
      - With V(false), values of their secret keys are replaced by C(********).
      - Secrets returned with V(true) are part of the task result; keep such a result out of logs (C(no_log)).
    type: bool
    default: false
  metrics:
    description:
      - Add each pipeline's latest metrics as C(metrics), with C(latency_ms) (milliseconds), C(records_lag) (records
        behind) and C(status) (for example V(Active)), read with C(GET /pipelines/{id}/metrics).
      - Costs one metrics read per pipeline listed, four at a time. A pipeline the service has no metrics for yet
        (an HTTP 404) gets V(null), which is not a failure.
      - M(streamkap.cloud.streamkap_health) decides from the same values whether pipelines are healthy.
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
    details: Reads only and never writes, so it lists the pipelines in check mode as well.
notes:
  - Every page of each query is read (100 pipelines per page), so the list is complete however many pipelines match.
  - A pipeline matched by several queries (several ids or names) is listed once.
seealso:
  - module: streamkap.cloud.streamkap_pipeline
    description: Create, update and delete Streamkap pipelines.
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: List every pipeline
  streamkap.cloud.streamkap_pipeline_info:
  register: all_pipelines

- name: Show which source feeds which destination
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.source.name }} -> {{ item.destination.name }}"
  loop: "{{ all_pipelines.pipelines }}"
  loop_control:
    label: "{{ item.name }}"

- name: The pipelines reading from the orders source
  streamkap.cloud.streamkap_pipeline_info:
    source: orders-db
  register: orders_pipelines

- name: The pipelines writing into one destination, given by id
  streamkap.cloud.streamkap_pipeline_info:
    destination: 6650f1c2a9d3e4b5c6d7e8fa
  register: snowflake_pipelines

- name: Look up one pipeline by its exact name
  streamkap.cloud.streamkap_pipeline_info:
    name: orders-to-snowflake
  register: orders_to_snowflake

- name: The billing team's pipelines with their latest lag and latency
  streamkap.cloud.streamkap_pipeline_info:
    partial_name: billing-
    metrics: true
  register: billing_pipelines

- name: Show the ones lagging by more than 1,000 records
  ansible.builtin.debug:
    msg: "{{ billing_pipelines.pipelines | selectattr('metrics') | selectattr('metrics.records_lag', 'gt', 1000) | map(attribute='name') | list }}"
"""

RETURN = r"""
pipelines:
  description:
    - The pipelines that match the filters, as the Streamkap API returned them, in the API's order; an empty list when none match.
    - Each holds its full embedded C(source) and C(destination); their secret configuration values are replaced by
      C(********) unless O(secret_returned=true).
    - See M(streamkap.cloud.streamkap_pipeline) for the fields of a pipeline. With O(metrics=true), each also holds
      C(metrics) (see there).
  returned: success
  type: list
  elements: dict
  sample:
    - id: 6650f1c2a9d3e4b5c6d7e901
      name: orders-to-snowflake
      snapshot_new_tables: false
      source: {"id": "6650f1c2a9d3e4b5c6d7e8f9", "name": "orders-db", "connector": "postgresql"}
      destination: {"id": "6650f1c2a9d3e4b5c6d7e8fa", "name": "analytics-snowflake", "connector": "snowflake"}
      topics: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"]
      transforms: []
      tags: ["670e5ca40afe1d3983ce0c22"]
      metrics: {"latency_ms": 850, "records_lag": 120, "status": "Active"}
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API GET /pipelines: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PipelineFilters, list_pipelines


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(
        name={"type": "list", "elements": "str"},
        partial_name={"type": "str"},
        id={"type": "list", "elements": "str"},
        source={"type": "str"},
        destination={"type": "str"},
        secret_returned={"type": "bool", "default": False},
        metrics={"type": "bool", "default": False},
    )
    return spec


def list_matching(module: StreamkapModule, client, filters: PipelineFilters) -> dict:
    return {"changed": False, "pipelines": list_pipelines(client, filters)}


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[("name", "partial_name")],
        supports_check_mode=True,
    ).run(PipelineFilters.from_params, list_matching)


if __name__ == "__main__":
    main()
