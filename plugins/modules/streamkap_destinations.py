#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_destinations
short_description: Manage many Streamkap destinations in one task
version_added: 1.1.0
description:
  - Manages a whole set of Streamkap destinations declaratively, with the states of Ansible's network resource modules
    (V(merged), V(replaced), V(overridden), V(deleted), V(gathered), V(rendered)).
  - The destinations are read once for the whole task (every page, 100 a page); each entry is then planned against
    that read exactly as M(streamkap.cloud.streamkap_destination) would plan it, and the writes run in parallel, up to
    O(max_concurrent_writes) at a time, sharing one access token.
options:
  config:
    description:
      - The destinations, each in the shape of the options of M(streamkap.cloud.streamkap_destination).
      - With O(state=deleted) only O(config[].name) (or O(config[].id)) matters.
      - Names must be unique within the list, unless every entry holding one gives its O(config[].id) (two entities
        of one name). Two entries must not find one entity (one by name, the other by id, say).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Exact name of the destination; it identifies the destination unless O(config[].id) is given.
        type: str
        required: true
      id:
        description:
          - Identifier of an existing destination. With a different O(config[].name), the destination is renamed.
        type: str
      connector:
        description:
          - Connector code, for example V(snowflake) or V(clickhouse). Required to create a destination; cannot change.
        type: str
      config:
        description:
          - Connector configuration, keyed by the connector's dot-notation property names.
          - Required to create a destination. Secret values are never shown.
          - With O(state=merged) only the keys given are compared. With O(state=replaced) and O(state=overridden)
            the keys given are the whole user configuration; see O(state).
        type: dict
      created_from:
        description:
          - Origin recorded on the destination when it is created (default V(api)).
        type: str
        choices: [api, web, terraform]
      update_secrets:
        description:
          - This entry's O(update_secrets).
        type: str
        choices: [on_create, always]
      wait:
        description:
          - This entry's O(wait).
        type: bool
      wait_timeout:
        description:
          - This entry's O(wait_timeout).
        type: int
      tags:
        description:
          - Tags of the destination, by name or id, as for M(streamkap.cloud.streamkap_destination). Not given, the
            destination's tags are left alone. The tags are read once for the whole task.
        type: list
        elements: str
      purge_tags:
        description:
          - With V(true) (the default) the destination holds exactly O(config[].tags) (system tags are kept);
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
      - Reads once and plans every entry, then reports each entry's action (C(created), C(updated), C(deleted),
        C(unchanged)) and the summary without writing.
      - A tag or a reference that does not exist (yet) is a warning and the entry is planned as if an earlier task
        of the same check run had created it.
  diff_mode:
    support: full
    details:
      - Shows the changed destinations only, keyed by name, before and after, as the singular module shows one;
        secret values are shown as C(********), one the task changes as C(******** (changed)) after, and
        an existing secret that an update leaves out of its C(PUT) (O(update_secrets=on_create)) as C(******** (not sent under update_secrets=on_create)) after.
notes:
  - The destinations are read with C(GET /destinations), every page.
seealso:
  - module: streamkap.cloud.streamkap_destination
  - module: streamkap.cloud.streamkap_destination_info
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Make sure the warehouse destinations exist (others are left alone)
  streamkap.cloud.streamkap_destinations:
    config:
      - name: analytics
        connector: snowflake
        tags: [production]
        config:
          snowflake.url.name: acme-xy12345.snowflakecomputing.com
          snowflake.user.name: STREAMKAP_USER
          snowflake.private.key: "{{ snowflake_private_key }}"
          snowflake.database.name: ANALYTICS
          snowflake.schema.name: STREAMKAP
  register: warehouses

- name: Show what happened to each destination
  ansible.builtin.debug:
    msg: "{{ warehouses.summary }}"

- name: Export every destination tagged production, ready to be applied again
  streamkap.cloud.streamkap_destinations:
    state: gathered
    scope:
      tag: production
  register: existing
