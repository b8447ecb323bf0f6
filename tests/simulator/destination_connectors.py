"""Destination connector schemas served by ``GET /destinations/connectors``.

Every destination connector's keys (required, secret, type, default, choices, range) come from
``data/destination_connectors.json``, the offline key table generated from the official Terraform
provider's destination schemas; its required and secret keys agree with the API contract's table.
Rendered with the same property-definition shape as the source schemas (``connectors.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .connectors import Catalog, KeySpec

KEY_TABLE = Path(__file__).parent / "data" / "destination_connectors.json"


def _spec(row: dict[str, Any]) -> KeySpec:
    choices = row.get("choices")
    return KeySpec(
        key=row["name"],
        type=row["type"],
        required=row["required"],
        secret=row["secret"],
        default=row.get("default"),
        choices=tuple(str(choice) for choice in choices) if choices else None,
        min=row.get("min"),
        max=row.get("max"),
    )


def _load_keys() -> dict[str, tuple[KeySpec, ...]]:
    table = json.loads(KEY_TABLE.read_text(encoding="utf-8"))["connectors"]
    return {code: tuple(_spec(row) for row in rows) for code, rows in sorted(table.items())}


DESTINATION_KEYS: dict[str, tuple[KeySpec, ...]] = _load_keys()

DESTINATION_DISPLAY_NAMES: dict[str, str] = {
    "azblob": "Azure Blob Storage",
    "bigquery": "BigQuery",
    "clickhouse": "ClickHouse",
    "cockroachdb": "CockroachDB",
    "databricks": "Databricks",
    "db2": "Db2",
    "gcs": "Google Cloud Storage",
    "httpsink": "HTTP Sink",
    "iceberg": "Iceberg",
    "kafka": "Kafka",
    "kafkadirect": "Kafka Direct",
    "motherduck": "MotherDuck",
    "mysql": "MySQL",
    "oracle": "Oracle",
    "pinecone": "Pinecone",
    "postgresql": "PostgreSQL",
    "r2": "Cloudflare R2",
    "redis": "Redis",
    "redshift": "Redshift",
    "s3": "S3",
    "snowflake": "Snowflake",
    "sqlserver": "SQL Server",
    "starburst": "Starburst",
    "weaviate": "Weaviate",
}


def _placeholder(spec: KeySpec) -> Any:
    if spec.choices:
        return spec.choices[0]
    return {"integer": max(spec.min or 1, 1), "boolean": True, "map": {}, "list": ["value"]}.get(
        spec.type, f"sample-{spec.key.replace('.', '-')}"
    )


def _generated_sample(code: str) -> dict[str, Any]:
    """Every required key without a default, with a placeholder of its type."""
    return {
        spec.key: _placeholder(spec)
        for spec in DESTINATION_KEYS[code]
        if spec.required and spec.default is None
    }


# Readable sample values for the common connectors (the others get placeholders).
_READABLE_SAMPLES: dict[str, dict[str, Any]] = {
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
    "bigquery": {"keyfile": '{"type": "service_account"}', "defaultDataset": "analytics"},
    "s3": {
        "aws.access.key.id": "AKIASAMPLE",
        "aws.secret.access.key": "sample-secret-key",
        "aws.s3.bucket.name": "exports",
    },
    "iceberg": {"iceberg.catalog.warehouse": "s3://lake/warehouse", "table.name.prefix": "raw"},
    "kafka": {"kafka.sink.bootstrap": "kafka.example.internal:9092"},
}

# A valid minimal config per destination connector: used by /_sim/seed and by tests.
DESTINATION_SAMPLE_CONFIGS: dict[str, dict[str, Any]] = {
    code: _READABLE_SAMPLES.get(code) or _generated_sample(code) for code in DESTINATION_KEYS
}

DESTINATION_CATALOG = Catalog(DESTINATION_KEYS, DESTINATION_DISPLAY_NAMES, DESTINATION_SAMPLE_CONFIGS)
