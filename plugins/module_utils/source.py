# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The source service: find a Streamkap source by name and create it when absent.

Later steps add update (PUT), delete, actions (pause/resume) and wait as methods of
SourceService; SourceSpec grows `id` and the drift options.
"""

from __future__ import annotations

import dataclasses
import typing as t

from ansible.module_utils.common.validation import check_type_dict

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    StreamkapClient,
    StreamkapError,
)

SOURCES_PATH = "/sources"
CREATED_FROM_CHOICES = ("api", "web", "terraform")
DESIRED_STATE_CHOICES = ("Pending", "Active", "Paused", "Stopped")
SECRET_MASK = "********"

# Substrings that make a config key secret-looking (case-insensitive). The connector
# schema's `encrypt` flag is authoritative; this list guards before the schema is known.
SECRET_KEY_MARKERS = ("password", "secret", "key.id", "access.key", "connection.string", "token", "private.key")


# --- Assumptions about the API ([guess] in the contract; see docs/api-assumptions.md) ---

def action_path(source_id: str, action: str) -> str:
    """[guess] Path of a source action (pause, resume, restart, stop); known from a backend audit only."""
    return f"{SOURCES_PATH}/{source_id}/actions/{action}"


# --- secret handling (moves to config.py's redaction helpers once they exist) ---

def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return any(marker in lowered for marker in SECRET_KEY_MARKERS)


def _as_config_dict(config: t.Any) -> dict[str, t.Any]:
    """The config as a dict, also from the raw (not yet validated) module parameter."""
    if isinstance(config, dict):
        return config
    if isinstance(config, str) and config:
        try:
            return check_type_dict(config)
        except (TypeError, ValueError):
            return {}
    return {}


def secret_config_values(config: t.Any) -> set[str]:
    """The values of secret-looking keys in a user's config, as strings for no_log_values."""
    values = set()
    for key, value in _as_config_dict(config).items():
        if is_secret_key(str(key)) and value is not None and value != "":
            values.add(str(value))
    return values


def mask_secret_config(config: t.Any) -> t.Any:
    """A copy of config with every non-empty secret-looking value replaced by SECRET_MASK.

    The API withholds secrets itself when secret_returned is false (by omitting, nulling
    or masking them); this guards against an echo anyway.
    """
    if not isinstance(config, dict):
        return config
    return {
        key: SECRET_MASK if is_secret_key(str(key)) and value not in (None, "") else value
        for key, value in config.items()
    }


def redact_source(source: dict[str, t.Any], secret_returned: bool) -> dict[str, t.Any]:
    """The source object to return to the user: secret config values masked unless asked for."""
    if secret_returned or not isinstance(source, dict):
        return source
    return dict(source, config=mask_secret_config(source.get("config")))


# --- the service ---

@dataclasses.dataclass(frozen=True)
class SourceSpec:
    """What the user asked for, from the module parameters."""

    name: str
    connector: str | None = None
    config: dict[str, t.Any] | None = None
    created_from: str = "api"
    desired_state: str | None = None
    secret_returned: bool = False

    @classmethod
    def from_params(cls, params: dict[str, t.Any]) -> SourceSpec:
        return cls(
            name=params["name"],
            connector=params.get("connector"),
            config=params.get("config"),
            created_from=params.get("created_from") or "api",
            desired_state=params.get("desired_state"),
            secret_returned=bool(params.get("secret_returned")),
        )

    def missing_for_create(self) -> list[str]:
        return [option for option in ("connector", "config") if getattr(self, option) is None]

    def create_body(self) -> dict[str, t.Any]:
        """The POST /sources body: only the fields the user set, plus created_from."""
        body: dict[str, t.Any] = {
            "name": self.name,
            "connector": self.connector,
            "config": self.config,
            "created_from": self.created_from,
        }
        if self.desired_state is not None:
            body["desired_state"] = self.desired_state
        return body

    def predicted_source(self) -> dict[str, t.Any]:
        """The would-be object shown in check mode: the desired body, no id, secrets masked."""
        body = self.create_body()
        return dict(body, id=None, config=mask_secret_config(body["config"]))


class SourceService:
    """Operations on Streamkap sources. Raises StreamkapError (or its StreamkapApiError)."""

    def __init__(self, client: StreamkapClient) -> None:
        self.client = client

    def find_by_name(self, name: str, secret_returned: bool = False) -> dict[str, t.Any] | None:
        """The source whose name equals `name` exactly (case-sensitive), or None.

        `partial_name` is a substring filter, so every page is read and matched here.
        Names are unique per tenant; more than one match means something is off and
        nothing should be changed.
        """
        params = {"partial_name": name, "secret_returned": _query_bool(secret_returned)}
        matches = [item for item in self.client.paginate(SOURCES_PATH, params=params) if item.get("name") == name]
        if len(matches) > 1:
            ids = ", ".join(str(item.get("id")) for item in matches)
            raise StreamkapError(
                f"{len(matches)} sources are named {name!r} (ids: {ids}); names should be unique. "
                "Nothing was changed: remove or rename the duplicates first."
            )
        return matches[0] if matches else None

    def create(self, spec: SourceSpec) -> dict[str, t.Any]:
        """POST /sources; return the API's answer."""
        params = {"secret_returned": _query_bool(spec.secret_returned)}
        return self.client.post(SOURCES_PATH, body=spec.create_body(), params=params)

    def ensure_present(self, spec: SourceSpec, check_mode: bool = False) -> dict[str, t.Any]:
        """Create the source when no source has its name. Returns {"changed", "source"}."""
        current = self.find_by_name(spec.name, secret_returned=spec.secret_returned)
        if current is not None:
            return {"changed": False, "source": redact_source(current, spec.secret_returned)}

        missing = spec.missing_for_create()
        if missing:
            raise StreamkapError(
                f"Source {spec.name!r} does not exist, and creating it needs: {', '.join(missing)}."
            )
        if check_mode:
            return {"changed": True, "source": spec.predicted_source()}
        created = self.create(spec)
        return {"changed": True, "source": redact_source(created, spec.secret_returned)}

    def run(self, state: str, spec: SourceSpec, check_mode: bool = False) -> dict[str, t.Any]:
        """Dispatch on `state`; `absent` joins here later."""
        if state == "present":
            return self.ensure_present(spec, check_mode=check_mode)
        raise StreamkapError(f"state={state} is not supported.")


def _query_bool(value: bool) -> str:
    # FastAPI reads lowercase booleans; requests would send "True".
    return "true" if value else "false"
