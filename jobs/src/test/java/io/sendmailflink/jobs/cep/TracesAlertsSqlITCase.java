package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.backfill.BackfillJob;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import io.sendmailflink.jobs.workflow.SqlScripts;
import io.sendmailflink.udfs.sql.SqlScript;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql/12_traces_alerts_*.sql} read back what the jobs write: a real backfill of generated
 * traffic with injected attacks, queried through the files variant (BATCH) and, with the same
 * JSON records in Kafka topics, through the Kafka variant (STREAMING); the SQL answers equal what
 * the JSON lines themselves say.
 */
class TracesAlertsSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(Configuration.fromMap(Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path out;
    static List<String> traceLines;
    static List<String> alertLines;

    @BeforeAll
    static void backfillGeneratedTrafficWithAttacks() throws Exception {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(11).withHosts(2).withAllAttacks()
                .withAttackIntervalSeconds(300));
        Path log = dir.resolve("maillog");
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 20_000; i++) {
                w.write(g.next());
                w.write('\n');
            }
        }
        BackfillJob.Options o = new BackfillJob.Options();
        o.inputs = List.of(log);
        o.out = dir.resolve("out");
        o.parallelism = 2;
        o.year = 2026;
        BackfillJob.run(o, null);
        out = o.out;
        traceLines = lines(out.resolve("traces"));
        alertLines = lines(out.resolve("alerts"));
        assertThat(traceLines).as("traces of the backfill").hasSizeGreaterThan(1000);
        assertThat(alertLines).as("alerts of the backfill").hasSizeGreaterThan(5);
    }

    private static List<String> lines(Path folder) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    /** The file of the jar's {@code sql/}, placeholders substituted, run in {@code tEnv}. */
    private static void runSqlFile(TableEnvironment tEnv, String file, Map<String, String> vars) {
        for (String statement : SqlScript.statements(new SqlScripts(null).read(file), vars, file)) {
            tEnv.executeSql(statement);
        }
    }

    /** What the JSON lines say: traces and recipients per outcome, alerts and events per kind, ... */
    private static Map<String, Long> truth() throws IOException {
        Map<String, Long> t = new TreeMap<>();
        Instant firstSeen = Instant.MAX;
        for (String l : traceLines) {
            JsonNode n = JSON.readTree(l);
            t.merge("traces " + n.get("outcome").asText(), 1L, Long::sum);
            t.merge("recipients " + n.get("outcome").asText(), n.get("recipient_count").asLong(), Long::sum);
            t.merge("recipient rows", (long) n.get("recipients").size(), Long::sum);
            Instant f = Instant.parse(n.get("first_seen").asText());
            firstSeen = f.isBefore(firstSeen) ? f : firstSeen;
        }
        t.put("first seen " + firstSeen, 1L);
        for (String l : alertLines) {
            JsonNode n = JSON.readTree(l);
            t.merge("alerts " + n.get("kind").asText(), 1L, Long::sum);
            t.merge("events " + n.get("kind").asText(), n.get("event_count").asLong(), Long::sum);
            t.merge("sample lines", (long) n.get("sample_lines").size(), Long::sum);
        }
        return t;
    }

    private static List<Row> collect(TableEnvironment tEnv, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void theFilesVariantAnswersWhatTheBackfillsJsonLinesSay() throws Exception {
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("table.local-time-zone", "UTC");
        runSqlFile(tEnv, "12_traces_alerts_files.sql", Map.of("SENDMAIL_OUTPUT", out.toUri().toString()));

        Map<String, Long> sql = new TreeMap<>();
        for (Row r : collect(tEnv, "SELECT outcome, COUNT(*), SUM(recipient_count) FROM message_traces GROUP BY outcome")) {
            sql.put("traces " + r.getField(0), (Long) r.getField(1));
            sql.put("recipients " + r.getField(0), ((Number) r.getField(2)).longValue());
        }
        sql.put("recipient rows", (Long) collect(tEnv, "SELECT COUNT(*) FROM message_traces AS t "
                + "CROSS JOIN UNNEST(t.recipients) AS r (address, status, dsn, relay, mailer, attempts, final_time, reply)")
                .get(0).getField(0));
        sql.put("first seen " + collect(tEnv, "SELECT MIN(first_seen) FROM message_traces").get(0).getField(0), 1L);
        for (Row r : collect(tEnv, "SELECT kind, COUNT(*), SUM(event_count), SUM(CARDINALITY(sample_lines)) "
                + "FROM sendmail_alerts GROUP BY kind")) {
            sql.put("alerts " + r.getField(0), (Long) r.getField(1));
            sql.put("events " + r.getField(0), (Long) r.getField(2));
            sql.merge("sample lines", ((Number) r.getField(3)).longValue(), Long::sum);
        }

        assertThat(sql).isEqualTo(truth());
        assertThat(sql.keySet()).as("alert kinds found").filteredOn(k -> k.startsWith("alerts ")).hasSizeGreaterThan(3);
    }

    @Test
    void theKafkaVariantReadsTheSameRecordsFromTheTopics() throws Exception {
        KAFKA.createTopic("sql-traces", 2);
        KAFKA.createTopic("sql-alerts", 1);
        KAFKA.produceAll("sql-traces", traceLines, v -> null);
        KAFKA.produceAll("sql-alerts", alertLines, v -> null);
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("table.local-time-zone", "UTC");
        runSqlFile(tEnv, "12_traces_alerts_kafka.sql", Map.of("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "KAFKA_TRACES_TOPIC", "sql-traces", "KAFKA_ALERTS_TOPIC", "sql-alerts", "KAFKA_GROUP_ID", "sql-it"));

        // unbounded tables: take as many rows as were produced
        Map<String, Long> sql = new TreeMap<>();
        try (CloseableIterator<Row> it = tEnv.executeSql("SELECT outcome, recipient_count, CARDINALITY(recipients), "
                + "first_seen FROM message_traces").collect()) {
            Instant firstSeen = Instant.MAX;
            for (int i = 0; i < traceLines.size(); i++) {
                Row r = it.next();
                sql.merge("traces " + r.getField(0), 1L, Long::sum);
                sql.merge("recipients " + r.getField(0), ((Number) r.getField(1)).longValue(), Long::sum);
                sql.merge("recipient rows", ((Number) r.getField(2)).longValue(), Long::sum);
                Instant f = (Instant) r.getField(3);
                firstSeen = f.isBefore(firstSeen) ? f : firstSeen;
            }
            sql.put("first seen " + firstSeen, 1L);
        }
        try (CloseableIterator<Row> it = tEnv.executeSql("SELECT kind, event_count, CARDINALITY(sample_lines) "
                + "FROM sendmail_alerts").collect()) {
            for (int i = 0; i < alertLines.size(); i++) {
                Row r = it.next();
                sql.merge("alerts " + r.getField(0), 1L, Long::sum);
                sql.merge("events " + r.getField(0), (Long) r.getField(1), Long::sum);
                sql.merge("sample lines", ((Number) r.getField(2)).longValue(), Long::sum);
            }
        }

        assertThat(sql).isEqualTo(truth());
    }
}
