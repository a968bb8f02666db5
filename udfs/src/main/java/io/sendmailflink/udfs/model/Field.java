package io.sendmailflink.udfs.model;

import static io.sendmailflink.udfs.model.FieldType.BOOLEAN;
import static io.sendmailflink.udfs.model.FieldType.LONG;
import static io.sendmailflink.udfs.model.FieldType.STRING;
import static io.sendmailflink.udfs.model.FieldType.STRING_LIST;
import static io.sendmailflink.udfs.model.FieldType.TIMESTAMP;

import java.util.HashMap;
import java.util.Map;

/**
 * Every field a parsed Sendmail line can carry: the one place that names them.
 *
 * <p>Names and types follow the Graylog Illuminate Sendmail field table where it has the field;
 * the rest are what real Sendmail lines carry beyond it. The declaration order is the column
 * order of {@code PARSE_SENDMAIL} and the key order of the {@code parse} command's JSON.
 */
public enum Field {
    // ---- general (every line) -------------------------------------------------------------
    TIMESTAMP_("timestamp", TIMESTAMP, "all",
            "When the line was logged, ISO-8601 with offset (RFC 3164 lines: year inferred, zone configurable, default UTC)",
            "2026-11-24T20:56:10.000Z"),
    SOURCE("source", STRING, "all", "Host that logged the line, lower case", "mailsrv1"),
    APPLICATION_NAME("application_name", STRING, "all", "Syslog process name (tag)", "sm-mta"),
    PROCESS_ID("process_id", STRING, "all", "Syslog process id", "5222"),
    FACILITY("facility", STRING, "all", "Syslog facility name, from <PRI> or <facility.level>", "mail"),
    SEVERITY("severity", STRING, "all", "Syslog severity name, from <PRI> or <facility.level>", "info"),
    EMAIL_UID("email_uid", STRING, "all", "Queue ID (absent for NOQUEUE and unprefixed lines)", "qABK0GcL913544"),
    EVENT_TYPE("event_type", STRING, "all",
            "receipt, delivery, ruleset_rejection, authentication, starttls, connection, invalid_connection, "
                    + "pregreet, rejected_discovery, service_status, other or unparsed",
            "delivery"),
    VENDOR_EVENT_SUBTYPE("vendor_event_subtype", STRING, "other, some typed events",
            "Kind of line within its type (dsn, syserr, milter, usrerr, lost_input_channel, auth_failure, ...)",
            "dsn"),
    MESSAGE("message", STRING, "all", "The Sendmail message, after the syslog header", "qABK0GcL913544: to=<user@corp.example.com>, ..."),
    PARSE_ERROR("parse_error", STRING, "unparsed", "Why the line is not a Sendmail syslog line, with the position", "no syslog tag (name[pid]:) found at column 1"),
    LOG_FORMAT("log_format", STRING, "all", "Envelope the line came in: rfc3164, rfc5424, iso, headerless, filebeat+...", "rfc3164"),
    EVENT_SOURCE_PRODUCT("event_source_product", STRING, "filebeat", "Filebeat's event_source_product field", "sendmail"),
    VENDOR_PART_NUMBER("vendor_part_number", LONG, "all", "n of a long line Sendmail split as <qid>[n]:", "2"),
    VENDOR_PART_CONTINUED("vendor_part_continued", BOOLEAN, "all", "A split part that another part continues (ends in ' ...')", "true"),
    EMAIL_DIRECTION("email_direction", STRING, "receipt, delivery",
            "inbound (received from a remote client), outbound (delivered to a remote host), local (loopback or local mailer)",
            "outbound"),

    // ---- receipt ----------------------------------------------------------------------------
    EMAIL_FROM("email_from", STRING, "receipt", "Sender address, angle brackets removed; empty for a bounce (from=<>)", "user@graylog.com"),
    EMAIL_SIZE("email_size", LONG, "receipt", "Message size in bytes", "589"),
    EMAIL_MESSAGE_ID("email_message_id", STRING, "receipt", "Message-Id, angle brackets removed", "200046040409.e5EECA205337@foo.bar.com"),
    VENDOR_CLASS("vendor_class", LONG, "receipt", "Queue class (Precedence)", "0"),
    VENDOR_NRCPTS("vendor_nrcpts", LONG, "receipt", "Number of recipients", "1"),
    VENDOR_BODYTYPE("vendor_bodytype", STRING, "receipt", "BODY= type (7BIT, 8BITMIME)", "8BITMIME"),
    NETWORK_PROTOCOL("network_protocol", STRING, "receipt", "Protocol the message came in with, lower case", "esmtp"),
    VENDOR_DAEMON("vendor_daemon", STRING, "receipt, invalid_connection, service_status, other",
            "Sendmail daemon (DaemonPortOptions Name)", "MTA"),

