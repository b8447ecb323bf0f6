"""Destination connector schemas served by ``GET /destinations/connectors``.

Required and secret keys are those of the API contract's destination table; the optional keys and
their defaults follow the official Terraform provider's destination resources. Rendered with the
same property-definition shape as the source schemas (``connectors.py``).
"""

from __future__ import annotations

from typing import Any

from .connectors import Catalog, K, KeySpec

_SCHEMA_EVOLUTION = K("schema.evolution", "string", default="basic", choices=("basic", "none"))
_HARD_DELETE = K("hard.delete", "boolean", default=False)
_TASKS_MAX = K("tasks.max", "integer", default=5, min=1, max=25)

_SNOWFLAKE_KEYS: tuple[KeySpec, ...] = (
    K("snowflake.url.name", "string", required=True),
    K("snowflake.user.name", "string", required=True),
    K("snowflake.private.key", "string", required=True, secret=True),
    K("snowflake.private.key.passphrase", "string", secret=True),
    K("sfwarehouse", "string", default="STREAMKAP_WH"),
    K("snowflake.database.name", "string", required=True),
    K("snowflake.schema.name", "string", required=True),
    K("snowflake.role.name", "string", default="STREAMKAP_ROLE"),
    K("ingestion.mode", "string", default="append", choices=("upsert", "append")),
    _HARD_DELETE,
    K("use.hybrid.tables", "boolean", default=False),
    K("apply.dynamic.table.script", "boolean", default=False),
    K("sql.table.name", "string", default="{{table}}_DT"),
    _SCHEMA_EVOLUTION,
)

_CLICKHOUSE_KEYS: tuple[KeySpec, ...] = (
    K("hostname", "string", required=True),
    K("port", "integer", default=8443),
    K("connection.username", "string", required=True),
    K("connection.password", "string", required=True, secret=True),
    K("database", "string", required=True),
    K("ingestion.mode", "string", default="upsert", choices=("upsert", "append")),
    K("ssl", "boolean", default=True),
    _HARD_DELETE,
    _SCHEMA_EVOLUTION,
    _TASKS_MAX,
)

_POSTGRESQL_KEYS: tuple[KeySpec, ...] = (
    K("database.hostname.user.defined", "string", required=True),
    K("database.port.user.defined", "integer", default=5432),
    K("database.database.user.defined", "string", required=True),
    K("connection.username", "string", required=True),
    K("connection.password", "string", required=True, secret=True),
    K("table.name.prefix", "string", required=True),
    K("insert.mode", "string", default="insert", choices=("insert", "upsert")),
    K("delete.enabled", "boolean", default=False),
    K("primary.key.mode", "string", default="record_key", choices=("none", "record_key", "record_value")),
    K("primary.key.fields", "string"),
    _SCHEMA_EVOLUTION,
    _TASKS_MAX,
    # Backend-computed twin of the user-defined host key (like the sources' computed keys).
    K("database.hostname", "string", user_defined=False),
)

_DATABRICKS_KEYS: tuple[KeySpec, ...] = (
    K("connection.url.user.defined", "string", required=True),
    K("databricks.token", "string", required=True, secret=True),
    K("databricks.catalog.user.defined", "string", default="hive_metastore"),
    K("table.name.prefix", "string", default="default"),
    K("ingestion.mode", "string", default="append", choices=("upsert", "append")),
    K("partition.mode", "string", default="by_topic", choices=("by_topic", "by_partition")),
    _HARD_DELETE,
    _SCHEMA_EVOLUTION,
    _TASKS_MAX,
)

_BIGQUERY_KEYS: tuple[KeySpec, ...] = (
    K("keyfile", "string", required=True, secret=True),
    K("defaultDataset", "string", required=True),
    K("bigquery.region", "string", default="us-central1"),
    K("bigquery.time.based.partition", "boolean", default=False),
)

