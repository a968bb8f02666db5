package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The hand-written serializers: every field survives a round trip (nulls, empty and large lists,
 * hostile text: control characters, quotes, Latin-1, CJK, emoji, lone surrogates, long lines),
 * through serialize/deserialize, the stream copy and the in-memory copy, several records in a
 * row; their snapshots restore and resolve compatibility; the classes' types use them.
 */
class CepSerializersTest {

    static final String[] HOSTILE = {
        "", "a", "plain ascii text with spaces", "quote \" backslash \\ slash / tab \t newline \n cr \r nul \u0000",
        "control \u0001\u001f\u007f del", "<script>alert('x')</script>\"><img src=x onerror=alert(1)>",
        "latin-1 caf\u00e9 \u00ff\u00a0", "cjk \u4e2d\u6587 \u65e5\u672c\u8a9e", "emoji \ud83d\ude00 \ud83d\udce7",
        "lone high \ud83d end", "lone low \ude00 end", "reversed \ude00\ud83d", "\ud800", "\udfff",
        "replacement \ufffd and bom \ufeff", "x".repeat(70_000), "\u00e9".repeat(300) + "\u4e2d".repeat(300),
    };

    static String hostile(Random r) {
        if (r.nextInt(8) == 0) {
            return HOSTILE[r.nextInt(HOSTILE.length)];
        }
        int n = r.nextInt(r.nextInt(20) == 0 ? 3000 : 40);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0:
                    b.append((char) r.nextInt(0x20));
                    break;
                case 1:
                    b.append((char) (0xD800 + r.nextInt(0x800)));
                    break;
                case 2:
                    b.append((char) r.nextInt(0x10000));
                    break;
                case 3:
                    b.append((char) (0x80 + r.nextInt(0x80)));
                    break;
                default:
                    b.append((char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return b.toString();
    }

    static String maybe(Random r) {
        return r.nextInt(3) == 0 ? null : hostile(r);
    }

    static Long maybeLong(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return null;
            case 1:
                return Long.MIN_VALUE;
            case 2:
                return Long.MAX_VALUE;
            default:
                return r.nextLong() >> r.nextInt(64);
        }
    }

    static CepEvent event(Random r) {
        CepEvent e = new CepEvent();
        e.host = maybe(r);
        e.qid = maybe(r);
        e.pid = maybe(r);
        e.time = r.nextLong();
        e.eventType = r.nextBoolean() ? new String[] {"receipt", "delivery", "other", CepEvent.PARENT_HINT}[r.nextInt(4)]
                : maybe(r);
        e.subtype = maybe(r);
        e.line = maybe(r);
        // the message is mostly the end of the line, as on real lines
        e.message = e.line != null && r.nextBoolean() ? e.line.substring(r.nextInt(e.line.length() + 1)) : maybe(r);
        e.from = maybe(r);
        e.size = maybeLong(r);
        e.nrcpts = maybeLong(r);
        e.messageId = maybe(r);
        e.protocol = maybe(r);
        e.clientHost = maybe(r);
        e.clientIp = maybe(r);
        e.authid = maybe(r);
        e.mech = maybe(r);
        e.authRole = maybe(r);
        e.outcome = maybe(r);
        e.tlsRole = maybe(r);
        e.tlsVersion = maybe(r);
        e.to = r.nextInt(3) == 0 ? null : strings(r, r.nextInt(100) == 0 ? 1500 : 4);
        e.status = maybe(r);
        e.dsn = maybe(r);
        e.reply = maybe(r);
        e.statusFull = maybe(r);
        e.mailer = maybe(r);
        e.destHost = maybe(r);
        e.destIp = maybe(r);
        e.delaySeconds = maybeLong(r);
        e.relatedQid = maybe(r);
        e.responseMessage = maybe(r);
        e.reject = maybe(r);
        e.address = maybe(r);
        return e;
    }

    static String[] strings(Random r, int max) {
        String[] a = new String[r.nextInt(max + 1)];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(20) == 0 ? null : hostile(r);
        }
        return a;
    }

