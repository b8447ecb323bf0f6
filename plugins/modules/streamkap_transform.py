#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_transform
short_description: Manage Streamkap transforms and deploy their jobs
version_added: 1.2.0
description:
  - Manages a Streamkap transform, a streaming job that reads the topics matching a pattern, runs your code on
    each record and writes to output topics. A pipeline then carries some of its output topics into a destination
    (see the O(streamkap.cloud.streamkap_pipeline#module:transforms) option of M(streamkap.cloud.streamkap_pipeline)).
  - It creates the transform, keeps its config and code in line, deploys its job and waits for it to run, and
    deletes the transform.
  - The transform is addressed by its exact O(name), or by its O(id).
  - Seven types exist - V(map_filter), V(enrich), V(enrich_async), V(sql_join), V(rollup) and V(fan_out) run on Flink,
    V(topic_router) on Kafka Connect. The type is chosen at creation and never changes.
options:
  name:
    description:
      - Name of the transform. Names are unique per Streamkap tenant and service and identify the transform unless
        O(id) is given. The API keeps it in the config key C(transforms.name).
      - Matching is exact and case-sensitive. With O(id) set too, a different name renames the transform.
      - Required to create a transform. At least one of O(name) and O(id) is required.
    type: str
  id:
    description:
      - Identifier of an existing transform, looked up with C(GET /transforms/{id}).
      - A transform cannot be created with a chosen id; with O(state=present) and an unknown id the module fails.
    type: str
  type:
    description:
      - The transform type. Required to create a transform.
      - It never changes - on an existing transform of another type the module fails before anything is written.
        To switch, delete the transform and create it again.
    type: str
    choices: [map_filter, enrich, enrich_async, sql_join, rollup, fan_out, topic_router]
  config:
    description:
      - The type's C(transforms.*) settings other than the name, for example C(transforms.input.topic.pattern) (a regular
        expression the input topics match; for V(topic_router), comma-separated topic names),
        C(transforms.output.topic.pattern) (the output topic, with C($0), C($1) for the input topic and its groups),
        C(transforms.language), C(transforms.input.serialization.format), C(transforms.input.job.parallelism).
      - Keys are checked before any request against the keys the type has (an unknown key fails, naming the
        nearest one); with O(type) left out, against those of the type of the transform found.
      - Only the keys given are compared, as the API holds them (C(5) and C("5") are the same). The API fills in
        the defaults of the keys it is not given.
    type: dict
  implementation:
    description:
      - The code and its fields, as the type takes them - for V(map_filter) C(language), C(value_transform) (a function
        C(_streamkap_transform(valueObject, keyObject, topic, timestamp)) returning the record, or null to drop it),
        optionally C(key_transform) and C(topic_transform); for V(enrich) C(mainTable), C(lookupTable) and C(enrichSQL);
        for V(sql_join) C(inputTables), C(joinSQL) and C(keyFields); for V(rollup) C(inputTables), C(rollupSQL) and
        C(keyFields).
      - Load code from a file with C(lookup('ansible.builtin.file', 'mask_email.js')).
      - Compared as a subset of the stored code - fields not given, and fields the API stores as null, never count.
        When something differs, the stored code is sent with the fields given laid over it, so fields not given
        are kept (the API replaces the whole code on an update).
      - Not given, the code is left alone (the module sends the stored code back whenever it updates the transform,
        since the API replaces code a write leaves out).
    type: dict
  deploy:
    description:
      - Deploy the transform's job - for Flink types a preview, then live; for V(topic_router) live at once.
      - The job is deployed when the task creates the transform or changes its name, config or code, and when the job
        is not running (never deployed, V(FAILED), V(CANCELED) or V(STOPPED)). A running job of an unchanged transform
        is left alone. A change of tags alone does not deploy.
      - The API has no call to stop or undeploy a job; V(false) leaves a deployed job as it is.
    type: bool
    default: false
  replay_window:
    description:
      - How much history the preview deploy replays, an amount and a unit (V(s), V(m), V(h) or V(d)), for example V(7d),
        V(24h) or V(10m). Left out, the job starts from the latest offset.
      - A malformed or zero window (V(0), V(0d)) fails before any request.
      - Used only when the task deploys, and not by V(topic_router), which has no preview.
    type: str
  wait:
    description:
      - Wait until the job status (C(transform.job_status)) is V(RUNNING).
      - A job that is V(FAILED), V(CANCELED), V(STOPPED), or not deployed (without O(deploy=true)) fails the task
        at once, naming the status; so does O(wait_timeout), naming the last status seen.
      - Also waits on a run that changes nothing. With O(state=absent), waits until the transform is gone.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true).
    type: int
    default: 300
  wait_interval:
    description:
      - Seconds between two reads of the job status when O(wait=true) (0.5 to 3600).
    type: float
    default: 5
  state:
    description:
      - V(present) creates the transform when it does not exist, and updates it where it differs from the options.
      - V(absent) deletes it. A transform that does not exist is fine. A transform a pipeline uses is not deleted - the
        task fails before any C(DELETE), naming the pipelines.
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
      - Reports whether the transform would be created, updated, deployed or deleted, and the would-be object, without
        writing or deploying. The job status is read, not waited for.
  diff_mode:
    support: full
    details:
      - Shows the name, type, config (without the name) and code (each text of several lines as a list of its lines,
        so the lines that change show), and, when O(tags) is given, the tag names.
