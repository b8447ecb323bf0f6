#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_health
short_description: Gate a deploy on the health of Streamkap pipelines
version_added: 1.2.0
description:
  - Checks that pipelines, and everything they run on, are healthy; fails the task, naming every unhealthy entity
    and why, when they are not. Meant as the gate of a deploy pipeline or an AWX workflow ("after this deploy, wait
    until lag is back under 1,000, or roll back").
  - Healthy means that each pipeline's latest metrics say V(Active) and stay within O(max_lag) and O(max_latency_ms),
    that its source's and its destination's C(connector_status) is V(Active), and that each transform it routes topics
    through has its job V(RUNNING).
  - A pipeline the service has no metrics for yet is unhealthy.
  - It never changes anything (C(changed=false)).
options:
  pipelines:
    description:
      - Pipelines to check, each by exact name or by id. One that does not exist fails the task before anything is checked.
      - At least one of O(pipelines) and O(scope) is required; with both, the pipelines of either are checked.
    type: list
    elements: str
  scope:
    description:
      - The pipelines to check by name prefix and/or tag (both must hold when both are given). A scope that matches no
        pipeline fails the task, so that a misspelled prefix never passes the gate.
    type: dict
    suboptions:
      name_prefix:
        description: The pipelines whose name starts with this text.
        type: str
      tag:
        description: The pipelines that carry this tag, by exact name or id.
        type: str
  max_lag:
    description:
      - The most records a healthy pipeline may lag behind (its metrics' C(recordsLag)). Not given, lag is not checked.
    type: int
  max_latency_ms:
    description:
      - The highest latency, in milliseconds, of a healthy pipeline (its metrics' C(latency)). Not given, latency is not
        checked.
    type: float
  wait:
    description:
      - Read everything again every O(wait_interval) seconds until all is healthy; fail when O(wait_timeout) passes
        first, naming every entity still unhealthy and why.
      - Without it, one check decides.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait when O(wait=true).
    type: int
    default: 600
  wait_interval:
    description:
      - Seconds between two checks when O(wait=true) (0.5 to 3600).
    type: float
    default: 15
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details: It only reads, so check mode runs it the same way, waiting included.
  diff_mode:
    support: N/A
    details: It changes nothing.
notes:
  - Each check reads the pipelines (their answers embed their source and destination), each pipeline's latest metrics
    (C(GET /pipelines/{id}/metrics)) and the job status of each transform used (C(GET /transforms/{id}/job_status)),
    four at a time.
seealso:
  - module: streamkap.cloud.streamkap_pipeline_info
    description: O(streamkap.cloud.streamkap_pipeline_info#module:metrics=true) returns the same metrics without judging them.
  - module: streamkap.cloud.streamkap_snapshot
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: After the deploy, wait until the orders pipelines are healthy and their lag is back under 1,000
  streamkap.cloud.streamkap_health:
    scope:
      name_prefix: orders-
    max_lag: 1000
    max_latency_ms: 60000
    wait: true
    wait_timeout: 900
    wait_interval: 30

- name: Gate on two pipelines, roll back when they are not healthy
  block:
    - name: Check them
      streamkap.cloud.streamkap_health:
        pipelines: [orders-to-snowflake, customers-to-snowflake]
        max_lag: 1000
  rescue:
    - name: Roll back
      ansible.builtin.include_tasks: rollback.yml
"""

RETURN = r"""
healthy:
  description: Whether every entity checked is healthy. Also returned when the task fails for being unhealthy.
  returned: success, and when unhealthy
  type: bool
  sample: true
msg:
  description: One sentence saying that all are healthy, or naming every unhealthy entity and why.
  returned: always
  type: str
  sample: "1 of 3 entities are unhealthy: pipeline 'orders-to-snowflake' (id 6650f1c2a9d3e4b5c6d7e901): records lag is 5000 records, over max_lag 1000."
entities:
  description:
    - Every entity checked, each once - each pipeline, then its source, its destination and the transforms it uses.
  returned: success, and when unhealthy
  type: list
  elements: dict
  contains:
    kind:
      description: V(pipeline), V(source), V(destination) or V(transform).
      type: str
      sample: pipeline
    name:
      description: Its name.
      type: str
      sample: orders-to-snowflake
    id:
      description: Its id.
      type: str
      sample: 6650f1c2a9d3e4b5c6d7e901
    status:
      description: The status it was judged by - a pipeline's metrics status, a source's or destination's C(connector_status), a transform's job status.
      type: str
      sample: Active
    lag:
      description: A pipeline's records lag (null for the other kinds, and without metrics).
      type: int
      sample: 120
    latency:
      description: A pipeline's latency in milliseconds (null for the other kinds, and without metrics).
      type: float
      sample: 850
    healthy:
      description: Whether it has no problem.
      type: bool
      sample: true
    problems:
      description: One sentence per problem; empty when healthy.
      type: list
      elements: str
      sample: ["its connector_status is Broken, not Active (task 0: FAILED (org.apache.kafka.connect.errors.ConnectException: ...))"]
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (C(-vvv))
  type: list
  elements: str
  sample: ["Streamkap API GET /pipelines: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.gate import HealthSpec, check_health, health_options


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(health_options())
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("pipelines", "scope")],
        supports_check_mode=True,
    ).run(HealthSpec.from_params, check_health)


if __name__ == "__main__":
    main()
