# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Test data and helpers for the unit tests (fixtures are in conftest.py)."""

from __future__ import annotations

import typing as t

import responses
from responses import matchers

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


def sent_with(mock: responses.RequestsMock, index: int = -1) -> dict[str, t.Any]:
    """What requests was asked to send a recorded call with, the environment merged in: verify, timeout, proxies."""
    kwargs = mock.calls[index].request.req_kwargs
    return {"verify": kwargs["verify"], "timeout": kwargs["timeout"], "proxies": kwargs["proxies"]}


def calls_to(mock: responses.RequestsMock, method: str, path: str) -> list[t.Any]:
    """Recorded calls with this method and path (query string ignored)."""
    return [
        call for call in mock.calls
        if call.request.method == method and call.request.path_url.split("?")[0] == path
    ]


def schema_prop(name: str, control: str = "string", **fields: t.Any) -> dict[str, t.Any]:
    """One property definition shaped like the GET /sources/connectors answer."""
    value = {"control": control, "type": "raw", "default": fields.pop("default", None),
             "raw_values": fields.pop("raw_values", None)}
    prop = {"name": name, "description": name, "display_name": name, "user_defined": True, "required": False,
            "encrypt": False, "set_once": False, "tab": "Settings", "conditions": [], "value": value}
    prop.update(fields)
    return prop


# A PostgreSQL-like schema: enough keys for the unit tests, with every rule the module checks.
PG_SCHEMA = [
    schema_prop("database.hostname.user.defined", required=True),
    schema_prop("database.hostname", user_defined=False),
    schema_prop("database.port.user.defined", "number", default=5432),
    schema_prop("database.user", required=True),
    schema_prop("database.password", "password", required=True, encrypt=True),
    schema_prop("database.dbname"),
    schema_prop("heartbeat.enabled", "toggle", default=True),
    schema_prop("database.sslmode", "one-select", default="require", raw_values=["require", "disable"]),
    schema_prop("slot.name", default="streamkap_pgoutput_slot", set_once=True),
    schema_prop("publication.name", default="streamkap_pub", set_once=True),
    schema_prop("ssh.enabled", "toggle", default=False),
    schema_prop("ssh.host", required=True, conditions=[{"operator": "EQ", "config": "ssh.enabled", "value": True}]),
    schema_prop("db.pin", "password"),
]


def answer_schema(mock: responses.RequestsMock, props: list[dict[str, t.Any]] | None = None,
                  connector: str = "postgresql", shape: str = "list") -> None:
    """Register GET /sources/connectors?connector_code=<connector> in one of its two documented shapes."""
    props = PG_SCHEMA if props is None else props
    body = {"PostgreSQL": props} if shape == "list" else {"PostgreSQL": {"config": props}}
    mock.get(f"{API_URL}/sources/connectors", json=body,
             match=[matchers.query_param_matcher({"connector_code": connector})])


def with_spec_defaults(argument_spec: dict[str, dict[str, t.Any]], **given: t.Any) -> dict[str, t.Any]:
    """Module parameters as AnsibleModule hands them over: every option, the spec's defaults applied."""
    params = {name: option.get("default") for name, option in argument_spec.items()}
    params.update(given)
    return params


def transport_params(**given: t.Any) -> dict[str, t.Any]:
    """The auth/transport parameters a module passes to client_from_params (see with_spec_defaults)."""
    # Imported here: helpers is imported before the collection path is set up in some tests.
    from ansible_collections.streamkap.cloud.plugins.module_utils.common import auth_argument_spec

    return with_spec_defaults(auth_argument_spec(), **given)


def source_params(**given: t.Any) -> dict[str, t.Any]:
    """streamkap_source's parameters as AnsibleModule hands them over (see with_spec_defaults)."""
    # Imported here, like transport_params.
    from ansible_collections.streamkap.cloud.plugins.modules import streamkap_source

    return with_spec_defaults(streamkap_source.argument_spec(), **given)


def source_spec(**given: t.Any) -> t.Any:
    """A SourceSpec as streamkap_source builds it from source_params(**given), without its checks."""
    import dataclasses

    from ansible_collections.streamkap.cloud.plugins.module_utils.source import SourceSpec

    fields = {field.name for field in dataclasses.fields(SourceSpec)}
    return SourceSpec(**{name: value for name, value in source_params(**given).items() if name in fields})
