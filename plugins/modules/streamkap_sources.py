#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_sources
short_description: Manage many Streamkap sources in one task
version_added: 1.1.0
description:
  - Manages a whole set of Streamkap sources declaratively, with the states of Ansible's network resource modules
    (V(merged), V(replaced), V(overridden), V(deleted), V(gathered), V(rendered)).
  - The sources are read once for the whole task (every page, 100 sources a page); each entry is then planned against
    that read exactly as M(streamkap.cloud.streamkap_source) would plan it, and the writes run in parallel, up to
    O(max_concurrent_writes) at a time, sharing one access token.
options:
  config:
    description:
      - The sources, each in the shape of the options of M(streamkap.cloud.streamkap_source).
      - With O(state=deleted) only O(config[].name) (or O(config[].id)) matters.
      - Names must be unique within the list, unless every entry holding one gives its O(config[].id) (two entities
        of one name). Two entries must not find one entity (one by name, the other by id, say).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Exact name of the source; it identifies the source unless O(config[].id) is given.
        type: str
        required: true
      id:
        description:
          - Identifier of an existing source. With a different O(config[].name), the source is renamed.
        type: str
      connector:
        description:
          - Connector code, for example V(postgresql) or V(mysql). Required to create a source; cannot change.
        type: str
      config:
        description:
          - Connector configuration, keyed by the connector's dot-notation property names.
          - Required to create a source. Secret values are never shown.
          - With O(state=merged) only the keys given are compared. With O(state=replaced) and O(state=overridden)
            the keys given are the whole user configuration; see O(state).
        type: dict
      desired_state:
        description:
          - Operational state of the source, as for M(streamkap.cloud.streamkap_source).
        type: str
        choices: [Pending, Active, Paused, Stopped]
      created_from:
        description:
          - Origin recorded on the source when it is created (default V(api)).
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
          - Tags of the source, by name or id, as for M(streamkap.cloud.streamkap_source). Not given, the source's
            tags are left alone. The tags are read once for the whole task.
        type: list
        elements: str
      purge_tags:
        description:
          - With V(true) (the default) the source holds exactly O(config[].tags) (system tags are kept);
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
      - Shows the changed sources only, keyed by name, before and after, as the singular module shows one;
        secret values are shown as C(********), one the task changes as C(******** (changed)) after, and
        an existing secret that an update leaves out of its C(PUT) (O(update_secrets=on_create)) as C(******** (not sent under update_secrets=on_create)) after.
notes:
  - The sources are read with C(GET /sources), every page.
seealso:
  - module: streamkap.cloud.streamkap_source
  - module: streamkap.cloud.streamkap_source_info
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Make sure the shop sources exist (others are left alone)
  streamkap.cloud.streamkap_sources:
    config:
      - name: shop-orders
        connector: postgresql
        config:
          database.hostname.user.defined: db.example.com
          database.user: streamkap
          database.password: "{{ shop_db_password }}"
          database.dbname: shop
          schema.include.list: public
          table.include.list.user.defined: public.orders
      - name: shop-billing
        connector: mysql
        desired_state: Paused
        config:
          database.hostname.user.defined: mysql.example.com
          database.user: streamkap
          database.password: "{{ billing_db_password }}"
          database.include.list.user.defined: billing
          table.include.list.user.defined: billing.invoices
  register: shop

- name: Show what happened to each source
  ansible.builtin.debug:
    msg: "{{ shop.summary }}"

- name: Keep exactly these sources among those named shop-* (others named shop-* are deleted)
  streamkap.cloud.streamkap_sources:
    state: overridden
    scope:
      name_prefix: shop-
    config: "{{ shop_sources }}"

- name: Export the sources of an existing tenant, ready to be applied again
  streamkap.cloud.streamkap_sources:
    state: gathered
  register: existing

- name: Write them to a vars file
  ansible.builtin.copy:
    content: "{{ {'streamkap_sources': existing.gathered} | to_nice_yaml }}"
    dest: group_vars/all/streamkap_sources.yml
    mode: "0600"

