-- sendmail-flink 02 (Kafka): the source `sendmail_lines` over a Kafka topic of log lines, one
-- row per record (the record's value is the line).
--
-- Use either this file or 02_source_files.sql (never both): each defines `sendmail_lines`.
-- Our jobs do not run it (they build the same schema from a DataStream); it is for Flink's SQL
-- client, with flink-sql-connector-kafka on its classpath (`-j`). The placeholders
-- ${KAFKA_BOOTSTRAP_SERVERS}, ${KAFKA_TOPIC} and ${KAFKA_GROUP_ID} are substituted before it
-- runs, e.g.
--
--   KAFKA_BOOTSTRAP_SERVERS=localhost:9092 KAFKA_TOPIC=maillog KAFKA_GROUP_ID=sendmail-sql \
--     envsubst '${KAFKA_BOOTSTRAP_SERVERS} ${KAFKA_TOPIC} ${KAFKA_GROUP_ID}' \
--     < sql/02_source_kafka.sql
--
-- (sql/README.md gives the whole sql-client.sh command.) DDL only: safe in an `-i` init file.
--
-- `sendmail_kafka_records` is the topic with its metadata; the view `sendmail_lines` gives it the
-- columns every source of `sendmail_lines` has:
--   line            the record's value as UTF-8 text (NULL for a tombstone)
--   origin          '<topic>-<partition>'
--   line_number     the record's offset
--   reference_time  the record's timestamp: the instant RFC 3164 years are inferred against,
--                   and the event time of a line that carries none
--   event_time      the line's own time, else reference_time; the rowtime attribute
-- The watermark (5 s behind the newest event time) is tracked per partition by the source. The
-- table is unbounded: use it in STREAMING mode, with 05_buckets_streaming.sql.

CREATE TEMPORARY TABLE sendmail_kafka_records (
  line STRING,
  topic STRING METADATA FROM 'topic' VIRTUAL,
  `partition` INT METADATA FROM 'partition' VIRTUAL,
  `offset` BIGINT METADATA FROM 'offset' VIRTUAL,
  reference_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  event_time AS COALESCE(SENDMAIL_EVENT_TIME(line, reference_time), reference_time),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${KAFKA_TOPIC}',
  'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP_SERVERS}',
  'properties.group.id' = '${KAFKA_GROUP_ID}',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'raw'
);

CREATE TEMPORARY VIEW sendmail_lines AS
SELECT
  line,
  CONCAT(topic, '-', CAST(`partition` AS STRING)) AS origin,
  `offset` AS line_number,
  reference_time,
  event_time
FROM sendmail_kafka_records;
