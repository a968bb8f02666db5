-- sendmail-flink SQL functions: registers the Sendmail parser and its helpers as temporary
-- system functions, so that they resolve unqualified in any catalog and database.
--
-- Use as the SQL client's init file, with the UDF jar on its classpath:
--
--   mvn -B -pl udfs package        # builds udfs/target/sendmail-udfs.jar
--   sql-client.sh -i sql/01_functions.sql -j udfs/target/sendmail-udfs.jar
--
-- Only DDL here, so it is safe for `-i`. Running it twice is harmless (IF NOT EXISTS).
--
-- Parser settings are job parameters (defaults: UTC, year inferred from the current time):
--   SET 'pipeline.global-job-parameters' = 'sendmail.timezone:Europe/Berlin,sendmail.year:2025';
--
-- Example:
--   SELECT t.`timestamp`, t.event_type, t.email_from, t.email_to
--   FROM lines, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t;

-- PARSE_SENDMAIL(line STRING [, reference TIMESTAMP_LTZ(3)]): one row per line, one column per
-- field (`timestamp`, source, event_type, email_from, ...); unparsable lines give
-- event_type = 'unparsed' and a parse_error. `reference` is the instant a year-less timestamp's
-- year is inferred against (default: now), e.g. a filesystem table's
-- `mtime TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'file.modification-time' VIRTUAL` column.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS PARSE_SENDMAIL
  AS 'io.sendmailflink.udfs.udf.ParseSendmail' LANGUAGE JAVA;

-- SENDMAIL_FIELD(line STRING, name STRING) -> STRING: one field of a line as text.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SENDMAIL_FIELD
  AS 'io.sendmailflink.udfs.udf.SendmailField' LANGUAGE JAVA;

-- SENDMAIL_DELAY_SECONDS(delay STRING) -> BIGINT: '1+02:03:04' -> 93784, NULL when not a delay.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SENDMAIL_DELAY_SECONDS
  AS 'io.sendmailflink.udfs.udf.SendmailDelaySeconds' LANGUAGE JAVA;

-- SMTP_REPLY_DESCRIPTION(code STRING) -> STRING: '550' -> 'Mailbox unavailable'.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SMTP_REPLY_DESCRIPTION
  AS 'io.sendmailflink.udfs.udf.SmtpReplyDescription' LANGUAGE JAVA;

-- SMTP_ENHANCED_CLASS_DESCRIPTION(cls STRING) -> STRING: '5' -> 'Permanent Failure'.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SMTP_ENHANCED_CLASS_DESCRIPTION
  AS 'io.sendmailflink.udfs.udf.SmtpEnhancedClassDescription' LANGUAGE JAVA;

-- SMTP_ENHANCED_SUBJECT_DESCRIPTION(subject STRING) -> STRING: '7' -> 'Security or Policy Status'.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SMTP_ENHANCED_SUBJECT_DESCRIPTION
  AS 'io.sendmailflink.udfs.udf.SmtpEnhancedSubjectDescription' LANGUAGE JAVA;

-- SMTP_ENHANCED_STATUS_DESCRIPTION(code STRING) -> STRING: '7.1' or '5.7.1'
-- -> 'Delivery not authorized, message refused'.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SMTP_ENHANCED_STATUS_DESCRIPTION
  AS 'io.sendmailflink.udfs.udf.SmtpEnhancedStatusDescription' LANGUAGE JAVA;

-- SENDMAIL_EVENT_TIME(line STRING, reference TIMESTAMP_LTZ(3)) -> TIMESTAMP_LTZ(3): the line's
-- `timestamp` as PARSE_SENDMAIL(line, reference) gives it, NULL when the line has none.
CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS SENDMAIL_EVENT_TIME
  AS 'io.sendmailflink.udfs.udf.SendmailEventTime' LANGUAGE JAVA;
