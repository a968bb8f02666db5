-- sendmail-flink 12 (Kafka): the tables `message_traces` and `sendmail_alerts` over the stream
-- job's traces and alerts topics (JSON records), read `read_committed` from the earliest offset.
--
-- Use either this file or 12_traces_alerts_files.sql (never both): each defines both tables.
-- Our jobs do not run it (they write these topics; this file reads them back); it is for Flink's
-- SQL client, with flink-sql-connector-kafka on its classpath (`-j`), and needs no UDF. The
-- placeholders ${KAFKA_BOOTSTRAP_SERVERS}, ${KAFKA_TRACES_TOPIC} (the job's --traces-topic,
-- sendmail-traces by default), ${KAFKA_ALERTS_TOPIC} (--alerts-topic, sendmail-alerts) and
-- ${KAFKA_GROUP_ID} are substituted before it runs, e.g.
--
--   KAFKA_BOOTSTRAP_SERVERS=localhost:9092 KAFKA_TRACES_TOPIC=sendmail-traces \
--     KAFKA_ALERTS_TOPIC=sendmail-alerts KAFKA_GROUP_ID=sendmail-sql \
--     envsubst '${KAFKA_BOOTSTRAP_SERVERS} ${KAFKA_TRACES_TOPIC} ${KAFKA_ALERTS_TOPIC} ${KAFKA_GROUP_ID}' \
--     < sql/12_traces_alerts_kafka.sql
--
-- (sql/README.md: "Traces and alerts".) DDL only: safe in an `-i` init file. The tables are
-- unbounded and carry no watermark: traces leave the job out of event-time order (2 minutes
-- after a message is final, or 6 hours after its last line).
--
-- message_traces: one row per (host, queue ID) trace; recipients and steps are arrays of rows.
--   outcome         delivered, partially_delivered, bounced, deferred_pending, rejected, incomplete
--   end_to_end_delay_seconds  final_time - first_seen; reported_delay_seconds: Sendmail's delay=
-- sendmail_alerts: one row per burst; kind, severity, key_type and key say what and who.

CREATE TEMPORARY TABLE message_traces (
  host STRING,
  queue_id STRING,
  message_id STRING,
  sender STRING,
  size BIGINT,
  nrcpts BIGINT,
  client_relay STRING,
  client_ip STRING,
  protocol STRING,
  tls_version STRING,
  auth_mechanism STRING,
  authid STRING,
  first_seen TIMESTAMP_LTZ(3),
  final_time TIMESTAMP_LTZ(3),
  end_to_end_delay_seconds DOUBLE,
  reported_delay_seconds BIGINT,
  attempts INT,
  outcome STRING,
  recipient_count INT,
  delivered_count INT,
  bounced_count INT,
  deferred_count INT,
  bounce_queue_id STRING,
  parent_queue_id STRING,
  recipients ARRAY<ROW<address STRING, status STRING, dsn STRING, relay STRING, mailer STRING,
    attempts INT, final_time TIMESTAMP_LTZ(3), reply STRING>>,
  steps ARRAY<ROW<`time` TIMESTAMP_LTZ(3), event_type STRING, recipient STRING, status STRING,
    dsn STRING, relay STRING, text STRING>>
) WITH (
  'connector' = 'kafka',
  'topic' = '${KAFKA_TRACES_TOPIC}',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = '${KAFKA_GROUP_ID}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json',
  'value.json.timestamp-format.standard' = 'ISO-8601'
);

CREATE TEMPORARY TABLE sendmail_alerts (
  kind STRING,
  severity STRING,
  key_type STRING,
  `key` STRING,
  host STRING,
  first_time TIMESTAMP_LTZ(3),
  last_time TIMESTAMP_LTZ(3),
  event_count BIGINT,
  sample_lines ARRAY<STRING>,
  description STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${KAFKA_ALERTS_TOPIC}',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = '${KAFKA_GROUP_ID}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json',
  'value.json.timestamp-format.standard' = 'ISO-8601'
);
