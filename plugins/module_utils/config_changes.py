# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to the streamkap.cloud collection: not a public API, it may change in any release.

"""What a config change looks like: the config a PUT sends, the one check mode predicts, the
before/after views of diff mode (secrets masked) and the set-once keys a change would touch.

Only a run that changes something (or shows a diff) needs these; they are apart from config.py
so that a run that changes nothing never compiles them (AnsiballZ keeps no bytecode).
"""

from __future__ import annotations

import typing as t

from ansible_collections.streamkap.cloud.plugins.module_utils.config import (
    NUMBER_CONTROLS,
    SECRET_MASK,
    SECRET_MASK_CHANGED,
    SECRET_NOT_SENT,
    USER_DEFINED_SUFFIX,
    Classify,
    Config,
    ConfigDrift,
    Prop,
    SchemaProps,
    as_decimal,
    index_props,
    is_hidden_key,
    is_placeholder_default,
    is_user_defined,
    is_withheld,
    redact_config,
    schema_defaults,
    set_once_keys_of,
    value_spec,
    values_equal,
)

_ABSENT = object()


def merged_user_config(current: t.Optional[Config], desired: Config, schema_props: SchemaProps = None,
                       classify: Classify = None,
                       offline_defaults: t.Optional[t.Callable[[], t.Optional[Config]]] = None) -> t.Dict[str, t.Any]:
    """The full user-defined config to send with PUT: current overlaid with desired.

    From `current` only user-defined keys are kept: with a schema, the
    properties flagged user_defined; without one, every key except those with
    a `<key>.user.defined` twin. Withheld values (None or masks) and the server's
    placeholders are dropped rather than sent back; desired values win. A mask-looking
    value is withheld only under a key that may be secret (see is_hidden_key), and a
    placeholder-looking one is a placeholder only when it is the key's default (see
    is_placeholder_default, `offline_defaults` the connector's offline table): anything
    else is the user's value, and dropping it would reset it.
    """
    current = current or {}
    index = index_props(schema_props)
    merged: t.Dict[str, t.Any] = {}
    for key, value in current.items():
        withheld = value is None or (is_withheld(value) and is_hidden_key(key, schema_props, classify))
        if (_keep_current_key(key, current, index) and not withheld
                and not is_placeholder_default(key, value, schema_props, offline_defaults)):
            merged[key] = value
    for key, value in desired.items():
        if value is not None:
            merged[key] = value
    return merged


def _keep_current_key(key: str, current: Config, index: t.Mapping[str, Prop]) -> bool:
    if index:
        return key in index and is_user_defined(index[key])
    return f"{key}{USER_DEFINED_SUFFIX}" not in current


def immutable_changes(connector: str, desired: Config, current: t.Optional[Config], schema_props: SchemaProps = None,
                      set_once_keys: t.Optional[t.Mapping[str, t.FrozenSet[str]]] = None) -> t.List[str]:
    """Set-once keys whose desired value differs from a value the entity already has, sorted.

    `set_once_keys` is the kind's table by connector (SET_ONCE_KEYS, the sources', when not given).
    """
    current = current or {}
    set_once = set_once_keys_of(connector, schema_props, set_once_keys)
    return sorted(
        key for key in set_once
        if desired.get(key) is not None and not is_withheld(current.get(key)) and not values_equal(desired[key], current[key])
    )


def config_for_update(current: t.Optional[Config], desired: Config, drift: ConfigDrift,
                      schema_props: SchemaProps = None, classify: Classify = None,
                      offline_defaults: t.Optional[t.Callable[[], t.Optional[Config]]] = None) -> t.Dict[str, t.Any]:
    """The config to send with PUT: :func:`merged_user_config`, minus the secrets left alone.

    A withheld secret that the policy does not send (it is not in
    `drift.changed_keys`, i.e. update_secrets="on_create") is left out, so the
    service keeps the value it holds rather than being told the user's copy.
    """
    merged = merged_user_config(current, desired, schema_props, classify, offline_defaults)
    for key in drift.withheld_secret_keys:
        if key not in drift.changed_keys:
            merged.pop(key, None)
    return merged


def stored_value(value: t.Any, prop: t.Optional[Prop] = None) -> t.Any:
    """The value as the service stores it, where the schema says: a number key's text as plain
    digits ("+5439" and " 05439" are "5439"); any other value, numbers given as numbers included, as it is."""
    if prop is None or value_spec(prop).get("control") not in NUMBER_CONTROLS or not isinstance(value, str):
        return value
    number = as_decimal(value)
    # format(), not str(int()): Python refuses to turn an int of 4300+ digits into text.
    return value if number is None else format(number.normalize(), "f")


def stored_config(config: Config, schema_props: SchemaProps = None) -> t.Dict[str, t.Any]:
    """The config as the service stores it (see stored_value), for check mode's predictions."""
    index = index_props(schema_props)
    return {key: stored_value(value, index.get(key)) for key, value in config.items()}


def predicted_config(current: t.Optional[Config], desired: Config, drift: ConfigDrift,
                     schema_props: SchemaProps = None) -> t.Dict[str, t.Any]:
    """The source's config as it would read after the update (for check mode): current plus the changed keys,
    as the service stores them."""
    predicted = dict(current or {})
    predicted.update(stored_config({key: desired[key] for key in drift.changed_keys}, schema_props))
    return predicted


def config_change_views(desired: Config, current: t.Optional[Config], drift: ConfigDrift,
                        schema_props: SchemaProps = None, classify: Classify = None,
                        written: bool = False) -> t.Tuple[t.Dict[str, t.Any], t.Dict[str, t.Any]]:
    """Before and after values of the user's keys, for diff mode, secrets masked.

    Keys that do not drift show the same (current) value on both sides, so that
    "5432" against 5432 is no difference in the diff either. A withheld secret
    shows the mask on both sides: its value is unknown. A hidden value that changes
    (a secret rotated with update_secrets="always", or any value under a key the name
    rules hide) shows SECRET_MASK_CHANGED after, so every change is visible in the diff.
    `written` (the entity gets a PUT): a withheld secret the PUT leaves out
    (update_secrets="on_create") shows SECRET_NOT_SENT after, so a new value in the task
    is not taken for sent.
    """
    current = current or {}
    defaults = schema_defaults(schema_props)
    index = index_props(schema_props)
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
        after[key] = stored_value(wanted, index.get(key)) if key in drift.changed_keys or present is _ABSENT else present
    before = redact_config(before, schema_props, classify=classify)
    after = redact_config(after, schema_props, classify=classify)
    for key in drift.changed_keys:
        if key in before and before[key] == after.get(key) == SECRET_MASK:
            after[key] = SECRET_MASK_CHANGED
    if written:
        for key in drift.withheld_secret_keys:
            if key not in drift.changed_keys and key in after:
                after[key] = SECRET_NOT_SENT
    return before, after


def diff_view(name: t.Optional[str], connector: t.Optional[str], desired_state: t.Optional[str],
              config: t.Optional[Config], schema_props: SchemaProps = None, classify: Classify = None) -> t.Dict[str, t.Any]:
    """One side (before or after) of the module's diff, with secrets masked."""
    return {
        "name": name,
        "connector": connector,
        "desired_state": desired_state,
        "config": redact_config(config or {}, schema_props, classify=classify),
    }
