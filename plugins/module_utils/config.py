# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Connector config helpers: normalise, compare, merge and redact.

Pure functions over plain dicts. Nothing here talks HTTP or knows about
AnsibleModule, so the source service and the modules can share them and the
tests can exercise every rule directly. Reading a connector schema and
validating a config against it live in schema.py: a no-op run needs neither.

Conventions used throughout:

* ``schema_props`` is the list of property definitions returned by
  :func:`schema.parse_connector_schema` (a mapping of name to definition is
  accepted too). ``None`` means "schema unknown": name-based fallbacks apply.
* A ``None`` value in a desired config means "not specified": it is ignored by
  drift detection, merging and validation.
* ``classify`` is the offline key table for one kind and connector (``key -> True`` secret,
  ``False`` plain, ``None`` unknown), or ``None`` when there is no table: then only the
  schema and the name rules decide.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import typing as t
from collections.abc import Mapping
from types import MappingProxyType

if t.TYPE_CHECKING:
    from decimal import Decimal


SECRET_MASK = "********"
# The after side of a diff for a hidden value that the task changes: the change shows, the value does not.
SECRET_MASK_CHANGED = f"{SECRET_MASK} (changed)"

UPDATE_SECRETS_CHOICES = ("on_create", "always")

# [likely] Keys that cannot change once the source exists, used when the schema
# does not say so itself (its `set_once` flag is honoured as well).
SET_ONCE_KEYS: t.Dict[str, t.FrozenSet[str]] = {
    "postgresql": frozenset({"slot.name", "publication.name"}),
    "mysql": frozenset({"database.server.id"}),
}

# Key names that hold secrets even when no schema says so. Words that are
# unambiguous match anywhere; the others must be whole dot/underscore/dash
# separated parts, so that `transforms.ValueToKey...` is not taken for a token.
_SECRET_ANYWHERE = re.compile(r"password|passwd|passphrase|secret")
_SECRET_PART = re.compile(
    r"(?:^|[._-])"
    r"(?:token|credentials?|authorization$|access[._-]?key|private[._-]?key|api[._-]?key|key[._-]id|connection[._-]?string)"
    r"(?:$|[._-])"
)

# [sure, shape not documented] With secret_returned=false the API may mask a
# secret; any run of asterisks is taken as a mask, never as a real value.
_MASK_PATTERN = re.compile(r"^\*+$")

# Placeholder defaults such as `<SSH.PUBLIC.KEY>` are resolved by the server
# and must never be sent back.
_PLACEHOLDER_PATTERN = re.compile(r"^<[A-Z0-9_.\-]+>$")

_NUMBER_PATTERN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")

USER_DEFINED_SUFFIX = ".user.defined"

# Shorter values under a key hidden only for being unknown are not registered as no_log
# values: too short to be a secret, and Ansible would mask them inside every word.
MIN_SECRET_LENGTH = 4
# Texts read as booleans (by Ansible, and "true"/"false" by the connector runtime), compared stripped and
# in lower case: a flag's value, never a secret, whatever its key is called (`ssh.passphrase.secured`).
BOOLEAN_TEXTS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0"})

Config = t.Mapping[str, t.Any]
Prop = t.Mapping[str, t.Any]
SchemaProps = t.Optional[t.Union[t.Sequence[Prop], t.Mapping[str, Prop]]]
Classify = t.Optional[t.Callable[[str], t.Optional[bool]]]
NUMBER_CONTROLS = frozenset({"number", "slider"})


@dataclasses.dataclass
class ConfigDrift:
    """What differs between the desired config and the source's current one."""

    # Keys that must be sent because their value differs (or, for withheld
    # secrets, because update_secrets="always").
    changed_keys: t.List[str] = dataclasses.field(default_factory=list)
    # Secret keys the API did not reveal, so they could not be compared.
    withheld_secret_keys: t.List[str] = dataclasses.field(default_factory=list)

    @property
    def needs_update(self) -> bool:
        return bool(self.changed_keys)


# --------------------------------------------------------------------------
# Normalisation and comparison
# --------------------------------------------------------------------------

