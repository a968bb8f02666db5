-- sendmail-flink 04: one view per event type over `sendmail_events` (03_events.sql).
--
-- Views only: safe in an `-i` init file; the same in BATCH and STREAMING mode (event_time stays
-- the rowtime attribute). Run in order after 01, 02 and 03, see sql/README.md.
--
-- Every view has the common columns
--   origin, line_number, event_time, `timestamp`, source, application_name, process_id,
--   email_uid, event_type, vendor_event_subtype, message
-- then the columns of its type (README.md, "Field reference"), and a few derived ones:
--   *_domain                    the domain of an address: the text after its last '@', lower
--                               case; NULL when there is no '@' (local users, from=<>)
--   smtp_response_enhanced_code the whole enhanced status code ('5.7.1')
--   recipient_count             recipients of a delivery line (its to= list)
--   delivery_outcome            delivered (stat=Sent), bounced (dsn=5.x.x), deferred (dsn=4.x.x
--                               or stat=Deferred), else other (queued, ...): see sql/README.md
-- and one helper view beside the ten:
--   delivery_recipient_events   delivery_events with one row per recipient (`recipient`,
--                               `recipient_domain`), for recipient and domain statistics

-- receipt: a message accepted into the queue (from=..., nrcpts=...).
CREATE TEMPORARY VIEW receipt_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  email_direction,
  email_from,
  LOWER(REGEXP_EXTRACT(email_from, '@([^@]+)$', 1)) AS email_from_domain,
  email_size,
  email_message_id,
  vendor_class,
  vendor_nrcpts,
  vendor_bodytype,
  network_protocol,
  vendor_daemon,
  vendor_authid,
  vendor_relay_user,
  vendor_relay_warning,
  source_ip,
  source_hostname
FROM sendmail_events
WHERE event_type = 'receipt';

-- delivery: one delivery attempt (to=..., stat=...) for one or more recipients.
CREATE TEMPORARY VIEW delivery_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  email_direction,
  email_to,
  email_to_list,
  CAST(COALESCE(CARDINALITY(email_to_list), 0) AS BIGINT) AS recipient_count,
  vendor_more_recipients,
  vendor_ctladdr,
  vendor_delay,
  vendor_delay_total_seconds,
  vendor_xdelay,
  vendor_xdelay_total_seconds,
  vendor_mailer,
  vendor_pri,
  vendor_dsn,
  vendor_status,
  vendor_status_text,
  vendor_status_full,
  CASE
    WHEN vendor_status = 'Sent' THEN 'delivered'
    WHEN vendor_dsn LIKE '5.%' THEN 'bounced'
    WHEN vendor_dsn LIKE '4.%' OR vendor_status = 'Deferred' THEN 'deferred'
    ELSE 'other'
  END AS delivery_outcome,
  vendor_reply,
  vendor_quarantine,
  vendor_ntries,
  vendor_stage,
  vendor_smtp_response_message,
  smtp_response_code,
  smtp_response_code_description,
  smtp_response_enhanced_class_code,
  smtp_response_enhanced_class_code_description,
  smtp_response_enhanced_status_code,
  smtp_response_enhanced_status_code_description,
  smtp_response_enhanced_subject_code,
  smtp_response_enhanced_subject_code_description,
  smtp_response_enhanced_detail_code,
  -- the whole enhanced status code, e.g. '5.7.1' (NULL when either part is)
  CONCAT(smtp_response_enhanced_class_code, '.', smtp_response_enhanced_status_code)
    AS smtp_response_enhanced_code,
  vendor_relay_user,
  vendor_relay_warning,
  destination_ip,
  destination_hostname
FROM sendmail_events
WHERE event_type = 'delivery';

-- Helper: one row per recipient of a delivery line's to= list, with the delivery columns that
-- describe that recipient's attempt (not every column of delivery_events).
CREATE TEMPORARY VIEW delivery_recipient_events AS
SELECT
  d.*,
  r.recipient,
  LOWER(REGEXP_EXTRACT(r.recipient, '@([^@]+)$', 1)) AS recipient_domain
FROM (
  -- the columns that describe one recipient's delivery; a narrow row before UNNEST, because
  -- the planner copies every column of its input for each recipient (BENCHMARKS.md)
  SELECT
    origin,
    line_number,
    event_time,
    `timestamp`,
    source,
    process_id,
    email_uid,
    event_type,
    email_to_list,
    recipient_count,
    vendor_mailer,
    vendor_dsn,
    vendor_status,
    delivery_outcome,
    vendor_delay_total_seconds,
    vendor_xdelay_total_seconds,
    vendor_ntries,
    smtp_response_code,
    smtp_response_enhanced_code,
    destination_ip,
    destination_hostname
  FROM delivery_events
) AS d
CROSS JOIN UNNEST(d.email_to_list) AS r (recipient);

