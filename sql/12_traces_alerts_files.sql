-- sendmail-flink 12 (files): the tables `message_traces` and `sendmail_alerts` over the traces
-- and alerts a backfill (or `stream --output DIR`) wrote as JSON lines.
--
-- Use either this file or 12_traces_alerts_kafka.sql (never both): each defines both tables.
-- Our jobs do not run it (they write these outputs; this file reads them back); it is for Flink's
-- SQL client and needs no UDF. ${SENDMAIL_OUTPUT} is the job's output folder (absolute path or
-- URI, holding traces/ and alerts/); substitute it before running, e.g.
--
--   SENDMAIL_OUTPUT=$PWD/out envsubst '${SENDMAIL_OUTPUT}' < sql/12_traces_alerts_files.sql
--
-- (sql/README.md: "Traces and alerts".) DDL only: safe in an `-i` init file. The tables are
-- bounded (the files present when a query starts) and carry no watermark: traces leave the job
-- out of event-time order (2 minutes after a message is final, or 6 hours after its last line).
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
  'connector' = 'filesystem',
  'path' = '${SENDMAIL_OUTPUT}/traces',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
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
  'connector' = 'filesystem',
  'path' = '${SENDMAIL_OUTPUT}/alerts',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);
