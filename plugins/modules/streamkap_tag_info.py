#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_tag_info
short_description: List Streamkap tags
version_added: 1.1.0
description:
  - Lists the Streamkap tags that match the filters given; without filters, every tag, system tags included.
  - Every filter given must hold; a list filter matches any of its values.
  - Reads only (one C(GET /tags)); never changes anything, so it runs the same in check mode.
options:
  name:
    description:
      - Exact names of the tags to list. Matching is case-sensitive.
    type: list
    elements: str
  id:
    description:
      - Identifiers of the tags to list. An unknown id matches nothing, which is not an error.
      - An id that holds other characters than letters, digits, C(_), C(-), C(.), C(~) and C(:) is refused before any request.
    type: list
    elements: str
  type:
    description:
      - List the tags that hold any of these types.
    type: list
    elements: str
    choices: [environment, general, sources, destinations, pipelines, transforms, topics, services, users, tenant]
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
  - streamkap.cloud.attributes.info_module
attributes:
  check_mode:
    details: Reads only and never writes, so it lists the tags in check mode as well.
seealso:
  - module: streamkap.cloud.streamkap_tag
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: List every tag
  streamkap.cloud.streamkap_tag_info:
    access_token: "{{ streamkap_access_token }}"
  register: all_tags

- name: Map tag names to ids
  ansible.builtin.debug:
    msg: "{{ all_tags.tags | items2dict(key_name='name', value_name='id') }}"

- name: List the environment tags
  streamkap.cloud.streamkap_tag_info:
    type: [environment]
  register: environments
"""

RETURN = r"""
tags:
  description:
    - The tags that match the filters, in the API's order; an empty list when none match.
    - Each holds C(id), C(name), C(description), C(type) (list), C(system) (read-only) and C(custom).
  returned: success
  type: list
  elements: dict
  sample:
    - id: 670e5ca40afe1d3983ce0c22
      name: Development
      description: ""
      type: [environment]
      system: true
      custom: false
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /tags: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.tag import TagFilters, list_tags
from ansible_collections.streamkap.cloud.plugins.module_utils.tagging import TAG_TYPES


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(
        name={"type": "list", "elements": "str"},
        id={"type": "list", "elements": "str"},
        type={"type": "list", "elements": "str", "choices": list(TAG_TYPES)},
    )
    return spec


def list_matching(module: StreamkapModule, client, filters: TagFilters) -> dict:
    return {"changed": False, "tags": list_tags(client, filters)}


def main() -> None:
    StreamkapModule(argument_spec=argument_spec(), supports_check_mode=True).run(TagFilters.from_params, list_matching)


if __name__ == "__main__":
    main()
