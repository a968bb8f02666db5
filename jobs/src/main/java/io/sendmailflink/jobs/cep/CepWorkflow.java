package io.sendmailflink.jobs.cep;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Message traces and alerts from the parsed lines: keyed state and timers for the traces, burst
 * rules and a Flink CEP pattern for the alerts. {@link #attach(DataStream, CepOptions)} adds the
 * operators to the events' environment; the caller adds sinks (e.g. {@link CepJson}) and executes.
 * The rules are in {@code package-info.java}.
 *
 * <p>Exchanges (each a network shuffle, and in BATCH mode a sort by key and time): session lines
 * by (host, pid); queue-ID lines and enriched receipts by (host, queue ID); closed traces by
 * message ID; burst signals by (kind, host, key); AUTH attempts by (host, authid, client IP). The
 * records are narrowed before they cross: the session and trace stages get
 * {@link CepEvent#SESSION_VIEW} and {@link CepEvent#TRACE_VIEW} (no raw line but on receipts,
 * and in the trace stage only on receipts with an AUTH identity), a trace drops its receipt line
 * when it closes, a destination signal that does not count carries no sample line; and every record
 * and state has a hand-written serializer ({@link CepSerializers}).
 */
public final class CepWorkflow {

    public static final String TRACES_VIEW = "message_traces";
    public static final String ALERTS_VIEW = "sendmail_alerts";

    /** What {@link #attach(DataStream, CepOptions)} built: the traces and the alerts. */
    public record Result(DataStream<Trace> traces, DataStream<Alert> alerts) {

        /**
         * The {@code json} table of the traces, for a result of the row-based
         * {@link #attach(StreamTableEnvironment, DataStream, CepOptions)} only.
         *
         * @deprecated goes with the row-based entry point
         */
        @Deprecated
        public Table traceJson() {
            return tables().traceJson();
        }

        /**
         * The {@code json} table of the alerts (row-based entry point only).
         *
         * @deprecated goes with the row-based entry point
         */
        @Deprecated
        public Table alertJson() {
            return tables().alertJson();
        }

        /** @deprecated goes with the row-based entry point */
        @Deprecated
        public Table traceTable() {
            return tables().traceTable();
        }

        /** @deprecated goes with the row-based entry point */
        @Deprecated
        public Table alertTable() {
            return tables().alertTable();
        }

        private Tables tables() {
            Tables t = TABLES.get(this);
            if (t == null) {
                throw new IllegalStateException("tables exist only for the row-based attach(tEnv, rows, options)");
            }
            return t;
        }
    }

    /** The tables of a row-based result (a record holds no more than its components). */
    private record Tables(Table traceTable, Table alertTable, Table traceJson, Table alertJson) {
    }

    private static final Map<Result, Tables> TABLES = Collections.synchronizedMap(new WeakHashMap<>());

    private CepWorkflow() {
    }

    /**
     * Adds the trace and alert operators.
     *
     * @param events the parsed lines' events ({@link CepEvents#fromParsed}), each with its event
     *     time as the record timestamp (and, in STREAMING mode, event-time watermarks)
     */
    public static Result attach(DataStream<CepEvent> events, CepOptions options) {
        // receipts learn TLS and AUTH of their SMTP session (host, pid); the rest go straight to traces
        DataStream<CepEvent> receipts = events.flatMap(new Select(true)).returns(CepEvent.SESSION_VIEW)
                .name("cep-session-lines").uid("cep-session-lines")
                .keyBy(new SessionEnricher.Key())
                .process(new SessionEnricher(options)).returns(CepEvent.TRACE_VIEW)
                .name("cep-smtp-sessions").uid("cep-smtp-sessions");
        DataStream<CepEvent> queued = events.flatMap(new Select(false)).returns(CepEvent.TRACE_VIEW)
                .name("cep-queue-lines").uid("cep-queue-lines");
        SingleOutputStreamOperator<Trace> closed = queued.union(receipts)
                .keyBy(new TraceFunction.Key())
                .process(new TraceFunction(options)).returns(Trace.TYPE)
                .name("cep-message-traces").uid("cep-message-traces");
        // all traces cross this exchange, also those without a message ID: letting them skip it
        // would make the output a union, which no sink can chain to, i.e. one more exchange of all
        DataStream<Trace> traces = closed
                .keyBy(new TraceLinker.Key())
                .process(new TraceLinker(options)).returns(Trace.TYPE)
                .name("cep-link-message-ids").uid("cep-link-message-ids");

        DataStream<Signal> lineSignals = events.flatMap(new Signals.FromLines()).returns(Signal.TYPE)
                .name("cep-line-signals").uid("cep-line-signals");
        DataStream<Signal> traceSignals = closed.getSideOutput(TraceFunction.OUTBOUND);
        DataStream<Alert> bursts = lineSignals.union(traceSignals)
                .keyBy(new Signal.Key())
                .process(new BurstDetector(options)).returns(Alert.TYPE)
                .name("cep-burst-alerts").uid("cep-burst-alerts");
        DataStream<Signal> auth = events.flatMap(new Signals.AuthAttempts()).returns(Signal.TYPE)
                .name("cep-auth-attempts").uid("cep-auth-attempts");
        DataStream<Alert> guessed = CEP.pattern(auth.keyBy(new Signal.GuessKey()), GuessedSuccess.pattern(options))
                .process(new GuessedSuccess.ToAlert(options)).returns(Alert.TYPE)
                .name("cep-auth-guessed-success").uid("cep-auth-guessed-success");
        return new Result(traces, bursts.union(guessed));
    }

    /**
     * The row-based entry point of the SQL workflow: {@link RowToEvents}, record timestamps from
     * {@code event_time}, {@link #attach(DataStream, CepOptions)}, then the SQL views
     * {@value #TRACES_VIEW} and {@value #ALERTS_VIEW} and the JSON tables (read through the
     * result's deprecated table accessors). Kept for the SQL workflow until it feeds
     * {@link #attach(DataStream, CepOptions)} directly.
     *
     * @param parsed the {@code sendmail_parsed} rows (fields by name, {@code event_time} an
     *     Instant) with event-time timestamps and watermarks
     */
    public static Result attach(StreamTableEnvironment tEnv, DataStream<Row> parsed, CepOptions options) {
        // record timestamps from event_time: BATCH mode gives table rows none, and CEP and the
        // sorted keyed inputs of BATCH mode order by them
        DataStream<CepEvent> events = parsed.flatMap(new RowToEvents()).returns(CepEvent.TYPE)
                .name("cep-events").uid("cep-events")
                .transform("cep-event-time", CepEvent.TYPE, new EventTimestamps())
                .uid("cep-event-time");
        Result r = attach(events, options);
        DataStream<Trace> traces = r.traces();
        DataStream<Alert> alerts = r.alerts();

        DataStream<Row> traceRows = traces.map(CepRecords::traceRow).returns(ExternalTypeInfo.of(CepRecords.TRACE))
                .name("cep-trace-rows").uid("cep-trace-rows");
        DataStream<Row> alertRows = alerts.map(CepRecords::alertRow).returns(ExternalTypeInfo.of(CepRecords.ALERT))
                .name("cep-alert-rows").uid("cep-alert-rows");
        Table traceTable = tEnv.fromDataStream(traceRows);
        Table alertTable = tEnv.fromDataStream(alertRows);
        tEnv.createTemporaryView(TRACES_VIEW, traceTable);
        tEnv.createTemporaryView(ALERTS_VIEW, alertTable);

        RowTypeInfo json = new RowTypeInfo(new TypeInformation<?>[] {Types.STRING}, new String[] {"json"});
        Table traceJson = tEnv.fromDataStream(traces.map(t -> Row.of(CepRecords.traceJson(t))).returns(json)
                .name("cep-trace-json").uid("cep-trace-json"));
        Table alertJson = tEnv.fromDataStream(alerts.map(a -> Row.of(CepRecords.alertJson(a))).returns(json)
                .name("cep-alert-json").uid("cep-alert-json"));
        TABLES.put(r, new Tables(traceTable, alertTable, traceJson, alertJson));
        return r;
    }

    /** The lines of the session stage ({@code true}) or the lines traced directly ({@code false}). */
    static final class Select implements FlatMapFunction<CepEvent, CepEvent> {
        private static final long serialVersionUID = 1L;
        private final boolean session;

        Select(boolean session) {
            this.session = session;
        }

        @Override
        public void flatMap(CepEvent e, Collector<CepEvent> out) {
            if (session ? SessionEnricher.wanted(e) : tracedDirectly(e)) {
                out.collect(e);
            }
        }
    }

    /** Lines with a queue ID that do not go through the session stage first. */
    static boolean tracedDirectly(CepEvent e) {
        return e.qid != null && e.host != null && !(e.is("receipt") && e.pid != null);
    }
}
