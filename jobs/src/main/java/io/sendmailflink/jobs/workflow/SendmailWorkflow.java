package io.sendmailflink.jobs.workflow;

import io.sendmailflink.jobs.cep.CepOptions;
import io.sendmailflink.jobs.cep.CepWorkflow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.types.Row;

/**
 * The one pipeline batch backfill and streaming share: lines → one parse ({@link ParseLines}) →
 * events and dead letters, and the shared SQL files (per-type views, time buckets, the six tabs'
 * aggregates) → sinks. Sources and sinks are passed
 * in, so modes and tests swap them.
 */
public final class SendmailWorkflow {

    /** Files run in order; {@code 05_buckets_<mode>.sql} is chosen by the mode. */
    static final List<String> VIEW_FILES = List.of("03_events.sql", "04_event_views.sql");
    static final List<String> AGGREGATE_FILES = List.of("06_overview.sql", "07_activity.sql",
            "08_delivery_status.sql", "09_rule_rejection.sql", "10_authentication.sql",
            "11_processing_statistics.sql");

    /** Accumulator counting every line that enters the workflow. */
    public static final String LINES_READ = "lines-read";

    /** Batch (hour buckets) or streaming (1-minute event-time windows). */
    public enum Mode {
        BATCH("05_buckets_batch.sql"),
        STREAMING("05_buckets_streaming.sql");

        final String bucketFile;

        Mode(String bucketFile) {
            this.bucketFile = bucketFile;
        }
    }

    /** Workflow settings beyond source and sinks. */
    public static final class Options {
        Mode mode = Mode.BATCH;
        Path sqlDir;
        String timezone = "UTC";
        Integer year;
        long watermarkDelaySeconds = 5;
        Duration idleTimeout;
        CepOptions cep = new CepOptions();

        /** Trace and alert settings (defaults in io.sendmailflink.jobs.cep's package-info). */
        public Options cep(CepOptions c) {
            this.cep = c;
            return this;
        }

        public Options mode(Mode m) {
            this.mode = m;
            return this;
        }

        /** Read the SQL files from this folder instead of the jar. */
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
     * Registers everything and adds one INSERT per aggregate view to a statement set, attached
     * to the DataStream program of {@code tEnv}'s environment, with the events and dead letters
     * going to {@code sinks} directly; the caller executes the environment. Returns the names of
     * the aggregate views, in file order.
     */
    public static List<String> build(StreamTableEnvironment tEnv, DataStream<LogLine> lines, Options o, Sinks sinks) {
        SqlScripts sql = new SqlScripts(o.sqlDir);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sendmail.timezone", o.timezone);
        if (o.year != null) {
            params.put("sendmail.year", o.year.toString());
        }
        tEnv.getConfig().set("pipeline.global-job-parameters", joinParams(params));
        run(tEnv, sql, "01_functions.sql");

        registerLines(tEnv, lines, o);
        List<DataStream<Row>> parsedRows = new ArrayList<>(1);
        Runnable replaceParsed = () -> parsedRows.add(replaceParsed(tEnv, lines, o, sinks));
        boolean[] replaced = {false};
        for (String f : VIEW_FILES) {
            run(tEnv, sql, f, replaced, replaceParsed);
        }
        if (!replaced[0]) {
            throw new IllegalStateException("sql/03_events.sql defines no view " + PARSED);
        }
        CepWorkflow.Result cep = CepWorkflow.attach(tEnv, parsedRows.get(0), o.cep);
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
            Table t = sinks.tagAggregates() ? tEnv.sqlQuery("SELECT '" + v + "' AS aggregate, * FROM " + v) : tEnv.from(v);
            String sink = "sink_" + v;
            createSink(tEnv, sink, t.getResolvedSchema(), sinks.options(Sinks.Kind.AGGREGATE, v), List.of());
            set.addInsert(sink, t);
        }
        // traces and alerts: one JSON line each, written as is (raw format)
        createSink(tEnv, "sink_traces", cep.traceJson().getResolvedSchema(), sinks.options(Sinks.Kind.TRACES, "traces"),
                List.of());
        set.addInsert("sink_traces", cep.traceJson());
        createSink(tEnv, "sink_alerts", cep.alertJson().getResolvedSchema(), sinks.options(Sinks.Kind.ALERTS, "alerts"),
                List.of());
        set.addInsert("sink_alerts", cep.alertJson());
        set.attachAsDataStream();
        return aggregates;
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

