package io.sendmailflink.jobs.cep;

import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Folds the lines of one (host, queue ID) into a {@link Trace} and emits it when it closes:
 * {@link CepOptions#latenessMillis()} after its last line once it is finished (every recipient
 * sent or bounced), else {@link CepOptions#traceTimeoutMillis()} after its last line. One event-time
 * timer per key (moved, not added, as lines come) bounds the state: nothing stays longer than the
 * time-out after its last line. A line that comes after its trace was emitted starts a new one
 * (without a receipt: {@code incomplete}), so nothing is dropped.
 *
 * <p>BATCH mode fires timers only at the end of a key's input; a line at or after the deadline of
 * the open trace therefore closes it first, so that batch and streaming cut traces alike.
 */
public final class TraceFunction extends KeyedProcessFunction<String, CepEvent, Trace> {

    private static final long serialVersionUID = 1L;

    /**
     * Side output: outbound_burst signals, one per line that adds SMTP recipients to a trace of an
     * authenticated sender (or per receipt that makes earlier deliveries authenticated), at that
     * line's time, so the burst rule sees them in line order rather than when traces close.
     */
    public static final OutputTag<Signal> OUTBOUND = new OutputTag<>("outbound-recipients") {
    };

    private final CepOptions options;
    private transient ValueState<Trace> state;

    public TraceFunction(CepOptions options) {
        this.options = options;
    }

    /** (host, queue ID). */
    public static final class Key implements KeySelector<CepEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CepEvent e) {
            return e.host + '\u0000' + e.qid;
        }
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("trace", Trace.class));
    }

    @Override
    public void processElement(CepEvent e, Context ctx, Collector<Trace> out) throws Exception {
        Trace t = state.value();
        if (t != null && t.deadline != Long.MIN_VALUE && e.time >= t.deadline) {
            ctx.timerService().deleteEventTimeTimer(t.deadline);
            emit(t, out);
            t = null;
        }
        if (t == null) {
            t = new Trace();
            t.host = e.host;
            t.queueId = e.qid;
        }
        fold(t, e, options);
        Signal outbound = Signals.outbound(t, e.time);
        if (outbound != null) {
            ctx.output(OUTBOUND, outbound);
        }
        long deadline = t.lastActivity + (t.messageLines == 0 ? options.sessionTimeoutMillis()
                : t.finished() ? options.latenessMillis() : options.traceTimeoutMillis());
        if (deadline != t.deadline) {
            if (t.deadline != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(t.deadline);
            }
            t.deadline = deadline;
            ctx.timerService().registerEventTimeTimer(deadline);
        }
        state.update(t);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Trace> out) throws Exception {
        Trace t = state.value();
        if (t == null || ts < t.deadline) {
            return;
        }
        emit(t, out);
    }

    private void emit(Trace t, Collector<Trace> out) {
        state.clear();
        if (t.messageLines == 0) {
            // only session lines or a parent hint: no message to report (the lines are events and alerts)
            return;
        }
        t.outcome = t.decideOutcome();
        // only the open trace's outbound signals needed it; the emitted trace need not carry it
        t.receiptLine = null;
        out.collect(t);
    }

    /** Adds one line (or parent hint) to the trace. Package-private for tests. */
    static void fold(Trace t, CepEvent e, CepOptions o) {
        t.lastActivity = Math.max(t.lastActivity, e.time);
        if (CepEvent.PARENT_HINT.equals(e.eventType)) {
            if (t.parentQueueId == null) {
                t.parentQueueId = e.relatedQid;
            }
            return;
        }
        t.lines++;
        t.firstSeen = t.firstSeen == null ? e.time : Math.min(t.firstSeen, e.time);
        t.finalTime = t.finalTime == null ? e.time : Math.max(t.finalTime, e.time);
        Trace.Step s = new Trace.Step();
        s.time = e.time;
        s.eventType = e.eventType;
        s.status = e.status;
        s.dsn = e.dsn;
        s.text = e.message;
        switch (e.eventType) {
            case "receipt":
                t.messageLines++;
                receipt(t, e);
                s.relay = t.clientRelay;
                break;
            case "delivery":
                t.messageLines++;
                delivery(t, e, o);
                s.recipient = e.to == null ? null : String.join(",", e.to);
                s.relay = e.relay();
                break;
            case "ruleset_rejection":
                t.messageLines++;
                t.rejections++;
                s.recipient = e.address;
                break;
            default:
                if (e.reject != null) {
                    t.messageLines++;
                    t.rejections++;
                }
                s.recipient = e.address;
                if (e.relatedQid != null) {
                    t.messageLines++;
                    if (isBounce(e.subtype) && t.bounceQueueId == null) {
                        t.bounceQueueId = e.relatedQid;
                    }
                }
                break;
        }
        if (t.steps.size() < o.maxStepsPerTrace()) {
            insertByTime(t.steps, s);
        }
    }

    static boolean isBounce(String subtype) {
        return "dsn".equals(subtype) || "sender_notify".equals(subtype) || "return_to_sender".equals(subtype)
                || "postmaster_notify".equals(subtype);
    }

    private static void receipt(Trace t, CepEvent e) {
        if (t.receiptTime != null && t.receiptTime <= e.time) {
            return; // a second receipt of one queue ID (a resent envelope): the first wins
        }
        t.receiptTime = e.time;
        t.receiptLine = e.line;
        t.sender = e.from;
        t.size = e.size;
        t.nrcpts = e.nrcpts;
        t.messageId = e.messageId;
        t.protocol = e.protocol == null ? null : e.protocol.toLowerCase(Locale.ROOT);
        t.clientIp = e.clientIp;
        t.clientRelay = e.clientHost != null ? e.clientHost : e.clientIp == null ? null : "[" + e.clientIp + "]";
        if (e.tlsVersion != null) {
            t.tlsVersion = e.tlsVersion;
        }
        if (e.authid != null) {
            t.authid = e.authid;
            t.authMechanism = e.mech;
        }
    }

    private static void delivery(Trace t, CepEvent e, CepOptions o) {
        if (e.delaySeconds != null) {
            t.reportedDelaySeconds = t.reportedDelaySeconds == null ? e.delaySeconds
                    : Math.max(t.reportedDelaySeconds, e.delaySeconds);
        }
        if (e.to == null) {
            return;
        }
        String status = normalize(e);
        for (String address : e.to) {
            Trace.Recipient r = find(t.recipients, address);
            if (r == null) {
                if (t.recipients.size() >= o.maxRecipientsPerTrace()) {
                    continue;
                }
                r = new Trace.Recipient();
                r.address = address;
                t.recipients.add(r);
            }
            r.attempts++;
            // an older line that arrives late does not undo a newer status
            if (r.finalTime != null && r.finalTime > e.time || r.statusTime > e.time) {
                continue;
            }
            r.statusTime = e.time;
            r.status = status;
            r.dsn = e.dsn;
            r.relay = e.relay();
            r.mailer = e.mailer;
            r.reply = e.reply != null ? e.reply : Trace.SENT.equals(status) ? null : e.statusFull;
            r.finalTime = Trace.DEFERRED.equals(status) ? null : e.time;
        }
    }

    /** sent (2.x.x or Sent), bounced (5.x.x), else deferred (4.x.x, Deferred, queued, ...). */
    static String normalize(CepEvent e) {
        String dsn = e.dsn;
        if (dsn != null && dsn.startsWith("2") || "Sent".equalsIgnoreCase(e.status)) {
            return Trace.SENT;
        }
        if (dsn != null && dsn.startsWith("5")) {
            return Trace.BOUNCE;
        }
        return Trace.DEFERRED;
    }

    private static Trace.Recipient find(List<Trace.Recipient> rs, String address) {
        for (Trace.Recipient r : rs) {
            if (r.address.equalsIgnoreCase(address)) {
                return r;
            }
        }
        return null;
    }

    private static void insertByTime(List<Trace.Step> steps, Trace.Step s) {
        int i = steps.size();
        while (i > 0 && steps.get(i - 1).time > s.time) {
            i--;
        }
        steps.add(i, s);
    }
}