notes:
  - The transform is found with C(GET /transforms/{id}) when O(id) is given, otherwise with
    C(GET /transforms?partial_name=<name>), reading every page and keeping only exact name matches. Its job status is
    read with C(GET /transforms/{id}/job_status). A run that changes nothing costs these two requests.
  - Creating is one C(POST /transforms) (the API takes no code there), followed, when O(implementation) is given, by
    one C(PUT /transforms) carrying the code. Any other drift is one C(PUT /transforms) carrying the full config and
    the code - the one given, or the stored one when only the config changed.
  - A transform is never created twice; a create whose answer is lost is resolved by looking the name up again.
  - Deleting is C(DELETE /transforms?id=<id>). Whether a pipeline uses the transform is read from C(GET /pipelines),
    every page, since the API has no filter for it.
  - Code in O(implementation) is not treated as secret. Keep credentials out of it, or run the task with C(no_log).
  - See C(docs/transforms.md) in the collection for the full rules.
seealso:
  - module: streamkap.cloud.streamkap_transform_info
    description: List Streamkap transforms and their job statuses.
  - module: streamkap.cloud.streamkap_transforms
    description: Manage many transforms in one task.
  - module: streamkap.cloud.streamkap_pipeline
    description: Route a pipeline's topics through a transform.
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Mask e-mail addresses of the orders topics, deployed and running
  streamkap.cloud.streamkap_transform:
    name: mask-email
    type: map_filter
    config:
      transforms.input.topic.pattern: 'source_.*\.public\.orders'
      transforms.output.topic.pattern: '$0_masked'
    implementation:
      language: JavaScript
      value_transform: "{{ lookup('ansible.builtin.file', 'transforms/mask_email.js') }}"
    deploy: true
    replay_window: 24h
    wait: true
  register: mask

- name: Show its job status and output topics
  ansible.builtin.debug:
    msg: "{{ mask.transform.job_status }}: {{ mask.transform.topics | join(', ') }}"

- name: Route two topics to other names (Kafka Connect, deployed live at once)
  streamkap.cloud.streamkap_transform:
    name: orders-router
    type: topic_router
    config:
      transforms.input.topic.pattern: orders,order_items
      transforms.output.topic.pattern: 'shop_$0'
    deploy: true

- name: Delete the transform (after the pipelines that use it)
  streamkap.cloud.streamkap_transform:
    name: mask-email
    state: absent
"""

RETURN = r"""
transform:
  description:
    - The transform as the Streamkap API returned it (after creation or update, as found, or as deleted), with its job
      status as C(job_status).
    - An empty dict when O(state=absent) and the transform did not exist.
    - In check mode, the would-be object. For a transform to be created, the fields that would be sent, with C(id) set
      to V(null); for an update, the current object with the changes applied.
  returned: success
  type: dict
  contains:
    id:
      description: Identifier of the transform; null in check mode when it would be created.
      type: str
      returned: success
      sample: 6650f1c2a9d3e4b5c6d7e9a1
    name:
      description: Name of the transform.
      type: str
      returned: success
      sample: mask-email
    transform_type:
      description: The transform type.
      type: str
      returned: success
      sample: map_filter
    config:
      description: The config as the API holds it, defaults filled in, the name as C(transforms.name).
      type: dict
      returned: success
      sample: {"transforms.name": "mask-email", "transforms.language": "JavaScript",
               "transforms.input.topic.pattern": "source_.*\\.public\\.orders", "transforms.input.job.parallelism": 5}
    implementation:
      description: The code as the API stores it (fields not set are null).
      type: dict
      returned: success
      sample: {"language": "JavaScript", "value_transform": "function _streamkap_transform(...) {...}",
               "key_transform": null}
    version:
      description: The version of the transform.
      type: int
      returned: success
      sample: 2
    topics:
      description: The transform's output topics.
      type: list
      elements: str
      returned: success
      sample: ["source_6650f1c2a9d3e4b5c6d7e8f9.public.orders_masked"]
    topic_ids:
      description: The output topics' ids (a deployed transform's carry a C(transform_<id>_<version>.) prefix).
      type: list
      elements: str
      returned: success
      sample: ["transform_6650f1c2a9d3e4b5c6d7e9a1_2.source_6650f1c2a9d3e4b5c6d7e8f9.public.orders_masked"]
    tags:
      description: Identifiers of the tags on the transform.
      type: list
      elements: str
      returned: success
      sample: []
    job_status:
      description:
        - The status of the transform's job, for example V(RUNNING), V(DEPLOYING), V(FAILED) or V(STOPPED);
          V(NOT_DEPLOYED) for a transform whose job was never deployed.
        - After a deploy without O(wait), the status read right after it.
      type: str
      returned: when O(state=present)
      sample: RUNNING
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API GET /transforms: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
diff:
  description:
    - The transform before and after the task, in diff mode (C(--diff)).
    - Each side holds C(name), C(type), C(config) (without the name), C(implementation) (a text of several lines as the
      list of its lines) and C(tags) (names) when O(tags) is given.
    - An empty dict stands for a transform that does not exist (before creation, after deletion).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The transform before the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "mask-email", "type": "map_filter", "config": {"transforms.language": "JavaScript"},
               "implementation": {"value_transform": ["function _streamkap_transform(v, k, t, ts) {", "  return v;", "}"]}}
    after:
      description: The transform after the task.
      type: dict
      returned: when diff mode is on
      sample: {"name": "mask-email", "type": "map_filter", "config": {"transforms.language": "JavaScript"},
               "implementation": {"value_transform": ["function _streamkap_transform(v, k, t, ts) {", "  return null;", "}"]}}
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import reconcile
from ansible_collections.streamkap.cloud.plugins.module_utils.transform import TRANSFORM, TransformSpec, transform_options


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(transform_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("name", "id")],
        supports_check_mode=True,
        nested_secrets=lambda params: TRANSFORM.config_secrets(params.get("config"), params.get("type")),
    ).run(TransformSpec.from_params, reconcile(TRANSFORM))


if __name__ == "__main__":
    main()
