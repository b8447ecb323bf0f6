#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_topic_info
short_description: List Streamkap topics with their partition counts
version_added: 1.2.0
description:
  - Lists the Kafka topics of Streamkap that match the filters given, each with its partition count, serialization
    and tags.
  - Every filter given must hold; a list filter matches any of its values. Without filters, every topic is listed.
  - Reads only; never changes anything, so it runs the same in check mode.
options:
  source:
    description:
      - The topics of this source, by exact name or by id. A source that does not exist matches nothing.
      - Mutually exclusive with O(destination), O(transform) and O(pipeline).
    type: str
  destination:
    description:
      - The topics of this destination (its dead-letter queue), by exact name or by id.
    type: str
  transform:
    description:
      - The output topics of this transform, by exact name or by id.
    type: str
  pipeline:
    description:
      - The topics this pipeline carries (its source's topics it was given), by exact name or by id.
    type: str
  id:
    description:
      - Ids (full names) of the topics to list. Each id costs one query. An unknown id matches nothing.
    type: list
    elements: str
  partial_name:
    description:
      - List the topics whose name contains this text, as the API matches it.
    type: str
  snapshot:
    description:
      - List only the topics whose latest snapshot has one of these statuses.
    type: list
    elements: str
    choices: [running, completed, failed, pending, cancelled]
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
  - streamkap.cloud.attributes.info_module
attributes:
  check_mode:
    details: Reads only and never writes, so it lists the topics in check mode as well.
notes:
  - The topics are listed with C(GET /topics/details) (every page), then each is read with
    C(GET /topics/{id}?detailed=true) for its partition count and tags, four at a time.
  - An entity given by name is looked up first.
seealso:
  - module: streamkap.cloud.streamkap_topic
  - module: streamkap.cloud.streamkap_snapshot
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: The topics of a source
  streamkap.cloud.streamkap_topic_info:
    source: orders-db
  register: orders_topics

- name: Show their partition counts
  ansible.builtin.debug:
    msg: "{{ orders_topics.topics | items2dict(key_name='name', value_name='partition_count') }}"

- name: The topics whose last snapshot failed
  streamkap.cloud.streamkap_topic_info:
    snapshot: [failed]
  register: failed_backfills
"""

RETURN = r"""
topics:
  description:
    - The topics that match the filters, in the API's order; an empty list when none match.
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: The topic's id, its full name.
      type: str
      sample: source_6650f1c2a9d3e4b5c6d7e8f9.public.orders
    name:
      description: The topic's name within its entity.
      type: str
      sample: public.orders
    partition_count:
      description: The number of partitions (C(kafka.partitions.count)); null when the topic could not be read.
      type: int
      sample: 6
    entity:
      description: The entity the topic belongs to.
      type: dict
      sample: {"entity_type": "sources", "entity_id": "6650f1c2a9d3e4b5c6d7e8f9", "name": "orders-db", "connector": "postgresql"}
    prefix:
      description: What the topic's id starts with.
      type: str
      sample: source_6650f1c2a9d3e4b5c6d7e8f9
    serialization:
      description: Key and value formats and converters.
      type: dict
      sample: {"key_format": "avro", "value_format": "avro", "schema_registry_enabled": true}
    kafka:
      description: Kafka settings, C(partitions.count) and C(configs).
      type: dict
      sample: {"partitions": {"count": 6}, "configs": {"retention.ms": 604800000, "cleanup.policy": "delete"}}
    tags:
      description: Identifiers of the topic's tags.
      type: list
      elements: str
      sample: []
    messages_7d:
      description: Messages in the last 7 days, as the API counts them.
      type: int
      sample: 120345
    messages_30d:
      description: Messages in the last 30 days.
      type: int
      sample: 498211
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /topics/details: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.topic import (
    LISTED_BY_OPTIONS,
    SNAPSHOT_STATUSES,
    TopicFilters,
    list_topics,
)


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update({option: {"type": "str"} for option in LISTED_BY_OPTIONS})
    spec.update(
        id={"type": "list", "elements": "str"},
        partial_name={"type": "str"},
        snapshot={"type": "list", "elements": "str", "choices": list(SNAPSHOT_STATUSES)},
    )
    return spec


def list_matching(module: StreamkapModule, client, filters: TopicFilters) -> dict:
    return {"changed": False, "topics": list_topics(client, filters)}


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[LISTED_BY_OPTIONS],
        supports_check_mode=True,
    ).run(TopicFilters.from_params, list_matching)


if __name__ == "__main__":
    main()
