-- sendmail-flink 09: the Rule Rejection tab's aggregates, per time bucket and host (source).
--
-- Needs 01-04 and exactly one of the 05_buckets_*.sql files (1-hour buckets in BATCH mode,
-- 1-minute tumbling event-time windows in STREAMING mode). Views only: safe in an `-i` init
-- file; our jobs (or `EXECUTE STATEMENT SET`, see sql/README.md) INSERT them into sinks. Every
-- view groups by window_start, window_end, source: a window aggregation, append-only in
-- STREAMING mode. `source` is NULL for lines without a host (headerless lines).
--
--   agg_rule_rejection_by_ruleset        vendor_ruleset, vendor_event_action, events
--   agg_rule_rejection_by_reply_code     smtp_response_code, smtp_response_code_description,
--                                        events
--   agg_rule_rejection_by_enhanced_code  smtp_response_enhanced_code,
--                                        smtp_response_enhanced_class_code_description,
--                                        smtp_response_enhanced_status_code_description, events
--   agg_rule_rejection_top_client_ips    source_ip, events, top_rank
--   agg_rule_rejection_top_arg1          vendor_arg1, events, top_rank
--   agg_rule_rejection_top_messages      vendor_smtp_response_message, events, top_rank
--
-- events counts ruleset_rejection lines (every action; the Overview's `rejected` counts those
-- whose action is reject). top_* views: per-window Top-N (ROW_NUMBER, top_rank 1-20) of the
-- lines that have the key, as in 07_activity.sql.

-- By ruleset (check_relay, check_mail, check_rcpt, ...) and action (reject, discard, quarantine).
CREATE TEMPORARY VIEW agg_rule_rejection_by_ruleset AS
SELECT
  window_start,
  window_end,
  source,
  vendor_ruleset,
  vendor_event_action,
  COUNT(*) AS events
FROM bucketed_ruleset_rejection_events
GROUP BY window_start, window_end, source, vendor_ruleset, vendor_event_action;

-- By SMTP reply code (550, 553, 451, ...; NULL for a discard or quarantine) with its
-- description (RFC 5321).
CREATE TEMPORARY VIEW agg_rule_rejection_by_reply_code AS
SELECT
  window_start,
  window_end,
  source,
  smtp_response_code,
  smtp_response_code_description,
  COUNT(*) AS events
FROM bucketed_ruleset_rejection_events
GROUP BY window_start, window_end, source, smtp_response_code, smtp_response_code_description;

-- By enhanced status code (5.7.1, ...; NULL when the reply has none) with the descriptions of
-- its class (RFC 3463) and of the code (IANA registry).
CREATE TEMPORARY VIEW agg_rule_rejection_by_enhanced_code AS
SELECT
  window_start,
  window_end,
  source,
  smtp_response_enhanced_code,
  smtp_response_enhanced_class_code_description,
  smtp_response_enhanced_status_code_description,
  COUNT(*) AS events
FROM bucketed_ruleset_rejection_events
GROUP BY window_start, window_end, source,
  smtp_response_enhanced_code, smtp_response_enhanced_class_code_description,
  smtp_response_enhanced_status_code_description;

-- Top 20 client IPs (relay=) of ruleset rejections.
CREATE TEMPORARY VIEW agg_rule_rejection_top_client_ips AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY events DESC, source_ip) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      source_ip,
      COUNT(*) AS events
    FROM bucketed_ruleset_rejection_events
    WHERE source_ip IS NOT NULL
    GROUP BY window_start, window_end, source, source_ip
  )
)
WHERE top_rank <= 20;

-- Top 20 ruleset arguments (arg1=: the address or host name checked).
CREATE TEMPORARY VIEW agg_rule_rejection_top_arg1 AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY events DESC, vendor_arg1) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      vendor_arg1,
      COUNT(*) AS events
    FROM bucketed_ruleset_rejection_events
    WHERE vendor_arg1 IS NOT NULL
    GROUP BY window_start, window_end, source, vendor_arg1
  )
)
WHERE top_rank <= 20;

-- Top 20 reject messages (the text of reject= after its codes).
CREATE TEMPORARY VIEW agg_rule_rejection_top_messages AS
SELECT *
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY window_start, window_end, source
      ORDER BY events DESC, vendor_smtp_response_message) AS top_rank
  FROM (
    SELECT
      window_start,
      window_end,
      source,
      vendor_smtp_response_message,
      COUNT(*) AS events
    FROM bucketed_ruleset_rejection_events
    WHERE vendor_smtp_response_message IS NOT NULL
    GROUP BY window_start, window_end, source, vendor_smtp_response_message
  )
)
WHERE top_rank <= 20;
