package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live mode over Kafka: the dashboard shows what a stream job's transactions commit (as its
 * exactly-once sinks do on each checkpoint), soon after the commit, and never what they abort.
 */
class DashboardKafkaITCase {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    /** The stream job's default checkpoint interval: committed rows must show within it. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newHttpClient();

    private static ObjectNode aggregateRow(String windowStart, long lines) {
        ObjectNode r = PageData.JSON.createObjectNode();
        r.put("aggregate", "agg_overview_lines");
        r.put("window_start", windowStart);
        r.put("window_end", windowStart.replace(":00:00", ":01:00"));
        r.put("source", "mx1");
        r.put("lines", lines);
        r.put("events", lines);
        r.put("unparsed_lines", 0);
        return r;
    }

    private JsonNode get(DashboardServer s, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return PageData.JSON.readTree(r.body());
    }

    private JsonNode awaitData(DashboardServer s, Predicate<JsonNode> until, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode d = get(s, "api/data");
        while (!until.test(d) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            d = get(s, "api/data");
        }
        return d;
    }

    @Test
    void showsCommittedRowsWithinACheckpointIntervalAndNeverAbortedOnes() throws Exception {
        for (String t : new String[] {"sendmail-aggregates", "sendmail-traces", "sendmail-alerts"}) {
            KAFKA.createTopic(t, 2);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-test");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
                KafkaData data = new KafkaData(KAFKA.bootstrapServers(), new KafkaData.Topics(), System.err);
                DashboardServer server = DashboardServer.start(data, "127.0.0.1", 0, 5)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("sendmail-aggregates", "mx1", PageData.write(aggregateRow("2026-03-01T00:00:00", 10))));
            for (ObjectNode t : DashboardFixtures.traces("mx1", "2026-03-01")) {
                producer.send(new ProducerRecord<>("sendmail-traces", t.get("queue_id").asText(), PageData.write(t)));
            }
            for (ObjectNode a : DashboardFixtures.alerts("mx1", "2026-03-01")) {
                producer.send(new ProducerRecord<>("sendmail-alerts", a.get("key").asText(), PageData.write(a)));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("sendmail-aggregates", "mx1", PageData.write(aggregateRow("2026-03-01T00:01:00", 999))));
            producer.abortTransaction();

            JsonNode d = awaitData(server, n -> n.at("/aggregates/agg_overview_lines").size() >= 1
                    && n.at("/alerts").size() >= 2, Duration.ofSeconds(60));
            assertThat(d.at("/aggregates/agg_overview_lines")).hasSize(1);
            assertThat(d.at("/aggregates/agg_overview_lines/0/lines").asLong()).isEqualTo(10);
            assertThat(d.at("/aggregates/agg_overview_lines/0").has("aggregate")).as("view name column dropped").isFalse();
            assertThat(d.at("/alerts")).hasSize(2);
            assertThat(d.at("/meta/tracesTotal").asLong()).isEqualTo(2);
            JsonNode hit = get(server, "api/search?q=" + DashboardFixtures.QUEUE_ID);
            assertThat(hit.at("/results/0/queue_id").asText()).isEqualTo(DashboardFixtures.QUEUE_ID);
            long version = get(server, "api/version").get("version").asLong();

            // an open transaction (a checkpoint in progress) stays invisible ...
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("sendmail-aggregates", "mx1", PageData.write(aggregateRow("2026-03-01T00:02:00", 20))));
            producer.flush();
            Thread.sleep(2_000);
            assertThat(get(server, "api/data").at("/aggregates/agg_overview_lines")).hasSize(1);
            // ... until it commits; then the page's next poll (every 5 s) finds a new version and the row
            long committed = System.nanoTime();
            producer.commitTransaction();
            d = awaitData(server, n -> n.at("/aggregates/agg_overview_lines").size() == 2, CHECKPOINT_INTERVAL);
            Duration visibleAfter = Duration.ofNanos(System.nanoTime() - committed);
            assertThat(d.at("/aggregates/agg_overview_lines")).as("the committed row, within %s", CHECKPOINT_INTERVAL).hasSize(2);
            assertThat(visibleAfter).isLessThan(CHECKPOINT_INTERVAL);
            assertThat(get(server, "api/version").get("version").asLong()).isGreaterThan(version);
            assertThat(d.at("/aggregates/agg_overview_lines").findValuesAsText("lines")).containsExactlyInAnyOrder("10", "20");
        }
    }
}
