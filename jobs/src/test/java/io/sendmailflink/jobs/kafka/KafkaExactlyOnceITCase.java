package io.sendmailflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sendmailflink.jobs.kafka.KafkaLines.StartingOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka in, Kafka out, exactly once, on a real in-process Kafka broker and a Flink MiniCluster
 * (parallelism 2): {@link KafkaLines} reads lines, a map upper-cases them, {@link KafkaJsonSink}
 * writes them in Kafka transactions committed on checkpoints. A {@code read_committed} reader must
 * see every input line exactly once, also when the job fails midway and recovers from its last
 * checkpoint.
 */
class KafkaExactlyOnceITCase {

    private static final int LINES = 10_000;
    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    @Order(1)
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    private String run;

    @BeforeEach
    void names() {
        run = UUID.randomUUID().toString().substring(0, 8);
        FailOnceUpperCase.reset();
    }

    @Test
    void everyLineOnceThroughKafkaSourceAndExactlyOnceSink() throws Exception {
        String in = "lines-in-" + run;
        String out = "lines-out-" + run;
        List<String> lines = produceLines(in);
        KAFKA.createTopic(out, 2);

        JobClient job = start(in, out, new UpperCase());
        List<String> output = awaitOutput(job, out);
        cancel(job);

        assertExactlyOnce(output, upperCased(lines));
        // nothing more was committed after the count was reached (duplicates would show here)
        assertThat(values(KAFKA.consumeAll(out, IsolationLevel.READ_COMMITTED, WAIT)))
                .as("read_committed output after the job was cancelled")
                .hasSize(LINES);
    }

    @Test
    void everyLineOnceAcrossAFailureAndRestart() throws Exception {
        String in = "lines-in-" + run;
        String out = "lines-out-" + run;
        List<String> lines = produceLines(in);
        KAFKA.createTopic(out, 2);

        JobClient job = start(in, out, new FailOnceUpperCase(LINES / 4));
        List<String> output = awaitOutput(job, out);
        cancel(job);

        assertThat(FailOnceUpperCase.FAILED)
                .as("the injected failure happened (after a completed checkpoint)").isTrue();
        assertThat(FailOnceUpperCase.PROCESSED.get())
                .as("records processed in all attempts: the restart replayed those after the last checkpoint")
                .isGreaterThan(LINES);
        assertExactlyOnce(output, upperCased(lines));
        assertThat(values(KAFKA.consumeAll(out, IsolationLevel.READ_COMMITTED, WAIT)))
                .as("read_committed output after the job was cancelled")
                .hasSize(LINES);
        // the failed attempt's records did reach the broker, in a transaction that was aborted
        assertThat(KAFKA.consumeAll(out, IsolationLevel.READ_UNCOMMITTED, WAIT))
                .as("read_uncommitted output, aborted records included")
                .hasSizeGreaterThan(LINES);
    }

    @Test
    void boundedReadCarriesTopicPartitionOffsetTimestampAndKey() throws Exception {
        String in = "lines-meta-" + run;
        KAFKA.createTopic(in, 2);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 100; i++) {
            KAFKA.produce(in, "key-" + i, "line " + i + (i % 2 == 0 ? "\n" : "\r\n"));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        DataStream<KafkaLine> read = env.fromSource(
                        KafkaLines.builder(KAFKA.bootstrapServers(), "meta-" + run, StartingOffsets.EARLIEST, List.of(in))
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        WatermarkStrategy.noWatermarks(), "kafka-lines")
                .uid("kafka-lines");
        List<KafkaLine> got = new ArrayList<>();
        try (CloseableIterator<KafkaLine> it = read.executeAndCollect("kafka-lines-bounded")) {
            it.forEachRemaining(got::add);
        }

        assertThat(got).hasSize(100);
        assertThat(got).allSatisfy(l -> {
            assertThat(l.topic).isEqualTo(in);
            assertThat(l.partition).isBetween(0, 1);
            assertThat(l.timestamp).isBetween(before, System.currentTimeMillis());
            assertThat(l.line).isEqualTo("line " + l.key.substring("key-".length()));
        });
        // offsets: 0..n-1 in each partition, each once
        Map<Integer, List<Long>> offsets = got.stream().collect(Collectors.groupingBy(l -> l.partition,
                Collectors.mapping(l -> l.offset, Collectors.toList())));
        offsets.forEach((partition, list) -> assertThat(new TreeSet<>(list))
                .as("offsets of partition %d", partition)
                .hasSize(list.size())
                .first().isEqualTo(0L));
        offsets.forEach((partition, list) -> assertThat(new TreeSet<>(list).last())
                .as("last offset of partition %d", partition).isEqualTo(list.size() - 1L));
    }

    // ---------------------------------------------------------------- the job

