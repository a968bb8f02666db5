-- sendmail-flink 06: the Overview tab's aggregates, per time bucket and host (source).
--
-- Needs 01-04 and exactly one of the 05_buckets_*.sql files (1-hour buckets in BATCH mode,
-- 1-minute tumbling event-time windows in STREAMING mode). Views only: safe in an `-i` init
-- file; our jobs (or `EXECUTE STATEMENT SET`, see sql/README.md) INSERT them into sinks. Every
-- view groups by window_start, window_end, source: a window aggregation, append-only in
-- STREAMING mode. `source` is NULL for lines without a host (headerless, unparsable).
--
--   agg_overview_lines           lines, events, unparsed_lines
--   agg_overview_events_by_type  event_type, events
--   agg_overview_messages        received, bytes_received, delivered, deferred, bounced, rejected
--                                (definitions in sql/README.md, "Message counts")

-- Every line read: lines = events + unparsed_lines.
CREATE TEMPORARY VIEW agg_overview_lines AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) AS lines,
  COUNT(*) FILTER (WHERE COALESCE(event_type, 'unparsed') <> 'unparsed') AS events,
  COUNT(*) FILTER (WHERE COALESCE(event_type, 'unparsed') = 'unparsed') AS unparsed_lines
FROM bucketed_sendmail_parsed
GROUP BY window_start, window_end, source;

-- Events by type (receipt, delivery, ..., other).
CREATE TEMPORARY VIEW agg_overview_events_by_type AS
SELECT
  window_start,
  window_end,
  source,
  event_type,
  COUNT(*) AS events
FROM bucketed_sendmail_events
GROUP BY window_start, window_end, source, event_type;

-- Message counts (sql/README.md, "Message counts"):
--   received        receipts with nrcpts > 0 (messages accepted into the queue)
--   bytes_received  the sum of their size=
--   delivered       recipients of delivery lines with stat=Sent
--   deferred        recipients of delivery lines with dsn=4.x.x or stat=Deferred (and not Sent)
--   bounced         recipients of delivery lines with dsn=5.x.x (and not Sent)
--   rejected        ruleset_rejection lines whose action is reject (4xx and 5xx replies)
-- delivery_outcome is the CASE of delivery_events (04_event_views.sql), repeated here so that
-- one pass over the events gives every count.
CREATE TEMPORARY VIEW agg_overview_messages AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) FILTER (WHERE event_type = 'receipt' AND vendor_nrcpts > 0) AS received,
  COALESCE(SUM(email_size) FILTER (WHERE event_type = 'receipt' AND vendor_nrcpts > 0), 0)
    AS bytes_received,
  COALESCE(SUM(recipients) FILTER (WHERE delivery_outcome = 'delivered'), 0) AS delivered,
  COALESCE(SUM(recipients) FILTER (WHERE delivery_outcome = 'deferred'), 0) AS deferred,
  COALESCE(SUM(recipients) FILTER (WHERE delivery_outcome = 'bounced'), 0) AS bounced,
  COUNT(*) FILTER (WHERE event_type = 'ruleset_rejection' AND vendor_event_action = 'reject')
    AS rejected
FROM (
  SELECT
    window_start,
    window_end,
    source,
    event_type,
    vendor_nrcpts,
    email_size,
    vendor_event_action,
    CAST(COALESCE(CARDINALITY(email_to_list), 0) AS BIGINT) AS recipients,
    CASE
      WHEN event_type <> 'delivery' THEN CAST(NULL AS STRING)
      WHEN vendor_status = 'Sent' THEN 'delivered'
      WHEN vendor_dsn LIKE '5.%' THEN 'bounced'
      WHEN vendor_dsn LIKE '4.%' OR vendor_status = 'Deferred' THEN 'deferred'
      ELSE 'other'
    END AS delivery_outcome
  FROM bucketed_sendmail_events
)
GROUP BY window_start, window_end, source;
