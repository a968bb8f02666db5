package io.sendmailflink.jobs.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@link KafkaLines}, {@link KafkaLine} and {@link KafkaJsonSink} without a broker. */
class KafkaLinesTest {

    @Test
    void kafkaLineIsAFlinkPojo() {
        TypeInformation<KafkaLine> type = KafkaLines.deserializer().getProducedType();
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<KafkaLine>) type).getFieldNames())
                .containsExactlyInAnyOrder("topic", "partition", "offset", "timestamp", "key", "line");
    }

    @Test
    void recordBecomesALineWithItsOrigin() throws Exception {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("raw", 1, 42L, bytes("k"), bytes("a line\r\n"));

        assertThat(deserialize(record)).containsExactly(new KafkaLine("raw", 1, 42L, record.timestamp(), "k", "a line"));
    }

    @Test
    void onlyOneTrailingTerminatorIsDropped() {
        assertThat(KafkaLines.decodeLine(bytes("x\n"))).isEqualTo("x");
        assertThat(KafkaLines.decodeLine(bytes("x\r\n"))).isEqualTo("x");
        assertThat(KafkaLines.decodeLine(bytes("x\n\n"))).isEqualTo("x\n");
        assertThat(KafkaLines.decodeLine(bytes("x\r"))).isEqualTo("x\r");
        assertThat(KafkaLines.decodeLine(bytes("\n"))).isEmpty();
        assertThat(KafkaLines.decodeLine(new byte[0])).isEmpty();
        assertThat(KafkaLines.decodeLine(bytes("tab\there é"))).isEqualTo("tab\there é");
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() {
        assertThat(KafkaLines.decodeLine(new byte[] {'a', (byte) 0xff, 'b'})).isEqualTo("a\uFFFDb");
    }

    @Test
    void tombstonesAreSkippedAndMissingKeysAreNull() throws Exception {
        assertThat(deserialize(new ConsumerRecord<>("raw", 0, 0L, bytes("k"), null))).isEmpty();
        assertThat(deserialize(new ConsumerRecord<>("raw", 0, 1L, null, bytes("v"))))
                .singleElement().satisfies(l -> assertThat(l.key).isNull());
    }

    @Test
    void sourceNeedsATopic() {
        assertThatThrownBy(() -> KafkaLines.source("localhost:9092", "g", KafkaLines.StartingOffsets.EARLIEST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyOnceSinkNeedsATransactionalIdPrefix() {
        assertThatThrownBy(() -> KafkaJsonSink.exactlyOnce("localhost:9092", "out", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(KafkaJsonSink.exactlyOnce("localhost:9092", "out", "job")).isNotNull();
        assertThat(KafkaJsonSink.TRANSACTION_TIMEOUT.toMillis()).isEqualTo(900_000L);
    }

    private static List<KafkaLine> deserialize(ConsumerRecord<byte[], byte[]> record) throws Exception {
        KafkaRecordDeserializationSchema<KafkaLine> schema = KafkaLines.deserializer();
        List<KafkaLine> out = new ArrayList<>();
        schema.deserialize(record, new Collector<>() {
            @Override
            public void collect(KafkaLine line) {
                out.add(line);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
