package io.sendmailflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaJsonSinkTest {

    private static final KafkaRecordSerializationSchema.KafkaSinkContext CONTEXT =
            new KafkaRecordSerializationSchema.KafkaSinkContext() {
                @Override
                public int getParallelInstanceId() {
                    return 0;
                }

                @Override
                public int getNumberOfParallelInstances() {
                    return 1;
                }

                @Override
                public int[] getPartitionsForTopic(String topic) {
                    return new int[] {0, 1};
                }
            };

    @Test
    void recordsCarryTheWriteTimeNotTheEventTimeSoRetentionDoesNotDeleteReplayedOldLogs() {
        KafkaRecordSerializationSchema<String> records = new KafkaJsonSink.WriteTime<>(
                KafkaRecordSerializationSchema.<String>builder().setTopic("mail-events")
                        .setValueSerializationSchema(new SimpleStringSchema()).build());
        long monthAgo = System.currentTimeMillis() - 30L * 86_400_000L;

        ProducerRecord<byte[], byte[]> r = records.serialize("{\"event_type\":\"receipt\"}", CONTEXT, monthAgo);

        assertThat(r.timestamp()).as("no timestamp: the producer stamps the send time").isNull();
        assertThat(r.topic()).isEqualTo("mail-events");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"event_type\":\"receipt\"}");
        assertThat(r.key()).isNull();
    }

    @Test
    void keyedRecordsKeepTheirKeyWithTheWriteTime() {
        KafkaRecordSerializationSchema<String> records = new KafkaJsonSink.WriteTime<>(
                KafkaRecordSerializationSchema.<String>builder().setTopic("mail-traces")
                        .setKeySerializationSchema(v -> v.substring(0, 3).getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(new SimpleStringSchema()).build());

        ProducerRecord<byte[], byte[]> r = records.serialize("q1a{}", CONTEXT, 1L);

        assertThat(r.timestamp()).isNull();
        assertThat(List.of(new String(r.key(), StandardCharsets.UTF_8))).containsExactly("q1a");
    }
}
