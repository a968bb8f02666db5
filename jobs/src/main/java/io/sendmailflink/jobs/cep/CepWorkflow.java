package io.sendmailflink.jobs.cep;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
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

    /** What {@link #attach(DataStream, CepOptions)} built: the traces and the alerts. */
    public record Result(DataStream<Trace> traces, DataStream<Alert> alerts) {
    }

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
