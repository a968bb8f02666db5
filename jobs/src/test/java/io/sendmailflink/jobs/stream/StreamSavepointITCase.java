package io.sendmailflink.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.cli.Io;
import io.sendmailflink.jobs.cli.SendmailFlink;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import io.sendmailflink.jobs.kafka.KafkaLines;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream job stopped with a savepoint midway and restarted from it the way a user does
 * ({@code stream --savepoint PATH}): no input line is lost or duplicated in the read_committed
 * events and dead-letter topics, and the 1-minute windows that were open at the savepoint carry
 * their partial counts over, so the Overview aggregates count every line exactly once.
 */
class StreamSavepointITCase {

    private static final int PARTITIONS = 2;
    private static final int YEAR = 2026;

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                            Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path savepoints;

    /**
     * Generated lines (with dead letters) that all carry a syslog time: a line without one takes
     * the Kafka record time (today) as event time, which would jump the watermark past the
     * generator's clock and drop later lines from the windows as late, whatever the savepoint does.
     * 10 simulated lines per second spread the lines over several 1-minute windows.
     */
    private static List<String> generated(int n, long seed) {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(seed).withNoiseShare(0.05)
                .withLinesPerSecond(10));
        SendmailParser p = parser();
        List<String> lines = new ArrayList<>(n);
        while (lines.size() < n) {
            String l = g.next();
            if (p.parse(l).has(Field.TIMESTAMP_)) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static SendmailParser parser() {
        return new SendmailParser(ParserOptions.defaults().withYear(YEAR));
    }

    @Test
    void stopWithSavepointAndRestoreCountsEveryLineOnce(@InjectClusterClient ClusterClient<?> client) throws Exception {
        String prefix = "savepoint";
        String input = prefix + "-lines";
        KAFKA.createTopic(input, PARTITIONS);
        for (String t : new String[] {"-events", "-dead-letter", "-aggregates"}) {
            KAFKA.createTopic(prefix + t, PARTITIONS);
        }
        List<String> all = generated(4000, 21);
        List<String> first = all.subList(0, 2000);
        List<String> second = all.subList(2000, all.size());
        SendmailParser p = parser();
        long deadLetters = all.stream().filter(l -> "unparsed".equals(p.parse(l).eventType())).count();
        assertThat(deadLetters).as("the input has dead letters").isGreaterThan(20);

        StreamJob.Options o = new StreamJob.Options();
        o.bootstrapServers = KAFKA.bootstrapServers();
        o.inputTopic = input;
        o.groupId = prefix + "-group";
        // EARLIEST: a restart that ignored the savepoint would read everything again and show duplicates
        o.startingOffsets = KafkaLines.StartingOffsets.EARLIEST;
        o.topics.events = prefix + "-events";
        o.topics.deadLetters = prefix + "-dead-letter";
        o.topics.aggregates = prefix + "-aggregates";
        o.transactionalIdPrefix = prefix;
        o.checkpointInterval = Duration.ofMillis(500);
        o.parallelism = 2;
        o.year = YEAR;

        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, input, first);
            JobClient run1 = StreamJob.start(o);
            // midway: part of the first batch is out, windows are open
            KAFKA.awaitRecords(o.topics.events, 500, IsolationLevel.READ_COMMITTED, Duration.ofSeconds(180));
            String savepoint = run1.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(120, TimeUnit.SECONDS);
            assertThat(run1.getJobStatus().get(30, TimeUnit.SECONDS)).isEqualTo(JobStatus.FINISHED);
            int outAtStop = outputs(o).size();
            assertThat(outAtStop).as("stopped midway").isLessThan(all.size());

            send(producer, input, second);
            // one line per partition far past the last window closes every window; its own
            // window stays open, so it counts in no aggregate
            List<String> closers = List.of(
                    "Nov 24 03:00:30 closer CRON[1]: (root) CMD (true)",
                    "Nov 24 03:00:31 closer CRON[2]: (root) CMD (true)");
            for (int i = 0; i < PARTITIONS; i++) {
                SendmailEvent e = p.parse(closers.get(i));
                assertThat(e.has(Field.TIMESTAMP_)).isTrue();
                assertThat(e.eventType()).isEqualTo("unparsed");
                producer.send(new ProducerRecord<>(input, i, null, closers.get(i))).get(30, TimeUnit.SECONDS);
            }

            Collection<JobID> before = runningJobs(client);
            CompletableFuture<Integer> run2 = CompletableFuture.supplyAsync(() -> SendmailFlink.execute(
                    new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                    "stream", "--bootstrap-servers", o.bootstrapServers, "--topic", input,
                    "--group-id", o.groupId, "--starting-offsets", "EARLIEST",
                    "--events-topic", o.topics.events, "--dead-letter-topic", o.topics.deadLetters,
                    "--aggregates-topic", o.topics.aggregates, "--transactional-id-prefix", prefix,
                    "--checkpoint-interval", "500ms", "-p", "2", "--year", Integer.toString(YEAR),
                    "--savepoint", savepoint));
            try {
                KAFKA.awaitRecords(o.topics.events, (int) (all.size() - deadLetters), IsolationLevel.READ_COMMITTED,
                        Duration.ofSeconds(180));
                KAFKA.awaitRecords(o.topics.deadLetters, (int) deadLetters + PARTITIONS, IsolationLevel.READ_COMMITTED,
                        Duration.ofSeconds(60));
                // the aggregates of the last windows follow the closers' watermark
                Map<String, long[]> overview = awaitOverview(o, all.size(), Duration.ofSeconds(120));
                // a few more checkpoints: anything duplicated would show up now
                Thread.sleep(3000);

                Map<String, Integer> seen = new TreeMap<>();
                for (JsonNode n : outputs(o)) {
                    seen.merge(n.get("origin").asText() + ":" + n.get("line_number").asLong(), 1, Integer::sum);
                }
                assertThat(seen).as("every line once, as event or dead letter").hasSize(all.size() + PARTITIONS);
                assertThat(seen.values()).allMatch(c -> c == 1);

                overview = overview(o);
                long lines = 0;
                long events = 0;
                long unparsed = 0;
                for (long[] c : overview.values()) {
                    lines += c[0];
                    events += c[1];
                    unparsed += c[2];
                }
                assertThat(overview.size()).as("windows on both sides of the savepoint").isGreaterThan(5);
                assertThat(lines).as("agg_overview_lines.lines over all windows").isEqualTo(all.size());
                assertThat(events).isEqualTo(all.size() - deadLetters);
                assertThat(unparsed).isEqualTo(deadLetters);
            } finally {
                for (JobID id : runningJobs(client)) {
                    if (!before.contains(id)) {
                        client.cancel(id).get(60, TimeUnit.SECONDS);
                    }
                }
                // the CLI returns once its job is gone (cancelled: not OK)
                run2.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Sends in order, round-robin over the partitions (each partition stays in time order). */
    private static void send(KafkaProducer<String, String> producer, String topic, List<String> lines) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, lines.get(i))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static Collection<JobID> runningJobs(ClusterClient<?> client) throws Exception {
        List<JobID> ids = new ArrayList<>();
        for (JobStatusMessage m : client.listJobs().get(30, TimeUnit.SECONDS)) {
            if (!m.getJobState().isGloballyTerminalState()) {
                ids.add(m.getJobId());
            }
        }
        return ids;
    }

    /** Every committed event and dead letter. */
    private static List<JsonNode> outputs(StreamJob.Options o) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String topic : List.of(o.topics.events, o.topics.deadLetters)) {
            for (ConsumerRecord<String, String> r : KAFKA.consumeAll(topic, IsolationLevel.READ_COMMITTED,
                    Duration.ofSeconds(10))) {
                out.add(JSON.readTree(r.value()));
            }
        }
        return out;
    }

    /**
     * agg_overview_lines per (window_start, source): {lines, events, unparsed_lines}; fails on a
     * window emitted twice.
     */
    private static Map<String, long[]> overview(StreamJob.Options o) throws Exception {
        Map<String, long[]> rows = new TreeMap<>();
        for (ConsumerRecord<String, String> r : KAFKA.consumeAll(o.topics.aggregates, IsolationLevel.READ_COMMITTED,
                Duration.ofSeconds(10))) {
            JsonNode n = JSON.readTree(r.value());
            if (!"agg_overview_lines".equals(n.get("aggregate").asText())) {
                continue;
            }
            String key = n.get("window_start").asText() + " " + n.path("source").asText("(none)");
            long[] previous = rows.put(key, new long[] {
                n.get("lines").asLong(), n.get("events").asLong(), n.get("unparsed_lines").asLong()});
            assertThat(previous).as("window %s emitted once", key).isNull();
        }
        return rows;
    }

    /** Waits until agg_overview_lines has counted {@code lines} lines (or the timeout passes). */
    private static Map<String, long[]> awaitOverview(StreamJob.Options o, long lines, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, long[]> rows = overview(o);
            long counted = rows.values().stream().mapToLong(c -> c[0]).sum();
            if (counted >= lines || System.nanoTime() - deadline > 0) {
                return rows;
            }
            Thread.sleep(500);
        }
    }
}