    // ---- delivery ---------------------------------------------------------------------------
    EMAIL_TO("email_to", STRING, "delivery", "Recipients, angle brackets removed, comma-joined", "user@graylog.com"),
    EMAIL_TO_LIST("email_to_list", STRING_LIST, "delivery", "Recipients as a list", "[user@graylog.com]"),
    VENDOR_MORE_RECIPIENTS("vendor_more_recipients", BOOLEAN, "delivery", "This line is one [more] chunk of a longer recipient list", "true"),
    VENDOR_CTLADDR("vendor_ctladdr", STRING, "delivery", "Controlling user, without its (uid/gid)", "mailadmin"),
    VENDOR_CTLADDR_UID("vendor_ctladdr_uid", LONG, "delivery", "uid of the controlling user", "0"),
    VENDOR_CTLADDR_GID("vendor_ctladdr_gid", LONG, "delivery", "gid of the controlling user", "0"),
    VENDOR_DELAY("vendor_delay", STRING, "delivery, other", "Total delay as logged, [D+]HH:MM:SS", "00:08:52"),
    VENDOR_DELAY_TOTAL_SECONDS("vendor_delay_total_seconds", LONG, "delivery, other", "Total delay in seconds", "532"),
    VENDOR_XDELAY("vendor_xdelay", STRING, "delivery", "Transmission delay of the final attempt, [D+]HH:MM:SS", "00:00:04"),
    VENDOR_XDELAY_TOTAL_SECONDS("vendor_xdelay_total_seconds", LONG, "delivery", "Transmission delay in seconds", "4"),
    VENDOR_MAILER("vendor_mailer", STRING, "delivery", "Delivery agent", "esmtp"),
    VENDOR_PRI("vendor_pri", LONG, "delivery", "Message priority", "30589"),
    VENDOR_DSN("vendor_dsn", STRING, "delivery", "Delivery status notification code", "2.0.0"),
    VENDOR_STATUS("vendor_status", STRING, "delivery", "Abbreviated status (Sent, Deferred, queued, User unknown, ...)", "Sent"),
    VENDOR_STATUS_TEXT("vendor_status_text", STRING, "delivery", "Text the status carries (remote reply)", "e6FDCEv13455 Message accepted for delivery"),
    VENDOR_STATUS_FULL("vendor_status_full", STRING, "delivery", "The whole stat= value", "Sent (e6FDCEv13455 Message accepted for delivery)"),
    VENDOR_REPLY("vendor_reply", STRING, "delivery", "reply= (8.15+): the remote server's reply to a failed attempt", "550 5.1.1 <x@example.com>... User unknown"),
    VENDOR_QUARANTINE("vendor_quarantine", STRING, "delivery, ruleset_rejection, other", "Quarantine reason", "spam"),
    VENDOR_NTRIES("vendor_ntries", LONG, "delivery, other", "Delivery attempts", "3"),
    VENDOR_STAGE("vendor_stage", STRING, "delivery", "stage= (_FFR_LOG_STAGE builds)", "DATA"),

    // ---- ruleset rejection ------------------------------------------------------------------
    VENDOR_RULESET("vendor_ruleset", STRING, "ruleset_rejection", "Ruleset that rejected", "check_rcpt"),
    VENDOR_ARG1("vendor_arg1", STRING, "ruleset_rejection", "First ruleset argument, angle brackets removed", "spammer@spammy.com"),
    VENDOR_ARG2("vendor_arg2", STRING, "ruleset_rejection", "Second ruleset argument", "127.0.0.4"),
    VENDOR_REJECT("vendor_reject", STRING, "ruleset_rejection, other", "reject= text: reply code, enhanced code, message",
            "550 5.7.1 Mail from 11.111.11.111 rejected by SPAMHAUS."),
    VENDOR_SMTP_RESPONSE_MESSAGE("vendor_smtp_response_message", STRING, "ruleset_rejection, delivery, other",
            "The text of an SMTP response, without its codes", "<spammer@spammy.com.>... SPAM REJECT"),
    SMTP_RESPONSE_CODE("smtp_response_code", STRING, "ruleset_rejection, delivery, other", "SMTP basic reply code", "550"),
    SMTP_RESPONSE_CODE_DESCRIPTION("smtp_response_code_description", STRING, "ruleset_rejection, delivery, other",
            "Description of the basic reply code (RFC 5321)", "Mailbox unavailable"),
    SMTP_RESPONSE_ENHANCED_CLASS_CODE("smtp_response_enhanced_class_code", STRING, "ruleset_rejection, delivery, other",
            "Enhanced status class", "5"),
    SMTP_RESPONSE_ENHANCED_CLASS_CODE_DESCRIPTION("smtp_response_enhanced_class_code_description", STRING,
            "ruleset_rejection, delivery, other", "Description of the class (RFC 3463)", "Permanent Failure"),
    SMTP_RESPONSE_ENHANCED_STATUS_CODE("smtp_response_enhanced_status_code", STRING, "ruleset_rejection, delivery, other",
            "Enhanced status subject.detail", "7.1"),
    SMTP_RESPONSE_ENHANCED_STATUS_CODE_DESCRIPTION("smtp_response_enhanced_status_code_description", STRING,
            "ruleset_rejection, delivery, other", "Description of the enhanced status code (IANA registry)",
            "Delivery not authorized, message refused"),
    SMTP_RESPONSE_ENHANCED_SUBJECT_CODE("smtp_response_enhanced_subject_code", STRING, "ruleset_rejection, delivery, other",
            "Enhanced status subject", "7"),
    SMTP_RESPONSE_ENHANCED_SUBJECT_CODE_DESCRIPTION("smtp_response_enhanced_subject_code_description", STRING,
            "ruleset_rejection, delivery, other", "Description of the subject (RFC 3463)", "Security or Policy Status"),
    SMTP_RESPONSE_ENHANCED_DETAIL_CODE("smtp_response_enhanced_detail_code", STRING, "ruleset_rejection, delivery, other",
            "Enhanced status detail", "1"),