- name: Delete every source named tmp-*
  streamkap.cloud.streamkap_sources:
    state: deleted
    scope:
      name_prefix: tmp-
"""

RETURN = r"""
results:
  description:
    - One item per entry of O(config), in order, then one per source deleted for not being listed.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: list
  elements: dict
  contains:
    name:
      description: Name of the source.
      type: str
      sample: shop-orders
    id:
      description: Identifier of the source; null for a source only planned for creation (check mode) or not created.
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
      sample: "Streamkap API POST /sources: HTTP 503"
    connector_status:
      description: The source's status as last seen.
      type: str
      sample: Active
    topics:
      description: The source's topics as last seen.
      type: list
      elements: str
      sample: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"]
summary:
  description: How many entries had each action.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: dict
  sample: {"created": 2, "updated": 1, "deleted": 0, "unchanged": 97, "failed": 0}
gathered:
  description:
    - The sources in O(scope), in the shape of O(config) - name, connector, desired state and the user-defined,
      non-secret config keys (values as the API holds them). Secrets are left out.
    - Applying it with O(state=merged), O(state=replaced) or O(state=overridden) changes nothing, also once saved to
      a vars file and read back. Text Ansible would template is escaped (see the notes), and an entity whose name
      another one holds too carries its C(id).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "shop-orders", "connector": "postgresql", "desired_state": "Active",
            "config": {"database.hostname.user.defined": "db.example.com", "database.port.user.defined": "5432"}}]
rendered:
  description:
    - The create request body of each entry, secret values shown as C(********).
    - O(config[].tags) appear as given (names or ids) - they are resolved to ids when the entry is applied. An entry
      without O(config[].tags) renders no C(tags), as its write sends none.
  returned: when O(state=rendered)
  type: list
  elements: dict
  sample: [{"name": "shop-orders", "connector": "postgresql", "created_from": "api", "tags": ["production"],
            "config": {"database.password": "********"}}]
tags_in_use:
  description:
    - The ids of the tags the sources of the tenant carry once the task is done (in check mode, would carry), sorted.
      Every source the read found counts, in O(scope) or not, except those the task deletes and those already being
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
  sample: ["Streamkap API POST /sources: HTTP 429 (Too Many Requests); retry 1 of 5 in 1.00 s"]
diff:
  description: The changed sources before and after, keyed by name, in diff mode.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Each changed source before the task (absent for one to be created).
      type: dict
      returned: when diff mode is on
      sample: {"shop-orders": {"name": "shop-orders", "connector": "postgresql", "desired_state": "Active", "config": {}}}
    after:
      description: Each changed source after the task (absent for one to be deleted).
      type: dict
      returned: when diff mode is on
      sample: {"shop-orders": {"name": "shop-orders", "connector": "postgresql", "desired_state": "Paused", "config": {}}}
    before_header:
      description:
        - The kind and the names of the changed sources (the first five, then how many more), which Ansible prints
          above each side of the diff.
      type: str
      returned: when diff mode is on
      sample: sources shop-orders, shop-billing
    after_header:
      description: The same as RV(diff.before_header).
      type: str
      returned: when diff mode is on
      sample: sources shop-orders, shop-billing
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import FleetKind, FleetModule, entry_options
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import entity_options, tag_options
from ansible_collections.streamkap.cloud.plugins.module_utils.source import DESIRED_STATE_CHOICES, SOURCE, SourceSpec


SOURCES = FleetKind(
    kind=SOURCE,
    spec_class=SourceSpec,
    entry_options=entry_options(dict(entity_options(), **tag_options(),
                                     desired_state={"type": "str", "choices": list(DESIRED_STATE_CHOICES)})),
    gathered_fields=("connector",),
    gathered_states=("Active", "Paused", "Stopped"),
    result_fields=("connector_status", "topics"),
)


def main() -> None:
    FleetModule(SOURCES).run_fleet()


if __name__ == "__main__":
    main()