    static Signal signal(Random r) {
        Signal s = new Signal();
        s.kind = r.nextBoolean() ? AlertKind.values()[r.nextInt(AlertKind.values().length)].name() : maybe(r);
        s.host = maybe(r);
        s.key = maybe(r);
        s.time = r.nextLong();
        s.weight = r.nextLong() >> r.nextInt(64);
        s.bad = r.nextBoolean();
        s.success = r.nextBoolean();
        s.domains = r.nextBoolean() ? null : strings(r, 8);
        s.clientIp = maybe(r);
        s.line = maybe(r);
        return s;
    }

    static Trace trace(Random r) {
        Trace t = new Trace();
        t.host = maybe(r);
        t.queueId = maybe(r);
        t.messageId = maybe(r);
        t.sender = maybe(r);
        t.size = maybeLong(r);
        t.nrcpts = maybeLong(r);
        t.clientRelay = maybe(r);
        t.clientIp = maybe(r);
        t.protocol = maybe(r);
        t.tlsVersion = maybe(r);
        t.authMechanism = maybe(r);
        t.authid = maybe(r);
        t.firstSeen = maybeLong(r);
        t.finalTime = maybeLong(r);
        t.reportedDelaySeconds = maybeLong(r);
        t.outcome = maybe(r);
        t.bounceQueueId = maybe(r);
        t.parentQueueId = maybe(r);
        int nr = r.nextInt(100) == 0 ? 1000 : r.nextInt(4);
        for (int i = 0; i < nr; i++) {
            Trace.Recipient x = new Trace.Recipient();
            x.address = maybe(r);
            x.status = r.nextBoolean() ? new String[] {Trace.SENT, Trace.DEFERRED, Trace.BOUNCE}[r.nextInt(3)] : maybe(r);
            x.dsn = maybe(r);
            x.relay = maybe(r);
            x.mailer = maybe(r);
            x.attempts = r.nextInt();
            x.finalTime = maybeLong(r);
            x.reply = maybe(r);
            x.statusTime = r.nextLong();
            x.signalled = r.nextBoolean();
            t.recipients.add(x);
        }
        int ns = r.nextInt(100) == 0 ? 500 : r.nextInt(5);
        for (int i = 0; i < ns; i++) {
            Trace.Step s = new Trace.Step();
            s.time = r.nextLong();
            s.eventType = r.nextBoolean() ? "delivery" : maybe(r);
            s.recipient = maybe(r);
            s.status = maybe(r);
            s.dsn = maybe(r);
            s.relay = maybe(r);
            s.text = maybe(r);
            t.steps.add(s);
        }
        if (r.nextInt(10) == 0) {
            t.recipients = null;
        }
        if (r.nextInt(10) == 0) {
            t.steps = null;
        }
        t.receiptTime = maybeLong(r);
        t.lines = r.nextLong();
        t.rejections = r.nextInt();
        t.messageLines = r.nextLong();
        t.receiptLine = maybe(r);
        t.lastActivity = r.nextLong();
        t.deadline = r.nextLong();
        return t;
    }

    static Alert alert(Random r) {
        Alert a = new Alert();
        a.kind = maybe(r);
        a.severity = maybe(r);
        a.keyType = maybe(r);
        a.key = maybe(r);
        a.host = maybe(r);
        a.firstTime = r.nextLong();
        a.lastTime = r.nextLong();
        a.eventCount = r.nextLong();
        a.sampleLines = r.nextInt(5) == 0 ? null : new ArrayList<>(Arrays.asList(strings(r, 6)));
        a.description = maybe(r);
        return a;
    }

