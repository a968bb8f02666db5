package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The session, burst and link states survive a snapshot and restore (written and read by their
 * hand-written serializers), and the operators keep copies, not their input objects.
 */
class StateSnapshotTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    interface Factory<I, O> {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> create() throws Exception;
    }

    /**
     * Feeds {@code before}, lets the caller reuse (change) its input objects, snapshots, restores
     * into a new harness and returns it.
     */
    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> restored(Factory<I, O> f, List<I> before,
            java.util.function.ToLongFunction<I> time, Runnable reuseInputs) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> h = f.create();
        h.open();
        for (I i : before) {
            h.processElement(new StreamRecord<>(i, time.applyAsLong(i)));
        }
        assertThat(outputs(h)).isEmpty();
        reuseInputs.run();
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        KeyedOneInputStreamOperatorTestHarness<String, I, O> r = f.create();
        r.setup();
        r.initializeState(snapshot);
        r.open();
        return r;
    }

    @SuppressWarnings("unchecked")
    static <O> List<O> outputs(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((O) r.getValue());
            }
        }
        return out;
    }

    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> harness(KeyedProcessFunction<String, I, O> f,
            KeySelector<I, String> key) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), key, Types.STRING);
    }

    @Test
    void waitingReceiptAndSessionMarksSurviveAndTheReceiptIsAnInputCopy() throws Exception {
        List<CepEvent> in = new ArrayList<>();
        in.add(Lines.event("Nov 24 10:00:00 relay1 sendmail[5001]: STARTTLS=server, relay=ws1.corp.example [10.1.0.7],"
                + " version=TLSv1.3, verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256"));
        in.add(Lines.event("Nov 24 10:00:00 relay1 sendmail[5001]: AUTH=server, relay=ws1.corp.example [10.1.0.7],"
                + " authid=u, mech=PLAIN, bits=0"));
        CepEvent receipt = Lines.event("Nov 24 10:00:01 relay1 sendmail[5001]: 4AOA00Cd005001: from=<u@corp.example>,"
                + " size=500, class=0, nrcpts=1, msgid=<m2@corp.example>, proto=ESMTPSA, daemon=MSA,"
                + " relay=ws1.corp.example [10.1.0.7]");
        in.add(receipt);
        CepOptions o = new CepOptions();
        // object reuse: the caller reuses its record; the state holds its own copy
        var h = restored(() -> harness(new SessionEnricher(o), new SessionEnricher.Key()), in, e -> e.time, () -> {
            receipt.qid = "changed";
            receipt.line = null;
            in.get(0).tlsVersion = "changed";
        });
        h.processWatermark(T0.plusSeconds(60).toEpochMilli());
        List<CepEvent> out = outputs(h);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).qid).isEqualTo("4AOA00Cd005001");
        assertThat(out.get(0).line).startsWith("Nov 24 10:00:01 relay1");
        assertThat(out.get(0).tlsVersion).isEqualTo("TLSv1.3");
        assertThat(out.get(0).authid).isEqualTo("u");
        assertThat(out.get(0).mech).isEqualTo("PLAIN");
        h.close();
    }

    @Test
    void anOpenBurstSurvivesAndTheWindowHoldsCopies() throws Exception {
        List<Signal> in = new ArrayList<>();
        for (String l : Bursts.burst(Bursts.PREGREET, T0, 12, 5)) {
            for (CepEvent e : Lines.events(l)) {
                new Signals.FromLines().flatMap(e, new Collector<>() {
                    @Override
                    public void collect(Signal s) {
                        in.add(s);
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        }
        assertThat(in).hasSize(12);
        var h = restored(() -> harness(new BurstDetector(new CepOptions()), new Signal.Key()), in, s -> s.time,
                () -> in.forEach(s -> s.line = "reused"));
        h.processWatermark(T0.plus(Duration.ofMinutes(30)).toEpochMilli());
        List<Alert> out = outputs(h);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind).isEqualTo("pregreet_scan");
        assertThat(out.get(0).eventCount).isEqualTo(12);
        assertThat(out.get(0).sampleLines).hasSize(5).allSatisfy(l -> assertThat(l).contains("pre-greeting"));
        h.close();
    }

    @Test
    void aBlocklistWindowKeepsItsTotalsAcrossARestoreAndAnOutageAfterItIsOneAlert() throws Exception {
        // 2000 s of deliveries every 2 s, 1 in 10 failing: the window holds the last 900, 90 failed
        List<Signal> in = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            in.add(BurstDetectorTest.delivery(2L * i, i % 10 == 0));
        }
        var h = restored(() -> harness(new BurstDetector(new CepOptions()), new Signal.Key()), in, s -> s.time,
                () -> in.forEach(s -> s.line = "reused"));
        KeyedStateBackend<String> b = h.getOperator().getKeyedStateBackend();
        b.setCurrentKey(new Signal.Key().getKey(in.get(0)));
        BurstDetector.State st = b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("burst", BurstDetector.State.class)).value();
        assertThat(st.window).hasSize(900);
        assertThat(st.badSignals).isEqualTo(90);
        assertThat(st.counted).isEqualTo(90);
        // then every delivery fails: at the 700th failure 720 of the last 900 attempts failed
        for (int i = 1000; i < 1900; i++) {
            Signal s = BurstDetectorTest.delivery(2L * i, true);
            h.processElement(new StreamRecord<>(s, s.time));
        }
        h.processWatermark(T0.plus(Duration.ofHours(3)).toEpochMilli());
        List<Alert> out = outputs(h);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).firstTime).isEqualTo(T0.plusSeconds(1600).toEpochMilli());
        assertThat(out.get(0).lastTime).isEqualTo(T0.plusSeconds(3798).toEpochMilli());
        assertThat(out.get(0).eventCount).isEqualTo(920);
        assertThat(out.get(0).description).startsWith("920 of 1100 delivery attempts");
        assertThat(out.get(0).sampleLines).containsExactly("deferred 1600", "deferred 1620", "deferred 1640",
                "deferred 1660", "deferred 1680");
        h.close();
    }

    static Trace trace(String host, String qid, long receipt, String clientRelay, String sentRelay) {
        Trace t = new Trace();
        t.host = host;
        t.queueId = qid;
        t.messageId = "m1@corp.example";
        t.receiptTime = receipt;
        t.firstSeen = receipt;
        t.finalTime = receipt + 2000;
        t.clientRelay = clientRelay;
        t.clientIp = "192.0.2.1";
        t.outcome = Trace.DELIVERED;
        Trace.Recipient r = new Trace.Recipient();
        r.address = "x@example.net";
        r.status = Trace.SENT;
        r.relay = sentRelay;
        t.recipients.add(r);
        Trace.Step s = new Trace.Step();
        s.time = receipt;
        s.eventType = "receipt";
        s.text = qid + ": from=<a@corp.example>";
        t.steps.add(s);
        return t;
    }

    @Test
    void waitingTracesOfAMessageIdSurviveAndLinkAfterTheRestore() throws Exception {
        long t0 = T0.toEpochMilli();
        Trace up = trace("mx1", "Q1", t0, "client.example", "relay1.corp.example");
        List<Trace> in = List.of(up);
        CepOptions o = new CepOptions();
        var h = restored(() -> harness(new TraceLinker(o), new TraceLinker.Key()), in, t -> t.finalTime,
                () -> up.queueId = "reused");
        Trace down = trace("relay1", "Q2", t0 + 1000, "mx1.corp.example", "store.corp.example");
        h.processElement(new StreamRecord<>(down, down.finalTime));
        h.processWatermark(t0 + Duration.ofMinutes(10).toMillis());
        List<Trace> out = outputs(h);
        assertThat(out).extracting(t -> t.queueId).containsExactlyInAnyOrder("Q1", "Q2");
        Trace linked = out.stream().filter(t -> t.queueId.equals("Q2")).findFirst().orElseThrow();
        assertThat(linked.parentQueueId).isEqualTo("Q1");
        assertThat(linked).as("the linker links its own copy").isNotSameAs(down);
        assertThat(down.parentQueueId).isNull();
        h.close();
    }
}
