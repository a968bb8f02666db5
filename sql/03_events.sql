-- sendmail-flink 03: every line of `sendmail_lines` parsed, split into events and dead letters.
--
-- Needs 01_functions.sql and a `sendmail_lines` source (02_source_files.sql, 02_source_kafka.sql,
-- or our jobs' DataStream). Views only: safe in an `-i` init file; the same in BATCH and
-- STREAMING mode (event_time stays the rowtime attribute). Run in order after 01 and 02, see
-- sql/README.md.
--
--   sendmail_parsed        every line: origin, line_number, line, event_time, then every column
--                          of PARSE_SENDMAIL (README.md, "Field reference"), in that order
--   sendmail_events        the lines that are Sendmail events: event_type <> 'unparsed'
--   sendmail_dead_letters  the others: origin, line_number, line, parse_error, event_time
--
-- Every line lands in exactly one of sendmail_events and sendmail_dead_letters.

CREATE TEMPORARY VIEW sendmail_parsed AS
SELECT
  l.origin,
  l.line_number,
  l.line,
  l.event_time,
  p.*
FROM sendmail_lines AS l,
  LATERAL TABLE(PARSE_SENDMAIL(l.line, l.reference_time)) AS p;

CREATE TEMPORARY VIEW sendmail_events AS
SELECT *
FROM sendmail_parsed
WHERE COALESCE(event_type, 'unparsed') <> 'unparsed';

CREATE TEMPORARY VIEW sendmail_dead_letters AS
SELECT
  origin,
  line_number,
  line,
  parse_error,
  event_time
FROM sendmail_parsed
WHERE COALESCE(event_type, 'unparsed') = 'unparsed';
