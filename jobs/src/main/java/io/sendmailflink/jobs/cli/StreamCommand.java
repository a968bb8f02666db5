package io.sendmailflink.jobs.cli;

import io.sendmailflink.jobs.kafka.KafkaLines;
import io.sendmailflink.jobs.stream.StreamJob;
import io.sendmailflink.jobs.workflow.SendmailWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stream}: Kafka lines in, events, dead letters and aggregates out, exactly once. */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Reads Sendmail lines (raw syslog or Filebeat JSON) from Kafka and writes parsed events,",
            "dead letters and 1-minute aggregates to Kafka with exactly-once transactions, in event",
            "time (bounded out-of-orderness, idle partitions do not stall). Runs until cancelled;",
            "restart it from a savepoint with --savepoint (or `flink run -s`).",
        })
public final class StreamCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "sendmail-lines", paramLabel = "TOPIC",
            description = "Input topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--group-id", defaultValue = "sendmail-flink", paramLabel = "ID",
            description = "Consumer group (offsets are committed on checkpoints). Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(names = "--starting-offsets", defaultValue = "COMMITTED_OR_EARLIEST", paramLabel = "WHERE",
            description = "Where to start without a savepoint: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    KafkaLines.StartingOffsets startingOffsets;

    @Option(names = "--events-topic", defaultValue = "sendmail-events", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "sendmail-dead-letter", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String deadLetterTopic;

    @Option(names = "--aggregates-topic", defaultValue = "sendmail-aggregates", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String aggregatesTopic;

    @Option(names = "--traces-topic", defaultValue = "sendmail-traces", paramLabel = "TOPIC",
            description = "Message traces. Default: ${DEFAULT-VALUE}.")
    String tracesTopic;

    @Option(names = "--alerts-topic", defaultValue = "sendmail-alerts", paramLabel = "TOPIC",
            description = "Attack and anomaly alerts. Default: ${DEFAULT-VALUE}.")
    String alertsTopic;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Write files (as backfill does) instead of Kafka topics.")
    Path output;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Checkpoint (and Kafka commit) interval, e.g. 10s, 500ms. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = {"Checkpoint storage when the Flink configuration has no execution.checkpointing.dir.",
                "Default: sendmail-flink-checkpoints in the temp folder."})
    Path checkpointDir;

    @Option(names = "--delivery-guarantee", defaultValue = "exactly-once", paramLabel = "GUARANTEE",
            converter = DeliveryGuaranteeConverter.class,
            description = {"exactly-once: outputs become visible to read_committed consumers when a checkpoint",
                "completes (latency ~ the checkpoint interval); at-least-once: visible at once, but a",
                "restart may repeat the outputs since the last checkpoint. Default: ${DEFAULT-VALUE}."})
    DeliveryGuarantee deliveryGuarantee;

    @Option(names = "--out-of-orderness", defaultValue = "5s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How late a line may arrive and still count in its window. Default: ${DEFAULT-VALUE}.")
    Duration outOfOrderness;

    @Option(names = "--idle-timeout", defaultValue = "30s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "A partition silent this long stops holding back event time. Default: ${DEFAULT-VALUE}.")
    Duration idleTimeout;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N", description = "Flink parallelism.")
    Integer parallelism;

    @Option(names = {"-s", "--savepoint"}, paramLabel = "PATH", description = "Restore from this savepoint.")
    String savepoint;

    @Option(names = "--transactional-id-prefix", defaultValue = "sendmail-flink", paramLabel = "PREFIX",
            description = "Kafka transactional id prefix (unique per job). Default: ${DEFAULT-VALUE}.")
    String transactionalIdPrefix;

    @Option(names = "--fail-once-after", hidden = true, paramLabel = "N",
            description = "Testing only: fail once after N lines to exercise recovery.")
    long failOnceAfter;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Flink configuration option, repeatable (e.g. -D execution.checkpointing.timeout=5min).")
    java.util.Map<String, String> flinkConf = new java.util.LinkedHashMap<>();

    @Option(names = "--aggregates", defaultValue = "engine", paramLabel = "HOW",
            converter = BackfillCommand.AggregatesConverter.class,
            description = {"How the aggregate tables are computed: engine (one pass, the default) or sql (the",
                "sql/ files through Flink's SQL planner; with --sql-dir, your own views too). Default: ${DEFAULT-VALUE}."})
    SendmailWorkflow.Aggregates aggregates;

    @Option(names = "--sql-dir", paramLabel = "DIR",
            description = "Read the SQL files from this folder instead of the jar (implies --aggregates sql).")
    Path sqlDir;

    @Option(names = "--no-traces", description = "Skip message traces and alerts.")
    boolean noTraces;

    @Mixin
    ParserOptionsMixin parserOptions;

    private final Io io;

    public StreamCommand(Io io) {
        this.io = io;
    }

    /** Options for {@link StreamJob} from the command line. */
    StreamJob.Options options() {
        StreamJob.Options o = new StreamJob.Options();
        o.bootstrapServers = bootstrapServers;
        o.inputTopic = topic;
        o.flinkConf = flinkConf;
        o.groupId = groupId;
        o.startingOffsets = startingOffsets;
        o.topics.events = eventsTopic;
        o.topics.deadLetters = deadLetterTopic;
        o.topics.aggregates = aggregatesTopic;
        o.topics.traces = tracesTopic;
        o.topics.alerts = alertsTopic;
        o.fileOutput = output;
        o.kafkaOutput = output == null;
        o.checkpointInterval = checkpointInterval;
        o.checkpointDir = checkpointDir;
        o.watermarkDelaySeconds = Math.max(0, outOfOrderness.toSeconds());
        o.idleTimeout = idleTimeout;
        o.parallelism = parallelism;
        o.savepointPath = savepoint;
        o.transactionalIdPrefix = transactionalIdPrefix;
        o.deliveryGuarantee = deliveryGuarantee;
        o.failOnceAfter = failOnceAfter;
        o.timezone = parserOptions.zone().getId();
        o.year = parserOptions.year();
        o.sqlDir = sqlDir;
        o.aggregates = sqlDir != null ? SendmailWorkflow.Aggregates.SQL : aggregates;
        o.traces = !noTraces;
        return o;
    }

    @Override
    public Integer call() throws Exception {
        StreamJob.Options o = options();
        io.err().printf("stream: %s/%s -> %s%n", bootstrapServers, topic,
                output != null ? output.toAbsolutePath() : eventsTopic + ", " + deadLetterTopic + ", " + aggregatesTopic
                        + ", " + tracesTopic + ", " + alertsTopic);
        StreamJob.build(o).execute("sendmail-stream");
        return ExitCodes.OK;
    }

    /** {@code exactly-once} or {@code at-least-once} (Flink's own names; {@code none} is not offered). */
    static final class DeliveryGuaranteeConverter implements picocli.CommandLine.ITypeConverter<DeliveryGuarantee> {
        @Override
        public DeliveryGuarantee convert(String v) {
            switch (v.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                case "exactly-once":
                    return DeliveryGuarantee.EXACTLY_ONCE;
                case "at-least-once":
                    return DeliveryGuarantee.AT_LEAST_ONCE;
                default:
                    throw new picocli.CommandLine.TypeConversionException(
                            "'" + v + "' is not a delivery guarantee (exactly-once or at-least-once)");
            }
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2min}, or an ISO-8601 duration. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String s = v.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (s.startsWith("p")) {
                    return Duration.parse(v.trim());
                }
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
                }
                if (s.endsWith("min")) {
                    return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 3).trim()));
                }
                if (s.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
                }
                if (s.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
                }
                if (s.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
                }
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (RuntimeException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not a duration (e.g. 10s, 500ms, 2min)");
            }
        }
    }
}
