package io.sendmailflink.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import io.sendmailflink.jobs.kafka.KafkaLines;
import io.sendmailflink.jobs.stream.StreamJob;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Streaming throughput and end-to-end latency of the stream job, Kafka in to Kafka out, in one JVM:
 * an in-process Kafka 4.2 broker ({@link EmbeddedKafka}), the stream job as shipped ({@link
 * StreamJob}: parse, events, dead letters and every 1-minute aggregate, on an embedded MiniCluster,
 * parallelism 2), a producer of generated lines at a fixed rate, and a {@code read_committed}
 * consumer of the events and dead-letter topics.
 *
 * <p><b>Latency</b> of a line = the wall-clock time its output (event or dead letter) is first
 * returned by the read_committed consumer's {@code poll} minus the time the line was handed to the
 * producer (also the record's timestamp). Outputs are mapped to inputs through {@code origin}
 * ({@code <topic>-<partition>}) and {@code line_number} (the Kafka offset), which the job puts on
 * every event and dead letter. Offsets are dense and in send order: one idempotent producer writes
 * each fresh input partition, so the n-th line sent to a partition has offset n (the producer's
 * acknowledgements are checked against that). Only lines sent after the warm-up count; lines not
 * seen by the end of the drain are reported as missing (a backlog when the job is slower than the
 * rate, a loss otherwise).
 *
 * <p><b>Exactly-once</b> (the shipped default) writes each checkpoint's outputs in a Kafka
 * transaction committed when the checkpoint completes, so a read_committed consumer sees a line
 * between one checkpoint interval plus the checkpoint's duration (sent just after a checkpoint)
 * and the checkpoint's duration (sent just before): the median is at least half the interval and
 * the p99 about the whole interval. {@code --checkpoint-interval 500ms} shortens that, at the
 * cost of a checkpoint (40-odd window operators, one Kafka transaction per sink subtask) every
 * half second. {@code --delivery-guarantee at-least-once} makes outputs visible as they are written
 * (the checkpoint interval then only bounds what a restart repeats).
 *
 * <h2>How to run</h2>
 * From the repository root (benchmarks/README.md has the settings measured and what bounds the latency):
 * <pre>
 * mvn -o -q -pl benchmarks -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=provided
 * java -Xmx3g -Djava.io.tmpdir=benchmarks/target -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     io.sendmailflink.benchmarks.StreamLatencyBenchmark --rate 50000 --duration 60 [--checkpoint-interval 500]
 *     [--delivery-guarantee at-least-once]
 * </pre>
 *
 * <p>The whole pipeline shares the machine's cores with the broker, the producer, the generator and
 * the consumer; the report prints the load average before and after and the process's CPU use.
 */
@Command(name = "stream-latency", mixinStandardHelpOptions = true,
        description = "Streaming throughput and Kafka-in to Kafka-out latency of the sendmail stream job.")
public final class StreamLatencyBenchmark implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "50000", description = "Lines per second produced. Default: ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--duration", defaultValue = "60", description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "60",
            description = "Seconds produced at the rate before measuring (not counted). Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--drain", defaultValue = "60",
            description = "Seconds to wait after the last line for outputs still due. Default: ${DEFAULT-VALUE}.")
    int drainSeconds;

    @Option(names = "--checkpoint-interval", defaultValue = "10000",
            description = "Checkpoint interval in ms (the job's default is 10 s). Default: ${DEFAULT-VALUE}.")
    long checkpointMillis;

    @Option(names = "--delivery-guarantee", defaultValue = "exactly-once",
            description = "exactly-once (shipped) or at-least-once. Default: ${DEFAULT-VALUE}.")
    String deliveryGuarantee;

    @Option(names = "--no-traces", description = "Run the job without message traces and alerts (the stream command's option).")
    boolean noTraces;

    @Option(names = {"-p", "--parallelism"}, defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--partitions", defaultValue = "2", description = "Input topic partitions. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--noise-share", defaultValue = "0.01",
            description = "Share of non-Sendmail lines (dead letters). Default: ${DEFAULT-VALUE}.")
    double noiseShare;

    @Option(names = "--report-every", defaultValue = "5", description = "Progress line every N seconds. Default: ${DEFAULT-VALUE}.")
    int reportSeconds;

    private static final String LINES = "bench-lines";
    private static final String EVENTS = "bench-events";
    private static final String DEAD = "bench-dead-letter";
    private static final String AGGREGATES = "bench-aggregates";
    /** Lines per partition before switching to the next: large producer batches, balanced partitions. */
    private static final int PARTITION_RUN = 64;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamLatencyBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DeliveryGuarantee guarantee;
        switch (deliveryGuarantee) {
            case "exactly-once":
                guarantee = DeliveryGuarantee.EXACTLY_ONCE;
                break;
            case "at-least-once":
                guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
                break;
            default:
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--delivery-guarantee: '" + deliveryGuarantee + "' is not exactly-once or at-least-once");
        }
        long total = rate * (warmupSeconds + durationSeconds);
        String loadBefore = loadAverage();
        System.out.printf(Locale.ROOT, "stream-latency: rate %,d lines/s, warm-up %d s, measured %d s, %s, checkpoint "
                + "interval %d ms, parallelism %d, %d input partitions; load average before: %s%n", rate, warmupSeconds,
                durationSeconds, deliveryGuarantee, checkpointMillis, parallelism, partitions, loadBefore);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(LINES, partitions);
            for (String t : List.of(EVENTS, DEAD, AGGREGATES)) {
                kafka.createTopic(t, parallelism);
            }
            StreamJob.Options o = new StreamJob.Options();
            o.bootstrapServers = kafka.bootstrapServers();
            o.inputTopic = LINES;
            o.groupId = "bench";
            o.startingOffsets = KafkaLines.StartingOffsets.EARLIEST;
            o.topics.events = EVENTS;
            o.topics.deadLetters = DEAD;
            o.topics.aggregates = AGGREGATES;
            o.transactionalIdPrefix = "bench";
            o.checkpointInterval = Duration.ofMillis(checkpointMillis);
            o.deliveryGuarantee = guarantee;
            o.parallelism = parallelism;
            o.traces = !noTraces;

            long planStart = System.nanoTime();
            JobClient job = StreamJob.start(o);
            awaitRunning(job);
            System.out.printf(Locale.ROOT, "job running after %.1f s (planning and deployment)%n",
                    (System.nanoTime() - planStart) / 1e9);

            Times sent = new Times(partitions, total / partitions + 2L * PARTITION_RUN + 2);
            Times seen = new Times(partitions, total / partitions + 2L * PARTITION_RUN + 2);
            Reader reader = new Reader(kafka.bootstrapServers(), parallelism, sent, seen);
            Thread readerThread = new Thread(reader, "bench-reader");
            readerThread.start();

            Producing producing = new Producing(kafka.bootstrapServers(), sent);
            // RUNNING is not deployed: wait until one line per partition has come out the other end
            // (for exactly-once, after the first completed checkpoint)
            long probeStart = System.nanoTime();
            producing.probe();
            while (reader.outputs.get() < partitions) {
                if (System.nanoTime() - probeStart > TimeUnit.MINUTES.toNanos(5)) {
                    throw new IllegalStateException("the probe lines did not come out of the job within 5 minutes");
                }
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "pipeline open after %.1f s more (probe lines visible)%n",
                    (System.nanoTime() - probeStart) / 1e9);
            long cpuStart = processCpuNanos();
            long wallStart = System.currentTimeMillis();
            long measureFrom = wallStart + warmupSeconds * 1000L;
            producing.run(total, reader);
            long measureTo = System.currentTimeMillis();
            long cpuProduced = processCpuNanos();
            long sentTotal = producing.count;

            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
            while (reader.outputs.get() < sentTotal && System.nanoTime() < drainUntil) {
                Thread.sleep(200);
                reader.maybeReport(sent);
            }
            reader.stop.set(true);
            readerThread.join(30_000);
            String loadAfter = loadAverage();
            job.cancel().get(60, TimeUnit.SECONDS);

            report(sent, seen, reader, producing, measureFrom, measureTo, wallStart,
                    (cpuProduced - cpuStart) / 1e9, loadBefore, loadAfter);
        }
        return 0;
    }

    private void report(Times sent, Times seen, Reader reader, Producing producing, long from, long to, long wallStart,
            double cpuSeconds, String loadBefore, String loadAfter) {
        int measured = 0;
        int missing = 0;
        long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, sent.count())];
        long outputsInWindow = 0;
        for (int p = 0; p < partitions; p++) {
            long n = sent.size(p);
            for (long off = 0; off < n; off++) {
                long s = sent.get(p, off);
                long v = seen.get(p, off);
                if (v >= from && v < to) {
                    outputsInWindow++;
                }
                if (s < from || s >= to) {
                    continue;
                }
                if (v == 0) {
                    missing++;
                } else {
                    latencies[measured++] = v - s;
                }
            }
        }
        long[] l = Arrays.copyOf(latencies, measured);
        Arrays.sort(l);
        double window = (to - from) / 1000.0;
        long sentInWindow = (long) measured + missing;
        System.out.println();
        System.out.println("== result ==");
        System.out.printf(Locale.ROOT, "setting: %s, checkpoint interval %d ms, target rate %,d lines/s, parallelism %d%s%n",
                deliveryGuarantee, checkpointMillis, rate, parallelism, noTraces ? ", no traces/alerts" : "");
        System.out.printf(Locale.ROOT, "input  (sent in the measured %.1f s): %,d lines = %,.0f lines/s%n", window,
                sentInWindow, sentInWindow / window);
        System.out.printf(Locale.ROOT, "output (visible in the measured window): %,d = %,.0f lines/s%n", outputsInWindow,
                outputsInWindow / window);
        System.out.printf(Locale.ROOT, "measured lines seen by the end of the %d s drain: %,d; missing: %,d%s%n",
                drainSeconds, measured, missing, missing > 0 ? " (backlog: the job is slower than the rate)" : "");
        System.out.printf(Locale.ROOT, "duplicates seen: %,d; producer errors: %,d; offset mismatches: %,d%n",
                reader.duplicates.get(), producing.errors.get(), producing.offsetMismatches.get());
        if (measured > 0) {
            System.out.printf(Locale.ROOT, "latency ms (Kafka in -> read_committed visible): p50 %d, p95 %d, p99 %d, "
                    + "p99.9 %d, max %d, mean %.0f%n", pct(l, 50), pct(l, 95), pct(l, 99), pct(l, 99.9), l[l.length - 1],
                    Arrays.stream(l).average().orElse(0));
        }
        System.out.printf(Locale.ROOT, "process CPU while producing: %.1f s over %.1f s wall = %.2f cores%n", cpuSeconds,
                (to - wallStart) / 1000.0, cpuSeconds / ((to - wallStart) / 1000.0));
        System.out.printf(Locale.ROOT, "load average before: %s; after: %s; %d CPUs%n", loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors());
    }

    static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (job.getJobStatus().get(30, TimeUnit.SECONDS) != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stream job did not reach RUNNING within 3 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    /** Producing at the rate: sends every line that is due, then parks a millisecond. */
    private final class Producing {
        final KafkaProducer<String, String> producer;
        final Times sent;
        final AtomicLong errors = new AtomicLong();
        final AtomicLong offsetMismatches = new AtomicLong();
        long count;

        Producing(String bootstrap, Times sentTimes) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
            this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
            this.sent = sentTimes;
        }

        private final long[] next = new long[partitions];
        private LogGenerator generator;

        /** One line per partition (offset 0), before the measured lines. */
        void probe() {
            generator = new LogGenerator(GeneratorOptions.defaults().withSeed(7)
                    .withStart(Instant.now()).withLinesPerSecond(rate).withNoiseShare(noiseShare));
            for (int p = 0; p < partitions; p++) {
                send(p);
            }
            producer.flush();
        }

        private void send(int p) {
            long offset = next[p]++;
            long now = System.currentTimeMillis();
            sent.set(p, offset, now);
            producer.send(new ProducerRecord<>(LINES, p, now, null, generator.next()), (md, e) -> {
                if (e != null) {
                    errors.incrementAndGet();
                } else if (md.offset() != offset) {
                    offsetMismatches.incrementAndGet();
                }
            });
            count++;
        }

        void run(long total, Reader reader) throws InterruptedException {
            long start = System.nanoTime();
            try {
                for (long i = 0; i < total; ) {
                    long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
                    for (; i < due; i++) {
                        send((int) ((i / PARTITION_RUN) % partitions));
                    }
                    reader.maybeReport(sent);
                    LockSupport.parkNanos(1_000_000);
                }
                producer.flush();
            } finally {
                producer.close(Duration.ofSeconds(30));
            }
        }
    }

    /** The read_committed consumer of events and dead letters; records when each line first shows. */
    private final class Reader implements Runnable {
        final KafkaConsumer<String, String> consumer;
        final Times sent;
        final Times seen;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong outputs = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final JsonFactory json = new JsonFactory();
        // progress: latencies of the outputs seen since the last report (reader thread writes, reporter swaps)
        private long[] interval = new long[1 << 16];
        private int intervalCount;
        private long lastReport = System.nanoTime();
        private long lastSent;
        private long lastOutputs;

        Reader(String bootstrap, int outPartitions, Times sent, Times seen) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < outPartitions; p++) {
                tps.add(new TopicPartition(EVENTS, p));
                tps.add(new TopicPartition(DEAD, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            this.sent = sent;
            this.seen = seen;
        }

        @Override
        public void run() {
            try {
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<String, String> r : records) {
                        record(r.value(), now);
                    }
                }
            } finally {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }

        private void record(String value, long now) {
            String origin = null;
            long offset = -1;
            try (JsonParser p = json.createParser(value)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("output is not a JSON object: " + abbreviate(value));
                }
                while (p.nextToken() == JsonToken.FIELD_NAME && (origin == null || offset < 0)) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("origin".equals(name)) {
                        origin = p.getText();
                    } else if ("line_number".equals(name)) {
                        offset = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("output is not valid JSON: " + abbreviate(value), e);
            }
            if (origin == null || offset < 0 || !origin.startsWith(LINES + "-")) {
                throw new IllegalStateException("output without origin/line_number of " + LINES + ": " + abbreviate(value));
            }
            int partition = Integer.parseInt(origin.substring(LINES.length() + 1));
            if (seen.get(partition, offset) != 0) {
                duplicates.incrementAndGet();
                return;
            }
            seen.set(partition, offset, now);
            outputs.incrementAndGet();
            long s = sent.get(partition, offset);
            if (s != 0) {
                synchronized (this) {
                    if (intervalCount == interval.length) {
                        interval = Arrays.copyOf(interval, interval.length * 2);
                    }
                    interval[intervalCount++] = now - s;
                }
            }
        }

        /** Prints sent and visible lines per second and the latency of what became visible, every few seconds. */
        synchronized void maybeReport(Times sentTimes) {
            long now = System.nanoTime();
            if (now - lastReport < TimeUnit.SECONDS.toNanos(reportSeconds)) {
                return;
            }
            double secs = (now - lastReport) / 1e9;
            long sentNow = sentTimes.count();
            long outNow = outputs.get();
            long[] l = Arrays.copyOf(interval, intervalCount);
            intervalCount = 0;
            Arrays.sort(l);
            System.out.printf(Locale.ROOT, "%s  sent %,7.0f/s  visible %,7.0f/s  backlog %,9d  latency ms p50 %6s p99 %6s "
                    + "max %6s%n", Instant.now().toString().substring(11, 19), (sentNow - lastSent) / secs,
                    (outNow - lastOutputs) / secs, sentNow - outNow,
                    l.length == 0 ? "-" : Long.toString(pct(l, 50)), l.length == 0 ? "-" : Long.toString(pct(l, 99)),
                    l.length == 0 ? "-" : Long.toString(l[l.length - 1]));
            lastReport = now;
            lastSent = sentNow;
            lastOutputs = outNow;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /**
     * Wall-clock millis per (partition, offset), 0 = none yet; chunked so that memory follows the
     * lines actually sent. Writes of one partition come from one thread; readers on other threads
     * may see a slot late (a long write is atomic on the 64-bit JVMs this runs on).
     */
    static final class Times {
        private static final int CHUNK_BITS = 16;
        private static final int CHUNK = 1 << CHUNK_BITS;
        private final long[][][] chunks;
        private final long[] sizes;

        Times(int partitions, long capacityPerPartition) {
            chunks = new long[partitions][(int) ((capacityPerPartition >> CHUNK_BITS) + 1)][];
            sizes = new long[partitions];
        }

        void set(int partition, long offset, long millis) {
            long[][] c = chunks[partition];
            int i = (int) (offset >> CHUNK_BITS);
            if (c[i] == null) {
                c[i] = new long[CHUNK];
            }
            c[i][(int) (offset & (CHUNK - 1))] = millis;
            if (offset >= sizes[partition]) {
                sizes[partition] = offset + 1;
            }
        }

        long get(int partition, long offset) {
            if (partition < 0 || partition >= chunks.length) {
                throw new IllegalStateException("partition " + partition + " was not written");
            }
            int i = (int) (offset >> CHUNK_BITS);
            long[][] c = chunks[partition];
            if (i >= c.length || c[i] == null) {
                return 0;
            }
            return c[i][(int) (offset & (CHUNK - 1))];
        }

        long size(int partition) {
            return sizes[partition];
        }

        long count() {
            long n = 0;
            for (long s : sizes) {
                n += s;
            }
            return n;
        }
    }
}
