package io.sendmailflink.udfs.sql;

import static io.sendmailflink.udfs.sql.SqlTestSupport.collect;
import static io.sendmailflink.udfs.sql.SqlTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * sql/01, 02_source_files, 03, 04, 05_buckets_batch and 06-11 in BATCH mode on a MiniCluster over
 * {@code maillog-two-hours.log}, a hand-written log of 50 lines (three hosts mx1, mx2, gw1; the
 * hours 09 and 10 of 2025-03-10 UTC; every event type; a headerless line and three unparsable
 * ones at the end). Every expected number below is counted by hand from that file; rows read
 * {@code window_start (HH:mm)|source|columns...}.
 */
class SqlBatchAggregatesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = SqlTestSupport.miniCluster();

    @TempDir
    static Path dir;


    static TableEnvironment tEnv;

    /** Every aggregate view's rows, from one job. */
    static Map<String, List<String>> aggregates;

    /**
     * Once per class, but in @BeforeEach: MiniClusterExtension makes its cluster the context
     * environment only around each test, so a job started in @BeforeAll would run on a local
     * cluster of its own.
     */
    @BeforeEach
    void setUp() {
        if (tEnv != null) {
            return;
        }
        tEnv = SqlTestSupport.allFiles(false, SqlTestSupport.copyLog(dir, SqlTestSupport.LOG));
        Map<String, String> columns = new LinkedHashMap<>();
        SqlExpected.COLUMNS.forEach((view, c) -> columns.put(view, "window_start, window_end, source, " + c));
        aggregates = SqlTestSupport.snapshot(tEnv, columns);
    }

    /** The view's rows as window_start|source|columns..., once its window_end is checked. */
    private static List<String> rows(String view) {
        List<String> out = new ArrayList<>();
        for (String row : aggregates.get(view)) {
            String[] f = row.split("\\|", 3);
            assertThat(LocalTime.parse(f[1])).as(view + ": window_end of " + row).isEqualTo(LocalTime.parse(f[0]).plusHours(1));
            out.add(f[0] + "|" + f[2]);
        }
        return out;
    }

    private static void assertView(String view) {
        assertThat(rows(view)).as(view).containsExactlyInAnyOrderElementsOf(SqlExpected.ROWS.get(view));
    }

    @Test
    void everyAggregateViewIsChecked() {
        List<String> views = new ArrayList<>();
        for (String v : tEnv.listViews()) {
            if (v.startsWith("agg_")) {
                views.add(v);
            }
        }
        assertThat(views).containsExactlyInAnyOrderElementsOf(SqlExpected.COLUMNS.keySet());
        SqlExpected.COLUMNS.forEach((view, columns) -> assertThat(String.join(", ", tEnv.from(view).getResolvedSchema().getColumnNames()))
                .as(view).isEqualTo("window_start, window_end, source, " + columns));
    }

    // ---- 01-05 ------------------------------------------------------------------------------------

    @Test
    void sendmailEventTimeParsesTheLineAgainstTheReference() {
        Row r = collect(tEnv, "SELECT "
                + "SENDMAIL_EVENT_TIME('Mar 10 09:00:05 mx1 sm-mta[1]: starting daemon (8.17.1): SMTP', "
                + "  TO_TIMESTAMP_LTZ(1741600799000, 3)), "                      // 2025-03-10T09:59:59Z
                + "SENDMAIL_EVENT_TIME('Dec 31 23:59:00 mx1 sm-mta[1]: starting daemon (8.17.1): SMTP', "
                + "  TO_TIMESTAMP_LTZ(1735689600000, 3)), "                      // 2025-01-01T00:00:00Z
                + "SENDMAIL_EVENT_TIME('<22>1 2019-08-11T01:04:52.123+02:00 mx1 sendmail 1 - - starting daemon (8.15.2): SMTP', "
                + "  TO_TIMESTAMP_LTZ(1735689600000, 3)), "
                + "SENDMAIL_EVENT_TIME('this is not a sendmail line', TO_TIMESTAMP_LTZ(1735689600000, 3)), "
                + "SENDMAIL_EVENT_TIME(CAST(NULL AS STRING), TO_TIMESTAMP_LTZ(1735689600000, 3))").get(0);

        assertThat(r.getField(0)).isEqualTo(Instant.parse("2025-03-10T09:00:05Z"));
        assertThat(r.getField(1)).isEqualTo(Instant.parse("2024-12-31T23:59:00Z"));
        assertThat(r.getField(2)).isEqualTo(Instant.parse("2019-08-10T23:04:52.123Z"));
        assertThat(r.getField(3)).isNull();
        assertThat(r.getField(4)).isNull();
    }

    @Test
    void sourceGivesEveryLineWithItsOriginAndEventTime() {
        List<Row> rows = collect(tEnv, "SELECT origin, line_number, reference_time, event_time, line FROM sendmail_lines");

        assertThat(rows).hasSize(50);
        assertThat(rows).allSatisfy(r -> {
            assertThat((String) r.getField(0)).endsWith("/" + SqlTestSupport.LOG);
            assertThat(r.getField(1)).isNull();
            assertThat(r.getField(2)).isEqualTo(SqlTestSupport.MTIME);
        });
        // lines with no time of their own fall back to the file's modification time
        assertThat(rows).filteredOn(r -> ((String) r.getField(4)).startsWith("sm-mta[4200]") || ((String) r.getField(4)).isEmpty()
                || r.getField(4).equals("this is not a sendmail line"))
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.getField(3)).isEqualTo(SqlTestSupport.MTIME));
        assertThat(rows).filteredOn(r -> ((String) r.getField(4)).startsWith("<22>1 "))
                .singleElement().satisfies(r -> assertThat(r.getField(3)).isEqualTo(Instant.parse("2025-03-10T09:58:00Z")));
        assertThat(rows).filteredOn(r -> ((String) r.getField(4)).startsWith("Mar 10 09:00:05 "))
                .singleElement().satisfies(r -> assertThat(r.getField(3)).isEqualTo(Instant.parse("2025-03-10T09:00:05Z")));
    }

    @Test
    void everyLineIsAnEventOrADeadLetter() {
        // lines, events, dead letters, lines in both
        assertThat(lines(tEnv, "SELECT (SELECT COUNT(*) FROM sendmail_parsed), (SELECT COUNT(*) FROM sendmail_events), "
                + "(SELECT COUNT(*) FROM sendmail_dead_letters), (SELECT COUNT(*) FROM (SELECT origin, line FROM "
                + "sendmail_events INTERSECT SELECT origin, line FROM sendmail_dead_letters))"))
                .containsExactly("50|47|3|0");
        assertThat(lines(tEnv, "SELECT line, parse_error FROM sendmail_dead_letters")).containsExactlyInAnyOrder(
                "Mar 10 10:55:00 mx2 postfix/smtpd[999]: connect from unknown[192.0.2.1]|"
                        + "not a Sendmail line: process 'postfix/smtpd' and an unknown message at column 41",
                "|empty line",
                "this is not a sendmail line|no syslog header and not a Sendmail message at column 1");
    }

    @Test
    void eventViewsHoldTheirTypeOnly() {
        String[][] expected = {
            {"receipt_events", "receipt", "7"}, {"delivery_events", "delivery", "9"},
            {"ruleset_rejection_events", "ruleset_rejection", "6"}, {"authentication_events", "authentication", "6"},
            {"starttls_events", "starttls", "5"}, {"connection_events", "connection", "4"},
            {"invalid_connection_events", "invalid_connection", "1"}, {"pregreet_events", "pregreet", "2"},
            {"rejected_discovery_events", "rejected_discovery", "1"}, {"service_status_events", "service_status", "5"},
            {"delivery_recipient_events", "delivery", "12"},
        };
        StringJoiner union = new StringJoiner(" UNION ALL ");
        List<String> rows = new ArrayList<>();
        for (String[] e : expected) {
            union.add("SELECT '" + e[0] + "', event_type, COUNT(*) FROM " + e[0] + " GROUP BY event_type");
            rows.add(String.join("|", e));
        }
        assertThat(lines(tEnv, union.toString())).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void derivedColumnsOfTheEventViews() {
        assertThat(lines(tEnv, "SELECT email_from, email_from_domain FROM receipt_events WHERE vendor_nrcpts > 0"))
                .containsExactlyInAnyOrder("alice@alpha.example|alpha.example", "news@charlie.example|charlie.example",
                        "alice@alpha.example|alpha.example", "bob@bravo.example|bravo.example",
                        "alice@alpha.example|alpha.example", "|NULL");
        assertThat(lines(tEnv, "SELECT email_to, recipient_count, delivery_outcome FROM delivery_events"))
                .containsExactlyInAnyOrder(
                        "bob@bravo.example,carol@bravo.example|2|delivered", "dave@mx1.example|1|delivered",
                        "eve@delta.example|1|deferred", "frank@echo.example|1|bounced", "bob@bravo.example|1|delivered",
                        "eve@delta.example|1|delivered", "root@mx2.example|1|delivered", "zed@nowhere.invalid|1|bounced",
                        "carol@bravo.example,dan@bravo.example,erin@india.example|3|deferred");
        assertThat(lines(tEnv, "SELECT vendor_ruleset, smtp_response_enhanced_code FROM ruleset_rejection_events"))
                .containsExactlyInAnyOrder("check_rcpt|5.7.1", "check_mail|5.3.0", "check_rcpt|5.7.1",
                        "check_relay|5.7.1", "check_mail|NULL", "check_mail|5.3.0");
    }

    @Test
    void bucketsAreOneHour() {
        assertThat(lines(tEnv, "SELECT DISTINCT window_start, window_end FROM bucketed_sendmail_parsed"))
                .containsExactlyInAnyOrder("09:00|10:00", "10:00|11:00");
    }

    // ---- 06 Overview ---------------------------------------------------------------------------

    @Test
    void overview() {
        assertView("agg_overview_lines");
        assertView("agg_overview_events_by_type");
        assertView("agg_overview_messages");
    }

    // ---- 07 Activity ---------------------------------------------------------------------------

    @Test
    void activity() {
        assertView("agg_activity_top_senders");
        assertView("agg_activity_top_recipients");
        assertView("agg_activity_top_sender_domains");
        assertView("agg_activity_top_recipient_domains");
        assertView("agg_activity_top_client_relays");
        assertView("agg_activity_top_destination_relays");
        assertView("agg_activity_volume");
        assertView("agg_activity_message_sizes");
    }

    // ---- 08 Delivery Status --------------------------------------------------------------------

    @Test
    void deliveryStatus() {
        assertView("agg_delivery_status_by_outcome");
        assertView("agg_delivery_status_by_status");
        assertView("agg_delivery_status_by_dsn");
        assertView("agg_delivery_status_by_mailer");
        assertView("agg_delivery_status_by_destination_domain");
        assertView("agg_delivery_status_top_deferral_reasons");
        assertView("agg_delivery_status_top_bounce_reasons");
        assertView("agg_delivery_status_delays");
    }

    // ---- 09 Rule Rejection ---------------------------------------------------------------------

    @Test
    void ruleRejection() {
        assertView("agg_rule_rejection_by_ruleset");
        assertView("agg_rule_rejection_by_reply_code");
        assertView("agg_rule_rejection_by_enhanced_code");
        assertView("agg_rule_rejection_top_client_ips");
        assertView("agg_rule_rejection_top_arg1");
        assertView("agg_rule_rejection_top_messages");
    }

    // ---- 10 Authentication ---------------------------------------------------------------------

    @Test
    void authentication() {
        assertView("agg_authentication_auth_by_mechanism");
        assertView("agg_authentication_auth_top_authids");
        assertView("agg_authentication_auth_failures_by_client_ip");
        assertView("agg_authentication_starttls_by_version");
        assertView("agg_authentication_starttls_by_cipher");
        assertView("agg_authentication_starttls_by_verify");
        assertView("agg_authentication_starttls_errors_by_reason");
    }

    // ---- 11 Processing Statistics --------------------------------------------------------------

    @Test
    void processingStatistics() {
        assertView("agg_processing_statistics_delays");
        assertView("agg_processing_statistics_priority");
        assertView("agg_processing_statistics_recipients_per_message");
        assertView("agg_processing_statistics_service_events");
        assertView("agg_processing_statistics_connections");
    }
}
