# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Connector config helpers: normalise, compare, merge, validate and redact.

Pure functions over plain dicts. Nothing here talks HTTP or knows about
AnsibleModule, so the source service and the modules can share them and the
tests can exercise every rule directly.

Conventions used throughout:

* ``schema_props`` is the list of property definitions returned by
  :func:`parse_connector_schema` (a mapping of name to definition is accepted
  too). ``None`` means "schema unknown": name-based fallbacks apply.
* A ``None`` value in a desired config means "not specified": it is ignored by
  drift detection, merging and validation.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import re
import typing as t
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation


SECRET_MASK = "********"

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
    r"(?:token|credentials?|access[._-]?key|private[._-]?key|api[._-]?key|key[._-]id|connection[._-]?string)"
    r"(?:$|[._-])"
)

# [sure, shape not documented] With secret_returned=false the API may mask a
# secret; any run of asterisks is taken as a mask, never as a real value.
_MASK_PATTERN = re.compile(r"^\*+$")

# Placeholder defaults such as `<SSH.PUBLIC.KEY>` are resolved by the server
# and must never be sent back.
_PLACEHOLDER_PATTERN = re.compile(r"^<[A-Z0-9_.\-]+>$")

_NUMBER_PATTERN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")

_USER_DEFINED_SUFFIX = ".user.defined"
_STRING_CONTROLS = frozenset({"string", "password", "textarea", "datetime"})
_NUMBER_CONTROLS = frozenset({"number", "slider"})
_BOOLEAN_CONTROLS = frozenset({"boolean", "toggle"})
_SHOWN_VALUE_LIMIT = 60

Config = t.Mapping[str, t.Any]
Prop = t.Mapping[str, t.Any]
SchemaProps = t.Optional[t.Union[t.Sequence[Prop], t.Mapping[str, Prop]]]


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


def _is_real_number(value: t.Any) -> bool:
    # bool is an int subclass but never a number in a config.
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_decimal(value: t.Any) -> t.Optional[Decimal]:
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
    left_number, right_number = _as_decimal(left), _as_decimal(right)
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
        return _split_items(text) == [normalise_value(item) for item in structure]
    return False


