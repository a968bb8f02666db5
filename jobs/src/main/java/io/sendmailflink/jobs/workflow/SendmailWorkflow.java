package io.sendmailflink.jobs.workflow;

import io.sendmailflink.jobs.aggregate.AggregateView;
import io.sendmailflink.jobs.cep.CepEvent;
import io.sendmailflink.jobs.cep.CepOptions;
import io.sendmailflink.jobs.cep.CepJson;
import io.sendmailflink.jobs.cep.CepWorkflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/**
 * The one pipeline batch backfill and streaming share: lines → {@link ParseLines} (one parse per
 * line: events and dead letters, partial aggregates, what traces and alerts read) → the
 * aggregates merged per bucket and host ({@link MergeAggregates}), traces and alerts
 * ({@link CepWorkflow}) → sinks. Sources and sinks are passed in, so modes and tests swap them.
 *
 * <p>Two ways to compute the aggregate views of {@code sql/06}-{@code sql/11}:
 * <ul>
 *   <li>{@link Aggregates#ENGINE} (default): the views compiled by hand into one pass
 *       ({@code io.sendmailflink.jobs.aggregate}): each line updates every view of its bucket in
 *       place, partials merged per bucket. Tests run the SQL files through Flink's planner on the
 *       same input and require the same rows.</li>
 *   <li>{@link Aggregates#SQL}: the SQL files themselves, through Flink's planner (one query per
 *       view; several times slower). With {@code --sql-dir}, views a user added or changed run too.</li>
 * </ul>
 */
public final class SendmailWorkflow {

    /** Files run in order in SQL mode; {@code 05_buckets_<mode>.sql} is chosen by the mode. */
    static final List<String> VIEW_FILES = List.of("03_events.sql", "04_event_views.sql");
    static final List<String> AGGREGATE_FILES = List.of("06_overview.sql", "07_activity.sql",
            "08_delivery_status.sql", "09_rule_rejection.sql", "10_authentication.sql",
            "11_processing_statistics.sql");

    /** Accumulator counting every line that enters the workflow. */
    public static final String LINES_READ = "lines-read";

    /** Batch (hour buckets) or streaming (1-minute event-time windows). */
    public enum Mode {
        BATCH("05_buckets_batch.sql", Duration.ofHours(1)),
        STREAMING("05_buckets_streaming.sql", Duration.ofMinutes(1));

        final String bucketFile;
        final Duration window;

        Mode(String bucketFile, Duration window) {
            this.bucketFile = bucketFile;
            this.window = window;
        }
    }

    /** How the aggregate views are computed (see the class comment). */
    public enum Aggregates {
        ENGINE,
        SQL
    }

    /** Workflow settings beyond source and sinks. */
    public static final class Options {
        Mode mode = Mode.BATCH;
        Aggregates aggregates = Aggregates.ENGINE;
        Path sqlDir;
        String timezone = "UTC";
        Integer year;
        long watermarkDelaySeconds = 5;
        Duration idleTimeout;
        CepOptions cep = new CepOptions();
        boolean traces = true;

        /** Trace and alert settings (defaults in io.sendmailflink.jobs.cep's package-info). */
        public Options cep(CepOptions c) {
            this.cep = c;
            return this;
        }

        /** Whether to build message traces and alerts at all. */
        public Options traces(boolean t) {
            this.traces = t;
            return this;
        }

        public Options mode(Mode m) {
            this.mode = m;
            return this;
        }

        public Options aggregates(Aggregates a) {
            this.aggregates = a;
            return this;
        }

        /** Read the SQL files from this folder instead of the jar (SQL mode). */
        public Options sqlDir(Path d) {
            this.sqlDir = d;
            return this;
        }

        public Options timezone(String z) {
            this.timezone = z;
            return this;
        }

        public Options year(Integer y) {
            this.year = y;
            return this;
        }

        /** Partitions (subtasks) without lines for this long stop holding back the watermark. */
        public Options idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        public Options watermarkDelaySeconds(long s) {
            this.watermarkDelaySeconds = s;
            return this;
        }
    }

    private SendmailWorkflow() {
    }

