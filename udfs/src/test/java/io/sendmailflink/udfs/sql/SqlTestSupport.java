package io.sendmailflink.udfs.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** Shared set-up of the SQL file tests: the test log, the table environment, row formatting. */
final class SqlTestSupport {

    /** The hand-written test log (udfs/src/test/resources/sql/). */
    static final String LOG = "maillog-two-hours.log";

    /**
     * The log file's modification time: the reference its RFC 3164 lines' year (2025) is inferred
     * against, and the event time of its lines without a time.
     */
    static final Instant MTIME = Instant.parse("2025-03-10T10:59:59Z");

    /** The files after 02 and 05, in order. */
    static final String[] AGGREGATE_FILES = {"06_overview.sql", "07_activity.sql", "08_delivery_status.sql",
        "09_rule_rejection.sql", "10_authentication.sql", "11_processing_statistics.sql"};

    private SqlTestSupport() {
    }

    /**
     * One TaskManager with 2 slots. Every streaming window operator (local and global window
     * aggregate, window rank) needs more than 1 MiB of managed memory for its buffer, and one job
     * over all aggregate views has about 90 of them per slot: the 128 MiB a MiniCluster gets by
     * default fail it with "The minBucketMemorySize is not valid!".
     */
    static MiniClusterExtension miniCluster() {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(config)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    /** A temp copy of a test resource under {@code dir}/input/, with {@link #MTIME}. */
    static Path copyLog(Path dir, String resource) {
        try (InputStream in = SqlTestSupport.class.getResourceAsStream("/sql/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource sql/" + resource);
            }
            Path input = Files.createDirectories(dir.resolve("input"));
            Path file = input.resolve(resource);
            Files.copy(in, file);
            Files.setLastModifiedTime(file, FileTime.from(MTIME));
            return input;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table environment in that mode, parallelism 2, UTC session zone. */
    static TableEnvironment tableEnvironment(boolean streaming) {
        TableEnvironment tEnv = TableEnvironment.create(
                streaming ? EnvironmentSettings.inStreamingMode() : EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("parallelism.default", "2");
        tEnv.getConfig().set("table.local-time-zone", "UTC");
        return tEnv;
    }

    /** Runs 01, 02_source_files (over {@code input}), 03, 04, the mode's 05, and 06-11. */
    static TableEnvironment allFiles(boolean streaming, Path input) {
        TableEnvironment tEnv = tableEnvironment(streaming);
        SqlFiles.run(tEnv, Map.of("SENDMAIL_INPUT", input.toUri().toString()),
                "01_functions.sql", "02_source_files.sql", "03_events.sql", "04_event_views.sql",
                streaming ? "05_buckets_streaming.sql" : "05_buckets_batch.sql");
        SqlFiles.run(tEnv, Map.of(), AGGREGATE_FILES);
        return tEnv;
    }

    static List<Row> collect(TableEnvironment tEnv, String query) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.sqlQuery(query).execute().collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new RuntimeException(query, e);
        }
        return rows;
    }

    /** Each row as {@code a|b|c}: see {@link #text(Object)}. */
    static List<String> lines(TableEnvironment tEnv, String query) {
        List<String> out = new ArrayList<>();
        for (Row r : collect(tEnv, query)) {
            StringJoiner j = new StringJoiner("|");
            for (int i = 0; i < r.getArity(); i++) {
                j.add(text(r.getField(i)));
            }
            out.add(j.toString());
        }
        return out;
    }

    /**
     * Rows of many views in one job (one UNION ALL query, so the log is read and parsed once):
     * view name to its rows as {@code a|b|c}, in the text form of {@link #text(Object)}; columns
     * are given per view.
     */
    static Map<String, List<String>> snapshot(TableEnvironment tEnv, Map<String, String> columnsByView) {
        StringJoiner union = new StringJoiner("\nUNION ALL\n");
        for (Map.Entry<String, String> e : columnsByView.entrySet()) {
            ResolvedSchema schema = tEnv.from(e.getKey()).getResolvedSchema();
            StringJoiner fields = new StringJoiner(", ");
            for (String column : e.getValue().split(",")) {
                String name = column.trim();
                LogicalType type = schema.getColumn(name)
                        .orElseThrow(() -> new IllegalArgumentException(e.getKey() + " has no column " + name))
                        .getDataType().getLogicalType();
                fields.add("COALESCE(" + asText("`" + name + "`", type) + ", 'NULL')");
            }
            union.add("SELECT '" + e.getKey() + "' AS view_name, CONCAT_WS('|', " + fields + ") AS row_text FROM "
                    + e.getKey());
        }
        Map<String, List<String>> out = new TreeMap<>();
        for (String view : columnsByView.keySet()) {
            out.put(view, new ArrayList<>());
        }
        for (Row r : collect(tEnv, union.toString())) {
            out.get((String) r.getField(0)).add(normalizeDecimals((String) r.getField(1)));
        }
        return out;
    }

    private static String asText(String column, LogicalType type) {
        switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return "DATE_FORMAT(" + column + ", 'HH:mm')";
            case DOUBLE:
            case FLOAT:
                return "CAST(CAST(ROUND(" + column + ", 3) AS DECIMAL(38, 3)) AS STRING)";
            default:
                return "CAST(" + column + " AS STRING)";
        }
    }

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d{3}");

    /** Decimals from {@link #asText} as {@link #text(Object)} writes doubles: 540.500 -> 540.5, 5.000 -> 5. */
    private static String normalizeDecimals(String rowText) {
        String[] fields = rowText.split("\\|", -1);
        for (int i = 0; i < fields.length; i++) {
            if (DECIMAL.matcher(fields[i]).matches()) {
                fields[i] = new BigDecimal(fields[i]).stripTrailingZeros().toPlainString();
            }
        }
        return String.join("|", fields);
    }

    /** NULL, HH:mm of a window bound, a double rounded to 3 decimals without trailing zeros, or toString. */
    static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof LocalDateTime) {
            return ((LocalDateTime) v).toLocalTime().toString();
        }
        if (v instanceof Double) {
            return BigDecimal.valueOf((Double) v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }
}