def normalise_value(value: t.Any) -> t.Optional[str]:
    """Canonical string form of a config value, as the API string-encodes them.

    Booleans become "true"/"false" and so do strings spelling them in any
    case, because the connector runtime (Kafka Connect) parses booleans
    case-insensitively. Integral floats lose their ".0"; dicts and lists become
    JSON with sorted keys; None stays None. Other strings are kept verbatim.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    text = str(value)
    if text.lower() in ("true", "false"):
        return text.lower()
    return text


def _float_text(value: float) -> str:
    if math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


def values_equal(left: t.Any, right: t.Any) -> bool:
    """True when two config values mean the same once normalised.

    Beyond plain normalised equality this accepts a number against a numeric
    string of the same value (5432 vs "5432.0") and a dict/list against its
    JSON or comma-separated string form, which is how the API answers them.
    """
    if normalise_value(left) == normalise_value(right):
        return True
    return _numbers_equal(left, right) or _structure_equals_text(left, right) or _structure_equals_text(right, left)


def stored_values_equal(left: t.Any, right: t.Any, prop: t.Optional[Prop] = None) -> bool:
    """values_equal, and equal as the service stores them when the schema property is known.

    A number key stores " +0042 " as 42, a JSON key stores '{"b": 1, "a": 2}' parsed;
    without a schema, text is compared as text (the schema is fetched before any write).
    """
    if values_equal(left, right):
        return True
    control = value_spec(prop).get("control") if prop is not None else None
    if control in NUMBER_CONTROLS:
        left_number, right_number = as_decimal(left), as_decimal(right)
        return left_number is not None and left_number == right_number
    if control == "json":
        left_json, right_json = parsed_json(left), parsed_json(right)
        return left_json is not None and normalise_value(left_json) == normalise_value(right_json)
    return False


def parsed_json(value: t.Any) -> t.Any:
    """A dict or list as it is, a string parsed as JSON, else (or when it is no JSON) None."""
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _is_real_number(value: t.Any) -> bool:
    # bool is an int subclass but never a number in a config.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_decimal(value: t.Any) -> t.Optional[Decimal]:
    """The value as a finite decimal.Decimal when it is a number or a numeric string, else None."""
    # Imported here: only numbers whose texts differ, and schema bounds, come this far.
    from decimal import Decimal, InvalidOperation

    if _is_real_number(value):
        text = normalise_value(value)
    elif isinstance(value, str) and _NUMBER_PATTERN.match(value.strip()):
        text = value.strip()
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _numbers_equal(left: t.Any, right: t.Any) -> bool:
    # Only when the user actually gave a number: two strings "007" and "7" differ.
    if not (_is_real_number(left) or _is_real_number(right)):
        return False
    left_number, right_number = as_decimal(left), as_decimal(right)
    return left_number is not None and right_number is not None and left_number == right_number


def _structure_equals_text(structure: t.Any, text: t.Any) -> bool:
    if not isinstance(structure, (dict, list, tuple)) or not isinstance(text, str):
        return False
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if parsed is not None and normalise_value(parsed) == normalise_value(structure):
        return True
    if isinstance(structure, (list, tuple)):
        return split_items(text) == [normalise_value(item) for item in structure]
    return False


def shorten(text: str, keep: int) -> str:
    """The text cut after `keep` characters, with "..." to show the cut: the one shortening rule."""
    return text if len(text) <= keep else f"{text[:keep]}..."


def split_items(text: str) -> t.List[str]:
    """The items of a comma-separated string, stripped, empty ones dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


# --------------------------------------------------------------------------
# Schema access
# --------------------------------------------------------------------------

# The last schema indexed and its index: the key rules (is_secret_key, is_hidden_key) run once per
# config key against the same schema, and indexing it anew each time made a run quadratic.
_LAST_INDEXED: t.Tuple[t.Any, t.Mapping[str, Prop]] = (None, {})


