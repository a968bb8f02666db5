-- sendmail-flink 08: the Delivery Status tab's aggregates, per time bucket and host (source).
--
-- Needs 01-04 and exactly one of the 05_buckets_*.sql files (1-hour buckets in BATCH mode,
-- 1-minute tumbling event-time windows in STREAMING mode). Views only: safe in an `-i` init
-- file; our jobs (or `EXECUTE STATEMENT SET`, see sql/README.md) INSERT them into sinks. Every
-- view groups by window_start, window_end, source: a window aggregation, append-only in
-- STREAMING mode. `source` is NULL for lines without a host (headerless lines).
--
--   agg_delivery_status_by_outcome            delivery_outcome, deliveries, recipients
--   agg_delivery_status_by_status             vendor_status, deliveries, recipients
--   agg_delivery_status_by_dsn                vendor_dsn, dsn_class_description,
--                                             dsn_description, deliveries, recipients
--   agg_delivery_status_by_mailer             vendor_mailer, deliveries, recipients, delivered,
--                                             deferred, bounced
--   agg_delivery_status_by_destination_domain recipient_domain, recipients, delivered,
--                                             deferred, bounced
--   agg_delivery_status_top_deferral_reasons  reason, deliveries, recipients, top_rank
--   agg_delivery_status_top_bounce_reasons    reason, deliveries, recipients, top_rank
--   agg_delivery_status_delays                delivery_outcome, deliveries, delay_p50,
--                                             delay_p95, delay_max
--
-- deliveries counts delivery lines (attempts), recipients their to= recipients; delivered,
-- deferred, bounced count recipients by delivery_outcome (04_event_views.sql, sql/README.md).
-- top_* views: per-window Top-N (ROW_NUMBER, top_rank 1-20), as in 07_activity.sql.

-- Delivery lines and their recipients by outcome: delivered, deferred, bounced, other.
CREATE TEMPORARY VIEW agg_delivery_status_by_outcome AS
SELECT
  window_start,
  window_end,
  source,
  delivery_outcome,
  COUNT(*) AS deliveries,
  SUM(recipient_count) AS recipients
FROM bucketed_delivery_events
GROUP BY window_start, window_end, source, delivery_outcome;

-- By vendor_status (Sent, Deferred, User unknown, Host unknown, queued, ...).
CREATE TEMPORARY VIEW agg_delivery_status_by_status AS
SELECT
  window_start,
  window_end,
  source,
  vendor_status,
  COUNT(*) AS deliveries,
  SUM(recipient_count) AS recipients
FROM bucketed_delivery_events
GROUP BY window_start, window_end, source, vendor_status;

-- By vendor_dsn (dsn=, e.g. 5.1.1; NULL when the line has none), with the descriptions of its
-- class (RFC 3463) and of the whole code (IANA registry).
CREATE TEMPORARY VIEW agg_delivery_status_by_dsn AS
SELECT
  window_start,
  window_end,
  source,
  vendor_dsn,
  SMTP_ENHANCED_CLASS_DESCRIPTION(SPLIT_INDEX(vendor_dsn, '.', 0)) AS dsn_class_description,
  SMTP_ENHANCED_STATUS_DESCRIPTION(vendor_dsn) AS dsn_description,
  COUNT(*) AS deliveries,
  SUM(recipient_count) AS recipients
FROM bucketed_delivery_events
GROUP BY window_start, window_end, source, vendor_dsn;

-- By delivery agent (mailer=: esmtp, local, relay, prog, ...), with recipients by outcome.
CREATE TEMPORARY VIEW agg_delivery_status_by_mailer AS
SELECT
  window_start,
  window_end,
  source,
  vendor_mailer,
  COUNT(*) AS deliveries,
  SUM(recipient_count) AS recipients,
  COALESCE(SUM(recipient_count) FILTER (WHERE delivery_outcome = 'delivered'), 0) AS delivered,
  COALESCE(SUM(recipient_count) FILTER (WHERE delivery_outcome = 'deferred'), 0) AS deferred,
  COALESCE(SUM(recipient_count) FILTER (WHERE delivery_outcome = 'bounced'), 0) AS bounced
FROM bucketed_delivery_events
GROUP BY window_start, window_end, source, vendor_mailer;

-- By recipient domain (one row per recipient of each delivery line; recipients without a
-- domain, such as programs, under NULL): delivery attempts and their outcomes, in recipients.
CREATE TEMPORARY VIEW agg_delivery_status_by_destination_domain AS
SELECT
  window_start,
  window_end,
  source,
  recipient_domain,
  COUNT(*) AS recipients,
  COUNT(*) FILTER (WHERE delivery_outcome = 'delivered') AS delivered,
  COUNT(*) FILTER (WHERE delivery_outcome = 'deferred') AS deferred,
  COUNT(*) FILTER (WHERE delivery_outcome = 'bounced') AS bounced
FROM bucketed_delivery_recipient_events
GROUP BY window_start, window_end, source, recipient_domain;

-- Top 20 deferral reasons: the text of stat=Deferred: <reason> (else the whole stat=).
CREATE TEMPORARY VIEW agg_delivery_status_top_deferral_reasons AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY deliveries DESC, reason) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      reason,
      COUNT(*) AS deliveries,
      SUM(recipient_count) AS recipients
    FROM (
      SELECT
        window_start,
        window_end,
        source,
        recipient_count,
        COALESCE(vendor_status_text, vendor_status_full) AS reason
      FROM bucketed_delivery_events
      WHERE delivery_outcome = 'deferred'
    )
    GROUP BY window_start, window_end, source, reason
  )
)
WHERE top_rank <= 20;

-- Top 20 bounce reasons: the whole stat= of bounced deliveries (User unknown, Host unknown (...)).
CREATE TEMPORARY VIEW agg_delivery_status_top_bounce_reasons AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY deliveries DESC, reason) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      reason,
      COUNT(*) AS deliveries,
      SUM(recipient_count) AS recipients
    FROM (
      SELECT
        window_start,
        window_end,
        source,
        recipient_count,
        vendor_status_full AS reason
      FROM bucketed_delivery_events
      WHERE delivery_outcome = 'bounced'
    )
    GROUP BY window_start, window_end, source, reason
  )
)
WHERE top_rank <= 20;

-- Delay distribution by outcome: delay= (time since the message was received) in seconds,
-- over the delivery lines that carry one; percentiles by Flink's PERCENTILE (exact).
CREATE TEMPORARY VIEW agg_delivery_status_delays AS
SELECT
  window_start,
  window_end,
  source,
  delivery_outcome,
  COUNT(*) AS deliveries,
  PERCENTILE(vendor_delay_total_seconds, 0.5) AS delay_p50,
  PERCENTILE(vendor_delay_total_seconds, 0.95) AS delay_p95,
  MAX(vendor_delay_total_seconds) AS delay_max
FROM bucketed_delivery_events
WHERE vendor_delay_total_seconds IS NOT NULL
GROUP BY window_start, window_end, source, delivery_outcome;
