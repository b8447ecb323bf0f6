#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_transform_info
short_description: List Streamkap transforms and their job statuses
version_added: 1.2.0
description:
  - Lists the Streamkap transforms that match the filters given, as full transform objects, with each one's job
    status when asked for.
  - Every filter given must hold; a list filter matches any of its values. Without filters, every transform is listed.
  - Reads only; never changes anything, so it runs the same in check mode.
options:
  name:
    description:
      - Exact names of the transforms to list. Matching is case-sensitive.
      - The API only filters names by substring, so each name costs one query (C(partial_name=<name>)), every page read,
        and the exact matches are kept.
      - Mutually exclusive with O(partial_name).
    type: list
    elements: str
  partial_name:
    description:
      - List the transforms whose name contains this text, as the API matches it.
      - Mutually exclusive with O(name).
    type: str
  id:
    description:
      - Identifiers of the transforms to list. Each id costs one query. An unknown id matches nothing, which is not an error.
      - An id that holds other characters than letters, digits, C(_), C(-), C(.), C(~) and C(:) is refused before any request.
    type: list
    elements: str
  type:
    description:
      - Types of the transforms to list. The API has no such filter, so the transforms are matched here.
    type: list
    elements: str
    choices: [map_filter, enrich, enrich_async, sql_join, rollup, fan_out, topic_router]
  status:
    description:
      - Job statuses of the transforms to list, as the API filters them, for example V(RUNNING) or V(FAILED).
      - Sent to the API comma-separated, so a value must not contain a comma.
    type: list
    elements: str
  job_status:
    description:
      - Add each transform's job status as C(job_status) (V(NOT_DEPLOYED) for a job never deployed).
      - Costs one C(GET /transforms/{id}/job_status) per transform listed, four at a time.
    type: bool
    default: false
  secret_returned:
    description:
      - Ask the API to include secret values in the transforms it returns. No transform config key is secret; config keys
        unknown to the collection are replaced by C(********) unless V(true).
    type: bool
    default: false
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
  - streamkap.cloud.attributes.info_module
attributes:
  check_mode:
    details: Reads only and never writes, so it lists the transforms in check mode as well.
notes:
  - Every page of each query is read (100 transforms per page), so the list is complete however many match.
  - A transform matched by several queries (several ids or names) is listed once.
seealso:
  - module: streamkap.cloud.streamkap_transform
  - module: streamkap.cloud.streamkap_transforms
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: List every transform with its job status
  streamkap.cloud.streamkap_transform_info:
    job_status: true
  register: all_transforms

- name: Show which jobs do not run
  ansible.builtin.debug:
    msg: "{{ all_transforms.transforms | rejectattr('job_status', 'eq', 'RUNNING') | map(attribute='name') | list }}"

- name: The SQL joins and rollups
  streamkap.cloud.streamkap_transform_info:
    type: [sql_join, rollup]
  register: sql_transforms

- name: Look up one transform by its exact name
  streamkap.cloud.streamkap_transform_info:
    name: mask-email
  register: mask
"""

RETURN = r"""
transforms:
  description:
    - The transforms that match the filters, as the Streamkap API returned them, in the API's order; an empty list when
      none match.
    - Each holds the fields described for the C(transform) result of M(streamkap.cloud.streamkap_transform); C(job_status)
      only with O(job_status=true).
  returned: success
  type: list
  elements: dict
  sample:
    - id: 6650f1c2a9d3e4b5c6d7e9a1
      name: mask-email
      transform_type: map_filter
      config: {"transforms.name": "mask-email", "transforms.language": "JavaScript"}
      implementation: {"language": "JavaScript", "value_transform": "function _streamkap_transform(...) {...}"}
      topics: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders_masked"]
      tags: []
      job_status: RUNNING
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /transforms: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.transform import TRANSFORM_TYPES, TransformFilters, list_transforms


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(
        name={"type": "list", "elements": "str"},
        partial_name={"type": "str"},
        id={"type": "list", "elements": "str"},
        type={"type": "list", "elements": "str", "choices": list(TRANSFORM_TYPES)},
        status={"type": "list", "elements": "str"},
        job_status={"type": "bool", "default": False},
        secret_returned={"type": "bool", "default": False},
    )
    return spec


def list_matching(module: StreamkapModule, client, filters: TransformFilters) -> dict:
    return {"changed": False, "transforms": list_transforms(client, filters)}


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[("name", "partial_name")],
        supports_check_mode=True,
    ).run(TransformFilters.from_params, list_matching)


if __name__ == "__main__":
    main()
