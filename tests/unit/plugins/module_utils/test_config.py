# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit tests for the connector config helpers (normalise, drift, secrets, merge) and schema validation."""

from __future__ import annotations

import typing as t
from functools import partial

import pytest

from ansible_collections.streamkap.cloud.plugins.module_utils._connector_keys import classify_key

from ansible_collections.streamkap.cloud.plugins.module_utils.config import (
    SECRET_MASK,
    SECRET_MASK_CHANGED,
    SET_ONCE_KEYS,
    ConfigDrift,
    config_diff,
    is_placeholder,
    is_placeholder_default,
    is_secret_key,
    is_withheld,
    is_user_defined,
    normalise_value,
    redact_config,
    schema_defaults,
    secret_values,
    values_equal,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.config_changes import (
    config_change_views,
    config_for_update,
    diff_view,
    immutable_changes,
    merged_user_config,
    predicted_config,
)
from ansible_collections.streamkap.cloud.plugins.module_utils.schema import (
    choices,
    conditions_hold,
    parse_connector_schema,
    validate_config,
)


PASSWORD = "s3cr3t-Pa55word!"
SSH_ON = [{"operator": "EQ", "config": "ssh.enabled", "value": True}]


def prop(name: str, control: str = "string", *, required: bool = False, default: t.Any = None,
         user_defined: bool = True, encrypt: bool = False, set_once: bool = False,
         raw_values: t.Optional[list] = None, conditions: t.Optional[list] = None,
         minimum: t.Any = None, maximum: t.Any = None) -> t.Dict[str, t.Any]:
    """A property definition shaped like the GET /sources/connectors answer."""
    value: t.Dict[str, t.Any] = {"control": control, "type": "raw", "default": default}
    if raw_values is not None:
        value["raw_values"] = raw_values
    if minimum is not None:
        value["min"] = minimum
    if maximum is not None:
        value["max"] = maximum
    return {
        "name": name,
        "description": f"The {name} setting.",
        "display_name": name.replace(".", " ").title(),
        "user_defined": user_defined,
        "required": required,
        "encrypt": encrypt,
        "set_once": set_once,
        "tab": "settings",
        "conditions": conditions or [],
        "value": value,
    }


def postgresql_props() -> t.List[t.Dict[str, t.Any]]:
    """A realistic slice of the postgresql schema (see connectors.md) plus computed twins."""
    return [
        prop("database.hostname.user.defined", required=True),
        prop("database.hostname", user_defined=False),
        prop("database.port.user.defined", "number", default=5432, minimum=1, maximum=65535),
        prop("database.port", "number", user_defined=False),
        prop("database.user", required=True),
        prop("database.password", "password", required=True, encrypt=True),
        prop("database.dbname", required=True),
        prop("schema.include.list", required=True),
        prop("table.include.list.user.defined", required=True),
        prop("snapshot.read.only.user.defined", "one-select", default="Yes",
             raw_values=[{"value": "Yes", "label": "Yes"}, {"value": "No", "label": "No"}]),
        prop("database.sslmode", "one-select", default="require", raw_values=["require", "disable"]),
        prop("binary.handling.mode", "one-select", default="bytes", raw_values=["bytes", "base64", "base64-url-safe", "hex"]),
        prop("post.processors", "multi-select", raw_values=["reselector", "filter"]),
        prop("heartbeat.enabled", "toggle", default=True),
        prop("slot.name", default="streamkap_pgoutput_slot", set_once=True),
        prop("publication.name", default="streamkap_pub", set_once=True),
        prop("streamkap.snapshot.parallelism", "slider", default=1, minimum=1, maximum=10),
        prop("streamkap.snapshot.custom.table.config.user.defined", "json"),
        prop("ssh.enabled", "boolean", default=False),
        prop("ssh.host", required=True, conditions=SSH_ON),
        prop("ssh.port", "number", default=22, conditions=SSH_ON),
        prop("ssh.user", default="streamkap", conditions=SSH_ON),
        prop("ssh.public.key.user.displayed", default="<SSH.PUBLIC.KEY>", conditions=SSH_ON),
    ]


def valid_config(**extra: t.Any) -> t.Dict[str, t.Any]:
    config = {
        "database.hostname.user.defined": "db.example.com",
        "database.port.user.defined": 5432,
        "database.user": "streamkap",
        "database.password": PASSWORD,
        "database.dbname": "app",
        "schema.include.list": "public",
        "table.include.list.user.defined": "public.orders",
    }
    config.update(extra)
    return config


def api_config(**extra: t.Any) -> t.Dict[str, t.Any]:
    """What GET /sources answers for valid_config(): string-encoded, with computed keys and defaults."""
    config = {
        "database.hostname.user.defined": "db.example.com",
        "database.hostname": "10.0.0.12",
        "database.port.user.defined": "5432",
        "database.port": "5432",
        "database.user": "streamkap",
        "database.dbname": "app",
        "schema.include.list": "public",
        "table.include.list.user.defined": "public.orders",
        "heartbeat.enabled": "true",
        "slot.name": "streamkap_pgoutput_slot",
        "publication.name": "streamkap_pub",
        "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    }
    config.update(extra)
    return config


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (None, None),
    (True, "true"),
    (False, "false"),
    ("true", "true"),
    ("True", "true"),
    ("FALSE", "false"),
    (5432, "5432"),
    (-1, "-1"),
    (1.0, "1"),
    (1.5, "1.5"),
    ("5432", "5432"),
    ("Yes", "Yes"),
    ("", ""),
    ({"b": 1, "a": [True, None]}, '{"a":[true,null],"b":1}'),
    (["x", 2], '["x",2]'),
])
def test_normalise_value_table(value, expected):
    assert normalise_value(value) == expected


