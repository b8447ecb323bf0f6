#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_source
short_description: Create Streamkap sources
version_added: 1.0.0
description:
  - Makes sure a Streamkap source (a change-data-capture connector reading a database) with a given name exists.
  - Looks the source up by its exact name; creates it with C(POST /sources) when there is none.
  - An existing source is left as it is and returned; its configuration is not compared or changed.
options:
  name:
    description:
      - Name of the source. Names are unique per Streamkap tenant and identify the source.
      - Matching is exact and case-sensitive, so V(orders) does not match V(orders-2) or V(ORDERS).
    type: str
    required: true
    version_added: 1.0.0
  connector:
    description:
      - Connector code of the source, for example V(postgresql), V(mysql), V(mongodb), V(dynamodb) or V(sqlserveraws).
      - Required when the source does not exist yet and has to be created.
    type: str
    version_added: 1.0.0
  config:
    description:
      - Connector configuration, keyed by the connector's dot-notation property names, for example C(database.hostname.user.defined).
      - Include only user-defined properties; the connector schema (C(GET /sources/connectors)) lists them.
      - Required when the source does not exist yet and has to be created.
      - Values of secret-looking keys (names containing C(password), C(secret), C(key.id), C(access.key),
        C(connection.string), C(token) or C(private.key)) are hidden from logs and results.
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
      - Operational state requested for the source when it is created.
      - When not set, the API decides.
    type: str
    choices: [Pending, Active, Paused, Stopped]
    version_added: 1.0.0
  secret_returned:
    description:
      - Ask the API to include secret configuration values in its answer.
      - Values passed in O(config) stay hidden by Ansible's no_log handling even then.
    type: bool
    default: false
    version_added: 1.0.0
  state:
    description:
      - V(present) creates the source when it does not exist.
    type: str
    choices: [present]
    default: present
    version_added: 1.0.0
extends_documentation_fragment:
  - streamkap.cloud.auth
attributes:
  check_mode:
    support: full
    description: Reports whether the source would be created, and the would-be object, without creating it.
  diff_mode:
    support: none
    description: Not supported yet.
notes:
  - The source is found with C(GET /sources?partial_name=<name>), reading every page and keeping only exact name matches,
    because the API has no exact-name filter.
  - If more than one source has the name, the module fails listing their ids and changes nothing.
  - A source in another service of the same tenant is invisible to the lookup but still holds its name;
    creating one with that name then fails with the API's "already exists" error.
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
      database.port.user.defined: "5432"
      database.user: streamkap
      database.password: "{{ orders_db_password }}"
      database.dbname: orders
      schema.include.list: public
      table.include.list.user.defined: public.orders,public.customers
  register: orders_source

- name: Use the id and topics of the source
  ansible.builtin.debug:
    msg: "Source {{ orders_source.source.id }} writes to {{ orders_source.source.topics | join(', ') }}"

- name: Create a MySQL source, authenticating with client credentials, started paused
  streamkap.cloud.streamkap_source:
    name: billing-db
    connector: mysql
    desired_state: Paused
    client_id: "{{ streamkap_client_id }}"
    client_secret: "{{ streamkap_client_secret }}"
    config:
      database.hostname.user.defined: mysql.example.com
      database.port.user.defined: "3306"
      database.user: streamkap
      database.password: "{{ billing_db_password }}"
      database.include.list.user.defined: billing
      table.include.list.user.defined: billing.invoices

- name: Share the credentials of every streamkap.cloud task in a block
  module_defaults:
    group/streamkap.cloud.streamkap:
      client_id: "{{ streamkap_client_id }}"
      client_secret: "{{ streamkap_client_secret }}"
  block:
    - name: Make sure the orders source exists
      streamkap.cloud.streamkap_source:
        name: orders-db
        connector: postgresql
        config: "{{ orders_db_config }}"
      register: result

    - name: Show the source's id and topics
      ansible.builtin.debug:
        msg: "{{ result.source.id }}: {{ result.source.topics }}"
"""

RETURN = r"""
source:
  description:
    - The source as the Streamkap API returned it (after creation, or as found).
    - Secret configuration values are withheld unless O(secret_returned=true); values of secret-looking keys that
      come back anyway are replaced by C(********).
    - In check mode, when the source would be created, the would-be object - the fields sent to the API,
      with C(id) set to V(null) and secret values masked.
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
"""

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    StreamkapApiError,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.common import (
    StreamkapModule,
    auth_argument_spec,
    client_from_params,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.source import (
    CREATED_FROM_CHOICES,
    DESIRED_STATE_CHOICES,
    SourceService,
    SourceSpec,
    secret_config_values,
)


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(
        name={"type": "str", "required": True},
        connector={"type": "str"},
        config={"type": "dict"},
        created_from={"type": "str", "choices": list(CREATED_FROM_CHOICES), "default": "api"},
        desired_state={"type": "str", "choices": list(DESIRED_STATE_CHOICES)},
        secret_returned={"type": "bool", "default": False},
        state={"type": "str", "choices": ["present"], "default": "present"},
    )
    return spec


def main() -> None:
    module = StreamkapModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        nested_secrets=lambda params: secret_config_values(params.get("config")),
    )
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)

    try:
        service = SourceService(client_from_params(module.params))
        result = service.run(module.params["state"], SourceSpec.from_params(module.params), check_mode=module.check_mode)
    except StreamkapApiError as exc:
        module.fail_json(msg=str(exc), **exc.to_result())
    except StreamkapError as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
