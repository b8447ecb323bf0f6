# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Destinations: the resource descriptor; everything else is the resource engine's (resource.py)."""

from __future__ import annotations

from ansible_collections.streamkap.cloud.plugins.module_utils import resource

DESTINATION = resource.ResourceKind(
    path="/destinations",
    noun="destination",
    result_key="destination",
    schema_path="/destinations/connectors",
    secrets_kind="destinations",
    taggable=True,
    redeployable=True,
    used_by=(resource.UsedBy("/pipelines", "destination_id", "pipeline", "streamkap.cloud.streamkap_pipeline", "destination"),),
)


class DestinationSpec(resource.ResourceSpec):
    """What the user asked of one destination."""

    noun = "destination"
