package io.sendmailflink.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import io.sendmailflink.jobs.kafka.KafkaLines;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream job against a real in-process Kafka broker: every input line comes out exactly
 * once (event or dead letter) in read_committed topics, also across a failure and recovery.
 */
class StreamJobITCase {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                            Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> generated(int n, long seed) {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(seed).withNoiseShare(0.03)
                .withLinesPerSecond(50));
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(g.next());
        }
        return lines;
    }

    private static long unparsed(List<String> lines) {
        SendmailParser p = new SendmailParser(ParserOptions.defaults().withYear(2026));
        return lines.stream().filter(l -> "unparsed".equals(p.parse(l).eventType())).count();
    }

    private StreamJob.Options options(String prefix, String input) {
        StreamJob.Options o = new StreamJob.Options();
        o.bootstrapServers = KAFKA.bootstrapServers();
        o.inputTopic = input;
        o.groupId = prefix + "-group";
        o.startingOffsets = KafkaLines.StartingOffsets.EARLIEST;
        o.topics.events = prefix + "-events";
        o.topics.deadLetters = prefix + "-dead-letter";
        o.topics.aggregates = prefix + "-aggregates";
        o.transactionalIdPrefix = prefix;
        o.checkpointInterval = Duration.ofMillis(500);
        o.idleTimeout = Duration.ofSeconds(1);
        o.parallelism = 2;
        o.year = 2026;
        return o;
    }

    /** Runs the job over {@code lines}; returns (origin:line_number) of every output row, events then dead letters. */
    private Map<String, Integer> runAndCollect(String prefix, List<String> lines, long failOnceAfter) throws Exception {
        String input = prefix + "-lines";
        KAFKA.createTopic(input, 2);
        for (String t : new String[] {"-events", "-dead-letter", "-aggregates"}) {
            KAFKA.createTopic(prefix + t, 2);
        }
        KAFKA.produceAll(input, lines, l -> Integer.toString(l.hashCode() & 7));
        StreamJob.Options o = options(prefix, input);
        o.failOnceAfter = failOnceAfter;
        long dead = unparsed(lines);
        JobClient job = StreamJob.start(o);
        try {
            List<ConsumerRecord<String, String>> events = KAFKA.awaitRecords(o.topics.events,
                    (int) (lines.size() - dead), IsolationLevel.READ_COMMITTED, Duration.ofSeconds(180));
            List<ConsumerRecord<String, String>> deadLetters = KAFKA.awaitRecords(o.topics.deadLetters, (int) dead,
                    IsolationLevel.READ_COMMITTED, Duration.ofSeconds(60));
            // a few more checkpoints: anything duplicated would show up now
            Thread.sleep(3000);
            events = KAFKA.consumeAll(o.topics.events, IsolationLevel.READ_COMMITTED, Duration.ofSeconds(10));
            deadLetters = KAFKA.consumeAll(o.topics.deadLetters, IsolationLevel.READ_COMMITTED, Duration.ofSeconds(10));
            Map<String, Integer> seen = new TreeMap<>();
            for (ConsumerRecord<String, String> r : events) {
                JsonNode n = JSON.readTree(r.value());
                assertThat(n.get("event_type").asText()).isNotEqualTo("unparsed");
                seen.merge(n.get("origin").asText() + ":" + n.get("line_number").asLong(), 1, Integer::sum);
            }
            for (ConsumerRecord<String, String> r : deadLetters) {
                JsonNode n = JSON.readTree(r.value());
                assertThat(n.get("parse_error").asText()).isNotBlank();
                seen.merge(n.get("origin").asText() + ":" + n.get("line_number").asLong(), 1, Integer::sum);
            }
            List<ConsumerRecord<String, String>> aggregates = KAFKA.consumeAll(o.topics.aggregates,
                    IsolationLevel.READ_COMMITTED, Duration.ofSeconds(10));
            Set<String> views = new HashSet<>();
            for (ConsumerRecord<String, String> r : aggregates) {
                views.add(JSON.readTree(r.value()).get("aggregate").asText());
            }
            assertThat(views).as("closed 1-minute windows reach the aggregates topic").isNotEmpty();
            return seen;
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void everyKafkaLineComesOutExactlyOnceAsEventOrDeadLetter() throws Exception {
        List<String> lines = generated(3000, 11);
        Map<String, Integer> seen = runAndCollect("eos", lines, 0);
        assertThat(seen).hasSize(lines.size());
        assertThat(seen.values()).allMatch(c -> c == 1);
    }

    @Test
    void afterAFailureMidStreamNoLineIsLostOrDuplicated() throws Exception {
        List<String> lines = generated(3000, 12);
        Map<String, Integer> seen = runAndCollect("failover", lines, 700);
        assertThat(StreamJob.FailOnce.FAILED.get()).as("the injected failure happened").isTrue();
        assertThat(seen).hasSize(lines.size());
        assertThat(seen.values()).allMatch(c -> c == 1);
    }
}