def index_props(schema_props: SchemaProps) -> t.Mapping[str, Prop]:
    """The schema's properties by name (empty when the schema is unknown); read-only, shared."""
    global _LAST_INDEXED  # pylint: disable=global-statement
    if not schema_props:
        return {}
    if isinstance(schema_props, Mapping):
        return schema_props
    indexed_props, index = _LAST_INDEXED
    if indexed_props is not schema_props:
        index = MappingProxyType({prop["name"]: prop for prop in schema_props if isinstance(prop, Mapping) and "name" in prop})
        # Holding the list keeps its id from being reused by another one while it is the key.
        _LAST_INDEXED = (schema_props, index)
    return index


def value_spec(prop: Prop) -> t.Mapping[str, t.Any]:
    """A property's `value` object: control, default, min/max, raw_values."""
    return prop.get("value") or {}


def is_user_defined(prop: Prop) -> bool:
    """True unless the schema flags the property as computed by the service."""
    # A schema without the flag at all gives no evidence the key is computed.
    return prop.get("user_defined", True) is not False


def has_default(prop: Prop) -> bool:
    """True when the property declares a (non-null) default."""
    return value_spec(prop).get("default") is not None


def schema_defaults(schema_props: SchemaProps) -> t.Dict[str, t.Any]:
    """Default value of every property that declares one."""
    return {name: value_spec(prop)["default"] for name, prop in index_props(schema_props).items() if has_default(prop)}


# --------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------

def is_secret_key(key: str, schema_props: SchemaProps = None, classify: Classify = None) -> bool:
    """True when the key holds a secret: schema `encrypt`, a password control, a secret-looking
    name, or a key the offline table marks secret. Drift and update_secrets follow this."""
    prop = index_props(schema_props).get(key)
    if prop is not None and (prop.get("encrypt") is True or value_spec(prop).get("control") == "password"):
        return True
    lowered = key.lower()
    if _SECRET_ANYWHERE.search(lowered) or _SECRET_PART.search(lowered):
        return True
    return classify is not None and classify(key) is True


def is_hidden_key(key: str, schema_props: SchemaProps = None, classify: Classify = None) -> bool:
    """True when the key's value must stay out of output: a secret key, or a key nobody knows.

    With an offline table, a key in neither the table nor the schema counts as secret until
    a schema read says otherwise: unknown never means printable. Only output follows this;
    drift treats such a key as plain.
    """
    if is_secret_key(key, schema_props, classify):
        return True
    if classify is None or key in index_props(schema_props):
        return False
    if classify(key) is not None:
        return False
    # A computed key copies its plain `.user.defined` twin (database.hostname from
    # database.hostname.user.defined): plain too.
    return classify(f"{key}{USER_DEFINED_SUFFIX}") is not False


def is_withheld(value: t.Any) -> bool:
    """True when the API withheld a value: None or a mask made of asterisks.

    An omitted key is the third style; callers check for it with `key in config`.
    """
    if value is None:
        return True
    return isinstance(value, str) and bool(_MASK_PATTERN.match(value.strip()))


def is_placeholder(value: t.Any) -> bool:
    """True for a server-resolved placeholder default such as `<SSH.PUBLIC.KEY>`."""
    return isinstance(value, str) and bool(_PLACEHOLDER_PATTERN.match(value))


def may_be_secret(text: str) -> bool:
    """False for a text no secret can be: blank, or a boolean's (see BOOLEAN_TEXTS).

    Registered as a no_log value, such a text would be masked wherever it appears: every
    "true" of a task's output would read VALUE_SPECIFIED_IN_NO_LOG_PARAMETER.
    """
    stripped = text.strip()
    return bool(stripped) and stripped.lower() not in BOOLEAN_TEXTS


def secret_values(config: Config, schema_props: SchemaProps = None, classify: Classify = None) -> t.List[str]:
    """The hidden values of `config` (see is_hidden_key), for AnsibleModule.no_log_values.

    Ansible masks every occurrence of a no_log value, even inside other words, so what
    cannot be a secret is skipped: None, masks, booleans, empty dicts and lists, texts that are
    blank or spell a boolean (may_be_secret; a number counts by its text); and for keys
    hidden only for being unknown, texts shorter than MIN_SECRET_LENGTH characters
    (numbers by their text), which would otherwise garble every message ("e", "u", "5").
    Such values are still masked by key in results and diffs (redact_config).
    Dicts/lists contribute their JSON form and every value inside them.
    """
    found: t.List[str] = []
    for key, value in config.items():
        if not is_hidden_key(key, schema_props, classify):
            continue
        known_secret = is_secret_key(key, schema_props, classify)
        for text in _secret_texts(value):
            if (known_secret or len(text) >= MIN_SECRET_LENGTH) and may_be_secret(text) and text not in found:
                found.append(text)
    return found


