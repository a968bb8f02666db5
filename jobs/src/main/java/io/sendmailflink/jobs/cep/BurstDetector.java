package io.sendmailflink.jobs.cep;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One alert per burst, keyed by (kind, host, key). A burst starts when the signals within the
 * rule's window reach its threshold (outbound_burst: also {@link CepOptions#outboundMinDomains()}
 * domains; destination_blocklisted: failures reach the threshold and
 * {@link CepOptions#blocklistFailureShare()} of the attempts). It then takes every counted signal
 * until none came for the rule's quiet period, and is emitted once, then, with its first and last
 * time, total count and first sample lines. Event-time timers bound the state to one window (or
 * one burst) per key.
 *
 * <p>BATCH mode fires timers only at the end of a key's input; a signal after the quiet period
 * therefore ends the open burst first, so that batch and streaming cut bursts alike.
 *
 * <p>The window keeps copies of its signals, never the input objects (object reuse).
 */
public final class BurstDetector extends KeyedProcessFunction<String, Signal, Alert> {

    private static final long serialVersionUID = 1L;
    /** Signals kept per key while no burst is open (the threshold is far lower). */
    static final int MAX_WINDOW_SIGNALS = 10_000;

    /** Per key: the recent signals and the open burst. */
    @TypeInfo(State.TypeFactory.class)
    public static class State {
        public List<Signal> window = new ArrayList<>();
        public boolean active;
        public long first;
        public long last;
        public long count;
        public long attempts;
        public List<String> samples = new ArrayList<>();
        public List<String> domains = new ArrayList<>();
        /** The registered timer. */
        public long timer = Long.MIN_VALUE;

        public State() {
        }

        State copy() {
            State c = new State();
            c.window = new ArrayList<>(window.size());
            for (Signal x : window) {
                c.window.add(x.copy());
            }
            c.active = active;
            c.first = first;
            c.last = last;
            c.count = count;
            c.attempts = attempts;
            c.samples = samples == null ? null : new ArrayList<>(samples);
            c.domains = domains == null ? null : new ArrayList<>(domains);
            c.timer = timer;
            return c;
        }

        /** The {@code @TypeInfo} factory: {@link CepSerializers.BurstStateSerializer}. */
        public static final class TypeFactory extends TypeInfoFactory<State> {
            @Override
            public TypeInformation<State> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
                return new CepTypeInfo<>(State.class, new CepSerializers.BurstStateSerializer());
            }
        }
    }

    private final CepOptions options;
    private transient ValueState<State> state;

    public BurstDetector(CepOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("burst", State.class));
    }

    @Override
    public void processElement(Signal s, Context ctx, Collector<Alert> out) throws Exception {
        AlertKind kind = s.alertKind();
        CepOptions.Rule rule = options.rule(kind);
        State st = state.value();
        if (st == null) {
            st = new State();
        }
        if (st.active && s.bad && s.time > st.last + rule.quietMillis) {
            out.collect(alert(kind, s.host, s.key, st, rule));
            st = new State();
        }
        if (st.active) {
            st.attempts++;
            if (s.bad) {
                st.count += s.weight;
                st.last = Math.max(st.last, s.time);
                st.first = Math.min(st.first, s.time);
                addSample(st, s.line);
                addDomains(st, s.domains);
            }
        } else {
            insertByTime(st.window, s.copy());
            long newest = st.window.get(st.window.size() - 1).time;
            st.window.removeIf(x -> x.time <= newest - rule.windowMillis);
            while (st.window.size() > MAX_WINDOW_SIGNALS) {
                st.window.remove(0);
            }
            if (reached(kind, rule, st.window)) {
                start(st);
            }
        }
        long when = st.active ? st.last + rule.quietMillis : st.window.get(st.window.size() - 1).time + rule.windowMillis;
        if (when != st.timer) {
            if (st.timer != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(st.timer);
            }
            st.timer = when;
            ctx.timerService().registerEventTimeTimer(when);
        }
        state.update(st);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        State st = state.value();
        if (st == null || ts < st.timer) {
            return;
        }
        if (st.active) {
            String[] k = ctx.getCurrentKey().split("\u0000", 3);
            AlertKind kind = AlertKind.valueOf(k[0]);
            out.collect(alert(kind, k[1], k[2], st, options.rule(kind)));
        }
        state.clear();
    }

    private boolean reached(AlertKind kind, CepOptions.Rule rule, List<Signal> window) {
        long counted = 0;
        long all = 0;
        Set<String> domains = new HashSet<>();
        for (Signal x : window) {
            all++;
            if (x.bad) {
                counted += x.weight;
                if (x.domains != null) {
                    domains.addAll(List.of(x.domains));
                }
            }
        }
        if (counted < rule.threshold) {
            return false;
        }
        switch (kind) {
            case OUTBOUND_BURST:
                return domains.size() >= options.outboundMinDomains();
            case DESTINATION_BLOCKLISTED:
                return window.stream().filter(x -> x.bad).count() >= options.blocklistFailureShare() * all;
            default:
                return true;
        }
    }

    private void start(State st) {
        st.active = true;
        st.first = Long.MAX_VALUE;
        st.last = Long.MIN_VALUE;
        for (Signal x : st.window) {
            st.attempts++;
            if (x.bad) {
                st.count += x.weight;
                st.first = Math.min(st.first, x.time);
                st.last = Math.max(st.last, x.time);
                addSample(st, x.line);
                addDomains(st, x.domains);
            }
        }
        st.window = new ArrayList<>();
    }

    private void addSample(State st, String line) {
        if (line != null && st.samples.size() < options.sampleLines()) {
            st.samples.add(line);
        }
    }

    private static void addDomains(State st, String[] domains) {
        if (domains == null) {
            return;
        }
        for (String d : domains) {
            if (!st.domains.contains(d) && st.domains.size() < 1000) {
                st.domains.add(d);
            }
        }
    }

    private static void insertByTime(List<Signal> list, Signal s) {
        int i = list.size();
        while (i > 0 && list.get(i - 1).time > s.time) {
            i--;
        }
        list.add(i, s);
    }

    private static Alert alert(AlertKind kind, String host, String key, State st, CepOptions.Rule rule) {
        Alert a = new Alert();
        a.kind = kind.wireName();
        AlertKind.Severity sev = kind.baseSeverity();
        if (st.count >= 5 * rule.threshold) {
            sev = sev.raised();
        }
        a.severity = sev.wireName();
        a.keyType = kind.keyType();
        a.key = key;
        a.host = host;
        a.firstTime = st.first;
        a.lastTime = st.last;
        a.eventCount = st.count;
        a.sampleLines = new ArrayList<>(st.samples);
        a.description = describe(kind, key, host, st);
        return a;
    }

    static String describe(AlertKind kind, String key, String host, State st) {
        String span = human(st.last - st.first);
        switch (kind) {
            case PREGREET_SCAN:
                return st.count + " connections from " + key + " talked before the greeting on " + host + " within " + span;
            case DISCOVERY_SCAN:
                return st.count + " VRFY/EXPN probes from " + key + " rejected on " + host + " within " + span;
            case INVALID_CONNECTION_SCAN:
                return st.count + " connections from " + key + " without MAIL/EXPN/VRFY/ETRN on " + host + " within " + span;
            case RELAY_PROBING:
                return st.count + " relaying attempts from " + key + " denied on " + host + " within " + span;
            case DICTIONARY_ATTACK:
                return st.count + " unknown recipients guessed from " + key + " on " + host + " within " + span;
            case AUTH_PASSWORD_GUESSING:
                return st.count + " AUTH failures from " + key + " on " + host + " within " + span;
            case OUTBOUND_BURST:
                return "authenticated sender " + key + " sent to " + st.count + " recipients in " + st.domains.size()
                        + " domains through " + host + " within " + span;
            case DESTINATION_BLOCKLISTED:
                return st.count + " of " + st.attempts + " delivery attempts from " + host + " to " + key
                        + " deferred or rejected within " + span;
            default:
                return st.count + " events for " + key + " on " + host;
        }
    }

    static String human(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        long m = d.toMinutes();
        long s = d.toSecondsPart();
        return m > 0 ? m + " min " + s + " s" : s + " s";
    }
}
