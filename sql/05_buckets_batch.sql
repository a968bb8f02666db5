-- sendmail-flink 05 (batch): the time buckets, 1-hour tumbling event-time windows.
--
-- Run exactly one of 05_buckets_batch.sql (1-hour buckets, for BATCH mode) and
-- 05_buckets_streaming.sql (1-minute buckets, for STREAMING mode): both define the same views,
-- and the aggregate files 06-11 read only these. This is the batch one; the other is
-- 05_buckets_streaming.sql.
-- Views only: safe in an `-i` init file. Run in order after 01-04, see sql/README.md.
--
-- bucketed_<view> is every column of <view> plus window_start, window_end and window_time: the
-- hour the event falls in (TIMESTAMP(3), wall-clock time in the session's 'table.local-time-zone', because
-- event_time is a TIMESTAMP_LTZ), the same values as TUMBLE(TABLE <view>, DESCRIPTOR(event_time),
-- INTERVAL '1' HOUR) gives. In BATCH mode a plain projection is used instead of the window TVF:
-- the planner prunes the columns each aggregate does not read through a projection, but not
-- through the TVF, and every aggregate would copy every column of its view (measured: the TVF
-- version is several times slower, BENCHMARKS.md). window_time (the bucket's last millisecond,
-- a TIMESTAMP_LTZ) is a plain column here, not a time attribute.

CREATE TEMPORARY VIEW bucketed_sendmail_parsed AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM sendmail_parsed;

CREATE TEMPORARY VIEW bucketed_sendmail_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM sendmail_events;

CREATE TEMPORARY VIEW bucketed_receipt_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM receipt_events;

CREATE TEMPORARY VIEW bucketed_delivery_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM delivery_events;

CREATE TEMPORARY VIEW bucketed_delivery_recipient_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM delivery_recipient_events;

CREATE TEMPORARY VIEW bucketed_ruleset_rejection_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM ruleset_rejection_events;

CREATE TEMPORARY VIEW bucketed_authentication_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM authentication_events;

CREATE TEMPORARY VIEW bucketed_starttls_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM starttls_events;

CREATE TEMPORARY VIEW bucketed_connection_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM connection_events;

CREATE TEMPORARY VIEW bucketed_invalid_connection_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM invalid_connection_events;

CREATE TEMPORARY VIEW bucketed_pregreet_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM pregreet_events;

CREATE TEMPORARY VIEW bucketed_rejected_discovery_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM rejected_discovery_events;

CREATE TEMPORARY VIEW bucketed_service_status_events AS
SELECT
  *,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) AS window_start,
  CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR AS window_end,
  CAST(CAST(FLOOR(CAST(event_time AS TIMESTAMP(3)) TO HOUR) AS TIMESTAMP(3)) + INTERVAL '1' HOUR
    - INTERVAL '0.001' SECOND AS TIMESTAMP_LTZ(3)) AS window_time
FROM service_status_events;
