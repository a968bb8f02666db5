package io.sendmailflink.jobs.generate;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Lines to a Kafka topic: one record per line, the host as the key (so that each host's lines stay
 * in order within a partition), the line as a UTF-8 value. The record timestamp is the producer's
 * clock, not the simulated time (brokers reject timestamps too far from their own clock; the
 * simulated time is in the line). The producer is idempotent with
 * {@code acks=all}: a retried send cannot duplicate or reorder a host's lines.
 *
 * <p>Sends are asynchronous; the first failure is reported by the next {@link #write},
 * {@link #flush()} or {@link #close()}.
 */
public final class KafkaLineSink implements LineSink {

    private final Producer<String, String> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param topic the topic (it must exist, or the broker must create topics automatically)
     * @param overrides further producer properties ({@code security.protocol}, {@code compression.type},
     *     ...); they win over the defaults here except that acks=all and idempotence stay on
     */
    public KafkaLineSink(String bootstrapServers, String topic, Map<String, String> overrides) {
        this(new KafkaProducer<>(properties(bootstrapServers, overrides), new StringSerializer(),
                new StringSerializer()), topic);
    }

    /** For tests: any producer (e.g. Kafka's MockProducer). */
    public KafkaLineSink(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** The producer configuration used for {@code bootstrapServers} and the overrides. */
    public static Properties properties(String bootstrapServers, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "sendmail-flink-generate");
        if (overrides != null) {
            p.putAll(overrides);
        }
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    @Override
    public void write(CharSequence line, String host, long timeMillis) throws IOException {
        check();
        try {
            producer.send(new ProducerRecord<>(topic, host, line.toString()), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        } catch (RuntimeException e) {
            throw new IOException("cannot send to Kafka topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private void check() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("cannot send to Kafka topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw new IOException("cannot send to Kafka topic " + topic + ": " + e.getMessage(), e);
        }
        check();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
    }
}