    /** Serializes all, reads all back (also through the stream copy), and checks the in-memory copy. */
    static <T> List<T> roundTrip(TypeSerializer<T> s, List<T> in, Function<T, Object> fields) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (T t : in) {
            s.serialize(t, out);
        }
        DataInputDeserializer src = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(64);
        TypeSerializer<T> other = s.duplicate();
        for (int i = 0; i < in.size(); i++) {
            other.copy(src, copied);
        }
        assertThat(src.available()).isZero();
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        DataInputDeserializer back = new DataInputDeserializer(copied.getCopyOfBuffer());
        List<T> result = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            result.add(i % 2 == 0 ? s.deserialize(back) : s.deserialize(s.createInstance(), back));
        }
        assertThat(back.available()).isZero();
        for (T t : in) {
            T c = s.copy(t);
            assertThat(c).isNotSameAs(t);
            assertThat(fields.apply(c)).isEqualTo(fields.apply(t));
            assertThat(fields.apply(s.copy(t, s.createInstance()))).isEqualTo(fields.apply(t));
        }
        return result;
    }

    /** The fields of a list of records, for comparisons (assertj's recursive comparison is slow here). */
    static <T> List<Object> all(Collection<T> l, Function<T, Object> fields) {
        return l.stream().map(fields).collect(Collectors.toList());
    }

    static Object fields(Signal x) {
        return Arrays.asList(x.kind, x.host, x.key, x.time, x.weight, x.bad, x.success,
                x.domains == null ? null : Arrays.asList(x.domains), x.clientIp, x.line);
    }

    static Object fields(Trace t) {
        List<Object> rs = null;
        if (t.recipients != null) {
            rs = new ArrayList<>();
            for (Trace.Recipient r : t.recipients) {
                rs.add(Arrays.asList(r.address, r.status, r.dsn, r.relay, r.mailer, r.attempts, r.finalTime, r.reply,
                        r.statusTime, r.signalled));
            }
        }
        List<Object> ss = null;
        if (t.steps != null) {
            ss = new ArrayList<>();
            for (Trace.Step x : t.steps) {
                ss.add(Arrays.asList(x.time, x.eventType, x.recipient, x.status, x.dsn, x.relay, x.text));
            }
        }
        return Arrays.asList(t.host, t.queueId, t.messageId, t.sender, t.size, t.nrcpts, t.clientRelay, t.clientIp,
                t.protocol, t.tlsVersion, t.authMechanism, t.authid, t.firstSeen, t.finalTime, t.reportedDelaySeconds,
                t.outcome, t.bounceQueueId, t.parentQueueId, rs, ss, t.receiptTime, t.lines, t.rejections,
                t.messageLines, t.receiptLine, t.lastActivity, t.deadline);
    }

    static Object fields(Alert a) {
        return Arrays.asList(a.kind, a.severity, a.keyType, a.key, a.host, a.firstTime, a.lastTime, a.eventCount,
                a.sampleLines, a.description);
    }

    static Object fields(SessionEnricher.Session s) {
        List<Object> marks = new ArrayList<>();
        for (SessionEnricher.Mark m : s.marks) {
            marks.add(Arrays.asList(m.time, m.tls, m.auth, m.tlsVersion, m.authid, m.mech));
        }
        return Arrays.asList(marks, all(s.receipts, CepEventsTest::fields));
    }

    static Object fields(BurstDetector.State b) {
        return Arrays.asList(all(b.window, CepSerializersTest::fields), b.counted, b.badSignals, b.active, b.first,
                b.last, b.count, b.attempts, b.samples, b.domains, b.timer);
    }

    static Object fields(TraceLinker.Group g) {
        return Arrays.asList(all(g.waiting, CepSerializersTest::fields), g.due, all(g.recent, CepSerializersTest::fields),
                g.forgetAt);
    }

    @Test
    void eventsRoundTripWithEveryField() throws IOException {
        Random r = new Random(1);
        List<CepEvent> in = new ArrayList<>();
        in.add(new CepEvent());
        for (int i = 0; i < 2000; i++) {
            in.add(event(r));
        }
        TypeSerializer<CepEvent> s = CepEvent.TYPE.createSerializer(new SerializerConfigImpl());
        assertThat(all(roundTrip(s, in, CepEventsTest::fields), CepEventsTest::fields))
                .isEqualTo(all(in, CepEventsTest::fields));
    }

    @Test
    void theViewsLeaveOutOnlyWhatTheSessionAndTraceStagesNeverRead() throws IOException {
        Random r = new Random(2);
        List<CepEvent> in = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            in.add(event(r));
        }
        for (boolean session : new boolean[] {true, false}) {
            TypeSerializer<CepEvent> s = (session ? CepEvent.SESSION_VIEW : CepEvent.TRACE_VIEW)
                    .createSerializer(new SerializerConfigImpl());
            List<CepEvent> out = roundTrip(s, in, CepEventsTest::fields);
            for (int i = 0; i < in.size(); i++) {
                CepEvent expected = expectedInView(in.get(i), session);
                assertThat(CepEventsTest.fields(out.get(i))).isEqualTo(CepEventsTest.fields(expected));
            }
        }
    }

    /** What a view keeps, written out field by field. */
    static CepEvent expectedInView(CepEvent e, boolean session) {
        boolean receipt = "receipt".equals(e.eventType);
        CepEvent x = new CepEvent();
        x.host = e.host;
        x.time = e.time;
        x.eventType = e.eventType;
        if (session && !receipt) {
            // a mark: key, time and what it tells
            x.pid = e.pid;
            x.authid = e.authid;
            x.mech = e.mech;
            x.authRole = e.authRole;
            x.outcome = e.outcome;
            x.tlsRole = e.tlsRole;
            x.tlsVersion = e.tlsVersion;
            return x;
        }
        // what the trace stage reads of every line
        x.qid = e.qid;
        x.subtype = e.subtype;
        x.message = e.message;
        x.status = e.status;
        x.dsn = e.dsn;
        x.to = e.to;
        x.reply = e.reply;
        x.statusFull = session || e.reply == null && !Trace.SENT.equals(TraceFunction.normalize(e)) ? e.statusFull : null;
        x.mailer = e.mailer;
        x.destHost = e.destHost;
        x.destIp = e.destIp;
        x.delaySeconds = e.delaySeconds;
        x.relatedQid = e.relatedQid;
        x.reject = e.reject;
        x.address = e.address;
        if (receipt) {
            x.pid = session ? e.pid : null;
            x.line = session || e.authid != null ? e.line : null;
            x.from = e.from;
            x.size = e.size;
            x.nrcpts = e.nrcpts;
            x.messageId = e.messageId;
            x.protocol = e.protocol;
            x.clientHost = e.clientHost;
            x.clientIp = e.clientIp;
            x.tlsVersion = e.tlsVersion;
            x.authid = e.authid;
            x.mech = e.mech;
        }
        return x;
    }

    @Test
    void tracesFoldedFromTheTraceViewAreTheTracesOfTheFullEvents() throws IOException {
        io.sendmailflink.jobs.generate.LogGenerator g = new io.sendmailflink.jobs.generate.LogGenerator(
                io.sendmailflink.jobs.generate.GeneratorOptions.defaults().withSeed(21).withAllAttacks()
                        .withPayloads(true).withFormat(io.sendmailflink.jobs.generate.GeneratorOptions.Format.MIXED));
        TypeSerializer<CepEvent> view = CepEvent.TRACE_VIEW.createSerializer(new SerializerConfigImpl());
        CepOptions o = new CepOptions();
        java.util.Map<String, Trace[]> traces = new java.util.LinkedHashMap<>();
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (int i = 0; i < 20_000; i++) {
            String line = g.next();
            List<CepEvent> events;
            try {
                events = Lines.events(line);
            } catch (IllegalArgumentException notAnEvent) {
                continue;
            }
            for (CepEvent e : events) {
                if (e.qid == null || e.host == null) {
                    continue;
                }
                out.clear();
                view.serialize(e, out);
                CepEvent narrow = view.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
                Trace[] pair = traces.computeIfAbsent(e.host + "/" + e.qid, k -> new Trace[] {new Trace(), new Trace()});
                TraceFunction.fold(pair[0], e, o);
                TraceFunction.fold(pair[1], narrow, o);
                // what the outbound-burst signal would take
                assertThat(Signals.outbound(pair[1], e.time) == null).isEqualTo(Signals.outbound(pair[0], e.time) == null);
                assertThat(pair[1].authid == null ? null : pair[1].receiptLine)
                        .isEqualTo(pair[0].authid == null ? null : pair[0].receiptLine);
            }
        }
        assertThat(traces).hasSizeGreaterThan(1000);
        for (Trace[] pair : traces.values()) {
            pair[0].receiptLine = null;
            pair[1].receiptLine = null;
            assertThat(fields(pair[1])).isEqualTo(fields(pair[0]));
        }
    }

    @Test
    void realLinesRoundTripInEveryView() throws IOException {
        List<CepEvent> in = new ArrayList<>();
        for (String l : new String[] {TraceFunctionTest.RECEIPT, Bursts.BLOCKED.replace("%T", "Nov 24 10:00:00")
                .replace("%I", "1"), Bursts.AUTH_SUCCESS.replace("%T", "Nov 24 10:00:00")}) {
            in.addAll(Lines.events(l));
        }
        CepEvent authenticated = in.get(0).copy();
        authenticated.authid = "alice";
        authenticated.mech = "PLAIN";
        in.add(authenticated);
        for (TypeInformation<CepEvent> t : List.of(CepEvent.TYPE, CepEvent.SESSION_VIEW, CepEvent.TRACE_VIEW)) {
            List<CepEvent> out = roundTrip(t.createSerializer(new SerializerConfigImpl()), in, CepEventsTest::fields);
            // an authenticated receipt keeps its line, the message read back from the line's end
            assertThat(out.get(3).line).isEqualTo(authenticated.line);
            assertThat(out.get(3).message).isEqualTo(authenticated.message);
            assertThat(out.get(0).eventType).isSameAs("receipt");
            if (t == CepEvent.TYPE) {
                assertThat(CepEventsTest.fields(out.get(0))).isEqualTo(CepEventsTest.fields(in.get(0)));
            } else {
                for (int i = 0; i < in.size(); i++) {
                    assertThat(CepEventsTest.fields(out.get(i))).isEqualTo(CepEventsTest.fields(
                            expectedInView(in.get(i), t == CepEvent.SESSION_VIEW)));
                }
            }
            if (t == CepEvent.TRACE_VIEW) {
                assertThat(out.get(0).line).isNull();
                assertThat(out.get(0).message).isEqualTo(in.get(0).message);
            }
        }
    }

    @Test
    void signalsTracesAlertsRoundTrip() throws IOException {
        Random r = new Random(3);
        List<Signal> signals = new ArrayList<>();
        List<Trace> traces = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        signals.add(new Signal());
        traces.add(new Trace());
        alerts.add(new Alert());
        for (int i = 0; i < 500; i++) {
            signals.add(signal(r));
            traces.add(trace(r));
            alerts.add(alert(r));
        }
        SerializerConfigImpl c = new SerializerConfigImpl();
        assertThat(all(roundTrip(Signal.TYPE.createSerializer(c), signals, CepSerializersTest::fields),
                CepSerializersTest::fields)).isEqualTo(all(signals, CepSerializersTest::fields));
        assertThat(all(roundTrip(Trace.TYPE.createSerializer(c), traces, CepSerializersTest::fields),
                CepSerializersTest::fields)).isEqualTo(all(traces, CepSerializersTest::fields));
        assertThat(all(roundTrip(Alert.TYPE.createSerializer(c), alerts, CepSerializersTest::fields),
                CepSerializersTest::fields)).isEqualTo(all(alerts, CepSerializersTest::fields));
    }

    @Test
    void statesRoundTrip() throws IOException {
        Random r = new Random(4);
        List<SessionEnricher.Session> sessions = new ArrayList<>();
        List<BurstDetector.State> bursts = new ArrayList<>();
        List<TraceLinker.Group> groups = new ArrayList<>();
        sessions.add(new SessionEnricher.Session());
        bursts.add(new BurstDetector.State());
        groups.add(new TraceLinker.Group());
        for (int i = 0; i < 60; i++) {
            SessionEnricher.Session s = new SessionEnricher.Session();
            for (int j = r.nextInt(5); j > 0; j--) {
                SessionEnricher.Mark m = new SessionEnricher.Mark();
                m.time = r.nextLong();
                m.tls = r.nextBoolean();
                m.auth = r.nextBoolean();
                m.tlsVersion = maybe(r);
                m.authid = maybe(r);
                m.mech = maybe(r);
                s.marks.add(m);
            }
            for (int j = r.nextInt(3); j > 0; j--) {
                s.receipts.add(event(r));
            }
            sessions.add(s);
            BurstDetector.State b = new BurstDetector.State();
            for (int j = i == 7 ? 10_000 : r.nextInt(5); j > 0; j--) {
                b.window.add(signal(r));
            }
            b.counted = r.nextLong();
            b.badSignals = r.nextInt(10_001);
            b.active = r.nextBoolean();
            b.first = r.nextLong();
            b.last = r.nextLong();
            b.count = r.nextLong();
            b.attempts = r.nextLong();
            b.timer = r.nextLong();
            b.samples = r.nextInt(5) == 0 ? null : new ArrayList<>(Arrays.asList(strings(r, 5)));
            b.domains = r.nextInt(5) == 0 ? null : new ArrayList<>(Arrays.asList(strings(r, i == 9 ? 1000 : 6)));
            bursts.add(b);
            TraceLinker.Group g = new TraceLinker.Group();
            for (int j = r.nextInt(4); j > 0; j--) {
                g.waiting.add(trace(r));
                g.due.add(r.nextLong());
            }
            for (int j = r.nextInt(4); j > 0; j--) {
                g.recent.add(trace(r));
                g.forgetAt.add(r.nextLong());
            }
            groups.add(g);
        }
        assertThat(all(roundTrip(stateSerializer(SessionEnricher.Session.class), sessions, CepSerializersTest::fields),
                CepSerializersTest::fields)).isEqualTo(all(sessions, CepSerializersTest::fields));
        assertThat(all(roundTrip(stateSerializer(BurstDetector.State.class), bursts, CepSerializersTest::fields),
                CepSerializersTest::fields)).isEqualTo(all(bursts, CepSerializersTest::fields));
        assertThat(all(roundTrip(stateSerializer(TraceLinker.Group.class), groups, CepSerializersTest::fields),
                CepSerializersTest::fields)).isEqualTo(all(groups, CepSerializersTest::fields));
    }

    @Test
    void aBurstStateOfFormat1IsReadWithItsWindowCutAndItsTotalsCounted() throws IOException {
        Random r = new Random(5);
        BurstDetector.State old = new BurstDetector.State();
        long counted = 0;
        int bad = 0;
        for (int i = 0; i < 200; i++) {
            Signal x = signal(r);
            x.kind = AlertKind.DESTINATION_BLOCKLISTED.name();
            x.time = 1_000L * i;
            x.weight = 1 + r.nextInt(3);
            x.line = "line " + i;
            old.window.add(x);
            if (x.bad) {
                counted += x.weight;
                bad++;
            }
        }
        old.timer = 42;
        old.samples = new ArrayList<>(List.of("s"));
        DataOutputSerializer out = new DataOutputSerializer(256);
        new CepSerializers.BurstStateSerializer(1).serialize(old, out);

        @SuppressWarnings("unchecked")
        CepSerializer<BurstDetector.State> current = (CepSerializer<BurstDetector.State>) stateSerializer(
                BurstDetector.State.class);
        assertThat(current.format()).isEqualTo(2);
        TypeSerializerSnapshot<BurstDetector.State> v1 = new CepSerializers.BurstStateSerializer(1)
                .snapshotConfiguration();
        assertThat(current.snapshotConfiguration().resolveSchemaCompatibility(v1).isCompatibleAfterMigration())
                .as("a savepoint of format 1 migrates").isTrue();
        BurstDetector.State read = v1.restoreSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read.counted).isEqualTo(counted);
        assertThat(read.badSignals).isEqualTo(bad);
        assertThat(read.window).hasSize(200);
        assertThat(read.window).extracting(x -> x.time).isSorted();
        assertThat(read.window).allSatisfy(x -> {
            assertThat(x.kind).as("the key comes from the operator").isNull();
            assertThat(x.line).isEqualTo(x.bad ? "line " + x.time / 1000 : null);
        });
        assertThat(read.timer).isEqualTo(42);
        assertThat(read.samples).containsExactly("s");
        // and written in format 2, the totals come back as they are
        BurstDetector.State again = roundTrip(current, List.of(read), CepSerializersTest::fields).get(0);
        assertThat(fields(again)).isEqualTo(fields(read));
    }

    /** The serializer the operators' state descriptors get. */
    static <T> TypeSerializer<T> stateSerializer(Class<T> type) {
        ValueStateDescriptor<T> d = new ValueStateDescriptor<>("s", type);
        d.initializeSerializerUnlessSet(new org.apache.flink.api.common.ExecutionConfig());
        return d.getSerializer();
    }

    @Test
    void theClassesAndStateDescriptorsUseTheHandWrittenSerializers() {
        for (Class<?> c : List.of(CepEvent.class, Signal.class, Trace.class, Alert.class, SessionEnricher.Session.class,
                BurstDetector.State.class, TraceLinker.Group.class)) {
            assertThat(TypeInformation.of(c)).as("%s", c).isInstanceOf(SerializerTypeInfo.class);
            assertThat(stateSerializer(c)).as("%s", c).isInstanceOf(CepSerializer.class);
        }
        assertThat(CepEvent.TRACE_VIEW).isNotEqualTo(CepEvent.TYPE);
        assertThat(CepEvent.TRACE_VIEW.createSerializer(new SerializerConfigImpl()))
                .isEqualTo(CepEvent.TRACE_VIEW.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void snapshotsRestoreTheirSerializerAndResolveCompatibility() throws IOException {
        for (TypeInformation<?> t : List.of(CepEvent.TYPE, CepEvent.SESSION_VIEW, CepEvent.TRACE_VIEW, Signal.TYPE, Trace.TYPE, Alert.TYPE,
                TypeInformation.of(SessionEnricher.Session.class), TypeInformation.of(BurstDetector.State.class),
                TypeInformation.of(TraceLinker.Group.class))) {
            checkSnapshot(t.createSerializer(new SerializerConfigImpl()));
        }
        // another class's snapshot, or a view's, is no match
        TypeSerializerSnapshot<CepEvent> full = CepEvent.TYPE.createSerializer(new SerializerConfigImpl())
                .snapshotConfiguration();
        TypeSerializerSnapshot<CepEvent> trace = CepEvent.TRACE_VIEW.createSerializer(new SerializerConfigImpl())
                .snapshotConfiguration();
        assertThat(full.resolveSchemaCompatibility(trace).isCompatibleAsIs()).isFalse();
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<CepEvent> signal = (TypeSerializerSnapshot) Signal.TYPE
                .createSerializer(new SerializerConfigImpl()).snapshotConfiguration();
        assertThat(full.resolveSchemaCompatibility(signal).isIncompatible()).isTrue();
    }

    private static <T> void checkSnapshot(TypeSerializer<T> s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), CepSerializersTest.class.getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(s);
        TypeSerializerSchemaCompatibility<T> c = s.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(c.isCompatibleAsIs()).as("%s", s).isTrue();
    }

    @Test
    void corruptInputFailsInsteadOfAllocatingWildly() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> Trace.TYPE.createSerializer(new SerializerConfigImpl())
                .deserialize(new DataInputDeserializer(garbage))).isInstanceOf(IOException.class);
    }
}
