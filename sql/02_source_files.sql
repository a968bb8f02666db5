-- sendmail-flink 02 (files): the source table `sendmail_lines` over log files, one row per line.
--
-- Use either this file or 02_source_kafka.sql (never both): each defines `sendmail_lines`.
-- Our jobs do not run it (they build the same schema from a DataStream); it is for Flink's SQL
-- client. ${SENDMAIL_INPUT} is a placeholder for a file or a directory of files (absolute path
-- or URI); substitute it before running, e.g.
--
--   SENDMAIL_INPUT=/var/log/maillog envsubst '${SENDMAIL_INPUT}' < sql/02_source_files.sql
--
-- (sql/README.md gives the whole sql-client.sh command.) DDL only: safe in an `-i` init file.
--
-- Columns (the contract every source of `sendmail_lines` keeps):
--   line            the raw line (format 'raw': UTF-8, one row per line)
--   origin          the file's path
--   line_number     NULL: the filesystem connector does not give line numbers
--   reference_time  the file's modification time: the instant RFC 3164 years are inferred
--                   against, and the event time of a line that carries none
--   event_time      the line's own time, else reference_time; the rowtime attribute
--
-- The table is bounded (the files as they are when the job starts). In STREAMING mode lines must
-- come in time order to within the 5-second watermark delay: the files of a directory are read
-- one after another, and lines more than 5 s older than the newest line seen are late and left
-- out of the 1-minute windows. Use BATCH mode (05_buckets_batch.sql) for historic files.

CREATE TEMPORARY TABLE sendmail_lines (
  line STRING,
  origin STRING METADATA FROM 'file.path' VIRTUAL,
  line_number AS CAST(NULL AS BIGINT),
  reference_time TIMESTAMP_LTZ(3) METADATA FROM 'file.modification-time' VIRTUAL,
  event_time AS COALESCE(SENDMAIL_EVENT_TIME(line, reference_time), reference_time),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = '${SENDMAIL_INPUT}',
  'format' = 'raw'
);
