package io.sendmailflink.jobs.stream;

import io.sendmailflink.jobs.kafka.KafkaJsonSink;
import io.sendmailflink.jobs.workflow.OutputRecord;
import io.sendmailflink.jobs.workflow.Sinks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Streaming outputs to Kafka, exactly once (transactions committed on checkpoints) unless told
 * otherwise: events, dead letters and every aggregate view as JSON. All aggregate views share one
 * topic; each row names its view in the {@code aggregate} column.
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

    private void toKafka(DataStream<OutputRecord> records, String topic, String name) {
        KafkaSink<String> sink = guarantee == DeliveryGuarantee.EXACTLY_ONCE
                ? KafkaJsonSink.exactlyOnce(bootstrapServers, topic, transactionalIdPrefix(name))
                : KafkaJsonSink.atLeastOnce(bootstrapServers, topic);
        records.map(r -> r.text).returns(Types.STRING).name("encode-" + name).uid("encode-" + name)
                .sinkTo(sink).name("kafka-" + name).uid("kafka-" + name);
    }

    /** One prefix per sink: transactional ids must not collide between writers. */
    private String transactionalIdPrefix(String name) {
        return transactionalIdPrefix + "-" + name.replace('_', '-');
    }

    @Override
    public Map<String, String> options(Kind kind, String name) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "kafka");
        String topic = kind == Kind.TRACES ? topics.traces : kind == Kind.ALERTS ? topics.alerts : topics.aggregates;
        o.put("topic", topic);
        o.put("properties.bootstrap.servers", bootstrapServers);
        if (kind == Kind.TRACES || kind == Kind.ALERTS) {
            // rows are finished JSON objects (io.sendmailflink.jobs.cep.CepRecords)
            o.put("format", "raw");
        } else {
            o.put("format", "json");
            o.put("json.encode.ignore-null-fields", "true");
            o.put("json.timestamp-format.standard", "ISO-8601");
        }
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
}
