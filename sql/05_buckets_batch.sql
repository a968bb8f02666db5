-- sendmail-flink 05 (batch): the time buckets, 1-hour tumbling event-time windows.
--
-- Run exactly one of 05_buckets_batch.sql (1-hour buckets, for BATCH mode) and
-- 05_buckets_streaming.sql (1-minute buckets, for STREAMING mode): both define the same views,
-- and the aggregate files 06-11 read only these. This is the batch one; the other is
-- 05_buckets_streaming.sql.
-- Views only: safe in an `-i` init file. Run in order after 01-04, see sql/README.md.
--
-- bucketed_<view> is TUMBLE(TABLE <view>, DESCRIPTOR(event_time), INTERVAL '1' HOUR): every
-- column of <view> plus window_start, window_end (TIMESTAMP(3), wall-clock time in the session's
-- 'table.local-time-zone', because event_time is a TIMESTAMP_LTZ) and window_time. An aggregate
-- that groups by window_start, window_end is a window aggregation: append-only in STREAMING
-- mode, each bucket emitted once the watermark passes its end.

CREATE TEMPORARY VIEW bucketed_sendmail_parsed AS
SELECT *
FROM TABLE(TUMBLE(TABLE sendmail_parsed, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_sendmail_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE sendmail_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_receipt_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE receipt_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_delivery_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE delivery_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_delivery_recipient_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE delivery_recipient_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_ruleset_rejection_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE ruleset_rejection_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_authentication_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE authentication_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_starttls_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE starttls_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_connection_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE connection_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_invalid_connection_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE invalid_connection_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_pregreet_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE pregreet_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_rejected_discovery_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE rejected_discovery_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));

CREATE TEMPORARY VIEW bucketed_service_status_events AS
SELECT *
FROM TABLE(TUMBLE(TABLE service_status_events, DESCRIPTOR(event_time), INTERVAL '1' HOUR));
