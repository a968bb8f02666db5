package io.sendmailflink.jobs.stream;

import io.sendmailflink.jobs.backfill.FileSinks;
import io.sendmailflink.jobs.kafka.KafkaLine;
import io.sendmailflink.jobs.kafka.KafkaLines;
import io.sendmailflink.jobs.workflow.LogLine;
import io.sendmailflink.jobs.workflow.SendmailWorkflow;
import io.sendmailflink.jobs.workflow.Sinks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Streaming wiring: Kafka lines in; events, dead letters and 1-minute aggregates out to Kafka,
 * exactly once; checkpointed, restartable from a savepoint. The logic is
 * {@link SendmailWorkflow}'s.
 */
public final class StreamJob {

    /** Stream settings. */
    public static final class Options {
        public String bootstrapServers;
        public String inputTopic = "sendmail-lines";
        public String groupId = "sendmail-flink";
        public KafkaLines.StartingOffsets startingOffsets = KafkaLines.StartingOffsets.COMMITTED_OR_EARLIEST;
        public KafkaSinks.Topics topics = new KafkaSinks.Topics();
        public String transactionalIdPrefix = "sendmail-flink";
        /** Kafka outputs: EXACTLY_ONCE (visible at checkpoints) or AT_LEAST_ONCE (visible at once). */
        public DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
        /** Flink configuration on top of the defaults ({@code -D key=value}). */
        public java.util.Map<String, String> flinkConf = java.util.Map.of();
        /** Also (or instead) write files like backfill does. */
        public Path fileOutput;
        public boolean kafkaOutput = true;
        public Duration checkpointInterval = Duration.ofSeconds(10);
        /** Checkpoint storage when the Flink configuration names none (see {@link #checkpointDir}). */
        public Path checkpointDir;
        public Duration idleTimeout = Duration.ofSeconds(30);
        public long watermarkDelaySeconds = 5;
        public Integer parallelism;
        public String timezone = "UTC";
        public Integer year;
        public Path sqlDir;
        /** The aggregates: the one-pass engine (default) or the SQL files through the planner. */
        public SendmailWorkflow.Aggregates aggregates = SendmailWorkflow.Aggregates.ENGINE;
        /** Message traces and alerts (on by default). */
        public boolean traces = true;
        public String savepointPath;
        /** Testing only: fail once after this many lines, to prove recovery. */
        public long failOnceAfter;
    }

    private StreamJob() {
    }

    /** Builds the job on a new environment; the caller executes it (or use {@link #start}). */
    public static StreamExecutionEnvironment build(Options o) {
        Configuration conf = new Configuration();
        conf.setString("execution.runtime-mode", "STREAMING");
        conf.setString("execution.checkpointing.interval", o.checkpointInterval.toMillis() + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        conf.setString("table.exec.source.idle-timeout", o.idleTimeout.toMillis() + " ms");
        conf.setString("pipeline.object-reuse", "true");
        // the embedded MiniCluster: the planner's ~90 window operators (--aggregates sql) share one
        // slot's managed memory
        conf.setString("taskmanager.memory.managed.size", "768m");
        if (o.savepointPath != null) {
            conf.setString("execution.state-recovery.path", o.savepointPath);
        }
        o.flinkConf.forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (!env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent()) {
            // without a directory Flink keeps checkpoints in the JobManager's memory (5 MB at most):
            // the traces' state outgrows that within a minute, and a failed checkpoint fails the job
            Configuration storage = new Configuration();
            storage.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir(o).toUri().toString());
            env.configure(storage);
        }
        if (o.parallelism != null) {
            env.setParallelism(o.parallelism);
        }
        env.getConfig().enableObjectReuse();
        DataStream<LogLine> lines = env
                .fromSource(KafkaLines.source(o.bootstrapServers, o.groupId, o.startingOffsets, o.inputTopic),
                        WatermarkStrategy.noWatermarks(), "read-kafka-lines")
                .uid("read-kafka-lines")
                .map(new ToLogLine()).name("to-log-line").uid("to-log-line");
        if (o.failOnceAfter > 0) {
            lines = lines.map(new FailOnce(o.failOnceAfter)).name("inject-failure").uid("inject-failure");
        }
        SendmailWorkflow.Options wo = new SendmailWorkflow.Options().mode(SendmailWorkflow.Mode.STREAMING)
                .timezone(o.timezone).year(o.year).sqlDir(o.sqlDir).watermarkDelaySeconds(o.watermarkDelaySeconds)
                .idleTimeout(o.idleTimeout).aggregates(o.aggregates).traces(o.traces);
        Sinks sinks = sinks(o);
        SendmailWorkflow.build(lines, wo, sinks);
        return env;
    }

    /**
     * Where checkpoints go when the configuration names no {@code execution.checkpointing.dir}:
     * {@link Options#checkpointDir}, else {@code sendmail-flink-checkpoints} in the temp folder.
     */
    static Path checkpointDir(Options o) {
        return o.checkpointDir != null ? o.checkpointDir.toAbsolutePath()
                : Path.of(System.getProperty("java.io.tmpdir"), "sendmail-flink-checkpoints");
    }

    /** Starts the job without waiting for it (it runs until cancelled). */
    public static JobClient start(Options o) throws Exception {
        return build(o).executeAsync("sendmail-stream");
    }

    static Sinks sinks(Options o) {
        Sinks kafka = o.kafkaOutput ? new KafkaSinks(o.bootstrapServers, o.topics, o.transactionalIdPrefix,
                o.deliveryGuarantee) : null;
        Sinks files = o.fileOutput != null ? new FileSinks(o.fileOutput, "json") : null;
        if (kafka != null && files == null) {
            return kafka;
        }
        if (kafka == null) {
            return files;
        }
        throw new IllegalArgumentException("choose Kafka or file outputs for a stream job, not both");
    }

    /** Kafka record to a log line: origin topic-partition, position the offset, reference the record time. */
    static final class ToLogLine implements MapFunction<KafkaLine, LogLine> {
        @Override
        public LogLine map(KafkaLine k) {
            return new LogLine(k.line, k.topic + "-" + k.partition, k.offset, k.timestamp);
        }
    }

    /** Testing aid: throws once per JVM after {@code after} lines in one subtask. */
    static final class FailOnce extends RichMapFunction<LogLine, LogLine> {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final long after;
        private transient long seen;

        FailOnce(long after) {
            this.after = after;
        }

        @Override
        public void open(OpenContext ctx) {
            seen = 0;
        }

        @Override
        public LogLine map(LogLine l) {
            if (++seen >= after && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + seen + " lines (--fail-once-after)");
            }
            return l;
        }
    }

    static Map<String, String> describe(Options o) {
        return Map.of("input", o.bootstrapServers + "/" + o.inputTopic, "events", o.topics.events);
    }
}
