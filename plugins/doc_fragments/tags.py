# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The tags/purge_tags options of every taggable kind (sources, destinations, ...).
    # The argument spec lives in plugins/module_utils/resource.py (tag_options).
    DOCUMENTATION = r"""
options:
  tags:
    description:
      - Tags the entity should carry, each given by its exact name (case-sensitive) or its id.
      - Names are resolved to ids with one C(GET /tags) per task. A name or id no tag has fails the task before
        anything is written, naming it; create the tag first with M(streamkap.cloud.streamkap_tag).
        In check mode it is a warning instead (an earlier task of the same check run may create it), and the
        predicted entity carries it by name.
      - A value that is one tag's id and another tag's name is refused, naming both.
      - When not given, the entity's tags are left as they are.
      - Tags are compared as a set, so their order never counts. A difference in tags alone is a change,
        written with the same C(PUT) as any other update and shown by name in the diff.
    type: list
    elements: str
    version_added: 1.1.0
  purge_tags:
    description:
      - With V(true), the entity's tags become exactly O(tags); system tags (C(system=true), such as
        C(Development)) the entity already holds are kept, since they belong to the service.
        O(tags=[]) then removes every tag but those.
      - With V(false), the tags in O(tags) are added and the tags the entity already holds are kept.
      - Ignored when O(tags) is not given.
    type: bool
    default: true
    version_added: 1.1.0
"""
