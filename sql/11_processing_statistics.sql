-- sendmail-flink 11: the Processing Statistics tab's aggregates, per time bucket and host (source).
--
-- Needs 01-04 and exactly one of the 05_buckets_*.sql files (1-hour buckets in BATCH mode,
-- 1-minute tumbling event-time windows in STREAMING mode). Views only: safe in an `-i` init
-- file; our jobs (or `EXECUTE STATEMENT SET`, see sql/README.md) INSERT them into sinks. Every
-- view groups by window_start, window_end, source: a window aggregation, append-only in
-- STREAMING mode. `source` is NULL for lines without a host (headerless lines).
--
--   agg_processing_statistics_delays     deliveries, delay_p50, delay_p95, delay_max,
--                                        xdelay_p50, xdelay_p95, xdelay_max
--   agg_processing_statistics_priority   deliveries, pri_p50, pri_p95, pri_max
--   agg_processing_statistics_recipients_per_message
--                                        messages, recipients, recipients_p50, recipients_p95,
--                                        recipients_max
--   agg_processing_statistics_service_events
--                                        vendor_event_action, events
--   agg_processing_statistics_connections
--                                        connections_inbound, connections_outgoing,
--                                        invalid_connections, pregreet, rejected_discovery
--
-- Percentiles (*_p50, *_p95: DOUBLE) are Flink's built-in PERCENTILE: exact, interpolated
-- linearly between the two nearest values (sql/README.md, "Percentiles").

-- delay= (since the message was received) and xdelay= (the final attempt's transmission) of
-- delivery lines, in seconds; deliveries counts the lines, each percentile is over the lines
-- that carry the value.
CREATE TEMPORARY VIEW agg_processing_statistics_delays AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) AS deliveries,
  PERCENTILE(vendor_delay_total_seconds, 0.5) AS delay_p50,
  PERCENTILE(vendor_delay_total_seconds, 0.95) AS delay_p95,
  MAX(vendor_delay_total_seconds) AS delay_max,
  PERCENTILE(vendor_xdelay_total_seconds, 0.5) AS xdelay_p50,
  PERCENTILE(vendor_xdelay_total_seconds, 0.95) AS xdelay_p95,
  MAX(vendor_xdelay_total_seconds) AS xdelay_max
FROM bucketed_delivery_events
GROUP BY window_start, window_end, source;

-- Queue priority (pri=) of delivery lines.
CREATE TEMPORARY VIEW agg_processing_statistics_priority AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) AS deliveries,
  PERCENTILE(vendor_pri, 0.5) AS pri_p50,
  PERCENTILE(vendor_pri, 0.95) AS pri_p95,
  MAX(vendor_pri) AS pri_max
FROM bucketed_delivery_events
WHERE vendor_pri IS NOT NULL
GROUP BY window_start, window_end, source;

-- Recipients per received message (nrcpts= of receipts with nrcpts > 0).
CREATE TEMPORARY VIEW agg_processing_statistics_recipients_per_message AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) AS messages,
  SUM(vendor_nrcpts) AS recipients,
  PERCENTILE(vendor_nrcpts, 0.5) AS recipients_p50,
  PERCENTILE(vendor_nrcpts, 0.95) AS recipients_p95,
  MAX(vendor_nrcpts) AS recipients_max
FROM bucketed_receipt_events
WHERE vendor_nrcpts > 0
GROUP BY window_start, window_end, source;

-- Service status lines by action: starting, stopping, restarting (the daemon), rejecting,
-- accepting, deferring (connections, under load).
CREATE TEMPORARY VIEW agg_processing_statistics_service_events AS
SELECT
  window_start,
  window_end,
  source,
  vendor_event_action,
  COUNT(*) AS events
FROM bucketed_service_status_events
GROUP BY window_start, window_end, source, vendor_event_action;

-- Connection counts: inbound connects (connect from), outgoing connects (SMTP outgoing connect
-- on), clients that sent no mail command (invalid_connection), pre-greeting talkers (pregreet)
-- and rejected VRFY/EXPN (rejected_discovery).
CREATE TEMPORARY VIEW agg_processing_statistics_connections AS
SELECT
  window_start,
  window_end,
  source,
  COUNT(*) FILTER (
    WHERE event_type = 'connection' AND vendor_relay_ip IS NULL AND vendor_relay_host IS NULL)
    AS connections_inbound,
  COUNT(*) FILTER (
    WHERE event_type = 'connection'
      AND (vendor_relay_ip IS NOT NULL OR vendor_relay_host IS NOT NULL))
    AS connections_outgoing,
  COUNT(*) FILTER (WHERE event_type = 'invalid_connection') AS invalid_connections,
  COUNT(*) FILTER (WHERE event_type = 'pregreet') AS pregreet,
  COUNT(*) FILTER (WHERE event_type = 'rejected_discovery') AS rejected_discovery
FROM bucketed_sendmail_events
WHERE event_type IN ('connection', 'invalid_connection', 'pregreet', 'rejected_discovery')
GROUP BY window_start, window_end, source;
