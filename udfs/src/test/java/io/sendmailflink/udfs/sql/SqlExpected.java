package io.sendmailflink.udfs.sql;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-counted aggregates of {@code maillog-two-hours.log} in BATCH mode (1-hour buckets):
 * per aggregate view, the columns checked (after window_start, window_end, source) and its rows as
 * {@code window_start (HH:mm)|source|columns...}; doubles rounded to 3 decimals, trailing zeros
 * dropped. Percentiles are Flink's PERCENTILE: linear interpolation at (n - 1) * p.
 */
final class SqlExpected {

    /** View to the columns checked, after window_start, window_end, source. */
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    /** View to its expected rows. */
    static final Map<String, List<String>> ROWS = new LinkedHashMap<>();

    private SqlExpected() {
    }

    private static void view(String name, String columns, String... rows) {
        COLUMNS.put(name, columns);
        ROWS.put(name, Collections.unmodifiableList(Arrays.asList(rows)));
    }

    static {
        // ---- 06 Overview ----
        view("agg_overview_lines", "lines, events, unparsed_lines",
                "09:00|mx1|16|16|0", "09:00|mx2|8|8|0", "09:00|gw1|2|2|0",
                "10:00|mx1|13|13|0", "10:00|mx2|6|5|1", "10:00|gw1|2|2|0", "10:00|NULL|3|1|2");
        view("agg_overview_events_by_type", "event_type, events",
                "09:00|mx1|service_status|1", "09:00|mx1|connection|1", "09:00|mx1|starttls|3",
                "09:00|mx1|authentication|3", "09:00|mx1|receipt|3", "09:00|mx1|delivery|3",
                "09:00|mx1|ruleset_rejection|1", "09:00|mx1|pregreet|1",
                "09:00|mx2|connection|2", "09:00|mx2|receipt|1", "09:00|mx2|delivery|1", "09:00|mx2|other|1",
                "09:00|mx2|invalid_connection|1", "09:00|mx2|rejected_discovery|1", "09:00|mx2|ruleset_rejection|1",
                "09:00|gw1|receipt|1", "09:00|gw1|authentication|1",
                "10:00|mx1|connection|1", "10:00|mx1|starttls|1", "10:00|mx1|authentication|2", "10:00|mx1|receipt|1",
                "10:00|mx1|delivery|2", "10:00|mx1|ruleset_rejection|3", "10:00|mx1|pregreet|1",
                "10:00|mx1|service_status|2",
                "10:00|mx2|service_status|1", "10:00|mx2|starttls|1", "10:00|mx2|receipt|1", "10:00|mx2|delivery|2",
                "10:00|gw1|delivery|1", "10:00|gw1|service_status|1",
                "10:00|NULL|ruleset_rejection|1");
        // received, bytes_received, delivered, deferred, bounced, rejected
        view("agg_overview_messages", "received, bytes_received, delivered, deferred, bounced, rejected",
                "09:00|mx1|2|52000|3|1|0|1", "09:00|mx2|1|3000|0|0|1|1", "09:00|gw1|1|1500|0|0|0|0",
                "10:00|mx1|1|4000|2|0|0|2", "10:00|mx2|1|5000|1|0|1|0", "10:00|gw1|0|0|0|3|0|0",
                "10:00|NULL|0|0|0|0|0|1");

        // ---- 07 Activity ----
        view("agg_activity_top_senders", "email_from, messages, bytes_received, top_rank",
                "09:00|mx1|alice@alpha.example|1|2000|1", "09:00|mx1|news@charlie.example|1|50000|2",
                "09:00|mx2|alice@alpha.example|1|3000|1", "09:00|gw1|bob@bravo.example|1|1500|1",
                "10:00|mx1|alice@alpha.example|1|4000|1", "10:00|mx2||1|5000|1");
        view("agg_activity_top_recipients", "recipient, deliveries, delivered, top_rank",
                "09:00|mx1|bob@bravo.example|1|1|1", "09:00|mx1|carol@bravo.example|1|1|2",
                "09:00|mx1|dave@mx1.example|1|1|3", "09:00|mx1|eve@delta.example|1|0|4",
                "09:00|mx2|frank@echo.example|1|0|1",
                "10:00|mx1|bob@bravo.example|1|1|1", "10:00|mx1|eve@delta.example|1|1|2",
                "10:00|mx2|root@mx2.example|1|1|1", "10:00|mx2|zed@nowhere.invalid|1|0|2",
                "10:00|gw1|carol@bravo.example|1|0|1", "10:00|gw1|dan@bravo.example|1|0|2",
                "10:00|gw1|erin@india.example|1|0|3");
        view("agg_activity_top_sender_domains", "sender_domain, messages, bytes_received, top_rank",
                "09:00|mx1|alpha.example|1|2000|1", "09:00|mx1|charlie.example|1|50000|2",
                "09:00|mx2|alpha.example|1|3000|1", "09:00|gw1|bravo.example|1|1500|1",
                "10:00|mx1|alpha.example|1|4000|1");
        view("agg_activity_top_recipient_domains", "recipient_domain, deliveries, delivered, top_rank",
                "09:00|mx1|bravo.example|2|2|1", "09:00|mx1|delta.example|1|0|2", "09:00|mx1|mx1.example|1|1|3",
                "09:00|mx2|echo.example|1|0|1",
                "10:00|mx1|bravo.example|1|1|1", "10:00|mx1|delta.example|1|1|2",
                "10:00|mx2|mx2.example|1|1|1", "10:00|mx2|nowhere.invalid|1|0|2",
                "10:00|gw1|bravo.example|2|0|1", "10:00|gw1|india.example|1|0|2");
        view("agg_activity_top_client_relays", "source_ip, source_hostname, messages, bytes_received, top_rank",
                "09:00|mx1|192.0.2.11|mail.alpha.example|1|2000|1",
                "09:00|mx1|203.0.113.30|out.charlie.example|1|50000|2",
                "09:00|mx2|192.0.2.11|mail.alpha.example|1|3000|1",
                "09:00|gw1|198.51.100.20|mx.bravo.example|1|1500|1",
                "10:00|mx1|192.0.2.11|mail.alpha.example|1|4000|1",
                "10:00|mx2|198.51.100.50|mx.echo.example|1|5000|1");
        view("agg_activity_top_destination_relays", "destination_hostname, destination_ip, deliveries, recipients, delivered, top_rank",
                "09:00|mx1|mx.bravo.example|198.51.100.20|1|2|2|1",
                "09:00|mx1|mx.delta.example|198.51.100.40|1|1|0|2",
                "09:00|mx2|mx.echo.example|198.51.100.50|1|1|0|1",
                "10:00|mx1|mx.bravo.example|198.51.100.20|1|1|1|1",
                "10:00|mx1|mx.delta.example|198.51.100.40|1|1|1|2",
                "10:00|mx2|nowhere.invalid|NULL|1|1|0|1",
                "10:00|gw1|smarthost.foxtrot.example|192.0.2.200|1|3|0|1");
        // sizes 2000 and 50000 on mx1 at 09: p50 = 26000, p95 = 2000 + 0.95 * 48000
        view("agg_activity_volume", "messages, recipients, bytes_received, size_p50, size_p95, size_max",
                "09:00|mx1|2|3|52000|26000|47600|50000", "09:00|mx2|1|1|3000|3000|3000|3000",
                "09:00|gw1|1|3|1500|1500|1500|1500", "10:00|mx1|1|1|4000|4000|4000|4000",
                "10:00|mx2|1|1|5000|5000|5000|5000");
        view("agg_activity_message_sizes", "size_class, size_class_min, messages, bytes_received",
                "09:00|mx1|1-10 KiB|1024|1|2000", "09:00|mx1|10-100 KiB|10240|1|50000",
                "09:00|mx2|1-10 KiB|1024|1|3000", "09:00|gw1|1-10 KiB|1024|1|1500",
                "10:00|mx1|1-10 KiB|1024|1|4000", "10:00|mx2|1-10 KiB|1024|1|5000");

        // ---- 08 Delivery Status ----
        view("agg_delivery_status_by_outcome", "delivery_outcome, deliveries, recipients",
                "09:00|mx1|delivered|2|3", "09:00|mx1|deferred|1|1", "09:00|mx2|bounced|1|1",
                "10:00|mx1|delivered|2|2", "10:00|mx2|delivered|1|1", "10:00|mx2|bounced|1|1",
                "10:00|gw1|deferred|1|3");
        view("agg_delivery_status_by_status", "vendor_status, deliveries, recipients",
                "09:00|mx1|Sent|2|3", "09:00|mx1|Deferred|1|1", "09:00|mx2|User unknown|1|1",
                "10:00|mx1|Sent|2|2", "10:00|mx2|Sent|1|1", "10:00|mx2|Host unknown|1|1",
                "10:00|gw1|Deferred|1|3");
        view("agg_delivery_status_by_dsn", "vendor_dsn, dsn_class_description, dsn_description, deliveries, recipients",
                "09:00|mx1|2.0.0|Success|Other undefined Status|2|3",
                "09:00|mx1|4.7.1|Persistent Transient Failure|Delivery not authorized, message refused|1|1",
                "09:00|mx2|5.1.1|Permanent Failure|Bad destination mailbox address|1|1",
                "10:00|mx1|2.0.0|Success|Other undefined Status|2|2",
                "10:00|mx2|2.0.0|Success|Other undefined Status|1|1",
                "10:00|mx2|5.1.2|Permanent Failure|Bad destination system address|1|1",
                "10:00|gw1|4.0.0|Persistent Transient Failure|Other undefined Status|1|3");
        view("agg_delivery_status_by_mailer", "vendor_mailer, deliveries, recipients, delivered, deferred, bounced",
                "09:00|mx1|esmtp|2|3|2|1|0", "09:00|mx1|local|1|1|1|0|0", "09:00|mx2|esmtp|1|1|0|0|1",
                "10:00|mx1|esmtp|2|2|2|0|0", "10:00|mx2|local|1|1|1|0|0", "10:00|mx2|esmtp|1|1|0|0|1",
                "10:00|gw1|relay|1|3|0|3|0");
        view("agg_delivery_status_by_destination_domain", "recipient_domain, recipients, delivered, deferred, bounced",
                "09:00|mx1|bravo.example|2|2|0|0", "09:00|mx1|mx1.example|1|1|0|0",
                "09:00|mx1|delta.example|1|0|1|0", "09:00|mx2|echo.example|1|0|0|1",
                "10:00|mx1|bravo.example|1|1|0|0", "10:00|mx1|delta.example|1|1|0|0",
                "10:00|mx2|mx2.example|1|1|0|0", "10:00|mx2|nowhere.invalid|1|0|0|1",
                "10:00|gw1|bravo.example|2|0|2|0", "10:00|gw1|india.example|1|0|1|0");
        view("agg_delivery_status_top_deferral_reasons", "reason, deliveries, recipients, top_rank",
                "09:00|mx1|451 4.7.1 Greylisted, try again later|1|1|1",
                "10:00|gw1|Connection timed out with smarthost.foxtrot.example.|1|3|1");
        view("agg_delivery_status_top_bounce_reasons", "reason, deliveries, recipients, top_rank",
                "09:00|mx2|User unknown|1|1|1",
                "10:00|mx2|Host unknown (Name server: nowhere.invalid: host not found)|1|1|1");
        // delays (s): mx1 09 delivered 3, 5; mx1 10 delivered 7, 3000
        view("agg_delivery_status_delays", "delivery_outcome, deliveries, delay_p50, delay_p95, delay_max",
                "09:00|mx1|delivered|2|4|4.9|5", "09:00|mx1|deferred|1|600|600|600",
                "09:00|mx2|bounced|1|4|4|4",
                "10:00|mx1|delivered|2|1503.5|2850.35|3000", "10:00|mx2|delivered|1|30|30|30",
                "10:00|mx2|bounced|1|0|0|0", "10:00|gw1|deferred|1|60|60|60");

        // ---- 09 Rule Rejection ----
        view("agg_rule_rejection_by_ruleset", "vendor_ruleset, vendor_event_action, events",
                "09:00|mx1|check_rcpt|reject|1", "09:00|mx2|check_mail|reject|1",
                "10:00|mx1|check_rcpt|reject|1", "10:00|mx1|check_relay|reject|1",
                "10:00|mx1|check_mail|discard|1", "10:00|NULL|check_mail|reject|1");
        view("agg_rule_rejection_by_reply_code", "smtp_response_code, smtp_response_code_description, events",
                "09:00|mx1|550|Mailbox unavailable|1", "09:00|mx2|553|Mailbox name not allowed|1",
                "10:00|mx1|550|Mailbox unavailable|1", "10:00|mx1|554|Transaction failed|1",
                "10:00|mx1|NULL|NULL|1", "10:00|NULL|553|Mailbox name not allowed|1");
        view("agg_rule_rejection_by_enhanced_code", "smtp_response_enhanced_code, smtp_response_enhanced_class_code_description, smtp_response_enhanced_status_code_description, events",
                "09:00|mx1|5.7.1|Permanent Failure|Delivery not authorized, message refused|1",
                "09:00|mx2|5.3.0|Permanent Failure|Other or undefined mail system status|1",
                "10:00|mx1|5.7.1|Permanent Failure|Delivery not authorized, message refused|2",
                "10:00|mx1|NULL|NULL|NULL|1",
                "10:00|NULL|5.3.0|Permanent Failure|Other or undefined mail system status|1");
        view("agg_rule_rejection_top_client_ips", "source_ip, events, top_rank",
                "09:00|mx1|203.0.113.99|1|1", "09:00|mx2|203.0.113.99|1|1",
                "10:00|mx1|203.0.113.77|1|1", "10:00|mx1|203.0.113.98|1|2", "10:00|mx1|203.0.113.99|1|3",
                "10:00|NULL|203.0.113.99|1|1");
        view("agg_rule_rejection_top_arg1", "vendor_arg1, events, top_rank",
                "09:00|mx1|victim@elsewhere.example|1|1", "09:00|mx2|spam@spam.example|1|1",
                "10:00|mx1|dyn.hotel.example|1|1", "10:00|mx1|promo@spam.example|1|2",
                "10:00|mx1|victim@elsewhere.example|1|3", "10:00|NULL|spam@spam.example|1|1");
        view("agg_rule_rejection_top_messages", "vendor_smtp_response_message, events, top_rank",
                "09:00|mx1|<victim@elsewhere.example>... Relaying denied|1|1",
                "09:00|mx2|<spam@spam.example>... Sender blocked|1|1",
                "10:00|mx1|<victim@elsewhere.example>... Relaying denied|1|1",
                "10:00|mx1|Rejected 203.0.113.77 found in dnsbl.example|1|2",
                "10:00|NULL|<spam@spam.example>... Sender blocked|1|1");

        // ---- 10 Authentication ----
        view("agg_authentication_auth_by_mechanism", "vendor_auth, vendor_mech, vendor_event_outcome, events",
                "09:00|mx1|server|PLAIN|success|1", "09:00|mx1|server|LOGIN|failure|2",
                "09:00|gw1|client|CRAM-MD5|success|1",
                "10:00|mx1|server|PLAIN|success|1", "10:00|mx1|server|PLAIN|failure|1");
        view("agg_authentication_auth_top_authids", "vendor_authid, events, successes, failures, top_rank",
                "09:00|mx1|admin|2|0|2|1", "09:00|mx1|alice|1|1|0|2",
                "10:00|mx1|alice|1|1|0|1", "10:00|mx1|bob|1|0|1|2");
        view("agg_authentication_auth_failures_by_client_ip", "source_ip, failures, top_rank",
                "09:00|mx1|203.0.113.51|2|1", "10:00|mx1|203.0.113.70|1|1");
        view("agg_authentication_starttls_by_version", "vendor_starttls, vendor_tls_version, events",
                "09:00|mx1|server|TLSv1.3|1", "09:00|mx1|client|TLSv1.2|1", "10:00|mx1|server|TLSv1.3|1");
        view("agg_authentication_starttls_by_cipher", "vendor_tls_cipher, vendor_tls_cipher_size, events",
                "09:00|mx1|TLS_AES_256_GCM_SHA384|256/256|1", "09:00|mx1|ECDHE-RSA-AES256-GCM-SHA384|256/256|1",
                "10:00|mx1|TLS_AES_256_GCM_SHA384|256/256|1");
        view("agg_authentication_starttls_by_verify", "vendor_starttls, vendor_starttls_verify, events",
                "09:00|mx1|server|NO|1", "09:00|mx1|client|OK|1", "10:00|mx1|server|NO|1");
        view("agg_authentication_starttls_errors_by_reason", "vendor_starttls, vendor_starttls_error, vendor_starttls_error_reason, events",
                "09:00|mx1|server|accept failed|no shared cipher|1",
                "10:00|mx2|client|connect failed|wrong version number|1");

        // ---- 11 Processing Statistics ----
        // mx1 09: delays 3, 5, 600 and xdelays 1, 0, 30; p95 = 5 + 0.9 * 595, 1 + 0.9 * 29
        view("agg_processing_statistics_delays", "deliveries, delay_p50, delay_p95, delay_max, xdelay_p50, xdelay_p95, xdelay_max",
                "09:00|mx1|3|5|540.5|600|1|27.1|30", "09:00|mx2|1|4|4|4|4|4|4",
                "10:00|mx1|2|1503.5|2850.35|3000|6|9.6|10", "10:00|mx2|2|15|28.5|30|0|0|0",
                "10:00|gw1|1|60|60|60|5|5|5");
        view("agg_processing_statistics_priority", "deliveries, pri_p50, pri_p95, pri_max",
                "09:00|mx1|3|120000|147000|150000", "09:00|mx2|1|60000|60000|60000",
                "10:00|mx1|2|120000|201000|210000", "10:00|mx2|2|32500|34750|35000",
                "10:00|gw1|1|90000|90000|90000");
        view("agg_processing_statistics_recipients_per_message", "messages, recipients, recipients_p50, recipients_p95, recipients_max",
                "09:00|mx1|2|3|1.5|1.95|2", "09:00|mx2|1|1|1|1|1", "09:00|gw1|1|3|3|3|3",
                "10:00|mx1|1|1|1|1|1", "10:00|mx2|1|1|1|1|1");
        view("agg_processing_statistics_service_events", "vendor_event_action, events",
                "09:00|mx1|starting|1", "10:00|mx1|stopping|1", "10:00|mx1|starting|1",
                "10:00|mx2|restarting|1", "10:00|gw1|rejecting|1");
        view("agg_processing_statistics_connections", "connections_inbound, connections_outgoing, invalid_connections, pregreet, rejected_discovery",
                "09:00|mx1|1|0|0|1|0", "09:00|mx2|1|1|1|0|1", "10:00|mx1|1|0|0|1|0");
    }
}
