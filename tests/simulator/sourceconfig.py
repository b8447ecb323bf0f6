"""Connector config rules: validation, string-encoding of answers, topic names.

Knows nothing about HTTP; raises ``ConfigError`` (a message naming the key) on bad input.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .connectors import SOURCE_CATALOG, Catalog, KeySpec

SECRET_MASK = "********"
_INTEGER_TEXT = re.compile(r"^[+-]?\d+$")
_TRUE_TEXT = {"true"}
_FALSE_TEXT = {"false"}


class ConfigError(ValueError):
    """Invalid connector or config; the message names the offending key."""


def require_known_connector(code: str, catalog: Catalog = SOURCE_CATALOG) -> None:
    if not catalog.known(code):
        known = ", ".join(sorted(catalog.keys))
        raise ConfigError(f"Unknown connector '{code}'. Supported connectors: {known}")


def _coerce(spec: KeySpec, value: Any) -> Any:
    """The value in its native type, or ConfigError naming the key."""
    key = spec.key
    if spec.type == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _INTEGER_TEXT.match(value.strip()):
            number = int(value.strip())
        else:
            raise ConfigError(f"Invalid value for config key '{key}': expected an integer")
        if spec.min is not None and number < spec.min or spec.max is not None and number > spec.max:
            raise ConfigError(
                f"Invalid value for config key '{key}': must be between {spec.min} and {spec.max}"
            )
        return number
    if spec.type == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE_TEXT | _FALSE_TEXT:
            return value.strip().lower() in _TRUE_TEXT
        raise ConfigError(f"Invalid value for config key '{key}': expected a boolean (true/false)")
    if spec.type == "map":
        if isinstance(value, dict):
            return value
        if isinstance(value, str):
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                return parsed
        raise ConfigError(f"Invalid value for config key '{key}': expected a JSON object")
    if spec.type == "list":
        return _coerce_list(key, value)
    # Strings: numbers are accepted and kept as their text; booleans and structures are not.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"Invalid value for config key '{key}': expected a string")
    text = value if isinstance(value, str) else str(value)
    if spec.choices and text not in spec.choices:
        raise ConfigError(f"Invalid value for config key '{key}': must be one of {', '.join(spec.choices)}")
    return text


def _coerce_list(key: str, value: Any) -> list[str]:
    """A list of strings: native, a JSON array or comma-separated text."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = [entry.strip() for entry in value.split(",") if entry.strip()]
        value = parsed
    if isinstance(value, list) and all(isinstance(entry, str) for entry in value):
        return list(value)
    raise ConfigError(f"Invalid value for config key '{key}': expected a list of strings")


def _condition_holds(condition: dict[str, Any], effective: dict[str, Any]) -> bool:
    actual = effective.get(condition["config"])
    expected = condition["value"]
    operator = condition["operator"]
    if operator == "EQ":
        return actual == expected
    if operator == "NE":
        return actual != expected
    if operator == "IN":
        return actual in expected
    return False


def applies(spec: KeySpec, effective: dict[str, Any]) -> bool:
    """Whether every condition of the key holds for this (defaults-filled) config."""
    return all(_condition_holds(condition, effective) for condition in spec.conditions)


def with_defaults(code: str, user_config: dict[str, Any], catalog: Catalog = SOURCE_CATALOG) -> dict[str, Any]:
    """User config plus the default of every user-defined key that was not given."""
    effective = dict(user_config)
    for spec in catalog.keys[code]:
        if spec.user_defined and spec.key not in effective and spec.default is not None:
            effective[spec.key] = spec.default
    return effective


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def validate_config(code: str, config: dict[str, Any], catalog: Catalog = SOURCE_CATALOG) -> dict[str, Any]:
    """Check a user config against the connector schema; answer it with native value types.

    Rules: only user-defined schema keys; values of the right type and among the choices;
    every required key that applies (conditions hold) and has no default must be present.
    ``None`` values count as not given. All problems are reported in one message.
    """
    require_known_connector(code, catalog)
    specs = catalog.key_specs(code)
    problems: list[str] = []
    normalised: dict[str, Any] = {}
    for key, value in config.items():
        spec = specs.get(key)
        if spec is None:
            problems.append(f"Unknown config key '{key}' for connector '{code}'")
        elif not spec.user_defined:
            problems.append(
                f"Config key '{key}' is computed by the backend (user_defined is false) and cannot be set"
            )
        elif value is not None:
            try:
                normalised[key] = _coerce(spec, value)
            except ConfigError as error:
                problems.append(str(error))
    effective = with_defaults(code, normalised, catalog)
    for spec in specs.values():
        needed = spec.user_defined and spec.required and spec.default is None
        if needed and applies(spec, effective) and _is_missing(effective.get(spec.key)):
            problems.append(f"Missing required config key '{spec.key}'")
    if problems:
        raise ConfigError("; ".join(problems))
    return normalised


