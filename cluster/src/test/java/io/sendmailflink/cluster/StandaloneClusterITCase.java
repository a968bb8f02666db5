package io.sendmailflink.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jobs/target/sendmail-jobs.jar} on a real standalone Flink session cluster (JobManager and
 * TaskManager in their own JVMs), submitted with Flink's own CLI as {@code flink run} does: a
 * backfill of a generated log, and the stream job against a Kafka broker, stopped with a savepoint
 * and resumed from it, with every input line in the output exactly once.
 */
class StandaloneClusterITCase {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private static Path work;
    private static FlinkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createDirectories(Paths.get(System.getProperty("sendmail.work.dir", "target/cluster-work"))
                .toAbsolutePath().resolve("standalone-" + System.currentTimeMillis()));
        cluster = FlinkCluster.start(work.resolve("flink"), Map.of());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Path jobsJar() {
        Path jar = Paths.get(System.getProperty("sendmail.jobs.jar", "../jobs/target/sendmail-jobs.jar"));
        assertThat(jar).as("the jobs jar (mvn package of jobs)").isRegularFile();
        return jar.toAbsolutePath();
    }

    /** The jar for clusters: ours without Flink's own classes. */
    static Path clusterJar() {
        Path jar = Paths.get(System.getProperty("sendmail.jobs.cluster.jar", "../jobs/target/sendmail-jobs-cluster.jar"));
        assertThat(jar).as("the jobs cluster jar (mvn package of jobs)").isRegularFile();
        return jar.toAbsolutePath();
    }

