# Copyright: (c) 2026, Streamkap Ansible collection contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# GENERATED FILE, DO NOT EDIT. Private to the streamkap.cloud collection: not a public API.
# Generated from the streamkap-com/terraform-provider-streamkap schemas (internal/generated).
# Provider commit: 9b9e30b8f59f9328d8b5ec250f89acc2c18ffb5c
# Command: tools/generate_connector_keys.py <provider>/internal/generated --commit 9b9e30b8f59f9328d8b5ec250f89acc2c18ffb5c

"""Every connector's config keys, known offline: secret (the provider marks them sensitive) or plain.

Lets the modules hide secret values before anything is printed or logged, with no request.
Per kind, one text of connector blocks: a line "@<connector code>", then the connector's keys
separated by spaces or line breaks, a secret one marked with a leading "!". A connector's
block is split on first use.
"""

from __future__ import annotations

import typing as t

_TABLE = {
    'sources': """
@alloydb
!database.password InsertTopicName.enabled binary.handling.mode column.exclude.list.user.defined
column.include.list.toggled column.include.list.user.defined database.dbname database.hostname.user.defined
database.port.user.defined database.sslmode database.user heartbeat.data.collection.schema.or.database heartbeat.enabled
include.source.db.name.in.table.name.user.defined post.processors predicates.IsTopicToEnrich.pattern
preserve.null.values publication.name schema.include.list signal.data.collection.schema.or.database slot.name
snapshot.read.only.user.defined ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user
table.include.list.user.defined transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticKey2.static.field transforms.InsertStaticKey2.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.InsertStaticValue2.static.field transforms.InsertStaticValue2.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@db2
!database.password InsertTopicName.enabled column.exclude.list.user.defined database.dbname
database.hostname.user.defined database.port.user.defined database.user preserve.null.values
schema.history.internal.store.only.captured.databases.ddl schema.history.internal.store.only.captured.tables.ddl
schema.include.list.user.defined signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port
ssh.public.key.user.displayed ssh.user table.include.list.user.defined transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@documentdb
!mongodb.connection.string.user.defined InsertTopicName.enabled collection.include.list.user.defined
cursor.oversize.handling.mode cursor.oversize.skip.threshold database.include.list preserve.null.values
signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
transforms.unwrap.array.encoding transforms.unwrap.document.encoding
@dynamodb
!aws.access.key.id !aws.secret.key InsertTopicName.enabled array.encoding.json aws.region batch.size
dynamodb.service.endpoint full.export.expiration.time.ms incremental.snapshot.chunk.size
incremental.snapshot.max.threads poll.timeout.ms preserve.null.values s3.export.bucket.name signal.kafka.poll.timeout.ms
snapshot.parallel.time.offset struct.encoding.json table.include.list.user.defined tasks.max
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@elasticsearch
!http.auth.password InsertTopicName.enabled datetime.field.name datetime.field.value endpoint.include.list.user.defined
es.host es.port es.scheme http.auth.user http.auth.user.defined preserve.null.values tasks.max
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@informix
!database.password InsertTopicName.enabled binary.handling.mode cdc.buffersize cdc.timeout
column.exclude.list.user.defined database.dbname database.hostname.user.defined database.port.user.defined database.user
heartbeat.data.collection.schema.or.database heartbeat.enabled preserve.null.values
schema.history.internal.store.only.captured.databases.ddl schema.history.internal.store.only.captured.tables.ddl
schema.include.list signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port
ssh.public.key.user.displayed ssh.user streamkap.snapshot.chunk.size.bytes streamkap.snapshot.parallelism
streamkap.snapshot.state.refresh.ms table.include.list.user.defined transforms.InsertStaticKey1.static.field
transforms.InsertStaticKey1.static.value transforms.InsertStaticValue1.static.field
transforms.InsertStaticValue1.static.value transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@kafkadirect
format schemas.enable topic.include.list.user.defined topic.prefix
@mariadb
!database.password InsertTopicName.enabled SourceRegexSupport.enabled binary.handling.mode
column.exclude.list.user.defined database.connectionTimeZone database.hostname.user.defined
database.include.list.user.defined database.port.user.defined database.ssl.mode database.user
heartbeat.data.collection.schema.or.database heartbeat.enabled preserve.null.values
schema.history.internal.store.only.captured.databases.ddl schema.history.internal.store.only.captured.tables.ddl
signal.data.collection.schema.or.database snapshot.gtid ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed
ssh.user table.include.list.user.defined transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.SourceRegexSupport.key.field.template
transforms.SourceRegexSupport.metadata.field.name transforms.SourceRegexSupport.regex.replacement
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@mongodb
!mongodb.connection.string.user.defined InsertTopicName.enabled collection.include.list.user.defined
cursor.oversize.handling.mode cursor.oversize.skip.threshold cursor.pipeline database.include.list
mongodb.connection.hostname predicates.IsTopicToEnrich.pattern preserve.null.values
signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user
transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticKey2.static.field transforms.InsertStaticKey2.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.InsertStaticValue2.static.field transforms.InsertStaticValue2.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
transforms.unwrap.array.encoding transforms.unwrap.document.encoding
@mongodbhosted
!mongodb.connection.string.user.defined InsertTopicName.enabled collection.include.list.user.defined
cursor.oversize.handling.mode cursor.oversize.skip.threshold cursor.pipeline database.include.list
mongodb.connection.hostname predicates.IsTopicToEnrich.pattern preserve.null.values
signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user
transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticKey2.static.field transforms.InsertStaticKey2.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.InsertStaticValue2.static.field transforms.InsertStaticValue2.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
transforms.unwrap.array.encoding transforms.unwrap.document.encoding
@mysql
!database.password InsertTopicName.enabled SourceRegexSupport.enabled binary.handling.mode
column.exclude.list.user.defined column.include.list.toggled column.include.list.user.defined
database.connectionTimeZone database.hostname.user.defined database.include.list.user.defined database.port.user.defined
database.user heartbeat.data.collection.schema.or.database heartbeat.enabled predicates.IsTopicToEnrich.pattern
preserve.null.values schema.history.internal.store.only.captured.databases.ddl
schema.history.internal.store.only.captured.tables.ddl signal.data.collection.schema.or.database snapshot.gtid
ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user table.include.list.user.defined
transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticKey2.static.field transforms.InsertStaticKey2.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.InsertStaticValue2.static.field transforms.InsertStaticValue2.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.SourceRegexSupport.key.field.template transforms.SourceRegexSupport.metadata.field.name
transforms.SourceRegexSupport.regex.replacement transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@oracle
!database.password InsertTopicName.enabled binary.handling.mode column.exclude.list.user.defined database.dbname
database.hostname.user.defined database.pdb.name database.port.user.defined database.user
heartbeat.data.collection.schema.or.database heartbeat.enabled preserve.null.values
schema.history.internal.store.only.captured.databases.ddl schema.history.internal.store.only.captured.tables.ddl
schema.include.list signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port
ssh.public.key.user.displayed ssh.user table.include.list.user.defined transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@oracleaws
!database.password InsertTopicName.enabled binary.handling.mode column.exclude.list.user.defined database.dbname
database.hostname.user.defined database.port.user.defined database.user heartbeat.data.collection.schema.or.database
heartbeat.enabled preserve.null.values schema.history.internal.store.only.captured.databases.ddl
schema.history.internal.store.only.captured.tables.ddl schema.include.list signal.data.collection.schema.or.database
ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user table.include.list.user.defined
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@planetscale
!database.password InsertTopicName.enabled column.exclude.list.user.defined converter.tinyintBool.user.defined
database.hostname.user.defined database.port.user.defined database.user preserve.null.values
schema.history.internal.store.only.captured.databases.ddl schema.history.internal.store.only.captured.tables.ddl
ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user table.include.list.user.defined
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default vitess.keyspace
vitess.tablet.type
@postgresql
!database.password InsertTopicName.enabled SourceRegexSupport.enabled binary.handling.mode
column.exclude.list.user.defined column.include.list.toggled column.include.list.user.defined database.dbname
database.hostname.user.defined database.port.user.defined database.sslmode database.user
heartbeat.data.collection.schema.or.database heartbeat.enabled heartbeat.use.logical.message
include.source.db.name.in.table.name.user.defined post.processors predicates.IsTopicToEnrich.pattern
preserve.null.values publication.name schema.include.list signal.data.collection.schema.or.database slot.name
snapshot.read.only.user.defined ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user
streamkap.snapshot.chunk.size.bytes streamkap.snapshot.parallelism streamkap.snapshot.state.refresh.ms
table.include.list.user.defined transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticKey2.static.field transforms.InsertStaticKey2.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.InsertStaticValue2.static.field transforms.InsertStaticValue2.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.SourceRegexSupport.key.field.template transforms.SourceRegexSupport.metadata.field.name
transforms.SourceRegexSupport.regex.replacement transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@redis
!redis.password InsertTopicName.enabled connector.class.type mode preserve.null.values redis.host.user.defined
redis.keys.pattern.user.defined redis.keys.timeout.seconds.user.defined redis.port.user.defined
redis.stream.block.seconds.user.defined redis.stream.consumer.group redis.stream.consumer.name.user.defined
redis.stream.delivery.user.defined redis.stream.name redis.stream.offset.user.defined redis.username ssl.enabled
tasks.max topic.use.stream.name topic.user.defined transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@s3
!aws.secret.access.key InsertTopicName.enabled aws.access.key.id aws.s3.bucket.name aws.s3.bucket.prefix aws.s3.region
csv.has.headers format fs.cleanup.policy.class.user.defined fs.scan.interval.ms preserve.null.values tasks.max
topic.include.list.user.defined topic.postfix topic.routing.advanced.expression topic.routing.enabled
topic.routing.folder.levels topic.routing.folder.skip transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default
@salesforce_webhook
!api.key !camel.source.snapshot.salesforce.auth.client.secret !camel.source.snapshot.salesforce.auth.password
InsertTopicName.enabled camel.source.cdc.enabled camel.source.dlq.enabled camel.source.payload.router.flatten.detail
camel.source.payload.router.flatten.detail.prefix camel.source.payload.router.include.event
camel.source.payload.router.unknown.type.behavior camel.source.payload.router.unknown.type.default.topic
camel.source.snapshot.salesforce.auth.client.id camel.source.snapshot.salesforce.auth.username
camel.source.snapshot.salesforce.instance.url preserve.null.values topic.include.list.user.defined
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default webhook.url
@shopify_webhook
!camel.source.payload.router.shopify.hmac.secret !camel.source.snapshot.shopify.access.token
!camel.source.snapshot.shopify.client.secret InsertTopicName.enabled api.key camel.source.dlq.enabled
camel.source.payload.router.fanout.fields camel.source.payload.router.include.event
camel.source.payload.router.unknown.type.behavior camel.source.payload.router.unknown.type.default.topic
camel.source.snapshot.shopify.api.version camel.source.snapshot.shopify.client.id
camel.source.snapshot.shopify.store.url preserve.null.values topic.include.list.user.defined
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default webhook.url
@sqlserveraws
!database.password InsertTopicName.enabled binary.handling.mode column.exclude.list.user.defined database.encrypt
database.hostname.user.defined database.names database.port.user.defined database.user
heartbeat.data.collection.schema.or.database heartbeat.enabled preserve.null.values
schema.history.internal.store.only.captured.databases.ddl schema.history.internal.store.only.captured.tables.ddl
schema.include.list signal.data.collection.schema.or.database ssh.enabled ssh.host ssh.port
ssh.public.key.user.displayed ssh.user streamkap.snapshot.chunk.size.bytes
streamkap.snapshot.custom.table.config.user.defined streamkap.snapshot.parallelism streamkap.snapshot.state.refresh.ms
table.include.list.user.defined transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@stripe_webhook
!camel.source.payload.router.stripe.signing.secret !camel.source.snapshot.stripe.api.key InsertTopicName.enabled api.key
camel.source.dlq.enabled camel.source.payload.router.fanout.fields camel.source.payload.router.include.event
camel.source.payload.router.unknown.type.behavior camel.source.payload.router.unknown.type.default.topic
preserve.null.values topic.include.list.user.defined transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default webhook.url
@supabase
!database.password InsertTopicName.enabled binary.handling.mode column.exclude.list.user.defined
column.include.list.toggled column.include.list.user.defined database.dbname database.hostname.user.defined
database.port.user.defined database.sslmode database.user heartbeat.data.collection.schema.or.database heartbeat.enabled
include.source.db.name.in.table.name.user.defined post.processors predicates.IsTopicToEnrich.pattern
preserve.null.values publication.name schema.include.list signal.data.collection.schema.or.database slot.name
snapshot.read.only.user.defined ssh.enabled ssh.host ssh.port ssh.public.key.user.displayed ssh.user
table.include.list.user.defined transforms.InsertStaticKey1.static.field transforms.InsertStaticKey1.static.value
transforms.InsertStaticKey2.static.field transforms.InsertStaticKey2.static.value
transforms.InsertStaticValue1.static.field transforms.InsertStaticValue1.static.value
transforms.InsertStaticValue2.static.field transforms.InsertStaticValue2.static.value
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default
@vitess
!database.password !vitess.vtctld.password InsertTopicName.enabled column.exclude.list.user.defined
database.hostname.user.defined database.port.user.defined database.user preserve.null.values ssh.enabled ssh.host
ssh.port ssh.public.key.user.displayed ssh.user table.include.list.user.defined
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default vitess.keyspace.user.defined
vitess.tablet.type vitess.vtctld.host.user.defined vitess.vtctld.port.user.defined vitess.vtctld.user
@webhook
InsertTopicName.enabled api.key camel.source.camelMessageHeaderKey format preserve.null.values
topic.include.list.user.defined transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.ValueToKey.fields.include.list
transforms.ValueToKey.replace.null.with.default transforms.inferSchema.add.delete.field webhook.url
@zendesk_webhook
!api.key InsertTopicName.enabled camel.source.dlq.enabled camel.source.payload.router.fanout.fields
camel.source.payload.router.flatten.detail camel.source.payload.router.flatten.detail.prefix
camel.source.payload.router.include.event camel.source.payload.router.unknown.type.behavior
camel.source.payload.router.unknown.type.default.topic preserve.null.values
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.ValueToKey.fields.include.list transforms.ValueToKey.replace.null.with.default webhook.url
""",
    'destinations': """
@azblob
!azblob.connection.string.user.defined azblob.container.name compression consumer.override.max.poll.records
file.name.template file.size flush.size format.csv.write.headers format.user.defined preserve.null.values
quote.identifiers rotate.interval.ms topics.dir transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@bigquery
!keyfile allowBigQueryRequiredFieldRelaxation allowNewBigQueryFields autoCreateTables consumer.override.max.poll.records
custom.clustering.fields custom.partition.expiration.days custom.partition.field defaultDataset preserve.null.values
quote.identifiers tasks.max timePartitioningType transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@clickhouse
!connection.password clickhouse.json.support connection.username consumer.override.max.poll.records database hard.delete
hostname ingestion.mode port preserve.null.values quote.identifiers schema.evolution ssl table.name.prefix tasks.max
topics.config.map transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@cockroachdb
!connection.password connection.username consumer.override.max.poll.records database.database.user.defined
database.hostname.user.defined database.port.user.defined delete.enabled insert.mode preserve.null.values
primary.key.fields primary.key.mode.user.defined quote.identifiers schema.evolution table.name.prefix tasks.max
topic2table.map.user.defined transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.mapping transforms.changeTopicName.match.regex.user.defined
@databricks
!databricks.token connection.timeout.user.defined connection.url.user.defined consumer.wait.time.for.larger.batch.ms
databricks.catalog.user.defined hard.delete ingestion.mode partition.mode preserve.null.values quote.identifiers
schema.evolution table.name.prefix tasks.max topic2table.map.user.defined transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list transforms.changeTopicName.mapping
transforms.changeTopicName.match.regex.user.defined
@db2
!connection.password connection.username consumer.override.max.poll.records database.database.user.defined
database.hostname.user.defined database.port.user.defined delete.enabled insert.mode preserve.null.values
primary.key.fields primary.key.mode.user.defined quote.identifiers schema.evolution tasks.max
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@gcs
!gcs.credentials.json consumer.override.max.poll.records file.compression.type file.name.prefix file.name.template
format.output.fields.user.defined format.user.defined gcs.bucket.name preserve.null.values quote.identifiers
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@httpsink
!oauth2.client.secret batch.buffering.enabled batch.max.size batch.max.time.ms batch.prefix batch.separator batch.suffix
batching.enabled consumer.override.max.poll.records decimal.format errors.tolerance.user.defined http.authorization.type
http.headers.additional http.headers.authorization http.headers.content.type http.proxy.host http.proxy.port
http.timeout http.url max.retries oauth2.access.token.url oauth2.client.id oauth2.scope preserve.null.values
quote.identifiers retry.backoff.ms transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@iceberg
!iceberg.catalog.credential !iceberg.catalog.s3.secret-access-key !iceberg.catalog.token
consumer.override.max.poll.records iceberg.catalog.auth.mode iceberg.catalog.client.assume-role.arn
iceberg.catalog.client.region.user.defined iceberg.catalog.name iceberg.catalog.s3.access-key-id
iceberg.catalog.s3.credentials.enabled iceberg.catalog.scope iceberg.catalog.type iceberg.catalog.uri
iceberg.catalog.warehouse iceberg.tables.compaction.commit-threshold iceberg.tables.compaction.enabled
iceberg.tables.compaction.expire-snapshots iceberg.tables.compaction.max-files-per-run
iceberg.tables.compaction.min-small-files iceberg.tables.compaction.retain-last
iceberg.tables.compaction.target-file-size-bytes iceberg.tables.default-id-columns iceberg.tables.hard-delete-enabled
insert.mode.user.defined preserve.null.values quote.identifiers table.name.prefix
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@kafka
consumer.override.max.poll.records destination.format json.schema.enable kafka.sink.bootstrap preserve.null.values
quote.identifiers schema.registry.url.user.defined tasks.max topic.prefix topic.suffix
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.InsertField.offset.field transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.add.original.topic transforms.changeTopicName.match.regex.user.defined
@kafkadirect
!password whitelist.ips.user.defined
@motherduck
!motherduck.token consumer.override.max.poll.records hard.delete ingestion.mode motherduck.catalog.user.defined
preserve.null.values quote.identifiers schema.evolution table.name.prefix tasks.max topic2table.map.user.defined
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.mapping transforms.changeTopicName.match.regex.user.defined
@mysql
!connection.password connection.username consumer.override.max.poll.records database.database.user.defined
database.hostname.user.defined database.port.user.defined delete.enabled insert.mode preserve.null.values
primary.key.fields primary.key.mode.user.defined quote.identifiers schema.evolution tasks.max
topic2table.map.user.defined transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.mapping transforms.changeTopicName.match.regex.user.defined
@oracle
!connection.password connection.username consumer.override.max.poll.records database.database.user.defined
database.hostname.user.defined database.port.user.defined delete.enabled insert.mode preserve.null.values
primary.key.fields primary.key.mode.user.defined quote.identifiers schema.evolution tasks.max
topic2table.map.user.defined transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.mapping transforms.changeTopicName.match.regex.user.defined
@pinecone
!pinecone.api.key batch.size collection.mapping consumer.override.max.poll.records delete.enabled document.id.field.name
document.id.strategy.user.defined pinecone.index.name pinecone.proxy.host pinecone.proxy.port preserve.null.values
quote.identifiers retry.backoff.ms retry.max schema.evolution transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined vector.field.name
@postgresql
!connection.password connection.username consumer.override.max.poll.records database.database.user.defined
database.hostname.user.defined database.port.user.defined delete.enabled insert.mode preserve.null.values
primary.key.fields primary.key.mode.user.defined quote.identifiers schema.evolution ssh.enabled ssh.host ssh.port
ssh.public.key.user.displayed ssh.user table.name.prefix tasks.max topic2table.map.user.defined
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.TopicRegexRouter1.regex transforms.TopicRegexRouter1.replacement transforms.TopicRegexRouter2.regex
transforms.TopicRegexRouter2.replacement transforms.changeTopicName.mapping
transforms.changeTopicName.match.regex.user.defined
@r2
!aws.secret.access.key aws.access.key.id aws.s3.bucket.name consumer.override.max.poll.records file.compression.type
file.name.prefix file.name.template format.output.fields.user.defined format.user.defined preserve.null.values
quote.identifiers r2.account.user.defined transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@redis
!redis.password consumer.override.max.poll.records preserve.null.values quote.identifiers redis.host.user.defined
redis.key redis.key.data.type redis.port.user.defined redis.username ssl.enabled tasks.max
transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@redshift
!connection.password aws.redshift.database aws.redshift.domain aws.redshift.port connection.username
consumer.override.max.poll.records preserve.null.values primary.key.fields quote.identifiers schema.evolution
table.name.prefix tasks.max transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@s3
!aws.secret.access.key aws.access.key.id aws.s3.bucket.name aws.s3.region consumer.override.max.poll.records
file.compression.type file.name.prefix file.name.template format.output.fields.user.defined format.user.defined
preserve.null.values quote.identifiers transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@snowflake
!snowflake.private.key !snowflake.private.key.passphrase apply.dynamic.table.script auto.qa.dedupe.table.mapping
consumer.override.max.poll.records create.schema.auto create.sql.data create.sql.execute hard.delete ingestion.mode
preserve.null.values quote.identifiers schema.evolution sfwarehouse snowflake.database.name
snowflake.private.key.passphrase.secured snowflake.role.name snowflake.schema.name snowflake.topic2table.map
snowflake.url.name snowflake.user.name sql.table.name transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined use.hybrid.tables
@sqlserver
!connection.password connection.username consumer.override.max.poll.records database.database.user.defined
database.hostname.user.defined database.port.user.defined delete.enabled insert.mode preserve.null.values
primary.key.fields primary.key.mode.user.defined quote.identifiers schema.evolution table.name.prefix tasks.max
topic2table.map.user.defined transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.mapping transforms.changeTopicName.match.regex.user.defined
@starburst
!aws.secret.access.key aws.access.key.id aws.s3.bucket.name aws.s3.region consumer.override.max.poll.records
file.compression.type file.name.prefix file.name.template format.output.fields.user.defined format.user.defined
preserve.null.values quote.identifiers transforms.AddStringSuffix.fields.include.list
transforms.CopyField.copy.field.mapping transforms.DropFields.fields.include.list
transforms.HeaderToFieldCustom.header.mappings transforms.MarkColumnsAsOptional.fields.include.list
transforms.MarkColumnsAsRequired.fields.include.all transforms.MarkColumnsAsRequired.null.sentinel.mode
transforms.OversizedRecords.fields.exclude.list transforms.OversizedRecords.fields.include.list
transforms.OversizedRecords.max.field.size.bytes transforms.OversizedRecords.max.record.size.bytes
transforms.OversizedRecords.oversized.field.behavior transforms.OversizedRecords.replace.null.with.default
transforms.OversizedRecords.semantic.types.exclude transforms.OversizedRecords.truncation.suffix
transforms.RenameFields.renames.user.defined transforms.StringReplace.fields.include.list
transforms.StringReplace.regex.patterns transforms.StringReplace.replacement.values
transforms.ToDecimalJ.fields.include.list transforms.ToDecimalJ.truncate.to.max.precision
transforms.ToFloatJ.fields.include.list transforms.ToIntJ.fields.include.list
transforms.ToJsonJ.convert.all.complex.types.user.defined transforms.ToJsonJ.fields.include.list
transforms.ToJsonbJ.convert.all.complex.types.user.defined transforms.ToJsonbJ.convert.all.json
transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined
@weaviate
!weaviate.api.key !weaviate.oidc.client.secret await.termination.ms batch.size collection.mapping consistency.level
consumer.override.max.poll.records delete.enabled document.id.field.name document.id.strategy.user.defined
max.connection.retries max.timeout.retries pool.size preserve.null.values quote.identifiers retry.backoff.ms
retry.interval schema.evolution transforms.AddStringSuffix.fields.include.list transforms.CopyField.copy.field.mapping
transforms.DropFields.fields.include.list transforms.HeaderToFieldCustom.header.mappings
transforms.MarkColumnsAsOptional.fields.include.list transforms.MarkColumnsAsRequired.fields.include.all
transforms.MarkColumnsAsRequired.null.sentinel.mode transforms.OversizedRecords.fields.exclude.list
transforms.OversizedRecords.fields.include.list transforms.OversizedRecords.max.field.size.bytes
transforms.OversizedRecords.max.record.size.bytes transforms.OversizedRecords.oversized.field.behavior
transforms.OversizedRecords.replace.null.with.default transforms.OversizedRecords.semantic.types.exclude
transforms.OversizedRecords.truncation.suffix transforms.RenameFields.renames.user.defined
transforms.StringReplace.fields.include.list transforms.StringReplace.regex.patterns
transforms.StringReplace.replacement.values transforms.ToDecimalJ.fields.include.list
transforms.ToDecimalJ.truncate.to.max.precision transforms.ToFloatJ.fields.include.list
transforms.ToIntJ.fields.include.list transforms.ToJsonJ.convert.all.complex.types.user.defined
transforms.ToJsonJ.fields.include.list transforms.ToJsonbJ.convert.all.complex.types.user.defined
transforms.ToJsonbJ.convert.all.json transforms.ToJsonbJ.fields.include.list transforms.ToStringJ.fields.include.list
transforms.changeTopicName.match.regex.user.defined vector.field.name vector.strategy.user.defined weaviate.auth.scheme
weaviate.connection.url weaviate.grpc.secured weaviate.grpc.url weaviate.headers weaviate.oidc.scopes
weaviate.vectorizer
""",
    'transforms': """
@enrich
transforms.input.job.parallelism transforms.input.serialization.format transforms.input.topic.pattern
transforms.language transforms.name transforms.output.serialization.format transforms.output.topic.pattern
@enrich_async
transforms.async.capacity transforms.async.timeout.ms transforms.input.job.parallelism
transforms.input.serialization.format transforms.input.topic.pattern transforms.language transforms.name
transforms.output.serialization.format transforms.output.topic.pattern
@fan_out
transforms.input.job.parallelism transforms.input.serialization.format transforms.input.topic.pattern
transforms.language transforms.name transforms.output.serialization.format transforms.output.topic.pattern
@map_filter
transforms.input.job.parallelism transforms.input.serialization.format transforms.input.topic.pattern
transforms.language transforms.name transforms.output.serialization.format transforms.output.topic.pattern
@rollup
transforms.input.job.parallelism transforms.input.serialization.format transforms.input.topic.pattern
transforms.language transforms.name transforms.output.serialization.format transforms.output.topic.pattern
@sql_join
transforms.input.job.parallelism transforms.input.serialization.format transforms.input.topic.pattern
transforms.language transforms.name transforms.output.serialization.format transforms.output.topic.pattern
transforms.topic.ttl
@topic_router
kc.cluster.id transforms.input.job.parallelism transforms.input.serialization.format transforms.input.topic.pattern
transforms.name transforms.output.serialization.format transforms.output.topic.pattern
""",
}

