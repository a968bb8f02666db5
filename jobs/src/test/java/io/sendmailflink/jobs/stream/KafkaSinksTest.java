package io.sendmailflink.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    @Test
    void exactlyOnceByDefaultWithOneTransactionalIdPrefixPerSinkTable() {
        KafkaSinks sinks = new KafkaSinks("broker:9092", new KafkaSinks.Topics(), "job");
        Map<String, String> agg = sinks.options("agg_overview_lines");
        Map<String, String> other = sinks.options("agg_overview_messages");
        assertThat(agg).containsEntry("sink.delivery-guarantee", "exactly-once")
                .containsEntry("topic", "sendmail-aggregates")
                .containsEntry("sink.transactional-id-prefix", "job-agg-overview-lines")
                .containsEntry("properties.transaction.timeout.ms", "900000");
        assertThat(other).containsEntry("sink.transactional-id-prefix", "job-agg-overview-messages");
    }

    @Test
    void atLeastOnceWritesWithoutTransactions() {
        KafkaSinks sinks = new KafkaSinks("broker:9092", new KafkaSinks.Topics(), "job", DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(sinks.options("agg_overview_lines"))
                .containsEntry("sink.delivery-guarantee", "at-least-once")
                .containsEntry("topic", "sendmail-aggregates")
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
