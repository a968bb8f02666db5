package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trace function on Flink's keyed operator harness: real lines, event-time watermarks, snapshots. */
class TraceFunctionTest {

    static final CepOptions OPTIONS = new CepOptions().traceTimeout(Duration.ofHours(1)).lateness(Duration.ofMinutes(2));

    private KeyedOneInputStreamOperatorTestHarness<String, CepEvent, Trace> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CepEvent, Trace> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TraceFunction(OPTIONS)),
                new TraceFunction.Key(), Types.STRING);
    }

    private void feed(String... lines) throws Exception {
        for (String l : lines) {
            for (CepEvent e : Lines.events(l)) {
                harness.processElement(new StreamRecord<>(e, e.time));
            }
        }
    }

    private void watermark(String isoTime) throws Exception {
        harness.processWatermark(Instant.parse(isoTime).toEpochMilli());
    }

    private List<Trace> emitted() {
        List<Trace> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((Trace) r.getValue());
            }
        }
        return out;
    }

    private Trace only() {
        List<Trace> t = emitted();
        assertThat(t).hasSize(1);
        return t.get(0);
    }

    static final String RECEIPT = "Nov 24 10:00:00 mx1 sm-mta[4001]: 4AOA00Ab004001: from=<alice@partner.example>,"
            + " size=2048, class=0, nrcpts=3, msgid=<m1@partner.example>, proto=ESMTPS, daemon=MTA-v4,"
            + " relay=mail.partner.example [192.0.2.10]";

    @Test
    void multiRecipientMessageIsDeliveredOnceAllRecipientsAreSentAndAfterTheLateness() throws Exception {
        feed(RECEIPT,
                "Nov 24 10:00:02 mx1 sm-mta[4002]: 4AOA00Ab004001: to=<bob@corp.example>,<carol@corp.example>,"
                        + " delay=00:00:02, xdelay=00:00:01, mailer=relay, pri=92048,"
                        + " relay=store.corp.example [10.0.0.5], dsn=2.0.0, stat=Sent (ok queued)",
                "Nov 24 10:00:03 mx1 sm-mta[4002]: 4AOA00Ab004001: to=<dave@corp.example>, delay=00:00:03,"
                        + " xdelay=00:00:01, mailer=local, pri=92048, dsn=2.0.0, stat=Sent");
        watermark("2026-11-24T10:02:02Z");
        assertThat(emitted()).as("waits the lateness after the last line").isEmpty();
        watermark("2026-11-24T10:02:03Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.DELIVERED);
        assertThat(t.host).isEqualTo("mx1");
        assertThat(t.queueId).isEqualTo("4AOA00Ab004001");
        assertThat(t.messageId).isEqualTo("m1@partner.example");
        assertThat(t.sender).isEqualTo("alice@partner.example");
        assertThat(t.nrcpts).isEqualTo(3);
        assertThat(t.size).isEqualTo(2048);
        assertThat(t.clientIp).isEqualTo("192.0.2.10");
        assertThat(t.clientRelay).isEqualTo("mail.partner.example");
        assertThat(t.protocol).isEqualTo("esmtps");
        assertThat(t.recipients).extracting(r -> r.address)
                .containsExactly("bob@corp.example", "carol@corp.example", "dave@corp.example");
        assertThat(t.recipients).extracting(r -> r.status).containsOnly(Trace.SENT);
        assertThat(t.recipients.get(0).relay).isEqualTo("store.corp.example");
        assertThat(t.recipients.get(2).mailer).isEqualTo("local");
        assertThat(t.count(Trace.SENT)).isEqualTo(3);
        assertThat(t.steps).hasSize(3);
        assertThat(t.endToEndDelaySeconds()).isEqualTo(3.0);
        assertThat(t.reportedDelaySeconds).isEqualTo(3L);
        assertThat(t.attempts()).isEqualTo(1);
    }

    @Test
    void deferredThenSentCountsAttemptsAndEndToEndDelayMatchesSendmailsDelay() throws Exception {
        feed("Nov 24 10:00:00 relay1 sendmail[5001]: 4AOA00Cd005001: from=<u@corp.example>, size=500, class=0,"
                        + " nrcpts=1, msgid=<m2@corp.example>, proto=ESMTPSA, daemon=MSA, relay=ws1.corp.example [10.1.0.7]",
                "Nov 24 10:00:01 relay1 sendmail[5002]: 4AOA00Cd005001: to=<x@far.example>, delay=00:00:01,"
                        + " xdelay=00:00:01, mailer=esmtp, pri=120500, relay=mx.far.example. [198.51.100.7], dsn=4.2.0,"
                        + " reply=450 4.2.0 <x@far.example>... Greylisted, please try again later,"
                        + " stat=Deferred: 450 4.2.0 <x@far.example>... Greylisted, please try again later",
                "Nov 24 10:15:31 relay1 sendmail[5003]: 4AOA00Cd005001: to=<x@far.example>, delay=00:15:31,"
                        + " xdelay=00:00:02, mailer=esmtp, pri=210500, relay=mx.far.example. [198.51.100.7], dsn=2.0.0,"
                        + " stat=Sent (OK queued)");
        watermark("2026-11-24T10:10:00Z");
        assertThat(emitted()).as("a deferred recipient keeps the trace open").isEmpty();
        watermark("2026-11-24T10:17:31Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.DELIVERED);
        assertThat(t.recipients).hasSize(1);
        Trace.Recipient r = t.recipients.get(0);
        assertThat(r.attempts).isEqualTo(2);
        assertThat(r.status).isEqualTo(Trace.SENT);
        assertThat(r.dsn).isEqualTo("2.0.0");
        assertThat(r.finalTime).isEqualTo(Instant.parse("2026-11-24T10:15:31Z").toEpochMilli());
        assertThat(t.attempts()).isEqualTo(2);
        assertThat(t.endToEndDelaySeconds()).isEqualTo(931.0);
        assertThat(t.reportedDelaySeconds).isEqualTo(931L);
        assertThat(t.steps).extracting(s -> s.status).containsExactly(null, "Deferred", "Sent");
    }

    @Test
    void bouncedRecipientLinksItsDsnAndTheBounceTraceKnowsItsParent() throws Exception {
        feed("Nov 24 11:00:00 relay1 sendmail[6001]: 4AOB00Ef006001: from=<u@corp.example>, size=900, class=0,"
                        + " nrcpts=1, msgid=<m3@corp.example>, proto=ESMTPSA, daemon=MSA, relay=ws1.corp.example [10.1.0.7]",
                "Nov 24 11:00:02 relay1 sendmail[6002]: 4AOB00Ef006001: to=<nobody@far.example>, delay=00:00:02,"
                        + " xdelay=00:00:01, mailer=esmtp, pri=120900, relay=mx.far.example. [198.51.100.7], dsn=5.1.1,"
                        + " reply=550 5.1.1 <nobody@far.example>: Recipient address rejected: User unknown,"
                        + " stat=User unknown",
                "Nov 24 11:00:02 relay1 sendmail[6002]: 4AOB00Ef006001: 4AOB00Ef016002: DSN: User unknown",
                "Nov 24 11:00:03 relay1 sendmail[6002]: 4AOB00Ef016002: from=<>, size=3100, class=0, nrcpts=1,"
                        + " msgid=<202611241100.4AOB00Ef016002@relay1.corp.example>, relay=localhost",
                "Nov 24 11:00:04 relay1 sendmail[6002]: 4AOB00Ef016002: to=<u@corp.example>, delay=00:00:01,"
                        + " xdelay=00:00:01, mailer=relay, pri=33100, relay=store.corp.example [10.0.0.5], dsn=2.0.0,"
                        + " stat=Sent (ok)");
        watermark("2026-11-24T12:00:00Z");
        List<Trace> out = emitted();
        assertThat(out).hasSize(2);
        Trace original = out.stream().filter(t -> t.queueId.equals("4AOB00Ef006001")).findFirst().orElseThrow();
        Trace bounce = out.stream().filter(t -> t.queueId.equals("4AOB00Ef016002")).findFirst().orElseThrow();
        assertThat(original.outcome).isEqualTo(Trace.BOUNCED);
        assertThat(original.bounceQueueId).isEqualTo("4AOB00Ef016002");
        assertThat(original.recipients.get(0).dsn).isEqualTo("5.1.1");
        assertThat(original.recipients.get(0).reply).contains("User unknown");
        assertThat(original.steps).extracting(s -> s.eventType).containsExactly("receipt", "delivery", "other");
        assertThat(bounce.outcome).isEqualTo(Trace.DELIVERED);
        assertThat(bounce.sender).isEmpty();
        assertThat(bounce.parentQueueId).isEqualTo("4AOB00Ef006001");
        assertThat(bounce.steps).hasSize(2);
    }

    @Test
    void linesOutOfOrderWithinTheLatenessStillJoinInTimeOrder() throws Exception {
        String delivery = "Nov 24 10:00:03 mx1 sm-mta[4002]: 4AOA00Ab004001: to=<bob@corp.example>,<carol@corp.example>,"
                + "<dave@corp.example>, delay=00:00:03, xdelay=00:00:01, mailer=relay, pri=92048,"
                + " relay=store.corp.example [10.0.0.5], dsn=2.0.0, stat=Sent (ok)";
        feed(delivery);
        watermark("2026-11-24T10:00:30Z");
        // the receipt arrives 60 s after its delivery, behind the watermark
        feed(RECEIPT);
        watermark("2026-11-24T10:10:00Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.DELIVERED);
        assertThat(t.steps).extracting(s -> s.eventType).containsExactly("receipt", "delivery");
        assertThat(t.firstSeen).isEqualTo(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli());
        assertThat(t.endToEndDelaySeconds()).isEqualTo(3.0);
    }

    @Test
    void receiptWhoseDeliveriesNeverComeIsIncompleteAfterTheTimeOutAndStateIsGone() throws Exception {
        feed(RECEIPT);
        watermark("2026-11-24T10:59:59Z");
        assertThat(emitted()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        watermark("2026-11-24T11:00:00Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.INCOMPLETE);
        assertThat(t.recipients).isEmpty();
        assertThat(t.endToEndDelaySeconds()).isNull();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void deferredRecipientStillPendingAtTheTimeOutIsDeferredPending() throws Exception {
        feed(RECEIPT, "Nov 24 10:00:02 mx1 sm-mta[4002]: 4AOA00Ab004001: to=<bob@corp.example>,<carol@corp.example>,"
                        + "<dave@corp.example>, delay=00:00:02, xdelay=00:00:01, mailer=relay, pri=92048,"
                        + " relay=store.corp.example [10.0.0.5], dsn=4.0.0, stat=Deferred: Connection refused by store.corp.example");
        watermark("2026-11-24T11:00:02Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.DEFERRED_PENDING);
        assertThat(t.count(Trace.DEFERRED)).isEqualTo(3);
        assertThat(t.recipients.get(0).finalTime).isNull();
    }

    @Test
    void deliveryWithoutReceiptIsIncompleteAndALineAfterTheTraceClosedStartsANewOne() throws Exception {
        String queueRun = "Nov 24 09:00:00 mx1 sm-mta[3001]: 4AO900Zz003000: to=<bob@corp.example>, delay=2+01:00:00,"
                + " xdelay=00:00:01, mailer=relay, pri=992048, relay=store.corp.example [10.0.0.5], dsn=2.0.0,"
                + " stat=Sent (ok)";
        feed(queueRun);
        watermark("2026-11-24T10:00:00Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.INCOMPLETE);
        assertThat(t.count(Trace.SENT)).isEqualTo(1);
        assertThat(t.reportedDelaySeconds).isEqualTo(2 * 86400L + 3600L);
        assertThat(t.endToEndDelaySeconds()).isNull();
        // the same queue ID again, later: a new trace, not dropped
        feed(queueRun.replace("09:00:00", "10:30:00"));
        watermark("2026-11-24T12:00:00Z");
        assertThat(emitted()).hasSize(2);
    }

    @Test
    void sessionRejectedAtRcptIsRejected() throws Exception {
        feed("Nov 24 10:05:00 mx1 sm-mta[4100]: 4AOA05Gh004100: ruleset=check_rcpt, arg1=<x@elsewhere.example>,"
                        + " relay=spam.example [203.0.113.9], reject=550 5.7.1 <x@elsewhere.example>... Relaying denied",
                "Nov 24 10:05:01 mx1 sm-mta[4100]: 4AOA05Gh004100: from=<s@spam.example>, size=0, class=0, nrcpts=0,"
                        + " proto=ESMTP, daemon=MTA-v4, relay=spam.example [203.0.113.9]");
        watermark("2026-11-24T10:07:01Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.REJECTED);
        assertThat(t.steps).hasSize(2);
    }

    @Test
    void sessionLinesAloneMakeNoTraceButJoinTheMessageTheirSessionSends() throws Exception {
        feed("Nov 24 10:02:00 mx1 sm-mta[173420]: 6AO020j8173420: rejecting commands from"
                + " static-203-0-113-194.example.net [203.0.113.194] due to pre-greeting traffic after 0 seconds");
        feed("Nov 24 10:00:01 relay1 sendmail[5001]: 4AOA00Cd005001: AUTH failure (LOGIN): authentication failure"
                        + " (-13) SASL(-13): authentication failure: checkpass failed, user=u, relay=ws1.corp.example [10.1.0.7]",
                "Nov 24 10:00:09 relay1 sendmail[5001]: 4AOA00Cd005001: from=<u@corp.example>, size=500, class=0,"
                        + " nrcpts=1, msgid=<m2@corp.example>, proto=ESMTPSA, daemon=MSA, relay=ws1.corp.example [10.1.0.7]",
                "Nov 24 10:00:10 relay1 sendmail[5002]: 4AOA00Cd005001: to=<x@far.example>, delay=00:00:01,"
                        + " xdelay=00:00:01, mailer=esmtp, pri=120500, relay=mx.far.example. [198.51.100.7], dsn=2.0.0,"
                        + " stat=Sent (OK queued)");
        watermark("2026-11-24T10:20:00Z");
        Trace t = only();
        assertThat(t.queueId).isEqualTo("4AOA00Cd005001");
        assertThat(t.steps).extracting(x -> x.eventType).containsExactly("authentication", "receipt", "delivery");
        assertThat(t.firstSeen).as("first line, the AUTH failure").isEqualTo(
                Instant.parse("2026-11-24T10:00:01Z").toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).as("the pre-greeting session still waits for a message")
                .isEqualTo(1);
        watermark("2026-11-24T10:32:00Z");
        assertThat(emitted()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).as("session-only state ends with the session time-out").isZero();
    }

    @Test
    void anOpenTraceSurvivesSnapshotAndRestore() throws Exception {
        feed(RECEIPT);
        watermark("2026-11-24T10:00:30Z");
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        feed("Nov 24 10:00:05 mx1 sm-mta[4002]: 4AOA00Ab004001: to=<bob@corp.example>,<carol@corp.example>,"
                + "<dave@corp.example>, delay=00:00:05, xdelay=00:00:01, mailer=relay, pri=92048,"
                + " relay=store.corp.example [10.0.0.5], dsn=2.0.0, stat=Sent (ok)");
        watermark("2026-11-24T10:02:05Z");
        Trace t = only();
        assertThat(t.outcome).isEqualTo(Trace.DELIVERED);
        assertThat(t.sender).as("the receipt came from the restored state").isEqualTo("alice@partner.example");
        assertThat(t.steps).hasSize(2);
    }

    @Test
    void receiptTakesTlsAndAuthOfItsSmtpSession() throws Exception {
        var sessions = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SessionEnricher(OPTIONS)), new SessionEnricher.Key(), Types.STRING);
        sessions.open();
        String[] lines = {
            "Nov 24 10:00:00 relay1 sendmail[5001]: STARTTLS=server, relay=ws1.corp.example [10.1.0.7],"
                    + " version=TLSv1.3, verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256",
            "Nov 24 10:00:00 relay1 sendmail[5001]: AUTH=server, relay=ws1.corp.example [10.1.0.7], authid=u,"
                    + " mech=PLAIN, bits=0",
            // the receipt is in the same second: order within a second must not matter
            "Nov 24 10:00:00 relay1 sendmail[5001]: 4AOA00Cd005001: from=<u@corp.example>, size=500, class=0,"
                    + " nrcpts=1, msgid=<m2@corp.example>, proto=ESMTPSA, daemon=MSA, relay=ws1.corp.example [10.1.0.7]",
            "Nov 24 10:20:00 relay1 sendmail[5002]: 4AOA20Cd005002: from=<v@corp.example>, size=500, class=0,"
                    + " nrcpts=1, msgid=<m9@corp.example>, proto=ESMTP, daemon=MTA, relay=ws2.corp.example [10.1.0.8]"};
        for (String l : lines) {
            CepEvent e = Lines.event(l);
            assertThat(SessionEnricher.wanted(e)).as(l).isTrue();
            sessions.processElement(new StreamRecord<>(e, e.time));
        }
        sessions.processWatermark(Instant.parse("2026-11-24T11:00:00Z").toEpochMilli());
        List<CepEvent> out = new ArrayList<>();
        for (Object o : sessions.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add((CepEvent) r.getValue());
            }
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0).tlsVersion).isEqualTo("TLSv1.3");
        assertThat(out.get(0).authid).isEqualTo("u");
        assertThat(out.get(0).mech).isEqualTo("PLAIN");
        assertThat(out.get(1).qid).isEqualTo("4AOA20Cd005002");
        assertThat(out.get(1).tlsVersion).as("another session of another process").isNull();
        assertThat(out.get(1).authid).isNull();
        assertThat(sessions.numKeyedStateEntries()).isZero();
        sessions.close();
    }
}
