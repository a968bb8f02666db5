package io.sendmailflink.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.udfs.model.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The files of sql/ as statements: each runs, in order, through Flink's SQL parser and validator
 * (the SQL client executes the same statements), with either source and either bucket file; and
 * they keep the style and contract rules of sql/README.md. No job runs here.
 */
class SqlStatementsITCase {

    static final Map<String, String> PLACEHOLDERS = Map.of(
            "SENDMAIL_INPUT", "file:///tmp/sendmail-input",
            "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
            "KAFKA_TOPIC", "maillog",
            "KAFKA_GROUP_ID", "sendmail-sql",
            "SENDMAIL_OUTPUT", "file:///tmp/sendmail-output",
            "KAFKA_TRACES_TOPIC", "sendmail-traces",
            "KAFKA_ALERTS_TOPIC", "sendmail-alerts");

    static final String[] INIT_FILES = {"03_events.sql", "04_event_views.sql"};

    static final List<String> AGGREGATE_FILES = List.of(SqlTestSupport.AGGREGATE_FILES);

    /** The numbered files, in order (both alternatives of 02 and 05). */
    static List<String> sqlFiles() throws IOException {
        try (Stream<Path> files = Files.list(SqlFiles.dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d_.*\\.sql")).sorted()
                    .collect(Collectors.toList());
        }
    }

    /**
     * The Kafka connector and client jars in the local Maven repository (the jobs module depends on
     * them). A view over a table with metadata columns is validated against its connector, and the
     * udfs module, whose tests these are, does not depend on Kafka: its tests ADD JAR them.
     */
    static List<Path> kafkaJars() {
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        List<Path> jars = List.of(
                repo.resolve("org/apache/flink/flink-connector-kafka/5.0.0-2.2/flink-connector-kafka-5.0.0-2.2.jar"),
                repo.resolve("org/apache/kafka/kafka-clients/4.2.0/kafka-clients-4.2.0.jar"));
        Assumptions.assumeTrue(jars.stream().allMatch(Files::isRegularFile),
                "the Kafka connector is not in the local Maven repository " + repo + " (build the jobs module first)");
        return jars;
    }

    /** 01, the source, 03, 04, the buckets, 06-11, each statement executed in a fresh environment. */
    static TableEnvironment chain(String source, String buckets) {
        TableEnvironment tEnv = SqlTestSupport.tableEnvironment(buckets.contains("streaming"));
        if (source.contains("kafka")) {
            for (Path jar : kafkaJars()) {
                tEnv.executeSql("ADD JAR '" + jar + "'");
            }
        }
        List<String> files = new ArrayList<>(List.of("01_functions.sql", source));
        files.addAll(List.of(INIT_FILES));
        files.add(buckets);
        files.addAll(AGGREGATE_FILES);
        SqlFiles.run(tEnv, PLACEHOLDERS, files.toArray(new String[0]));
        return tEnv;
    }

    @Test
    void theFilesAreTheOnesDocumented() throws IOException {
        assertThat(sqlFiles()).containsExactly("01_functions.sql", "02_source_files.sql", "02_source_kafka.sql",
                "03_events.sql", "04_event_views.sql", "05_buckets_batch.sql", "05_buckets_streaming.sql",
                "06_overview.sql", "07_activity.sql", "08_delivery_status.sql", "09_rule_rejection.sql",
                "10_authentication.sql", "11_processing_statistics.sql", "12_traces_alerts_files.sql",
                "12_traces_alerts_kafka.sql");
    }

    @Test
    void bothTraceAndAlertFilesDefineTheSameTablesWithoutFunctions() {
        List<List<String>> schemas = new ArrayList<>();
        for (String file : List.of("12_traces_alerts_files.sql", "12_traces_alerts_kafka.sql")) {
            TableEnvironment tEnv = SqlTestSupport.tableEnvironment(true);
            SqlFiles.run(tEnv, PLACEHOLDERS, file);
            assertThat(List.of(tEnv.listTables())).as(file).contains("message_traces", "sendmail_alerts");
            List<String> columns = new ArrayList<>(columns(tEnv, "message_traces"));
            columns.addAll(columns(tEnv, "sendmail_alerts"));
            schemas.add(columns);
        }
        assertThat(schemas.get(0)).contains("outcome STRING", "first_seen TIMESTAMP_LTZ(3)", "key STRING")
                .isEqualTo(schemas.get(1));
    }

    @Test
    void everyStatementParsesAndRunsInOrderWithEitherSourceAndEitherBuckets() {
        // the Kafka source is unbounded: STREAMING only
        for (String source : List.of("02_source_files.sql", "02_source_kafka.sql")) {
            for (String buckets : List.of("05_buckets_batch.sql", "05_buckets_streaming.sql")) {
                if (source.contains("kafka") && buckets.contains("batch")) {
                    continue;
                }
                TableEnvironment tEnv = chain(source, buckets);
                assertThat(List.of(tEnv.listViews())).as(source + " + " + buckets)
                        .contains("sendmail_events", "receipt_events", "bucketed_sendmail_parsed",
                                "agg_overview_lines", "agg_processing_statistics_connections");
            }
        }
    }

    @Test
    void everyStatementIsAnInitStatement() throws IOException {
        for (String file : sqlFiles()) {
            for (String statement : SqlFiles.statements(file, PLACEHOLDERS)) {
                // DDL, functions and SET only: safe in the SQL client's -i file, no job started
                assertThat(statement).as(file)
                        .matches("(?s)(CREATE TEMPORARY (SYSTEM FUNCTION|TABLE|VIEW) |SET ').*");
            }
        }
    }

    @Test
    void everyFileStartsWithAHeaderSayingWhatItIsAndHowItIsRun() throws IOException {
        for (String file : sqlFiles()) {
            String text = SqlFiles.text(file);
            assertThat(text).as(file).startsWith("-- sendmail-flink ");
            String header = text.substring(0, text.indexOf("\n\n"));
            assertThat(header).as(file).containsPattern("sql-client|sql/README.md|-i");
        }
    }

    @Test
    void keywordsAreUpperCaseAndWindowsAreTableValuedFunctions() throws IOException {
        Pattern lowerKeyword = Pattern.compile("\\b(select|from|where|group|order|by|partition|over|as|and|or|not|null|is|in"
                + "|like|case|when|then|else|end|cast|coalesce|count|sum|max|min|filter|row_number|desc|asc|create"
                + "|temporary|view|table|function|system|if|exists|language|java|with|metadata|virtual|watermark|for"
                + "|interval|second|minute|hour|tumble|hop|cumulate|descriptor|lateral|cross|join|unnest|distinct"
                + "|union|all|concat|lower|regexp_extract|cardinality|percentile|split_index|string|bigint|int"
                + "|timestamp_ltz)\\b");
        for (String file : sqlFiles()) {
            String code = SqlFiles.text(file)
                    .replaceAll("(?m)--.*$", "")      // comments
                    .replaceAll("'[^']*'", "''")       // string literals
                    .replaceAll("`[^`]*`", "``");      // quoted identifiers
            Matcher m = lowerKeyword.matcher(code);
            assertThat(m.find() ? m.group() + " at " + m.start() : "none").as(file + ": lower-case keyword").isEqualTo("none");
            assertThat(code).as(file + ": no legacy group windows")
                    .doesNotContainPattern("(?i)\\b(TUMBLE|HOP|SESSION)_(START|END|ROWTIME|PROCTIME)\\b")
                    .doesNotContainPattern("(?i)GROUP BY[^;]*\\b(TUMBLE|HOP|SESSION)\\s*\\(");
            Matcher tumble = Pattern.compile("TUMBLE\\s*\\(").matcher(code);
            while (tumble.find()) {
                assertThat(code.substring(Math.max(0, tumble.start() - 6), tumble.start())).as(file).isEqualTo("TABLE(");
            }
        }
    }

    @Test
    void placeholdersAreOnlyTheSourcesAndOutputsOnes() throws IOException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("02_source_files.sql", List.of("SENDMAIL_INPUT"));
        expected.put("02_source_kafka.sql", List.of("KAFKA_TOPIC", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_GROUP_ID"));
        expected.put("12_traces_alerts_files.sql", List.of("SENDMAIL_OUTPUT"));
        expected.put("12_traces_alerts_kafka.sql", List.of("KAFKA_TRACES_TOPIC", "KAFKA_ALERTS_TOPIC",
                "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_GROUP_ID"));
        for (String file : sqlFiles()) {
            String code = SqlFiles.text(file).replaceAll("(?m)--.*$", "");
            assertThat(SqlFiles.placeholders(code)).as(file)
                    .containsExactlyInAnyOrderElementsOf(expected.getOrDefault(file, List.of()));
        }
    }

    @Test
    void bothSourcesGiveTheContractsSchema() {
        for (String source : List.of("02_source_files.sql", "02_source_kafka.sql")) {
            TableEnvironment tEnv = chain(source, "05_buckets_streaming.sql");
            assertThat(columns(tEnv, "sendmail_lines")).as(source).containsExactly(
                    "line STRING", "origin STRING", "line_number BIGINT", "reference_time TIMESTAMP_LTZ(3)",
                    "event_time TIMESTAMP_LTZ(3) *ROWTIME*");

            List<String> parsed = new ArrayList<>(List.of("origin STRING", "line_number BIGINT", "line STRING",
                    "event_time TIMESTAMP_LTZ(3) *ROWTIME*"));
            for (Field f : Field.values()) {
                parsed.add(f.fieldName() + " " + f.type().sqlType());
            }
            assertThat(columns(tEnv, "sendmail_parsed")).as(source).containsExactlyElementsOf(parsed);
            assertThat(columns(tEnv, "sendmail_events")).as(source).containsExactlyElementsOf(parsed);
            assertThat(columns(tEnv, "sendmail_dead_letters")).as(source).containsExactly(
                    "origin STRING", "line_number BIGINT", "line STRING", "parse_error STRING",
                    "event_time TIMESTAMP_LTZ(3) *ROWTIME*");
        }
    }

    @Test
    void bothBucketFilesDefineTheSameViews() {
        TableEnvironment batch = chain("02_source_files.sql", "05_buckets_batch.sql");
        TableEnvironment streaming = chain("02_source_files.sql", "05_buckets_streaming.sql");
        List<String> views = SqlFiles.statements("05_buckets_batch.sql", Map.of()).stream()
                .map(s -> s.replaceAll("(?s)CREATE TEMPORARY VIEW (\\w+) .*", "$1")).collect(Collectors.toList());
        assertThat(views).hasSize(13).allMatch(v -> v.startsWith("bucketed_"));
        assertThat(SqlFiles.statements("05_buckets_streaming.sql", Map.of()).stream()
                .map(s -> s.replaceAll("(?s)CREATE TEMPORARY VIEW (\\w+) .*", "$1"))).containsExactlyElementsOf(views);
        for (String view : views) {
            List<String> names = batch.from(view).getResolvedSchema().getColumnNames();
            assertThat(names).as(view).contains("window_start", "window_end", "window_time", "event_time", "source");
            assertThat(streaming.from(view).getResolvedSchema().getColumnNames()).as(view).isEqualTo(names);
        }
    }

    @Test
    void aggregateViewsAreNamedAfterTheirTabAndGroupedByWindowAndHost() {
        TableEnvironment tEnv = chain("02_source_files.sql", "05_buckets_batch.sql");
        int views = 0;
        for (String file : AGGREGATE_FILES) {
            String tab = file.substring(3, file.length() - ".sql".length());
            for (String statement : SqlFiles.statements(file, Map.of())) {
                String view = statement.replaceAll("(?s)CREATE TEMPORARY VIEW (\\w+) AS.*", "$1");
                assertThat(view).as(file).startsWith("agg_" + tab + "_");
                assertThat(tEnv.from(view).getResolvedSchema().getColumnNames().subList(0, 3)).as(view)
                        .containsExactly("window_start", "window_end", "source");
                views++;
            }
        }
        assertThat(views).isEqualTo(SqlExpected.COLUMNS.size());
    }

    @Test
    void readmeDocumentsEveryAggregateViewWithItsColumns() throws IOException {
        String readme = Files.readString(SqlFiles.dir().resolve("README.md"), StandardCharsets.UTF_8);
        TableEnvironment tEnv = chain("02_source_files.sql", "05_buckets_batch.sql");
        for (String view : SqlExpected.COLUMNS.keySet()) {
            Matcher row = Pattern.compile("(?m)^\\| `" + view + "` \\|.*$").matcher(readme);
            assertThat(row.find()).as("sql/README.md row for " + view).isTrue();
            for (String column : tEnv.from(view).getResolvedSchema().getColumnNames()) {
                if (!List.of("window_start", "window_end", "source").contains(column)) {
                    assertThat(row.group()).as(view).contains("`" + column + "`");
                }
            }
        }
        for (String file : sqlFiles()) {
            assertThat(readme).as("sql/README.md names " + file).contains(file);
        }
    }

    private static List<String> columns(TableEnvironment tEnv, String table) {
        List<String> out = new ArrayList<>();
        for (Column c : tEnv.from(table).getResolvedSchema().getColumns()) {
            out.add(c.getName() + " " + c.getDataType().getLogicalType().asSummaryString());
        }
        return out;
    }
}