@pytest.mark.parametrize(("desired", "current"), [
    (5432, "5432"),
    (True, "true"),
    (False, "false"),
    ("True", "true"),
    (1.0, "1"),
    (1, "1.0"),
    (1.5, "1.50"),
    ({"a": 1, "b": 2}, '{"b": 2, "a": 1}'),
    (["reselector", "filter"], "reselector, filter"),
    (["a"], '["a"]'),
])
def test_values_equal_accepts_api_encodings(desired, current):
    assert values_equal(desired, current)


@pytest.mark.parametrize(("desired", "current"), [
    (5432, "5433"),
    (True, "false"),
    ("007", "7"),
    ("abc", None),
    (1, "one"),
    ({"a": 1}, '{"a": 2}'),
    (["a", "b"], "b,a"),
])
def test_values_equal_detects_real_differences(desired, current):
    assert not values_equal(desired, current)


# --------------------------------------------------------------------------
# Schema parsing
# --------------------------------------------------------------------------

def test_parse_schema_keyed_list():
    props = postgresql_props()
    assert parse_connector_schema({"PostgreSQL": props}) == props


def test_parse_schema_keyed_object_with_config():
    props = postgresql_props()
    payload = {"PostgreSQL": {"config": props, "display_name": "PostgreSQL", "metrics": []}}
    assert parse_connector_schema(payload) == props


def test_parse_schema_bare_list_and_bare_object():
    props = postgresql_props()
    assert parse_connector_schema(props) == props
    assert parse_connector_schema({"config": props}) == props


def test_parse_schema_skips_entries_without_a_name():
    payload = {"PostgreSQL": [prop("a"), {"description": "no name"}, "junk"]}
    assert [p["name"] for p in parse_connector_schema(payload)] == ["a"]


def test_parse_schema_rejects_other_shapes():
    with pytest.raises(ValueError, match="not an object or a list"):
        parse_connector_schema("PostgreSQL")


def test_schema_helpers():
    props = postgresql_props()
    defaults = schema_defaults(props)
    assert defaults["database.port.user.defined"] == 5432
    assert "database.user" not in defaults
    keys = sorted(p["name"] for p in props if is_user_defined(p))
    assert "database.hostname" not in keys and "database.hostname.user.defined" in keys
    assert choices(props[9]) == ["Yes", "No"]
    assert choices(prop("x")) == []


def test_schema_given_as_mapping_by_name():
    by_name = {p["name"]: p for p in postgresql_props()}
    assert is_secret_key("database.password", by_name)
    assert validate_config(valid_config(), by_name) == []


# --------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("condition", "values", "holds"), [
    ({"operator": "EQ", "config": "ssh.enabled", "value": True}, {"ssh.enabled": "true"}, True),
    ({"operator": "EQ", "config": "ssh.enabled", "value": "true"}, {"ssh.enabled": False}, False),
    ({"operator": "NE", "config": "database.sslmode", "value": "disable"}, {"database.sslmode": "require"}, True),
    ({"operator": "NE", "config": "database.sslmode", "value": "disable"}, {"database.sslmode": "disable"}, False),
    ({"operator": "IN", "config": "mode", "value": ["a", "b"]}, {"mode": "b"}, True),
    ({"operator": "IN", "config": "mode", "value": ["a", "b"]}, {"mode": "c"}, False),
    ({"operator": "IN", "config": "port", "value": [22, 2222]}, {"port": "2222"}, True),
    ({"operator": "EQ", "config": "missing", "value": "x"}, {}, False),
    ({"operator": "GT", "config": "mode", "value": 1}, {"mode": 5}, False),
])
def test_conditions_hold(condition, values, holds):
    assert conditions_hold({"name": "p", "conditions": [condition]}, values) is holds


