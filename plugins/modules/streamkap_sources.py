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
  - Bad input in any entry (an unknown key, a wrong type, a duplicate name, a set-once key changed, a config the
    connector schema refuses) fails the task before anything is written, listing every bad entry.
  - An API failure while writing fails that entry only; the other entries are applied, the task fails naming the
    failed ones, and running it again converges.
options:
  config:
    description:
      - The sources, each in the shape of the options of M(streamkap.cloud.streamkap_source).
      - With O(state=deleted) only O(config[].name) (or O(config[].id)) matters.
      - Names must be unique within the list.
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
  state:
    description:
      - V(merged) creates the sources that do not exist and updates the keys given of those that do.
      - V(replaced) is V(merged), except that each entry's O(config[].config) is the source's whole user configuration -
        user-defined keys it leaves out go back to their schema defaults (a key without a default stays as it is).
        Secrets left out are kept, never reset.
      - V(overridden) is V(replaced), and also deletes every source in O(scope) that O(config) does not list.
        O(scope) is required.
      - V(deleted) deletes the sources listed in O(config); with an empty O(config), every source in O(scope)
        (then O(scope) is required). With O(scope) given, a listed source outside it is refused.
      - V(gathered) reads only, and returns the sources in O(scope) (all sources without one) as RV(gathered), in the
        shape of O(config) and ready to be applied again. Nothing is changed.
      - V(rendered) sends nothing at all (no credentials needed), and returns the request bodies the entries would be
        created with as RV(rendered).
    type: str
    choices: [merged, replaced, overridden, deleted, gathered, rendered]
    default: merged
  scope:
    description:
      - The sources this task may delete (V(overridden), V(deleted) without entries) or gathers (V(gathered)).
        Sources outside it are never deleted.
      - When both keys are given, a source must match both.
    type: dict
    suboptions:
      name_prefix:
        description:
          - Sources whose name starts with this text (case-sensitive).
        type: str
      tag:
        description:
          - Sources carrying this tag, given by name or by id.
        type: str
  max_concurrent_writes:
    description:
      - How many writes run at the same time (1 to 10). They share one access token, refreshed once when it expires,
        and an HTTP 429 answer with C(Retry-After) slows all of them down.
    type: int
    default: 4
  update_secrets:
    description:
      - What to do with secret values the API withholds, for every entry that does not set its own;
        see M(streamkap.cloud.streamkap_source).
    type: str
    choices: [on_create, always]
    default: on_create
  validate_config:
    description:
      - Check each config to be written against its connector schema before anything is written.
        Each connector's schema is read once per task, and only when something of that connector is written.
    type: bool
    default: true
  wait:
    description:
      - After each write, wait until the source reaches its desired state (or, deleted, is gone).
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait for each source when O(wait=true).
    type: int
    default: 300
  wait_interval:
    description:
      - Seconds between two reads of a source when O(wait=true).
    type: float
    default: 5
extends_documentation_fragment:
  - streamkap.cloud.auth
attributes:
  check_mode:
    support: full
    description: A plan - the same RV(results) and RV(summary), with nothing written.
  diff_mode:
    support: full
    description:
      - Before and after of the changed sources only, keyed by name; secret values are shown as C(********).
notes:
  - One task reads the source list once (C(GET /sources), every page); a task that changes nothing sends nothing else.
  - A name held by two sources fails that entry and touches neither.
  - Connector schemas are read once per connector, only when something is created or updated (and, for
    V(replaced), when a source holds user-defined keys its entry leaves out, to learn their defaults).
  - See C(docs/fleet.md) in the collection for the states, scope and the brownfield path (gather, then apply).
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
    - Applying it with O(state=merged) or O(state=replaced) changes nothing.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "shop-orders", "connector": "postgresql", "desired_state": "Active",
            "config": {"database.hostname.user.defined": "db.example.com", "database.port.user.defined": "5432"}}]
rendered:
  description: The create request body of each entry, secret values shown as C(********).
  returned: when O(state=rendered)
  type: list
  elements: dict
  sample: [{"name": "shop-orders", "connector": "postgresql", "created_from": "api",
            "config": {"database.password": "********"}}]
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
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.config import UPDATE_SECRETS_CHOICES
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import FleetKind, FleetModule
from ansible_collections.streamkap.cloud.plugins.module_utils.source import (
    CREATED_FROM_CHOICES,
    DESIRED_STATE_CHOICES,
    SOURCE,
    SourceService,
    SourceSpec,
)

SOURCES = FleetKind(
    kind=SOURCE,
    spec_class=SourceSpec,
    reconciler_class=SourceService,
    entry_options={
        "name": {"type": "str", "required": True},
        "id": {"type": "str"},
        "connector": {"type": "str"},
        "config": {"type": "dict"},
        "desired_state": {"type": "str", "choices": list(DESIRED_STATE_CHOICES)},
        "created_from": {"type": "str", "choices": list(CREATED_FROM_CHOICES)},
        "update_secrets": {"type": "str", "choices": list(UPDATE_SECRETS_CHOICES)},
        "wait": {"type": "bool"},
        "wait_timeout": {"type": "int"},
    },
    gathered_fields=("connector",),
    gathered_states=("Active", "Paused", "Stopped"),
    result_fields=("connector_status", "topics"),
)


def main() -> None:
    FleetModule(SOURCES).run_fleet()


if __name__ == "__main__":
    main()
