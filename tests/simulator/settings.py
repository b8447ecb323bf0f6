"""Settings of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

SECRET_STYLES = ("omit", "null", "mask")
SCHEMA_SHAPES = ("list", "object")

# Settings that POST /_sim/settings may change while the server runs.
RUNTIME_SETTINGS = (
    "token_ttl", "status_delay", "delete_delay", "secret_style", "schema_shape", "job_polls", "snapshot_polls",
    "deploy_polls",
)


@dataclass
class SimSettings:
    """Everything the command line can set. Defaults are the shared demo defaults."""

    host: str = "127.0.0.1"
    port: int = 8000
    client_id: str = "demo-client-id"
    client_secret: str = "demo-client-secret"
    # A static token that never expires; an empty string disables it.
    access_token: str = "demo-access-token"
    token_ttl: float = 3600.0
    status_delay: float = 0.0
    delete_delay: float = 0.0
    secret_style: str = "omit"
    schema_shape: str = "list"
    # job_status reads a deployed transform's job answers DEPLOYING before it runs.
    job_polls: int = 2
    # Source metrics reads a started snapshot's topics answer running (after one pending read) before they complete.
    snapshot_polls: int = 2
    # Reads of a redeployed source or destination that answer Starting before it settles (Active, or Broken again).
    deploy_polls: int = 2
    state_file: str | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        if self.secret_style not in SECRET_STYLES:
            raise ValueError(f"secret_style must be one of {', '.join(SECRET_STYLES)}")
        if self.schema_shape not in SCHEMA_SHAPES:
            raise ValueError(f"schema_shape must be one of {', '.join(SCHEMA_SHAPES)}")
        for name in ("token_ttl", "status_delay", "delete_delay", "job_polls", "snapshot_polls", "deploy_polls"):
            if float(getattr(self, name)) < 0:
                raise ValueError(f"{name} must not be negative")

    def runtime_view(self) -> dict[str, Any]:
        """The run-time changeable settings (no credentials)."""
        return {name: getattr(self, name) for name in RUNTIME_SETTINGS}

    @classmethod
    def field_names(cls) -> set[str]:
        return {field.name for field in fields(cls)}