    /**
     * Adds the pipeline to {@code lines}' environment, with its outputs going to {@code sinks}; the
     * caller executes the environment. Returns the names of the aggregate views written.
     */
    public static List<String> build(DataStream<LogLine> lines, Options o, Sinks sinks) {
        StreamExecutionEnvironment env = lines.getExecutionEnvironment();
        boolean sql = o.aggregates == Aggregates.SQL;
        ParseLines.Config c = new ParseLines.Config()
                .timezone(o.timezone).year(o.year).format(sinks.recordFormat())
                .streaming(o.mode == Mode.STREAMING, o.mode.window.toMillis())
                .tableZone(tableZone(env.getConfiguration()))
                .watermarks(o.watermarkDelaySeconds * 1000, o.idleTimeout == null ? 0 : o.idleTimeout.toMillis())
                .outputs(!sql, o.traces, sql);
        SingleOutputStreamOperator<CepEvent> parsed = lines
                .transform("parse-sendmail", CepEvent.TYPE, new ParseLines(c))
                .uid("parse-sendmail");
        sinks.events(parsed.getSideOutput(ParseLines.EVENTS));
        sinks.deadLetters(parsed.getSideOutput(ParseLines.DEAD_LETTERS));

        List<String> views;
        if (sql) {
            views = SqlAggregates.build(StreamTableEnvironment.create(env), lines, parsed, o, sinks);
        } else {
            DataStream<OutputRecord> rows = parsed.getSideOutput(ParseLines.PARTIALS)
                    .keyBy(new MergeAggregates.Key())
                    .process(new MergeAggregates(sinks.aggregateEncoder()))
                    .name("merge-aggregates").uid("merge-aggregates");
            sinks.aggregates(rows);
            views = new ArrayList<>();
            for (AggregateView v : AggregateView.values()) {
                views.add(v.viewName());
            }
        }

        if (o.traces) {
            CepWorkflow.Result cep = CepWorkflow.attach(parsed, o.cep);
            sinks.traces(cep.traces().map(t -> new OutputRecord("", CepJson.traceJsonUtf8(t)))
                    .name("encode-traces").uid("encode-traces"));
            sinks.alerts(cep.alerts().map(a -> new OutputRecord("", CepJson.alertJsonUtf8(a)))
                    .name("encode-alerts").uid("encode-alerts"));
        }
        return views;
    }

    /** The session time zone the SQL planner would bucket in: {@code table.local-time-zone}, else the JVM's. */
    static String tableZone(ReadableConfig conf) {
        String z = conf.get(TableConfigOptions.LOCAL_TIME_ZONE);
        return z == null || z.equals(TableConfigOptions.LOCAL_TIME_ZONE.defaultValue())
                ? java.time.ZoneId.systemDefault().getId() : z;
    }

    /** The planner's aggregates ({@link Aggregates#SQL}): the SQL files as they are. */
    static final class SqlAggregates {

        /** The view every other view reads: one row per line with every parsed field. */
        static final String PARSED = "sendmail_parsed";

        private SqlAggregates() {
        }

        static List<String> build(StreamTableEnvironment tEnv, DataStream<LogLine> lines,
                SingleOutputStreamOperator<CepEvent> parsed, Options o, Sinks sinks) {
            SqlScripts sql = new SqlScripts(o.sqlDir);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("sendmail.timezone", o.timezone);
            if (o.year != null) {
                params.put("sendmail.year", o.year.toString());
            }
            tEnv.getConfig().set("pipeline.global-job-parameters", joinParams(params));
            run(tEnv, sql, "01_functions.sql");
            registerLines(tEnv, lines, o);
            boolean[] replaced = {false};
            for (String f : VIEW_FILES) {
                for (String statement : sql.statements(f, Map.of())) {
                    execute(tEnv, f, statement);
                    if (!replaced[0] && Arrays.asList(tEnv.listViews()).contains(PARSED)) {
                        replaceParsed(tEnv, parsed);
                        replaced[0] = true;
                    }
                }
            }
            if (!replaced[0]) {
                throw new IllegalStateException("sql/03_events.sql defines no view " + PARSED);
            }
            run(tEnv, sql, o.mode.bucketFile);
            List<String> before = Arrays.asList(tEnv.listViews());
            for (String f : AGGREGATE_FILES) {
                run(tEnv, sql, f);
            }
            List<String> aggregates = new ArrayList<>();
            for (String v : tEnv.listViews()) {
                if (!before.contains(v) && v.startsWith("agg_")) {
                    aggregates.add(v);
                }
            }
            StreamStatementSet set = tEnv.createStatementSet();
            for (String v : aggregates) {
                Table t = sinks.tagAggregates() ? tEnv.sqlQuery("SELECT '" + v + "' AS aggregate, * FROM " + v)
                        : tEnv.from(v);
                String sink = "sink_" + v;
                createSink(tEnv, sink, t.getResolvedSchema(), sinks.options(v));
                set.addInsert(sink, t);
            }
            set.attachAsDataStream();
            return aggregates;
        }

        private static void run(StreamTableEnvironment tEnv, SqlScripts sql, String file) {
            for (String statement : sql.statements(file, Map.of())) {
                execute(tEnv, file, statement);
            }
        }

