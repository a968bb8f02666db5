package io.sendmailflink.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same files in STREAMING mode, with 05_buckets_streaming.sql (1-minute tumbling event-time
 * windows) over the same bounded log: every aggregate view is a window aggregation (append-only),
 * its rows fall in 1-minute windows, and rolled up over the windows they give the totals of the
 * BATCH run ({@link SqlExpected}, counted by hand).
 */
class SqlStreamingAggregatesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = SqlTestSupport.miniCluster();

    @TempDir
    static Path dir;

    static TableEnvironment tEnv;

    /** Every aggregate view's rows (window_start|window_end|source|columns...), from one job. */
    static Map<String, List<String>> aggregates;

    /**
     * Once per class, but in @BeforeEach: MiniClusterExtension makes its cluster the context
     * environment only around each test, so a job started in @BeforeAll would run on a local
     * cluster of its own.
     */
    @BeforeEach
    void setUp() {
        if (tEnv != null) {
            return;
        }
        tEnv = SqlTestSupport.allFiles(true, SqlTestSupport.copyLog(dir, SqlTestSupport.LOG));
        Map<String, String> columns = new LinkedHashMap<>();
        SqlExpected.COLUMNS.forEach((view, c) -> columns.put(view, "window_start, window_end, source, " + c));
        aggregates = SqlTestSupport.snapshot(tEnv, columns);
    }

    @Test
    void everyAggregateIsAnAppendOnlyWindowAggregation() {
        for (String view : SqlExpected.COLUMNS.keySet()) {
            String plan = tEnv.explainSql("SELECT * FROM " + view, ExplainDetail.CHANGELOG_MODE);
            String physical = plan.substring(plan.indexOf("== Optimized Physical Plan =="),
                    plan.indexOf("== Optimized Execution Plan =="));

            assertThat(physical).as(view).contains("WindowAggregate(").doesNotContain("GroupAggregate(");
            if (view.contains("_top_") || view.endsWith("_by_client_ip")) {
                assertThat(physical).as(view + ": Window Top-N").contains("WindowRank(").doesNotContain(" Rank(");
            }
            Matcher modes = Pattern.compile("changelogMode=\\[([^]]*)]").matcher(physical);
            int nodes = 0;
            while (modes.find()) {
                assertThat(modes.group(1)).as(view + ": changelog mode of every node").isEqualTo("I");
                nodes++;
            }
            assertThat(nodes).as(view).isPositive();
        }
    }

    @Test
    void bucketsAreOneMinute() {
        aggregates.forEach((view, rows) -> {
            assertThat(rows).as(view).isNotEmpty();
            for (String row : rows) {
                String[] f = row.split("\\|", 3);
                assertThat(LocalTime.parse(f[1])).as(view + ": " + row).isEqualTo(LocalTime.parse(f[0]).plusMinutes(1));
            }
        });
        // the 50 lines fall into 30 distinct minutes of three hosts and the headerless/unparsable tail
        assertThat(aggregates.get("agg_overview_lines")).hasSize(30);
    }

    @Test
    void windowsRolledUpGiveTheBatchTotals() {
        for (Map.Entry<String, String> e : SqlExpected.COLUMNS.entrySet()) {
            String view = e.getKey();
            List<String> streamingRows = new ArrayList<>();
            for (String row : aggregates.get(view)) {
                String[] f = row.split("\\|", 3);
                streamingRows.add(f[0] + "|" + f[2]); // drop window_end, as SqlExpected does
            }
            Rollup rollup = new Rollup(tEnv, view, e.getValue());
            assertThat(rollup.of(streamingRows)).as(view).isEqualTo(rollup.of(SqlExpected.ROWS.get(view)));
        }
    }

    @Test
    void statementSetInsertsEveryAggregateIntoSinks() throws Exception {
        StringJoiner set = new StringJoiner("\n", "EXECUTE STATEMENT SET\nBEGIN\n", "\nEND");
        for (String view : SqlExpected.COLUMNS.keySet()) {
            StringJoiner columns = new StringJoiner(", ");
            for (Column c : tEnv.from(view).getResolvedSchema().getColumns()) {
                columns.add("`" + c.getName() + "` " + c.getDataType().getLogicalType().asSerializableString());
            }
            tEnv.executeSql("CREATE TEMPORARY TABLE sink_" + view + " (" + columns + ") WITH ('connector' = 'blackhole')");
            set.add("INSERT INTO sink_" + view + " SELECT * FROM " + view + ";");
        }
        tEnv.executeSql(set.toString()).await();
    }

    @Test
    void windowTopNKeepsTwentyRowsPerWindowAndHost() throws IOException {
        // 25 client IPs rejected in one minute on one host: .7 three times, .13 twice, the rest once
        List<String> log = new ArrayList<>();
        int second = 0;
        for (int i = 1; i <= 25; i++) {
            int times = i == 7 ? 3 : i == 13 ? 2 : 1;
            for (int t = 0; t < times; t++) {
                log.add(String.format("Mar 10 09:30:%02d mx9 sm-mta[%d]: ruleset=check_relay, arg1=h%d.example, "
                        + "arg2=127.0.0.2, relay=h%d.example [203.0.113.%d], reject=554 5.7.1 Listed", second++, 100 + i, i, i, i));
            }
        }
        Path input = Files.createDirectories(dir.resolve("top-n"));
        Path file = input.resolve("top-n.log");
        Files.write(file, log, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(SqlTestSupport.MTIME));
        TableEnvironment top = SqlTestSupport.tableEnvironment(true);
        SqlFiles.run(top, Map.of("SENDMAIL_INPUT", input.toUri().toString()), "01_functions.sql", "02_source_files.sql",
                "03_events.sql", "04_event_views.sql", "05_buckets_streaming.sql", "09_rule_rejection.sql");

        List<String> rows = SqlTestSupport.lines(top,
                "SELECT window_start, source, source_ip, events, top_rank FROM agg_rule_rejection_top_client_ips");

        assertThat(rows).hasSize(20);
        assertThat(rows).contains("09:30|mx9|203.0.113.7|3|1", "09:30|mx9|203.0.113.13|2|2",
                // then the IPs seen once, in string order: .1, .10, .11, .12, .14, ...
                "09:30|mx9|203.0.113.1|1|3", "09:30|mx9|203.0.113.10|1|4", "09:30|mx9|203.0.113.14|1|7");
        assertThat(rows).noneMatch(r -> r.contains("|203.0.113.9|") || r.contains("|203.0.113.8|"));
    }

    /**
     * Rolls rows of one view up over their windows: per source and dimension (STRING columns, and
     * size_class_min), the sum of each BIGINT count and the maximum of each *_max; percentiles
     * (DOUBLE) and top_rank are left out, as they do not add up over windows.
     */
    static final class Rollup {

        private final List<String> roles = new ArrayList<>();

        Rollup(TableEnvironment tEnv, String view, String columns) {
            for (String name : columns.split(",")) {
                String column = name.trim();
                LogicalType type = tEnv.from(view).getResolvedSchema().getColumn(column).orElseThrow()
                        .getDataType().getLogicalType();
                if (column.equals("top_rank") || type.getTypeRoot() == LogicalTypeRoot.DOUBLE) {
                    roles.add("skip");
                } else if (type.getTypeRoot() == LogicalTypeRoot.BIGINT && !column.equals("size_class_min")) {
                    roles.add(column.endsWith("_max") ? "max" : "sum");
                } else {
                    roles.add("key");
                }
            }
        }

        /** Rows {@code window_start|source|columns...} rolled up: key to measures. */
        Map<String, List<Long>> of(List<String> rows) {
            Map<String, List<Long>> out = new TreeMap<>();
            for (String row : rows) {
                String[] f = row.split("\\|", -1);
                StringJoiner key = new StringJoiner("|").add(f[1]);
                List<Long> measures = new ArrayList<>();
                for (int i = 0; i < roles.size(); i++) {
                    String role = roles.get(i);
                    if (role.equals("key")) {
                        key.add(f[i + 2]);
                    } else if (!role.equals("skip")) {
                        measures.add(f[i + 2].equals("NULL") ? null : Long.valueOf(f[i + 2]));
                    }
                }
                List<Long> total = out.get(key.toString());
                if (total == null) {
                    out.put(key.toString(), measures);
                    continue;
                }
                int m = 0;
                for (String role : roles) {
                    if (role.equals("sum") || role.equals("max")) {
                        Long a = total.get(m);
                        Long b = measures.get(m);
                        total.set(m, a == null ? b : b == null ? a : role.equals("sum") ? a + b : Math.max(a, b));
                        m++;
                    }
                }
            }
            return out;
        }
    }
}