def test_all_conditions_must_hold():
    both = {"conditions": [{"operator": "EQ", "config": "a", "value": 1}, {"operator": "EQ", "config": "b", "value": 2}]}
    assert conditions_hold(both, {"a": 1, "b": "2"})
    assert not conditions_hold(both, {"a": 1, "b": 3})
    assert conditions_hold({"conditions": None}, {})


# --------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------

@pytest.mark.parametrize("key", [
    "database.password",
    "aws.secret.key",
    "aws.access.key.id",
    "mongodb.connection.string.user.defined",
    "api.token",
    "snowflake.private.key",
    "private.key.passphrase",
    "service.api.key",
    "gcp.credentials",
    "ssl.truststore.password",
    "clientSecret",
    "aws.key.id",
    "http.headers.authorization",
])
def test_secret_looking_names(key):
    assert is_secret_key(key)


@pytest.mark.parametrize("key", [
    "database.user",
    "transforms.ValueToKey.fields.include.list",
    "ssh.public.key.user.displayed",
    "transforms.SourceRegexSupport.key.field.template",
    "database.connectionTimeZone",
    "max.tokens",
    "signal.data.collection.schema.or.database",
    "http.authorization.type",
])
def test_ordinary_names_are_not_secret(key):
    assert not is_secret_key(key)


def test_schema_marks_secrets_by_encrypt_or_password_control():
    props = [prop("db.pwd.thing", encrypt=True), prop("opaque.field", "password"), prop("plain.field")]
    assert is_secret_key("db.pwd.thing", props)
    assert is_secret_key("opaque.field", props)
    assert not is_secret_key("plain.field", props)
    assert not is_secret_key("opaque.field")


@pytest.mark.parametrize(("value", "withheld"), [
    (None, True),
    ("********", True),
    ("*****", True),
    ("*", True),
    ("", False),
    ("pa**word", False),
    ("hunter2", False),
    (0, False),
])
def test_is_withheld(value, withheld):
    assert is_withheld(value) is withheld


def test_is_placeholder():
    assert is_placeholder("<SSH.PUBLIC.KEY>")
    assert not is_placeholder("<not a placeholder>")
    assert not is_placeholder("ssh-rsa AAAA")


def test_secret_values_for_no_log():
    config = valid_config(**{
        "aws.secret.key": "",
        "api.token": SECRET_MASK,
        "ssl.keystore.password": None,
        "gcp.credentials": {"private_key": "-----KEY-----", "type": "service_account"},
        "use.token": True,
        "db.pin": 7,
    })
    found = secret_values(config, [prop("db.pin", "password")])
    assert found == [
        PASSWORD,
        '{"private_key":"-----KEY-----","type":"service_account"}',
        "-----KEY-----",
        "service_account",
        "7",
    ]


def test_redact_config_masks_only_secrets_and_keeps_none():
    config = valid_config(**{"aws.secret.key": None, "api.token": "tok"})
    redacted = redact_config(config)
    assert redacted["database.password"] == SECRET_MASK
    assert redacted["api.token"] == SECRET_MASK
    assert redacted["aws.secret.key"] is None
    assert redacted["database.user"] == "streamkap"
    assert config["database.password"] == PASSWORD, "the input must not be modified"
    assert redact_config({"opaque.field": "x"}, [prop("opaque.field", "password")], mask="<hidden>") == {"opaque.field": "<hidden>"}


def test_diff_view_masks_secrets():
    view = diff_view("orders-db", "postgresql", "Active", valid_config(), postgresql_props())
    assert view["name"] == "orders-db" and view["connector"] == "postgresql" and view["desired_state"] == "Active"
    assert view["config"]["database.password"] == SECRET_MASK
    assert PASSWORD not in repr(view)
    assert diff_view("x", "mysql", None, None)["config"] == {}


# --------------------------------------------------------------------------
# Drift
# --------------------------------------------------------------------------

def test_no_drift_against_string_encoded_answer_with_extra_keys():
    desired = valid_config(**{"heartbeat.enabled": True})
    current = api_config(**{"database.password": PASSWORD})
    drift = config_diff(desired, current)
    assert drift == ConfigDrift(changed_keys=[], withheld_secret_keys=[])
    assert not drift.needs_update


def test_drift_in_one_key():
    current = api_config(**{"database.password": PASSWORD})
    drift = config_diff(valid_config(**{"database.port.user.defined": 5433}), current)
    assert drift.changed_keys == ["database.port.user.defined"]
    assert drift.needs_update


