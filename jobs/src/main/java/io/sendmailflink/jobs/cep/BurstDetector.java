package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The window keeps copies of its signals, never the input objects (object reuse), and of each
 * only what the rule reads later: time, weight, bad, and for a bad signal its line and domains.
 * It is sorted by time and keeps running totals, so a signal costs O(1) amortized (an
 * out-of-order one: the newer signals it goes behind), not O(window): a popular destination
 * domain gets a signal for every delivery and keeps thousands in its window.
 */
public final class BurstDetector extends KeyedProcessFunction<String, Signal, Alert> {

    private static final long serialVersionUID = 1L;
    /** Signals kept per key while no burst is open (the threshold is far lower). */
    static final int MAX_WINDOW_SIGNALS = 10_000;

    /** Per key: the recent signals and the open burst. */
    @TypeInfo(State.TypeFactory.class)
    public static class State {
        /** While no burst is open: the signals of the last window, oldest first ({@link #kept}). */
        public ArrayDeque<Signal> window = new ArrayDeque<>();
        /** Of the window's bad signals: the sum of their weights. */
        public long counted;
        /** Of the window's signals: how many are bad ({@code window.size()} counts them all). */
        public long badSignals;
        /**
         * outbound_burst only: how many of the window's bad signals name each domain (a cache of
         * the window, not serialized; null until needed, so rebuilt after a restore).
         */
        Map<String, Integer> domainCounts;
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
            c.window = new ArrayDeque<>(window.size());
            for (Signal x : window) {
                c.window.add(x.copy());
            }
            c.counted = counted;
            c.badSignals = badSignals;
            c.domainCounts = domainCounts == null ? null : new HashMap<>(domainCounts);
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

        /** Sets the totals from the window (a state read from the format without them). */
        void recount() {
            counted = 0;
            badSignals = 0;
            for (Signal x : window) {
                if (x.bad) {
                    counted += x.weight;
                    badSignals++;
                }
            }
        }

        /** The {@code @TypeInfo} factory: {@link CepSerializers.BurstStateSerializer}. */
        public static final class TypeFactory extends TypeInfoFactory<State> {
            @Override
            public TypeInformation<State> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
                return new SerializerTypeInfo<>(State.class, new CepSerializers.BurstStateSerializer());
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
            // outbound_burst alone needs the distinct domains; counted from the window once (a restore)
            if (kind == AlertKind.OUTBOUND_BURST && st.domainCounts == null) {
                st.domainCounts = new HashMap<>();
                for (Signal x : st.window) {
                    countDomains(st, x, 1);
                }
            }
            insert(st, kept(s));
            // sorted by time: the expired signals, and those over the cap, are a prefix
            long newest = st.window.peekLast().time;
            while (!st.window.isEmpty() && st.window.peekFirst().time <= newest - rule.windowMillis) {
                evict(st);
            }
            while (st.window.size() > MAX_WINDOW_SIGNALS) {
                evict(st);
            }
            if (reached(kind, rule, st)) {
                start(st);
            }
        }
        long when = st.active ? st.last + rule.quietMillis : st.window.peekLast().time + rule.windowMillis;
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

    /** The window reaches the rule: O(1) from the totals (outbound_burst: its domain counts). */
    private boolean reached(AlertKind kind, CepOptions.Rule rule, State st) {
        if (st.counted < rule.threshold) {
            return false;
        }
        switch (kind) {
            case OUTBOUND_BURST:
                return st.domainCounts.size() >= options.outboundMinDomains();
            case DESTINATION_BLOCKLISTED:
                return st.badSignals >= options.blocklistFailureShare() * st.window.size();
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
        st.window = new ArrayDeque<>();
        st.counted = 0;
        st.badSignals = 0;
        st.domainCounts = null;
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

    /**
     * The copy the window keeps: a signal that is not bad is only counted as an attempt, so it
     * keeps neither line nor domains; key fields come from the operator's key.
     */
    static Signal kept(Signal s) {
        Signal c = new Signal();
        c.time = s.time;
        c.weight = s.weight;
        c.bad = s.bad;
        if (s.bad) {
            c.line = s.line;
            c.domains = s.domains == null ? null : s.domains.clone();
        }
        return c;
    }

    /** Inserts by time (after the signals of equal time) and adds it to the totals. */
    private static void insert(State st, Signal s) {
        ArrayDeque<Signal> w = st.window;
        if (w.isEmpty() || w.peekLast().time <= s.time) {
            w.addLast(s);
        } else {
            // out of order: set aside the newer signals, newest at the bottom of the stack
            ArrayDeque<Signal> newer = new ArrayDeque<>();
            while (!w.isEmpty() && w.peekLast().time > s.time) {
                newer.push(w.pollLast());
            }
            w.addLast(s);
            while (!newer.isEmpty()) {
                w.addLast(newer.pop());
            }
        }
        if (s.bad) {
            st.counted += s.weight;
            st.badSignals++;
        }
        countDomains(st, s, 1);
    }

    /** Removes the oldest signal and takes it off the totals. */
    private static void evict(State st) {
        Signal x = st.window.pollFirst();
        if (x.bad) {
            st.counted -= x.weight;
            st.badSignals--;
        }
        countDomains(st, x, -1);
    }

    /** outbound_burst: adds (+1) or removes (-1) a bad signal's domains from the domain counts. */
    private static void countDomains(State st, Signal x, int delta) {
        if (st.domainCounts == null || !x.bad || x.domains == null) {
            return;
        }
        for (String d : x.domains) {
            st.domainCounts.merge(d, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
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
