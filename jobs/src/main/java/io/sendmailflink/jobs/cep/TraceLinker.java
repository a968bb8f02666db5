package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Links the copies of one message that our own hosts relayed to each other, by message ID: the
 * downstream trace gets the upstream queue ID as {@code parent_queue_id} (unless it is a bounce,
 * whose parent is the message it reports on). Each trace waits {@link CepOptions#linkWindowMillis()}
 * (event time) for its partners, then goes on; traces without a message ID pass straight through.
 *
 * <p>Upstream → downstream when the upstream received the message first (1 s tolerance: RFC 3164
 * times have whole seconds) and sent at least one
 * recipient, and either both are on one host and the downstream came from loopback (the
 * submission program handing over to the daemon), or they are on two hosts and the upstream
 * delivered to the downstream host (relay name {@code host} or {@code host.*}) or the downstream's
 * client is the upstream host.
 */
public final class TraceLinker extends KeyedProcessFunction<String, Trace, Trace> {

    private static final long serialVersionUID = 1L;

    /** Traces of one message ID: waiting, and recently emitted (still partners). */
    @TypeInfo(Group.TypeFactory.class)
    public static class Group {
        public List<Trace> waiting = new ArrayList<>();
        public List<Long> due = new ArrayList<>();
        public List<Trace> recent = new ArrayList<>();
        public List<Long> forgetAt = new ArrayList<>();

        public Group() {
        }

        Group copy() {
            Group c = new Group();
            for (Trace t : waiting) {
                c.waiting.add(t.copy());
            }
            c.due.addAll(due);
            for (Trace t : recent) {
                c.recent.add(t.copy());
            }
            c.forgetAt.addAll(forgetAt);
            return c;
        }

        /** The {@code @TypeInfo} factory: {@link CepSerializers.LinkGroupSerializer}. */
        public static final class TypeFactory extends TypeInfoFactory<Group> {
            @Override
            public TypeInformation<Group> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
                return new SerializerTypeInfo<>(Group.class, new CepSerializers.LinkGroupSerializer());
            }
        }
    }

    /** The message ID, or (host, queue ID) for traces without one. */
    public static final class Key implements KeySelector<Trace, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Trace t) {
            return t.messageId != null ? "m" + t.messageId : "q" + t.host + '\u0000' + t.queueId;
        }
    }

    private final long windowMillis;
    private transient ValueState<Group> state;

    public TraceLinker(CepOptions options) {
        this.windowMillis = options.linkWindowMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("message-id-group", Group.class));
    }

    @Override
    public void processElement(Trace in, Context ctx, Collector<Trace> out) throws Exception {
        if (in.messageId == null) {
            out.collect(in);
            return;
        }
        // kept in state and linked in place: a copy, not the input object (object reuse)
        Trace t = in.copy();
        Group g = state.value();
        if (g == null) {
            g = new Group();
        }
        for (Trace other : g.waiting) {
            link(other, t);
            link(t, other);
        }
        for (Trace other : g.recent) {
            link(other, t);
        }
        long now = ctx.timestamp() != null ? ctx.timestamp() : t.finalTime;
        long due = Math.max(now, ctx.timerService().currentWatermark()) + windowMillis;
        g.waiting.add(t);
        g.due.add(due);
        ctx.timerService().registerEventTimeTimer(due);
        state.update(g);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Trace> out) throws Exception {
        Group g = state.value();
        if (g == null) {
            return;
        }
        Group next = new Group();
        for (int i = 0; i < g.waiting.size(); i++) {
            Trace t = g.waiting.get(i);
            if (g.due.get(i) <= ts) {
                out.collect(t);
                next.recent.add(t);
                next.forgetAt.add(ts + windowMillis);
                ctx.timerService().registerEventTimeTimer(ts + windowMillis);
            } else {
                next.waiting.add(t);
                next.due.add(g.due.get(i));
            }
        }
        for (int i = 0; i < g.recent.size(); i++) {
            if (g.forgetAt.get(i) > ts) {
                next.recent.add(g.recent.get(i));
                next.forgetAt.add(g.forgetAt.get(i));
            }
        }
        if (next.waiting.isEmpty() && next.recent.isEmpty()) {
            state.clear();
        } else {
            state.update(next);
        }
    }

    /** Sets {@code down.parentQueueId} when {@code up} handed the message to {@code down}. */
    static void link(Trace up, Trace down) {
        if (up == down || down.parentQueueId != null || up.receiptTime == null || down.receiptTime == null
                || up.receiptTime > down.receiptTime + 1000 || up.count(Trace.SENT) == 0
                || up.host.equals(down.host) && up.queueId.equals(down.queueId)) {
            return;
        }
        boolean linked;
        if (up.host.equals(down.host)) {
            linked = isLoopback(down.clientIp);
        } else {
            linked = names(down.clientRelay, up.host);
            for (Trace.Recipient r : up.recipients) {
                linked |= Trace.SENT.equals(r.status) && names(r.relay, down.host);
            }
        }
        if (linked) {
            down.parentQueueId = up.queueId;
        }
    }

    private static boolean isLoopback(String ip) {
        return ip != null && (ip.startsWith("127.") || ip.equals("::1"));
    }

    /** Whether a relay name is the host ({@code host} or {@code host.domain}). */
    private static boolean names(String relay, String host) {
        if (relay == null || host == null) {
            return false;
        }
        String r = relay.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return r.equals(h) || r.startsWith(h + ".");
    }
}