def test_key_missing_from_current_is_a_change_unless_schema_default_matches():
    current = api_config(**{"database.password": PASSWORD})
    desired = valid_config(**{"database.sslmode": "require"})
    assert config_diff(desired, current).changed_keys == ["database.sslmode"]
    assert config_diff(desired, current, postgresql_props()).changed_keys == []
    desired["database.sslmode"] = "disable"
    assert config_diff(desired, current, postgresql_props()).changed_keys == ["database.sslmode"]


def test_none_in_desired_means_not_specified():
    drift = config_diff({"database.user": None}, api_config())
    assert drift.changed_keys == [] and drift.withheld_secret_keys == []


def test_no_current_config_means_everything_changes():
    assert config_diff({"a": 1, "b": None}, None).changed_keys == ["a"]


WITHHELD_STYLES = {
    "omitted": api_config(),
    "null": api_config(**{"database.password": None}),
    "masked": api_config(**{"database.password": "********"}),
    "short-mask": api_config(**{"database.password": "*****"}),
}


@pytest.mark.parametrize("style", sorted(WITHHELD_STYLES))
def test_withheld_secret_is_no_change_on_create_policy(style):
    drift = config_diff(valid_config(), WITHHELD_STYLES[style])
    assert drift.changed_keys == []
    assert drift.withheld_secret_keys == ["database.password"]


@pytest.mark.parametrize("style", sorted(WITHHELD_STYLES))
def test_withheld_secret_is_a_change_with_always_policy(style):
    drift = config_diff(valid_config(), WITHHELD_STYLES[style], update_secrets="always")
    assert drift.changed_keys == ["database.password"]
    assert drift.withheld_secret_keys == ["database.password"]


def test_returned_secret_is_compared_like_any_key():
    same = api_config(**{"database.password": PASSWORD})
    other = api_config(**{"database.password": "old-password"})
    assert config_diff(valid_config(), same).changed_keys == []
    assert config_diff(valid_config(), other).changed_keys == ["database.password"]
    assert config_diff(valid_config(), other).withheld_secret_keys == []
    assert config_diff(valid_config(), same, update_secrets="always").changed_keys == []


def test_schema_only_secret_withheld_by_omission():
    props = [prop("opaque.field", "password")]
    drift = config_diff({"opaque.field": "value"}, {}, props)
    assert drift.changed_keys == [] and drift.withheld_secret_keys == ["opaque.field"]


def test_a_mask_looking_value_of_a_plain_key_is_a_value_not_a_withheld_secret():
    # Only secret keys may count as withheld (a truncation suffix "***" is an ordinary value).
    drift = config_diff({"opaque.field": "value"}, {"opaque.field": "***"})
    assert drift.withheld_secret_keys == [] and drift.changed_keys == ["opaque.field"]
    assert config_diff({"db.password": "value"}, {"db.password": "***"}).withheld_secret_keys == ["db.password"]


def test_non_secret_null_is_a_change():
    assert config_diff({"database.user": "u"}, {"database.user": None}).changed_keys == ["database.user"]


def test_bad_update_secrets_policy():
    with pytest.raises(ValueError, match="on_create, always"):
        config_diff({}, {}, update_secrets="sometimes")


# --------------------------------------------------------------------------
# Merge for PUT
# --------------------------------------------------------------------------

def test_merge_without_schema_drops_computed_twins_and_withheld_secrets():
    current = api_config(**{"database.password": SECRET_MASK, "ssh.public.key.user.displayed": "<SSH.PUBLIC.KEY>"})
    merged = merged_user_config(current, {"database.user": "other"})
    assert "database.hostname" not in merged and "database.port" not in merged
    assert merged["database.hostname.user.defined"] == "db.example.com"
    assert "database.password" not in merged
    assert "ssh.public.key.user.displayed" not in merged
    assert merged["database.user"] == "other"
    assert merged["heartbeat.enabled"] == "true"


@pytest.mark.parametrize("schema", [None, "postgresql"])
@pytest.mark.parametrize("value", ["<MY_VALUE>", "<MY.VALUE>", "<DB-1>", "<SSH.PUBLIC.KEY>"])
def test_merge_sends_back_a_placeholder_shaped_value_that_is_not_the_key_default(value, schema):
    """Only the key's own placeholder default is the server's; the same shape under any other key is data."""
    current = api_config(**{"database.dbname": value})
    merged = merged_user_config(current, {"database.user": "other"}, postgresql_props() if schema else None)
    assert merged["database.dbname"] == value


