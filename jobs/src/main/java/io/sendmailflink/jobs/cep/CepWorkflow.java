package io.sendmailflink.jobs.cep;

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

/**
 * Message traces and alerts from the parsed lines: keyed state and timers for the traces, burst
 * rules and a Flink CEP pattern for the alerts. {@link #attach} adds the operators to the parsed
 * stream's environment and registers the SQL views {@value #TRACES_VIEW} and {@value #ALERTS_VIEW};
 * the caller adds sinks and executes. The rules are in {@code package-info.java}.
 */
public final class CepWorkflow {

    public static final String TRACES_VIEW = "message_traces";
    public static final String ALERTS_VIEW = "sendmail_alerts";

    /**
     * What {@link #attach} built: the records, the views' tables, and one JSON line per record
     * (a table with the single column {@code json}, for sinks that write text as is).
     */
    public record Result(DataStream<Trace> traces, DataStream<Alert> alerts, Table traceTable, Table alertTable,
            Table traceJson, Table alertJson) {
    }

    private CepWorkflow() {
    }

    /** What {@link #attach(DataStream, CepOptions)} built. */
    public record Streams(DataStream<Trace> traces, DataStream<Alert> alerts) {
    }

    /**
     * Adds the trace and alert operators to a stream of parsed lines' {@link CepEvent}s that carry
     * their event time as record timestamps (and, in streaming, watermarks).
     */
    public static Streams attach(DataStream<CepEvent> events, CepOptions options) {
        DataStream<CepEvent> receipts = events.filter(SessionEnricher::wanted).name("cep-session-lines")
                .uid("cep-session-lines")
                .keyBy(new SessionEnricher.Key())
                .process(new SessionEnricher(options)).name("cep-smtp-sessions").uid("cep-smtp-sessions");
        DataStream<CepEvent> queued = events.filter(CepWorkflow::tracedDirectly).name("cep-queue-lines")
                .uid("cep-queue-lines");
        SingleOutputStreamOperator<Trace> closed = queued.union(receipts)
                .keyBy(new TraceFunction.Key())
                .process(new TraceFunction(options)).name("cep-message-traces").uid("cep-message-traces");
        DataStream<Trace> traces = closed
                .keyBy(new TraceLinker.Key())
                .process(new TraceLinker(options)).name("cep-link-message-ids").uid("cep-link-message-ids");
        DataStream<Signal> lineSignals = events.flatMap(new Signals.FromLines()).name("cep-line-signals")
                .uid("cep-line-signals");
        DataStream<Signal> traceSignals = closed.getSideOutput(TraceFunction.OUTBOUND);
        DataStream<Alert> bursts = lineSignals.union(traceSignals)
                .keyBy(new Signal.Key())
                .process(new BurstDetector(options)).name("cep-burst-alerts").uid("cep-burst-alerts");
        DataStream<Signal> auth = events.flatMap(new Signals.AuthAttempts()).name("cep-auth-attempts")
                .uid("cep-auth-attempts");
        DataStream<Alert> guessed = CEP.pattern(auth.keyBy(new Signal.GuessKey()), GuessedSuccess.pattern(options))
                .process(new GuessedSuccess.ToAlert(options)).name("cep-auth-guessed-success")
                .uid("cep-auth-guessed-success");
        return new Streams(traces, bursts.union(guessed));
    }

    /**
     * @param parsed the {@code sendmail_parsed} rows (fields by name, {@code event_time} an
     *     Instant) with event-time timestamps and watermarks
     */
    public static Result attach(StreamTableEnvironment tEnv, DataStream<Row> parsed, CepOptions options) {
        // record timestamps from event_time: BATCH mode gives table rows none, and CEP and the
        // sorted keyed inputs of BATCH mode order by them
        DataStream<CepEvent> events = parsed.flatMap(new RowToEvents()).name("cep-events").uid("cep-events")
                .transform("cep-event-time", TypeInformation.of(CepEvent.class), new EventTimestamps())
                .uid("cep-event-time");

        // receipts learn TLS and AUTH of their SMTP session (host, pid); the rest go straight to traces
        DataStream<CepEvent> receipts = events.filter(SessionEnricher::wanted).name("cep-session-lines")
                .uid("cep-session-lines")
                .keyBy(new SessionEnricher.Key())
                .process(new SessionEnricher(options)).name("cep-smtp-sessions").uid("cep-smtp-sessions");
        DataStream<CepEvent> queued = events.filter(CepWorkflow::tracedDirectly).name("cep-queue-lines")
                .uid("cep-queue-lines");
        SingleOutputStreamOperator<Trace> closed = queued.union(receipts)
                .keyBy(new TraceFunction.Key())
                .process(new TraceFunction(options)).name("cep-message-traces").uid("cep-message-traces");
        DataStream<Trace> traces = closed
                .keyBy(new TraceLinker.Key())
                .process(new TraceLinker(options)).name("cep-link-message-ids").uid("cep-link-message-ids");

        DataStream<Signal> lineSignals = events.flatMap(new Signals.FromLines()).name("cep-line-signals")
                .uid("cep-line-signals");
        DataStream<Signal> traceSignals = closed.getSideOutput(TraceFunction.OUTBOUND);
        DataStream<Alert> bursts = lineSignals.union(traceSignals)
                .keyBy(new Signal.Key())
                .process(new BurstDetector(options)).name("cep-burst-alerts").uid("cep-burst-alerts");
        DataStream<Signal> auth = events.flatMap(new Signals.AuthAttempts()).name("cep-auth-attempts")
                .uid("cep-auth-attempts");
        DataStream<Alert> guessed = CEP.pattern(auth.keyBy(new Signal.GuessKey()), GuessedSuccess.pattern(options))
                .process(new GuessedSuccess.ToAlert(options)).name("cep-auth-guessed-success")
                .uid("cep-auth-guessed-success");
        DataStream<Alert> alerts = bursts.union(guessed);

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
        return new Result(traces, alerts, traceTable, alertTable, traceJson, alertJson);
    }

    /** Lines with a queue ID that do not go through the session stage first. */
    static boolean tracedDirectly(CepEvent e) {
        return e.qid != null && e.host != null && !(e.is("receipt") && e.pid != null);
    }
}
