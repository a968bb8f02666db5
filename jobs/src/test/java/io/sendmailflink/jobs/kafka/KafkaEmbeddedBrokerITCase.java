package io.sendmailflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link EmbeddedKafka} itself: start-up time, clean close, records and transactions as a real broker has them. */
class KafkaEmbeddedBrokerITCase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @Test
    void startsWithinSecondsAndDeletesItsFilesOnClose() throws Exception {
        long start = System.nanoTime();
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            long startedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.err.println("EmbeddedKafka started in " + startedMs + " ms at " + kafka.bootstrapServers());
            assertThat(startedMs).as("start-up time in ms").isLessThan(20_000);
            assertThat(kafka.bootstrapServers()).isNotEqualTo(KAFKA.bootstrapServers());
            dir = Paths.get(kafka.cluster().nodes().baseDirectory());
            assertThat(dir).startsWith(Paths.get("target").toAbsolutePath()).isDirectory();
            kafka.createTopic("t", 1);
            kafka.produce("t", null, "v");
            assertThat(kafka.consumeAll("t", IsolationLevel.READ_COMMITTED, WAIT)).hasSize(1);
        }
        assertThat(Files.exists(dir)).as("%s exists after close", dir).isFalse();
    }

    @Test
    void producesAndConsumesWithKeysAcrossPartitions() {
        KAFKA.createTopic("plain", 3);
        List<String> values = Stream.iterate(0, i -> i + 1).limit(300).map(i -> "value-" + i).collect(Collectors.toList());
        KAFKA.produceAll("plain", values, v -> v);
        KAFKA.produce("plain", null, "no key");

        List<ConsumerRecord<String, String>> records = KAFKA.consumeAll("plain", IsolationLevel.READ_COMMITTED, WAIT);

        assertThat(records).extracting(ConsumerRecord::value).containsAll(values).contains("no key").hasSize(301);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly() throws Exception {
        KAFKA.createTopic("tx", 1);
        try (KafkaProducer<String, String> producer = transactional("tx-test", null)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "open"));
            producer.flush();

            assertThat(values(KAFKA.consumeAll("tx", IsolationLevel.READ_COMMITTED, WAIT)))
                    .containsExactly("committed-1", "committed-2");
            assertThat(values(KAFKA.consumeAll("tx", IsolationLevel.READ_UNCOMMITTED, WAIT)))
                    .containsExactly("committed-1", "committed-2", "aborted", "open");
            assertThatThrownBy(() -> KAFKA.awaitRecords("tx", 3, IsolationLevel.READ_COMMITTED, Duration.ofSeconds(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("2 records of 3");

            producer.commitTransaction();
        }
        assertThat(values(KAFKA.consumeAll("tx", IsolationLevel.READ_COMMITTED, WAIT)))
                .containsExactly("committed-1", "committed-2", "open");
        assertThat(values(KAFKA.awaitRecords("tx", 1, IsolationLevel.READ_COMMITTED, WAIT)))
                .as("awaitRecords reads on to the end offsets once it has its count")
                .containsExactly("committed-1", "committed-2", "open");
    }

    @Test
    void hasTheFeatureLevelsOfAFreshProductionCluster() throws Exception {
        FeatureMetadata features = KAFKA.admin().describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
        System.err.println("EmbeddedKafka finalized features: " + features.finalizedFeatures());
        assertThat(features.finalizedFeatures().get("metadata.version").maxVersionLevel())
                .as("metadata.version").isEqualTo(MetadataVersion.latestProduction().featureLevel());
        assertThat(features.finalizedFeatures()).containsKey("transaction.version");
        assertThat(features.finalizedFeatures().get("transaction.version").maxVersionLevel())
                .as("transaction.version (2: KIP-890 transactions, the default of Kafka 4.x)")
                .isEqualTo((short) 2);
    }

    /** Why {@link KafkaJsonSink} sets a transaction timeout: the connector's default of one hour is refused. */
    @Test
    void refusesATransactionTimeoutAboveFifteenMinutes() {
        try (KafkaProducer<String, String> producer = transactional("tx-timeout", Duration.ofHours(1))) {
            // the client wraps the broker's InvalidTxnTimeoutException
            assertThatThrownBy(producer::initTransactions)
                    .isInstanceOf(KafkaException.class)
                    .hasMessageContaining("transaction.max.timeout.ms");
        }
        try (KafkaProducer<String, String> producer = transactional("tx-timeout-ok", KafkaJsonSink.TRANSACTION_TIMEOUT)) {
            producer.initTransactions();
        }
    }

    private static KafkaProducer<String, String> transactional(String id, Duration timeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        if (timeout != null) {
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout.toMillis());
        }
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }
}
