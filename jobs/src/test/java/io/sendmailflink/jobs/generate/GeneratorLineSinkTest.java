package io.sendmailflink.jobs.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The sinks without a broker: byte stream encoding and buffering, Kafka records via MockProducer. */
class GeneratorLineSinkTest {

    @Test
    void streamSinkWritesUtf8LinesThroughItsBuffer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        try (StreamLineSink s = new StreamLineSink(out, true)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                line.setLength(0);
                line.append("line ").append(i).append(" j\u00fcrgen \u20ac \uD83D\uDCE7 ").append("x".repeat(i % 300));
                s.write(line, "mx1", 0);
                expected.append(line).append('\n');
            }
            s.write("y".repeat(200_000), "mx1", 0); // longer than the buffer
            expected.append("y".repeat(200_000)).append('\n');
        }
        assertThat(out.toString(UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void kafkaSinkKeysRecordsByHost() throws IOException {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults());
        try (KafkaLineSink sink = new KafkaLineSink(producer, "maillog")) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                line.setLength(0);
                g.nextInto(line);
                sink.write(line, g.lastHost(), g.lastTimeMillis());
            }
        }
        List<ProducerRecord<String, String>> records = producer.history();
        assertThat(records).hasSize(1000);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("maillog");
            assertThat(r.value()).contains(" " + r.key() + " ");
        });
        assertThat(records).extracting(ProducerRecord::key).containsOnly("mx1", "mx2", "relay1");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void kafkaFailuresAreReported() throws IOException {
        MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        KafkaLineSink sink = new KafkaLineSink(producer, "maillog");
        sink.write("a line", "mx1", 0);
        producer.errorNext(new RuntimeException("broker gone"));
        assertThatThrownBy(() -> sink.write("next", "mx1", 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("broker gone");
        assertThatThrownBy(sink::close).isInstanceOf(IOException.class).hasMessageContaining("broker gone");
    }

    @Test
    void producerKeepsAcksAllAndIdempotence() {
        var p = KafkaLineSink.properties("localhost:9092", Map.of("acks", "1", "enable.idempotence", "false",
                "compression.type", "zstd"));
        assertThat(p.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
        assertThat(p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("zstd");
        assertThat(p.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("localhost:9092");
    }
}
