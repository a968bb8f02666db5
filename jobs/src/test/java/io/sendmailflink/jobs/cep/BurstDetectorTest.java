package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The burst rules on Flink's keyed operator harness, fed with real lines through the parser. */
class BurstDetectorTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, Signal, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new BurstDetector(new CepOptions())), new Signal.Key(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void lines(List<String> lines) throws Exception {
        for (String l : lines) {
            for (CepEvent e : Lines.events(l)) {
                new Signals.FromLines().flatMap(e, new Collector<>() {
                    @Override
                    public void collect(Signal s) {
                        try {
                            harness.processElement(new StreamRecord<>(s, s.time));
                        } catch (Exception x) {
                            throw new IllegalStateException(x);
                        }
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        }
    }

    private List<Alert> alertsAfter(Instant watermark) throws Exception {
        harness.processWatermark(watermark.toEpochMilli());
        List<Alert> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((Alert) r.getValue());
            }
        }
        return out;
    }

    private Alert oneAlert(String template, int n, int stepSeconds) throws Exception {
        lines(Bursts.burst(template, T0, n, stepSeconds));
        assertThat(alertsAfter(T0.plusSeconds((long) n * stepSeconds))).as("no alert before the quiet period").isEmpty();
        List<Alert> alerts = alertsAfter(T0.plus(Duration.ofHours(2)));
        assertThat(alerts).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).as("state is gone after the burst").isZero();
        Alert a = alerts.get(0);
        assertThat(a.firstTime).isEqualTo(T0.toEpochMilli());
        assertThat(a.lastTime).isEqualTo(T0.plusSeconds((long) (n - 1) * stepSeconds).toEpochMilli());
        assertThat(a.eventCount).isEqualTo(n);
        assertThat(a.sampleLines).hasSize(5);
        assertThat(a.sampleLines.get(0)).isEqualTo(Bursts.burst(template, T0, 1, 1).get(0));
        return a;
    }

    @Test
    void pregreetBurstIsOnePregreetScanAlert() throws Exception {
        Alert a = oneAlert(Bursts.PREGREET, 25, 5);
        assertThat(a.kind).isEqualTo("pregreet_scan");
        assertThat(a.keyType).isEqualTo("client_ip");
        assertThat(a.key).isEqualTo("203.0.113.194");
        assertThat(a.host).isEqualTo("mx1");
        assertThat(a.severity).isEqualTo("low");
        assertThat(a.description).contains("25 connections from 203.0.113.194", "mx1");
    }

    @Test
    void vrfyBurstIsOneDiscoveryScanAlert() throws Exception {
        Alert a = oneAlert(Bursts.DISCOVERY, 30, 1);
        assertThat(a.kind).isEqualTo("discovery_scan");
        assertThat(a.key).isEqualTo("203.0.113.195");
        assertThat(a.severity).isEqualTo("medium");
    }

    @Test
    void silentConnectionsAreOneInvalidConnectionScanAlert() throws Exception {
        Alert a = oneAlert(Bursts.INVALID, 50, 3);
        assertThat(a.kind).isEqualTo("invalid_connection_scan");
        assertThat(a.key).isEqualTo("203.0.113.198");
        assertThat(a.severity).as("5 x threshold raises the severity").isEqualTo("medium");
    }

    @Test
    void relayingDeniedBurstIsOneRelayProbingAlert() throws Exception {
        Alert a = oneAlert(Bursts.RELAY, 15, 2);
        assertThat(a.kind).isEqualTo("relay_probing");
        assertThat(a.key).isEqualTo("203.0.113.204");
    }

    @Test
    void userUnknownBurstIsOneDictionaryAttackAlert() throws Exception {
        Alert a = oneAlert(Bursts.DICTIONARY, 40, 1);
        assertThat(a.kind).isEqualTo("dictionary_attack");
        assertThat(a.key).isEqualTo("203.0.113.205");
    }

    @Test
    void authFailureBurstIsOnePasswordGuessingAlert() throws Exception {
        Alert a = oneAlert(Bursts.AUTH_FAILURE, 12, 10);
        assertThat(a.kind).isEqualTo("auth_password_guessing");
        assertThat(a.key).isEqualTo("203.0.113.201");
        assertThat(a.severity).isEqualTo("high");
    }

    @Test
    void rejectedDeliveriesToOneDomainAreOneBlocklistAlert() throws Exception {
        Alert a = oneAlert(Bursts.BLOCKED, 12, 60);
        assertThat(a.kind).isEqualTo("destination_blocklisted");
        assertThat(a.keyType).isEqualTo("destination_domain");
        assertThat(a.key).isEqualTo("blocked.example.net");
        assertThat(a.host).isEqualTo("relay1");
    }

    @Test
    void belowTheThresholdOrSpreadBeyondTheWindowStaysSilent() throws Exception {
        // 9 in a burst, then 9 more 20 min later: never 10 within 10 min
        lines(Bursts.burst(Bursts.PREGREET, T0, 9, 5));
        lines(Bursts.burst(Bursts.PREGREET, T0.plus(Duration.ofMinutes(20)), 9, 5));
        assertThat(alertsAfter(T0.plus(Duration.ofHours(3)))).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void twoBurstsSeparatedByTheQuietPeriodAreTwoAlerts() throws Exception {
        lines(Bursts.burst(Bursts.PREGREET, T0, 12, 5));
        lines(Bursts.burst(Bursts.PREGREET, T0.plus(Duration.ofMinutes(30)), 15, 5));
        List<Alert> alerts = alertsAfter(T0.plus(Duration.ofHours(3)));
        assertThat(alerts).extracting(a -> a.eventCount).containsExactly(12L, 15L);
    }

    @Test
    void greylistingAndHealthyDomainsAreNotBlocklisting() throws Exception {
        // every first attempt greylisted, and a domain that takes 3 of 4 attempts
        String grey = Bursts.BLOCKED.replace("blocked.example.net", "grey.example.net")
                .replace("dsn=5.7.1, reply=554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using"
                        + " zen.spamhaus.org, stat=Service unavailable",
                        "dsn=4.2.0, reply=450 4.2.0 <u@grey.example.net>... Greylisted, please try again later,"
                                + " stat=Deferred: 450 4.2.0 <u@grey.example.net>... Greylisted, please try again later");
        lines(Bursts.burst(grey, T0, 30, 20));
        List<String> mixed = new ArrayList<>();
        List<String> bad = Bursts.burst(Bursts.BLOCKED.replace("blocked.example", "flaky.example"), T0, 40, 15);
        for (int i = 0; i < bad.size(); i++) {
            mixed.add(i % 4 == 0 ? bad.get(i) : bad.get(i).replace("dsn=5.7.1", "dsn=2.0.0").replace(
                    "stat=Service unavailable", "stat=Sent (ok)"));
        }
        lines(mixed);
        assertThat(alertsAfter(T0.plus(Duration.ofHours(3)))).isEmpty();
    }

    @Test
    void authenticatedSenderMailingManyDomainsIsOneOutboundBurst() throws Exception {
        // an announcement to 60 people at one provider is not a burst; 25 recipients at 25 domains is
        Trace one = trace("alice@corp.example", 60, 1, T0);
        Trace spam = trace("fedwards@corp.example", 25, 25, T0.plusSeconds(30));
        for (Trace t : List.of(one, spam)) {
            Signal s = Signals.outbound(t, t.receiptTime);
            harness.processElement(new StreamRecord<>(s, s.time));
            assertThat(Signals.outbound(t, t.receiptTime)).as("recipients are counted once").isNull();
        }
        List<Alert> alerts = alertsAfter(T0.plus(Duration.ofHours(1)));
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.kind).isEqualTo("outbound_burst");
        assertThat(a.keyType).isEqualTo("sender");
        assertThat(a.key).isEqualTo("fedwards@corp.example");
        assertThat(a.eventCount).isEqualTo(25);
        assertThat(a.description).contains("25 recipients in 25 domains");
        assertThat(a.sampleLines).containsExactly("receipt of fedwards@corp.example");
    }

    /** A delivery attempt from relay1 to a popular domain, {@code second}s after T0. */
    static Signal delivery(long second, boolean failed) {
        Signal s = new Signal();
        s.kind = AlertKind.DESTINATION_BLOCKLISTED.name();
        s.host = "relay1";
        s.key = "pop.example";
        s.time = T0.plusSeconds(second).toEpochMilli();
        s.bad = failed;
        s.line = (failed ? "deferred " : "sent ") + second;
        return s;
    }

    /** The key's state as the operator left it (null when cleared). */
    private BurstDetector.State state(Signal s) throws Exception {
        KeyedStateBackend<String> b = harness.getOperator().getKeyedStateBackend();
        b.setCurrentKey(new Signal.Key().getKey(s));
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("burst", BurstDetector.State.class)).value();
    }

    @Test
    void aPopularDomainWithFewFailuresIsSilentAndItsOutagesAreOneBlocklistAlertEach() throws Exception {
        // a delivery every 2 s (900 per 30 min window), 5.5 h: 3 h with 1 in 10 failing, a 30 min
        // outage, 1 h fine, another 30 min outage, 30 min fine; the watermark right behind
        List<Signal> in = new ArrayList<>();
        for (int i = 0; i < 9900; i++) {
            boolean failed = i < 5400 ? i % 10 == 0 : (i >= 5400 && i < 6300) || (i >= 8100 && i < 9000);
            in.add(delivery(2L * i, failed));
        }
        for (int i = 0; i < in.size(); i++) {
            Signal s = in.get(i);
            harness.processElement(new StreamRecord<>(s, s.time));
            harness.processWatermark(s.time);
            BurstDetector.State st = state(s);
            if (i % 100 == 0 && st != null && !st.active) {
                // the running totals are those of the window after its evictions
                assertThat(st.window.size()).isLessThanOrEqualTo(900);
                assertThat(st.badSignals).isEqualTo(st.window.stream().filter(x -> x.bad).count());
                assertThat(st.counted).isEqualTo(st.window.stream().filter(x -> x.bad).mapToLong(x -> x.weight).sum());
                assertThat(st.window).extracting(x -> x.time).isSorted();
                assertThat(st.window).filteredOn(x -> !x.bad).allSatisfy(x -> assertThat(x.line).isNull());
            }
        }
        List<Alert> alerts = alertsAfter(T0.plus(Duration.ofHours(8)));
        String severity = AlertKind.DESTINATION_BLOCKLISTED.baseSeverity().raised().wireName();
        // the first outage starts the burst at its 700th failure: then 720 of the last 900
        // attempts (20 of them before the outage) failed; the burst takes the outage's other 200
        // and the attempts until the quiet period passed
        assertThat(alerts).extracting(CepSerializersTest::fields).containsExactly(
                java.util.Arrays.asList("destination_blocklisted", severity, "destination_domain", "pop.example",
                        "relay1", T0.plusSeconds(10_400).toEpochMilli(), T0.plusSeconds(12_598).toEpochMilli(), 920L,
                        List.of("deferred 10400", "deferred 10420", "deferred 10440", "deferred 10460",
                                "deferred 10480"),
                        "920 of 2000 delivery attempts from relay1 to pop.example deferred or rejected within"
                                + " 36 min 38 s"),
                java.util.Arrays.asList("destination_blocklisted", severity, "destination_domain", "pop.example",
                        "relay1", T0.plusSeconds(16_200).toEpochMilli(), T0.plusSeconds(17_998).toEpochMilli(), 900L,
                        List.of("deferred 16200", "deferred 16202", "deferred 16204", "deferred 16206",
                                "deferred 16208"),
                        "900 of 1980 delivery attempts from relay1 to pop.example deferred or rejected within"
                                + " 29 min 58 s"));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    static Trace trace(String sender, int recipients, int domains, Instant t) {
        Trace tr = new Trace();
        tr.host = "relay1";
        tr.queueId = "q" + sender.hashCode();
        tr.sender = sender;
        tr.authid = sender.substring(0, sender.indexOf('@'));
        tr.receiptTime = t.toEpochMilli();
        tr.receiptLine = "receipt of " + sender;
        for (int i = 0; i < recipients; i++) {
            Trace.Recipient r = new Trace.Recipient();
            r.address = "r" + i + "@d" + (i % domains) + ".example";
            r.mailer = "esmtp";
            r.status = Trace.SENT;
            tr.recipients.add(r);
        }
        return tr;
    }
}
