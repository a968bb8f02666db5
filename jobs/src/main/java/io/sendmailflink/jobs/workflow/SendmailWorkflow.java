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
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.types.Row;

/**
 * The one pipeline batch backfill and streaming share: lines → the shared SQL files (parse,
 * per-type views, time buckets, the six tabs' aggregates) → sinks. Sources and sinks are passed
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

        public Options watermarkDelaySeconds(long s) {
            this.watermarkDelaySeconds = s;
            return this;
        }
    }

    private SendmailWorkflow() {
    }

    /**
     * Registers everything and adds one INSERT per sink to a statement set, attached to the
     * DataStream program of {@code tEnv}'s environment; the caller executes the environment.
     * Returns the names of the aggregate views, in file order.
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
        for (String f : VIEW_FILES) {
            run(tEnv, sql, f, parsedRows);
        }
        if (parsedRows.isEmpty()) {
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
        // events: every parsed line; dead letters: the rest. Exactly one output per line.
        Table events = tEnv.sqlQuery("SELECT * FROM sendmail_events");
        if (sinks.partitionEventsByDay()) {
            Table withDay = tEnv.sqlQuery("SELECT *, DATE_FORMAT(event_time, 'yyyy-MM-dd') AS dt FROM sendmail_events");
            createSink(tEnv, "sink_events", withDay.getResolvedSchema(), sinks.options(Sinks.Kind.EVENTS, "events"),
                    List.of("dt"));
            set.addInsert("sink_events", withDay);
        } else {
            createSink(tEnv, "sink_events", events.getResolvedSchema(), sinks.options(Sinks.Kind.EVENTS, "events"),
                    List.of());
            set.addInsert("sink_events", events);
        }
        Table dead = tEnv.sqlQuery("SELECT * FROM sendmail_dead_letters");
        createSink(tEnv, "sink_dead_letters", dead.getResolvedSchema(),
                sinks.options(Sinks.Kind.DEAD_LETTERS, "dead_letters"), List.of());
        set.addInsert("sink_dead_letters", dead);
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
        if (o.mode == Mode.BATCH) {
            Table summary = tEnv.sqlQuery("SELECT event_type, COUNT(*) AS line_count FROM sendmail_parsed GROUP BY event_type");
            createSink(tEnv, "sink_summary", summary.getResolvedSchema(), sinks.options(Sinks.Kind.SUMMARY, "summary"),
                    List.of());
            set.addInsert("sink_summary", summary);
        }
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
        run(tEnv, sql, file, null);
    }

    /**
     * Runs a file; with {@code parsedRows} (empty until then), replaces sendmail_parsed by a stream
     * once it exists and adds that stream to the list.
     */
    private static void run(StreamTableEnvironment tEnv, SqlScripts sql, String file, List<DataStream<Row>> parsedRows) {
        for (String statement : sql.statements(file, Map.of())) {
            try {
                tEnv.executeSql(statement);
            } catch (RuntimeException e) {
                throw new IllegalStateException("sql/" + file + ": " + firstLine(e.getMessage()) + "\n  in: "
                        + statement.lines().findFirst().orElse(""), e);
            }
            if (parsedRows != null && parsedRows.isEmpty() && Arrays.asList(tEnv.listViews()).contains(PARSED)) {
                parsedRows.add(materializeParsed(tEnv));
            }
        }
    }

    /**
     * Replaces the {@code sendmail_parsed} view by a stream of its rows, with the same columns and
     * event time. The planner does not share a table function's output between the many queries
     * that read it (each would parse every line again); a stream in between makes one parse feed
     * them all. Returns the stream (its rows' fields are readable by name).
     */
    static DataStream<Row> materializeParsed(StreamTableEnvironment tEnv) {
        Table parsed = tEnv.from(PARSED);
        ResolvedSchema rs = parsed.getResolvedSchema();
        DataStream<Row> rows = tEnv.toDataStream(parsed);
        tEnv.dropTemporaryView(PARSED);
        Schema.Builder b = Schema.newBuilder();
        for (Column c : rs.getColumns()) {
            b.column(c.getName(), plain(c.getDataType()));
        }
        b.watermark("event_time", "SOURCE_WATERMARK()");
        tEnv.createTemporaryView(PARSED, tEnv.fromDataStream(rows, b.build()));
        return rows;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** {@code sendmail_lines}: the columns and event time of the sql/02 source files, from a stream. */
    static void registerLines(StreamTableEnvironment tEnv, DataStream<LogLine> lines, Options o) {
        RowTypeInfo rowType = new RowTypeInfo(
                new TypeInformation<?>[] {Types.STRING, Types.STRING, Types.LONG, Types.INSTANT},
                new String[] {"line", "origin", "line_number", "reference_time"});
        DataStream<Row> rows = lines.map(new ToRow()).returns(rowType).name("count-lines").uid("count-lines");
        Schema schema = Schema.newBuilder()
                .column("line", DataTypes.STRING())
                .column("origin", DataTypes.STRING())
                .column("line_number", DataTypes.BIGINT())
                .column("reference_time", DataTypes.TIMESTAMP_LTZ(3))
                .columnByExpression("event_time",
                        "COALESCE(SENDMAIL_EVENT_TIME(line, reference_time), reference_time)")
                .watermark("event_time", "event_time - INTERVAL '" + o.watermarkDelaySeconds + "' SECOND")
                .build();
        tEnv.createTemporaryView("sendmail_lines", tEnv.fromDataStream(rows, schema));
    }

    /** LogLine to a Row of the source columns; counts lines for progress reports. */
    static final class ToRow extends RichMapFunction<LogLine, Row> {
        private transient org.apache.flink.api.common.accumulators.LongCounter read;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            read = getRuntimeContext().getLongCounter(LINES_READ);
        }

        @Override
        public Row map(LogLine l) {
            read.add(1);
            return Row.of(l.line, l.origin, l.lineNumber, Instant.ofEpochMilli(l.referenceMillis));
        }
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
