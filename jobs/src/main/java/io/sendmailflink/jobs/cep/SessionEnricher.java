package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
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
 * Puts what an SMTP session negotiated (TLS version, AUTH identity and mechanism) on the receipts
 * of that session. Sendmail logs {@code STARTTLS=server} and {@code AUTH=server} often without a
 * queue ID, but always from the session's process: the key is (host, process ID). A receipt waits
 * for the watermark to pass its time, then takes the latest TLS and AUTH line of its process at or
 * before it and within {@link CepOptions#sessionTimeoutMillis()}. Emits receipts only; session
 * lines are dropped here (they still reach the traces of their queue ID, if any, and the alerts).
 *
 * <p>Keeps copies, never its input objects (object reuse): a receipt is copied, a session line is
 * reduced to its {@link Mark}.
 */
public final class SessionEnricher extends KeyedProcessFunction<String, CepEvent, CepEvent> {

    private static final long serialVersionUID = 1L;

    /** What one (host, pid) has seen, waiting receipts included. */
    @TypeInfo(Session.TypeFactory.class)
    public static class Session {
        public List<Mark> marks = new ArrayList<>();
        public List<CepEvent> receipts = new ArrayList<>();

        public Session() {
        }

        Session copy() {
            Session c = new Session();
            for (Mark m : marks) {
                c.marks.add(m.copy());
            }
            for (CepEvent r : receipts) {
                c.receipts.add(r.copy());
            }
            return c;
        }

        /** The {@code @TypeInfo} factory: {@link CepSerializers.SessionSerializer}. */
        public static final class TypeFactory extends TypeInfoFactory<Session> {
            @Override
            public TypeInformation<Session> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
                return new SerializerTypeInfo<>(Session.class, new CepSerializers.SessionSerializer());
            }
        }
    }

    /** What a session's STARTTLS=server or AUTH=server line tells its receipts. */
    public static class Mark {
        public long time;
        /** A server STARTTLS line ({@link SessionEnricher#isTls}). */
        public boolean tls;
        /** A server AUTH success ({@link SessionEnricher#isAuth}). */
        public boolean auth;
        public String tlsVersion;
        public String authid;
        public String mech;

        public Mark() {
        }

        static Mark of(CepEvent e) {
            Mark m = new Mark();
            m.time = e.time;
            m.tls = isTls(e);
            m.auth = isAuth(e);
            m.tlsVersion = e.tlsVersion;
            m.authid = e.authid;
            m.mech = e.mech;
            return m;
        }

        Mark copy() {
            Mark c = new Mark();
            c.time = time;
            c.tls = tls;
            c.auth = auth;
            c.tlsVersion = tlsVersion;
            c.authid = authid;
            c.mech = mech;
            return c;
        }
    }

    /** (host, process ID). */
    public static final class Key implements KeySelector<CepEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CepEvent e) {
            return e.host + '\u0000' + e.pid;
        }
    }

    private final long sessionMillis;
    private transient ValueState<Session> state;

    public SessionEnricher(CepOptions options) {
        this.sessionMillis = options.sessionTimeoutMillis();
    }

    /** The lines this stage reads: receipts with a process ID, and server-side TLS and AUTH successes. */
    public static boolean wanted(CepEvent e) {
        if (e.pid == null || e.host == null) {
            return false;
        }
        return e.is("receipt") || isTls(e) || isAuth(e);
    }

    static boolean isTls(CepEvent e) {
        return e.is("starttls") && "server".equals(e.tlsRole) && e.tlsVersion != null;
    }

    static boolean isAuth(CepEvent e) {
        return e.is("authentication") && "server".equals(e.authRole) && e.authid != null
                && !"failure".equals(e.outcome);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("session", Session.class));
    }

    @Override
    public void processElement(CepEvent e, Context ctx, Collector<CepEvent> out) throws Exception {
        Session s = state.value();
        if (s == null) {
            s = new Session();
        }
        if (e.is("receipt")) {
            s.receipts.add(e.copy());
            ctx.timerService().registerEventTimeTimer(e.time);
        } else {
            s.marks.add(Mark.of(e));
            ctx.timerService().registerEventTimeTimer(e.time + sessionMillis);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<CepEvent> out) throws Exception {
        Session s = state.value();
        if (s == null) {
            return;
        }
        List<CepEvent> waiting = new ArrayList<>();
        for (CepEvent r : s.receipts) {
            if (r.time <= ts) {
                enrich(r, s.marks);
                out.collect(r);
            } else {
                waiting.add(r);
            }
        }
        s.receipts = waiting;
        s.marks.removeIf(m -> m.time + sessionMillis <= ts);
        if (s.receipts.isEmpty() && s.marks.isEmpty()) {
            state.clear();
        } else {
            state.update(s);
        }
    }

    private void enrich(CepEvent r, List<Mark> marks) {
        Mark tls = null;
        Mark auth = null;
        for (Mark m : marks) {
            if (m.time > r.time || r.time - m.time > sessionMillis) {
                continue;
            }
            if (m.tls && (tls == null || m.time >= tls.time)) {
                tls = m;
            } else if (m.auth && (auth == null || m.time >= auth.time)) {
                auth = m;
            }
        }
        if (tls != null && r.tlsVersion == null) {
            r.tlsVersion = tls.tlsVersion;
        }
        if (auth != null && r.authid == null) {
            r.authid = auth.authid;
            r.mech = auth.mech;
        }
    }
}
