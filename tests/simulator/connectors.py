"""Connector config schemas served by ``GET /sources/connectors``.

The user-defined rows below are transcribed from the project's connector reference
(``connectors.md``: key, type, required, secret, default, choices, set-once), one ``K(...)`` per
table row, in the same order (runs of rows that several tables share are listed once). Four
deliberate additions, each marked where it is made:

* ``ssh.host``/``ssh.port``/``ssh.user``/``ssh.public.key.user.displayed`` only apply when
  ``ssh.enabled`` is true (``conditions``), and ``ssh.host`` is then required;
* MySQL ``database.server.id``: an optional integer, set-once user key (the API contract lists it
  as set-once although the key table does not);
* PostgreSQL ``database.sslkey``: an optional secret whose name says nothing about being one, so
  only the schema's ``encrypt`` flag tells it apart;
* a few backend-computed keys (``user_defined=False``) per connector, so clients can be tested
  against rejection of non-user-defined keys and against computed keys in answers.

``property_definitions(code)`` renders the documented property-definition shape:
``name, description, display_name, user_defined, required, encrypt, set_once, tab, conditions,
value{control, type, default, raw_values, min, max, step}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Value types of a key: "string", "integer", "boolean", "map" (a JSON object) or "list" (of strings).
KeyType = str


@dataclass(frozen=True)
class KeySpec:
    """One config key of a connector, as listed in the reference table."""

    key: str
    type: KeyType
    required: bool = False
    secret: bool = False
    default: Any = None
    choices: tuple[str, ...] | None = None
    set_once: bool = False
    conditions: tuple[dict[str, Any], ...] = ()
    user_defined: bool = True
    min: int | None = None
    max: int | None = None


K = KeySpec

# ssh.* settings only apply when the tunnel is switched on.
_WHEN_SSH_ENABLED: tuple[dict[str, Any], ...] = ({"operator": "EQ", "config": "ssh.enabled", "value": True},)

# The SSH tunnel keys, in the order of the tables that list them together.
_SSH_TUNNEL_KEYS: tuple[KeySpec, ...] = (
    K("ssh.enabled", "boolean", default=False),
    K("ssh.host", "string", required=True, conditions=_WHEN_SSH_ENABLED),
    K("ssh.port", "integer", default=22, conditions=_WHEN_SSH_ENABLED),
    K("ssh.user", "string", default="streamkap", conditions=_WHEN_SSH_ENABLED),
    K("ssh.public.key.user.displayed", "string", conditions=_WHEN_SSH_ENABLED),
)

# The static key/value insertion keys, listed in this order by every connector that has them.
_STATIC_FIELD_KEYS: tuple[KeySpec, ...] = (
    K("transforms.InsertStaticKey1.static.field", "string"),
    K("transforms.InsertStaticKey1.static.value", "string"),
    K("transforms.InsertStaticValue1.static.field", "string"),
    K("transforms.InsertStaticValue1.static.value", "string"),
    K("transforms.InsertStaticKey2.static.field", "string"),
    K("transforms.InsertStaticKey2.static.value", "string"),
    K("transforms.InsertStaticValue2.static.field", "string"),
    K("transforms.InsertStaticValue2.static.value", "string"),
)

# The record-level transform keys every connector of the reference ends with, in its order.
_RECORD_TRANSFORM_KEYS: tuple[KeySpec, ...] = (
    K("transforms.ValueToKey.fields.include.list", "string"),
    K("transforms.ValueToKey.replace.null.with.default", "boolean", default=True),
    K("preserve.null.values", "boolean", default=False),
    K("transforms.OversizedRecords.fields.include.list", "string"),
    K("transforms.OversizedRecords.fields.exclude.list", "string"),
    K("transforms.OversizedRecords.max.field.size.bytes", "integer", default=1048576),
    K(
        "transforms.OversizedRecords.oversized.field.behavior",
        "string",
        default="TRUNCATE",
        choices=("TRUNCATE", "NULLIFY"),
    ),
    K("transforms.OversizedRecords.truncation.suffix", "string", default=""),
    K("transforms.OversizedRecords.max.record.size.bytes", "integer", default=-1),
    K(
        "transforms.OversizedRecords.semantic.types.exclude",
        "string",
        default="io.debezium.data.Json,io.debezium.data.Xml",
    ),
    K("transforms.OversizedRecords.replace.null.with.default", "boolean", default=True),
    K("InsertTopicName.enabled", "boolean", default=False),
)

_POSTGRESQL_KEYS: tuple[KeySpec, ...] = (
    K("database.hostname.user.defined", "string", required=True),
    K("database.port.user.defined", "integer", default=5432),
    K("database.user", "string", required=True),
    K("database.password", "string", required=True, secret=True),
    K("database.dbname", "string", required=True),
    K("snapshot.read.only.user.defined", "string", default="Yes", choices=("Yes", "No")),
    K("signal.data.collection.schema.or.database", "string"),
    K("column.include.list.toggled", "boolean", default=True),
    K("SourceRegexSupport.enabled", "boolean", default=False),
    K("transforms.SourceRegexSupport.regex.replacement", "string", default="_REGEX_"),
    K("transforms.SourceRegexSupport.key.field.template", "string", default="{{database}}.{{table}}"),
    K("transforms.SourceRegexSupport.metadata.field.name", "string", default="_streamkap_source_metadata"),
    K("column.include.list.user.defined", "string"),
    K("column.exclude.list.user.defined", "string"),
    K("heartbeat.enabled", "boolean", default=True),
    K("heartbeat.data.collection.schema.or.database", "string"),
    K("heartbeat.use.logical.message", "boolean", default=False),
    K("slot.name", "string", default="streamkap_pgoutput_slot", set_once=True),
    K("publication.name", "string", default="streamkap_pub", set_once=True),
    K("schema.include.list", "string", required=True),
    K("table.include.list.user.defined", "string", required=True),
    K("post.processors", "string", choices=("reselector",)),
    K("database.sslmode", "string", default="require", choices=("require", "disable")),
    K("include.source.db.name.in.table.name.user.defined", "boolean", default=False),
    K(
        "binary.handling.mode",
        "string",
        default="bytes",
        choices=("bytes", "base64", "base64-url-safe", "hex"),
    ),
    *_STATIC_FIELD_KEYS,
    K("predicates.IsTopicToEnrich.pattern", "string", default="$^"),
    K("streamkap.snapshot.parallelism", "integer", default=1),
    K("streamkap.snapshot.chunk.size.bytes", "integer", default=524288),
    K("streamkap.snapshot.state.refresh.ms", "integer", default=30000),
    *_SSH_TUNNEL_KEYS,
    *_RECORD_TRANSFORM_KEYS,
)

_MYSQL_KEYS: tuple[KeySpec, ...] = (
    K("database.hostname.user.defined", "string", required=True),
    K("database.port.user.defined", "integer", default=3306),
    K("database.user", "string", required=True),
    K("database.password", "string", required=True, secret=True),
    K("database.include.list.user.defined", "string", required=True),
    K("table.include.list.user.defined", "string", required=True),
    K("signal.data.collection.schema.or.database", "string"),
    K("column.include.list.toggled", "boolean", default=True),
    K("column.include.list.user.defined", "string"),
    K("column.exclude.list.user.defined", "string"),
    K("heartbeat.enabled", "boolean", default=True),
    K("heartbeat.data.collection.schema.or.database", "string"),
    K(
        "database.connectionTimeZone",
        "string",
        default="SERVER",
        choices=("SERVER", "UTC", "Africa/Cairo", "Asia/Riyadh", "Africa/Casablanca", "Asia/Seoul"),
    ),
    K("snapshot.gtid", "string", default="Yes", choices=("Yes", "No")),
    K("SourceRegexSupport.enabled", "boolean", default=False),
    K("transforms.SourceRegexSupport.regex.replacement", "string", default="_REGEX_"),
    K("transforms.SourceRegexSupport.key.field.template", "string", default="{{database}}.{{table}}"),
    K("transforms.SourceRegexSupport.metadata.field.name", "string", default="_streamkap_source_metadata"),
    K("schema.history.internal.store.only.captured.databases.ddl", "boolean", default=False),
    K("schema.history.internal.store.only.captured.tables.ddl", "boolean", default=False),
    K(
        "binary.handling.mode",
        "string",
        default="bytes",
        choices=("bytes", "base64", "base64-url-safe", "hex"),
    ),
    K("ssh.enabled", "boolean", default=False),
    K("ssh.host", "string", required=True, conditions=_WHEN_SSH_ENABLED),
    K("ssh.port", "integer", default=22, conditions=_WHEN_SSH_ENABLED),
    K("ssh.user", "string", default="streamkap", conditions=_WHEN_SSH_ENABLED),
    *_STATIC_FIELD_KEYS,
    K("predicates.IsTopicToEnrich.pattern", "string", default="$^"),
    K("ssh.public.key.user.displayed", "string", conditions=_WHEN_SSH_ENABLED),
    *_RECORD_TRANSFORM_KEYS,
)

_MONGODB_KEYS: tuple[KeySpec, ...] = (
    K("mongodb.connection.string.user.defined", "string", required=True, secret=True),
    K("mongodb.connection.hostname", "string"),
    K(
        "transforms.unwrap.array.encoding",
        "string",
        default="array_string",
        choices=("array", "array_string", "string"),
    ),
    K("transforms.unwrap.document.encoding", "string", default="document", choices=("document", "string")),
    K("database.include.list", "string", required=True),
    K("collection.include.list.user.defined", "string", required=True),
    K("signal.data.collection.schema.or.database", "string", required=True),
    K("cursor.pipeline", "string"),
    K("cursor.oversize.handling.mode", "string", default="skip", choices=("skip", "split")),
    K("cursor.oversize.skip.threshold", "integer", default=16000000),
    *_STATIC_FIELD_KEYS,
    K("predicates.IsTopicToEnrich.pattern", "string", default="$^"),
    *_SSH_TUNNEL_KEYS,
    *_RECORD_TRANSFORM_KEYS,
)

_DYNAMODB_KEYS: tuple[KeySpec, ...] = (
    K("aws.region", "string", required=True),
    K("aws.access.key.id", "string", required=True, secret=True),
    K("aws.secret.key", "string", required=True, secret=True),
    K("s3.export.bucket.name", "string", required=True),
    K("table.include.list.user.defined", "string", required=True),
    K("batch.size", "integer"),
    K("dynamodb.service.endpoint", "string"),
    K("tasks.max", "integer", default=10),
    K("snapshot.parallel.time.offset", "integer", default=0),
    K("poll.timeout.ms", "integer", default=180000),
    K("incremental.snapshot.chunk.size", "integer", default=32768),
    K("incremental.snapshot.max.threads", "integer", default=8),
    K("full.export.expiration.time.ms", "integer", default=86400000),
    K("signal.kafka.poll.timeout.ms", "integer", default=1000),
    K("array.encoding.json", "boolean", default=True),
    K("struct.encoding.json", "boolean", default=True),
    *_RECORD_TRANSFORM_KEYS,
)

_SQLSERVERAWS_KEYS: tuple[KeySpec, ...] = (
    K("database.hostname.user.defined", "string", required=True),
    K("database.port.user.defined", "integer", default=1433),
    K("database.encrypt", "boolean", default=True),
    K("database.user", "string", required=True),
    K("database.password", "string", required=True, secret=True),
    K("database.names", "string", required=True),
    K("schema.include.list", "string", required=True),
    K("table.include.list.user.defined", "string", required=True),
    K("signal.data.collection.schema.or.database", "string", default="streamkap"),
    K("column.exclude.list.user.defined", "string"),
    K("heartbeat.enabled", "boolean", default=True),
    K("heartbeat.data.collection.schema.or.database", "string"),
    K("schema.history.internal.store.only.captured.databases.ddl", "boolean", default=False),
    K("schema.history.internal.store.only.captured.tables.ddl", "boolean", default=False),
    K(
        "binary.handling.mode",
        "string",
        default="bytes",
        choices=("bytes", "base64", "base64-url-safe", "hex"),
    ),
    K("streamkap.snapshot.parallelism", "integer", default=1),
    K("streamkap.snapshot.chunk.size.bytes", "integer", default=524288),
    K("streamkap.snapshot.state.refresh.ms", "integer", default=30000),
    K("ssh.enabled", "boolean", default=False),
    K("ssh.host", "string", required=True, conditions=_WHEN_SSH_ENABLED),
    K("ssh.port", "integer", default=22, conditions=_WHEN_SSH_ENABLED),
    K("ssh.user", "string", default="streamkap", conditions=_WHEN_SSH_ENABLED),
    K("transforms.InsertStaticKey1.static.field", "string"),
    K("transforms.InsertStaticKey1.static.value", "string"),
    K("transforms.InsertStaticValue1.static.field", "string"),
    K("transforms.InsertStaticValue1.static.value", "string"),
    K("ssh.public.key.user.displayed", "string", conditions=_WHEN_SSH_ENABLED),
    *_RECORD_TRANSFORM_KEYS,
    K("streamkap.snapshot.custom.table.config.user.defined", "map", required=True),
)


# Addition: MySQL's server id cannot change after creation (API contract, "set-once keys").
_MYSQL_KEYS = _MYSQL_KEYS + (K("database.server.id", "integer", set_once=True),)

# Addition: PostgreSQL ``database.sslkey``, an optional secret that only the schema flags (its
# name matches no secret-name rule of a client), so clients can be tested against schema-only secrets.
_POSTGRESQL_KEYS = _POSTGRESQL_KEYS + (K("database.sslkey", "string", secret=True),)

# Addition: backend-computed keys. Clients must never send them; the simulator derives each one
# from its ".user.defined" twin when that twin is present (see app rendering).
_SQL_COMPUTED: tuple[KeySpec, ...] = (
    K("database.hostname", "string", user_defined=False),
    K("database.port", "integer", user_defined=False),
    K("table.include.list", "string", user_defined=False),
)
_COMPUTED_KEYS: dict[str, tuple[KeySpec, ...]] = {
    "postgresql": _SQL_COMPUTED,
    "mysql": _SQL_COMPUTED + (K("database.include.list", "string", user_defined=False),),
    "sqlserveraws": _SQL_COMPUTED,
    "mongodb": (
        K("mongodb.connection.string", "string", secret=True, user_defined=False),
        K("collection.include.list", "string", user_defined=False),
    ),
    "dynamodb": (K("table.include.list", "string", user_defined=False),),
}

DISPLAY_NAMES: dict[str, str] = {
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "mongodb": "MongoDB",
    "dynamodb": "DynamoDB",
    "sqlserveraws": "SQL Server",
}

CONNECTOR_KEYS: dict[str, tuple[KeySpec, ...]] = {
    "postgresql": _POSTGRESQL_KEYS + _COMPUTED_KEYS["postgresql"],
    "mysql": _MYSQL_KEYS + _COMPUTED_KEYS["mysql"],
    "mongodb": _MONGODB_KEYS + _COMPUTED_KEYS["mongodb"],
    "dynamodb": _DYNAMODB_KEYS + _COMPUTED_KEYS["dynamodb"],
    "sqlserveraws": _SQLSERVERAWS_KEYS + _COMPUTED_KEYS["sqlserveraws"],
}

# A valid minimal config per connector: used by /_sim/seed and by tests.
SAMPLE_CONFIGS: dict[str, dict[str, Any]] = {
    "postgresql": {
        "database.hostname.user.defined": "db.example.internal",
        "database.port.user.defined": 5432,
        "database.user": "streamkap",
        "database.password": "sample-password",
        "database.dbname": "shop",
        "schema.include.list": "public",
        "table.include.list.user.defined": "public.orders,customers",
    },
    "mysql": {
        "database.hostname.user.defined": "mysql.example.internal",
        "database.user": "streamkap",
        "database.password": "sample-password",
        "database.include.list.user.defined": "shop",
        "table.include.list.user.defined": "shop.orders",
    },
    "mongodb": {
        "mongodb.connection.string.user.defined": "mongodb+srv://user:pw@cluster.example.internal",
        "database.include.list": "shop",
        "collection.include.list.user.defined": "shop.orders",
        "signal.data.collection.schema.or.database": "shop",
    },
    "dynamodb": {
        "aws.region": "us-east-1",
        "aws.access.key.id": "AKIASAMPLE",
        "aws.secret.key": "sample-secret-key",
        "s3.export.bucket.name": "exports",
        "table.include.list.user.defined": "orders",
    },
    "sqlserveraws": {
        "database.hostname.user.defined": "mssql.example.internal",
        "database.user": "streamkap",
        "database.password": "sample-password",
        "database.names": "shop",
        "schema.include.list": "dbo",
        "table.include.list.user.defined": "dbo.orders",
        "streamkap.snapshot.custom.table.config.user.defined": {},
    },
}


def _control(spec: KeySpec) -> str:
    if spec.secret:
        return "password"
    if spec.choices:
        return "one-select"
    return {"integer": "number", "boolean": "toggle", "map": "json"}.get(spec.type, "string")


def _tab(key: str) -> str:
    if key.startswith("ssh."):
        return "SSH Tunnel"
    if key.startswith(("transforms.", "predicates.")):
        return "Advanced"
    return "Settings"


def _display_name(key: str) -> str:
    words = key.removesuffix(".user.defined").replace(".", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)


def _definition(spec: KeySpec) -> dict[str, Any]:
    return {
        "name": spec.key,
        "description": f"{_display_name(spec.key)} ({spec.type}).",
        "display_name": _display_name(spec.key),
        "user_defined": spec.user_defined,
        "required": spec.required,
        "encrypt": spec.secret,
        "set_once": spec.set_once,
        "tab": _tab(spec.key),
        "conditions": [dict(condition) for condition in spec.conditions],
        "value": {
            "control": _control(spec),
            "type": "raw",
            "default": spec.default,
            "raw_values": list(spec.choices) if spec.choices else None,
            "min": spec.min,
            "max": spec.max,
            "step": 1 if spec.type == "integer" else None,
        },
    }


@dataclass(frozen=True)
class Catalog:
    """The connector schemas of one entity kind (sources or destinations)."""

    keys: dict[str, tuple[KeySpec, ...]]
    display_names: dict[str, str]
    samples: dict[str, dict[str, Any]]

    def known(self, code: str | None) -> bool:
        return code in self.keys

    def key_specs(self, code: str) -> dict[str, KeySpec]:
        """Key -> KeySpec for one connector (schema order preserved)."""
        return {spec.key: spec for spec in self.keys[code]}

    def property_definitions(self, code: str) -> list[dict[str, Any]]:
        return [_definition(spec) for spec in self.keys[code]]

    def secret_keys(self, code: str | None) -> frozenset[str]:
        """Secret keys of one connector; of all connectors when the code is unknown."""
        if code in self.keys:
            return frozenset(spec.key for spec in self.keys[code] if spec.secret)
        return frozenset(spec.key for specs in self.keys.values() for spec in specs if spec.secret)


SOURCE_CATALOG = Catalog(CONNECTOR_KEYS, DISPLAY_NAMES, SAMPLE_CONFIGS)


def known_connector(code: str) -> bool:
    return SOURCE_CATALOG.known(code)


def key_specs(code: str) -> dict[str, KeySpec]:
    """Key -> KeySpec for one source connector (schema order preserved)."""
    return SOURCE_CATALOG.key_specs(code)


def property_definitions(code: str) -> list[dict[str, Any]]:
    return SOURCE_CATALOG.property_definitions(code)


def secret_keys(code: str | None) -> frozenset[str]:
    """Secret keys of one source connector; of all source connectors when the code is unknown."""
    return SOURCE_CATALOG.secret_keys(code)
