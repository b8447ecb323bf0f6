# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test data and helpers for the unit tests (fixtures are in conftest.py)."""

from __future__ import annotations

import typing as t

import responses

API_URL = "https://api.streamkap.test"
TOKEN = "tok-static-7f3a"
CLIENT_ID = "cid-1234"
CLIENT_SECRET = "csecret-9b8c"
DB_PASSWORD = "pw-Sup3rS3cret"

STREAMKAP_ENV_VARS = (
    "STREAMKAP_API_URL",
    "STREAMKAP_HOST",
    "STREAMKAP_ACCESS_TOKEN",
    "STREAMKAP_CLIENT_ID",
    "STREAMKAP_CLIENT_SECRET",
    "STREAMKAP_SECRET",
)


def make_source(name: str, source_id: str, **fields: t.Any) -> dict[str, t.Any]:
    """A source object shaped like the API's answer."""
    obj: dict[str, t.Any] = {
        "name": name,
        "connector": "postgresql",
        "id": source_id,
        "connector_display_name": "PostgreSQL",
        "created_timestamp": "2026-01-15T10:42:07+00:00",
        "sub_id": "sub-1",
        "tenant_id": "tenant-1",
        "service_id": "service-1",
        "config": {"database.hostname.user.defined": "db.example.com", "database.port.user.defined": "5432"},
        "topic_ids": [],
        "topic_map": {},
        "topics": [f"source_{source_id}.public.orders"],
        "tasks": [0],
        "connector_status": "Active",
        "desired_state": "Active",
        "task_statuses": {},
        "kc_cluster_id": None,
        "tags": [],
    }
    obj.update(fields)
    return obj


def list_page(items: list[dict[str, t.Any]], page: int = 1, has_next: bool = False, page_size: int = 100, total: int | None = None) -> dict[str, t.Any]:
    """The GET /sources envelope."""
    return {
        "result": items,
        "page": page,
        "page_size": page_size,
        "total": len(items) if total is None else total,
        "has_next": has_next,
    }


def calls_to(mock: responses.RequestsMock, method: str, path: str) -> list[t.Any]:
    """Recorded calls with this method and path (query string ignored)."""
    return [
        call for call in mock.calls
        if call.request.method == method and call.request.path_url.split("?")[0] == path
    ]
