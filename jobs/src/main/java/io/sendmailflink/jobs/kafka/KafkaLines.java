package io.sendmailflink.jobs.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A Flink {@link KafkaSource} of raw text lines: each record's value becomes one {@link KafkaLine}
 * with its topic, partition, offset and timestamp.
 *
 * <pre>{@code
 * KafkaSource<KafkaLine> source = KafkaLines.source(bootstrap, "my-job", StartingOffsets.COMMITTED_OR_EARLIEST, "raw-logs");
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-lines").uid("kafka-lines")
 * }</pre>
 *
 * <p>Offsets: Flink keeps the consumed offsets in its checkpoints and restarts from them; the
 * starting offsets below apply only to a job started without a checkpoint or savepoint. With a
 * group id the source also commits the offsets of each completed checkpoint to Kafka (for
 * monitoring the lag, and for {@link StartingOffsets#COMMITTED_OR_EARLIEST} on a fresh start).
 *
 * <p>The consumer reads {@code read_committed}: lines written by a transactional producer (for
 * example a Flink job's exactly-once {@link KafkaJsonSink}) appear only once committed, and
 * aborted ones never.
 */
public final class KafkaLines {

    /** Where a job started without a checkpoint or savepoint begins to read. */
    public enum StartingOffsets {
        /** The group's committed offsets; partitions the group never committed start at the earliest offset. */
        COMMITTED_OR_EARLIEST,
        /** The earliest offset still in each partition, whatever the group committed. */
        EARLIEST,
        /** The end of each partition: only lines written after the job started. */
        LATEST;

        // the connector (5.0.0-2.2) still takes Kafka's OffsetResetStrategy, deprecated in kafka-clients 4.x
        @SuppressWarnings("deprecation")
        OffsetsInitializer initializer() {
            switch (this) {
                case COMMITTED_OR_EARLIEST:
                    return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                case EARLIEST:
                    return OffsetsInitializer.earliest();
                case LATEST:
                    return OffsetsInitializer.latest();
                default:
                    throw new IllegalStateException(name());
            }
        }
    }

    private KafkaLines() {
    }

    /**
     * An unbounded source of the lines of {@code topics}, read by consumer group {@code groupId}.
     *
     * @param bootstrapServers Kafka's {@code host:port[,host:port...]}
     * @param groupId the consumer group, under which offsets are committed on checkpoints
     * @param start where to begin when the job has no checkpoint or savepoint to restore
     * @param topics one or more topics
     */
    public static KafkaSource<KafkaLine> source(
            String bootstrapServers, String groupId, StartingOffsets start, String... topics) {
        return builder(bootstrapServers, groupId, start, List.of(topics)).build();
    }

    /**
     * The same source as {@link #source}, as a builder for further settings: {@code setBounded(
     * OffsetsInitializer.latest())} for a batch replay of what a topic holds now, {@code
     * setProperty(...)} for security or consumer settings, {@code setClientIdPrefix(...)}.
     */
    public static KafkaSourceBuilder<KafkaLine> builder(
            String bootstrapServers, String groupId, StartingOffsets start, List<String> topics) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(start, "start");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("at least one topic is required");
        }
        return KafkaSource.<KafkaLine>builder()
                .setBootstrapServers(bootstrapServers)
                .setGroupId(groupId)
                .setTopics(topics)
                .setStartingOffsets(start.initializer())
                .setDeserializer(new LineDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                // the source commits offsets on checkpoints; Kafka's own auto-commit stays off
                .setProperty(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "true");
    }

    /** Turns each record into a {@link KafkaLine}; records without a value (tombstones) are skipped. */
    public static KafkaRecordDeserializationSchema<KafkaLine> deserializer() {
        return new LineDeserializer();
    }

    /** Decodes UTF-8 (malformed bytes become U+FFFD) and drops one trailing line terminator. */
    static String decodeLine(byte[] value) {
        int end = value.length;
        if (end > 0 && value[end - 1] == '\n') {
            end--;
            if (end > 0 && value[end - 1] == '\r') {
                end--;
            }
        }
        return new String(value, 0, end, UTF_8);
    }

    static final class LineDeserializer implements KafkaRecordDeserializationSchema<KafkaLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaLine> out) {
            byte[] value = record.value();
            if (value == null) {
                return;
            }
            byte[] key = record.key();
            out.collect(new KafkaLine(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.timestamp(),
                    key == null ? null : new String(key, UTF_8),
                    decodeLine(value)));
        }

        @Override
        public TypeInformation<KafkaLine> getProducedType() {
            return TypeInformation.of(KafkaLine.class);
        }
    }
}
