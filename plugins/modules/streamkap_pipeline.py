#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_pipeline
short_description: Manage Streamkap pipelines
version_added: 1.1.0
description:
  - Manages a Streamkap pipeline, which moves topics of one source into one destination.
    It creates the pipeline, keeps its name, topics and snapshot setting in line, and deletes it.
  - The pipeline is addressed by its exact O(name), or by its O(id).
  - The source and the destination are given by name (O(source), O(destination)) or by id (O(source_id),
    O(destination_id)); names are resolved to the objects the API needs (id, name and connector).
  - It can route topics through transforms (O(transforms), O(topic_auto_discovery_transforms)); when those options
    are not given, the pipeline's existing C(transforms) and C(topic_auto_discovery_transforms) are sent back
    unchanged whenever the pipeline is updated.
options:
  name:
    description:
      - Name of the pipeline. Names are unique per Streamkap tenant and identify the pipeline unless O(id) is given.
      - Matching is exact and case-sensitive.
      - With O(id) set too, a different name renames the pipeline.
      - Required to create a pipeline. At least one of O(name) and O(id) is required.
    type: str
  id:
    description:
      - Identifier of an existing pipeline, looked up with C(GET /pipelines/{id}).
      - A pipeline cannot be created with a chosen id; with O(state=present) and an unknown id the module fails.
    type: str
  source:
    description:
      - Exact name of the source the pipeline reads from.
      - Resolved with the same exact-name lookup as M(streamkap.cloud.streamkap_source); a source that does not exist,
        or a name that more than one source holds, fails before anything is written.
      - The source of an existing pipeline cannot change; a different one fails before anything is written.
      - One of O(source) and O(source_id) is required to create a pipeline. Mutually exclusive with O(source_id).
    type: str
  source_id:
    description:
      - Identifier of the source the pipeline reads from. Mutually exclusive with O(source).
    type: str
  destination:
    description:
      - Exact name of the destination the pipeline writes to, resolved like O(source).
      - The destination of an existing pipeline cannot change; a different one fails before anything is written.
      - One of O(destination) and O(destination_id) is required to create a pipeline. Mutually exclusive with O(destination_id).
    type: str
  destination_id:
    description:
      - Identifier of the destination the pipeline writes to. Mutually exclusive with O(destination).
    type: str
  topics:
    description:
      - Topics of the source that the pipeline carries, for example V(public.orders).
      - The API names topics C(source_<source id>.<schema>.<table>); the prefix may be given or left out, it never counts.
      - Compared as a set, so order and repetitions never count. When not given, the topics of an existing pipeline are left alone.
      - Required to create a pipeline.
    type: list
    elements: str
  transforms:
    description:
      - Output topics of transforms that the pipeline carries into the destination, each item a transform and its
        topics (see the examples).
      - A transform is given by its exact name or its id, resolved with one C(GET /transforms) (every page) for the
        whole task. One that does not exist fails the task before anything is written (in check mode, a warning);
        a name that more than one transform holds fails too.
      - Written in the API's shape, one entry per transform and topic; a topic's C(topic_id) is the transform's own
        topic id for it when the transform has one, else the topic with the source's C(source_<id>.) prefix.
      - Compared as a set of (transform, topic) pairs, so order and repetitions never count. V([]) removes every
        route. When not given, the pipeline's routes are left alone.
    type: list
    elements: dict
    version_added: 1.2.0
    suboptions:
      transform:
        description:
          - The transform's exact name or its id.
        type: str
        required: true
      topics:
        description:
          - The transform's output topics the pipeline carries.
        type: list
        elements: str
        required: true
  topic_auto_discovery_transforms:
    description:
      - Transforms whose output topics matching a regular expression the pipeline picks up by itself, each item a
        transform and a regex.
      - Transforms are resolved as for O(transforms); compared as a set of (transform, regex) pairs. V([]) removes
        every one; when not given, they are left alone.
    type: list
    elements: dict
    version_added: 1.2.0
    suboptions:
      transform:
        description:
          - The transform's exact name or its id.
        type: str
        required: true
      regex:
        description:
          - The regular expression the transform's output topics are matched with.
        type: str
        required: true
  snapshot_new_tables:
    description:
      - Whether tables added to the source later are snapshotted when the pipeline picks them up.
      - On creation the API default (V(false)) applies when not given; on an existing pipeline it is left alone when not given.
    type: bool
  created_from:
    description:
      - Origin recorded on the pipeline when it is created.
    type: str
    choices: [api, web, terraform]
    default: api
  secret_returned:
    description:
      - Ask the API to include the secret configuration values of the embedded source and destination in its answers,
        and return them unmasked.
      - With V(false), values of secret keys of the embedded source and destination are replaced by C(********).
      - Secrets returned with V(true) are part of the task result; keep such a result out of logs (C(no_log)).
    type: bool
    default: false
  state:
    description:
      - V(present) creates the pipeline when it does not exist, and updates it where it differs from the options.
      - V(absent) deletes it. A pipeline that does not exist is fine.
    type: str
    choices: [present, absent]
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
      - Reports whether the pipeline would be created, updated or deleted, and the would-be object, without writing.
      - A source or destination that does not exist yet (an earlier task of the same check run would create it)
        does not fail the task; it reports a change, a warning naming what is missing, and the would-be pipeline.
  diff_mode:
    support: full
    details:
      - Shows the name, source, destination, topics (sorted, without the source prefix), C(snapshot_new_tables),
        the routes through transforms (each C(<transform> -> <topic>), sorted) when there are some, and, when O(tags) is
        given, the tag names before and after.