-- ruleset_rejection: a check_* ruleset rejected, discarded or quarantined a command.
CREATE TEMPORARY VIEW ruleset_rejection_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_ruleset,
  vendor_arg1,
  vendor_arg2,
  vendor_reject,
  vendor_quarantine,
  vendor_event_action,
  vendor_smtp_response_message,
  smtp_response_code,
  smtp_response_code_description,
  smtp_response_enhanced_class_code,
  smtp_response_enhanced_class_code_description,
  smtp_response_enhanced_status_code,
  smtp_response_enhanced_status_code_description,
  smtp_response_enhanced_subject_code,
  smtp_response_enhanced_subject_code_description,
  smtp_response_enhanced_detail_code,
  -- the whole enhanced status code, e.g. '5.7.1' (NULL when either part is)
  CONCAT(smtp_response_enhanced_class_code, '.', smtp_response_enhanced_status_code)
    AS smtp_response_enhanced_code,
  vendor_relay_user,
  vendor_relay_warning,
  source_ip,
  source_hostname
FROM sendmail_events
WHERE event_type = 'ruleset_rejection';

-- authentication: SMTP AUTH as server or client, success or failure (vendor_event_outcome).
CREATE TEMPORARY VIEW authentication_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_auth,
  vendor_authid,
  vendor_mech,
  vendor_bits,
  vendor_event_outcome,
  vendor_auth_error,
  vendor_auth_error_code,
  vendor_auth_error_detail,
  vendor_relay_warning,
  source_ip,
  source_hostname,
  destination_ip,
  destination_hostname
FROM sendmail_events
WHERE event_type = 'authentication';

-- starttls: a TLS handshake as server or client, success or failure (vendor_event_outcome).
CREATE TEMPORARY VIEW starttls_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_starttls,
  vendor_tls_version,
  vendor_tls_cipher,
  vendor_tls_cipher_size,
  vendor_starttls_verify,
  vendor_event_outcome,
  vendor_starttls_error,
  vendor_starttls_error_code,
  vendor_starttls_error_reason,
  vendor_ssl_error,
  vendor_errno,
  vendor_retry,
  vendor_relay_warning,
  source_ip,
  source_hostname,
  destination_ip,
  destination_hostname
FROM sendmail_events
WHERE event_type = 'starttls';

-- connection: an inbound connect (source_*) or an outgoing connect (vendor_relay_*).
CREATE TEMPORARY VIEW connection_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_event_action,
  vendor_event_outcome_reason,
  source_ip,
  source_hostname,
  destination_ip,
  destination_hostname,
  vendor_relay_ip,
  vendor_relay_host
FROM sendmail_events
WHERE event_type = 'connection';

-- invalid_connection: a client that did not issue MAIL/EXPN/VRFY/ETRN.
CREATE TEMPORARY VIEW invalid_connection_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_daemon,
  vendor_relay_warning,
  source_ip,
  source_hostname
FROM sendmail_events
WHERE event_type = 'invalid_connection';

-- pregreet: a client that talked before the greeting.
CREATE TEMPORARY VIEW pregreet_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_event_action,
  vendor_pregreet_seconds,
  source_ip,
  source_hostname
FROM sendmail_events
WHERE event_type = 'pregreet';

-- rejected_discovery: a rejected VRFY or EXPN.
CREATE TEMPORARY VIEW rejected_discovery_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_smtp_command,
  vendor_smtp_command_arg,
  source_ip,
  source_hostname
FROM sendmail_events
WHERE event_type = 'rejected_discovery';

-- service_status: the daemon starting, stopping, restarting, or rejecting/accepting connections.
CREATE TEMPORARY VIEW service_status_events AS
SELECT
  origin,
  line_number,
  event_time,
  `timestamp`,
  source,
  application_name,
  process_id,
  email_uid,
  event_type,
  vendor_event_subtype,
  message,
  vendor_event_action,
  vendor_version,
  vendor_daemon,
  vendor_daemon_mode,
  vendor_queue_interval,
  vendor_program,
  vendor_event_outcome_reason
FROM sendmail_events
WHERE event_type = 'service_status';