    // ---- relays (receipt, delivery, ruleset, AUTH, STARTTLS, connection, scanning) ----------
    VENDOR_RELAY_USER("vendor_relay_user", STRING, "relay-bearing", "User part of relay= (ident or local user)", "user@graylog.com"),
    VENDOR_RELAY_WARNING("vendor_relay_warning", STRING, "relay-bearing", "Warning after the relay", "may be forged"),
    SOURCE_IP("source_ip", STRING, "receipt, ruleset_rejection, authentication, starttls, connection, invalid_connection, pregreet, rejected_discovery, other",
            "IP of the client relay (bare, IPv6 without its IPv6: tag)", "10.1.2.3"),
    SOURCE_HOSTNAME("source_hostname", STRING, "receipt, ruleset_rejection, authentication, starttls, connection, invalid_connection, pregreet, rejected_discovery, other",
            "Host name of the client relay, lower case, no trailing dot", "graylog.com"),
    DESTINATION_IP("destination_ip", STRING, "delivery, authentication, starttls, connection", "IP of the destination relay", "10.1.2.3"),
    DESTINATION_HOSTNAME("destination_hostname", STRING, "delivery, authentication, starttls, connection",
            "Host name of the destination relay, lower case, no trailing dot", "aspmx.l.google.com"),
    VENDOR_RELAY_IP("vendor_relay_ip", STRING, "connection", "IP of the local relay used to send", "10.1.2.3"),
    VENDOR_RELAY_HOST("vendor_relay_host", STRING, "connection", "Host name of the local relay used to send", "server1.example.com"),

    // ---- authentication ----------------------------------------------------------------------
    VENDOR_AUTH("vendor_auth", STRING, "authentication", "Sendmail's role: server or client", "server"),
    VENDOR_AUTHID("vendor_authid", STRING, "authentication, receipt", "Authentication identity (authid=, or user= of a failure)", "mailadmin"),
    VENDOR_MECH("vendor_mech", STRING, "authentication", "SASL mechanism", "LOGIN"),
    VENDOR_BITS("vendor_bits", STRING, "authentication", "SASL security strength", "0"),
    VENDOR_EVENT_OUTCOME("vendor_event_outcome", STRING, "authentication, starttls", "success or failure", "failure"),
    VENDOR_AUTH_ERROR("vendor_auth_error", STRING, "authentication", "SASL error of an AUTH failure", "authentication failure"),
    VENDOR_AUTH_ERROR_CODE("vendor_auth_error_code", STRING, "authentication", "SASL result code of an AUTH failure", "-13"),
    VENDOR_AUTH_ERROR_DETAIL("vendor_auth_error_detail", STRING, "authentication", "SASL error detail of an AUTH failure",
            "SASL(-13): authentication failure: checkpass failed"),

