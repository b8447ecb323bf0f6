#!/usr/bin/python
# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: streamkap_tag
short_description: Manage Streamkap tags
version_added: 1.1.0
description:
  - Creates, updates and deletes Streamkap tags, the labels sources, destinations and pipelines carry
    (see the O(streamkap.cloud.streamkap_source#module:tags) option of the modules that manage them).
  - The tag is addressed by its exact O(name), or by its O(id).
  - System tags (C(system=true), such as C(Development)) belong to the service; they are never changed or deleted,
    and asking to fails the task.
options:
  name:
    description:
      - Name of the tag. Names are unique; matching is exact and case-sensitive.
      - With O(id) set too, a different name renames the tag.
      - Required to create a tag. At least one of O(name) and O(id) is required.
      - A name that is the id of another tag is refused before any write - tags are referred to by name or id alike
        (the C(tags) option of the modules that manage entities, C(scope.tag)), so that reference would mean two tags.
    type: str
  id:
    description:
      - Identifier of an existing tag, looked up with C(GET /tags/{id}).
    type: str
  description:
    description:
      - Free text describing the tag. Compared and updated only when given.
    type: str
  type:
    description:
      - What the tag applies to. Compared as a set and updated only when given.
      - When creating a tag without it, the service chooses (V(general)).
    type: list
    elements: str
    choices: [environment, general, sources, destinations, pipelines, transforms, topics, services, users, tenant]
  state:
    description:
      - V(present) creates the tag when it does not exist, and updates it where it differs from the options.
      - V(absent) deletes it; the service also takes it off every entity that carries it. A tag that does not exist is fine.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - streamkap.cloud.auth
  - streamkap.cloud.attributes
  - streamkap.cloud.attributes.action_group
attributes:
  check_mode:
    support: full
    details: Reports whether the tag would be created, updated or deleted, and the would-be tag, without writing.
  diff_mode:
    support: full
    details: Shows the name, description and types before and after.
notes:
  - The tag is found with C(GET /tags/{id}) when O(id) is given, otherwise with C(GET /tags?tag_name=<name>), keeping only
    exact name matches. A run that changes nothing costs that one lookup.
  - Creating a tag, or renaming one, to a name an id could be (letters, digits, C(_), C(-), C(.), C(~), C(:)) reads the
    tag list once more (C(GET /tags)) to make sure no other tag has that id.
  - A tag is never created twice; a create answered C(already exists) converges on the tag found by name.
seealso:
  - module: streamkap.cloud.streamkap_tag_info
  - module: streamkap.cloud.streamkap_destination
  - module: streamkap.cloud.streamkap_source
author:
  - Streamkap Ansible collection contributors (@streamkap-com)
"""

EXAMPLES = r"""
- name: Make sure the production tag exists
  streamkap.cloud.streamkap_tag:
    name: production
    description: Pipelines that feed production reports
    type: [environment]
    access_token: "{{ streamkap_access_token }}"
  register: production

- name: Tag a destination with it, by name
  streamkap.cloud.streamkap_destination:
    name: analytics
    tags: [production]

- name: Rename a tag, addressing it by id
  streamkap.cloud.streamkap_tag:
    id: "{{ production.tag.id }}"
    name: prod

- name: Delete a tag (the service takes it off every entity)
  streamkap.cloud.streamkap_tag:
    name: prod
    state: absent
"""

RETURN = r"""
tag:
  description:
    - The tag as the Streamkap API returned it (after creation or update, as found, or as deleted).
    - An empty dict when O(state=absent) and the tag did not exist.
    - In check mode, the would-be tag (with C(id) V(null) for a tag to be created).
  returned: success
  type: dict
  contains:
    id:
      description: Identifier of the tag; null in check mode when the tag would be created.
      type: str
      returned: success
      sample: 6650f1c2a9d3e4b5c6d7e8fb
    name:
      description: Name of the tag.
      type: str
      returned: success
      sample: production
    description:
      description: Free text describing the tag.
      type: str
      returned: success
      sample: Pipelines that feed production reports
    type:
      description: What the tag applies to.
      type: list
      elements: str
      returned: success
      sample: [environment]
    system:
      description: Whether the tag belongs to the service (read-only; such a tag cannot be changed or deleted).
      type: bool
      returned: success
      sample: false
    custom:
      description: Whether the tag was created by a user.
      type: bool
      returned: success
      sample: true
api_retries:
  description:
    - One line per repeated API call (method, path, reason, attempt and wait), for example after an HTTP 429 or 503.
    - Returned when the task runs with C(-vvv) or more, on success and on failure; an empty list when nothing was repeated.
  returned: when verbosity is 3 or more (-vvv)
  type: list
  elements: str
  sample: ["Streamkap API GET /tags: HTTP 503 (HTTP 503 (non-JSON body)); retry 1 of 5 in 0.84 s"]
diff:
  description:
    - The tag before and after the task, in diff mode (C(--diff)); each side holds C(name), C(description) and C(type).
    - An empty dict stands for a tag that does not exist (before creation, after deletion).
  returned: when diff mode is on
  type: dict
  sample: {"before": {"name": "production", "description": "", "type": ["general"]},
           "after": {"name": "production", "description": "", "type": ["environment"]}}
  contains:
    before:
      description: The tag before the task.
      type: dict
      returned: when diff mode is on
    after:
      description: The tag after the task.
      type: dict
      returned: when diff mode is on
    before_header:
      description: The kind and the name of the tag before the task, which Ansible prints above the before side of the diff.
      type: str
      returned: when diff mode is on
      sample: tag production
    after_header:
      description: The kind and the name of the tag after the task (its new name after a rename), printed above the after side.
      type: str
      returned: when diff mode is on
      sample: tag production
"""

from ansible_collections.streamkap.cloud.plugins.module_utils.common import StreamkapModule, auth_argument_spec
from ansible_collections.streamkap.cloud.plugins.module_utils.resource import STATE_CHOICES, reconcile
from ansible_collections.streamkap.cloud.plugins.module_utils.tag import TAG, TagSpec
from ansible_collections.streamkap.cloud.plugins.module_utils.tagging import TAG_TYPES


def argument_spec() -> dict:
    spec = auth_argument_spec()
    spec.update(
        name={"type": "str"},
        id={"type": "str"},
        description={"type": "str"},
        type={"type": "list", "elements": "str", "choices": list(TAG_TYPES)},
        state={"type": "str", "choices": list(STATE_CHOICES), "default": "present"},
    )
    return spec


def main() -> None:
    StreamkapModule(
        argument_spec=argument_spec(),
        required_one_of=[("name", "id")],
        supports_check_mode=True,
    ).run(TagSpec.from_params, reconcile(TAG))


if __name__ == "__main__":
    main()
