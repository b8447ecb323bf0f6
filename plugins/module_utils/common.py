# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every Streamkap module shares: the auth argument spec and building a client from it.

The options here are documented once, in the `streamkap.cloud.auth` doc fragment;
keep both in step.
"""

from __future__ import annotations

import typing as t

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    DEFAULT_API_URL,
    DEFAULT_REQUEST_TIMEOUT,
    StreamkapClient,
    StreamkapError,
)

# Option name -> environment variables read when the option is not set, first wins.
AUTH_ENV_VARS: dict[str, tuple[str, ...]] = {
    "api_url": ("STREAMKAP_API_URL", "STREAMKAP_HOST"),
    "access_token": ("STREAMKAP_ACCESS_TOKEN",),
    "client_id": ("STREAMKAP_CLIENT_ID",),
    "client_secret": ("STREAMKAP_CLIENT_SECRET", "STREAMKAP_SECRET"),
}


def auth_argument_spec() -> dict[str, dict[str, t.Any]]:
    """Argument spec of the auth/transport options; merge it into each module's spec."""
    return {
        "api_url": {
            "type": "str",
            "default": DEFAULT_API_URL,
            "fallback": (env_fallback, list(AUTH_ENV_VARS["api_url"])),
        },
        "access_token": {
            "type": "str",
            "no_log": True,
            "fallback": (env_fallback, list(AUTH_ENV_VARS["access_token"])),
        },
        "client_id": {
            "type": "str",
            "fallback": (env_fallback, list(AUTH_ENV_VARS["client_id"])),
        },
        "client_secret": {
            "type": "str",
            "no_log": True,
            "fallback": (env_fallback, list(AUTH_ENV_VARS["client_secret"])),
        },
        "validate_certs": {"type": "bool", "default": True},
        "request_timeout": {"type": "float", "default": DEFAULT_REQUEST_TIMEOUT},
    }


def _option_with_env(option: str) -> str:
    env_vars = " or ".join(AUTH_ENV_VARS[option])
    return f"{option} (env {env_vars})"


def check_credentials(params: dict[str, t.Any]) -> None:
    """Raise StreamkapError naming options and env vars unless a usable credential is set.

    A token alone is enough (it wins when client credentials are also set);
    otherwise both client_id and client_secret are needed.
    """
    if params.get("access_token"):
        return
    has_id = bool(params.get("client_id"))
    has_secret = bool(params.get("client_secret"))
    if has_id and has_secret:
        return
    if has_id or has_secret:
        missing = "client_secret" if has_id else "client_id"
        raise StreamkapError(
            f"{_option_with_env(missing)} is missing: client_id and client_secret must be given together"
            f" (or give {_option_with_env('access_token')} instead)."
        )
    raise StreamkapError(
        "No Streamkap credentials: set either "
        f"{_option_with_env('access_token')}, or both {_option_with_env('client_id')} "
        f"and {_option_with_env('client_secret')}."
    )


def client_from_params(params: dict[str, t.Any], session: t.Any = None) -> StreamkapClient:
    """Build a StreamkapClient from validated module parameters."""
    check_credentials(params)
    api_url = (params.get("api_url") or DEFAULT_API_URL).strip()
    if not api_url.startswith(("http://", "https://")):
        raise StreamkapError("api_url must start with http:// or https://.")
    return StreamkapClient(
        api_url=api_url,
        access_token=params.get("access_token"),
        client_id=params.get("client_id"),
        client_secret=params.get("client_secret"),
        validate_certs=params.get("validate_certs", True),
        request_timeout=params.get("request_timeout") or DEFAULT_REQUEST_TIMEOUT,
        session=session,
    )


class StreamkapModule(AnsibleModule):
    """AnsibleModule that hides secrets nested inside options (such as a source's config).

    `no_log` can only hide a whole option; a config dict holds secrets next to plain
    values. `nested_secrets(raw_params)` names the secret values, and they join
    no_log_values as soon as the parameters are read: before AnsibleModule validates,
    logs the invocation, or fails with the parameters in its answer.
    """

    def __init__(self, *args: t.Any, nested_secrets: t.Callable[[dict[str, t.Any]], t.Iterable[str]] | None = None, **kwargs: t.Any) -> None:
        self._nested_secrets = nested_secrets
        super().__init__(*args, **kwargs)

    def _load_params(self) -> None:
        super()._load_params()
        if self._nested_secrets is not None:
            self.no_log_values.update(self._nested_secrets(self.params))