"""

RETURN = r"""
results:
  description:
    - One item per entry of O(config), in order, then one per destination deleted for not being listed.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: list
  elements: dict
  contains:
    name:
      description: Name of the destination.
      type: str
      sample: analytics
    id:
      description: Identifier of the destination; null for one only planned for creation (check mode) or not created.
      type: str
      sample: 6650f1c2a9d3e4b5c6d7e8f9
    action:
      description: What happened (in check mode, what would happen).
      type: str
      sample: created
      choices: [created, updated, deleted, unchanged, failed]
    msg:
      description: Why the entry failed.
      type: str
      returned: when action is failed
      sample: "Streamkap API POST /destinations: HTTP 503"
    connector_status:
      description: The destination's status as last seen.
      type: str
      sample: Active
summary:
  description: How many entries had each action.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: dict
  sample: {"created": 1, "updated": 0, "deleted": 0, "unchanged": 4, "failed": 0}
gathered:
  description:
    - The destinations in O(scope), in the shape of O(config) - name, connector, tags (ids) and the user-defined,
      non-secret config keys (values as the API holds them). Secrets are left out.
    - Applying it with O(state=merged), O(state=replaced) or O(state=overridden) changes nothing, also once saved to
      a vars file and read back. Text Ansible would template is escaped (see the notes), and an entity whose name
      another one holds too carries its C(id).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "analytics", "connector": "snowflake", "config": {"snowflake.schema.name": "STREAMKAP"}}]
rendered:
  description:
    - The create request body of each entry, secret values shown as C(********).
    - O(config[].tags) appear as given (names or ids) - they are resolved to ids when the entry is applied. An entry
      without O(config[].tags) renders no C(tags), as its write sends none.
  returned: when O(state=rendered)
  type: list
  elements: dict
  sample: [{"name": "analytics", "connector": "snowflake", "created_from": "api", "tags": ["production"],
            "config": {"snowflake.private.key": "********"}}]
tags_in_use:
  description:
    - The ids of the tags the destinations of the tenant carry once the task is done (in check mode, would carry), sorted.
      Every destination the read found counts, in O(scope) or not, except those the task deletes and those already being
      deleted, with the tags the task gives it. A failed entry counts with the tags it had and those it was to get.
    - In check mode, a tag an entry names that does not exist yet appears as named.
    - The C(streamkap.cloud.stack) role deletes a tag it lists only when no kind reports it here.
  returned: >-
    unless O(state=rendered), or unless the read covered only the names holding O(scope.name_prefix)
    (O(state=gathered), or O(state=deleted) without entries, with O(scope.name_prefix) given)
  type: list
  elements: str
  sample: ["670e5ca40afe1d3983ce0c22", "6650f1c2a9d3e4b5c6d7e8aa"]
  version_added: 1.1.0
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait).
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API POST /destinations: HTTP 429 (Too Many Requests); retry 1 of 5 in 1.00 s"]
diff:
  description: The changed destinations before and after, keyed by name, in diff mode.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Each changed destination before the task (absent for one to be created).
      type: dict
      returned: when diff mode is on
      sample: {"analytics": {"name": "analytics", "connector": "snowflake", "config": {}}}
    after:
      description: Each changed destination after the task (absent for one to be deleted).
      type: dict
      returned: when diff mode is on
      sample: {"analytics": {"name": "analytics", "connector": "snowflake", "config": {}}}
    before_header:
      description:
        - The kind and the names of the changed destinations (the first five, then how many more), which Ansible prints
          above each side of the diff.
      type: str
      returned: when diff mode is on
      sample: destinations analytics
    after_header:
      description: The same as RV(diff.before_header).
      type: str
      returned: when diff mode is on
      sample: destinations analytics
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION, DestinationSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import FleetKind, FleetModule, entry_options
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import entity_options, tag_options


DESTINATIONS = FleetKind(
    kind=DESTINATION,
    spec_class=DestinationSpec,
    entry_options=entry_options(dict(entity_options(), **tag_options())),
    gathered_fields=("connector",),
    result_fields=("connector_status",),
)


def main() -> None:
    FleetModule(DESTINATIONS).run_fleet()


if __name__ == "__main__":
    main()
