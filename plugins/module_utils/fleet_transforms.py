# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Transforms in the fleet: the shape of an entry (a type, a config without the name, the code).

Everything else is the fleet's (fleet.py) and the engine's, through the transform's hooks (transform.py).
"""

from __future__ import annotations

import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import transform
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import FleetKind, entry_options

Entity = t.Dict[str, t.Any]

ENTRY_KEYS = ("name", "id", "type", "config", "implementation", "deploy", "replay_window", "wait", "wait_timeout",
              "tags", "purge_tags")


def gathered_entry(entity: Entity) -> Entity:
    """A transform as an entry: its type, the config keys of its type (the name aside) and its code, nulls left
    out (text Ansible would template is escaped by the fleet, see fleet.escaped)."""
    known = transform.known_keys(entity.get("transform_type")) - {transform.NAME_KEY}
    config = {key: value for key, value in (entity.get("config") or {}).items()
              if key in known and value is not None}
    entry: Entity = {"name": entity.get("name"), "type": entity.get("transform_type"), "config": config}
    code = {key: value for key, value in (entity.get("implementation") or {}).items()
            if value is not None}
    if code:
        entry["implementation"] = code
    return entry


def rendered_body(spec: transform.TransformSpec) -> Entity:
    """The create body, with the code the PUT after it would carry; tags are the fleet's."""
    body = spec.create_body(transform.TRANSFORM)
    if spec.implementation is not None:
        body["implementation"] = spec.implementation
    return body


TRANSFORMS = FleetKind(
    kind=transform.TRANSFORM,
    spec_class=transform.TransformSpec,
    entry_options=entry_options(transform.transform_options(), ENTRY_KEYS),
    gathered_entry=gathered_entry,
    rendered_body=rendered_body,
    result_fields=("job_status",),
)