_SPLIT: t.Dict[t.Tuple[str, t.Optional[str]], t.Tuple[t.FrozenSet[str], t.FrozenSet[str]]] = {}


def _blocks(kind: str) -> t.Iterator[t.Tuple[str, t.List[str]]]:
    """(connector code, its key words) of every connector of a kind."""
    for block in _TABLE.get(kind, "").split("\n@")[1:]:
        code, _newline, words = block.partition("\n")
        yield code, words.split()


def _keys(kind: str, connector: str | None) -> t.Tuple[t.FrozenSet[str], t.FrozenSet[str]] | None:
    """(secret keys, plain keys) of one connector, or of the whole kind when connector is None."""
    cache_key = (kind, connector)
    if cache_key not in _SPLIT:
        words = [word for code, block in _blocks(kind) if connector in (None, code) for word in block]
        if connector is not None and not words and f"\n@{connector}\n" not in _TABLE.get(kind, ""):
            return None
        secret = frozenset(word[1:] for word in words if word.startswith("!"))
        plain = frozenset(word for word in words if not word.startswith("!"))
        _SPLIT[cache_key] = (secret, plain)
    return _SPLIT[cache_key]


def knows_connector(kind: str, connector: str | None) -> bool:
    """True when the table holds the connector (a connector newer than the table is unknown)."""
    return connector is not None and _keys(kind, connector) is not None


def known_keys(kind: str, connector: str | None) -> t.FrozenSet[str] | None:
    """Every key of one connector (None: of the whole kind), secret or plain; None when the connector is unknown."""
    keys = _keys(kind, connector)
    return None if keys is None else keys[0] | keys[1]


def classify_key(kind: str, connector: str | None, key: str) -> bool | None:
    """True: a secret key; False: a known non-secret key; None: unknown offline.

    kind is "sources", "destinations" or "transforms" (connector: the transform type); connector None = any
    connector of that kind
    (True if secret in any connector of the kind, False if known and secret in none, None if in none).
    """
    keys = _keys(kind, connector)
    if keys is None:
        return None
    secret, plain = keys
    if key in secret:
        return True
    return False if key in plain else None
