package io.sendmailflink.udfs.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sendmailflink.udfs.model.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL functions as a user gets them: registered by running {@code sql/01_functions.sql},
 * applied to a {@code filesystem}/{@code raw} table of lines, executed on a MiniCluster.
 *
 * <p>Schema, row counts and the helper functions do not depend on the parser's output. The
 * tests named {@code parsed*} assert what a working parser must give for their lines.
 */
class ParseSendmailITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    static final String RECEIPT = "Nov 24 20:56:10 mailhost sm-mta[1234]: qABK0GcL913544: from=<user@corp.example.com>, "
            + "size=1286, class=0, nrcpts=1, msgid=<498FC718.7000891@corp.example.com>, proto=ESMTP, daemon=MTA, "
            + "relay=a.mail.example.com [11.111.11.111]";
    static final String GARBAGE = "this is not a sendmail line at all";
    static final String EMPTY = "";

    static final List<String> LINES = List.of(RECEIPT, GARBAGE, EMPTY, RECEIPT);

    @TempDir
    Path dir;

    TableEnvironment tEnv;

    @BeforeEach
    void setUp() throws IOException {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "2");
        runSqlFile(tEnv, "01_functions.sql");
        createLinesTable("lines", LINES);
    }

    // ---- registration -------------------------------------------------------------------------

    @Test
    void functionsFileRegistersEveryFunctionAndIsRepeatable() throws IOException {
        runSqlFile(tEnv, "01_functions.sql");

        assertThat(List.of(tEnv.listFunctions()))
                .contains("parse_sendmail", "sendmail_field", "sendmail_delay_seconds", "smtp_reply_description",
                        "smtp_enhanced_class_description", "smtp_enhanced_subject_description",
                        "smtp_enhanced_status_description", "sendmail_event_time");
    }

    @Test
    void functionsFileHoldsOnlyCreateFunctionStatements() throws IOException {
        assertThat(sqlStatements("01_functions.sql"))
                .hasSize(8)
                .allSatisfy(s -> assertThat(s).matches(
                        "(?s)CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS \\w+\\s+AS '[\\w.]+' LANGUAGE JAVA"));
    }

    // ---- PARSE_SENDMAIL: shape ------------------------------------------------------------------

    @Test
    void columnsAreTheFieldsInOrderWithTheirSqlTypes() {
        ResolvedSchema schema = tEnv.sqlQuery(
                "SELECT t.* FROM lines, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t").getResolvedSchema();

        List<String> expected = new ArrayList<>();
        for (Field f : Field.values()) {
            expected.add(f.fieldName() + " " + f.type().sqlType());
        }
        List<String> actual = new ArrayList<>();
        for (Column c : schema.getColumns()) {
            LogicalType type = c.getDataType().getLogicalType();
            assertThat(type.isNullable()).as(c.getName()).isTrue();
            actual.add(c.getName() + " " + type.asSummaryString());
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void columnsConvertToTheDocumentedJavaClasses() {
        ResolvedSchema schema = tEnv.sqlQuery(
                "SELECT t.* FROM lines, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t").getResolvedSchema();

        Map<String, Class<?>> byType = Map.of(
                "STRING", String.class, "BIGINT", Long.class, "BOOLEAN", Boolean.class,
                "ARRAY<STRING>", String[].class, "TIMESTAMP_LTZ(3)", Instant.class);
        for (Field f : Field.values()) {
            Column c = schema.getColumn(f.fieldName()).orElseThrow();
            assertThat(c.getDataType().getConversionClass()).as(f.fieldName()).isEqualTo(byType.get(f.type().sqlType()));
        }
    }

    @Test
    void everyLineGivesExactlyOneRow() {
        List<Row> rows = collect("SELECT l.line, t.event_type, t.`timestamp` "
                + "FROM lines AS l, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t");

        assertThat(rows).extracting(r -> (String) r.getField(0)).containsExactlyInAnyOrderElementsOf(LINES);
    }

    @Test
    void aNullLineGivesOneRow() {
        List<Row> rows = collect("SELECT t.event_type "
                + "FROM (VALUES (CAST(NULL AS STRING)), ('x')) AS v(line), LATERAL TABLE(PARSE_SENDMAIL(line)) AS t");

        assertThat(rows).hasSize(2);
    }

    @Test
    void referenceArgumentIsOptional() {
        List<Row> rows = collect("SELECT l.line, t.event_type FROM lines AS l, "
                + "LATERAL TABLE(PARSE_SENDMAIL(line, TO_TIMESTAMP_LTZ(1767312000000, 3))) AS t");

        assertThat(rows).hasSize(LINES.size());
    }

    @Test
    void argumentsCanBeNamed() {
        List<Row> rows = collect("SELECT t.event_type FROM lines AS l, "
                + "LATERAL TABLE(PARSE_SENDMAIL(reference => TO_TIMESTAMP_LTZ(1767312000000, 3), line => l.line)) AS t");

        assertThat(rows).hasSize(LINES.size());
    }

    @Test
    void referenceCanBeTheFileModificationTime() {
        tEnv.executeSql("CREATE TEMPORARY TABLE lines_with_mtime (line STRING, "
                + "mtime TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'file.modification-time' VIRTUAL) "
                + "WITH ('connector' = 'filesystem', 'path' = '" + dir.resolve("lines").toUri() + "', 'format' = 'raw')");

        List<Row> rows = collect("SELECT t.event_type FROM lines_with_mtime AS l, "
                + "LATERAL TABLE(PARSE_SENDMAIL(l.line, l.mtime)) AS t");

        assertThat(rows).hasSize(LINES.size());
    }

    @Test
    void aBadTimezoneParameterFailsTheJobNamingIt() {
        tEnv.getConfig().set("pipeline.global-job-parameters", "sendmail.timezone:Mars/Olympus_Mons");

        assertThatThrownBy(() -> collect("SELECT t.event_type FROM lines, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("sendmail.timezone", "Mars/Olympus_Mons"));
    }

    // ---- PARSE_SENDMAIL: values a working parser gives -------------------------------------------

    @Test
    void parsedReceiptLine() {
        Row r = onlyRow("SELECT t.event_type, t.email_from, t.email_size, t.source, t.source_ip, t.network_protocol, "
                + "t.email_uid, t.`timestamp` FROM lines AS l, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t "
                + "WHERE l.line LIKE 'Nov 24%' LIMIT 1");

        assertThat(r.getField(0)).isEqualTo("receipt");
        assertThat(r.getField(1)).isEqualTo("user@corp.example.com");
        assertThat(r.getField(2)).isEqualTo(1286L);
        assertThat(r.getField(3)).isEqualTo("mailhost");
        assertThat(r.getField(4)).isEqualTo("11.111.11.111");
        assertThat(r.getField(5)).isEqualTo("esmtp");
        assertThat(r.getField(6)).isEqualTo("qABK0GcL913544");
        assertThat(r.getField(7)).isInstanceOf(Instant.class);
    }

    @Test
    void parsedGarbageAndEmptyLinesAreUnparsedWithAnError() {
        List<Row> rows = collect("SELECT l.line, t.event_type, t.parse_error "
                + "FROM lines AS l, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t WHERE l.line NOT LIKE 'Nov 24%'");

        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.getField(1)).as("event_type of '%s'", r.getField(0)).isEqualTo("unparsed");
            assertThat(r.getField(2)).as("parse_error of '%s'", r.getField(0)).isNotNull();
        });
    }

    @Test
    void parsedNullLineIsUnparsed() {
        Row r = onlyRow("SELECT t.event_type "
                + "FROM (VALUES (CAST(NULL AS STRING))) AS v(line), LATERAL TABLE(PARSE_SENDMAIL(line)) AS t");

        assertThat(r.getField(0)).isEqualTo("unparsed");
    }

    @Test
    void parsedTimestampHonoursZoneAndYearParameters() {
        tEnv.getConfig().set("pipeline.global-job-parameters", "sendmail.timezone:Europe/Berlin,sendmail.year:2025");

        Row r = onlyRow("SELECT t.`timestamp` FROM lines AS l, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t "
                + "WHERE l.line LIKE 'Nov 24%' LIMIT 1");

        assertThat(r.getField(0)).isEqualTo(Instant.parse("2025-11-24T19:56:10Z"));
    }

    @Test
    void parsedTimestampYearFollowsTheReference() {
        Row r = onlyRow("SELECT t.`timestamp` FROM lines AS l, "
                + "LATERAL TABLE(PARSE_SENDMAIL(line, TO_TIMESTAMP_LTZ(1767312000000, 3))) AS t "
                + "WHERE l.line LIKE 'Nov 24%' LIMIT 1");

        assertThat(r.getField(0)).isEqualTo(Instant.parse("2025-11-24T20:56:10Z"));
    }

    @Test
    void parsedFieldEqualsTheColumn() {
        List<Row> rows = collect("SELECT SENDMAIL_FIELD(l.line, 'email_from'), SENDMAIL_FIELD(l.line, 'email_size') "
                + "FROM lines AS l WHERE l.line LIKE 'Nov 24%'");

        assertThat(rows).hasSize(2).allSatisfy(r -> {
            assertThat(r.getField(0)).isEqualTo("user@corp.example.com");
            assertThat(r.getField(1)).isEqualTo("1286");
        });
    }

    // ---- helper functions --------------------------------------------------------------------------

    @Test
    void helperFunctionsOnConstants() {
        Row r = onlyRow("SELECT SMTP_REPLY_DESCRIPTION('550'), SMTP_ENHANCED_CLASS_DESCRIPTION('5'), "
                + "SMTP_ENHANCED_SUBJECT_DESCRIPTION('7'), SMTP_ENHANCED_STATUS_DESCRIPTION('7.1'), "
                + "SMTP_ENHANCED_STATUS_DESCRIPTION('5.7.1'), SENDMAIL_DELAY_SECONDS('1+02:03:04'), "
                + "SENDMAIL_DELAY_SECONDS('soon'), SMTP_REPLY_DESCRIPTION('abc')");

        assertThat(r.getField(0)).isEqualTo("Mailbox unavailable");
        assertThat(r.getField(1)).isEqualTo("Permanent Failure");
        assertThat(r.getField(2)).isEqualTo("Security or Policy Status");
        assertThat(r.getField(3)).isEqualTo("Delivery not authorized, message refused");
        assertThat(r.getField(4)).isEqualTo("Delivery not authorized, message refused");
        assertThat(r.getField(5)).isEqualTo(93784L);
        assertThat(r.getField(6)).isNull();
        assertThat(r.getField(7)).isNull();
    }

    @Test
    void helperFunctionsOnColumnsAtRunTime() throws IOException {
        createLinesTable("codes", List.of("550", "5.7.1", "7.1", "1+02:03:04", "00:08:52", "nonsense"));

        List<Row> rows = collect("SELECT line, SMTP_REPLY_DESCRIPTION(line), SMTP_ENHANCED_STATUS_DESCRIPTION(line), "
                + "SENDMAIL_DELAY_SECONDS(line), SMTP_ENHANCED_CLASS_DESCRIPTION(SUBSTRING(line FROM 1 FOR 1)), "
                + "SMTP_ENHANCED_SUBJECT_DESCRIPTION(SUBSTRING(line FROM 1 FOR 1)) FROM codes");

        Map<String, List<Object>> byCode = new HashMap<>();
        for (Row r : rows) {
            byCode.put((String) r.getField(0), List.of(
                    Objects.toString(r.getField(1)), Objects.toString(r.getField(2)), Objects.toString(r.getField(3)),
                    Objects.toString(r.getField(4)), Objects.toString(r.getField(5))));
        }
        assertThat(byCode).hasSize(6);
        assertThat(byCode.get("550")).containsExactly(
                "Mailbox unavailable", "null", "null", "Permanent Failure", "Mail Delivery Protocol Status");
        assertThat(byCode.get("5.7.1")).containsExactly(
                "null", "Delivery not authorized, message refused", "null", "Permanent Failure",
                "Mail Delivery Protocol Status");
        assertThat(byCode.get("7.1")).containsExactly(
                "null", "Delivery not authorized, message refused", "null", "null", "Security or Policy Status");
        assertThat(byCode.get("1+02:03:04").get(2)).isEqualTo("93784");
        assertThat(byCode.get("00:08:52").get(2)).isEqualTo("532");
        assertThat(byCode.get("nonsense")).containsExactly("null", "null", "null", "null", "null");
    }

    @Test
    void sendmailFieldRejectsAnUnknownName() {
        assertThatThrownBy(() -> collect("SELECT SENDMAIL_FIELD(line, 'emial_from') FROM lines"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains("no field named 'emial_from'"));
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    private void createLinesTable(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name).resolve("lines.log");
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        tEnv.executeSql("CREATE TEMPORARY TABLE " + name + " (line STRING) WITH ("
                + "'connector' = 'filesystem', 'path' = '" + file.getParent().toUri() + "', 'format' = 'raw')");
    }

    private List<Row> collect(String query) {
        Table table = tEnv.sqlQuery(query);
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = table.execute().collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return rows;
    }

    private Row onlyRow(String query) {
        List<Row> rows = collect(query);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    /** Runs each statement of a file in {@code sendmail.sql.dir}, as the SQL client's {@code -i} would. */
    static void runSqlFile(TableEnvironment tEnv, String fileName) throws IOException {
        for (String statement : sqlStatements(fileName)) {
            tEnv.executeSql(statement);
        }
    }

    /** The statements of a file, split as the jobs split them. */
    static List<String> sqlStatements(String fileName) throws IOException {
        String dirName = System.getProperty("sendmail.sql.dir");
        assertThat(dirName).as("system property sendmail.sql.dir").isNotNull();
        String text = Files.readString(Path.of(dirName, fileName), StandardCharsets.UTF_8);
        return io.sendmailflink.udfs.sql.SqlScript.split(text);
    }
}
