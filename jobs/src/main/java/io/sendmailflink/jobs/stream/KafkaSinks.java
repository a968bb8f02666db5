package io.sendmailflink.jobs.stream;

import io.sendmailflink.jobs.kafka.KafkaJsonSink;
import io.sendmailflink.jobs.workflow.OutputRecord;
import io.sendmailflink.jobs.workflow.Sinks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Streaming outputs to Kafka, exactly once (transactions committed on checkpoints): events,
 * dead letters and every aggregate view as JSON. All aggregate views share one topic; each row
 * names its view in the {@code aggregate} column.
 */
public final class KafkaSinks implements Sinks {

    private final String bootstrapServers;
    private final Topics topics;
    private final String transactionalIdPrefix;

    /** Output topic names. */
    public static final class Topics {
        public String events = "sendmail-events";
        public String deadLetters = "sendmail-dead-letter";
        public String aggregates = "sendmail-aggregates";
    }

    public KafkaSinks(String bootstrapServers, Topics topics, String transactionalIdPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.transactionalIdPrefix = transactionalIdPrefix;
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
        records.map(r -> r.text).returns(Types.STRING).name("encode-" + name).uid("encode-" + name)
                .sinkTo(KafkaJsonSink.exactlyOnce(bootstrapServers, topic, transactionalIdPrefix(name)))
                .name("kafka-" + name).uid("kafka-" + name);
    }

    /** One prefix per sink: transactional ids must not collide between writers. */
    private String transactionalIdPrefix(String name) {
        return transactionalIdPrefix + "-" + name.replace('_', '-');
    }

    @Override
    public Map<String, String> options(Kind kind, String name) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "kafka");
        o.put("topic", topics.aggregates);
        o.put("properties.bootstrap.servers", bootstrapServers);
        o.put("format", "json");
        o.put("json.encode.ignore-null-fields", "true");
        o.put("json.timestamp-format.standard", "ISO-8601");
        o.put("sink.delivery-guarantee", "exactly-once");
        o.put("sink.transactional-id-prefix", transactionalIdPrefix(name));
        // below the broker's transaction.max.timeout.ms (15 min by default)
        o.put("properties.transaction.timeout.ms", "900000");
        return o;
    }

    @Override
    public boolean tagAggregates() {
        return true;
    }
}
