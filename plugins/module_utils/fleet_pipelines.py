# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Pipelines in the fleet: the shape of an entry, which is not a connector config.

Everything else is the fleet's (fleet.py) and the engine's, through the pipeline's hooks (pipeline.py).
"""

from __future__ import annotations

import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils import pipeline
from ansible_collections.streamkap.cloud.plugins.module_utils.destination import DESTINATION
from ansible_collections.streamkap.cloud.plugins.module_utils.fleet import ENTRY_KEYS, FleetKind, entry_options
from ansible_collections.streamkap.cloud.plugins.module_utils.source import SOURCE

Entity = t.Dict[str, t.Any]


def gathered_entry(entity: Entity) -> Entity:
    """A pipeline as an entry: its ends by name, its topics without the source's prefix, and its routes through
    transforms (when it has any) by transform id, which a rename of the transform does not change."""
    entry: Entity = {
        "name": entity.get("name"),
        "source": (entity.get("source") or {}).get("name"),
        "destination": (entity.get("destination") or {}).get("name"),
        "topics": pipeline.pipeline_topics(entity),
    }
    if entity.get("snapshot_new_tables") is not None:
        entry["snapshot_new_tables"] = entity["snapshot_new_tables"]
    routes: dict[str, list[str]] = {}
    for item in entity.get("transforms") or ():
        routes.setdefault(str(item.get("id")), []).append(str(pipeline.route_topic(item)))
    if routes:
        entry["transforms"] = [{"transform": transform_id, "topics": topics} for transform_id, topics in routes.items()]
    discovery = [{"transform": str(item.get("transform_id")), "regex": item.get("regex")}
                 for item in entity.get("topic_auto_discovery_transforms") or ()]
    if discovery:
        entry["topic_auto_discovery_transforms"] = discovery
    return entry


def rendered_body(spec: pipeline.PipelineSpec) -> Entity:
    """The create body without a request: the ends as the entry names them (ids unknown); tags are the fleet's."""
    ends = [{"id": end.id, "name": end.name} for end in (spec.source, spec.destination)]
    return pipeline.create_body(spec, ends[0], ends[1])


PIPELINES = FleetKind(
    kind=pipeline.PIPELINE,
    spec_class=pipeline.PipelineSpec,
    entry_options=entry_options(pipeline.pipeline_options(), ENTRY_KEYS + pipeline.ROUTE_FIELDS),
    references={"source": SOURCE, "destination": DESTINATION},
    gathered_entry=gathered_entry,
    rendered_body=rendered_body,
    result_fields=("connector_status",),
)