def _secret_texts(value: t.Any) -> t.List[str]:
    if isinstance(value, bool) or is_withheld(value) or value in ({}, []):
        return []
    if isinstance(value, dict):
        return [normalise_value(value)] + [text for item in value.values() for text in _secret_texts(item)]
    if isinstance(value, (list, tuple)):
        return [normalise_value(value)] + [text for item in value for text in _secret_texts(item)]
    if isinstance(value, float):
        # As the service stores it (5436) and as the task may spell it (5436.0).
        return list(dict.fromkeys((_float_text(value), str(value))))
    text = str(value)
    return [text] if text else []


def redact_config(config: Config, schema_props: SchemaProps = None, mask: str = SECRET_MASK,
                  classify: Classify = None) -> t.Dict[str, t.Any]:
    """A copy of `config` with every hidden value (see is_hidden_key) replaced by `mask`.

    None and the empty string stay as they are: they hold no secret, and keeping
    them shows that the API withheld the value or that none is set; so does the
    changed marker of a diff (SECRET_MASK_CHANGED), which holds no value.
    """
    return {
        key: mask if value not in (None, "", SECRET_MASK_CHANGED) and is_hidden_key(key, schema_props, classify) else value
        for key, value in config.items()
    }


# --------------------------------------------------------------------------
# Drift, merge and immutables
# --------------------------------------------------------------------------

_ABSENT = object()


def config_diff(desired: Config, current: t.Optional[Config], schema_props: SchemaProps = None,
                update_secrets: str = "on_create", classify: Classify = None) -> ConfigDrift:
    """Which of the user's keys differ from the source's current config.

    Only keys in `desired` are compared, after normalising both sides, so key
    order, server-computed keys and server-filled defaults never count. A
    current value that is absent falls back to the schema default when known.
    A secret the API withheld cannot be compared: it is listed in
    `withheld_secret_keys` and counts as changed only with update_secrets="always".
    """
    if update_secrets not in UPDATE_SECRETS_CHOICES:
        raise ValueError(f"update_secrets must be one of {', '.join(UPDATE_SECRETS_CHOICES)}; got {update_secrets!r}")
    current = current or {}
    defaults = schema_defaults(schema_props)
    index = index_props(schema_props)
    drift = ConfigDrift()
    for key, wanted in desired.items():
        if wanted is None:
            continue
        present = current.get(key, defaults.get(key, _ABSENT))
        if _withheld_secret(key, present, schema_props, classify):
            drift.withheld_secret_keys.append(key)
            if update_secrets == "always":
                drift.changed_keys.append(key)
        elif present is _ABSENT or not stored_values_equal(wanted, present, index.get(key)):
            drift.changed_keys.append(key)
    return drift


def _withheld_secret(key: str, present: t.Any, schema_props: SchemaProps, classify: Classify) -> bool:
    # Only a secret key can be withheld: a plain value of "***" is a value like any other.
    if not is_secret_key(key, schema_props, classify):
        return False
    return present is _ABSENT or is_withheld(present)


def set_once_keys_of(connector: str, schema_props: SchemaProps = None,
                     set_once_keys: t.Optional[t.Mapping[str, t.FrozenSet[str]]] = None) -> t.Set[str]:
    """The keys of a connector that are set at create and never changed: the kind's table and the schema's flag."""
    set_once = set((SET_ONCE_KEYS if set_once_keys is None else set_once_keys).get(connector, frozenset()))
    set_once.update(name for name, prop in index_props(schema_props).items() if prop.get("set_once") is True)
    return set_once
