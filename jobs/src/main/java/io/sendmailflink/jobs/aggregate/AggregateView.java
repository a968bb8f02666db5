package io.sendmailflink.jobs.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * The aggregate views of {@code sql/06}-{@code sql/11}, in file order, with their columns as the SQL
 * planner types them (checked by {@code AggregateViewTest} against the planner). Every view starts
 * with {@code window_start, window_end, source}; {@link #topN} views end with {@code top_rank} and
 * keep the first {@value #TOP_N} rows of each bucket and host.
 *
 * <p>Column notation in the table below: {@code S} STRING, {@code L} BIGINT, {@code D} DOUBLE;
 * {@code !} NOT NULL.
 */
public enum AggregateView {
    // ---- 06 Overview ----
    OVERVIEW_LINES("agg_overview_lines", "lines:L! events:L! unparsed_lines:L!"),
    OVERVIEW_EVENTS_BY_TYPE("agg_overview_events_by_type", "event_type:S events:L!"),
    OVERVIEW_MESSAGES("agg_overview_messages",
            "received:L! bytes_received:L! delivered:L! deferred:L! bounced:L! rejected:L!"),
    // ---- 07 Activity ----
    ACTIVITY_TOP_SENDERS("agg_activity_top_senders", "email_from:S messages:L! bytes_received:L top_rank:L!"),
    ACTIVITY_TOP_RECIPIENTS("agg_activity_top_recipients", "recipient:S deliveries:L! delivered:L! top_rank:L!"),
    ACTIVITY_TOP_SENDER_DOMAINS("agg_activity_top_sender_domains",
            "sender_domain:S messages:L! bytes_received:L top_rank:L!"),
    ACTIVITY_TOP_RECIPIENT_DOMAINS("agg_activity_top_recipient_domains",
            "recipient_domain:S deliveries:L! delivered:L! top_rank:L!"),
    ACTIVITY_TOP_CLIENT_RELAYS("agg_activity_top_client_relays",
            "source_ip:S source_hostname:S messages:L! bytes_received:L top_rank:L!"),
    ACTIVITY_TOP_DESTINATION_RELAYS("agg_activity_top_destination_relays",
            "destination_hostname:S destination_ip:S deliveries:L! recipients:L! delivered:L! top_rank:L!"),
    ACTIVITY_VOLUME("agg_activity_volume",
            "messages:L! recipients:L bytes_received:L size_p50:D size_p95:D size_max:L"),
    ACTIVITY_MESSAGE_SIZES("agg_activity_message_sizes",
            "size_class:S! size_class_min:L! messages:L! bytes_received:L"),
    // ---- 08 Delivery Status ----
    DELIVERY_BY_OUTCOME("agg_delivery_status_by_outcome", "delivery_outcome:S! deliveries:L! recipients:L!"),
    DELIVERY_BY_STATUS("agg_delivery_status_by_status", "vendor_status:S deliveries:L! recipients:L!"),
    DELIVERY_BY_DSN("agg_delivery_status_by_dsn",
            "vendor_dsn:S dsn_class_description:S dsn_description:S deliveries:L! recipients:L!"),
    DELIVERY_BY_MAILER("agg_delivery_status_by_mailer",
            "vendor_mailer:S deliveries:L! recipients:L! delivered:L! deferred:L! bounced:L!"),
    DELIVERY_BY_DESTINATION_DOMAIN("agg_delivery_status_by_destination_domain",
            "recipient_domain:S recipients:L! delivered:L! deferred:L! bounced:L!"),
    DELIVERY_TOP_DEFERRAL_REASONS("agg_delivery_status_top_deferral_reasons",
            "reason:S deliveries:L! recipients:L! top_rank:L!"),
    DELIVERY_TOP_BOUNCE_REASONS("agg_delivery_status_top_bounce_reasons",
            "reason:S deliveries:L! recipients:L! top_rank:L!"),
    DELIVERY_DELAYS("agg_delivery_status_delays",
            "delivery_outcome:S! deliveries:L! delay_p50:D delay_p95:D delay_max:L"),
    // ---- 09 Rule Rejection ----
    RULE_BY_RULESET("agg_rule_rejection_by_ruleset", "vendor_ruleset:S vendor_event_action:S events:L!"),
    RULE_BY_REPLY_CODE("agg_rule_rejection_by_reply_code",
            "smtp_response_code:S smtp_response_code_description:S events:L!"),
    RULE_BY_ENHANCED_CODE("agg_rule_rejection_by_enhanced_code",
            "smtp_response_enhanced_code:S smtp_response_enhanced_class_code_description:S"
                    + " smtp_response_enhanced_status_code_description:S events:L!"),
    RULE_TOP_CLIENT_IPS("agg_rule_rejection_top_client_ips", "source_ip:S events:L! top_rank:L!"),
    RULE_TOP_ARG1("agg_rule_rejection_top_arg1", "vendor_arg1:S events:L! top_rank:L!"),
    RULE_TOP_MESSAGES("agg_rule_rejection_top_messages", "vendor_smtp_response_message:S events:L! top_rank:L!"),
    // ---- 10 Authentication ----
    AUTH_BY_MECHANISM("agg_authentication_auth_by_mechanism",
            "vendor_auth:S vendor_mech:S vendor_event_outcome:S events:L!"),
    AUTH_TOP_AUTHIDS("agg_authentication_auth_top_authids",
            "vendor_authid:S events:L! successes:L! failures:L! top_rank:L!"),
    AUTH_FAILURES_BY_CLIENT_IP("agg_authentication_auth_failures_by_client_ip", "source_ip:S failures:L! top_rank:L!"),
    TLS_BY_VERSION("agg_authentication_starttls_by_version", "vendor_starttls:S vendor_tls_version:S events:L!"),
    TLS_BY_CIPHER("agg_authentication_starttls_by_cipher", "vendor_tls_cipher:S vendor_tls_cipher_size:S events:L!"),
    TLS_BY_VERIFY("agg_authentication_starttls_by_verify", "vendor_starttls:S vendor_starttls_verify:S events:L!"),
    TLS_ERRORS_BY_REASON("agg_authentication_starttls_errors_by_reason",
            "vendor_starttls:S vendor_starttls_error:S vendor_starttls_error_reason:S events:L!"),
    // ---- 11 Processing Statistics ----
    PROCESSING_DELAYS("agg_processing_statistics_delays",
            "deliveries:L! delay_p50:D delay_p95:D delay_max:L xdelay_p50:D xdelay_p95:D xdelay_max:L"),
    PROCESSING_PRIORITY("agg_processing_statistics_priority", "deliveries:L! pri_p50:D pri_p95:D pri_max:L"),
    PROCESSING_RECIPIENTS_PER_MESSAGE("agg_processing_statistics_recipients_per_message",
            "messages:L! recipients:L recipients_p50:D recipients_p95:D recipients_max:L"),
    PROCESSING_SERVICE_EVENTS("agg_processing_statistics_service_events", "vendor_event_action:S events:L!"),
    PROCESSING_CONNECTIONS("agg_processing_statistics_connections",
            "connections_inbound:L! connections_outgoing:L! invalid_connections:L! pregreet:L! rejected_discovery:L!");

    /** Rows kept per bucket and host by the top-N views. */
    public static final int TOP_N = 20;

    private static final AggregateView[] ALL = values();

    private final String viewName;
    private final List<RowType.RowField> fields;
    private final boolean topN;

    AggregateView(String viewName, String columns) {
        this.viewName = viewName;
        List<RowType.RowField> f = new ArrayList<>();
        f.add(new RowType.RowField("window_start", new TimestampType(true, 3)));
        f.add(new RowType.RowField("window_end", new TimestampType(true, 3)));
        f.add(new RowType.RowField("source", VarCharType.STRING_TYPE));
        for (String c : columns.split(" ")) {
            int colon = c.indexOf(':');
            String name = c.substring(0, colon);
            boolean notNull = c.endsWith("!");
            char t = c.charAt(colon + 1);
            LogicalType type = t == 'L' ? new BigIntType(!notNull)
                    : t == 'D' ? new DoubleType(!notNull)
                    : new VarCharType(!notNull, VarCharType.MAX_LENGTH);
            f.add(new RowType.RowField(name, type));
        }
        this.fields = Collections.unmodifiableList(f);
        this.topN = f.get(f.size() - 1).getName().equals("top_rank");
    }

    /** The SQL view name, e.g. {@code agg_overview_lines}: also the output folder and Kafka tag. */
    public String viewName() {
        return viewName;
    }

    /** The columns, {@code window_start, window_end, source} first. */
    public List<RowType.RowField> fields() {
        return fields;
    }

    public int arity() {
        return fields.size();
    }

    /** The row type, optionally with a leading {@code aggregate} STRING column (Kafka's shared topic). */
    public RowType rowType(boolean tagged) {
        List<RowType.RowField> f = new ArrayList<>(fields.size() + 1);
        if (tagged) {
            f.add(new RowType.RowField("aggregate", new VarCharType(false, VarCharType.MAX_LENGTH)));
        }
        f.addAll(fields);
        return new RowType(f);
    }

    public boolean topN() {
        return topN;
    }

    /** The view of a SQL view name, or null. */
    public static AggregateView of(String viewName) {
        for (AggregateView v : ALL) {
            if (v.viewName.equals(viewName)) {
                return v;
            }
        }
        return null;
    }

    static AggregateView at(int ordinal) {
        return ALL[ordinal];
    }

    static int count() {
        return ALL.length;
    }
}
