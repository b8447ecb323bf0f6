#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_destination
short_description: Manage Streamkap destinations
version_added: 1.1.0
description:
  - Manages the whole life of a Streamkap destination (a connector writing change data into a warehouse,
    a database, object storage or a stream). It creates the destination, keeps its name, configuration
    and tags in line, and deletes it.
  - The destination is addressed by its exact O(name), or by its O(id).
  - An existing destination is compared with the options given and updated only where they differ.
options:
  name:
    description:
      - Name of the destination. Names are unique per Streamkap tenant and identify the destination unless O(id) is given.
      - Matching is exact and case-sensitive, so V(analytics) does not match V(analytics-2) or V(ANALYTICS).
      - With O(id) set too, a different name renames the destination.
      - Required to create a destination. At least one of O(name) and O(id) is required.
    type: str
  id:
    description:
      - Identifier of an existing destination, looked up with C(GET /destinations/{id}).
      - With O(name) set to another name than the destination's, the destination is renamed.
    type: str
  connector:
    description:
      - Connector code of the destination, for example V(snowflake), V(clickhouse), V(databricks), V(bigquery),
        V(postgresql), V(s3), V(iceberg) or V(kafka).
      - Required to create a destination. The connector of an existing destination cannot change; a different value fails the task.
    type: str
  config:
    description:
      - Connector configuration, with the dot-notation keys of C(GET /destinations/connectors?connector_code=<connector>)
        (only the keys whose C(user_defined) is true).
      - Required to create a destination. On an existing destination, only the keys given are compared and updated;
        keys not given keep their current values. A key set to V(null) is ignored.
      - Secret values (private keys, passwords, tokens) are never shown in results, diffs or logs. Keys the collection
        does not know as plain settings are treated as secret too.
    type: dict
  created_from:
    description:
      - Origin recorded on the destination when it is created. Not compared or changed afterwards.
    type: str
    choices: [api, web, terraform]
    default: api
  secret_returned:
    description:
      - Ask the API to include secret configuration values in the destination it returns, and return them unmasked.
      - With V(false), values of secret keys are withheld by the API, or replaced by C(********).
      - Secrets returned with V(true) are part of the task result; keep such a result out of logs (C(no_log)).
    type: bool
    default: false
  update_secrets:
    description:
      - When to send secret config values (which the API never shows back, so they cannot be compared).
      - V(on_create) sends them when the destination is created, and along with an update made for another reason.
        Changing only a secret does not count as a change.
      - V(always) sends the given secrets on every run, which makes every run report a change.
    type: str
    choices: [on_create, always]
    default: on_create
  validate_config:
    description:
      - Check O(config) against the connector's schema (C(GET /destinations/connectors)) before writing; required keys,
        unknown keys, types and choices are checked and every error names its key. Nothing is written when one is found.
      - With V(false) the schema is not fetched; secrets are then recognised by their names only.
      - Skipped when there is nothing to write.
    type: bool
    default: true
  wait:
    description:
      - Wait until the destination's C(connector_status) is V(Active) (after a create, an update or, with O(state=redeployed),
        a redeploy) or, with O(state=absent), until it no longer exists.
      - A destination that is C(Broken) fails the task at once, with its task statuses in the message.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true); then the task fails with the last status seen.
    type: int
    default: 300
  wait_interval:
    description:
      - Seconds between two reads of the destination when O(wait=true).
    type: float
    default: 5
  state:
    description:
      - V(present) creates the destination when it does not exist, and updates it where it differs from the options.
      - V(absent) deletes it. A destination that does not exist is fine.
      - V(redeployed) redeploys an existing destination with C(POST /destinations/{id}/deploy), restarting its connector, for example
        one that is C(Broken). Like a service's V(restarted) state it is a change on every run. It takes no O(connector),
        O(config) or O(tags). A destination that does not exist fails the task. Added in version 1.2.0.
    type: str
    choices: [present, absent, redeployed]
    default: present
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.tags
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details:
      - Reports whether the destination would be created, updated or deleted, and the would-be object, without writing.
      - With O(state=redeployed), reports a change and the destination as it is, and sends nothing.
  diff_mode:
    support: full
    details:
      - Shows the name, connector, the given config keys and, when O(tags) is given, the tag names before and after;
        secret values are shown as C(********), one the task changes as C(******** (changed)) after, and
        an existing secret that an update leaves out of its C(PUT) (O(update_secrets=on_create)) as C(******** (not sent under update_secrets=on_create)) after.
