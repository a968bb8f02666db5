package io.sendmailflink.jobs.kafka;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchemaBuilder;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A Flink {@link KafkaSink} of ready-made text records (one JSON document per record, say), written
 * exactly once: each checkpoint's records go into one Kafka transaction per sink subtask, committed
 * when the checkpoint completes. Consumers that read {@code read_committed} see every record once;
 * after a failure the uncommitted transactions are aborted and the records replayed from the last
 * checkpoint.
 *
 * <pre>{@code
 * events.sinkTo(KafkaJsonSink.exactlyOnce(bootstrap, "mail-events", "sendmail-events"))
 *       .name("kafka-events").uid("kafka-events");
 * }</pre>
 *
 * <p>Requirements of exactly-once:
 * <ul>
 *   <li>Checkpointing must be enabled: records become visible only when a checkpoint completes, so
 *       the checkpoint interval is the end-to-end latency that {@code read_committed} readers see.
 *   <li>The transactional-id prefix must be unique to the job on that Kafka cluster and stable across
 *       restarts of the job (from checkpoints and savepoints): a restarted job uses it to find and
 *       abort the transactions its previous run left open, and two jobs sharing one would abort
 *       each other's.
 *   <li>The transaction timeout ({@value #TRANSACTION_TIMEOUT_MINUTES} minutes here) must not exceed
 *       the broker's {@code transaction.max.timeout.ms} (15 minutes by default), or every producer
 *       fails at start with {@code InvalidTxnTimeoutException}; the connector's own default, one
 *       hour, does exceed it. It must also be longer than the longest time a checkpoint's
 *       transaction may stay open: the checkpoint interval plus the time to complete the
 *       checkpoint plus a job's downtime before it restores and commits it. The broker aborts a
 *       transaction older than the timeout, and a checkpoint's records lost that way do not come
 *       back. Fifteen minutes is the most a default broker allows; raise both together (broker
 *       first) for longer outages.
 * </ul>
 */
public final class KafkaJsonSink {

    /** The transaction timeout of {@link #exactlyOnce}, in minutes: the broker's default maximum. */
    public static final int TRANSACTION_TIMEOUT_MINUTES = 15;

    /** {@link #TRANSACTION_TIMEOUT_MINUTES} as a {@link Duration}. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(TRANSACTION_TIMEOUT_MINUTES);

    private KafkaJsonSink() {
    }

    /**
     * An exactly-once sink of records without keys to {@code topic} (the Kafka producer spreads
     * them over the partitions).
     *
     * @param bootstrapServers Kafka's {@code host:port[,host:port...]}
     * @param topic the topic to write; it must exist unless the broker creates topics on demand
     * @param transactionalIdPrefix unique to this job on this Kafka cluster, stable across restarts
     */
    public static KafkaSink<String> exactlyOnce(String bootstrapServers, String topic, String transactionalIdPrefix) {
        return builder(bootstrapServers, topic, transactionalIdPrefix, null).build();
    }

    /**
     * An exactly-once sink whose record keys come from {@code keySchema}: records with equal keys
     * go to the same partition, in order. A schema returning {@code null} writes no key.
     */
    public static KafkaSink<String> exactlyOnce(
            String bootstrapServers, String topic, String transactionalIdPrefix, SerializationSchema<String> keySchema) {
        return builder(bootstrapServers, topic, transactionalIdPrefix, keySchema).build();
    }

    /**
     * An at-least-once sink of records without keys: records are sent as they come (visible to
     * readers within milliseconds, not at the next checkpoint); after a failure, the records since
     * the last checkpoint may be written again.
     */
    public static KafkaSink<String> atLeastOnce(String bootstrapServers, String topic) {
        return records(bootstrapServers, topic, new SimpleStringSchema(), DeliveryGuarantee.AT_LEAST_ONCE, null);
    }

    /**
     * A sink of records whose value {@code values} makes (no keys), exactly once (with
     * {@code transactionalIdPrefix}, see {@link #exactlyOnce}) or at least once.
     */
    public static <T> KafkaSink<T> records(String bootstrapServers, String topic, SerializationSchema<T> values,
            DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        KafkaSinkBuilder<T> b = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new WriteTime<>(KafkaRecordSerializationSchema.<T>builder().setTopic(topic)
                        .setValueSerializationSchema(values).build()))
                .setDeliveryGuarantee(guarantee);
        throughput(b);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                throw new IllegalArgumentException("a transactional-id prefix is required for exactly-once delivery");
            }
            b.setTransactionalIdPrefix(transactionalIdPrefix)
                    .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        }
        return b.build();
    }

    /**
     * Producer settings for a stream of ~1 KB JSON records: lz4 batches of up to 256 KiB, gathered
     * for up to 10 ms. JSON compresses several times over, which spares the brokers most of the
     * bytes they would copy, check and store (and the network); 10 ms adds little to latency.
     */
    static <T> KafkaSinkBuilder<T> throughput(KafkaSinkBuilder<T> b) {
        return b.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024))
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, "10");
    }

    /**
     * Records stamped with the time they are written (the producer's clock), not with the event
     * time of the line they come from, which is in the record itself. Kafka deletes by record
     * time: records stamped with the event time of older logs (a replay of last month's maillog,
     * or anything older than the topic's {@code retention.ms}, 7 days by default) would be
     * deleted at the broker's next retention check, minutes after they were committed.
     */
    static final class WriteTime<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final KafkaRecordSerializationSchema<T> records;

        WriteTime(KafkaRecordSerializationSchema<T> records) {
            this.records = records;
        }

        @Override
        public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
                throws Exception {
            records.open(context, sinkContext);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            return records.serialize(element, context, null);
        }
    }

    /**
     * The same sink as {@link #exactlyOnce}, as a builder for further settings: {@code setProperty(
     * ...)} for security, compression or a different {@code transaction.timeout.ms}, {@code
     * setTransactionNamingStrategy(...)}.
     *
     * @param keySchema the record keys, or {@code null} for records without keys
     */
    public static KafkaSinkBuilder<String> builder(
            String bootstrapServers, String topic, String transactionalIdPrefix, SerializationSchema<String> keySchema) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException("a transactional-id prefix is required for exactly-once delivery");
        }
        KafkaRecordSerializationSchemaBuilder<String> records = KafkaRecordSerializationSchema.<String>builder()
                .setTopic(topic)
                .setValueSerializationSchema(new SimpleStringSchema());
        if (keySchema != null) {
            records.setKeySerializationSchema(keySchema);
        }
        return KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new WriteTime<>(records.build()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
    }
}
