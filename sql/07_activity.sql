-- sendmail-flink 07: the Activity tab's aggregates, per time bucket and host (source).
--
-- Needs 01-04 and exactly one of the 05_buckets_*.sql files (1-hour buckets in BATCH mode,
-- 1-minute tumbling event-time windows in STREAMING mode). Views only: safe in an `-i` init
-- file; our jobs (or `EXECUTE STATEMENT SET`, see sql/README.md) INSERT them into sinks. Every
-- view groups by window_start, window_end, source: a window aggregation, append-only in
-- STREAMING mode. `source` is NULL for lines without a host (headerless lines).
--
--   agg_activity_top_senders             email_from, messages, bytes_received, top_rank
--   agg_activity_top_recipients          recipient, deliveries, delivered, top_rank
--   agg_activity_top_sender_domains      sender_domain, messages, bytes_received, top_rank
--   agg_activity_top_recipient_domains   recipient_domain, deliveries, delivered, top_rank
--   agg_activity_top_client_relays       source_ip, source_hostname, messages, bytes_received,
--                                        top_rank
--   agg_activity_top_destination_relays  destination_hostname, destination_ip, deliveries,
--                                        recipients, delivered, top_rank
--   agg_activity_volume                  messages, recipients, bytes_received, size_p50,
--                                        size_p95, size_max
--   agg_activity_message_sizes           size_class, size_class_min, messages, bytes_received
--
-- "Received messages" are receipts with nrcpts > 0. top_* views keep the first 20 rows of each
-- bucket and host (top_rank 1-20) by count, ties broken by the key: ROW_NUMBER() OVER
-- (PARTITION BY window_start, window_end, source ORDER BY ...) over the window aggregation,
-- which Flink plans as Window Top-N (append-only) in STREAMING mode. Top-N views leave out rows
-- whose key is NULL. size_p50/size_p95 are Flink's built-in PERCENTILE (exact, linear
-- interpolation; sql/README.md, "Percentiles").

-- Top 20 senders (from=) of received messages (nrcpts > 0); '' is the null sender <> of bounces.
CREATE TEMPORARY VIEW agg_activity_top_senders AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY messages DESC, email_from) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      email_from,
      COUNT(*) AS messages,
      SUM(email_size) AS bytes_received
    FROM bucketed_receipt_events
    WHERE vendor_nrcpts > 0
    GROUP BY window_start, window_end, source, email_from
  )
)
WHERE top_rank <= 20;

-- Top 20 recipients (to=) by delivery attempts; delivered counts those with stat=Sent.
CREATE TEMPORARY VIEW agg_activity_top_recipients AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY deliveries DESC, recipient) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      recipient,
      COUNT(*) AS deliveries,
      COUNT(*) FILTER (WHERE delivery_outcome = 'delivered') AS delivered
    FROM bucketed_delivery_recipient_events
    GROUP BY window_start, window_end, source, recipient
  )
)
WHERE top_rank <= 20;

-- Top 20 sender domains of received messages (senders without a domain left out).
CREATE TEMPORARY VIEW agg_activity_top_sender_domains AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY messages DESC, sender_domain) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      email_from_domain AS sender_domain,
      COUNT(*) AS messages,
      SUM(email_size) AS bytes_received
    FROM bucketed_receipt_events
    WHERE vendor_nrcpts > 0 AND email_from_domain IS NOT NULL
    GROUP BY window_start, window_end, source, email_from_domain
  )
)
WHERE top_rank <= 20;

-- Top 20 recipient domains by delivery attempts (recipients without a domain left out).
CREATE TEMPORARY VIEW agg_activity_top_recipient_domains AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY deliveries DESC, recipient_domain) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      recipient_domain,
      COUNT(*) AS deliveries,
      COUNT(*) FILTER (WHERE delivery_outcome = 'delivered') AS delivered
    FROM bucketed_delivery_recipient_events
    WHERE recipient_domain IS NOT NULL
    GROUP BY window_start, window_end, source, recipient_domain
  )
)
WHERE top_rank <= 20;

-- Top 20 client relays (relay= of receipts: IP and host name) of received messages.
CREATE TEMPORARY VIEW agg_activity_top_client_relays AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY messages DESC, source_ip, source_hostname) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      source_ip,
      source_hostname,
      COUNT(*) AS messages,
      SUM(email_size) AS bytes_received
    FROM bucketed_receipt_events
    WHERE vendor_nrcpts > 0
    GROUP BY window_start, window_end, source, source_ip, source_hostname
  )
)
WHERE top_rank <= 20;

-- Top 20 destination relays (relay= of deliveries) by delivery attempts; local deliveries
-- (no relay) left out. recipients and delivered count recipients.
CREATE TEMPORARY VIEW agg_activity_top_destination_relays AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY deliveries DESC, destination_hostname, destination_ip) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      destination_hostname,
      destination_ip,
      COUNT(*) AS deliveries,
      SUM(recipient_count) AS recipients,
      COALESCE(SUM(recipient_count) FILTER (WHERE delivery_outcome = 'delivered'), 0) AS delivered
    FROM bucketed_delivery_events
    WHERE destination_hostname IS NOT NULL OR destination_ip IS NOT NULL
    GROUP BY window_start, window_end, source, destination_hostname, destination_ip
  )
)
WHERE top_rank <= 20;

-- Volume over time: received messages, their recipients (nrcpts=), bytes and sizes (size=).
CREATE TEMPORARY VIEW agg_activity_volume AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) AS messages,
  SUM(vendor_nrcpts) AS recipients,
  SUM(email_size) AS bytes_received,
  PERCENTILE(email_size, 0.5) AS size_p50,
  PERCENTILE(email_size, 0.95) AS size_p95,
  MAX(email_size) AS size_max
FROM bucketed_receipt_events
WHERE vendor_nrcpts > 0
GROUP BY window_start, window_end, source;

-- Message size distribution: received messages per size class. size_class_min is the class's
-- lower bound in bytes (to sort by); classes: < 1 KiB, 1-10 KiB, 10-100 KiB, 100 KiB-1 MiB,
-- 1-10 MiB, >= 10 MiB (1 KiB = 1024 bytes).
CREATE TEMPORARY VIEW agg_activity_message_sizes AS
SELECT
  window_start,
  window_end,
  source,
  size_class,
  size_class_min,
  COUNT(*) AS messages,
  SUM(email_size) AS bytes_received
FROM (
  SELECT
    window_start,
    window_end,
    source,
    email_size,
    CASE
      WHEN email_size < 1024 THEN '< 1 KiB'
      WHEN email_size < 10240 THEN '1-10 KiB'
      WHEN email_size < 102400 THEN '10-100 KiB'
      WHEN email_size < 1048576 THEN '100 KiB-1 MiB'
      WHEN email_size < 10485760 THEN '1-10 MiB'
      ELSE '>= 10 MiB'
    END AS size_class,
    CAST(CASE
      WHEN email_size < 1024 THEN 0
      WHEN email_size < 10240 THEN 1024
      WHEN email_size < 102400 THEN 10240
      WHEN email_size < 1048576 THEN 102400
      WHEN email_size < 10485760 THEN 1048576
      ELSE 10485760
    END AS BIGINT) AS size_class_min
  FROM bucketed_receipt_events
  WHERE vendor_nrcpts > 0 AND email_size IS NOT NULL
)
GROUP BY window_start, window_end, source, size_class, size_class_min;
