package io.sendmailflink.benchmarks;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import io.krakens.grok.api.Match;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline: Sendmail lines parsed with grok (io.krakens java-grok), the way a Logstash or
 * Graylog user would write it.
 *
 * <p>It mirrors a typical Logstash pipeline for Sendmail:
 * <pre>
 * grok { match =&gt; { "message" =&gt; [ RFC3164 header, RFC5424 header ] } }      # -&gt; message
 * grok { match =&gt; { "message" =&gt; [ receipt, delivery, ruleset, ... ] } }       # first match wins
 * </pre>
 * Stage 1 takes the syslog header apart and keeps the Sendmail message; stage 2 tries one pattern
 * per event type, in order, until one matches. Every pattern is compiled once, is anchored with
 * {@code ^} (a careful user's habit, which makes failing patterns cheap) and keeps named captures
 * only (Logstash's and Graylog's "named captures only"), and drops the groups that did not take
 * part in the match (Logstash's default {@code keep_empty_captures => false}). The captures of both stages go into one
 * map, as into a Logstash event, with {@code event_type} naming the pattern that matched. Field
 * names follow the Graylog Illuminate Sendmail field table, i.e. the parser's {@code Field} names.
 *
 * <p>What grok does not do and the Sendmail parser does (so the parser does more work per line):
 * timestamp normalization, delay seconds, SMTP code descriptions, host lower-casing, escapes.
 *
 * <p>Thread-safe: compiled {@link Grok}s are immutable and every call returns a new map.
 */
public final class GrokBaseline {

    /** Sendmail-specific building blocks, registered next to grok's default patterns. */
    static final String[][] CUSTOM_PATTERNS = {
        {"SM_QID", "[0-9A-Za-z]{8}[0-9]{5,}"},
        {"SM_SERVER", "server"},
        {"SM_CLIENT_ROLE", "client"},
        {"SM_DSN_KIND", "DSN|sender notify|return to sender|postmaster notify"},
        {"SM_DELAY", "(?:[0-9]+\\+)?[0-9]{2}:[0-9]{2}:[0-9]{2}"},
        // client relay (section 1.1 of the formats): [user@]host [ip] (may be forged), [ip], [ip] [ip],
        // user@localhost; a bracketed literal in the host name's place is not a host name
        // (only one alternative participates, so a name may appear in both: unmatched groups are dropped)
        {"SM_CLIENT", "(?:%{USERNAME:vendor_relay_user}@)?(?:(?:\\[%{IP}\\] |%{IPORHOST:source_hostname} )?"
                + "\\[(?:IPv6:)?%{IP:source_ip}\\](?: \\(%{DATA:vendor_relay_warning}\\))?"
                + "|%{IPORHOST:source_hostname})"},
        // delivery relay: mx.example.net. [192.0.2.1] | [127.0.0.1] [127.0.0.1] | host
        {"SM_DEST", "(?:\\[%{IP}\\]|%{IPORHOST:destination_hostname})(?: \\[(?:IPv6:)?%{IP:destination_ip}\\])?"},
        {"SM_STAT", "%{DATA:vendor_status}(?:(?:: | \\()%{DATA:vendor_status_text}\\)?)?"},
        {"SM_REJECT", "%{POSINT:smtp_response_code} (?:%{INT:smtp_response_enhanced_class_code}\\."
                + "%{INT:smtp_response_enhanced_subject_code}\\.%{INT:smtp_response_enhanced_detail_code} )?"
                + "%{GREEDYDATA:vendor_smtp_response_message}"},
    };

    /** Stage 1: the syslog header. */
    static final String[] HEADER_PATTERNS = {
        // RFC 3164, with the optional <facility.level> some syslog-ng templates insert
        "^%{SYSLOGTIMESTAMP:timestamp} (?:<%{DATA:syslog_facility_level}> )?%{SYSLOGHOST:source} "
                + "%{PROG:application_name}(?:\\[%{POSINT:process_id}\\])?: %{GREEDYDATA:message}",
        // RFC 5424
        "^<%{NONNEGINT:syslog_pri}>1 %{TIMESTAMP_ISO8601:timestamp} %{SYSLOGHOST:source} "
                + "%{NOTSPACE:application_name} %{NOTSPACE:process_id} %{NOTSPACE:syslog_msgid} "
                + "(?:-|(?:\\[[^\\]]*\\])+) %{GREEDYDATA:message}",
    };

    /** Stage 2: {event type, pattern}, tried in this order. */
    static final String[][] MESSAGE_PATTERNS = {
        {"receipt", "^(?:%{SM_QID:email_uid}: )?from=<?%{DATA:email_from}>?, size=%{NONNEGINT:email_size:int}, "
                + "class=%{INT:vendor_class:int}, nrcpts=%{NONNEGINT:vendor_nrcpts:int}"
                + "(?:, msgid=<?%{DATA:email_message_id}>?)?(?:, bodytype=%{WORD:vendor_bodytype})?"
                + "(?:, proto=%{WORD:network_protocol})?(?:, daemon=%{NOTSPACE:vendor_daemon})?"
                + ", relay=%{SM_CLIENT}$"},
        {"delivery", "^%{SM_QID:email_uid}: to=<?%{DATA:email_to}>?, (?:ctladdr=<?%{DATA:vendor_ctladdr}>?"
                + "(?: \\(%{INT:vendor_ctladdr_uid:int}/%{INT:vendor_ctladdr_gid:int}\\))?, )?"
                + "delay=%{SM_DELAY:vendor_delay}(?:, xdelay=%{SM_DELAY:vendor_xdelay})?"
                + "(?:, mailer=%{NOTSPACE:vendor_mailer})?, pri=%{INT:vendor_pri:int}(?:, relay=%{SM_DEST})?"
                + "(?:, dsn=%{NOTSPACE:vendor_dsn})?(?:, reply=%{DATA:vendor_reply})?"
                + ", stat=%{SM_STAT:vendor_status_full}$"},
        {"ruleset_rejection", "^(?:%{SM_QID:email_uid}: )?ruleset=%{DATA:vendor_ruleset}, arg1=<?%{DATA:vendor_arg1}>?"
                + "(?:, arg2=%{DATA:vendor_arg2})?(?:, relay=%{SM_CLIENT})?, reject=%{SM_REJECT:vendor_reject}$"},
        {"starttls", "^STARTTLS=%{SM_SERVER:vendor_starttls}, relay=%{SM_CLIENT}, version=%{NOTSPACE:vendor_tls_version}, "
                + "verify=%{WORD:vendor_starttls_verify}, cipher=%{NOTSPACE:vendor_tls_cipher}, "
                + "bits=%{NOTSPACE:vendor_tls_cipher_size}$"},
        {"starttls", "^STARTTLS=%{SM_CLIENT_ROLE:vendor_starttls}, relay=%{IPORHOST:destination_hostname}, "
                + "version=%{NOTSPACE:vendor_tls_version}, verify=%{WORD:vendor_starttls_verify}, "
                + "cipher=%{NOTSPACE:vendor_tls_cipher}, bits=%{NOTSPACE:vendor_tls_cipher_size}$"},
        {"starttls", "^STARTTLS=%{WORD:vendor_starttls}, error: %{DATA:vendor_starttls_error}="
                + "%{INT:vendor_starttls_error_code}, reason=%{DATA:vendor_starttls_error_reason}, "
                + "SSL_error=%{INT:vendor_ssl_error}, errno=%{INT:vendor_errno}, retry=%{INT:vendor_retry}"
                + "(?:, relay=%{SM_CLIENT})?$"},
        {"authentication", "^AUTH=%{SM_SERVER:vendor_auth}, relay=%{SM_CLIENT}, authid=%{DATA:vendor_authid}, "
                + "mech=%{NOTSPACE:vendor_mech}, bits=%{INT:vendor_bits}$"},
        {"authentication", "^AUTH=%{SM_CLIENT_ROLE:vendor_auth}, relay=%{IPORHOST:destination_hostname}, "
                + "mech=%{NOTSPACE:vendor_mech}, bits=%{INT:vendor_bits}$"},
        {"authentication", "^(?:%{SM_QID:email_uid}: )?AUTH failure \\(%{DATA:vendor_mech}\\): "
                + "%{DATA:vendor_auth_error} \\(%{INT:vendor_auth_error_code}\\) %{DATA:vendor_auth_error_detail}"
                + "(?:, user=%{DATA:vendor_authid})?, relay=%{SM_CLIENT}$"},
        {"connection", "^NOQUEUE: connect from %{SM_CLIENT}$"},
        {"connection", "^%{SM_QID:email_uid}: SMTP outgoing connect on %{IPORHOST:vendor_relay_host}$"},
        {"invalid_connection", "^%{SM_QID:email_uid}: %{SM_CLIENT} did not issue MAIL/EXPN/VRFY/ETRN "
                + "during connection to %{NOTSPACE:vendor_daemon}$"},
        {"pregreet", "^%{SM_QID:email_uid}: rejecting commands from %{SM_CLIENT} due to pre-greeting traffic "
                + "after %{INT:vendor_pregreet_seconds:int} seconds$"},
        {"rejected_discovery", "^%{SM_QID:email_uid}: %{SM_CLIENT}: %{WORD:vendor_smtp_command} "
                + "%{DATA:vendor_smtp_command_arg} \\[rejected\\]$"},
        {"service_status", "^starting daemon \\(%{DATA:vendor_version}\\): %{GREEDYDATA:vendor_daemon_mode}$"},
        {"service_status", "^restarting %{NOTSPACE:vendor_program} due to %{GREEDYDATA:vendor_event_outcome_reason}$"},
        {"service_status", "^stopping daemon, reason=%{GREEDYDATA:vendor_event_outcome_reason}$"},
        {"other", "^%{SM_QID:email_uid}: %{SM_QID:vendor_related_email_uid}: "
                + "%{SM_DSN_KIND:vendor_event_subtype}: %{GREEDYDATA:vendor_event_outcome_reason}$"},
        {"other", "^%{SM_QID:email_uid}: lost input channel from %{SM_CLIENT} to %{NOTSPACE:vendor_daemon} "
                + "after %{WORD:vendor_smtp_phase}$"},
        {"other", "^%{SM_QID:email_uid}: timeout waiting for input from %{IPORHOST:source_hostname} "
                + "during %{GREEDYDATA:vendor_smtp_phase}$"},
        {"other", "^%{SM_QID:email_uid}: %{SM_CLIENT}: possible SMTP attack: command=%{WORD:vendor_smtp_command}, "
                + "count=%{INT:vendor_count:int}$"},
        {"other", "^%{SM_QID:email_uid}: <?%{DATA:vendor_address}>?\\.\\.\\. %{GREEDYDATA:vendor_smtp_response_message}$"},
    };

    private final Grok[] header;
    private final Grok[] message;
    private final String[] types;

    public GrokBaseline() {
        GrokCompiler compiler = GrokCompiler.newInstance();
        compiler.registerDefaultPatterns();
        for (String[] p : CUSTOM_PATTERNS) {
            compiler.register(p[0], p[1]);
        }
        header = new Grok[HEADER_PATTERNS.length];
        for (int i = 0; i < header.length; i++) {
            header[i] = compiler.compile(HEADER_PATTERNS[i], true);
        }
        message = new Grok[MESSAGE_PATTERNS.length];
        types = new String[MESSAGE_PATTERNS.length];
        for (int i = 0; i < message.length; i++) {
            types[i] = MESSAGE_PATTERNS[i][0];
            message[i] = compiler.compile(MESSAGE_PATTERNS[i][1], true);
        }
    }

    /**
     * Parses one line: the header's captures plus the first matching message pattern's, and
     * {@code event_type} ({@code unparsed} when no header pattern matches; {@code other} and
     * Logstash's {@code tags=_grokparsefailure} when no message pattern does).
     */
    public Map<String, Object> parse(String line) {
        Map<String, Object> event = new HashMap<>(32);
        Map<String, Object> head = firstMatch(header, line);
        if (head == null) {
            event.put("event_type", "unparsed");
            return event;
        }
        event.putAll(head);
        Object msg = head.get("message");
        String text = msg instanceof String ? (String) msg : null;
        if (text == null) {
            event.put("event_type", "unparsed");
            return event;
        }
        for (int i = 0; i < message.length; i++) {
            Match m = message[i].match(text);
            if (m == Match.EMPTY) {
                continue;
            }
            m.setKeepEmptyCaptures(false);
            event.putAll(m.capture());
            event.put("event_type", types[i]);
            return event;
        }
        event.put("event_type", "other");
        event.put("tags", "_grokparsefailure");
        return event;
    }

    private static Map<String, Object> firstMatch(Grok[] patterns, String text) {
        for (Grok g : patterns) {
            Match m = g.match(text);
            if (m != Match.EMPTY) {
                m.setKeepEmptyCaptures(false);
                return m.capture();
            }
        }
        return null;
    }

    /** How many message patterns there are (for the documentation). */
    public int messagePatternCount() {
        return message.length;
    }
}