    /** {@code java -jar sendmail-jobs.jar ARGS}, as users run the generator. */
    static FlinkCluster.Result javaJar(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(FlinkCluster.java(), "-Xmx256m", "-jar", jobsJar().toString()));
        cmd.addAll(List.of(args));
        FlinkCluster.Result r = FlinkCluster.run(cmd, Map.of(), Duration.ofMinutes(2));
        assertThat(r.exitCode()).as("java -jar sendmail-jobs.jar %s:%n%s", cmd, r.output()).isZero();
        return r;
    }

    @Test
    void backfillSubmittedWithFlinkRunWritesEveryLineOnTheCluster() throws Exception {
        Path log = work.resolve("backfill/maillog");
        Path truth = work.resolve("backfill/truth.json");
        Path out = work.resolve("backfill/out");
        Files.createDirectories(log.getParent());
        javaJar("generate", "--lines", "3000", "--seed", "7", "--noise", "0.03", "--out", log.toString(),
                "--truth", truth.toString());

        FlinkCluster.Result run = cluster.flink(Duration.ofMinutes(4),
                "run", clusterJar().toString(), "backfill", "-i", log.toString(), "-o", out.toString());

        assertThat(run.exitCode()).as("flink run ... backfill:%n%s%n%s", run.output(), cluster.logTails()).isZero();
        // it ran on the session cluster (not on a MiniCluster inside the client), to the end
        assertThat(cluster.jobs()).as("jobs of the cluster")
                .anySatisfy(j -> {
                    assertThat(j.path("name").asText()).isEqualTo("sendmail-backfill");
                    assertThat(j.path("state").asText()).isEqualTo("FINISHED");
                });
        JsonNode expected = JSON.readTree(truth.toFile()).path("lines_by_event_type");
        Map<String, Long> events = new TreeMap<>();
        for (String line : jsonLines(out.resolve("events"))) {
            events.merge(JSON.readTree(line).path("event_type").asText(), 1L, Long::sum);
        }
        Map<String, Long> want = new TreeMap<>();
        expected.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("unparsed") && e.getValue().asLong() > 0) {
                want.put(e.getKey(), e.getValue().asLong());
            }
        });
        assertThat(events).as("events by type in %s vs the generator's truth", out).isEqualTo(want);
        assertThat(jsonLines(out.resolve("unparsed"))).as("dead letters in %s", out)
                .hasSize(expected.path("unparsed").asInt());
    }

    @Test
    void streamJobStoppedWithSavepointAndResumedLosesAndDuplicatesNoLine() throws Exception {
        String input = "cluster-lines";
        String events = "cluster-events";
        String deadLetters = "cluster-dead-letter";
        KAFKA.createTopic(input, 2);
        for (String t : List.of(events, deadLetters, "cluster-aggregates")) {
            KAFKA.createTopic(t, 2);
        }
        String[] streamArgs = {"stream", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", input,
                "--events-topic", events, "--dead-letter-topic", deadLetters,
                "--aggregates-topic", "cluster-aggregates", "--group-id", "cluster-it",
                "--transactional-id-prefix", "cluster-it", "--checkpoint-interval", "2s"};
        String jobId = null;
        try {
            jobId = submitDetached(null, streamArgs);
            cluster.awaitJobState(jobId, "RUNNING", Duration.ofSeconds(60));
            javaJar("generate", "--lines", "1500", "--seed", "21", "--noise", "0.03",
                    "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", input);
            awaitOutput(1500, events, deadLetters);

            Path savepoints = work.resolve("savepoints");
            FlinkCluster.Result stop = cluster.flink(Duration.ofMinutes(2),
                    "stop", "--savepointPath", savepoints.toUri().toString(), jobId);
            assertThat(stop.exitCode()).as("flink stop:%n%s", stop.output()).isZero();
            Matcher m = SAVEPOINT.matcher(stop.output());
            assertThat(m.find()).as("savepoint path in the output of flink stop:%n%s", stop.output()).isTrue();
            String savepoint = m.group(1);
            cluster.awaitJobState(jobId, "FINISHED", Duration.ofSeconds(60));
            jobId = null;

            // lines that arrive while the job is down are read after the resume, once
            javaJar("generate", "--lines", "1500", "--seed", "22", "--noise", "0.03",
                    "--start", "2026-11-24T01:00:00Z", "--bootstrap-servers", KAFKA.bootstrapServers(),
                    "--topic", input);
            jobId = submitDetached(savepoint, streamArgs);
            cluster.awaitJobState(jobId, "RUNNING", Duration.ofSeconds(60));
            JsonNode restored = cluster.get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
            assertThat(restored.path("external_path").asText()).as("the resumed job's restore point")
                    .isEqualTo(savepoint);

            awaitOutput(3000, events, deadLetters);
            // two more checkpoints: a duplicate would be committed by now
            Thread.sleep(5000);
            Map<String, Integer> seen = outputKeys(events, deadLetters);
            Map<TopicPartition, Long> ends = endOffsets(input);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).as("lines produced").isEqualTo(3000);
            List<String> expected = new ArrayList<>();
            ends.forEach((tp, end) -> {
                for (long o = 0; o < end; o++) {
                    expected.add(tp.topic() + "-" + tp.partition() + ":" + o);
                }
            });
            assertThat(seen.keySet()).as("every input record (topic-partition:offset) in events or dead letters")
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(seen).as("outputs per input record").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        } finally {
            if (jobId != null) {
                cluster.flink(Duration.ofMinutes(1), "cancel", jobId);
            }
        }
    }

    /** {@code flink run -m HOST:PORT -d [-s SAVEPOINT] sendmail-jobs-cluster.jar ARGS}; returns the job id it prints. */
    private static String submitDetached(String savepoint, String... args) throws Exception {
        // -m as docker-compose.yml's stream-job gives it (there the CLI's own conf is the image's default)
        List<String> cli = new ArrayList<>(List.of("run", "-m", "127.0.0.1:" + cluster.restPort(), "-d"));
        if (savepoint != null) {
            cli.addAll(List.of("-s", savepoint));
        }
        cli.add(clusterJar().toString());
        cli.addAll(List.of(args));
        FlinkCluster.Result r = cluster.flink(Duration.ofMinutes(3), cli.toArray(String[]::new));
        assertThat(r.exitCode()).as("flink %s:%n%s%n%s", cli, r.output(), cluster.logTails()).isZero();
        Matcher m = JOB_ID.matcher(r.output());
        assertThat(m.find()).as("job id in the output of flink run -d:%n%s", r.output()).isTrue();
        return m.group(1);
    }

    /** Waits until the committed events and dead letters together number at least {@code n}. */
    private static void awaitOutput(int n, String... topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int count = 0;
        while (System.nanoTime() < deadline) {
            count = outputKeys(topics).values().stream().mapToInt(Integer::intValue).sum();
            if (count >= n) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("only " + count + " of " + n + " lines committed to " + List.of(topics)
                + " in 120 s; jobs " + cluster.jobs() + "\n" + cluster.logTails());
    }

    /** (origin:line_number) → how often it occurs in the committed records of {@code topics}. */
    private static Map<String, Integer> outputKeys(String... topics) throws IOException {
        Map<String, Integer> seen = new TreeMap<>();
        for (String t : topics) {
            for (ConsumerRecord<String, String> r : KAFKA.consumeAll(t, IsolationLevel.READ_COMMITTED,
                    Duration.ofSeconds(3))) {
                JsonNode n = JSON.readTree(r.value());
                seen.merge(n.path("origin").asText() + ":" + n.path("line_number").asLong(), 1, Integer::sum);
            }
        }
        return seen;
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(tps);
        }
    }

    /** The lines of every data file under {@code dir} (part files; '.'/'_' files are in progress or metadata). */
    static List<String> jsonLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")
                            && !f.getFileName().toString().startsWith("_"))
                    .sorted().toList()) {
                try {
                    Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(lines::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read output file " + f, e);
                }
            }
        }
        return lines;
    }
}