_S3_KEYS: tuple[KeySpec, ...] = (
    K("aws.access.key.id", "string", required=True),
    K("aws.secret.access.key", "string", required=True, secret=True),
    K("aws.s3.region", "string", default="us-west-2"),
    K("aws.s3.bucket.name", "string", required=True),
    K("format.user.defined", "string", default="JSON Array", choices=("JSON Lines", "JSON Array", "Parquet")),
    K("file.name.template", "string", default="{{topic}}-{{partition}}-{{start_offset}}"),
    K("file.name.prefix", "string", default=""),
    K("file.compression.type", "string", default="gzip", choices=("none", "gzip", "snappy", "zstd")),
)

_ICEBERG_KEYS: tuple[KeySpec, ...] = (
    K("iceberg.catalog.type", "string", default="rest", choices=("rest", "hive", "glue")),
    K("iceberg.catalog.name", "string", default=""),
    K("iceberg.catalog.uri", "string", default=""),
    K("iceberg.catalog.warehouse", "string", required=True),
    K("iceberg.catalog.token", "string", secret=True),
    K("iceberg.catalog.credential", "string", secret=True),
    K("iceberg.catalog.client.region.user.defined", "string", default="us-west-2"),
    K("table.name.prefix", "string", required=True),
    K("insert.mode.user.defined", "string", default="insert", choices=("insert", "upsert")),
)

_KAFKA_KEYS: tuple[KeySpec, ...] = (
    K("kafka.sink.bootstrap", "string", required=True),
    K("destination.format", "string", default="json", choices=("json", "avro")),
    K("json.schema.enable", "boolean", default=False),
    K("schema.registry.url.user.defined", "string"),
    K("topic.prefix", "string"),
    K("topic.suffix", "string"),
    _TASKS_MAX,
)

DESTINATION_DISPLAY_NAMES: dict[str, str] = {
    "snowflake": "Snowflake",
    "clickhouse": "ClickHouse",
    "postgresql": "PostgreSQL",
    "databricks": "Databricks",
    "bigquery": "BigQuery",
    "s3": "S3",
    "iceberg": "Iceberg",
    "kafka": "Kafka",
}

DESTINATION_KEYS: dict[str, tuple[KeySpec, ...]] = {
    "snowflake": _SNOWFLAKE_KEYS,
    "clickhouse": _CLICKHOUSE_KEYS,
    "postgresql": _POSTGRESQL_KEYS,
    "databricks": _DATABRICKS_KEYS,
    "bigquery": _BIGQUERY_KEYS,
    "s3": _S3_KEYS,
    "iceberg": _ICEBERG_KEYS,
    "kafka": _KAFKA_KEYS,
}

# A valid minimal config per destination connector: used by /_sim/seed and by tests.
DESTINATION_SAMPLE_CONFIGS: dict[str, dict[str, Any]] = {
    "snowflake": {
        "snowflake.url.name": "acme.snowflakecomputing.com",
        "snowflake.user.name": "STREAMKAP_USER",
        "snowflake.private.key": "sample-private-key",
        "snowflake.database.name": "ANALYTICS",
        "snowflake.schema.name": "RAW",
    },
    "clickhouse": {
        "hostname": "clickhouse.example.internal",
        "connection.username": "streamkap",
        "connection.password": "sample-password",
        "database": "analytics",
    },
    "postgresql": {
        "database.hostname.user.defined": "warehouse.example.internal",
        "database.database.user.defined": "analytics",
        "connection.username": "streamkap",
        "connection.password": "sample-password",
        "table.name.prefix": "raw",
    },
    "databricks": {
        "connection.url.user.defined": "jdbc:databricks://dbc.example.internal:443/default",
        "databricks.token": "sample-token",
    },
    "bigquery": {"keyfile": "{\"type\": \"service_account\"}", "defaultDataset": "analytics"},
    "s3": {
        "aws.access.key.id": "AKIASAMPLE",
        "aws.secret.access.key": "sample-secret-key",
        "aws.s3.bucket.name": "exports",
    },
    "iceberg": {"iceberg.catalog.warehouse": "s3://lake/warehouse", "table.name.prefix": "raw"},
    "kafka": {"kafka.sink.bootstrap": "kafka.example.internal:9092"},
}

DESTINATION_CATALOG = Catalog(DESTINATION_KEYS, DESTINATION_DISPLAY_NAMES, DESTINATION_SAMPLE_CONFIGS)
