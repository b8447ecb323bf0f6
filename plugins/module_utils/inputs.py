# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Checks of user input made before any HTTP request.

AnsibleModule checks types and choices; these add what it cannot know: text that
cannot be sent (lone surrogates, control characters in names), names too long to be
real, config values JSON cannot carry. Every message names the option or config key
and never shows a value, since config values may be secrets.
"""

from __future__ import annotations

import math
import re
import typing as t
import unicodedata

from ansible_collections.streamkap.cloud.plugins.module_utils.client import StreamkapError
from ansible_collections.streamkap.cloud.plugins.module_utils.config import shorten

# [guess] The API documents no limit; names and ids longer than this are taken for mistakes.
MAX_NAME_LENGTH = 255
MAX_CONFIG_KEY_LENGTH = 255
# Deeper structures are not connector settings (JSON-valued settings are shallow).
MAX_CONFIG_DEPTH = 16
# Kafka Connect reads integer settings as Java longs at most.
INT64_RANGE = (-(2 ** 63), 2 ** 63 - 1)
# Connector codes as the API lists them (postgresql, sqlserveraws, ...).
CONNECTOR_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SHOWN_KEY_LIMIT = 60


def is_encodable(text: str) -> bool:
    """False for text with lone surrogates, which no request can carry as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def check_identifier(option: str, value: str | None, max_length: int = MAX_NAME_LENGTH) -> None:
    """Raise StreamkapError naming `option` unless `value` can name or identify an object.

    None and the empty string count as not given (the caller decides whether that is fine).
    """
    if not value:
        return
    if not value.strip():
        raise StreamkapError(f"{option} must not be blank.")
    if len(value) > max_length:
        raise StreamkapError(f"{option} is {len(value)} characters long; at most {max_length} are accepted.")
    if not is_encodable(value):
        raise StreamkapError(f"{option} holds characters that are not valid Unicode (lone surrogates).")
    if has_control_characters(value):
        raise StreamkapError(f"{option} must not contain control characters (such as newlines, tabs or NUL).")


def check_connector_code(value: str | None) -> None:
    if value is None:
        return
    if not CONNECTOR_CODE.fullmatch(value):
        raise StreamkapError(
            f"connector {_shown_key(value)} is not a connector code: use letters, digits, '.', '_' or '-' "
            "(for example postgresql or mysql)."
        )


def config_errors(config: t.Mapping[str, t.Any] | None) -> list[str]:
    """What makes `config` unsendable, one message per key; empty when it is fine.

    Types and values are checked against the connector schema later (validate_config);
    this only refuses what JSON or the API can never accept.
    """
    errors = []
    for key, value in (config or {}).items():
        problem = _key_problem(key) or _value_problem(value, depth=1)
        if problem:
            errors.append(f"config key {_shown_key(key)} {problem}")
    return errors


def _key_problem(key: t.Any) -> str | None:
    if not isinstance(key, str):
        return "is not a string"
    if not key.strip():
        return "is blank"
    if len(key) > MAX_CONFIG_KEY_LENGTH:
        return f"is longer than {MAX_CONFIG_KEY_LENGTH} characters"
    if not is_encodable(key) or has_control_characters(key):
        return "holds control characters or invalid Unicode"
    return None


def _value_problem(value: t.Any, depth: int) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        low, high = INT64_RANGE
        return None if low <= value <= high else "holds an integer outside the 64-bit range"
    if isinstance(value, float):
        return None if math.isfinite(value) else "holds a number that is NaN or infinite"
    if isinstance(value, str):
        return None if is_encodable(value) else "holds text that is not valid Unicode (lone surrogates)"
    if isinstance(value, (dict, list, tuple)):
        if depth >= MAX_CONFIG_DEPTH:
            return f"is nested more than {MAX_CONFIG_DEPTH} levels deep"
        return _container_problem(value, depth)
    return f"holds a {type(value).__name__}, which JSON cannot represent"


def _container_problem(value: dict | list | tuple, depth: int) -> str | None:
    if isinstance(value, dict):
        for inner_key in value:
            if not isinstance(inner_key, str) or not is_encodable(inner_key):
                return "holds a nested key that is not valid text"
        items: t.Iterable[t.Any] = value.values()
    else:
        items = value
    for item in items:
        problem = _value_problem(item, depth + 1)
        if problem:
            return problem
    return None


def _shown_key(key: t.Any) -> str:
    """The key for a message: repr escapes control characters and surrogates, long keys are cut."""
    return repr(shorten(key if isinstance(key, str) else str(key), _SHOWN_KEY_LIMIT))


def pick_by_name_or_id(option: str, noun: str, ref: str, by_id: t.Mapping[str, t.Any] | None,
                       named: t.Sequence[t.Mapping[str, t.Any]]) -> t.Mapping[str, t.Any] | None:
    """The one entity a name-or-id reference means: `by_id` has the id `ref`, `named` the name `ref`.

    Refused, naming them, when the reference is ambiguous: a name that several entities hold, or
    one entity's id that is another's name. None when nothing has it.
    """
    if len(named) > 1:
        ids = ", ".join(str(item.get("id")) for item in named)
        raise StreamkapError(f"{option}: {len(named)} {noun}s are named {ref!r} (ids: {ids}); give the id instead. "
                             "Nothing was changed.")
    if by_id is not None and named and named[0].get("id") != by_id.get("id"):
        raise StreamkapError(
            f"{option}: {ref!r} is ambiguous: it is the id of {noun} {by_id.get('name')!r} and the name of {noun} "
            f"{ref!r} (id {named[0].get('id')}). Nothing was changed: rename one of them, or give the other's id."
        )
    return by_id if by_id is not None else (named[0] if named else None)


def listed_problems(problems: t.Iterable[str]) -> str:
    """Problems joined with "; " into one sentence ending in exactly one mark ("did you mean 'x'?" keeps its own)."""
    text = "; ".join(problems)
    return text if text.endswith((".", "?", "!")) else f"{text}."
