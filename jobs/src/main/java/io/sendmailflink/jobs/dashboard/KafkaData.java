package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Rows from a running stream job's Kafka topics: aggregates (one topic, each row naming its view
 * in {@code aggregate}), traces and alerts. A background consumer reads them from the earliest
 * offset, {@code read_committed}: the stream job writes exactly once, so only rows of completed
 * checkpoints appear, and each appears once the checkpoint commits (the page polls every few
 * seconds, so it shows them within one checkpoint interval).
 *
 * <p>Memory is bounded: each view, the traces and the alerts keep their newest {@link #MAX_ROWS}.
 */
public final class KafkaData implements DashboardData {

    /** Rows kept per aggregate view, and traces and alerts kept. */
    static final int MAX_ROWS = 200_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Topic names of the stream job's outputs. */
    public static final class Topics {
        public String aggregates = "sendmail-aggregates";
        public String traces = "sendmail-traces";
        public String alerts = "sendmail-alerts";
    }

    private final String bootstrap;
    private final Topics topics;
    private final PrintStream log;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Map<String, Deque<JsonNode>> aggregates = new TreeMap<>();
    private final Deque<JsonNode> traces = new ArrayDeque<>();
    private final Deque<JsonNode> alerts = new ArrayDeque<>();
    private boolean tracesSeen;
    private boolean alertsSeen;
    private long version;
    private long badRecords;
    private volatile boolean running = true;

    public KafkaData(String bootstrap, Topics topics, PrintStream log) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.log = log;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // a fresh group each run: the dashboard reads everything the topics hold and commits nothing
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "sendmail-dashboard-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topics.aggregates, topics.traces, topics.alerts));
        this.thread = new Thread(this::run, "dashboard-kafka-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    add(records);
                }
            }
        } catch (WakeupException e) {
            // close() wakes the consumer up to stop it
        } catch (RuntimeException e) {
            if (log != null) {
                log.println("sendmail-flink dashboard: reading Kafka at " + bootstrap + " failed: " + e);
            }
        } finally {
            consumer.close();
        }
    }

    private synchronized void add(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> r : records) {
            JsonNode node;
            try {
                node = r.value() == null ? null : JSON.readTree(r.value());
            } catch (IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                reportBad(r, "not a JSON object");
                continue;
            }
            if (r.topic().equals(topics.aggregates)) {
                JsonNode view = node.get("aggregate");
                if (view == null || !view.isTextual() || !view.asText().startsWith("agg_")) {
                    reportBad(r, "no 'aggregate' view name");
                    continue;
                }
                ((ObjectNode) node).remove("aggregate");
                push(aggregates.computeIfAbsent(view.asText(), k -> new ArrayDeque<>()), node);
            } else if (r.topic().equals(topics.traces)) {
                tracesSeen = true;
                push(traces, node);
            } else if (r.topic().equals(topics.alerts)) {
                alertsSeen = true;
                push(alerts, node);
            }
        }
        version++;
    }

    private void reportBad(ConsumerRecord<String, String> r, String what) {
        badRecords++;
        if (log != null && badRecords <= 10) {
            log.printf("sendmail-flink dashboard: skipped record %s-%d@%d: %s%n", r.topic(), r.partition(),
                    r.offset(), what);
        }
    }

    private static void push(Deque<JsonNode> q, JsonNode n) {
        q.addLast(n);
        if (q.size() > MAX_ROWS) {
            q.removeFirst();
        }
    }

    @Override
    public synchronized Snapshot snapshot(boolean withTraces) {
        Map<String, List<JsonNode>> aggs = new LinkedHashMap<>();
        aggregates.forEach((k, v) -> aggs.put(k, new ArrayList<>(v)));
        return new Snapshot(aggs, new ArrayList<>(alerts), withTraces ? new ArrayList<>(traces) : List.of(),
                traces.size(), tracesSeen, alertsSeen);
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public List<JsonNode> search(String query, int limit) {
        List<JsonNode> copy;
        synchronized (this) {
            copy = new ArrayList<>(traces);
        }
        return TraceSearch.search(copy, query, limit);
    }

    @Override
    public String describe() {
        return "Kafka " + bootstrap + " (" + topics.aggregates + ", " + topics.traces + ", " + topics.alerts + ")";
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