def _split_items(text: str) -> t.List[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


# --------------------------------------------------------------------------
# Schema access
# --------------------------------------------------------------------------

def parse_connector_schema(payload: t.Any) -> t.List[t.Dict[str, t.Any]]:
    """Property definitions from a GET /sources/connectors?connector_code= answer.

    The answer is keyed by connector display name; each value is either the
    list of properties or an object whose "config" holds it. A bare list, or a
    bare object with "config", is accepted as well.
    """
    if isinstance(payload, list):
        return _property_dicts(payload)
    if not isinstance(payload, dict):
        raise ValueError(f"unexpected connector schema answer: a {type(payload).__name__}, not an object or a list")
    if isinstance(payload.get("config"), list):
        return _property_dicts(payload["config"])
    props: t.List[t.Dict[str, t.Any]] = []
    for entry in payload.values():
        if isinstance(entry, dict):
            entry = entry.get("config")
        if isinstance(entry, list):
            props.extend(_property_dicts(entry))
    return props


def _property_dicts(items: t.Sequence[t.Any]) -> t.List[t.Dict[str, t.Any]]:
    return [item for item in items if isinstance(item, dict) and isinstance(item.get("name"), str)]


def _index(schema_props: SchemaProps) -> t.Dict[str, Prop]:
    if not schema_props:
        return {}
    if isinstance(schema_props, Mapping):
        return dict(schema_props)
    return {prop["name"]: prop for prop in schema_props if isinstance(prop, Mapping) and "name" in prop}


def _value_spec(prop: Prop) -> t.Mapping[str, t.Any]:
    return prop.get("value") or {}


def _is_user_defined(prop: Prop) -> bool:
    # A schema without the flag at all gives no evidence the key is computed.
    return prop.get("user_defined", True) is not False


def _has_default(prop: Prop) -> bool:
    return _value_spec(prop).get("default") is not None


def schema_defaults(schema_props: SchemaProps) -> t.Dict[str, t.Any]:
    """Default value of every property that declares one."""
    return {name: _value_spec(prop)["default"] for name, prop in _index(schema_props).items() if _has_default(prop)}


def user_defined_keys(schema_props: SchemaProps) -> t.List[str]:
    """Names of the properties a user may put in `config`, sorted."""
    return sorted(name for name, prop in _index(schema_props).items() if _is_user_defined(prop))


def choices(prop: Prop) -> t.List[t.Any]:
    """Allowed values of a select property (plain values or {"value", "label"} objects)."""
    raw_values = _value_spec(prop).get("raw_values") or []
    return [item.get("value") if isinstance(item, dict) else item for item in raw_values]


def conditions_hold(prop: Prop, values: Config) -> bool:
    """True when every condition of the property holds against `values`.

    EQ/NE compare normalised values; IN checks membership. An unknown operator
    counts as not holding: the property is then neither required nor checked,
    and the service stays the final judge.
    """
    return all(_condition_holds(condition, values) for condition in prop.get("conditions") or [])


def _condition_holds(condition: t.Mapping[str, t.Any], values: Config) -> bool:
    operator = str(condition.get("operator", "")).upper()
    actual = values.get(condition.get("config", ""))
    expected = condition.get("value")
    if operator == "EQ":
        return values_equal(actual, expected)
    if operator == "NE":
        return not values_equal(actual, expected)
    if operator == "IN":
        options = expected if isinstance(expected, (list, tuple)) else [expected]
        return any(values_equal(actual, option) for option in options)
    return False


# --------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------

def is_secret_key(key: str, schema_props: SchemaProps = None) -> bool:
    """True when the key holds a secret: schema `encrypt`, a password control, or a secret-looking name."""
    prop = _index(schema_props).get(key)
    if prop is not None and (prop.get("encrypt") is True or _value_spec(prop).get("control") == "password"):
        return True
    lowered = key.lower()
    return bool(_SECRET_ANYWHERE.search(lowered) or _SECRET_PART.search(lowered))


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


def secret_values(config: Config, schema_props: SchemaProps = None) -> t.List[str]:
    """The secret values of `config`, for AnsibleModule.no_log_values.

    Ansible masks every occurrence of a no_log value, so only what cannot be a
    secret is skipped: None, empty strings, masks and booleans. Dicts/lists
    contribute their JSON form and every string inside them.
    """
    found: t.List[str] = []
    for key, value in config.items():
        if is_secret_key(key, schema_props):
            for text in _secret_texts(value):
                if text not in found:
                    found.append(text)
    return found


def _secret_texts(value: t.Any) -> t.List[str]:
    if isinstance(value, bool) or is_withheld(value):
        return []
    if isinstance(value, dict):
        return [normalise_value(value)] + [text for item in value.values() for text in _secret_texts(item)]
    if isinstance(value, (list, tuple)):
        return [normalise_value(value)] + [text for item in value for text in _secret_texts(item)]
    text = str(value)
    return [text] if text else []


def redact_config(config: Config, schema_props: SchemaProps = None, mask: str = SECRET_MASK) -> t.Dict[str, t.Any]:
    """A copy of `config` with every secret value replaced by `mask`.

    None and the empty string stay as they are: they hold no secret, and keeping
    them shows that the API withheld the value or that none is set.
    """
    return {
        key: mask if value not in (None, "") and is_secret_key(key, schema_props) else value
        for key, value in config.items()
    }


# --------------------------------------------------------------------------
# Drift, merge and immutables
# --------------------------------------------------------------------------

_ABSENT = object()


def config_diff(desired: Config, current: t.Optional[Config], schema_props: SchemaProps = None,
                update_secrets: str = "on_create") -> ConfigDrift:
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
    drift = ConfigDrift()
    for key, wanted in desired.items():
        if wanted is None:
            continue
        present = current.get(key, defaults.get(key, _ABSENT))
        if _withheld_secret(key, present, schema_props):
            drift.withheld_secret_keys.append(key)
            if update_secrets == "always":
                drift.changed_keys.append(key)
        elif present is _ABSENT or not values_equal(wanted, present):
            drift.changed_keys.append(key)
    return drift


def _withheld_secret(key: str, present: t.Any, schema_props: SchemaProps) -> bool:
    # An asterisk mask is never a real value, whatever the key's name says.
    if isinstance(present, str) and is_withheld(present):
        return True
    return is_secret_key(key, schema_props) and (present is _ABSENT or present is None)


def merged_user_config(current: t.Optional[Config], desired: Config, schema_props: SchemaProps = None) -> t.Dict[str, t.Any]:
    """The full user-defined config to send with PUT: current overlaid with desired.

    From `current` only user-defined keys are kept: with a schema, the
    properties flagged user_defined; without one, every key except those with
    a `<key>.user.defined` twin. Withheld values (None or masks) and
    placeholders are dropped rather than sent back; desired values win.
    """
    current = current or {}
    index = _index(schema_props)
    merged: t.Dict[str, t.Any] = {}
    for key, value in current.items():
        if _keep_current_key(key, current, index) and not is_withheld(value) and not is_placeholder(value):
            merged[key] = value
    for key, value in desired.items():
        if value is not None:
            merged[key] = value
    return merged


def _keep_current_key(key: str, current: Config, index: t.Mapping[str, Prop]) -> bool:
    if index:
        return key in index and _is_user_defined(index[key])
    return f"{key}{_USER_DEFINED_SUFFIX}" not in current


def immutable_changes(connector: str, desired: Config, current: t.Optional[Config], schema_props: SchemaProps = None) -> t.List[str]:
    """Set-once keys whose desired value differs from a value the source already has, sorted."""
    current = current or {}
    set_once = set(SET_ONCE_KEYS.get(connector, frozenset()))
    set_once.update(name for name, prop in _index(schema_props).items() if prop.get("set_once") is True)
    return sorted(
        key for key in set_once
        if desired.get(key) is not None and not is_withheld(current.get(key)) and not values_equal(desired[key], current[key])
    )


def config_for_update(current: t.Optional[Config], desired: Config, drift: ConfigDrift,
                      schema_props: SchemaProps = None) -> t.Dict[str, t.Any]:
    """The config to send with PUT: :func:`merged_user_config`, minus the secrets left alone.

    A withheld secret that the policy does not send (it is not in
    `drift.changed_keys`, i.e. update_secrets="on_create") is left out, so the
    service keeps the value it holds rather than being told the user's copy.
    """
    merged = merged_user_config(current, desired, schema_props)
    for key in drift.withheld_secret_keys:
        if key not in drift.changed_keys:
            merged.pop(key, None)
    return merged


def predicted_config(current: t.Optional[Config], desired: Config, drift: ConfigDrift) -> t.Dict[str, t.Any]:
    """The source's config as it would read after the update (for check mode): current plus the changed keys."""
    predicted = dict(current or {})
    predicted.update({key: desired[key] for key in drift.changed_keys})
    return predicted


def config_change_views(desired: Config, current: t.Optional[Config], drift: ConfigDrift,
                        schema_props: SchemaProps = None) -> t.Tuple[t.Dict[str, t.Any], t.Dict[str, t.Any]]:
    """Before and after values of the user's keys, for diff mode, secrets masked.

    Keys that do not drift show the same (current) value on both sides, so that
    "5432" against 5432 is no difference in the diff either. A withheld secret
    shows the mask on both sides: its value is unknown.
    """
    current = current or {}
    defaults = schema_defaults(schema_props)
    before: t.Dict[str, t.Any] = {}
    after: t.Dict[str, t.Any] = {}
    for key, wanted in desired.items():
        if wanted is None:
            continue
        if key in drift.withheld_secret_keys:
            before[key] = after[key] = SECRET_MASK
            continue
        present = current.get(key, defaults.get(key, _ABSENT))
        if present is not _ABSENT:
            before[key] = present
        after[key] = wanted if key in drift.changed_keys or present is _ABSENT else present
    return redact_config(before, schema_props), redact_config(after, schema_props)


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

def validate_config(config: Config, schema_props: SchemaProps, existing: t.Optional[Config] = None) -> t.List[str]:
    """Problems with `config` against the connector schema; an empty list means valid.

    Every message names its key and never shows a secret value. Conditions are
    evaluated against the schema defaults overlaid with `existing` and `config`;
    a property whose conditions do not hold is neither required nor checked.
    Pass the source's current config as `existing` when updating: its keys then
    count as present, and so does every secret key, since the API may omit
    withheld secrets.
    """
    index = _index(schema_props)
    values = _condition_values(config, schema_props, existing)
    errors: t.List[str] = []
    for key, value in config.items():
        prop = index.get(key)
        if prop is None:
            errors.append(_unknown_key_message(key, index))
        elif not _is_user_defined(prop):
            errors.append(_computed_key_message(key, index))
        elif value is not None and conditions_hold(prop, values):
            error = _value_error(key, value, prop, schema_props)
            if error:
                errors.append(error)
    errors.extend(_missing_required(config, index, values, existing, schema_props))
    return errors


def _condition_values(config: Config, schema_props: SchemaProps, existing: t.Optional[Config]) -> t.Dict[str, t.Any]:
    values = schema_defaults(schema_props)
    for source in (existing or {}, config):
        values.update({key: value for key, value in source.items() if not is_withheld(value)})
    return values


def _unknown_key_message(key: str, index: t.Mapping[str, Prop]) -> str:
    if f"{key}{_USER_DEFINED_SUFFIX}" in index:
        return _computed_key_message(key, index)
    suggestion = _closest_user_key(key, index)
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return f"unknown key '{key}'{hint}"


def _closest_user_key(key: str, index: t.Mapping[str, Prop]) -> t.Optional[str]:
    # Users think of `database.hostname`, not of its `.user.defined` twin, so the
    # twin is also matched by its name without the suffix.
    aliases: t.Dict[str, str] = {}
    for name in sorted(name for name, prop in index.items() if _is_user_defined(prop)):
        aliases[name] = name
        if name.endswith(_USER_DEFINED_SUFFIX):
            aliases.setdefault(name[:-len(_USER_DEFINED_SUFFIX)], name)
    matches = difflib.get_close_matches(key, list(aliases), n=1)
    return aliases[matches[0]] if matches else None


def _computed_key_message(key: str, index: t.Mapping[str, Prop]) -> str:
    twin = f"{key}{_USER_DEFINED_SUFFIX}"
    if twin in index:
        return f"'{key}' is computed by the service; set '{twin}' instead"
    return f"'{key}' is not user-defined (the service computes it); remove it"


def _missing_required(config: Config, index: t.Mapping[str, Prop], values: Config,
                      existing: t.Optional[Config], schema_props: SchemaProps) -> t.List[str]:
    errors = []
    for name in sorted(index):
        prop = index[name]
        if not (prop.get("required") is True and _is_user_defined(prop)) or _has_default(prop):
            continue
        if not conditions_hold(prop, values) or _satisfied(name, config, existing, schema_props):
            continue
        given = config.get(name)
        errors.append(f"required key '{name}' must not be empty" if given == "" else f"missing required key '{name}'")
    return errors


def _satisfied(name: str, config: Config, existing: t.Optional[Config], schema_props: SchemaProps) -> bool:
    if config.get(name) not in (None, ""):
        return True
    if existing is None or name in config:
        return False
    return name in existing or is_secret_key(name, schema_props)


def _value_error(key: str, value: t.Any, prop: Prop, schema_props: SchemaProps) -> t.Optional[str]:
    control = _value_spec(prop).get("control")
    got = "" if is_secret_key(key, schema_props) else f"; got {_shown(value)}"
    if control in _NUMBER_CONTROLS:
        return _number_error(key, value, prop, got)
    if control in _BOOLEAN_CONTROLS:
        return None if normalise_value(value) in ("true", "false") else f"'{key}' must be a boolean (true or false){got}"
    if control in _STRING_CONTROLS:
        return None if isinstance(value, (str, int, float)) else f"'{key}' must be a string, not a {_kind(value)}{got}"
    if control == "json":
        return None if _is_json(value) else f"'{key}' must be a JSON object or array, or a string holding one{got}"
    if control == "one-select":
        return _one_select_error(key, value, prop, got)
    if control == "multi-select":
        return _multi_select_error(key, value, prop, got)
    return None


def _number_error(key: str, value: t.Any, prop: Prop, got: str) -> t.Optional[str]:
    number = _as_decimal(value)
    if number is None:
        return f"'{key}' must be a number{got}"
    spec = _value_spec(prop)
    low, high = _as_decimal(spec.get("min")), _as_decimal(spec.get("max"))
    if low is not None and number < low:
        return f"'{key}' must be at least {normalise_value(spec['min'])}{got}"
    if high is not None and number > high:
        return f"'{key}' must be at most {normalise_value(spec['max'])}{got}"
    return None


def _is_json(value: t.Any) -> bool:
    if isinstance(value, (dict, list)):
        return True
    if not isinstance(value, str):
        return False
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _one_select_error(key: str, value: t.Any, prop: Prop, got: str) -> t.Optional[str]:
    allowed = choices(prop)
    if isinstance(value, (dict, list, tuple)):
        return f"'{key}' must be a single value, not a {_kind(value)}{got}"
    if not allowed or any(values_equal(value, choice) for choice in allowed):
        return None
    # YAML reads unquoted yes/no/on/off as booleans, which then miss "Yes"/"No".
    hint = " (quote the value in YAML)" if isinstance(value, bool) else ""
    return f"'{key}' must be one of {_listing(allowed)}{got}{hint}"


def _multi_select_error(key: str, value: t.Any, prop: Prop, got: str) -> t.Optional[str]:
    if isinstance(value, str):
        items: t.List[t.Any] = _split_items(value)
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        return f"'{key}' must be a list or a comma-separated string{got}"
    allowed = choices(prop)
    if not allowed:
        return None
    invalid = [item for item in items if not any(values_equal(item, choice) for choice in allowed)]
    if not invalid:
        return None
    shown = "" if not got else f"; not allowed: {', '.join(_shown(item) for item in invalid)}"
    return f"'{key}' accepts only {_listing(allowed)}{shown}"


def _listing(allowed: t.Sequence[t.Any]) -> str:
    return ", ".join(f"'{normalise_value(choice)}'" for choice in allowed)


def _kind(value: t.Any) -> str:
    return {dict: "dict", list: "list", tuple: "list"}.get(type(value), type(value).__name__)


def _shown(value: t.Any) -> str:
    text = value if isinstance(value, str) else normalise_value(value)
    if len(text) > _SHOWN_VALUE_LIMIT:
        text = f"{text[:_SHOWN_VALUE_LIMIT]}..."
    return f"'{text}'"


# --------------------------------------------------------------------------
# Diff mode
# --------------------------------------------------------------------------

def diff_view(name: t.Optional[str], connector: t.Optional[str], desired_state: t.Optional[str],
              config: t.Optional[Config], schema_props: SchemaProps = None) -> t.Dict[str, t.Any]:
    """One side (before or after) of the module's diff, with secrets masked."""
    return {
        "name": name,
        "connector": connector,
        "desired_state": desired_state,
        "config": redact_config(config or {}, schema_props),
    }
