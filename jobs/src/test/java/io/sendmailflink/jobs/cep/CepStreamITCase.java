package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.generate.AttackKind;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.InjectedAttack;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import io.sendmailflink.jobs.kafka.KafkaLines;
import io.sendmailflink.jobs.stream.StreamJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream job (Kafka in, Kafka out, exactly once, parallelism 2) emits traces and alerts as the
 * watermark passes them: the contract topics carry JSON traces, and an injected scan becomes one
 * alert once its quiet period has passed in event time.
 */
class CepStreamITCase {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                            Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tracesAndAlertsReachTheirTopicsWhileTheStreamRuns() throws Exception {
        // 30 simulated minutes: a pre-greeting scan at minute 2, its quiet period over by minute 15
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(5)
                .withAttacks(EnumSet.of(AttackKind.PREGREET)).withLinesPerSecond(20));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 36_000; i++) {
            lines.add(g.next());
        }
        InjectedAttack scan = g.stats().attacks().get(0);

        String p = "cep";
        StreamJob.Options o = new StreamJob.Options();
        o.bootstrapServers = KAFKA.bootstrapServers();
        o.inputTopic = p + "-lines";
        o.groupId = p + "-group";
        o.startingOffsets = KafkaLines.StartingOffsets.EARLIEST;
        o.topics.events = p + "-events";
        o.topics.deadLetters = p + "-dead-letter";
        o.topics.aggregates = p + "-aggregates";
        o.topics.traces = p + "-traces";
        o.topics.alerts = p + "-alerts";
        o.transactionalIdPrefix = p;
        o.checkpointInterval = Duration.ofSeconds(1);
        o.idleTimeout = Duration.ofSeconds(1);
        o.parallelism = 2;
        o.year = 2026;
        for (String t : new String[] {o.inputTopic, o.topics.events, o.topics.deadLetters, o.topics.aggregates,
            o.topics.traces, o.topics.alerts}) {
            KAFKA.createTopic(t, 2);
        }
        // one partition per host keeps each host's lines in order, as syslog forwarding does
        KAFKA.produceAll(o.inputTopic, lines, l -> l.contains(" mx1 ") ? "mx1" : l.contains(" mx2 ") ? "mx2" : "relay1");
        JobClient job = StreamJob.start(o);
        try {
            List<ConsumerRecord<String, String>> alerts = KAFKA.awaitRecords(o.topics.alerts, 1,
                    IsolationLevel.READ_COMMITTED, Duration.ofSeconds(300));
            List<ConsumerRecord<String, String>> traces = KAFKA.awaitRecords(o.topics.traces, 1000,
                    IsolationLevel.READ_COMMITTED, Duration.ofSeconds(120));
            JsonNode a = JSON.readTree(alerts.get(0).value());
            assertThat(a.get("kind").asText()).isEqualTo("pregreet_scan");
            assertThat(a.get("key").asText()).isEqualTo(scan.clientIp());
            assertThat(a.get("host").asText()).isEqualTo(scan.host());
            assertThat(a.get("event_count").asLong()).isEqualTo(scan.count());
            assertThat(a.get("first_time").asText()).endsWith("Z").hasSize(24);
            long delivered = 0;
            for (ConsumerRecord<String, String> r : traces) {
                JsonNode t = JSON.readTree(r.value());
                assertThat(t.get("outcome").asText()).isIn("delivered", "partially_delivered", "bounced",
                        "deferred_pending", "rejected", "incomplete");
                assertThat(t.get("steps").size()).isPositive();
                if (t.get("outcome").asText().equals("delivered")) {
                    delivered++;
                    assertThat(t.get("delivered_count").asLong()).isEqualTo(t.get("recipient_count").asLong());
                }
            }
            assertThat(delivered).isGreaterThan(traces.size() / 2);
        } finally {
            job.cancel().get();
        }
    }
}
