"""The answers' shapes, for /openapi.json only: the routes return plain dicts and these models never
check or filter them (tests/contract checks that the answers carry exactly the fields declared here).

Fields and descriptions follow the API reference; statuses are named in descriptions, as the
reference does, not as enums.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, Field

from .tags import TagType

CONNECTOR_STATUSES = "Active, Paused, Stopped, Broken, Starting, Unassigned, Unknown, Pending, Pending Update, Pending Delete"
DESIRED_STATES = "Active, Paused, Stopped, Pending Delete"
CONTROLS = Literal[
    "string", "password", "textarea", "json", "datetime", "number", "slider",
    "boolean", "toggle", "one-select", "multi-select",
]


class AccessTokenAnswer(BaseModel):
    accessToken: str
    refreshToken: str
    expires: str = Field(description="When the access token expires (ISO 8601)")
    expiresIn: int = Field(description="Seconds until the access token expires")


class ConnectorAnswer(BaseModel):
    """What sources and destinations share."""

    name: Optional[str] = Field(None, description="User-defined connector name")
    connector: Optional[str] = Field(None, description="Connector type (e.g., 'postgresql', 'snowflake')")
    id: Optional[str] = Field(None, description="Unique identifier")
    connector_display_name: Optional[str] = Field(None, description="Human-readable connector type name")
    created_timestamp: Optional[str] = Field(None, description="Creation timestamp (ISO 8601)")
    sub_id: Optional[str] = Field(None, description="Subscription identifier")
    tenant_id: Optional[str] = Field(None, description="Tenant identifier for multi-tenancy")
    config: Optional[dict[str, Any]] = Field(None, description="Connector configuration parameters")
    topic_ids: Optional[list[Union[str, int]]] = Field(None, description="List of associated topic identifiers")
    topic_map: Optional[dict[str, Any]] = Field(None, description="Mapping of topics to their partitions or related entities")
    topics: Optional[list[Union[str, int]]] = Field(None, description="List of topic names")
    tasks: Optional[list[int]] = Field(None, description="List of task identifiers")
    connector_status: Optional[str] = Field(None, description=f"Current status: {CONNECTOR_STATUSES}")
    desired_state: Optional[str] = Field(None, description=f"Desired state: {DESIRED_STATES}")
    task_statuses: Optional[dict[str, Any]] = Field(None, description="Status information for each connector task")
    kc_cluster_id: Optional[str] = Field(None, description="Kafka Connect cluster the connector runs on")
    tags: Optional[list[str]] = Field(None, description="Tag ids")


class SourceConnector(ConnectorAnswer):
    """Source connector configuration and status."""

    service_id: Optional[str] = Field(None, description="Associated service identifier")


class DestinationConnector(ConnectorAnswer):
    """Destination connector configuration and status."""


class ListEnvelope(BaseModel):
    page: int
    page_size: int
    total: int
    has_next: bool


class SourceList(ListEnvelope):
    result: list[SourceConnector]


class DestinationList(ListEnvelope):
    result: list[DestinationConnector]


class PipelineAnswer(BaseModel):
    """A pipeline: its source and destination embedded whole, their topics prefixed with 'source_<id>.'."""

    id: Optional[str] = None
    name: Optional[str] = None
    created_timestamp: Optional[str] = None
    created_from: Optional[str] = None
    snapshot_new_tables: Optional[bool] = None
    source: Optional[SourceConnector] = None
    destination: Optional[DestinationConnector] = None
    topic_ids: Optional[list[str]] = None
    topics: Optional[list[str]] = None
    transforms: Optional[list[dict[str, Any]]] = None
    topic_auto_discovery_transforms: Optional[list[dict[str, Any]]] = None
    tags: Optional[list[str]] = None
    periodic_audit: Optional[dict[str, Any]] = None
    connector_status: Optional[str] = Field(None, description=f"Current status: {CONNECTOR_STATUSES}")
    desired_state: Optional[str] = Field(None, description=f"Desired state: {DESIRED_STATES}")


class PipelineList(ListEnvelope):
    result: list[PipelineAnswer]


JOB_STATUSES = "RUNNING, INITIALIZING, DEPLOYING, CANCELLING, CANCELED, CREATED, RESTARTING, FAILING, FAILED, STOPPED, UNKNOWN"


class TransformAnswer(BaseModel):
    """A transform: its name is also its config key transforms.name."""

    id: Optional[str] = None
    name: Optional[str] = None
    transform_type: Optional[str] = Field(None, description="The transform type")
    status: Optional[str] = Field(None, description=f"The job's status: {JOB_STATUSES}")
    config: Optional[dict[str, Any]] = Field(None, description="transforms.* keys, the name as transforms.name")
    implementation: Optional[dict[str, Any]] = Field(None, description="The code and its fields")
    version: Optional[int] = None
    topic_ids: Optional[list[str]] = None
    topics: Optional[list[str]] = None
    created_at: Optional[str] = None
    updated_at: Optional[str] = None
    start_time: Optional[str] = None
    tags: Optional[list[str]] = None
    job_name: Optional[str] = None
    live_version: Optional[int] = None
    preview_version: Optional[int] = None


class TransformList(ListEnvelope):
    result: list[TransformAnswer]


class JobStatusAnswer(BaseModel):
    id: str
    job_name: Optional[str] = None
    status: str = Field(description=f"One of {JOB_STATUSES}")
    start_time: Optional[str] = None


class DeployAnswer(BaseModel):
    transform_id: str
    version: int
    stage: Literal["preview", "live"]


class TagAnswer(BaseModel):
    id: str
    name: str
    description: Optional[str] = None
    type: list[TagType]
    system: bool = Field(description="A system tag belongs to the service: never changed or deleted")
    custom: bool


class TagList(BaseModel):
    tags: list[TagAnswer]


class PropertyCondition(BaseModel):
    operator: Literal["EQ", "NE", "IN"]
    config: str = Field(description="The other property the condition reads")
    value: Any = None


class PropertyValue(BaseModel):
    control: CONTROLS
    type: Optional[str] = None
    default: Any = None
    raw_values: Optional[list[Any]] = None
    min: Optional[float] = None
    max: Optional[float] = None
    step: Optional[float] = None


class ConnectorProperty(BaseModel):
    name: str = Field(description="The config key (dot notation)")
    description: Optional[str] = None
    display_name: Optional[str] = None
    user_defined: bool = Field(description="Only user-defined properties go in a config")
    required: bool
    encrypt: bool = Field(description="A secret value")
    set_once: bool = Field(description="Cannot change after creation")
    tab: Optional[str] = None
    conditions: list[PropertyCondition]
    value: PropertyValue


class ConnectorProperties(BaseModel):
    config: list[ConnectorProperty]


# Keyed by the connector's display name: the property list, or an object holding it (settings.schema_shape).
ConnectorSchemaAnswer = dict[str, Union[list[ConnectorProperty], ConnectorProperties]]


class TopicEntity(BaseModel):
    """The entity a topic belongs to."""

    entity_type: str = Field(description="sources, destinations, transforms, pipelines or manual")
    entity_id: str
    name: str
    connector: Optional[str] = None
    display_name: Optional[str] = None
    topic_ids: list[str]
    topic_db_ids: list[str]


class TopicSerialization(BaseModel):
    key_format: Optional[str] = None
    value_format: Optional[str] = None
    key_converter: Optional[str] = None
    value_converter: Optional[str] = None
    schema_registry_enabled: Optional[bool] = None


class TopicDetails(BaseModel):
    """A topic as GET /topics/details lists it; its id is its full name ('source_<id>.<schema>.<table>')."""

    id: str
    name: str
    entity: Optional[TopicEntity] = None
    prefix: Optional[str] = None
    serialization: Optional[TopicSerialization] = None
    messages_7d: Optional[int] = None
    messages_30d: Optional[int] = None


class TopicDetailsList(ListEnvelope):
    result: list[TopicDetails]


class TopicPartitions(BaseModel):
    count: int


class TopicKafkaConfigs(BaseModel):
    retention_ms: Optional[int] = Field(None, alias="retention.ms")
    cleanup_policy: Optional[str] = Field(None, alias="cleanup.policy")


class TopicKafka(BaseModel):
    partitions: TopicPartitions
    configs: Optional[TopicKafkaConfigs] = None


class TopicDetailed(BaseModel):
    """GET /topics/{id}?detailed=true: no topic_id or top-level partition_count key."""

    id: str
    name: str
    entity: Optional[TopicEntity] = None
    kafka: TopicKafka
    prefix: Optional[str] = None
    serialization: Optional[TopicSerialization] = None
    tags: list[str] = Field(description="Tag ids")


class SnapshotAnswer(BaseModel):
    """Not public: a small acknowledgement."""

    source_id: str
    snapshot_type: str
    topic_names: list[str]
    status: str


class PipelineMetricsData(BaseModel):
    latency: Optional[float] = Field(None, description="Milliseconds")
    recordsLag: Optional[int] = Field(None, description="Records behind")
    status: Optional[str] = Field(None, description="e.g. Active")


class PipelineMetrics(BaseModel):
    data: PipelineMetricsData
    metadata: dict[str, Any] = Field(description="Names and units of the data keys")


class SnapshotTopicStatus(BaseModel):
    status: str = Field(description="pending, running, completed, failed, cancelled")
    topic_id: str
    submit_timestamp: Optional[str] = None


class SourceMetricsData(BaseModel):
    StreamingConnected: Optional[bool] = None
    StreamingMilliSecondsBehindSource: Optional[float] = None
    StreamingMilliSecondsSinceLastEvent: Optional[float] = None
    SnapshotRunning: Optional[bool] = None
    SnapshotCompleted: Optional[bool] = None
    snapshotState: Optional[str] = None
    snapshotStatus: list[SnapshotTopicStatus]
    state: Optional[str] = Field(None, description="e.g. Streaming")
    streamingState: Optional[str] = None


class SourceMetrics(BaseModel):
    data: SourceMetricsData


class DestinationMetrics(BaseModel):
    data: dict[str, Any] = Field(description="Not public: the latest values by name")


def documented(model: Any) -> dict[str, Any]:
    """A route's keywords declaring `model` as its answer in /openapi.json without checking the answer."""
    return {"response_model": None, "responses": {200: {"model": model, "description": "Successful Response"}}}
