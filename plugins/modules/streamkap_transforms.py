#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_transforms
short_description: Manage many Streamkap transforms in one task
version_added: 1.2.0
description:
  - Manages a whole set of Streamkap transforms declaratively, with the states of Ansible's network resource modules
    (V(merged), V(replaced), V(overridden), V(deleted), V(gathered), V(rendered)).
  - The transforms are read once for the whole task (every page, 100 a page); each entry is then planned against
    that read exactly as M(streamkap.cloud.streamkap_transform) would plan it (its job status read too), and the
    writes - deploys included - run in parallel, up to O(max_concurrent_writes) at a time, sharing one access token.
  - A transform's config has no schema to reset left-out keys from, so V(replaced) compares the keys given, as
    V(merged) does.
options:
  config:
    description:
      - The transforms, each in the shape of the options of M(streamkap.cloud.streamkap_transform).
      - With O(state=deleted) only O(config[].name) (or O(config[].id)) matters.
      - Names must be unique within the list.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Exact name of the transform; it identifies the transform unless O(config[].id) is given.
        type: str
        required: true
      id:
        description:
          - Identifier of an existing transform. With a different O(config[].name), the transform is renamed.
        type: str
      type:
        description:
          - The transform type. Required to create a transform; never changes.
        type: str
        choices: [map_filter, enrich, enrich_async, sql_join, rollup, fan_out, topic_router]
      config:
        description:
          - The type's C(transforms.*) settings other than the name, checked offline against the type's keys.
            Only the keys given are compared.
        type: dict
      implementation:
        description:
          - The code and its fields, compared as a subset of the stored code (see M(streamkap.cloud.streamkap_transform)).
        type: dict
      deploy:
        description:
          - Deploy the job when the entry creates or changes the transform, or when its job is not running
            (default V(false)).
        type: bool
      replay_window:
        description:
          - How much history a preview deploy replays, for example V(7d) or V(10m).
        type: str
      wait:
        description:
          - This entry's O(wait) - wait until the job runs (or, deleted, until the transform is gone).
        type: bool
      wait_timeout:
        description:
          - This entry's O(wait_timeout).
        type: int
      tags:
        description:
          - Tags of the transform, by name or id, as for M(streamkap.cloud.streamkap_transform). Not given, the
            transform's tags are left alone. The tags are read once for the whole task.
        type: list
        elements: str
      purge_tags:
        description:
          - With V(true) (the default) the transform holds exactly O(config[].tags) (system tags are kept);
            with V(false) the tags given are added.
        type: bool
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.fleet
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Reads once (and each listed transform's job status) and plans every entry, then reports each entry's action
        (C(created), C(updated), C(deleted), C(unchanged)) and the summary without writing or deploying.
      - A tag that does not exist (yet) is a warning and the entry is planned as if an earlier task of the same check
        run had created it.
  diff_mode:
    support: full
    details:
      - Shows the changed transforms only, keyed by name, before and after, as the singular module shows one.
notes:
  - The transforms are read with C(GET /transforms), every page; the job status of each existing entry with
    C(GET /transforms/{id}/job_status).
  - A job deployed by an entry counts as an update - C(updated) in C(results) - even when nothing else changed.
  - O(update_secrets) and O(validate_config) do not apply to transforms.
seealso:
  - module: streamkap.cloud.streamkap_transform
  - module: streamkap.cloud.streamkap_transform_info
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Make sure the shop transforms exist and run (others are left alone)
  streamkap.cloud.streamkap_transforms:
    config:
      - name: shop-mask-email
        type: map_filter
        config:
          transforms.input.topic.pattern: 'source_.*\.public\.customers'
          transforms.output.topic.pattern: '$0_masked'
        implementation:
          language: JavaScript
          value_transform: "{{ lookup('ansible.builtin.file', 'transforms/mask_email.js') }}"
        deploy: true
      - name: shop-router
        type: topic_router
        config:
          transforms.input.topic.pattern: orders,order_items
          transforms.output.topic.pattern: 'shop_$0'
  register: shop_transforms

- name: Export every transform named shop-*, ready to be applied again
  streamkap.cloud.streamkap_transforms:
    state: gathered
    scope:
      name_prefix: shop-
  register: existing

- name: Apply the export unchanged (nothing changes)
  streamkap.cloud.streamkap_transforms:
    state: replaced
    config: "{{ existing.gathered }}"
"""

RETURN = r"""
results:
  description:
    - One item per entry of O(config), in order, then one per transform deleted for not being listed.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: list
  elements: dict
  contains:
    name:
      description: Name of the transform.
      type: str
      sample: shop-mask-email
    id:
      description: Identifier of the transform; null for one only planned for creation (check mode) or not created.
      type: str
      sample: 6650f1c2a9d3e4b5c6d7e9a1
    action:
      description: What happened (in check mode, what would happen).
      type: str
      sample: created
      choices: [created, updated, deleted, unchanged, failed]
    msg:
      description: Why the entry failed.
      type: str
      returned: when action is failed
      sample: "Transform 'shop-mask-email' (id 6650f1c2a9d3e4b5c6d7e9a1): its job is FAILED instead of RUNNING."
    job_status:
      description: The transform's job status as last seen (V(NOT_DEPLOYED) for a job never deployed).
      type: str
      sample: RUNNING
summary:
  description: How many entries had each action.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: dict
  sample: {"created": 1, "updated": 0, "deleted": 0, "unchanged": 4, "failed": 0}
gathered:
  description:
    - The transforms in O(scope), in the shape of O(config) - name, type, the config keys of the type (without the
      name), the code (fields the API stores as null left out) and tags (ids).
    - Applying it with O(state=merged) or O(state=replaced) changes nothing.
    - A value holding a template marker (C({{), C({%), C({#)) is left out, since Ansible would template it when the
      list is read back.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "shop-mask-email", "type": "map_filter",
            "config": {"transforms.language": "JavaScript", "transforms.input.topic.pattern": "source_.*\\.public\\.customers"},
            "implementation": {"language": "JavaScript", "value_transform": "function _streamkap_transform(...) {...}"}}]
rendered:
  description:
    - The create request body of each entry, with the name in C(config) as the API takes it, and the entry's
      C(implementation) (sent by the C(PUT) that follows the create).
    - O(config[].tags) appear as given (names or ids) - they are resolved to ids when the entry is applied.
  returned: when O(state=rendered)
  type: list
  elements: dict
  sample: [{"transform": "map_filter", "created_from": "api", "config": {"transforms.name": "shop-mask-email"},
            "implementation": {"language": "JavaScript", "value_transform": "..."}}]
tags_in_use:
  description:
    - The ids of the tags the transforms of the tenant carry once the task is done (in check mode, would carry), sorted.
      Every transform the read found counts, in O(scope) or not, except those the task deletes, with the tags the task
      gives it. A failed entry counts with the tags it had and those it was to get.
    - The C(streamkap.cloud.stack) role deletes a tag it lists only when no kind reports it here.
  returned: >-
    unless O(state=rendered), or unless the read covered only the names holding O(scope.name_prefix)
    (O(state=gathered), or O(state=deleted) without entries, with O(scope.name_prefix) given)
  type: list
  elements: str
  sample: ["6650f1c2a9d3e4b5c6d7e8aa"]
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait).
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API PUT /transforms: HTTP 429 (Too Many Requests); retry 1 of 5 in 1.00 s"]
diff:
  description: The changed transforms before and after, keyed by name, in diff mode.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Each changed transform before the task (absent for one to be created).
      type: dict
      returned: when diff mode is on
      sample: {"shop-mask-email": {"name": "shop-mask-email", "type": "map_filter", "config": {}, "implementation": {}}}
    after:
      description: Each changed transform after the task (absent for one to be deleted).
      type: dict
      returned: when diff mode is on
      sample: {"shop-mask-email": {"name": "shop-mask-email", "type": "map_filter", "config": {}, "implementation": {}}}
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import FleetModule
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet_transforms import TRANSFORMS


def main() -> None:
    FleetModule(TRANSFORMS).run_fleet()


if __name__ == "__main__":
    main()