    /** The view every other view reads: one row per line with every parsed field. */
    static final String PARSED = "sendmail_parsed";

    private static void run(StreamTableEnvironment tEnv, SqlScripts sql, String file) {
        run(tEnv, sql, file, new boolean[] {true}, null);
    }

    /** Runs a file; once {@code sendmail_parsed} exists (and {@code !replaced[0]}), replaces it. */
    private static void run(StreamTableEnvironment tEnv, SqlScripts sql, String file, boolean[] replaced,
            Runnable replace) {
        for (String statement : sql.statements(file, Map.of())) {
            try {
                tEnv.executeSql(statement);
            } catch (RuntimeException e) {
                throw new IllegalStateException("sql/" + file + ": " + firstLine(e.getMessage()) + "\n  in: "
                        + statement.lines().findFirst().orElse(""), e);
            }
            if (!replaced[0] && Arrays.asList(tEnv.listViews()).contains(PARSED)) {
                replace.run();
                replaced[0] = true;
            }
        }
    }

    /**
     * Replaces the {@code sendmail_parsed} view of sql/03 by the rows of {@link ParseLines} (same
     * columns, same values, event time with watermarks) and sends that operator's events and dead
     * letters to the sinks: one parse per line feeds every view and output. The view's columns
     * must be the line columns and then PARSE_SENDMAIL's, as sql/03 defines them. Returns the
     * rows with their event-time timestamps (fields readable by name and position), for CEP.
     */
    static DataStream<Row> replaceParsed(StreamTableEnvironment tEnv, DataStream<LogLine> lines, Options o, Sinks sinks) {
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

        SingleOutputStreamOperator<Row> parsed = lines
                .process(new ParseLines(o.timezone, o.year, sinks.recordFormat()))
                .returns(rowType)
                .name("parse-sendmail").uid("parse-sendmail");
        sinks.events(parsed.getSideOutput(ParseLines.EVENTS));
        sinks.deadLetters(parsed.getSideOutput(ParseLines.DEAD_LETTERS));

        WatermarkStrategy<Row> ws = WatermarkStrategy
                .<Row>forBoundedOutOfOrderness(Duration.ofSeconds(o.watermarkDelaySeconds))
                .withTimestampAssigner(new EventTimeOfRow());
        if (o.idleTimeout != null && !o.idleTimeout.isZero()) {
            ws = ws.withIdleness(o.idleTimeout);
        }
        DataStream<Row> timed = parsed.assignTimestampsAndWatermarks(ws)
                .name("event-time-watermarks").uid("event-time-watermarks");
        tEnv.dropTemporaryView(PARSED);
        tEnv.createTemporaryView(PARSED, tEnv.fromDataStream(timed, b.build()));
        return timed;
    }

    /** The event time of a {@link ParseLines} row. */
    static final class EventTimeOfRow implements SerializableTimestampAssigner<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(Row row, long recordTimestamp) {
            return ((Instant) row.getField(ParseLines.LINE_COLUMNS - 1)).toEpochMilli();
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * {@code sendmail_lines} with the columns and event time of the sql/02 source files, so that
     * sql/03 resolves as written. The job's queries never read it ({@link #replaceParsed} gives
     * them {@code sendmail_parsed} directly), so it adds no operator.
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
    static void createSink(StreamTableEnvironment tEnv, String name, ResolvedSchema schema, Map<String, String> options,
            List<String> partitionKeys) {
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
        if (!partitionKeys.isEmpty()) {
            d.partitionedBy(partitionKeys.toArray(new String[0]));
        }
        tEnv.createTemporaryTable(name, d.build());
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