    private JobClient start(String in, String out, MapFunction<KafkaLine, String> map) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);

        env.fromSource(
                        KafkaLines.source(KAFKA.bootstrapServers(), "upper-" + run, StartingOffsets.COMMITTED_OR_EARLIEST, in),
                        WatermarkStrategy.noWatermarks(), "kafka-lines")
                .uid("kafka-lines")
                .map(map).name("upper-case").uid("upper-case")
                .sinkTo(KafkaJsonSink.exactlyOnce(KAFKA.bootstrapServers(), out, "upper-" + run))
                .name("kafka-upper-lines").uid("kafka-upper-lines");
        return env.executeAsync("kafka-upper-case-" + run);
    }

    /** Polls the output (read_committed) until it has all lines; fails fast if the job ends first. */
    private static List<String> awaitOutput(JobClient job, String out) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() - deadline < 0) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                try {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("the job ended " + status + " with " + seen.size()
                            + " lines in " + out, e);
                }
                fail("the job ended " + status + " with " + seen.size() + " lines in " + out);
            }
            seen = values(KAFKA.consumeAll(out, IsolationLevel.READ_COMMITTED, WAIT));
            if (seen.size() >= LINES) {
                return seen;
            }
            Thread.sleep(250);
        }
        cancel(job);
        throw new AssertionError("within " + WAIT + " the job committed " + seen.size() + " of " + LINES
                + " lines to " + out + " (read_committed)");
    }

    private static void cancel(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the job did not stop within 30 s of its cancellation");
            }
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- data and checks

    private static List<String> produceLines(String topic) {
        KAFKA.createTopic(topic, 2);
        List<String> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            lines.add(String.format(Locale.ROOT, "line %05d of the input, mixed Case", i));
        }
        KAFKA.produceAll(topic, lines, line -> line.substring(5, 10));
        return lines;
    }

    private static Set<String> upperCased(List<String> lines) {
        return lines.stream().map(l -> l.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    /** Exactly the expected lines, each once: names the duplicates, missing and unexpected ones. */
    private static void assertExactlyOnce(List<String> output, Set<String> expected) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        output.forEach(v -> counts.merge(v, 1, Integer::sum));
        Map<String, Integer> duplicates = counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .limit(20)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(counts.keySet());
        Set<String> unexpected = new HashSet<>(counts.keySet());
        unexpected.removeAll(expected);
        assertThat(duplicates).as("lines written more than once (first 20)").isEmpty();
        assertThat(missing).as("lines missing from the output").isEmpty();
        assertThat(unexpected).as("lines in the output that were not in the input").isEmpty();
        assertThat(output).hasSize(expected.size());
    }

    // ---------------------------------------------------------------- functions (static: serializable)

    static final class UpperCase implements MapFunction<KafkaLine, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String map(KafkaLine line) {
            return line.line.toUpperCase(Locale.ROOT);
        }
    }

    /**
     * Upper-cases, and throws once: {@value #AFTER_CHECKPOINT} records (counted over both
     * subtasks) after it first hears of a completed checkpoint, and not before {@code failAfter}
     * records. So some output is committed and some is in open transactions when the job fails.
     * Slowed down until then, so that checkpoints (every 500 ms) complete before the input runs
     * out. The state is static because the function is serialized to the tasks, which run in this
     * JVM; {@link #reset()} before each job.
     */
    static final class FailOnceUpperCase extends RichMapFunction<KafkaLine, String> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private static final int AFTER_CHECKPOINT = 100;

        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger PROCESSED = new AtomicInteger();
        static final AtomicLong COMPLETED_CHECKPOINTS = new AtomicLong();
        /** PROCESSED when a subtask first saw a completed checkpoint at or after failAfter; -1 before. */
        static final AtomicInteger ARMED_AT = new AtomicInteger(-1);

        private final int failAfter;

        FailOnceUpperCase(int failAfter) {
            this.failAfter = failAfter;
        }

        static void reset() {
            FAILED.set(false);
            PROCESSED.set(0);
            COMPLETED_CHECKPOINTS.set(0);
            ARMED_AT.set(-1);
        }

        @Override
        public String map(KafkaLine line) throws Exception {
            int n = PROCESSED.incrementAndGet();
            if (!FAILED.get()) {
                if (n < failAfter) {
                    if (n % 2 == 0) {
                        Thread.sleep(1);
                    }
                } else {
                    if (COMPLETED_CHECKPOINTS.get() > 0) {
                        ARMED_AT.compareAndSet(-1, n);
                    }
                    int armed = ARMED_AT.get();
                    if (armed >= 0 && n >= armed + AFTER_CHECKPOINT && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure at record " + n + " (" + line + ")");
                    }
                    // wait for a checkpoint to complete before the input runs out
                    Thread.sleep(5);
                }
            }
            return line.line.toUpperCase(Locale.ROOT);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }
}
