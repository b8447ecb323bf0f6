# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""Connector schemas: read the answer of GET /sources/connectors and validate a config against it.

Pure functions over plain dicts, like config.py, whose normalising and secret rules they
use. Kept apart from config.py because only a create or an update needs them: the source
service imports this module when it fetches a schema, so a no-op run never compiles it.
"""

from __future__ import annotations

import re
import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils.config import (
    USER_DEFINED_SUFFIX,
    Config,
    Prop,
    SchemaProps,
    as_decimal,
    has_default,
    index_props,
    is_secret_key,
    is_user_defined,
    is_withheld,
    json_type,
    normalise_value,
    parsed_json,
    schema_defaults,
    shorten,
    split_items,
    value_spec,
    values_equal,
)

_STRING_CONTROLS = frozenset({"string", "password", "textarea", "datetime"})
_NUMBER_CONTROLS = frozenset({"number", "slider"})
_BOOLEAN_CONTROLS = frozenset({"boolean", "toggle"})
_SHOWN_VALUE_LIMIT = 60
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")


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
    props = [item for item in items if isinstance(item, dict) and isinstance(item.get("name"), str)]
    for prop in props:
        problem = _property_problem(prop)
        if problem:
            raise ValueError(f"property {shorten(prop['name'], _SHOWN_VALUE_LIMIT)!r}: {problem}")
    return props


def _property_problem(prop: Prop) -> t.Optional[str]:
    """What in a property definition the rules here cannot read (a field of another type), or None."""
    value = prop.get("value")
    if value is not None and not isinstance(value, dict):
        return f"its 'value' is {json_type(value)}, not an object"
    control = (value or {}).get("control")
    if control is not None and not isinstance(control, str):
        return f"its 'control' is {json_type(control)}, not text"
    raw_values = (value or {}).get("raw_values")
    if raw_values is not None and not isinstance(raw_values, list):
        return f"its 'raw_values' is {json_type(raw_values)}, not a list"
    conditions = prop.get("conditions")
    if conditions is not None and not isinstance(conditions, list):
        return f"its 'conditions' is {json_type(conditions)}, not a list"
    for condition in conditions or ():
        if not isinstance(condition, dict) or isinstance(condition.get("config"), (dict, list)):
            return "one of its 'conditions' is not an object naming a key"
    return None


def choices(prop: Prop) -> t.List[t.Any]:
    """Allowed values of a select property (plain values or {"value", "label"} objects)."""
    raw_values = value_spec(prop).get("raw_values") or []
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
    index = index_props(schema_props)
    values = _condition_values(config, schema_props, existing)
    errors: t.List[str] = []
    for key, value in config.items():
        prop = index.get(key)
        if prop is None:
            errors.append(_unknown_key_message(key, index))
        elif not is_user_defined(prop):
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
    if f"{key}{USER_DEFINED_SUFFIX}" in index:
        return _computed_key_message(key, index)
    suggestion = _closest_user_key(key, index)
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return f"unknown key '{key}'{hint}"


def _closest_user_key(key: str, index: t.Mapping[str, Prop]) -> t.Optional[str]:
    # Users think of `database.hostname`, not of its `.user.defined` twin, so the
    # twin is also matched by its name without the suffix.
    aliases: t.Dict[str, str] = {}
    for name in sorted(name for name, prop in index.items() if is_user_defined(prop)):
        aliases[name] = name
        if name.endswith(USER_DEFINED_SUFFIX):
            aliases.setdefault(name[:-len(USER_DEFINED_SUFFIX)], name)
    # Imported here: suggestions are only made for an unknown key.
    import difflib

    matches = difflib.get_close_matches(key, list(aliases), n=1)
    return aliases[matches[0]] if matches else None


def _computed_key_message(key: str, index: t.Mapping[str, Prop]) -> str:
    twin = f"{key}{USER_DEFINED_SUFFIX}"
    if twin in index:
        return f"'{key}' is computed by the service; set '{twin}' instead"
    return f"'{key}' is not user-defined (the service computes it); remove it"


def _missing_required(config: Config, index: t.Mapping[str, Prop], values: Config,
                      existing: t.Optional[Config], schema_props: SchemaProps) -> t.List[str]:
    errors = []
    for name in sorted(index):
        prop = index[name]
        if not (prop.get("required") is True and is_user_defined(prop)) or has_default(prop):
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
    control = value_spec(prop).get("control")
    got = "" if is_secret_key(key, schema_props) else f"; got {_shown(value)}"
    if control in _NUMBER_CONTROLS:
        return _number_error(key, value, prop, got)
    if control in _BOOLEAN_CONTROLS:
        return None if normalise_value(value) in ("true", "false") else f"'{key}' must be a boolean (true or false){got}"
    if control in _STRING_CONTROLS:
        return None if isinstance(value, (str, int, float)) else f"'{key}' must be a string, not a {_kind(value)}{got}"
    if control == "json":
        return _json_error(key, value, prop, got)
    if control == "one-select":
        return _one_select_error(key, value, prop, got)
    if control == "multi-select":
        return _multi_select_error(key, value, prop, got)
    return None


def _number_error(key: str, value: t.Any, prop: Prop, got: str) -> t.Optional[str]:
    spec = value_spec(prop)
    integer = is_integer_prop(prop)
    number = as_decimal(value)
    if number is None and not (integer and isinstance(value, float)):  # a float is a number, if not a whole one
        return f"'{key}' must be a number{got}"
    if integer and not _is_integer_text(value):
        return f"'{key}' must be a whole number, digits only (no decimal point or exponent){got}"
    low, high = as_decimal(spec.get("min")), as_decimal(spec.get("max"))
    if low is not None and number < low:
        return f"'{key}' must be at least {normalise_value(spec['min'])}{got}"
    if high is not None and number > high:
        return f"'{key}' must be at most {normalise_value(spec['max'])}{got}"
    if integer and not _INT64_MIN <= number <= _INT64_MAX:  # compared as decimals: int() refuses 4300+ digits
        return f"'{key}' must be a whole number between {_INT64_MIN} and {_INT64_MAX}{got}"
    return None


def is_integer_prop(prop: Prop) -> bool:
    """True for a number property that takes whole numbers only: its `step` is a whole number."""
    # [likely] The schema marks integer keys with step 1 (no step: decimals are allowed).
    step = as_decimal(value_spec(prop).get("step"))
    return value_spec(prop).get("control") in _NUMBER_CONTROLS and step is not None and step == step.to_integral_value()


def _is_integer_text(value: t.Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and bool(_INTEGER_TEXT.fullmatch(value.strip()))


def _json_error(key: str, value: t.Any, prop: Prop, got: str) -> t.Optional[str]:
    """A json key takes an object or an array (a text holding one too); the kind of its default when it has one."""
    expected = _json_kinds(prop)
    if isinstance(parsed_json(value), tuple(expected)):
        return None
    return f"'{key}' must be a {' or '.join(expected.values())}, or a string holding one{got}"


def _json_kinds(prop: Prop) -> t.Dict[type, str]:
    # A default of one kind says which the service expects ("[]" where {} is the default gets a 422).
    kinds = {dict: "JSON object", list: "array"}
    default = parsed_json(value_spec(prop).get("default"))
    if isinstance(default, dict):
        return {dict: "JSON object"}
    if isinstance(default, list):
        return {list: "JSON array"}
    return kinds


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
        items: t.List[t.Any] = split_items(value)
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
    return f"'{shorten(text, _SHOWN_VALUE_LIMIT)}'"
