-- sendmail-flink 10: the Authentication tab's aggregates, per time bucket and host (source).
--
-- Needs 01-04 and exactly one of the 05_buckets_*.sql files (1-hour buckets in BATCH mode,
-- 1-minute tumbling event-time windows in STREAMING mode). Views only: safe in an `-i` init
-- file; our jobs (or `EXECUTE STATEMENT SET`, see sql/README.md) INSERT them into sinks. Every
-- view groups by window_start, window_end, source: a window aggregation, append-only in
-- STREAMING mode. `source` is NULL for lines without a host (headerless lines).
--
--   agg_authentication_auth_by_mechanism          vendor_auth, vendor_mech,
--                                                 vendor_event_outcome, events
--   agg_authentication_auth_top_authids           vendor_authid, events, successes, failures,
--                                                 top_rank
--   agg_authentication_auth_failures_by_client_ip source_ip, failures, top_rank
--   agg_authentication_starttls_by_version        vendor_starttls, vendor_tls_version, events
--   agg_authentication_starttls_by_cipher         vendor_tls_cipher, vendor_tls_cipher_size,
--                                                 events
--   agg_authentication_starttls_by_verify         vendor_starttls, vendor_starttls_verify,
--                                                 events
--   agg_authentication_starttls_errors_by_reason  vendor_starttls, vendor_starttls_error,
--                                                 vendor_starttls_error_reason, events
--
-- events counts authentication or starttls lines. The STARTTLS version, cipher and verify
-- views count successful handshakes, the errors view failed ones. top_* and *_by_client_ip
-- views: per-window Top-N (ROW_NUMBER, top_rank 1-20), as in 07_activity.sql.

-- SMTP AUTH by role (vendor_auth: server, client), mechanism and outcome (success, failure).
CREATE TEMPORARY VIEW agg_authentication_auth_by_mechanism AS
SELECT
  window_start,
  window_end,
  source,
  vendor_auth,
  vendor_mech,
  vendor_event_outcome,
  COUNT(*) AS events
FROM bucketed_authentication_events
GROUP BY window_start, window_end, source, vendor_auth, vendor_mech, vendor_event_outcome;

-- Top 20 authentication identities (authid=, or user= of a failure).
CREATE TEMPORARY VIEW agg_authentication_auth_top_authids AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY events DESC, vendor_authid) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      vendor_authid,
      COUNT(*) AS events,
      COUNT(*) FILTER (WHERE vendor_event_outcome = 'success') AS successes,
      COUNT(*) FILTER (WHERE vendor_event_outcome = 'failure') AS failures
    FROM bucketed_authentication_events
    WHERE vendor_authid IS NOT NULL
    GROUP BY window_start, window_end, source, vendor_authid
  )
)
WHERE top_rank <= 20;

-- AUTH failures by client IP (relay=), the top 20.
CREATE TEMPORARY VIEW agg_authentication_auth_failures_by_client_ip AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY failures DESC, source_ip) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      source_ip,
      COUNT(*) AS failures
    FROM bucketed_authentication_events
    WHERE vendor_event_outcome = 'failure' AND source_ip IS NOT NULL
    GROUP BY window_start, window_end, source, source_ip
  )
)
WHERE top_rank <= 20;

-- Successful STARTTLS handshakes by role (vendor_starttls: server, client) and TLS version.
CREATE TEMPORARY VIEW agg_authentication_starttls_by_version AS
SELECT
  window_start,
  window_end,
  source,
  vendor_starttls,
  vendor_tls_version,
  COUNT(*) AS events
FROM bucketed_starttls_events
WHERE vendor_event_outcome = 'success'
GROUP BY window_start, window_end, source, vendor_starttls, vendor_tls_version;

-- Successful STARTTLS handshakes by cipher suite and key size (bits=).
CREATE TEMPORARY VIEW agg_authentication_starttls_by_cipher AS
SELECT
  window_start,
  window_end,
  source,
  vendor_tls_cipher,
  vendor_tls_cipher_size,
  COUNT(*) AS events
FROM bucketed_starttls_events
WHERE vendor_event_outcome = 'success'
GROUP BY window_start, window_end, source, vendor_tls_cipher, vendor_tls_cipher_size;

-- Successful STARTTLS handshakes by role and certificate verification result (verify=: OK,
-- NO, FAIL, NONE, ...).
CREATE TEMPORARY VIEW agg_authentication_starttls_by_verify AS
SELECT
  window_start,
  window_end,
  source,
  vendor_starttls,
  vendor_starttls_verify,
  COUNT(*) AS events
FROM bucketed_starttls_events
WHERE vendor_event_outcome = 'success'
GROUP BY window_start, window_end, source, vendor_starttls, vendor_starttls_verify;

-- Failed STARTTLS handshakes by role, error (accept failed, connect failed, an OpenSSL
-- function) and reason (no shared cipher, wrong version number, ...).
CREATE TEMPORARY VIEW agg_authentication_starttls_errors_by_reason AS
SELECT
  window_start,
  window_end,
  source,
  vendor_starttls,
  vendor_starttls_error,
  vendor_starttls_error_reason,
  COUNT(*) AS events
FROM bucketed_starttls_events
WHERE vendor_event_outcome = 'failure'
GROUP BY window_start, window_end, source,
  vendor_starttls, vendor_starttls_error, vendor_starttls_error_reason;