notes:
  - The pipeline is found with C(GET /pipelines/{id}) when O(id) is given, otherwise with
    C(GET /pipelines?partial_name=<name>), reading every page and keeping only exact name matches.
    A run that changes nothing costs that one lookup.
  - Drift in O(name) (with O(id)), O(topics), O(snapshot_new_tables), O(transforms), O(topic_auto_discovery_transforms)
    and O(tags) is written with one C(PUT /pipelines/{id}) carrying the full body - the current pipeline with the
    changes applied, its routes through transforms unchanged unless given.
  - Whether the API lets a pipeline move to another source or destination is not documented; the module refuses it,
    naming the current and the requested one. Delete the pipeline and create it again.
  - A pipeline is never created twice; a create whose answer is lost is resolved by looking the name up again.
  - A source, destination or transform that a pipeline uses cannot be deleted with M(streamkap.cloud.streamkap_source),
    M(streamkap.cloud.streamkap_destination) or M(streamkap.cloud.streamkap_transform); delete the pipeline first.
  - See C(docs/pipelines.md) in the collection for the full rules.
seealso:
  - module: streamkap.cloud.streamkap_pipeline_info
    description: List Streamkap pipelines.
  - module: streamkap.cloud.streamkap_source
    description: Manage the source a pipeline reads from.
  - module: streamkap.cloud.streamkap_destination
    description: Manage the destination a pipeline writes to.
  - module: streamkap.cloud.streamkap_transform
    description: Manage the transforms a pipeline routes topics through.
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Move the orders tables into Snowflake
  streamkap.cloud.streamkap_pipeline:
    name: orders-to-snowflake
    source: orders-db
    destination: analytics-snowflake
    topics:
      - public.orders
      - public.customers
    snapshot_new_tables: true
  register: pipeline

- name: Show the pipeline id and its topics
  ansible.builtin.debug:
    msg: "{{ pipeline.pipeline.id }}: {{ pipeline.pipeline.topics | join(', ') }}"

- name: Carry one more table (topics are compared as a set; the change is one PUT)
  streamkap.cloud.streamkap_pipeline:
    name: orders-to-snowflake
    source: orders-db
    destination: analytics-snowflake
    topics:
      - public.orders
      - public.customers
      - public.invoices

- name: A second pipeline between the same ends, given by id
  streamkap.cloud.streamkap_pipeline:
    name: invoices-to-snowflake
    source_id: "{{ pipeline.pipeline.source.id }}"
    destination_id: "{{ pipeline.pipeline.destination.id }}"
    topics: [public.invoices]

- name: Carry the masked orders of a transform too (the transform by name; its topic as the transform writes it)
  streamkap.cloud.streamkap_pipeline:
    name: orders-to-snowflake
    transforms:
      - transform: mask-email
        topics: [source_6650f1c2a9d3e4b5c6d7e8f9.public.orders_masked]

- name: Tag the pipeline, keeping the system tags it holds
  streamkap.cloud.streamkap_pipeline:
    name: orders-to-snowflake
    tags: [production]