def test_merge_drops_the_placeholder_default_of_the_schema_the_offline_table_or_the_known_ones():
    props = postgresql_props() + [prop("ssh.key.shown", default="<SSH.KEY>")]
    current = api_config(**{"ssh.key.shown": "<SSH.KEY>", "dest.key.shown": "<DEST.KEY>",
                            "ssh.public.key.user.displayed": "<SSH.PUBLIC.KEY>", "other.key": "<DEST.KEY>"})
    read: t.List[str] = []

    def offline() -> t.Dict[str, t.Any]:
        read.append("table")
        return {"dest.key.shown": "<DEST.KEY>", "ssh.key.shown": "<SSH.KEY>"}

    without_schema = merged_user_config(current, {}, offline_defaults=offline)
    assert "ssh.key.shown" not in without_schema and "dest.key.shown" not in without_schema
    assert "ssh.public.key.user.displayed" not in without_schema
    assert without_schema["other.key"] == "<DEST.KEY>"
    schema = props + [prop("dest.key.shown"), prop("other.key"), prop("ssh.public.key.user.displayed")]
    with_schema = merged_user_config(current, {}, schema, offline_defaults=offline)
    assert set(with_schema) & {"ssh.key.shown", "dest.key.shown", "ssh.public.key.user.displayed"} == set()
    assert with_schema["other.key"] == "<DEST.KEY>"


def test_the_offline_table_is_read_only_for_a_placeholder_shaped_value():
    def offline() -> t.Dict[str, t.Any]:
        raise AssertionError("the table is read only when a value looks like a placeholder")

    assert merged_user_config(api_config(), {"database.user": "u"}, offline_defaults=offline)["database.user"] == "u"
    assert is_placeholder_default("a.key", "plain", None, offline) is False
    assert is_placeholder_default("a.key", "<A.KEY>", [prop("a.key", default="<A.KEY>")], offline) is True


@pytest.mark.parametrize("style", sorted(WITHHELD_STYLES))
def test_merge_sends_user_given_secret_and_never_a_withheld_one(style):
    current = WITHHELD_STYLES[style]
    assert "database.password" not in merged_user_config(current, {"database.user": "u"})
    assert merged_user_config(current, {"database.password": PASSWORD})["database.password"] == PASSWORD


def test_merge_with_schema_keeps_only_user_defined_keys():
    current = api_config(**{"database.password": None})
    merged = merged_user_config(current, {"ssh.enabled": True, "ssh.host": "bastion", "slot.name": None}, postgresql_props())
    assert set(merged) == {
        "database.hostname.user.defined", "database.port.user.defined", "database.user", "database.dbname",
        "schema.include.list", "table.include.list.user.defined", "heartbeat.enabled", "slot.name",
        "publication.name", "ssh.enabled", "ssh.host",
    }
    assert merged["slot.name"] == "streamkap_pgoutput_slot", "None in desired keeps the current value"
    assert merged["ssh.enabled"] is True


def test_merge_does_not_modify_inputs():
    current = api_config()
    desired = {"database.user": "x"}
    merged_user_config(current, desired)
    assert current == api_config() and desired == {"database.user": "x"}


# --------------------------------------------------------------------------
# Set-once keys
# --------------------------------------------------------------------------

def test_immutable_changes_from_fallback_table():
    current = api_config()
    assert immutable_changes("postgresql", {"slot.name": "other_slot", "publication.name": "streamkap_pub"}, current) == ["slot.name"]
    assert immutable_changes("postgresql", {"slot.name": "streamkap_pgoutput_slot"}, current) == []
    assert immutable_changes("mysql", {"database.server.id": 5401}, {"database.server.id": "5401"}) == []
    assert immutable_changes("mysql", {"database.server.id": 5402}, {"database.server.id": "5401"}) == ["database.server.id"]
    assert "database.server.id" in SET_ONCE_KEYS["mysql"]


def test_immutable_changes_ignore_absent_or_withheld_current_values():
    assert immutable_changes("postgresql", {"slot.name": "s"}, {}) == []
    assert immutable_changes("postgresql", {"slot.name": "s"}, {"slot.name": None}) == []
    assert immutable_changes("postgresql", {"slot.name": None}, {"slot.name": "t"}) == []


def test_immutable_changes_from_schema_flag():
    props = [prop("cluster.id", set_once=True)]
    assert immutable_changes("webhook", {"cluster.id": "b"}, {"cluster.id": "a"}, props) == ["cluster.id"]
    assert immutable_changes("webhook", {"cluster.id": "b"}, {"cluster.id": "a"}) == []


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

def test_valid_config_has_no_errors():
    assert validate_config(valid_config(), postgresql_props()) == []


def test_unknown_key_with_suggestion():
    errors = validate_config(valid_config(**{"database.hostnme": "x"}), postgresql_props())
    assert errors == ["unknown key 'database.hostnme'; did you mean 'database.hostname.user.defined'?"]