    // ---- STARTTLS ------------------------------------------------------------------------------
    VENDOR_STARTTLS("vendor_starttls", STRING, "starttls", "Sendmail's role: server or client", "server"),
    VENDOR_TLS_VERSION("vendor_tls_version", STRING, "starttls", "TLS version", "TLSv1.3"),
    VENDOR_TLS_CIPHER("vendor_tls_cipher", STRING, "starttls", "Cipher suite", "TLS_AES_256_GCM_SHA384"),
    VENDOR_TLS_CIPHER_SIZE("vendor_tls_cipher_size", STRING, "starttls", "Key size, alg_bits/cipher_bits", "256/256"),
    VENDOR_STARTTLS_VERIFY("vendor_starttls_verify", STRING, "starttls", "Certificate verification result", "OK"),
    VENDOR_STARTTLS_ERROR("vendor_starttls_error", STRING, "starttls", "The STARTTLS error", "accept failed"),
    VENDOR_STARTTLS_ERROR_CODE("vendor_starttls_error_code", STRING, "starttls", "Result code of the error (or OpenSSL error code)", "-1"),
    VENDOR_STARTTLS_ERROR_REASON("vendor_starttls_error_reason", STRING, "starttls", "Reason of the error", "sslv3 alert bad certificate"),
    VENDOR_SSL_ERROR("vendor_ssl_error", STRING, "starttls", "SSL_error= of an accept/connect failure", "1"),
    VENDOR_ERRNO("vendor_errno", STRING, "starttls", "errno= of an accept/connect failure", "0"),
    VENDOR_RETRY("vendor_retry", STRING, "starttls", "retry= of an accept/connect failure", "-1"),

    // ---- connection, scanning, service ---------------------------------------------------------
    VENDOR_EVENT_ACTION("vendor_event_action", STRING,
            "connection, pregreet, service_status, ruleset_rejection, other",
            "Action: connect, rejecting, starting, restarting, stopping, reject, discard, ...", "connect"),
    VENDOR_PREGREET_SECONDS("vendor_pregreet_seconds", LONG, "pregreet", "Seconds after connect the client talked", "0"),
    VENDOR_SMTP_COMMAND("vendor_smtp_command", STRING, "rejected_discovery, other", "SMTP command concerned, upper case", "VRFY"),
    VENDOR_SMTP_COMMAND_ARG("vendor_smtp_command_arg", STRING, "rejected_discovery, other", "Its argument", "root"),
    VENDOR_COUNT("vendor_count", LONG, "other", "count= of a possible SMTP attack", "5"),
    VENDOR_VERSION("vendor_version", STRING, "service_status", "Sendmail version", "8.14.7"),
    VENDOR_DAEMON_MODE("vendor_daemon_mode", STRING, "service_status", "What a starting daemon does", "SMTP+queueing@00:10:00"),
    VENDOR_QUEUE_INTERVAL("vendor_queue_interval", STRING, "service_status", "Queue run interval of a starting daemon", "00:10:00"),
    VENDOR_PROGRAM("vendor_program", STRING, "service_status", "Program a restarting daemon runs", "/usr/sbin/sendmail-mta"),
    VENDOR_EVENT_OUTCOME_REASON("vendor_event_outcome_reason", STRING, "service_status, connection, other",
            "Cause of a status change or failure", "signal"),

    // ---- other lines ---------------------------------------------------------------------------
    VENDOR_RELATED_EMAIL_UID("vendor_related_email_uid", STRING, "other",
            "Queue ID a DSN/clone line creates (the bounce or split envelope)", "s1H8ZKsJ024804"),
    VENDOR_ADDRESS("vendor_address", STRING, "other", "Address a usrerr line is about, angle brackets removed", "baduser@example.com"),
    VENDOR_MILTER("vendor_milter", STRING, "other", "Milter filter name", "spamass"),
    VENDOR_SMTP_PHASE("vendor_smtp_phase", STRING, "other", "SMTP phase of a timeout or lost input", "server cmd read"),
    VENDOR_SYSERR_USER("vendor_syserr_user", STRING, "other", "User in SYSERR(user)", "root");

    private static final Map<String, Field> BY_NAME = new HashMap<>();

    static {
        for (Field f : values()) {
            BY_NAME.put(f.fieldName, f);
        }
    }

    private final String fieldName;
    private final FieldType type;
    private final String eventTypes;
    private final String description;
    private final String example;

    Field(String fieldName, FieldType type, String eventTypes, String description, String example) {
        this.fieldName = fieldName;
        this.type = type;
        this.eventTypes = eventTypes;
        this.description = description;
        this.example = example;
    }

    /** The field's name in JSON, SQL and the spec. */
    public String fieldName() {
        return fieldName;
    }

    public FieldType type() {
        return type;
    }

    /** Which event types carry it, for the reference table. */
    public String eventTypes() {
        return eventTypes;
    }

    public String description() {
        return description;
    }

    public String example() {
        return example;
    }

    /** The field with this name, or null. */
    public static Field byName(String name) {
        return BY_NAME.get(name);
    }
}
