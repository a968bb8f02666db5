package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.backfill.BackfillJob;
import io.sendmailflink.jobs.generate.AttackKind;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.GeneratorStats;
import io.sendmailflink.jobs.generate.InjectedAttack;
import io.sendmailflink.jobs.generate.LogGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated traffic with injected attacks through the whole backfill (BATCH, parallelism 2):
 * every injected attack is detected once, nothing else is, and the trace outcomes reconcile with
 * the generator's ground truth and the aggregate tables.
 */
class CepGeneratorITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(Configuration.fromMap(Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LINES = 80_000;

    @TempDir
    static Path dir;

    static GeneratorStats truth;
    static List<JsonNode> traces;
    static List<JsonNode> alerts;
    static List<JsonNode> messages;

    @BeforeAll
    static void backfillGeneratedTraffic() throws Exception {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(7).withHosts(3).withAllAttacks()
                .withAttackIntervalSeconds(900).withFormat(GeneratorOptions.Format.MIXED));
        Path log = dir.resolve("maillog");
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                w.write(g.next());
                w.write('\n');
            }
        }
        truth = g.stats();
        BackfillJob.Options o = new BackfillJob.Options();
        o.inputs = List.of(log);
        o.out = dir.resolve("out");
        o.parallelism = 2;
        o.year = 2026;
        BackfillJob.run(o, null);
        traces = readJsonLines(o.out.resolve("traces"));
        alerts = readJsonLines(o.out.resolve("alerts"));
        messages = readJsonLines(o.out.resolve("aggregates").resolve("agg_overview_messages"));
    }

    static List<JsonNode> readJsonLines(Path folder) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return rows;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("_")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
            }
        }
        return rows;
    }

    static long sum(List<JsonNode> rows, String field) {
        return rows.stream().mapToLong(n -> n.path(field).asLong()).sum();
    }

    static String kindOf(AttackKind k) {
        switch (k) {
            case PREGREET:
                return "pregreet_scan";
            case VRFY_EXPN:
                return "discovery_scan";
            case DID_NOT_ISSUE:
                return "invalid_connection_scan";
            case RELAY_DENIED:
                return "relay_probing";
            case USER_UNKNOWN:
                return "dictionary_attack";
            default:
                return "auth_password_guessing";
        }
    }

    /** Syslog times have whole seconds (RFC 3164) or milliseconds (RFC 5424): compare to the second. */
    static long second(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void everyInjectedAttackIsOneAlertWithItsKeyTimesAndCount() {
        List<InjectedAttack> attacks = truth.attacks();
        assertThat(attacks).hasSizeGreaterThanOrEqualTo(AttackKind.values().length * 4);
        CepOptions defaults = new CepOptions();
        int checked = 0;
        for (InjectedAttack a : attacks) {
            String kind = kindOf(a.kind());
            if (a.count() < defaults.rule(AlertKind.ofWireName(kind)).threshold) {
                // only an attack cut off by the end of the input may be this small
                assertThat(a.last()).isAfter(truth.lastTime().minusSeconds(900));
                continue;
            }
            List<JsonNode> hits = alerts.stream().filter(n -> n.get("kind").asText().equals(kind)
                    && n.get("key").asText().equals(a.clientIp()) && n.get("host").asText().equals(a.host())).toList();
            assertThat(hits).as("%s", a).hasSize(1);
            JsonNode h = hits.get(0);
            assertThat(h.get("key_type").asText()).isEqualTo("client_ip");
            assertThat(h.get("event_count").asLong()).as("%s", a).isEqualTo(a.count());
            assertThat(second(h.get("first_time").asText())).as("%s", a).isEqualTo(a.first().getEpochSecond());
            long lastCounted = a.kind() == AttackKind.AUTH_GUESSING ? second(h.get("last_time").asText())
                    : a.last().getEpochSecond();
            assertThat(second(h.get("last_time").asText())).isEqualTo(lastCounted);
            assertThat(h.get("sample_lines")).hasSize(5);
            assertThat(h.get("sample_lines").get(0).asText()).contains(a.clientIp());
            if (a.kind() == AttackKind.AUTH_GUESSING && a.succeeded()) {
                List<JsonNode> guessed = alerts.stream().filter(n -> n.get("kind").asText().equals("auth_guessed_success")
                        && n.get("key").asText().equals(a.authid()) && n.get("host").asText().equals(a.host())).toList();
                assertThat(guessed).as("guessed success of %s", a).hasSize(1);
                assertThat(guessed.get(0).get("severity").asText()).isEqualTo("critical");
                assertThat(guessed.get(0).get("event_count").asLong()).isBetween(5L, a.count());
                assertThat(second(guessed.get(0).get("last_time").asText())).isEqualTo(a.last().getEpochSecond());
                // the account then sent spam to many domains
                List<JsonNode> burst = alerts.stream().filter(n -> n.get("kind").asText().equals("outbound_burst")
                        && n.get("host").asText().equals(a.host()) && (n.get("key").asText().equals(a.authid())
                                || n.get("key").asText().startsWith(a.authid() + "@")))
                        .toList();
                assertThat(burst).as("outbound burst of %s", a).hasSize(1);
                // the burst takes the spam run after the login, and the account's own mail of the window before it
                assertThat(second(burst.get(0).get("last_time").asText())).isGreaterThanOrEqualTo(a.last().getEpochSecond());
                assertThat(second(burst.get(0).get("first_time").asText())).isGreaterThanOrEqualTo(
                        a.last().getEpochSecond() - defaults.rule(AlertKind.OUTBOUND_BURST).windowMillis / 1000);
                assertThat(burst.get(0).get("event_count").asLong()).isGreaterThanOrEqualTo(20);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(AttackKind.values().length * 4);
    }

    @Test
    void backgroundTrafficRaisesNoAlert() {
        // every alert belongs to an injected attack: its attacker's IP, account, or the account's address
        List<String> keys = new ArrayList<>();
        for (InjectedAttack a : truth.attacks()) {
            keys.add(a.clientIp());
            if (a.authid() != null) {
                keys.add(a.authid());
            }
        }
        assertThat(alerts).isNotEmpty();
        assertThat(alerts).allSatisfy(n -> {
            String key = n.get("key").asText();
            assertThat(keys.contains(key) || keys.stream().anyMatch(k -> key.startsWith(k + "@")))
                    .as("alert %s", n).isTrue();
        });
        assertThat(alerts).noneMatch(n -> n.get("kind").asText().equals("destination_blocklisted"));
    }

    @Test
    void traceOutcomesReconcileWithGroundTruthAndAggregates() {
        Map<String, Long> byOutcome = new TreeMap<>();
        long received = 0;
        long receivedAccounted = 0;
        long rejectedReceipts = 0;
        for (JsonNode t : traces) {
            String outcome = t.get("outcome").asText();
            byOutcome.merge(outcome, 1L, Long::sum);
            boolean receipt = t.get("steps").findValuesAsText("event_type").contains("receipt");
            if (receipt && t.path("nrcpts").asLong() > 0) {
                received++;
                if (List.of("delivered", "partially_delivered", "bounced", "deferred_pending", "incomplete")
                        .contains(outcome)) {
                    receivedAccounted++;
                }
            }
            if (receipt && t.path("nrcpts").asLong() == 0) {
                rejectedReceipts++;
                assertThat(outcome).isEqualTo("rejected");
            }
        }
        // received = delivered + partially delivered + bounced + pending (+ incomplete: cut off by the end)
        assertThat(received).isEqualTo(truth.messagesReceived());
        assertThat(receivedAccounted).isEqualTo(received);
        assertThat(sum(messages, "received")).isEqualTo(received);
        assertThat(rejectedReceipts).isEqualTo(truth.linesOf(io.sendmailflink.jobs.generate.EventType.RECEIPT)
                - truth.messagesReceived());
        // recipients: every Sent and every 5.x.x recipient is in exactly one trace
        assertThat(sum(traces, "delivered_count")).isEqualTo(truth.recipientsDelivered());
        assertThat(sum(traces, "delivered_count")).isEqualTo(sum(messages, "delivered"));
        assertThat(sum(traces, "bounced_count")).isEqualTo(truth.recipientsBounced());
        assertThat(sum(traces, "bounced_count")).isEqualTo(sum(messages, "bounced"));
        // the generator logs no delivery without its receipt: incomplete traces are the ones the end cut off
        long incomplete = byOutcome.getOrDefault("incomplete", 0L);
        assertThat(incomplete).as("%s", byOutcome).isLessThan(50);
        assertThat(byOutcome.get("delivered")).isGreaterThan(received / 2);
        assertThat(byOutcome).containsKeys("bounced", "partially_delivered", "rejected");
    }

    @Test
    void bouncesAreLinkedBothWaysAndSubmissionsToTheDaemonByMessageId() {
        Map<String, JsonNode> byQid = new TreeMap<>();
        for (JsonNode t : traces) {
            byQid.put(t.get("host").asText() + "/" + t.get("queue_id").asText(), t);
        }
        long bounces = 0;
        for (JsonNode t : traces) {
            if (t.has("bounce_queue_id")) {
                JsonNode b = byQid.get(t.get("host").asText() + "/" + t.get("bounce_queue_id").asText());
                if (b == null) {
                    continue; // the bounce's own lines were cut off by the end of the input
                }
                bounces++;
                assertThat(b.get("parent_queue_id").asText()).isEqualTo(t.get("queue_id").asText());
                assertThat(b.get("sender").asText()).isEmpty();
                assertThat(t.get("bounced_count").asLong()).isPositive();
            }
        }
        assertThat(bounces).isGreaterThan(truth.bounceMessages() - 3);
        // MSP submissions: from=root ... relay=root@localhost, then the daemon's copy from 127.0.0.1
        long linked = traces.stream().filter(t -> t.path("client_ip").asText().equals("127.0.0.1")
                && t.has("parent_queue_id")).count();
        long fromLoopback = traces.stream().filter(t -> t.path("client_ip").asText().equals("127.0.0.1")).count();
        assertThat(fromLoopback).isPositive();
        assertThat(linked).isEqualTo(fromLoopback);
    }

    @Test
    void tracesCarryTheContractFieldsAndTlsAuthOfTheirSession() {
        JsonNode submitted = traces.stream().filter(t -> "esmtpsa".equals(t.path("protocol").asText())
                && "delivered".equals(t.get("outcome").asText())).findFirst().orElseThrow();
        assertThat(submitted.get("authid").asText()).isNotEmpty();
        assertThat(submitted.get("auth_mechanism").asText()).isIn("PLAIN", "LOGIN");
        assertThat(submitted.get("tls_version").asText()).startsWith("TLSv1");
        assertThat(submitted.get("first_seen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(submitted.get("end_to_end_delay_seconds").asDouble()).isGreaterThanOrEqualTo(0);
        for (JsonNode t : traces) {
            if (t.has("end_to_end_delay_seconds") && t.has("reported_delay_seconds") && t.has("message_id")) {
                // Sendmail's delay= counts from queueing (the receipt) to the last attempt, floored to
                // whole seconds; RFC 3164 receipts have whole seconds too: 2 s apart at most
                assertThat(Math.abs(t.get("end_to_end_delay_seconds").asDouble() - t.get("reported_delay_seconds").asLong()))
                        .as("%s", t).isLessThanOrEqualTo(2.0);
            }
            assertThat(t.get("steps").size()).isPositive();
            assertThat(t.get("recipient_count").asLong()).isEqualTo(t.get("recipients").size());
        }
    }
}