def test_unknown_key_without_suggestion():
    errors = validate_config(valid_config(**{"completely.different": "x"}), postgresql_props())
    assert errors == ["unknown key 'completely.different'"]


def test_computed_key_points_to_its_user_defined_twin():
    errors = validate_config(valid_config(**{"database.hostname": "db"}), postgresql_props())
    assert errors == ["'database.hostname' is computed by the service; set 'database.hostname.user.defined' instead"]


def test_computed_key_absent_from_schema_still_points_to_twin():
    props = [p for p in postgresql_props() if p["name"] != "database.hostname"]
    errors = validate_config(valid_config(**{"database.hostname": "db"}), props)
    assert errors == ["'database.hostname' is computed by the service; set 'database.hostname.user.defined' instead"]


def test_non_user_defined_key_without_twin():
    props = postgresql_props() + [prop("connector.class", user_defined=False)]
    errors = validate_config(valid_config(**{"connector.class": "x"}), props)
    assert errors == ["'connector.class' is not user-defined (the service computes it); remove it"]


def test_missing_required_keys():
    config = valid_config()
    del config["database.user"]
    del config["schema.include.list"]
    assert validate_config(config, postgresql_props()) == [
        "missing required key 'database.user'",
        "missing required key 'schema.include.list'",
    ]


def test_required_key_given_empty_or_none():
    errors = validate_config(valid_config(**{"database.user": "", "database.dbname": None}), postgresql_props())
    assert errors == ["missing required key 'database.dbname'", "required key 'database.user' must not be empty"]


def test_required_with_default_is_optional():
    props = postgresql_props() + [prop("signal.data.collection.schema.or.database", required=True, default="streamkap")]
    assert validate_config(valid_config(), props) == []


def test_condition_not_holding_means_not_required_nor_validated():
    # ssh.port is not a number, but ssh is off, so it is not checked.
    assert validate_config(valid_config(**{"ssh.port": "twenty-two"}), postgresql_props()) == []
    assert validate_config(valid_config(**{"ssh.enabled": False}), postgresql_props()) == []


def test_condition_holding_makes_key_required_and_validated():
    errors = validate_config(valid_config(**{"ssh.enabled": True, "ssh.port": "twenty-two"}), postgresql_props())
    assert errors == ["'ssh.port' must be a number; got 'twenty-two'", "missing required key 'ssh.host'"]
    assert validate_config(valid_config(**{"ssh.enabled": "true", "ssh.host": "bastion"}), postgresql_props()) == []


def test_condition_evaluated_against_defaults():
    props = postgresql_props() + [
        prop("ssl.root.cert", required=True, conditions=[{"operator": "IN", "config": "database.sslmode", "value": ["require"]}]),
    ]
    assert validate_config(valid_config(), props) == ["missing required key 'ssl.root.cert'"]
    assert validate_config(valid_config(**{"database.sslmode": "disable"}), props) == []


def test_update_counts_existing_keys_and_omitted_secrets_as_present():
    desired = {"database.user": "new-user"}
    existing = api_config()  # password withheld by omission
    assert validate_config(desired, postgresql_props(), existing=existing) == []
    assert validate_config(desired, postgresql_props(), existing={"database.password": None}) == [
        "missing required key 'database.dbname'",
        "missing required key 'database.hostname.user.defined'",
        "missing required key 'schema.include.list'",
        "missing required key 'table.include.list.user.defined'",
    ]


def test_update_turning_ssh_on_needs_ssh_host():
    existing = api_config()
    assert validate_config({"ssh.enabled": True}, postgresql_props(), existing=existing) == ["missing required key 'ssh.host'"]
    existing["ssh.enabled"] = "true"
    existing["ssh.host"] = "bastion"
    assert validate_config({"ssh.port": 2222}, postgresql_props(), existing=existing) == []


