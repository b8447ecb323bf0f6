#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_source
short_description: Manage Streamkap sources
version_added: 1.0.0
description:
  - Manages the whole life of a Streamkap source (a change-data-capture connector reading a database).
    It creates the source, keeps its name, configuration and operational state in line, and deletes it.
  - The source is addressed by its exact O(name), or by its O(id).
  - An existing source is compared with the options given and updated only where they differ.
options:
  name:
    description:
      - Name of the source. Names are unique per Streamkap tenant and identify the source unless O(id) is given.
      - Matching is exact and case-sensitive, so V(orders) does not match V(orders-2) or V(ORDERS).
      - With O(id) set too, a different name renames the source.
      - Required to create a source. At least one of O(name) and O(id) is required.
    type: str
    version_added: 1.0.0
  id:
    description:
      - Identifier of an existing source, looked up with C(GET /sources/{id}).
      - With O(name) set to another name than the source's, the source is renamed.
      - A source cannot be created with a chosen id; with O(state=present) and an unknown id the module fails.
    type: str
    version_added: 1.0.0
  connector:
    description:
      - Connector code of the source, for example V(postgresql), V(mysql), V(mongodb), V(dynamodb) or V(sqlserveraws).
      - Required when the source does not exist yet and has to be created.
      - The connector of an existing source cannot change; a different value fails before anything is written.
    type: str
    version_added: 1.0.0
  config:
    description:
      - Connector configuration, keyed by the connector's dot-notation property names, for example C(database.hostname.user.defined).
      - Include only user-defined properties; the connector schema (C(GET /sources/connectors)) lists them.
      - Required when the source does not exist yet and has to be created.
      - On an existing source only the keys given here are compared; keys left out keep their current values.
        A key set to V(null) counts as not given.
      - Values of secret keys (flagged C(encrypt) or with a C(password) control in the connector schema, or with names
        containing C(password), C(secret), C(passphrase), C(token), C(credentials), C(access.key), C(private.key),
        C(api.key), C(key.id) or C(connection.string)) are hidden from logs, results and diffs.
      - So are the values of keys the collection's offline table of connector keys marks secret, and of keys it does not
        know at all, from the start of the run; a key the connector schema later shows to be plain is shown again.
    type: dict
    version_added: 1.0.0
  created_from:
    description:
      - Origin recorded on the source when it is created.
    type: str
    choices: [api, web, terraform]
    default: api
    version_added: 1.0.0
  desired_state:
    description:
      - Operational state of the source.
      - On creation it is sent with the source. On an existing source whose C(connector_status) differs, the source is
        paused (V(Paused)), stopped (V(Stopped)) or resumed (V(Active)) with an action call.
      - V(Pending) only applies on creation (the service decides); when not set, the state is left as it is.
    type: str
    choices: [Pending, Active, Paused, Stopped]
    version_added: 1.0.0
  secret_returned:
    description:
      - Ask the API to include secret configuration values in its answers.
      - Secrets the API returns are compared like any other key; withheld ones follow O(update_secrets).
      - Values passed in O(config) stay hidden by Ansible's no_log handling even then; other secrets the API returns
        do not.
      - Secrets returned with V(true) are part of the task result; keep such a result out of logs (C(no_log)).
    type: bool
    default: false
    version_added: 1.0.0
  update_secrets:
    description:
      - What to do with secret values in O(config) that the API withholds (omits, nulls or masks), so that they cannot be compared.
      - V(on_create) sends them only when the source is created, and leaves the stored secrets alone afterwards.
      - V(always) sends them on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
    version_added: 1.0.0
  validate_config:
    description:
      - Before creating or updating a source (also in check mode), fetch the connector schema and check O(config)
        against it - unknown keys (with the closest valid key suggested), keys the service computes, missing required keys,
        wrong types and values outside the choices. Every error names its key; nothing is written when one is found.
      - The schema also says which keys are secret or set once, and which defaults the service fills in.
      - With V(false) the schema is not fetched; secrets are then recognised by their names and the collection's offline
        key table only, and keys in neither stay hidden from output.
      - Skipped when there is nothing to write.
    type: bool
    default: true
    version_added: 1.0.0
  wait:
    description:
      - Wait until the source reaches the status of its desired state (V(Active) for a new or resumed source,
        V(Paused) or V(Stopped) otherwise) or, with O(state=absent), until it no longer exists.
      - With O(state=redeployed), wait until the redeployed source is V(Active).
      - A source that is C(Broken) fails the task at once, with its task statuses in the message.
    type: bool
    default: false
    version_added: 1.0.0
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true); then the task fails with the last status seen.
      - At most 604800 (7 days).
    type: int
    default: 300
    version_added: 1.0.0
  wait_interval:
    description:
      - Seconds between two reads of the source when O(wait=true).
      - At least 0.5 (a floor that keeps the polling from flooding the API), at most 3600.
    type: float
    default: 5
    version_added: 1.0.0
  state:
    description:
      - V(present) creates the source when it does not exist, and updates it where it differs from the options.
      - V(absent) deletes it. A source that does not exist is fine.
      - V(redeployed) redeploys an existing source with C(POST /sources/{id}/deploy), restarting its connector, for example
        one that is C(Broken). Like a service's V(restarted) state it is a change on every run. It takes no O(connector),
        O(config), O(desired_state) or O(tags). A source that does not exist fails the task. Added in version 1.2.0.
    type: str
    choices: [present, absent, redeployed]
    default: present
    version_added: 1.0.0
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.tags
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Reports whether the source would be created, updated or deleted, and the would-be object, without writing.
      - With O(state=redeployed), reports a change and the source as it is, and sends nothing.
  diff_mode:
    support: full
    details:
      - Shows the name, connector, desired state and the given config keys before and after, and the tag names when O(tags) is given;
        secret values are shown as C(********), one the task changes as C(******** (changed)) after, and
        an existing secret that an update leaves out of its C(PUT) (O(update_secrets=on_create)) as C(******** (not sent under update_secrets=on_create)) after.
