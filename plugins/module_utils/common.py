# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What every Streamkap module shares: the auth argument spec and building a client from it.

The options here are documented once, in the `streamkap.cloud.auth` doc fragment;
keep both in step.
"""

from __future__ import annotations

import json
import os
import re
import typing as t

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION
from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.streamkap.cloud.plugins.module_utils.client import (
    DEFAULT_API_URL,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_MAX_DELAY,
    StreamkapClient,
    StreamkapError,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.config import MIN_SECRET_LENGTH, may_be_secret
from ansible_collections.streamkap.cloud.plugins.module_utils.transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR

T = t.TypeVar("T")

# Option name -> environment variables read when the option is not set, first wins.
AUTH_ENV_VARS: dict[str, tuple[str, ...]] = {
    "api_url": ("STREAMKAP_API_URL", "STREAMKAP_HOST"),
    "access_token": ("STREAMKAP_ACCESS_TOKEN",),
    "client_id": ("STREAMKAP_CLIENT_ID",),
    "client_secret": ("STREAMKAP_CLIENT_SECRET", "STREAMKAP_SECRET"),
    "retries": ("STREAMKAP_RETRIES",),
    "ca_path": ("STREAMKAP_CA_PATH",),
}
# What a bearer token may hold (visible ASCII): it is sent in the Authorization header.
TOKEN_TEXT = re.compile(r"[\x21-\x7e]+")
# Results carry the retry log (key api_retries) from this verbosity (-vvv) on.
RETRY_REPORT_VERBOSITY = 3
# Python refuses to turn an int of more digits into text (sys.get_int_max_str_digits()).
MAX_INT_DIGITS = 4300
# Option types ansible-core fills with str() of whatever it is given, a list or a dict too.
TEXT_TYPES = frozenset({"str", "path"})


# ansible-core 2.19 and later replace no_log values longest first; older cores in set order.
REMOVES_LONGEST_FIRST = tuple(int(part) for part in re.findall(r"\d+", ANSIBLE_CORE_VERSION)[:2]) >= (2, 19)


def remove_hidden(data: t.Any, values: t.Collection[t.Any]) -> t.Any:
    """remove_values, the longest value replaced first on every ansible-core.

    In set order, a shorter value inside a longer one (the part of a password before an "@", say)
    could be masked first and leave the rest of the longer one readable. Before 2.19 this takes a
    pass per length, longest first.
    """
    if REMOVES_LONGEST_FIRST:
        return remove_values(data, values)
    lengths = sorted({len(value) for value in values if isinstance(value, str)}, reverse=True)
    others = {value for value in values if not isinstance(value, str)}
    for length in lengths:
        data = remove_values(data, {value for value in values if isinstance(value, str) and len(value) == length} | others)
    return data


def hidden_forms(value: str) -> set[str]:
    """Every form a hidden value takes in what a module writes: as it is; inside a list or dict turned
    into text with str(), as the "Invoked with" log line does (quotes, backslashes and control
    characters escaped as repr() escapes them); and as JSON writes it (with and without \\u escapes)."""
    return {value, repr(value)[1:-1], json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}


def url_credentials(url: t.Any) -> list[str]:
    """The credentials in a URL's user:password part: the password, or the user name when it stands
    alone (where a token goes); as written and percent-decoded. Parsed by hand: it must work on any text,
    before api_url is checked.

    Texts shorter than MIN_SECRET_LENGTH are left out: masked inside every word, they would garble the
    very message that refuses the URL (Ansible's log line still hides them, by its URL rule).
    """
    if not isinstance(url, str) or "@" not in url:
        return []
    # Imported here: only a URL with an "@" comes this far.
    from urllib.parse import unquote

    rest = url.partition("://")[2] if "://" in url else url
    # The user:password part by the URL rules (it ends at the first "/", "?" or "#"), and as a user meant it
    # when the password holds one of them unencoded (everything before the last "@"): both are hidden.
    candidates = {re.split(r"[/?#]", rest, maxsplit=1)[0].rpartition("@")[0], rest.rpartition("@")[0]}
    forms: list[str] = []
    for userinfo in candidates:
        user, has_password, password = userinfo.partition(":")
        credential = password if has_password else user
        forms += [form for form in (credential, unquote(credential)) if len(form) >= MIN_SECRET_LENGTH and may_be_secret(form)]
    return forms


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
        "ca_path": {
            "type": "path",
            "fallback": (env_fallback, list(AUTH_ENV_VARS["ca_path"])),
        },
        "request_timeout": {"type": "float", "default": DEFAULT_REQUEST_TIMEOUT},
        "retries": {
            "type": "int",
            "default": DEFAULT_RETRIES,
            "fallback": (env_fallback, list(AUTH_ENV_VARS["retries"])),
        },
        "retry_max_delay": {"type": "float", "default": DEFAULT_RETRY_MAX_DELAY},
    }


def _option_with_env(option: str) -> str:
    env_vars = " or ".join(AUTH_ENV_VARS[option])
    return f"{option} (env {env_vars})"


def check_credentials(params: dict[str, t.Any]) -> None:
    """Raise StreamkapError naming options and env vars unless a usable credential is set.

    A token alone is enough (it wins when client credentials are also set);
    otherwise both client_id and client_secret are needed.
    """
    token = params.get("access_token")
    if token:
        if not TOKEN_TEXT.fullmatch(token):
            # It goes into an HTTP header: anything else would fail there, or worse, split it.
            raise StreamkapError(
                f"{_option_with_env('access_token')} holds characters an access token cannot have "
                "(only visible ASCII, no spaces)."
            )
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


def option_env_source(
    option: str,
    params: dict[str, t.Any],
    explicit_options: t.Collection[str] | None = None,
    environ: t.Mapping[str, str] | None = None,
) -> str | None:
    """The environment variable an option's value came from, or None when it came from the task.

    AnsibleModule applies env_fallback only to options absent from the task, using the
    first variable that is set. With `explicit_options` (the option names present in
    the task, see StreamkapModule.explicit_options) that is decided exactly; without
    it, the first set variable counts as the source when it holds the same value.
    """
    environ = os.environ if environ is None else environ
    value = params.get(option)
    if value in (None, ""):
        return None
    if explicit_options is not None and option in explicit_options:
        return None
    first_set = next((var for var in AUTH_ENV_VARS.get(option, ()) if var in environ), None)
    if first_set is None:
        return None
    if explicit_options is None and environ[first_set] != value:
        return None
    return first_set


def credential_source(
    params: dict[str, t.Any],
    explicit_options: t.Collection[str] | None = None,
    environ: t.Mapping[str, str] | None = None,
) -> str:
    """A phrase naming where the credential in use came from (never its value), for 401 messages.

    For example "access_token from the access_token option", or "client_id/client_secret
    from the STREAMKAP_CLIENT_ID/STREAMKAP_CLIENT_SECRET environment variables".
    """
    options = ("access_token",) if params.get("access_token") else ("client_id", "client_secret")
    sources = [option_env_source(option, params, explicit_options, environ) for option in options]
    names = "/".join(options)
    if all(source is None for source in sources):
        return f"{names} from the {names} option{'s' if len(options) > 1 else ''}"
    if all(source is not None for source in sources):
        plural = "s" if len(options) > 1 else ""
        return f"{names} from the {'/'.join(t.cast(list, sources))} environment variable{plural}"
    parts = [
        f"{option} from the {option} option" if source is None else f"{option} from the {source} environment variable"
        for option, source in zip(options, sources)
    ]
    return " and ".join(parts)


def client_from_params(
    params: dict[str, t.Any],
    *,
    explicit_options: t.Collection[str] | None = None,
    on_retry: t.Callable[[str], t.Any] | None = None,
    **client_options: t.Any,
) -> StreamkapClient:
    """Build a StreamkapClient from validated module parameters (auth_argument_spec's, defaults applied).

    Raises StreamkapError naming the option for missing credentials, a non-https
    api_url (loopback hosts excepted) and out-of-range retry or timeout settings.
    `client_options` go to StreamkapClient as they are (for example `sleep` in tests).
    """
    check_credentials(params)
    # StreamkapClient checks api_url, ca_path and the numbers; the defaults are the argument spec's.
    return StreamkapClient(
        api_url=params["api_url"],
        access_token=params.get("access_token"),
        client_id=params.get("client_id"),
        client_secret=params.get("client_secret"),
        validate_certs=params["validate_certs"],
        request_timeout=params["request_timeout"],
        ca_path=params.get("ca_path") or None,
        retries=params["retries"],
        retry_max_delay=params["retry_max_delay"],
        on_retry=on_retry,
        credential_source=credential_source(params, explicit_options),
        **client_options,
    )


def client_from_module(module: AnsibleModule, **client_options: t.Any) -> StreamkapClient:
    """Build the client for a module: retries reported through module.debug, sources named exactly.

    With a StreamkapModule, tokens the client obtains later are hidden from its results too.
    """
    client = client_from_params(
        module.params,
        explicit_options=getattr(module, "explicit_options", None),
        on_retry=module.debug,
        **client_options,
    )
    if isinstance(module, StreamkapModule):
        module.hide_secrets_of(client)
        # What the service echoes is masked before any message cuts it short (the module masks whole values only).
        client.redact_also(module.hidden_values)
    return client


def _unusable_int(value: t.Any) -> str | None:
    """What makes a value unusable for an int option where ansible-core's conversion would crash, else None.

    check_type_int uses decimal.Decimal, which reads a list as a (sign, digits, exponent)
    tuple ([0, [5], 0] would pass as 5, [2**63, None, None] raises OverflowError), turns
    "inf" into an Infinity that int() cannot take, and makes ints too long to log as text.
    """
    if isinstance(value, (list, tuple, dict)):
        return f"a {'dict' if isinstance(value, dict) else 'list'}"
    if isinstance(value, (float, str)) and not isinstance(value, bool):
        # Imported here: an int option given as an int (the usual case) never comes this far.
        import decimal

        try:
            number = decimal.Decimal(value.strip() if isinstance(value, str) else value)
        except (decimal.DecimalException, ValueError, TypeError):
            return None
        if number.is_infinite():
            return "an infinite number"
        if number.is_finite() and number.adjusted() >= MAX_INT_DIGITS:
            return f"a number of more than {MAX_INT_DIGITS} digits"
    return None


def non_text_values(argument_spec: t.Mapping[str, t.Mapping[str, t.Any]], params: t.Mapping[str, t.Any],
                    prefix: str = "") -> dict[str, str]:
    """{option: "a list" or "a dict"} for every text option (type str or path, or a list of them) given
    a list or dict, which ansible-core would silently turn into text ("['a']"); suboptions of a dict
    option too, named "scope.tag". A list of dicts (a plural module's entries) is checked entry by
    entry by its module (fleet.entry_validation_errors), so that each bad entry is named.
    """
    found: dict[str, str] = {}
    for name, option in argument_spec.items():
        value = params.get(name)
        kind = option.get("type") or "str"
        if kind in TEXT_TYPES and isinstance(value, (list, tuple, dict)):
            found[f"{prefix}{name}"] = _container_name(value)
        elif kind == "list" and option.get("elements") in TEXT_TYPES and isinstance(value, list):
            found.update((f"{prefix}{name}[{index}]", _container_name(item))
                         for index, item in enumerate(value) if isinstance(item, (list, tuple, dict)))
        elif kind == "dict" and option.get("options") and isinstance(value, dict):
            found.update(non_text_values(option["options"], value, f"{prefix}{name}."))
    return found


def unplaced_texts(argument_spec: t.Mapping[str, t.Mapping[str, t.Any]], params: t.Mapping[str, t.Any]) -> list[str]:
    """Every text (and number, as text) held by an option or suboption the argument spec does not have.

    Such a task fails ("Unsupported parameters"), and Ansible shows the parameters with the failure: a
    config key written one level too high (`database.password` beside `config`) would be shown in clear.
    A list-of-dicts option given as text is read as Ansible converts it (comma-separated key=value entries).
    """
    known = set(argument_spec)
    for option in argument_spec.values():
        known.update(option.get("aliases") or ())
    found = [text for name, value in params.items()
             if name not in known and not name.startswith("_ansible_") for text in _leaf_texts(value)]
    for name, option in argument_spec.items():
        suboptions = option.get("options")
        if suboptions:
            found.extend(text for entry in _option_dicts(option, params.get(name)) for text in unplaced_texts(suboptions, entry))
    return found


def _option_dicts(option: t.Mapping[str, t.Any], value: t.Any) -> list[dict[str, t.Any]]:
    """The dicts a dict or list-of-dicts option holds, text converted the way ansible-core converts it."""
    # Imported here: only an option with suboptions comes this far.
    from ansible.module_utils.common.validation import check_type_dict, check_type_list

    if option.get("type") == "list":
        try:
            items = check_type_list(value) if isinstance(value, str) else value
        except TypeError:
            return []
    else:
        items = [value]
    dicts = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            try:
                item = check_type_dict(item)
            except (TypeError, ValueError):
                continue
        if isinstance(item, dict):
            dicts.append(item)
    return dicts


def _leaf_texts(value: t.Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _leaf_texts(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _leaf_texts(item)]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value)
        return [text] if len(text) >= MIN_SECRET_LENGTH else []
    return []


def _container_name(value: t.Any) -> str:
    return "a dict" if isinstance(value, dict) else "a list"


def describe_non_text(found: t.Mapping[str, str]) -> str:
    """Every text option given a list or dict, named (never a value: it may be a secret)."""
    return "; ".join(f"{option} must be text, not {what}" for option, what in found.items())


def retry_report(module: AnsibleModule, client: StreamkapClient | None) -> dict[str, t.Any]:
    """{"api_retries": [lines]} for a result at -vvv and above, else {}.

    Retries are expected in normal runs, so they are not warnings; module.debug alone
    reaches only the controller's debug log, so at -vvv the result shows them too.
    """
    # AnsibleModule has no public verbosity; _verbosity is what it reads itself.
    if client is None or getattr(module, "_verbosity", 0) < RETRY_REPORT_VERBOSITY:
        return {}
    return {"api_retries": list(client.retry_log)}


class StreamkapModule(AnsibleModule):
    """AnsibleModule that hides secrets nested inside options (such as a source's config), in every form.

    `no_log` can only hide a whole option; a config dict holds secrets next to plain
    values. `nested_secrets(raw_params)` names the secret values, and they join
    no_log_values as soon as the parameters are read: before AnsibleModule validates,
    logs the invocation, or fails with the parameters in its answer. So does the password
    of an `api_url` (option or environment variable).

    Ansible removes a no_log value only where it appears as it is. The "Invoked with" line
    turns a list or dict option into text with str(), which escapes quotes, backslashes and
    control characters (every PEM key): before anything is logged, warned or returned, each
    no_log value (Ansible's own, such as a no_log suboption's, too) is joined by its escaped
    forms (`hidden_forms`), and the logged parameters lose their hidden values while still
    data, before Ansible's URL password heuristic can cut a secret apart.

    It also records `explicit_options`, the option names present in the task (before
    env fallbacks and defaults fill the rest), and hides the tokens of clients passed
    to `hide_secrets_of` from exit_json and fail_json.
    """

    def __init__(self, *args: t.Any, nested_secrets: t.Callable[[dict[str, t.Any]], t.Iterable[str]] | None = None, **kwargs: t.Any) -> None:
        self._nested_secrets = nested_secrets
        self._secret_holders: list[StreamkapClient] = []
        # The no_log values whose escaped forms are registered, and those forms.
        self._escaped: set[str] = set()
        self.explicit_options: frozenset[str] = frozenset()
        self._unusable_options: dict[str, str] = {}
        self._non_text_options: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _load_params(self) -> None:
        # Private hook: the only point between reading the parameters and AnsibleModule
        # validating, failing with or logging them (the "Invoked with" line).
        super()._load_params()
        self.explicit_options = frozenset(name for name in self.params if not name.startswith("_ansible_"))
        self._set_aside_unusable_ints()
        self._hide_api_url_credentials()
        self._set_aside_non_text()
        # Refused by Ansible's validation, which shows them with the failure: hidden, as any might be a secret.
        self.hide(unplaced_texts(self.argument_spec, self.params))
        if self._nested_secrets is not None:
            self.hide(self._nested_secrets(self.params))

    def hide(self, values: t.Iterable[str]) -> None:
        """The one way secrets reach no_log_values: from the parameters, the schema, the client.

        What no secret can be (blank, a boolean's text) is left out: Ansible would mask it
        inside every word of every message.
        """
        for value in values:
            if isinstance(value, str) and may_be_secret(value):
                self._hide_forms_of(value)

    def _hide_api_url_credentials(self) -> None:
        """Hide a password in api_url, given or from the environment (env_fallback runs after this point)."""
        candidates = [self.params.get("api_url")] + [os.environ.get(var) for var in AUTH_ENV_VARS["api_url"]]
        self.hide(credential for url in candidates for credential in url_credentials(url))

    def _hide_forms_of(self, value: str) -> None:
        forms = hidden_forms(value)
        # The forms are no values of their own: escaping them again would only grow the set.
        self._escaped.update(forms)
        self.no_log_values.update(forms)

    def _hide_escaped_forms(self) -> None:
        """Register the escaped forms of every no_log value, those AnsibleModule registered itself too."""
        for value in [value for value in self.no_log_values if isinstance(value, str) and value not in self._escaped]:
            self._hide_forms_of(value)

    def _scrubbed(self, text: str) -> str:
        self._hide_escaped_forms()
        return remove_hidden(text, self.no_log_values)

    def _set_aside_unusable_ints(self) -> None:
        """Take out int option values that crash ansible-core's conversion (see _unusable_int).

        They are refused by run(), with a message naming the option, once AnsibleModule has
        registered every no_log value (failing here could show a token in the invocation).
        """
        for name, option in self.argument_spec.items():
            problem = _unusable_int(self.params.get(name)) if option.get("type") == "int" else None
            if problem is not None:
                del self.params[name]
                self._unusable_options[name] = problem

    def _set_aside_non_text(self) -> None:
        """Take out text options given a list or dict (see non_text_values); run() refuses them.

        An option with a default or choices is removed (its default keeps validation quiet); any
        other is emptied (None), so that required_one_of and mutually_exclusive still see it given.
        """
        found = non_text_values(self.argument_spec, self.params)
        for option in found:
            name = option.split(".")[0].split("[")[0]
            if name not in self.params:
                continue
            if "default" in self.argument_spec[name] or "choices" in self.argument_spec[name]:
                del self.params[name]
            else:
                self.params[name] = None
        self._non_text_options = found

    def refuse_non_text_options(self) -> None:
        """Raise StreamkapError naming every text option _set_aside_non_text took out, if any."""
        if self._non_text_options:
            raise StreamkapError(f"{describe_non_text(self._non_text_options)}. Nothing was sent.")

    def hidden_values(self) -> set[t.Any]:
        """The no_log values, each escaped form included."""
        self._hide_escaped_forms()
        return set(self.no_log_values)

    def hide_secrets_of(self, client: StreamkapClient) -> None:
        """Keep the client's current credentials (exchanged tokens included) out of results."""
        self._secret_holders.append(client)

    def _hide_client_secrets(self) -> None:
        for client in self._secret_holders:
            self.hide(client.secret_values())

    def run(self, prepare: t.Callable[[dict[str, t.Any]], T], work: t.Callable[[StreamkapModule, StreamkapClient, T], dict[str, t.Any]]) -> t.NoReturn:
        """The module edge: check the input, build the client, do the work, exit.

        `prepare` turns the parameters into what `work` needs and refuses bad input, so
        that never reaches the API. Every StreamkapError becomes one fail_json carrying
        the error's partial result; at -vvv the retry log joins the result either way.
        """
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        client = None
        try:
            if self._unusable_options:
                name, problem = next(iter(self._unusable_options.items()))
                raise StreamkapError(f"{name} must be a whole number; got {problem}.")
            self.refuse_non_text_options()
            prepared = prepare(self.params)
            client = client_from_module(self)
            result = work(self, client, prepared)
        except StreamkapError as exc:
            self.fail_json(msg=str(exc), **exc.to_result(), **retry_report(self, client))
        self.exit_json(**result, **retry_report(self, client))

    @property
    def diff_mode(self) -> bool:
        # AnsibleModule has no public accessor for --diff.
        return bool(self._diff)

    def _log_invocation(self) -> None:
        # Private hook: AnsibleModule logs str() of each parameter and removes no_log values from
        # that text, after its URL password heuristic may have cut one apart. Logging parameters
        # whose hidden values are already gone leaves nothing to find.
        self._hide_escaped_forms()
        params = self.params
        self.params = remove_hidden(params, self.no_log_values)
        try:
            super()._log_invocation()
        finally:
            self.params = params

    def log(self, msg: str, log_args: dict[str, t.Any] | None = None) -> None:
        # The journal gets log_args as fields of their own, which AnsibleModule.log does not scrub.
        scrubbed_args = {name: self._scrubbed(str(value)) for name, value in (log_args or {}).items()}
        super().log(self._scrubbed(msg) if isinstance(msg, str) else msg, scrubbed_args)

    def warn(self, warning: str, **kwargs: t.Any) -> None:  # pylint: disable=arguments-differ
        # ansible-core 2.19 returns warnings without removing no_log values from them.
        _skip_stackwalk = True  # pylint: disable=unused-variable  # its stack walk skips this frame, as AnsibleModule.warn's
        super().warn(self._scrubbed(str(warning)), **kwargs)

    def exit_json(self, **kwargs: t.Any) -> t.NoReturn:
        self._hide_client_secrets()
        self._hide_escaped_forms()
        super().exit_json(**self._removed_longest_first(kwargs))

    def fail_json(self, msg: str, **kwargs: t.Any) -> t.NoReturn:  # pylint: disable=arguments-differ
        self._hide_client_secrets()
        self._hide_escaped_forms()
        kwargs = self._removed_longest_first(dict(kwargs, msg=msg))
        super().fail_json(**kwargs)

    def _removed_longest_first(self, result: dict[str, t.Any]) -> dict[str, t.Any]:
        """The result, and the parameters its invocation shows, with hidden values removed before an older
        ansible-core removes them in its own order (see remove_hidden). The module ends: params are done."""
        if REMOVES_LONGEST_FIRST:
            return result
        self.params = remove_hidden(self.params, self.no_log_values)
        # As AnsibleModule does: a top-level boolean or None (changed, failed) is never masked.
        kept = {key: value for key, value in result.items() if value is None or isinstance(value, bool)}
        return {**remove_hidden(result, self.no_log_values), **kept}
