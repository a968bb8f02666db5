package io.sendmailflink.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sendmailflink.jobs.workflow.Sinks;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    @Test
    void exactlyOnceByDefaultWithOneTransactionalIdPrefixPerSinkTable() {
        KafkaSinks sinks = new KafkaSinks("broker:9092", new KafkaSinks.Topics(), "job");
        Map<String, String> events = sinks.options(Sinks.Kind.EVENTS, "events");
        Map<String, String> agg = sinks.options(Sinks.Kind.AGGREGATE, "agg_overview_lines");
        assertThat(events).containsEntry("sink.delivery-guarantee", "exactly-once")
                .containsEntry("topic", "sendmail-events")
                .containsEntry("sink.transactional-id-prefix", "job-events")
                .containsEntry("properties.transaction.timeout.ms", "900000");
        assertThat(agg).containsEntry("topic", "sendmail-aggregates")
                .containsEntry("sink.transactional-id-prefix", "job-agg-overview-lines");
    }

    @Test
    void atLeastOnceWritesWithoutTransactions() {
        KafkaSinks sinks = new KafkaSinks("broker:9092", new KafkaSinks.Topics(), "job", DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(sinks.options(Sinks.Kind.DEAD_LETTERS, "dead_letters"))
                .containsEntry("sink.delivery-guarantee", "at-least-once")
                .containsEntry("topic", "sendmail-dead-letter")
                .doesNotContainKeys("sink.transactional-id-prefix", "properties.transaction.timeout.ms");
    }

    @Test
    void noGuaranteeIsRefusedByName() {
        assertThatThrownBy(() -> new KafkaSinks("broker:9092", new KafkaSinks.Topics(), "job", DeliveryGuarantee.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly-once or at-least-once")
                .hasMessageContaining("not none");
    }
}