notes:
  - The destination is found with C(GET /destinations/{id}) when O(id) is given, otherwise with
    C(GET /destinations?partial_name=<name>), reading every page and keeping only exact name matches. A run that changes
    nothing costs that one lookup, plus one C(GET /tags) when O(tags) is given.
  - If more than one destination has the name, the module fails listing their ids and changes nothing.
  - Drift - only the O(config) keys given are compared, after normalising both sides (V("5432") equals V(5432),
    V("true") equals V(true)). A difference is written with C(PUT /destinations/{id}) carrying the full user-defined config.
  - Keys the schema flags C(set_once), and the connector, cannot change; the module fails before writing.
  - A destination is never created twice. After a create whose outcome is unknown the name is looked up again and a
    destination found is adopted; parallel runs racing on one name converge on the winner's destination.
  - Deleting a destination that a pipeline uses is refused by the module before any C(DELETE) (it asks
    C(GET /pipelines?destination_id=<id>) first); the error names the pipelines. In check mode it is a warning, since
    an earlier task of the same check run may delete those pipelines. Delete them first
    (M(streamkap.cloud.streamkap_pipeline) with O(streamkap.cloud.streamkap_pipeline#module:state=absent)).
  - Writes are sent with C(wait=false); with O(wait=true) the module polls the destination instead.
  - O(state=redeployed) finds the destination (one lookup), then sends C(POST /destinations/{id}/deploy); there is no
    diff, since no field of the destination changes.
  - See C(docs/destinations-and-tags.md) in the collection for the full rules.
seealso:
  - module: streamkap.cloud.streamkap_destination_info
  - module: streamkap.cloud.streamkap_tag
  - module: streamkap.cloud.streamkap_source
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Create a Snowflake destination, authenticating with an access token
  streamkap.cloud.streamkap_destination:
    name: analytics
    connector: snowflake
    access_token: "{{ streamkap_access_token }}"
    config:
      snowflake.url.name: acme-xy12345.snowflakecomputing.com
      snowflake.user.name: STREAMKAP_USER
      snowflake.private.key: "{{ snowflake_private_key }}"
      snowflake.database.name: ANALYTICS
      snowflake.schema.name: STREAMKAP
    tags: [production]
  register: analytics

- name: Use its id
  ansible.builtin.debug:
    msg: "Destination {{ analytics.destination.id }} is {{ analytics.destination.connector_status }}"

- name: Change the schema (only the keys given are compared; the change is written with PUT)
  streamkap.cloud.streamkap_destination:
    name: analytics
    config:
      snowflake.schema.name: STREAMKAP_V2

- name: Add a tag, keeping the tags the destination already has
  streamkap.cloud.streamkap_destination:
    name: analytics
    tags: [team-data]
    purge_tags: false

- name: Create a ClickHouse destination and wait until it is Active
  streamkap.cloud.streamkap_destination:
    name: events-clickhouse
    connector: clickhouse
    config:
      hostname: clickhouse.example.com
      connection.username: streamkap
      connection.password: "{{ clickhouse_password }}"
      database: events
    wait: true
    wait_timeout: 120

- name: Redeploy a broken destination and wait until it is Active again (a change on every run)
  streamkap.cloud.streamkap_destination:
    name: events-clickhouse
    state: redeployed
    wait: true

- name: Delete a destination and wait until it is gone
  streamkap.cloud.streamkap_destination:
    name: events-clickhouse
    state: absent
    wait: true
"""

RETURN = r"""
destination:
  description:
    - The destination as the Streamkap API returned it (after creation, update, redeploy or wait, as found, or as deleted).
    - An empty dict when O(state=absent) and the destination did not exist.
    - Secret configuration values are withheld unless O(secret_returned=true); values of secret keys that
      come back anyway are replaced by C(********).
    - In check mode, the would-be object. For a destination to be created, the fields sent to the API,
      with C(id) set to V(null) and secret values masked; for an update, the current object with the changes applied;
      for a redeploy, the destination as it is.
  returned: success
  type: dict
  contains:
    name:
      description: Name of the destination.
      type: str
      returned: success
      sample: analytics
    connector:
      description: Connector code.
      type: str
      returned: success
      sample: snowflake
    id:
      description: Identifier of the destination; null in check mode when the destination would be created.
      type: str
      returned: success
      sample: 6650f1c2a9d3e4b5c6d7e8fa
    connector_display_name:
      description: Human-readable connector name.
      type: str
      returned: success
      sample: Snowflake
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
    config:
      description:
        - Connector configuration as the API holds it. Values are string-encoded (V("true"), V("5432"))
          and backend-computed keys appear next to the user's.
      type: dict
      returned: success
      sample: {"snowflake.url.name": "acme-xy12345.snowflakecomputing.com", "snowflake.schema.name": "STREAMKAP"}
    topic_ids:
      description: Identifiers of the topics the destination reads (they may be integers).
      type: list
      elements: raw
      returned: success
      sample: []
    topics:
      description: Names of the topics the destination reads (they may be integers).
      type: list
      elements: raw
      returned: success
      sample: []
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
    task_statuses:
      description: Status of each connector task, keyed by task.
      type: dict
      returned: success
      sample: {"0": {"status": "RUNNING"}}
    tags:
      description: Identifiers of the tags on the destination.
      type: list
      elements: str
      returned: success
      sample: ["670e5ca40afe1d3983ce0c22"]
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API GET /destinations: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
diff:
  description:
    - The destination before and after the task, in diff mode (C(--diff)).
    - Each side holds C(name), C(connector) and C(config) (the keys given in O(config), secret values shown as C(********)),
      and C(tags) (tag names, sorted) when O(tags) is given.
    - A secret value that the task changes shows C(********) before and C(******** (changed)) after.
    - A secret the API withholds, which an update leaves out of its C(PUT) (O(update_secrets=on_create)),
      shows C(********) before and C(******** (not sent under update_secrets=on_create)) after.
    - An empty dict stands for a destination that does not exist (before creation, after deletion).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The destination before the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "analytics", "connector": "snowflake", "config": {"snowflake.schema.name": "STREAMKAP"}, "tags": ["production"]}
    after:
      description: The destination after the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "analytics", "connector": "snowflake", "config": {"snowflake.schema.name": "STREAMKAP_V2"}, "tags": ["production"]}
    before_header:
      description: The kind and the name of the destination before the task, which Ansible prints above the before side of the diff.
      type: str
      returned: when diff mode is on
      sample: destination analytics
    after_header:
      description: The kind and the name of the destination after the task (its new name after a rename), printed above the after side.
      type: str
      returned: when diff mode is on
      sample: destination analytics
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION, DestinationSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import entity_options, reconcile, tag_options


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(entity_options(DESTINATION), **tag_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("name", "id")],
        supports_check_mode=True,
        nested_secrets=lambda params: DESTINATION.config_secrets(params.get("config"), params.get("connector")),
    ).run(DestinationSpec.from_params, reconcile(DESTINATION))


if __name__ == "__main__":
    main()