- name: Delete the pipeline (before its source or destination)
  streamkap.cloud.streamkap_pipeline:
    name: orders-to-snowflake
    state: absent
"""

RETURN = r"""
pipeline:
  description:
    - The pipeline as the Streamkap API returned it (after creation or update, as found, or as deleted).
    - An empty dict when O(state=absent) and the pipeline did not exist.
    - Secret configuration values of the embedded C(source) and C(destination) are replaced by C(********)
      unless O(secret_returned=true).
    - In check mode, the would-be object. For a pipeline to be created, the fields that would be sent, with C(id) set
      to V(null) (and the id of a source or destination that does not exist yet as well); for an update, the current
      object with the changes applied.
  returned: success
  type: dict
  contains:
    id:
      description: Identifier of the pipeline; null in check mode when it would be created.
      type: str
      returned: success
      sample: 6650f1c2a9d3e4b5c6d7e901
    name:
      description: Name of the pipeline.
      type: str
      returned: success
      sample: orders-to-snowflake
    created_timestamp:
      description: Creation time, ISO 8601.
      type: str
      returned: success
      sample: "2026-01-15T10:42:07.123000+00:00"
    created_from:
      description: Origin of the pipeline.
      type: str
      returned: success
      sample: api
    snapshot_new_tables:
      description: Whether tables added later are snapshotted.
      type: bool
      returned: success
      sample: false
    source:
      description:
        - The source, as a full source object (see M(streamkap.cloud.streamkap_source)).
        - Its C(topics) are the pipeline's topics, with the C(source_<id>.) prefix.
      type: dict
      returned: success
      sample: {"id": "6650f1c2a9d3e4b5c6d7e8f9", "name": "orders-db", "connector": "postgresql",
               "topics": ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"]}
    destination:
      description: The destination, as a full destination object (see M(streamkap.cloud.streamkap_destination)).
      type: dict
      returned: success
      sample: {"id": "6650f1c2a9d3e4b5c6d7e8fa", "name": "analytics-snowflake", "connector": "snowflake"}
    topic_ids:
      description: The pipeline's topics, with the C(source_<id>.) prefix.
      type: list
      elements: str
      returned: success
      sample: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"]
    topics:
      description: The pipeline's topics, with the C(source_<id>.) prefix.
      type: list
      elements: str
      returned: success
      sample: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders"]
    transforms:
      description: Routes through transforms, one entry per transform and topic (C(id), C(name), C(start_time),
        C(topic), C(topic_id)).
      type: list
      elements: dict
      returned: success
      sample: []
    topic_auto_discovery_transforms:
      description: Transforms whose output topics found later are picked up, by regular expression (C(transform_id),
        C(regex)).
      type: list
      elements: dict
      returned: success
      sample: []
    tags:
      description: Identifiers of the tags on the pipeline; one created without O(tags) gets the system tag C(Development).
      type: list
      elements: str
      returned: success
      sample: ["670e5ca40afe1d3983ce0c22"]
    periodic_audit:
      description: Periodic audit settings. Not managed by this module.
      type: dict
      returned: success
      sample: {"topics": [], "timestamp_column": null, "interval_minutes": null, "fix_deletes_only": false}
    connector_status:
      description: Current status of the pipeline's connector.
      type: str
      returned: success
      sample: Active
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API GET /pipelines: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
diff:
  description:
    - The pipeline before and after the task, in diff mode (C(--diff)).
    - Each side holds C(name), C(source), C(destination) (names), C(topics) (sorted, without the source prefix),
      C(snapshot_new_tables), and C(tags) (names) when O(tags) is given.
    - An empty dict stands for a pipeline that does not exist (before creation, after deletion).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The pipeline before the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "orders-to-snowflake", "source": "orders-db", "destination": "analytics-snowflake",
               "topics": ["public.orders"], "snapshot_new_tables": false}
    after:
      description: The pipeline after the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "orders-to-snowflake", "source": "orders-db", "destination": "analytics-snowflake",
               "topics": ["public.customers", "public.orders"], "snapshot_new_tables": false}
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.pipeline import PIPELINE, PipelineSpec, pipeline_options
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import reconcile


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(pipeline_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("name", "id")],
        mutually_exclusive=[("source", "source_id"), ("destination", "destination_id")],
        supports_check_mode=True,
    ).run(PipelineSpec.from_params, reconcile(PIPELINE))


if __name__ == "__main__":
    main()
