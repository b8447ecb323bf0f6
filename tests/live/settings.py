"""What a live run needs before it may start: consent, an API URL, credentials, and an optional
vars file for the chain (source, destination, pipeline). Read once by the runner (__main__.py)."""
from __future__ import annotations

import secrets
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

CONSENT_VAR = "STREAMKAP_LIVE_TESTS"
VARS_FILE_VAR = "LIVE_VARS"
NAME_PREFIX = "ansible-live-"
DOCS = "docs/testing.md"

# The vars file: each section's keys, required ones first (see tests/live/vars.example.yml).
VARS_SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "live_source": (("connector", "config"), ("wait", "wait_timeout", "wait_interval")),
    "live_destination": (("connector", "config"), ("wait", "wait_timeout", "wait_interval")),
    "live_pipeline": (("topics",), ()),
}


class Refused(Exception):
    """The run may not start; the message says every reason and what to set."""


@dataclass(frozen=True)
class LiveSettings:
    api_url: str
    # Kept out of repr: pytest prints objects in failure reports.
    access_token: str | None = field(repr=False)
    client_id: str | None
    client_secret: str | None = field(repr=False)
    vars_file: Path | None
    run_id: str

    @property
    def prefix(self) -> str:
        """What every name this run creates starts with; the cleanup deletes exactly these."""
        return f"{NAME_PREFIX}{self.run_id}-"

    @property
    def has_client_credentials(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def credentials(self, auth: str = "any") -> dict[str, str]:
        """STREAMKAP_* variables for a playbook run: `token`, `client`, `any` (every credential
        given; the collection uses the token when both are there) or `none`."""
        token = {"STREAMKAP_ACCESS_TOKEN": self.access_token} if self.access_token else {}
        client = ({"STREAMKAP_CLIENT_ID": self.client_id, "STREAMKAP_CLIENT_SECRET": self.client_secret}
                  if self.has_client_credentials else {})
        return {"token": token, "client": client, "any": {**token, **client}, "none": {}}[auth]

    def secrets(self) -> list[str]:
        """The credential values: no output of the suite may hold them."""
        return [value for value in (self.access_token, self.client_secret) if value]


# Where the runner hands the settings to the suite (config.stash); the suite runs only when they are there.
SETTINGS_KEY: pytest.StashKey[LiveSettings] = pytest.StashKey()


def new_run_id() -> str:
    """Eight random hex digits: every prefix has one length, so no run's prefix starts another's."""
    return secrets.token_hex(4)


def read_settings(environ: t.Mapping[str, str], run_id: str | None = None) -> LiveSettings:
    """The settings from the environment, or Refused naming every problem at once."""
    problems = []
    if environ.get(CONSENT_VAR) != "1":
        problems.append(f"{CONSENT_VAR} is not 1: this suite creates and deletes entities (names starting with "
                        f"{NAME_PREFIX}) in the tenant at STREAMKAP_API_URL; set {CONSENT_VAR}=1 to agree")
    api_url = environ.get("STREAMKAP_API_URL", "").strip()
    if not api_url:
        problems.append("STREAMKAP_API_URL is not set: the API to test against, e.g. https://api.streamkap.com")
    token, client_id, client_secret = (environ.get(name) or None for name in
                                       ("STREAMKAP_ACCESS_TOKEN", "STREAMKAP_CLIENT_ID", "STREAMKAP_CLIENT_SECRET"))
    if bool(client_id) != bool(client_secret):
        given, missing = ("CLIENT_ID", "CLIENT_SECRET") if client_id else ("CLIENT_SECRET", "CLIENT_ID")
        problems.append(f"STREAMKAP_{given} is set but STREAMKAP_{missing} is not: give both, or neither")
    elif not token and not client_id:
        problems.append("no credentials: set STREAMKAP_ACCESS_TOKEN, or STREAMKAP_CLIENT_ID and "
                        "STREAMKAP_CLIENT_SECRET (both, to test both ways of authenticating)")
    vars_file = None
    if environ.get(VARS_FILE_VAR):
        vars_file = Path(environ[VARS_FILE_VAR]).resolve()
        problems.extend(f"{VARS_FILE_VAR}={environ[VARS_FILE_VAR]}: {problem}" for problem in vars_file_problems(vars_file))
    if problems:
        raise Refused("\n".join(["refused, nothing was run:", *(f"  - {problem}" for problem in problems),
                                 f"See {DOCS}."]))
    return LiveSettings(api_url=api_url, access_token=token, client_id=client_id, client_secret=client_secret,
                        vars_file=vars_file, run_id=run_id or new_run_id())


def vars_file_problems(path: Path) -> list[str]:
    """What is wrong with a LIVE_VARS file's shape (values are the playbook's business: Jinja is allowed)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [f"cannot be read ({exc.strerror})"]
    except yaml.YAMLError as exc:
        return [f"is not valid YAML ({exc})"]
    if not isinstance(data, dict):
        return ["must be a mapping with the keys " + ", ".join(VARS_SECTIONS)]
    problems = []
    for section, (required, optional) in VARS_SECTIONS.items():
        value = data.get(section)
        if not isinstance(value, dict):
            problems.append(f"{section} must be a mapping with the keys {', '.join(required)}")
            continue
        problems.extend(f"{section}.{key} is missing" for key in required if value.get(key) in (None, "", [], {}))
        unknown = sorted(set(value) - set(required) - set(optional))
        if unknown:
            problems.append(f"{section} has unknown keys {', '.join(unknown)} (allowed: {', '.join(required + optional)})")
    for section, key, kind, shape in (("live_source", "config", dict, "a mapping"),
                                      ("live_destination", "config", dict, "a mapping"),
                                      ("live_pipeline", "topics", list, "a list")):
        value = (data.get(section) or {}).get(key) if isinstance(data.get(section), dict) else None
        if value is not None and not isinstance(value, kind):
            problems.append(f"{section}.{key} must be {shape}")
    return problems