@pytest.mark.parametrize(("key", "value", "message"), [
    ("database.port.user.defined", "abc", "'database.port.user.defined' must be a number; got 'abc'"),
    ("database.port.user.defined", True, "'database.port.user.defined' must be a number; got 'true'"),
    ("database.port.user.defined", 0, "'database.port.user.defined' must be at least 1; got '0'"),
    ("database.port.user.defined", "70000", "'database.port.user.defined' must be at most 65535; got '70000'"),
    ("streamkap.snapshot.parallelism", 11, "'streamkap.snapshot.parallelism' must be at most 10; got '11'"),
    ("heartbeat.enabled", "maybe", "'heartbeat.enabled' must be a boolean (true or false); got 'maybe'"),
    ("heartbeat.enabled", 1, "'heartbeat.enabled' must be a boolean (true or false); got '1'"),
    ("database.user", {"a": 1}, "'database.user' must be a string, not a dict; got '{\"a\":1}'"),
    ("database.user", ["a"], "'database.user' must be a string, not a list; got '[\"a\"]'"),
    ("streamkap.snapshot.custom.table.config.user.defined", "{not json",
     "'streamkap.snapshot.custom.table.config.user.defined' must be a JSON object or array, or a string holding one; got '{not json'"),
    ("streamkap.snapshot.custom.table.config.user.defined", 5,
     "'streamkap.snapshot.custom.table.config.user.defined' must be a JSON object or array, or a string holding one; got '5'"),
    ("database.sslmode", "prefer", "'database.sslmode' must be one of 'require', 'disable'; got 'prefer'"),
    ("database.sslmode", ["require"], "'database.sslmode' must be a single value, not a list; got '[\"require\"]'"),
    ("snapshot.read.only.user.defined", True,
     "'snapshot.read.only.user.defined' must be one of 'Yes', 'No'; got 'true' (quote the value in YAML)"),
    ("post.processors", ["reselector", "enrich"], "'post.processors' accepts only 'reselector', 'filter'; not allowed: 'enrich'"),
    ("post.processors", "reselector,enrich, x", "'post.processors' accepts only 'reselector', 'filter'; not allowed: 'enrich', 'x'"),
    ("post.processors", 3, "'post.processors' must be a list or a comma-separated string; got '3'"),
])
def test_wrong_type_messages(key, value, message):
    assert validate_config(valid_config(**{key: value}), postgresql_props()) == [message]


@pytest.mark.parametrize(("key", "value"), [
    ("database.port.user.defined", "5432"),
    ("database.port.user.defined", 5432.0),
    ("streamkap.snapshot.parallelism", "4"),
    ("heartbeat.enabled", False),
    ("heartbeat.enabled", "TRUE"),
    ("database.user", 12345),
    ("streamkap.snapshot.custom.table.config.user.defined", {"public.orders": {"chunk": 10}}),
    ("streamkap.snapshot.custom.table.config.user.defined", '[{"table": "public.orders"}]'),
    ("database.sslmode", "disable"),
    ("snapshot.read.only.user.defined", "No"),
    ("post.processors", ["reselector", "filter"]),
    ("post.processors", "reselector, filter"),
    ("post.processors", []),
])
def test_accepted_values(key, value):
    assert validate_config(valid_config(**{key: value}), postgresql_props()) == []


def test_unknown_control_and_dynamic_choices_are_not_checked():
    props = postgresql_props() + [prop("mystery", "colour-picker"), prop("dyn.select", "one-select")]
    assert validate_config(valid_config(mystery=[1], **{"dyn.select": "anything"}), props) == []


def test_long_values_are_shortened_in_messages():
    errors = validate_config(valid_config(**{"heartbeat.enabled": "x" * 200}), postgresql_props())
    assert len(errors) == 1 and errors[0].endswith("...'") and len(errors[0]) < 150


def test_no_secret_value_in_any_error_message():
    props = postgresql_props() + [
        prop("aws.secret.key", "number"),
        prop("ssl.keystore.password", "one-select", raw_values=["a", "b"]),
        prop("gcp.credentials", "json"),
        prop("api.token", "multi-select", raw_values=["a"]),
        prop("opaque.field", "password"),
    ]
    config = valid_config(**{
        "database.password": {"nested": PASSWORD},
        "aws.secret.key": PASSWORD,
        "ssl.keystore.password": PASSWORD,
        "gcp.credentials": PASSWORD,
        "api.token": [PASSWORD],
        "opaque.field": [PASSWORD],
        "database.pasword": PASSWORD,
    })
    errors = validate_config(config, props)
    assert len(errors) == 7
    assert all(PASSWORD not in error for error in errors), errors
    assert "'database.password' must be a string, not a dict" in errors
    assert "'api.token' accepts only 'a'" in errors
    assert "unknown key 'database.pasword'; did you mean 'database.password'?" in errors


def test_validate_without_schema_reports_every_key_unknown():
    assert validate_config({"a": 1}, None) == ["unknown key 'a'"]


# --------------------------------------------------------------------------
# Update body, check-mode prediction and diff sides
# --------------------------------------------------------------------------

def test_redact_config_keeps_empty_values():
    assert redact_config({"database.password": "", "api.token": None}) == {"database.password": "", "api.token": None}