        private static void execute(StreamTableEnvironment tEnv, String file, String statement) {
            try {
                tEnv.executeSql(statement);
            } catch (RuntimeException e) {
                throw new IllegalStateException("sql/" + file + ": " + firstLine(e.getMessage()) + "\n  in: "
                        + statement.lines().findFirst().orElse(""), e);
            }
        }

        /**
         * Replaces the {@code sendmail_parsed} view of sql/03 by the rows {@link ParseLines} emits
         * (same columns, the same values PARSE_SENDMAIL gives, event time with ParseLines'
         * watermarks): one parse per line feeds every view. The view's columns must be the line
         * columns and then PARSE_SENDMAIL's, as sql/03 defines them.
         */
        static void replaceParsed(StreamTableEnvironment tEnv, SingleOutputStreamOperator<CepEvent> parsed) {
            ResolvedSchema rs = tEnv.from(PARSED).getResolvedSchema();
            List<String> expected = RecordFormat.eventColumns();
            if (!rs.getColumnNames().equals(expected)) {
                throw new IllegalStateException("sql/03_events.sql: " + PARSED + " must have the columns " + expected
                        + " (the line columns, then PARSE_SENDMAIL's), but has " + rs.getColumnNames());
            }
            List<DataTypes.Field> fields = new ArrayList<>();
            Schema.Builder b = Schema.newBuilder();
            for (Column c : rs.getColumns()) {
                DataType t = plain(c.getDataType());
                fields.add(DataTypes.FIELD(c.getName(), t));
                b.column(c.getName(), t);
            }
            b.watermark("event_time", "SOURCE_WATERMARK()");
            @SuppressWarnings("unchecked")
            TypeInformation<Row> rowType = (TypeInformation<Row>) (TypeInformation<?>) ExternalTypeInfo.of(
                    DataTypes.ROW(fields.toArray(new DataTypes.Field[0])));
            DataStream<Row> rows = parsed.getSideOutput(new OutputTag<>(ParseLines.ROWS.getId(), rowType));
            tEnv.dropTemporaryView(PARSED);
            tEnv.createTemporaryView(PARSED, tEnv.fromDataStream(rows, b.build()));
        }

        /**
         * {@code sendmail_lines} with the columns and event time of the sql/02 source files, so that
         * sql/03 resolves as written. The queries never read it ({@link #replaceParsed} gives them
         * {@code sendmail_parsed} directly), so it adds no operator.
         */
        static void registerLines(StreamTableEnvironment tEnv, DataStream<LogLine> lines, Options o) {
            Schema schema = Schema.newBuilder()
                    .column("line", DataTypes.STRING())
                    .column("origin", DataTypes.STRING())
                    .column("lineNumber", DataTypes.BIGINT().notNull())
                    .column("referenceMillis", DataTypes.BIGINT().notNull())
                    .columnByExpression("line_number", "lineNumber")
                    .columnByExpression("reference_time", "TO_TIMESTAMP_LTZ(referenceMillis, 3)")
                    .columnByExpression("event_time",
                            "COALESCE(SENDMAIL_EVENT_TIME(line, TO_TIMESTAMP_LTZ(referenceMillis, 3)), "
                                    + "TO_TIMESTAMP_LTZ(referenceMillis, 3))")
                    .watermark("event_time", "event_time - INTERVAL '" + o.watermarkDelaySeconds + "' SECOND")
                    .build();
            tEnv.createTemporaryView("sendmail_lines", tEnv.fromDataStream(lines, schema));
        }

        /** A sink table with the columns of {@code schema} (time attributes made plain) and the given options. */
        static void createSink(StreamTableEnvironment tEnv, String name, ResolvedSchema schema, Map<String, String> options) {
            Schema.Builder b = Schema.newBuilder();
            for (Column c : schema.getColumns()) {
                b.column(c.getName(), plain(c.getDataType()));
            }
            TableDescriptor.Builder d = TableDescriptor.forConnector(options.get("connector")).schema(b.build());
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (!e.getKey().equals("connector")) {
                    d.option(e.getKey(), e.getValue());
                }
            }
            tEnv.createTemporaryTable(name, d.build());
        }

        private static String joinParams(Map<String, String> params) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(e.getKey()).append(':').append(e.getValue());
            }
            return b.toString();
        }

        private static String firstLine(String s) {
            return s == null ? "" : s.lines().findFirst().orElse("");
        }

        private static DataType plain(DataType t) {
            LogicalType l = t.getLogicalType();
            if (l instanceof TimestampType) {
                return DataTypes.TIMESTAMP(((TimestampType) l).getPrecision());
            }
            if (l instanceof LocalZonedTimestampType) {
                return DataTypes.TIMESTAMP_LTZ(((LocalZonedTimestampType) l).getPrecision());
            }
            return t;
        }
    }
}
