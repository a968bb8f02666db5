package io.sendmailflink.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flink's real SQL client ({@code org.apache.flink.table.client.SqlClient}, embedded mode, as
 * {@code sql-client.sh} runs it) with our UDF jar and {@code sql/} files against a standalone
 * session cluster: the shell commands of {@code sql/README.md} run as written (bash, envsubst), with
 * {@code sql-client.sh} a wrapper that starts the client from Flink's Maven jars and adds the test's
 * query file ({@code -f}).
 */
class SqlClientITCase {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The udfs SQL tests' log: 50 made-up lines, three hosts, two hours (hand-counted in udfs' SqlExpected). */
    private static final String TEST_LOG = "udfs/src/test/resources/sql/maillog-two-hours.log";
    /** Its modification time in the udfs tests: the reference for RFC 3164 years and headerless lines. */
    private static final Instant MTIME = Instant.parse("2025-03-10T10:59:59Z");

    private static Path repo;
    private static Path work;
    private static FlinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        repo = Paths.get(System.getProperty("sendmail.repo.dir", "..")).toAbsolutePath().normalize();
        work = Files.createDirectories(Paths.get(System.getProperty("sendmail.work.dir", "target/cluster-work"))
                .toAbsolutePath().resolve("sql-client-" + System.currentTimeMillis()));
        cluster = FlinkCluster.start(work.resolve("flink"), Map.of());
        // the README's relative paths, from a directory of our own
        for (String d : List.of("sql", "udfs", "examples")) {
            Files.createSymbolicLink(work.resolve(d), repo.resolve(d));
        }
        Path connector;
        try (var s = Files.list(FlinkCluster.flinkOpt())) {
            connector = s.filter(p -> p.getFileName().toString().startsWith("flink-sql-connector-kafka-"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no flink-sql-connector-kafka jar in " + FlinkCluster.flinkOpt()));
        }
        Files.createSymbolicLink(work.resolve(connector.getFileName()), connector);
        writeSqlClientWrapper();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * {@code bin/sql-client.sh}: the SQL client JVM as Flink's script starts it (lib/ and opt/ on the
     * classpath, FLINK_CONF_DIR), plus {@code -f $SQL_QUERY_FILE} for the test's statements.
     */
    private static void writeSqlClientWrapper() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        String cp = FlinkCluster.classpathOf(FlinkCluster.flinkLib(), FlinkCluster.flinkOpt());
        String script = "#!/usr/bin/env bash\n"
                + "exec '" + FlinkCluster.java() + "' -Xmx768m " + String.join(" ", FlinkCluster.JAVA_17_OPTS)
                + " -Dlog.file='" + cluster.home().resolve("log/sql-client.log") + "'"
                + " -Dlog4j.configurationFile='" + cluster.conf().resolve("log4j-cli.properties").toUri() + "'"
                + " -cp '" + cp + "' org.apache.flink.table.client.SqlClient \"$@\""
                + " -hist \"$SQL_HISTORY_FILE\" -f \"$SQL_QUERY_FILE\"\n";
        Path wrapper = bin.resolve("sql-client.sh");
        Files.writeString(wrapper, script);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The {@code bash} blocks of sql/README.md. */
    private static List<String> readmeBashBlocks() throws IOException {
        String md = Files.readString(repo.resolve("sql/README.md"));
        Matcher m = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(md);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String readmeBlock(String containing) throws IOException {
        List<String> found = readmeBashBlocks().stream().filter(b -> b.contains(containing)).toList();
        assertThat(found).as("sql/README.md bash blocks that use %s", containing).hasSize(1);
        return found.get(0);
    }

    /** {@code old} replaced in {@code block}, which must contain it (so README edits fail here, loudly). */
    private static String replace(String block, String old, String replacement) {
        assertThat(block).as("sql/README.md block").contains(old);
        return block.replace(old, replacement);
    }

    /** Runs a README block with bash in the work directory; returns the SQL client's output. */
    private static String runBlock(String name, String block, String query) throws Exception {
        Path init = work.resolve(name + "-init.sql");
        String script = replace(block, "/tmp/sendmail-init.sql", init.toString());
        Path queryFile = work.resolve(name + "-query.sql");
        Files.writeString(queryFile, query);
        List<String> cmd = List.of("bash", "-euo", "pipefail", "-c", script);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        Path out = work.resolve(name + ".out");
        pb.redirectOutput(out.toFile());
        pb.environment().put("PATH", work.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("FLINK_CONF_DIR", cluster.conf().toString());
        pb.environment().put("SQL_QUERY_FILE", queryFile.toString());
        pb.environment().put("SQL_HISTORY_FILE", work.resolve(name + ".history").toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(4, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new AssertionError("the SQL client did not finish in 4 min:\n" + Files.readString(out));
            }
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("README block %s exit code; output:%n%s", name, output).isZero();
        // with -f the client exits 0 even when a statement fails
        assertThat(output).as("SQL client output of %s", name).doesNotContain("[ERROR]");
        return output;
    }

    @Test
    void readmeFileSessionComputesTheHandCountedOverviewOnTheCluster() throws Exception {
        Path log = Files.createDirectories(work.resolve("input")).resolve("maillog");
        Files.copy(repo.resolve(TEST_LOG), log);
        Files.setLastModifiedTime(log, FileTime.from(MTIME));
        String block = replace(readmeBlock("02_source_files.sql"),
                "export SENDMAIL_INPUT=\"$PWD/examples/maillog\"", "export SENDMAIL_INPUT=\"" + log + "\"");

        String output = runBlock("files", block,
                "SELECT window_start, source, lines, events, unparsed_lines FROM agg_overview_lines;\n");

        // tableau rows: | 2025-03-10 09:00:00.000 | mx1 | 16 | 16 | 0 |
        Pattern row = Pattern.compile("^\\|\\s*2025-03-10 (\\d\\d:\\d\\d):00\\.000\\s*\\|\\s*(\\S+)\\s*\\|\\s*(\\d+)\\s*\\|"
                + "\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(output);
        List<String> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(m.group(1) + "|" + (m.group(2).equals("<NULL>") ? "NULL" : m.group(2)) + "|" + m.group(3)
                    + "|" + m.group(4) + "|" + m.group(5));
        }
        // udfs' SqlExpected, agg_overview_lines (hand-counted)
        assertThat(rows).as("agg_overview_lines rows in the SQL client's output:%n%s", output)
                .containsExactlyInAnyOrder("09:00|mx1|16|16|0", "09:00|mx2|8|8|0", "09:00|gw1|2|2|0",
                        "10:00|mx1|13|13|0", "10:00|mx2|6|5|1", "10:00|gw1|2|2|0", "10:00|NULL|3|1|2");
        // on the session cluster, not a MiniCluster inside the client
        assertThat(cluster.jobs()).as("jobs of the cluster")
                .anySatisfy(j -> assertThat(j.path("state").asText()).isEqualTo("FINISHED"));
    }

    @Test
    void readmeTracesSessionCountsABackfillsTracesAndAlertsByOutcomeAndKind() throws Exception {
        // a backfill into ./out of the work directory, as the README's block expects
        Path log = work.resolve("traces-maillog");
        StandaloneClusterITCase.javaJar("generate", "--lines", "4000", "--seed", "9", "--attacks",
                "--out", log.toString());
        StandaloneClusterITCase.javaJar("backfill", "-i", log.toString(), "-o", work.resolve("out").toString(),
                "-p", "1");
        Map<String, Long> expected = new TreeMap<>();
        for (String kind : List.of("traces", "alerts")) {
            try (var files = Files.walk(work.resolve("out").resolve(kind))) {
                for (Path f : files.filter(x -> x.getFileName().toString().startsWith("part-")).toList()) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        JsonNode n = JSON.readTree(line);
                        expected.merge(kind.equals("traces") ? n.get("outcome").asText() : n.get("kind").asText(),
                                1L, Long::sum);
                    }
                }
            }
        }
        assertThat(expected).as("outcomes and alert kinds of the backfill").hasSizeGreaterThan(3);

        String output = runBlock("traces", readmeBlock("12_traces_alerts_files.sql"),
                "SET 'execution.runtime-mode' = 'batch';\n"
                + "SET 'sql-client.execution.result-mode' = 'tableau';\n"
                + "SELECT outcome AS name, COUNT(*) AS n FROM message_traces GROUP BY outcome\n"
                + "UNION ALL SELECT kind, COUNT(*) FROM sendmail_alerts GROUP BY kind;\n");

        // tableau rows: | delivered | 512 |
        Matcher m = Pattern.compile("^\\|\\s*([a-z_]+)\\s*\\|\\s*(\\d+)\\s*\\|$", Pattern.MULTILINE).matcher(output);
        Map<String, Long> counted = new TreeMap<>();
        while (m.find()) {
            counted.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertThat(counted).as("traces per outcome and alerts per kind in the SQL client's output:%n%s", output)
                .isEqualTo(expected);
    }

    @Test
    void readmeKafkaSessionRunsAStatementSetIntoKafkaOnTheCluster() throws Exception {
        List<String> lines = Files.readAllLines(repo.resolve(TEST_LOG));
        KAFKA.createTopic("maillog", 1);
        KAFKA.createTopic("sql-events", 1);
        KAFKA.createTopic("sql-dead-letters", 1);
        for (String line : lines) {
            KAFKA.produce("maillog", null, line);
        }
        String block = replace(readmeBlock("02_source_kafka.sql"),
                "KAFKA_BOOTSTRAP_SERVERS=localhost:9092", "KAFKA_BOOTSTRAP_SERVERS=" + KAFKA.bootstrapServers());
        String bootstrap = KAFKA.bootstrapServers();
        String query = "CREATE TEMPORARY TABLE events_sink (\n"
                + "  origin STRING, line_number BIGINT, line STRING, event_type STRING, source STRING\n"
                + ") WITH ('connector' = 'kafka', 'topic' = 'sql-events',\n"
                + "  'properties.bootstrap.servers' = '" + bootstrap + "', 'format' = 'json');\n"
                + "CREATE TEMPORARY TABLE dead_letters_sink (\n"
                + "  origin STRING, line_number BIGINT, line STRING, parse_error STRING, event_time TIMESTAMP_LTZ(3)\n"
                + ") WITH ('connector' = 'kafka', 'topic' = 'sql-dead-letters',\n"
                + "  'properties.bootstrap.servers' = '" + bootstrap + "', 'format' = 'json');\n"
                + "EXECUTE STATEMENT SET\n"
                + "BEGIN\n"
                + "  INSERT INTO events_sink SELECT origin, line_number, line, event_type, source FROM sendmail_events;\n"
                + "  INSERT INTO dead_letters_sink SELECT * FROM sendmail_dead_letters;\n"
                + "END;\n";
        String jobId = null;
        try {
            String output = runBlock("kafka", block, query);
            Matcher id = Pattern.compile("Job ID: ([0-9a-f]{32})").matcher(output);
            assertThat(id.find()).as("job id in the SQL client's output:%n%s", output).isTrue();
            jobId = id.group(1);
            cluster.awaitJobState(jobId, "RUNNING", Duration.ofSeconds(60));

            // 47 events and 3 dead letters (udfs' SqlExpected, agg_overview_lines)
            List<ConsumerRecord<String, String>> events;
            List<ConsumerRecord<String, String>> dead;
            try {
                events = KAFKA.awaitRecords("sql-events", 47, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(120));
                dead = KAFKA.awaitRecords("sql-dead-letters", 3, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(60));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("SQL job " + jobId + " is " + cluster.get("/jobs/" + jobId).path("state")
                        + "; its exceptions: " + cluster.get("/jobs/" + jobId + "/exceptions"), e);
            }
            Map<Long, String> byOffset = new TreeMap<>();
            for (ConsumerRecord<String, String> r : events) {
                JsonNode n = JSON.readTree(r.value());
                assertThat(n.path("origin").asText()).isEqualTo("maillog-0");
                assertThat(byOffset.put(n.path("line_number").asLong(), n.path("line").asText()))
                        .as("a second output for offset %s", n.path("line_number")).isNull();
            }
            for (ConsumerRecord<String, String> r : dead) {
                JsonNode n = JSON.readTree(r.value());
                assertThat(n.path("parse_error").asText()).as("dead letter %s", n).isNotEmpty();
                assertThat(byOffset.put(n.path("line_number").asLong(), n.path("line").asText()))
                        .as("a second output for offset %s", n.path("line_number")).isNull();
            }
            Map<Long, String> expected = new TreeMap<>();
            for (int i = 0; i < lines.size(); i++) {
                expected.put((long) i, lines.get(i));
            }
            assertThat(byOffset).as("each Kafka record's line, by offset, in events or dead letters")
                    .isEqualTo(expected);
            assertThat(events.stream().map(r -> {
                try {
                    return JSON.readTree(r.value()).path("event_type").asText();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.toSet())).as("event types").doesNotContain("unparsed").contains("receipt", "delivery");
        } finally {
            if (jobId != null) {
                cancel(jobId);
            }
        }
    }

    private static void cancel(String jobId) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.restUrl() + "/jobs/" + jobId))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
