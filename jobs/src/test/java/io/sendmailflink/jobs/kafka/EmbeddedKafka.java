package io.sendmailflink.jobs.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker in the test JVM: one combined KRaft broker+controller from Kafka's own test
 * kit ({@code kafka-test-common-runtime}), the same version as the {@code kafka-clients} that
 * Flink's connector uses. Starts in about a second, listens on a free port of {@code localhost},
 * keeps its logs under {@code target/} and deletes them on close.
 *
 * <p>As a JUnit 5 extension, started once per test class:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafka KAFKA = new EmbeddedKafka();
 * }</pre>
 * or on its own: {@code try (EmbeddedKafka kafka = EmbeddedKafka.start()) { ... }}.
 *
 * <p>The cluster is formatted at the newest production metadata version, so it has the feature
 * levels (transactions version 2 among them) that a freshly installed Kafka of this version has;
 * unstable APIs and feature versions stay off, as on a production broker. Internal topics have one
 * replica and one partition.
 */
public final class EmbeddedKafka implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private Path baseDirectory;
    private KafkaClusterTestKit cluster;
    private Admin admin;
    private KafkaProducer<String, String> producer;

    /** An unstarted broker, for {@code @RegisterExtension}; {@link #start()} starts one at once. */
    public EmbeddedKafka() {
    }

    /** A started broker: close it (try-with-resources) to stop it and delete its files. */
    public static EmbeddedKafka start() throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka();
        kafka.startup();
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        startup();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private synchronized void startup() throws Exception {
        if (cluster != null) {
            throw new IllegalStateException("already started at " + bootstrapServers());
        }
        baseDirectory = Files.createTempDirectory(workDirectory(), "embedded-kafka-");
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(baseDirectory)
                .setBootstrapMetadata(productionBootstrapMetadata())
                .build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                // one node: the internal topics cannot have more replicas, and few partitions
                // make the first consumer group and the first transaction fast
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // the test kit turns these on; a production broker has them off
                .setConfigProp("unstable.api.versions.enable", "false")
                .setConfigProp("unstable.feature.versions.enable", "false")
                .setDeleteOnClose(true)
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception | Error e) {
            try {
                kit.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            deleteRecursively(baseDirectory);
            throw e;
        }
        cluster = kit;
    }

    /**
     * The metadata version and feature levels that {@code kafka-storage format} gives a new cluster
     * of this Kafka release. (The test kit's default is the newest <em>testing</em> metadata
     * version; its {@code setBootstrapMetadataVersion} drops every feature level, transactions
     * version 2 included, so it is not used.)
     */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            short level = feature.defaultLevel(version);
            if (level > 0) {
                levels.put(feature.featureName(), level);
            }
        }
        return BootstrapMetadata.fromVersions(version, levels, "embedded-kafka");
    }

    /** {@code target/} of the module under test when it exists (Maven's working directory), else the temp dir. */
    private static Path workDirectory() throws IOException {
        Path target = Paths.get("target");
        if (Files.isDirectory(target)) {
            return target.toAbsolutePath();
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /** The broker's {@code host:port}, for clients and for Flink's Kafka source and sink. */
    public String bootstrapServers() {
        return started().bootstrapServers();
    }

    /** The underlying test kit, for what this class does not wrap. */
    public KafkaClusterTestKit cluster() {
        return started();
    }

    /** An Admin client owned by this broker object: do not close it. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
        }
        return admin;
    }

    /** Creates {@code name} with {@code partitions} partitions (one replica); see {@link #createTopic(String, int, Map)}. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with topic-level configs, e.g. {@code message.timestamp.type=LogAppendTime},
     * and waits until the broker leads every partition.
     *
     * <p>The wait matters: the broker's metadata names the new leader a moment before its replica
     * manager becomes it, and records sent in that moment fail with {@code NOT_LEADER_OR_FOLLOWER}.
     * If an idempotent producer's next batch gets in first, the broker (4.2.0) accepts it as the
     * partition's first, and the retried first batch fails with {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
     * until the delivery timeout (KAFKA-15591, seen here). A {@code ListOffsets} answer for every
     * partition comes from the replica manager, so once it succeeds, produce requests do too.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try {
            admin().createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ends.put(new TopicPartition(name, p), OffsetSpec.latest());
        }
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                admin().listOffsets(ends).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("could not list the offsets of new topic " + name, e);
                }
                last = e;
            } catch (TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
        }
        throw new IllegalStateException("the broker did not lead every partition of new topic " + name
                + " within " + ADMIN_TIMEOUT, last);
    }

    /** Sends one record (a {@code null} key is allowed) and waits for the broker's acknowledgement. */
    public void produce(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /**
     * Sends {@code values} in order, each keyed by {@code keyOf} (which may return {@code null}),
     * then flushes and checks every acknowledgement. Fast for thousands of records.
     */
    public void produceAll(String topic, List<String> values, Function<String, String> keyOf) {
        KafkaProducer<String, String> p = producer();
        List<Future<?>> sent = new ArrayList<>(values.size());
        for (String value : values) {
            sent.add(p.send(new ProducerRecord<>(topic, keyOf.apply(value), value)));
        }
        p.flush();
        try {
            for (Future<?> f : sent) {
                f.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not produce " + values.size() + " records to " + topic, e);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
            // fail within the helpers' 30 s rather than the default 2 minutes
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /**
     * Everything {@code topic} holds now, from the earliest offset up to each partition's end as of
     * this call: with {@link IsolationLevel#READ_COMMITTED} that end is the last stable offset, so
     * only committed transactional records are returned, and no aborted ones. Records are in
     * partition order within each partition. Fails if the end is not reached within {@code timeout}.
     */
    public List<ConsumerRecord<String, String>> consumeAll(String topic, IsolationLevel isolation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (!reached(consumer, end)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("consumeAll(" + topic + ", " + isolation + "): did not reach the end offsets "
                            + end + " within " + timeout + "; at " + positions(consumer, partitions) + " with "
                            + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1)))
                        .forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Polls {@code topic} from the earliest offset until it has returned at least {@code count}
     * records (for a job that is still writing), then goes on reading up to the end offsets of that
     * moment, so the result also holds records beyond {@code count} that are already there. Fails
     * with the number seen so far if {@code count} is not reached within {@code timeout}.
     */
    public List<ConsumerRecord<String, String>> awaitRecords(
            String topic, int count, IsolationLevel isolation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic, timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (records.size() < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("awaitRecords(" + topic + ", " + isolation + "): " + records.size()
                            + " records of " + count + " after " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ADMIN_TIMEOUT);
            while (!reached(consumer, end) && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private KafkaConsumer<String, String> consumer(IsolationLevel isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "embedded-kafka-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new AssertionError("topic " + topic + " does not exist");
        }
        return infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .collect(Collectors.toList());
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : partitions) {
            positions.put(tp, consumer.position(tp));
        }
        return positions;
    }

    private synchronized KafkaClusterTestKit started() {
        if (cluster == null) {
            throw new IllegalStateException("the embedded Kafka broker is not running");
        }
        return cluster;
    }

    /** Stops the clients and the broker and deletes the broker's files; does nothing if not running. */
    @Override
    public synchronized void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable c : new AutoCloseable[] {producer, admin, cluster}) {
            if (c == null) {
                continue;
            }
            try {
                if (c instanceof KafkaProducer) {
                    ((KafkaProducer<?, ?>) c).close(Duration.ofSeconds(5));
                } else if (c instanceof Admin) {
                    ((Admin) c).close(Duration.ofSeconds(5));
                } else {
                    c.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        producer = null;
        admin = null;
        cluster = null;
        if (baseDirectory != null) {
            try {
                deleteRecursively(baseDirectory);
            } catch (UncheckedIOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            baseDirectory = null;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
