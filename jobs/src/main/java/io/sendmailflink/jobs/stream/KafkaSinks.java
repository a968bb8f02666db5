package io.sendmailflink.jobs.stream;

import io.sendmailflink.jobs.workflow.Sinks;
import java.util.LinkedHashMap;
import java.util.Map;

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
        public String traces = "sendmail-traces";
        public String alerts = "sendmail-alerts";
    }

    public KafkaSinks(String bootstrapServers, Topics topics, String transactionalIdPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.transactionalIdPrefix = transactionalIdPrefix;
    }

    @Override
    public Map<String, String> options(Kind kind, String name) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "kafka");
        String topic;
        switch (kind) {
            case EVENTS:
                topic = topics.events;
                break;
            case DEAD_LETTERS:
                topic = topics.deadLetters;
                break;
            case TRACES:
                topic = topics.traces;
                break;
            case ALERTS:
                topic = topics.alerts;
                break;
            default:
                topic = topics.aggregates;
        }
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
        o.put("sink.delivery-guarantee", "exactly-once");
        // one prefix per sink table: transactional ids must not collide between writers
        o.put("sink.transactional-id-prefix", transactionalIdPrefix + "-" + name.replace('_', '-'));
        // below the broker's transaction.max.timeout.ms (15 min by default)
        o.put("properties.transaction.timeout.ms", "900000");
        return o;
    }

    @Override
    public boolean tagAggregates() {
        return true;
    }
}
