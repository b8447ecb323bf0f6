#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_pipelines
short_description: Manage many Streamkap pipelines in one task
version_added: 1.1.0
description:
  - Manages a whole set of Streamkap pipelines declaratively, with the states of Ansible's network resource modules
    (V(merged), V(replaced), V(overridden), V(deleted), V(gathered), V(rendered)).
  - The pipelines are read once for the whole task (every page, 100 a page); each entry is then planned against
    that read exactly as M(streamkap.cloud.streamkap_pipeline) would plan it, and the writes run in parallel, up to
    O(max_concurrent_writes) at a time, sharing one access token.
  - The sources and destinations the entries name are resolved against one read of each kind per task, made only
    when an entry needs it (a pipeline to create); the transforms its routes name against one read of every
    transform, made only when an entry gives routes.
  - A pipeline has no connector configuration, so V(replaced) is V(merged) here - its topics are always compared
    as a whole set.
options:
  config:
    description:
      - The pipelines, each in the shape of the options of M(streamkap.cloud.streamkap_pipeline).
      - With O(state=deleted) only O(config[].name) (or O(config[].id)) matters.
      - Names must be unique within the list.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Exact name of the pipeline; it identifies the pipeline unless O(config[].id) is given.
        type: str
        required: true
      id:
        description:
          - Identifier of an existing pipeline. With a different O(config[].name), the pipeline is renamed.
        type: str
      source:
        description:
          - Exact name of the source the pipeline reads. Required (or O(config[].source_id)) to create a pipeline.
        type: str
      source_id:
        description:
          - Identifier of the source, instead of O(config[].source).
        type: str
      destination:
        description:
          - Exact name of the destination the pipeline writes to. Required (or O(config[].destination_id)) to create.
        type: str
      destination_id:
        description:
          - Identifier of the destination, instead of O(config[].destination).
        type: str
      topics:
        description:
          - The source's topics the pipeline carries, without the C(source_<id>.) prefix, for example V(public.orders).
            Compared as a set. Required to create a pipeline.
        type: list
        elements: str
      snapshot_new_tables:
        description:
          - Whether tables added later are snapshotted.
        type: bool
      transforms:
        description:
          - Routes through transforms, as O(streamkap.cloud.streamkap_pipeline#module:transforms) takes them. Not given,
            the pipeline's routes are left alone. The transforms are read once for the whole task.
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
          - Transforms whose matching output topics the pipeline picks up by itself, as
            O(streamkap.cloud.streamkap_pipeline#module:topic_auto_discovery_transforms) takes them.
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
      created_from:
        description:
          - Origin recorded on the pipeline when it is created (default V(api)).
        type: str
        choices: [api, web, terraform]
      tags:
        description:
          - Tags of the pipeline, by name or id, as for M(streamkap.cloud.streamkap_pipeline). Not given, the
            pipeline's tags are left alone. The tags are read once for the whole task.
        type: list
        elements: str
      purge_tags:
        description:
          - With V(true) (the default) the pipeline holds exactly O(config[].tags) (system tags are kept);
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
      - Shows the changed pipelines only, keyed by name, before and after, as the singular module shows one;
        secret values are shown as C(********), and one the task changes as C(******** (changed)) after.
notes:
  - The pipelines are read with C(GET /pipelines), every page; the sources and destinations named by entries to
    create with C(GET /sources) and C(GET /destinations), every page, once each.
  - O(update_secrets), O(validate_config) and the wait options do not apply to pipelines.
seealso:
  - module: streamkap.cloud.streamkap_pipeline
  - module: streamkap.cloud.streamkap_pipeline_info
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Make sure the shop pipelines exist (others are left alone)
  streamkap.cloud.streamkap_pipelines:
    config:
      - name: shop-orders-to-analytics
        source: shop-orders
        destination: analytics
        topics: [public.orders, public.customers]
      - name: shop-billing-to-analytics
        source: shop-billing
        destination: analytics
        topics: [billing.invoices]
        snapshot_new_tables: true
  register: shop_pipelines

- name: Keep exactly these pipelines among those named shop-* (others named shop-* are deleted)
  streamkap.cloud.streamkap_pipelines:
    state: overridden
    scope:
      name_prefix: shop-
    config: "{{ shop_pipelines_wanted }}"
"""

RETURN = r"""
results:
  description:
    - One item per entry of O(config), in order, then one per pipeline deleted for not being listed.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: list
  elements: dict
  contains:
    name:
      description: Name of the pipeline.
      type: str
      sample: shop-orders-to-analytics
    id:
      description: Identifier of the pipeline; null for one only planned for creation (check mode) or not created.
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
      sample: "Pipeline 'shop-orders-to-analytics' cannot be created: source 'shop-orders' does not exist."
    connector_status:
      description: The pipeline's status as last seen.
      type: str
      sample: Active
summary:
  description: How many entries had each action.
  returned: unless O(state) is V(gathered) or V(rendered)
  type: dict
  sample: {"created": 1, "updated": 0, "deleted": 0, "unchanged": 4, "failed": 0}
gathered:
  description:
    - The pipelines in O(scope), in the shape of O(config) - name, source and destination by name, topics without
      their prefix, C(snapshot_new_tables), tags (ids), and the routes through transforms (by transform id) when
      there are some.
    - Applying it with O(state=merged) or O(state=replaced) changes nothing.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "shop-orders-to-analytics", "source": "shop-orders", "destination": "analytics",
            "topics": ["public.orders"], "snapshot_new_tables": false}]
rendered:
  description:
    - The create request body of each entry, with the source and destination as the entry names them.
    - O(config[].tags) appear as given (names or ids) - they are resolved to ids when the entry is applied. An entry
      without O(config[].tags) renders no C(tags), as its write sends none.
  returned: when O(state=rendered)
  type: list
  elements: dict
  sample: [{"name": "shop-orders-to-analytics", "created_from": "api", "tags": ["production"],
            "source": {"id": null, "name": "shop-orders", "connector": null, "topics": ["public.orders"]},
            "destination": {"id": null, "name": "analytics", "connector": null}}]
tags_in_use:
  description:
    - The ids of the tags the pipelines of the tenant carry once the task is done (in check mode, would carry), sorted.
      Every pipeline the read found counts, in O(scope) or not, except those the task deletes and those already being
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
  sample: ["Streamkap API POST /pipelines: HTTP 429 (Too Many Requests); retry 1 of 5 in 1.00 s"]
diff:
  description: The changed pipelines before and after, keyed by name, in diff mode.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Each changed pipeline before the task (absent for one to be created).
      type: dict
      returned: when diff mode is on
      sample: {"shop-orders-to-analytics": {"name": "shop-orders-to-analytics", "topics": ["public.orders"]}}
    after:
      description: Each changed pipeline after the task (absent for one to be deleted).
      type: dict
      returned: when diff mode is on
      sample: {"shop-orders-to-analytics": {"name": "shop-orders-to-analytics", "topics": ["public.orders", "public.customers"]}}
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import FleetModule
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet_pipelines import PIPELINES


def main() -> None:
    FleetModule(PIPELINES).run_fleet()


if __name__ == "__main__":
    main()
