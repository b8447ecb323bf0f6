#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_topic
short_description: Grow a Streamkap topic's partitions and set its tags
version_added: 1.2.0
description:
  - Changes an existing Kafka topic of Streamkap - its partition count and its tags - where it differs from the options.
  - A topic belongs to its entity (a source's captured tables, a destination's dead-letter queue, a transform's
    outputs) and comes and goes with it, so this module never creates or deletes one; a topic that does not exist
    fails the task.
  - The topic is addressed by its O(id) (its full name, such as C(source_<source id>.public.orders)), or by its
    entity (one of O(source), O(destination) and O(transform), by exact name) and its O(topic) name within it.
options:
  id:
    description:
      - The topic's id, which is its full name, for example C(source_6650f1c2a9d3e4b5c6d7e8f9.public.orders) or
        C(destination_6650f1c2a9d3e4b5c6d7e8fa.streamkap.deadletterqueue).
      - Mutually exclusive with O(source), O(destination), O(transform) and O(topic).
    type: str
  source:
    description:
      - Exact name of the source the topic belongs to; give O(topic) with it.
      - The topic's id is then C(source_<source id>.<topic>).
    type: str
  destination:
    description:
      - Exact name of the destination the topic belongs to (its dead-letter queue); give O(topic) with it.
    type: str
  transform:
    description:
      - Exact name of the transform whose output topic this is; give O(topic) with it. The topic is found in the
        transform's topic list (a deployed transform's topic ids carry its version).
    type: str
  topic:
    description:
      - The topic's name within its entity, such as V(public.orders) for a source's table or
        V(streamkap.deadletterqueue) for a destination's dead-letter queue. The full id is accepted too.
      - Required with O(source), O(destination) or O(transform).
    type: str
  partitions:
    description:
      - The partition count the topic should have.
      - Partitions can only grow. A count below the current one fails before any write, naming the current count;
        the same count changes nothing.
      - At most 2147483647, the largest count Kafka can hold.
      - Not given, the partition count is left alone.
    type: int
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.tags
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details: Reports whether the topic would change and the would-be topic, without writing.
  diff_mode:
    support: full
    details: Shows the topic's id and partition count before and after, and, when O(tags) is given, its tag names.
notes:
  - The topic is read with C(GET /topics/{id}?detailed=true). Addressed by its entity, the entity is looked up by name
    first (and a transform's topic list read). A run that changes nothing costs those reads and no write.
  - A change is one C(PUT /topics/{id}) whose body holds the partition count (and the tag ids, when O(tags) is given)
    under C(payload), followed by a fresh read of the topic.
  - Growing the partitions of a topic changes which partition a key lands in from then on.
seealso:
  - module: streamkap.cloud.streamkap_topic_info
  - module: streamkap.cloud.streamkap_snapshot
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Grow the orders topic of a source to 12 partitions
  streamkap.cloud.streamkap_topic:
    source: orders-db
    topic: public.orders
    partitions: 12

- name: Tag a topic by its id, keeping the tags it has
  streamkap.cloud.streamkap_topic:
    id: source_6650f1c2a9d3e4b5c6d7e8f9.public.orders
    tags: [hot-path]
    purge_tags: false

- name: Give a destination's dead-letter queue more partitions
  streamkap.cloud.streamkap_topic:
    destination: analytics-snowflake
    topic: streamkap.deadletterqueue
    partitions: 3
"""

RETURN = r"""
topic:
  description:
    - The topic as a detailed read returns it (after the change, a fresh read; in check mode, the would-be topic).
  returned: success
  type: dict
  contains:
    id:
      description: The topic's id, its full name.
      type: str
      sample: source_6650f1c2a9d3e4b5c6d7e8f9.public.orders
    name:
      description: The topic's name within its entity.
      type: str
      sample: public.orders
    entity:
      description: The entity the topic belongs to (C(entity_type), C(entity_id), C(name), C(connector) and more).
      type: dict
      sample: {"entity_type": "sources", "entity_id": "6650f1c2a9d3e4b5c6d7e8f9", "name": "orders-db", "connector": "postgresql"}
    kafka:
      description: Kafka settings - C(partitions.count) and C(configs) such as C(retention.ms) and C(cleanup.policy).
      type: dict
      sample: {"partitions": {"count": 12}, "configs": {"retention.ms": 604800000, "cleanup.policy": "delete"}}
    prefix:
      description: What the topic's id starts with, its entity's prefix.
      type: str
      sample: source_6650f1c2a9d3e4b5c6d7e8f9
    serialization:
      description: Key and value formats and converters.
      type: dict
      sample: {"key_format": "avro", "value_format": "avro", "schema_registry_enabled": true}
    tags:
      description: Identifiers of the topic's tags.
      type: list
      elements: str
      sample: ["670e5ca40afe1d3983ce0c31"]
diff:
  description: The topic before and after the task (id, partitions, and tag names when O(tags) is given).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The topic before the task.
      type: dict
      returned: when diff mode is on
      sample: {"id": "source_6650f1c2a9d3e4b5c6d7e8f9.public.orders", "partitions": 6}
    after:
      description: The topic after the task.
      type: dict
      returned: when diff mode is on
      sample: {"id": "source_6650f1c2a9d3e4b5c6d7e8f9.public.orders", "partitions": 12}
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /topics/source_x.public.orders: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.topic import OWNER_OPTIONS, TopicSpec, ensure_topic, topic_options


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(topic_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("id",) + OWNER_OPTIONS],
        mutually_exclusive=[("id",) + OWNER_OPTIONS, ("id", "topic")],
        required_by={"source": "topic", "destination": "topic", "transform": "topic"},
        supports_check_mode=True,
    ).run(TopicSpec.from_params, ensure_topic)


if __name__ == "__main__":
    main()