def test_config_for_update_leaves_withheld_secrets_out_on_create_policy():
    desired = valid_config(**{"database.user": "cdc"})
    drift = config_diff(desired, api_config(), postgresql_props())
    body = config_for_update(api_config(), desired, drift, postgresql_props())
    assert body["database.user"] == "cdc"
    assert "database.password" not in body
    assert "database.hostname" not in body and "database.port" not in body
    assert body["slot.name"] == "streamkap_pgoutput_slot"


def test_config_for_update_sends_withheld_secrets_with_always_policy():
    desired = valid_config()
    drift = config_diff(desired, api_config(), postgresql_props(), update_secrets="always")
    assert config_for_update(api_config(), desired, drift, postgresql_props())["database.password"] == PASSWORD


def test_predicted_config_overlays_only_the_changed_keys():
    desired = valid_config(**{"database.port.user.defined": 5433})
    drift = config_diff(desired, api_config())
    predicted = predicted_config(api_config(), desired, drift)
    assert predicted["database.port.user.defined"] == 5433
    assert predicted["database.user"] == "streamkap"
    assert "database.password" not in predicted


def test_config_change_views_show_real_changes_only_and_mask_secrets():
    desired = valid_config(**{"database.port.user.defined": 5433, "database.sslmode": "require", "column.include.list.user.defined": "a"})
    drift = config_diff(desired, api_config(), postgresql_props())
    before, after = config_change_views(desired, api_config(), drift, postgresql_props())
    assert (before["database.port.user.defined"], after["database.port.user.defined"]) == ("5432", 5433)
    assert before["database.user"] == after["database.user"] == "streamkap"
    # Absent from the answer but equal to the schema default: no difference.
    assert before["database.sslmode"] == after["database.sslmode"] == "require"
    # A new key only appears after.
    assert "column.include.list.user.defined" not in before and after["column.include.list.user.defined"] == "a"
    assert before["database.password"] == after["database.password"] == SECRET_MASK
    assert PASSWORD not in repr((before, after))


def test_config_change_views_mask_a_returned_secret():
    desired = valid_config(**{"database.password": "new-password"})
    drift = config_diff(desired, api_config(**{"database.password": PASSWORD}), postgresql_props())
    before, after = config_change_views(desired, api_config(**{"database.password": PASSWORD}), drift, postgresql_props())
    assert drift.changed_keys == ["database.password"]
    assert before["database.password"] == SECRET_MASK
    assert after["database.password"] == SECRET_MASK_CHANGED


@pytest.mark.parametrize("connector, key", [("s3", "aws.access.key.id"), ("iceberg", "iceberg.catalog.s3.access-key-id")])
def test_a_changed_value_under_a_hidden_key_shows_as_changed_without_its_value(connector, key):
    # Plain by the offline table, hidden by the name rules: still masked, but the change is visible.
    classify = partial(classify_key, "destinations", connector)
    desired, current = {key: "AKIANEW"}, {key: "AKIAOLD"}
    drift = config_diff(desired, current, classify=classify)
    before, after = config_change_views(desired, current, drift, classify=classify)
    assert drift.changed_keys == [key]
    assert (before[key], after[key]) == (SECRET_MASK, SECRET_MASK_CHANGED)
    assert diff_view("d", connector, None, after, classify=classify)["config"][key] == SECRET_MASK_CHANGED
    assert "AKIA" not in repr((before, after))


def test_a_withheld_secret_rotated_with_update_secrets_always_shows_as_changed():
    desired = valid_config()
    drift = config_diff(desired, api_config(), postgresql_props(), update_secrets="always")
    before, after = config_change_views(desired, api_config(), drift, postgresql_props())
    assert (before["database.password"], after["database.password"]) == (SECRET_MASK, SECRET_MASK_CHANGED)
    assert PASSWORD not in repr((before, after))


def test_an_unchanged_hidden_value_shows_the_plain_mask_on_both_sides():
    classify = partial(classify_key, "destinations", "s3")
    desired = {"aws.access.key.id": "AKIASAME"}
    drift = config_diff(desired, dict(desired), classify=classify)
    before, after = config_change_views(desired, dict(desired), drift, classify=classify)
    assert before["aws.access.key.id"] == after["aws.access.key.id"] == SECRET_MASK


def test_the_name_rules_win_over_a_table_that_marks_a_bearer_header_plain():
    """httpsink's authorization header holds a bearer token, though the provider marks it plain."""
    def httpsink(key: str) -> bool | None:
        return classify_key("destinations", "httpsink", key)

    assert httpsink("http.headers.authorization") is False
    assert is_secret_key("http.headers.authorization", classify=httpsink)
    assert secret_values({"http.headers.authorization": "Bearer SEKRIT-TOKEN", "http.authorization.type": "static"},
                         classify=httpsink) == ["Bearer SEKRIT-TOKEN"]
