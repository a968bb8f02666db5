package io.sendmailflink.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.backfill.BackfillJob;
import io.sendmailflink.jobs.backfill.FileSinks;
import io.sendmailflink.jobs.backfill.LogFileFormat;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.workflow.LogLine;
import io.sendmailflink.jobs.workflow.SendmailWorkflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregate engine gives the rows the SQL files give: the same logs through {@code sql/06-11}
 * on Flink's planner ({@code --aggregates sql}) and through the one-pass engine, on a MiniCluster
 * at parallelism 2, must write the same lines into every {@code aggregates/<view>/} (compared as
 * sorted text, so values, nulls, number formatting and top-N cuts all count). Inputs: a generated
 * log (attacks, hostile payloads, RFC 3164/5424/Filebeat, four hosts), the hand-counted
 * {@code maillog-two-hours.log} of the SQL tests, and lines made for the edges (top-N ties and cuts,
 * code point order, NULL keys and sums, odd addresses, unparsable and headerless lines).
 */
class AggregatesMatchSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(Configuration.fromMap(Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    @TempDir
    static Path dir;

    static Path logs;
    /** A generated log without lines lacking their own time (those take the file time: a jump of event time). */
    static Path inOrder;

    @BeforeAll
    static void writeLogs() throws IOException {
        logs = Files.createDirectories(dir.resolve("logs"));
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(11).withHosts(4).withLinesPerSecond(6)
                .withAllAttacks().withAttackIntervalSeconds(1200).withPayloads(true).withPayloadShare(0.1)
                .withFormatShares(0.2, 0.1).withNoiseShare(0.02));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40_000 && g.hasNext(); i++) {
            lines.add(g.next());
        }
        write(logs.resolve("generated.log"), lines, Instant.ofEpochMilli(g.lastTimeMillis()).plusSeconds(60));
        LogGenerator clean = new LogGenerator(GeneratorOptions.defaults().withSeed(12).withHosts(4).withLinesPerSecond(6)
                .withAllAttacks().withAttackIntervalSeconds(1200).withPayloads(true).withFormatShares(0.2, 0.1)
                .withNoiseShare(0));
        List<String> cleanLines = new ArrayList<>();
        for (int i = 0; i < 30_000 && clean.hasNext(); i++) {
            cleanLines.add(clean.next());
        }
        inOrder = Files.createDirectories(dir.resolve("in-order")).resolve("generated.log");
        write(inOrder, cleanLines, Instant.ofEpochMilli(clean.lastTimeMillis()).plusSeconds(60));
        Files.copy(Path.of("../udfs/src/test/resources/sql/maillog-two-hours.log"), logs.resolve("two-hours.log"));
        Files.setLastModifiedTime(logs.resolve("two-hours.log"), FileTime.from(Instant.parse("2025-03-10T11:00:00Z")));
        write(logs.resolve("edges.log"), edgeLines(), Instant.parse("2026-03-02T12:00:00Z"));
    }

    private static void write(Path p, List<String> lines, Instant modified) throws IOException {
        Files.write(p, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(p, FileTime.from(modified));
    }

    /** Lines for the edges of the views (host mx9, 2026-03-02 10:00-11:00 UTC). */
    static List<String> edgeLines() {
        List<String> l = new ArrayList<>();
        String[] senders = {"zed@z.example", "amy@A.Example", "bob@b.example", "\uE000@private.example",
            "\uD83D\uDE00@emoji.example", "\uFFFD@replacement.example", "two@at@signs.example", "nodomain@", "",
            "plain-user", "ÿ@latin1.example", "Ab@case.example", "ab@case.example"};
        int q = 0;
        // 25 more senders with one message each: the top-20 cut falls inside a tie
        for (int i = 0; i < 38; i++) {
            String from = i < senders.length ? senders[i] : String.format("s%02d@tie%02d.example", 37 - i, i % 7);
            l.add(String.format("Mar  2 10:%02d:%02d mx9 sm-mta[%d]: qAP%02dxx%07d: from=<%s>, %sclass=0, nrcpts=%d,"
                    + " msgid=<m%d@x.example>, proto=ESMTP, daemon=MTA, relay=c%d.example [192.0.2.%d]",
                    i, i, 100 + i, i, ++q, from, i % 5 == 0 ? "" : "size=" + (i * 997) + ", ", i == 2 ? 0 : 1 + i % 3,
                    i, i % 4, i % 4));
        }
        // senders with two messages (three of them beyond U+FFFF, U+E000 and U+FFFD: code point order
        // differs from Java's UTF-16 order there) and one with three: ranks above the ties
        String[] more = {"two@x.example", "two@x.example", "three@x.example", "three@x.example", "three@x.example",
            senders[3], senders[4], senders[5]};
        for (int i = 0; i < more.length; i++) {
            l.add(String.format("Mar  2 10:40:%02d mx9 sm-mta[%d]: qAQ%02dxx%07d: from=<%s>, size=%d, class=0, nrcpts=1,"
                    + " msgid=<n%d@x.example>, proto=ESMTP, daemon=MTA, relay=[203.0.113.%d]",
                    i, 300 + i, i, ++q, more[i], 100 + i, i, i));
        }
        // deliveries: every outcome, multi-recipient lists, with and without relay, delay and pri
        String[] stats = {"dsn=2.0.0, stat=Sent (ok)", "dsn=4.4.1, stat=Deferred: Connection timed out",
            "dsn=5.1.1, stat=User unknown", "stat=queued", "dsn=4.7.1, stat=Deferred: 451 greylisted",
            "dsn=5.7.1, stat=Service unavailable", "stat=Deferred", "dsn=2.0.0, stat=Sent (a \"quoted\" reply)"};
        for (int i = 0; i < 24; i++) {
            String to = i % 3 == 0 ? "<r" + i + "@Dest" + (i % 4) + ".example>,<x" + i + "@dest" + (i % 4) + ".example>"
                    : i % 3 == 1 ? "<r" + (i % 5) + "@dest" + (i % 2) + ".example>" : "local" + (i % 2);
            String relay = i % 4 == 3 ? "" : ", relay=mx" + (i % 3) + ".dest.example. [198.51.100." + (i % 3) + "]";
            String delay = i % 6 == 5 ? "" : String.format("delay=00:%02d:%02d, xdelay=00:00:%02d, ", i % 7, i * 7 % 60, i % 9);
            l.add(String.format("Mar  2 10:50:%02d mx9 sm-mta[%d]: qAR%02dxx%07d: to=%s, %smailer=%s, pri=%d%s, %s",
                    i, 400 + i, i, ++q, to, delay, i % 3 == 2 ? "local" : "esmtp", 30000 + i * 1500, relay,
                    stats[i % stats.length]));
        }
        // ruleset rejections and AUTH / STARTTLS
        for (int i = 0; i < 6; i++) {
            l.add(String.format("Mar  2 10:55:%02d mx9 sm-mta[%d]: qAS%02dxx%07d: ruleset=check_rcpt, arg1=<u%d@victim.example>,"
                    + " relay=bad%d.example [203.0.113.%d], reject=550 5.7.1 <u%d@victim.example>... Relaying denied",
                    i, 500 + i, i, ++q, i % 2, i % 3, 50 + i % 3, i % 2));
        }
        l.add("Mar  2 10:56:00 mx9 sm-mta[600]: NOQUEUE: ruleset=check_relay, arg1=[203.0.113.9], arg2=127.0.0.2,"
                + " relay=[203.0.113.9], reject=553 5.3.0 Rejected by DNSBL");
        l.add("Mar  2 10:56:01 mx9 sm-mta[601]: AUTH=server, relay=c.example [192.0.2.1], authid=Alice, mech=PLAIN, bits=0");
        l.add("Mar  2 10:56:02 mx9 sm-mta[602]: AUTH failure (LOGIN): authentication failure (-13) SASL(-13):"
                + " authentication failure: checkpass failed, user=alice, relay=[203.0.113.77]");
        l.add("Mar  2 10:56:03 mx9 sm-mta[603]: STARTTLS=server, relay=c.example [192.0.2.1], version=TLSv1.3,"
                + " verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256");
        l.add("Mar  2 10:56:04 mx9 sm-mta[604]: STARTTLS=server, error: accept failed=-1, reason=no shared cipher,"
                + " SSL_error=1, errno=0, retry=-1, relay=[203.0.113.78]");
        // lines without a host, and lines that are not Sendmail's
        l.add("sm-mta[700]: starting daemon (8.18.1): SMTP+queueing@00:10:00");
        l.add("this is not a sendmail line");
        l.add("");
        return l;
    }

    /** Runs a backfill over the logs; returns each view's lines, sorted. */
    private static Map<String, List<String>> backfill(SendmailWorkflow.Aggregates how, String format, String name)
            throws Exception {
        BackfillJob.Options o = new BackfillJob.Options();
        o.inputs = List.of(logs);
        o.out = dir.resolve(name);
        o.format = format;
        o.parallelism = 2;
        o.aggregates = how;
        o.traces = false;
        BackfillJob.Result r = BackfillJob.run(o, null);
        assertThat(r.linesRead).isGreaterThan(40_000);
        return readViews(o.out.resolve(FileSinks.AGGREGATES));
    }

    static Map<String, List<String>> readViews(Path aggregates) throws IOException {
        Map<String, List<String>> views = new TreeMap<>();
        if (!Files.isDirectory(aggregates)) {
            return views;
        }
        try (Stream<Path> s = Files.list(aggregates)) {
            for (Path v : s.sorted().toList()) {
                List<String> rows = new ArrayList<>();
                try (Stream<Path> files = Files.walk(v)) {
                    for (Path f : files.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                            if (!line.isEmpty()) {
                                rows.add(line);
                            }
                        }
                    }
                }
                rows.sort(null);
                views.put(v.getFileName().toString(), rows);
            }
        }
        return views;
    }

    private static void assertSameViews(Map<String, List<String>> engine, Map<String, List<String>> sql) {
        assertThat(engine.keySet()).as("views written").containsExactlyElementsOf(sql.keySet());
        assertThat(sql).hasSize(AggregateView.values().length);
        for (String view : sql.keySet()) {
            assertThat(sql.get(view)).as(view + " (SQL) has rows").isNotEmpty();
            assertThat(engine.get(view)).as(view).containsExactlyElementsOf(sql.get(view));
        }
    }

    @Test
    void batchJsonViewsAreTheSqlViewsLineForLine() throws Exception {
        Map<String, List<String>> sql = backfill(SendmailWorkflow.Aggregates.SQL, "json", "sql-json");
        Map<String, List<String>> engine = backfill(SendmailWorkflow.Aggregates.ENGINE, "json", "engine-json");
        assertSameViews(engine, sql);
        // the edges are in: among senders of two messages, U+E000 < U+FFFD < U+1F600 (code point order)
        List<String> mx9 = engine.get("agg_activity_top_senders").stream()
                .filter(r -> r.contains("\"source\":\"mx9\"") && r.contains("\"messages\":2")).toList();
        assertThat(mx9).hasSize(4);
        assertThat(rank(mx9, "@private.example")).isLessThan(rank(mx9, "@replacement.example"));
        assertThat(rank(mx9, "@replacement.example")).isLessThan(rank(mx9, "@emoji.example"));
    }

    private static int rank(List<String> rows, String sender) {
        String row = rows.stream().filter(r -> r.contains(sender)).findFirst().orElseThrow();
        return Integer.parseInt(row.replaceAll(".*\"top_rank\":(\\d+).*", "$1"));
    }

    @Test
    void batchCsvViewsAreTheSqlViewsLineForLine() throws Exception {
        Map<String, List<String>> sql = backfill(SendmailWorkflow.Aggregates.SQL, "csv", "sql-csv");
        Map<String, List<String>> engine = backfill(SendmailWorkflow.Aggregates.ENGINE, "csv", "engine-csv");
        assertSameViews(engine, sql);
    }

    /**
     * One generated file in STREAMING mode (one reader; the other subtask finishes at once): 1-minute
     * windows fired as the watermark passes them. No line is late, so which lines count does not
     * depend on when periodic watermarks happen to be emitted.
     */
    private static Map<String, List<String>> stream(SendmailWorkflow.Aggregates how, String name) throws Exception {
        Configuration conf = new Configuration();
        conf.set(org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.setString("execution.checkpointing.interval", "500 ms");
        conf.setString("pipeline.object-reuse", "true");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        FileSource<LogLine> source = FileSource.forBulkFileFormat(new LogFileFormat(),
                new org.apache.flink.core.fs.Path(inOrder.toUri())).build();
        Path out = dir.resolve(name);
        SendmailWorkflow.build(env.fromSource(source, WatermarkStrategy.noWatermarks(), "read-log-files"),
                new SendmailWorkflow.Options().mode(SendmailWorkflow.Mode.STREAMING).aggregates(how).traces(false)
                        .idleTimeout(Duration.ZERO),
                new FileSinks(out, "json"));
        env.execute("aggregates-" + name);
        return readViews(out.resolve(FileSinks.AGGREGATES));
    }

    @Test
    void streamingMinuteWindowsAreTheSqlWindowsLineForLine() throws Exception {
        Map<String, List<String>> sql = stream(SendmailWorkflow.Aggregates.SQL, "sql-stream");
        Map<String, List<String>> engine = stream(SendmailWorkflow.Aggregates.ENGINE, "engine-stream");
        assertThat(engine.keySet()).containsExactlyElementsOf(sql.keySet());
        for (String view : sql.keySet()) {
            assertThat(engine.get(view)).as(view).containsExactlyElementsOf(sql.get(view));
        }
        // minute buckets, not hours
        assertThat(engine.get("agg_overview_lines").size()).isGreaterThan(100);
    }
}
