package io.sendmailflink.jobs.stream;

import io.sendmailflink.jobs.kafka.KafkaJsonSink;
import io.sendmailflink.jobs.workflow.OutputRecord;
import io.sendmailflink.jobs.workflow.Sinks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Streaming outputs to Kafka, exactly once (transactions committed on checkpoints) unless told
 * otherwise: events, dead letters, aggregate rows, traces and alerts as JSON, one topic each. All
 * aggregate views share one topic; each row names its view in the {@code aggregate} column.
 */
public final class KafkaSinks implements Sinks {

    private final String bootstrapServers;
    private final Topics topics;
    private final String transactionalIdPrefix;
    private final DeliveryGuarantee guarantee;

    /** Output topic names. */
    public static final class Topics {
        public String events = "sendmail-events";
        public String deadLetters = "sendmail-dead-letter";
        public String aggregates = "sendmail-aggregates";
        public String traces = "sendmail-traces";
        public String alerts = "sendmail-alerts";
    }

    public KafkaSinks(String bootstrapServers, Topics topics, String transactionalIdPrefix) {
        this(bootstrapServers, topics, transactionalIdPrefix, DeliveryGuarantee.EXACTLY_ONCE);
    }

    /**
     * {@code guarantee} AT_LEAST_ONCE writes records as they come (visible within milliseconds, not
     * at the next checkpoint) and may repeat the records since the last checkpoint after a failure.
     */
    public KafkaSinks(String bootstrapServers, Topics topics, String transactionalIdPrefix, DeliveryGuarantee guarantee) {
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE && guarantee != DeliveryGuarantee.AT_LEAST_ONCE) {
            throw new IllegalArgumentException("delivery guarantee must be exactly-once or at-least-once, not " + guarantee);
        }
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.guarantee = guarantee;
    }

    @Override
    public void events(DataStream<OutputRecord> events) {
        toKafka(events, topics.events, "events");
    }

    @Override
    public void deadLetters(DataStream<OutputRecord> deadLetters) {
        toKafka(deadLetters, topics.deadLetters, "dead-letters");
    }

    @Override
    public void aggregates(DataStream<OutputRecord> rows) {
        toKafka(rows, topics.aggregates, "aggregates");
    }

    @Override
    public void traces(DataStream<OutputRecord> traces) {
        toKafka(traces, topics.traces, "traces");
    }

    @Override
    public void alerts(DataStream<OutputRecord> alerts) {
        toKafka(alerts, topics.alerts, "alerts");
    }

    /** Sink for records of {@code name}: the uid {@code kafka-<name>} keeps its transactions across restarts. */
    KafkaSink<OutputRecord> sink(String topic, String name) {
        return KafkaJsonSink.records(bootstrapServers, topic, new RecordBytes(), guarantee,
                guarantee == DeliveryGuarantee.EXACTLY_ONCE ? transactionalIdPrefix(name) : null);
    }

    private void toKafka(DataStream<OutputRecord> records, String topic, String name) {
        records.sinkTo(sink(topic, name)).name("kafka-" + name).uid("kafka-" + name);
    }

    /** One prefix per sink: transactional ids must not collide between writers. */
    private String transactionalIdPrefix(String name) {
        return transactionalIdPrefix + "-" + name.replace('_', '-');
    }

    @Override
    public Map<String, String> options(String name) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "kafka");
        o.put("topic", topics.aggregates);
        o.put("properties.bootstrap.servers", bootstrapServers);
        o.put("format", "json");
        o.put("json.encode.ignore-null-fields", "true");
        o.put("json.timestamp-format.standard", "ISO-8601");
        o.put("sink.delivery-guarantee", guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "exactly-once" : "at-least-once");
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            o.put("sink.transactional-id-prefix", transactionalIdPrefix(name));
            // below the broker's transaction.max.timeout.ms (15 min by default)
            o.put("properties.transaction.timeout.ms", "900000");
        }
        return o;
    }

    @Override
    public boolean tagAggregates() {
        return true;
    }

    /** A record's bytes as the Kafka value. */
    static final class RecordBytes implements SerializationSchema<OutputRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(OutputRecord r) {
            return r.bytes();
        }
    }
}