def changed_set_once_keys(
    code: str, before: dict[str, Any], after: dict[str, Any], catalog: Catalog = SOURCE_CATALOG
) -> list[str]:
    """Set-once keys whose effective value (given or default) differs between two configs."""
    old, new = with_defaults(code, before, catalog), with_defaults(code, after, catalog)
    return [
        spec.key for spec in catalog.keys[code] if spec.set_once and old.get(spec.key) != new.get(spec.key)
    ]


def encode(value: Any) -> str | None:
    """String-encode a config value the way the API answers it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _computed_values(code: str, effective: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """Backend-computed keys: each one copies its '.user.defined' twin when that is set."""
    computed = {}
    for spec in catalog.keys[code]:
        twin = f"{spec.key}.user.defined"
        if not spec.user_defined and effective.get(twin) is not None:
            computed[spec.key] = effective[twin]
    return computed


def render_config(
    code: str,
    user_config: dict[str, Any],
    *,
    secret_returned: bool,
    secret_style: str,
    catalog: Catalog = SOURCE_CATALOG,
) -> dict:
    """The config as answered: defaults filled in, computed keys added, values string-encoded,
    secrets withheld (omitted / null / masked) unless ``secret_returned``."""
    effective = with_defaults(code, user_config, catalog)
    effective.update(_computed_values(code, effective, catalog))
    specs = catalog.key_specs(code)
    answer: dict[str, Any] = {}
    for key, value in effective.items():
        spec = specs.get(key)
        if spec is not None and spec.secret and not secret_returned:
            if secret_style == "omit":
                continue
            answer[key] = None if secret_style == "null" else SECRET_MASK
        else:
            answer[key] = encode(value)
    return answer


def _entries(text: Any) -> list[str]:
    return [entry.strip() for entry in str(text or "").split(",") if entry.strip()]


def _qualified(entries: list[str], default_prefix: str | None) -> list[str]:
    """'schema.table' entries stay; bare names get the first schema/database as prefix."""
    names = []
    for entry in entries:
        if "." in entry or not default_prefix:
            names.append(entry)
        else:
            names.append(f"{default_prefix}.{entry}")
    return names


def captured_tables(code: str, user_config: dict[str, Any]) -> list[str]:
    """Captured table names, qualified as the topic suffix.

    postgresql/sqlserveraws: table.include.list.user.defined, bare names take the first entry of
    schema.include.list; mysql: 'db.table' (bare names take the first database of
    database.include.list.user.defined); mongodb: collection.include.list.user.defined
    ('db.collection', bare names take the first of database.include.list); dynamodb: the bare
    table names of table.include.list.user.defined (topic 'source_<id>.<table>').
    """
    def first(key: str) -> str | None:
        return (_entries(user_config.get(key)) or [None])[0]

    if code in ("postgresql", "sqlserveraws"):
        return _qualified(
            _entries(user_config.get("table.include.list.user.defined")), first("schema.include.list")
        )
    if code == "mysql":
        prefix = first("database.include.list.user.defined")
        return _qualified(_entries(user_config.get("table.include.list.user.defined")), prefix)
    if code == "mongodb":
        prefix = first("database.include.list")
        return _qualified(_entries(user_config.get("collection.include.list.user.defined")), prefix)
    return _entries(user_config.get("table.include.list.user.defined"))


def topic_prefix(source_id: str) -> str:
    """What a source's topic names start with: 'source_<id>.'."""
    return f"source_{source_id}."


def topics_for(code: str, source_id: str, user_config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Topic names 'source_<id>.<schema>.<table>' and the map table -> topic."""
    tables = captured_tables(code, user_config)
    topic_map = {table: f"{topic_prefix(source_id)}{table}" for table in tables}
    return list(topic_map.values()), topic_map