notes:
  - The source is found with C(GET /sources/{id}) when O(id) is given, otherwise with C(GET /sources?partial_name=<name>),
    reading every page and keeping only exact name matches, because the API has no exact-name filter.
    A run that changes nothing costs that one lookup, plus one C(GET /tags) when O(tags) is given.
  - If more than one source has the name, the module fails listing their ids and changes nothing.
  - A source in another service of the same tenant is invisible to the lookup but still holds its name;
    creating one with that name then fails with the API's "already exists" error.
  - Drift - only the O(config) keys given are compared, after normalising both sides (the API answers V("5432") for V(5432)
    and V("true") for V(true)); key order, keys the service computes and defaults it fills in never count.
    A difference is written with C(PUT /sources/{id}) carrying the full user-defined config (current merged with desired).
  - Set-once keys (PostgreSQL C(slot.name) and C(publication.name), MySQL C(database.server.id), and every key the schema
    flags C(set_once)) and the connector cannot change; the module fails before writing and the source has to be deleted and created again.
  - Deleting a source that a pipeline uses is refused by the module before any C(DELETE) (it asks
    C(GET /pipelines?source_id=<id>) first); the error names the pipelines. In check mode it is a warning, since
    an earlier task of the same check run may delete those pipelines. Delete them first
    (M(streamkap.cloud.streamkap_pipeline) with O(streamkap.cloud.streamkap_pipeline#module:state=absent)).
  - Pausing, resuming and stopping use C(POST /sources/{id}/actions/{action}), an endpoint the public API reference does not document.
  - O(state=redeployed) finds the source (one lookup), then sends C(POST /sources/{id}/deploy); there is no diff, since
    no field of the source changes. The collection's event source C(streamkap.cloud.streamkap_events) and its example
    rulebook use it to heal a C(Broken) source.
  - Deletion is asynchronous; a C(404) answer to the C(DELETE) counts as already gone.
  - A source is never created twice. After a create whose outcome is unknown (a 5xx answer, a timeout, a connection
    lost after sending) the name is looked up again and a source found is adopted; only when none exists is the create
    repeated. When parallel runs race to create one name, the API answers the losers C(already exists) and they
    converge on the winner's source (a different connector fails, naming both).
  - Options are checked before any request - names and ids (at most 255 characters, no control characters),
    the connector code, and O(config) values JSON can carry (finite numbers, 64-bit integers, nesting up to 16 levels).
  - See C(docs/source-semantics.md) in the collection for the full rules.
seealso:
  - name: Streamkap API reference
    description: Create New Source (C(POST /sources)).
    link: https://docs.streamkap.com/
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Create a PostgreSQL source, authenticating with an access token
  streamkap.cloud.streamkap_source:
    name: orders-db
    connector: postgresql
    access_token: "{{ streamkap_access_token }}"
    config:
      database.hostname.user.defined: db.example.com
      database.port.user.defined: 5432
      database.user: streamkap
      database.password: "{{ orders_db_password }}"
      database.dbname: orders
      schema.include.list: public
      table.include.list.user.defined: public.orders,public.customers
  register: orders_source

- name: Use the id and topics of the source
  ansible.builtin.debug:
    msg: "Source {{ orders_source.source.id }} writes to {{ orders_source.source.topics | join(', ') }}"

- name: Capture one more table (only the keys given are compared; the change is written with PUT)
  streamkap.cloud.streamkap_source:
    name: orders-db
    config:
      table.include.list.user.defined: public.orders,public.customers,public.invoices

- name: Rotate the database password (the API withholds it, so it is sent on request only)
  streamkap.cloud.streamkap_source:
    name: orders-db
    update_secrets: always
    config:
      database.password: "{{ new_orders_db_password }}"

- name: Pause the source and wait until it is paused
  streamkap.cloud.streamkap_source:
    name: orders-db
    desired_state: Paused
    wait: true
    wait_timeout: 120

- name: Resume it and wait until it is Active again
  streamkap.cloud.streamkap_source:
    name: orders-db
    desired_state: Active
    wait: true

- name: Redeploy a broken source and wait until it is Active again (a change on every run)
  streamkap.cloud.streamkap_source:
    name: orders-db
    state: redeployed
    wait: true

- name: Rename a source, addressing it by id
  streamkap.cloud.streamkap_source:
    id: "{{ orders_source.source.id }}"
    name: orders-primary

- name: Delete a source and wait until it is gone
  streamkap.cloud.streamkap_source:
    name: orders-primary
    state: absent
    wait: true

- name: Share the credentials of every streamkap.cloud task in a block
  module_defaults:
    group/streamkap.cloud.streamkap:
      client_id: "{{ streamkap_client_id }}"
      client_secret: "{{ streamkap_client_secret }}"
  block:
    - name: Make sure the billing source exists, started paused
      streamkap.cloud.streamkap_source:
        name: billing-db
        connector: mysql
        desired_state: Paused
        config:
          database.hostname.user.defined: mysql.example.com
          database.user: streamkap
          database.password: "{{ billing_db_password }}"
          database.include.list.user.defined: billing
          table.include.list.user.defined: billing.invoices
      register: result

    - name: Show the source's id and topics
      ansible.builtin.debug:
        msg: "{{ result.source.id }}: {{ result.source.topics }}"

- name: Tag a source by tag name; its other tags are removed, system tags it holds are kept
  streamkap.cloud.streamkap_source:
    name: billing-db
    tags: [production, team-billing]
"""

RETURN = r"""
source:
  description:
    - The source as the Streamkap API returned it (after creation, update, action, redeploy or wait, as found, or as deleted).
    - An empty dict when O(state=absent) and the source did not exist.
    - Secret configuration values are withheld unless O(secret_returned=true); values of secret keys that
      come back anyway are replaced by C(********).
    - In check mode, the would-be object. For a source to be created, the fields sent to the API,
      with C(id) set to V(null) and secret values masked; for an update, the current object with the changed
      name, config keys and desired state; for a redeploy, the source as it is.
  returned: success
  type: dict
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
      description: Identifier of the source; null in check mode when the source would be created.
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
          V(Pending), or V(Pending Update) right after a change.
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
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Retries are normal under load, so they are never warnings; they are also sent to the module debug log.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API GET /sources: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
diff:
  description:
    - The source before and after the task, in diff mode (C(--diff)).
    - Each side holds C(name), C(connector), C(desired_state) and C(config); C(config) holds the keys given in O(config)
      (all user-defined keys of a deleted source), secret values shown as C(********).
    - A secret value that the task changes shows C(********) before and C(******** (changed)) after.
    - A secret the API withholds, which an update leaves out of its C(PUT) (O(update_secrets=on_create)),
      shows C(********) before and C(******** (not sent under update_secrets=on_create)) after.
    - When O(tags) is given, each side also holds C(tags), the tag names sorted.
    - An empty dict stands for a source that does not exist (before creation, after deletion).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The source before the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "orders-db", "connector": "postgresql", "desired_state": "Active", "config": {"database.port.user.defined": "5432"}}
    after:
      description: The source after the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "orders-db", "connector": "postgresql", "desired_state": "Paused", "config": {"database.port.user.defined": 5433}}
    before_header:
      description: The kind and the name of the source before the task, which Ansible prints above the before side of the diff.
      type: str
      returned: when diff mode is on
      sample: source orders-db
    after_header:
      description: The kind and the name of the source after the task (its new name after a rename), printed above the after side.
      type: str
      returned: when diff mode is on
      sample: source orders-db
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import entity_options, reconcile, tag_options
from ansible_collections.streamkap.cloud.plugins.module_utils.source import (
    DESIRED_STATE_CHOICES,
    SOURCE,
    SourceSpec,
    secret_config_values,
)


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(entity_options(SOURCE), **tag_options())
    spec.update(desired_state={"type": "str", "choices": list(DESIRED_STATE_CHOICES)})
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("name", "id")],
        supports_check_mode=True,
        nested_secrets=lambda params: secret_config_values(params.get("config"), params.get("connector")),
    ).run(SourceSpec.from_params, reconcile(SOURCE))


if __name__ == "__main__":
    main()
