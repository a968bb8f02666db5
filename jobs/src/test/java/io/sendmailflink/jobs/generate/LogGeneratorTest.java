package io.sendmailflink.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sendmailflink.udfs.model.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generator against the parser: every line parses as the type the generator meant, the
 * generator's ground truth equals what the parser sees, queue IDs and times are consistent,
 * injected attacks and payloads are where the truth says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogGeneratorTest {

    private static final int N = 100_000;

    /** Default options: RFC 3164, 20 lines/s, 3 hosts. */
    private ParsedRun plain;
    /** Everything on: mixed envelopes, all attacks, payloads. */
    private ParsedRun full;

    @BeforeAll
    void generate() {
        plain = new ParsedRun(GeneratorOptions.defaults(), N);
        full = new ParsedRun(GeneratorOptions.defaults().withSeed(7).withFormat(GeneratorOptions.Format.MIXED)
                .withAllAttacks().withPayloads(true), N);
    }

    private static List<String> lines(GeneratorOptions o, int n) {
        LogGenerator g = new LogGenerator(o);
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(g.next());
        }
        return l;
    }

    // ---- determinism ---------------------------------------------------------------------------

    @Test
    void sameSeedAndOptionsGiveTheSameLines() {
        GeneratorOptions o = GeneratorOptions.defaults().withSeed(42).withFormat(GeneratorOptions.Format.MIXED)
                .withAllAttacks().withPayloads(true).withNoiseShare(0.05).withHosts(5);
        assertThat(lines(o, 30_000)).isEqualTo(lines(o, 30_000));
    }

    @Test
    void otherSeedGivesOtherLines() {
        assertThat(lines(GeneratorOptions.defaults().withSeed(1), 200))
                .isNotEqualTo(lines(GeneratorOptions.defaults().withSeed(2), 200));
    }

    @Test
    void nextIntoAppendsWhatNextReturns() {
        LogGenerator a = new LogGenerator(GeneratorOptions.defaults().withSeed(3));
        LogGenerator b = new LogGenerator(GeneratorOptions.defaults().withSeed(3));
        StringBuilder sb = new StringBuilder("prefix:");
        for (int i = 0; i < 1000; i++) {
            sb.setLength(7);
            b.nextInto(sb);
            assertThat(sb.substring(7)).isEqualTo(a.next());
        }
    }

    @Test
    void theBytePathWritesTheSameLines() {
        GeneratorOptions o = GeneratorOptions.defaults().withSeed(8).withFormat(GeneratorOptions.Format.MIXED)
                .withAllAttacks().withPayloads(true).withNoiseShare(0.05);
        LogGenerator a = new LogGenerator(o);
        LogGenerator b = new LogGenerator(o);
        LineBytes bytes = new LineBytes();
        for (int i = 0; i < 30_000; i++) {
            bytes.clear();
            b.nextInto(bytes);
            assertThat(bytes.toString()).isEqualTo(a.next());
            assertThat(b.lastHost()).isEqualTo(a.lastHost());
            assertThat(b.lastTimeMillis()).isEqualTo(a.lastTimeMillis());
        }
        assertThat(b.stats().toJson()).isEqualTo(a.stats().toJson());
    }

    // ---- every line parses, as the type the generator meant --------------------------------------

    @Test
    void everyLineParsesAsTheGeneratedType() {
        for (ParsedRun r : List.of(plain, full)) {
            assertThat(r.typeMismatches).as("lines the parser reads differently").isEmpty();
            assertThat(r.parsed(EventType.UNPARSED)).isZero();
            assertThat(r.problems).as("broken invariants").isEmpty();
        }
    }

    @Test
    void allTenEventTypesAppear() {
        for (ParsedRun r : List.of(plain, full)) {
            for (EventType t : EventType.values()) {
                if (t.isPackType()) {
                    assertThat(r.parsed(t)).as("%s lines", t).isPositive();
                }
            }
            assertThat(r.parsed(EventType.OTHER)).isPositive();
        }
    }

    @Test
    void linesPerEventTypeEqualTheTruth() {
        for (ParsedRun r : List.of(plain, full)) {
            assertThat(r.truth.lines()).isEqualTo(N);
            for (EventType t : EventType.values()) {
                assertThat(r.parsed(t)).as("%s lines", t).isEqualTo(r.truth.linesOf(t));
            }
            assertThat(r.truth.linesByEventType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(N);
        }
    }

    @Test
    void messageCountsEqualTheTruth() {
        for (ParsedRun r : List.of(plain, full)) {
            GeneratorStats s = r.truth;
            assertThat(r.receiptsWithRecipients).isEqualTo(s.messagesReceived()).isPositive();
            assertThat(r.bytes).isEqualTo(s.bytesReceived()).isPositive();
            assertThat(r.sent).isEqualTo(s.recipientsDelivered()).isPositive();
            assertThat(r.deferredLines).isEqualTo(s.deferredAttempts()).isPositive();
            assertThat(r.deferredRecipients).isEqualTo(s.deferredRecipients());
            assertThat(r.bounced).isEqualTo(s.recipientsBounced()).isPositive();
            assertThat(r.dsnLines).isEqualTo(s.bounceMessages()).isPositive();
            assertThat(r.bounceReceipts).isBetween(s.bounceMessages() - 1, s.bounceMessages());
            assertThat(r.parsed(EventType.RULESET_REJECTION)).isEqualTo(s.rulesetRejections());
            assertThat(r.authOk).isEqualTo(s.authSuccesses()).isPositive();
            assertThat(r.authFail).isEqualTo(s.authFailures()).isPositive();
        }
    }

    @Test
    void trafficLooksLikeAMailServer() {
        GeneratorStats s = plain.truth;
        // most recipients get their mail; a few percent are deferred; bounces are rare
        assertThat((double) s.recipientsBounced() / s.recipientsDelivered()).isBetween(0.001, 0.05);
        assertThat((double) s.deferredRecipients() / s.recipientsDelivered()).isBetween(0.005, 0.15);
        assertThat(s.recipientsDelivered()).isGreaterThan(s.messagesReceived());
        assertThat(plain.moreLines).as("[more] lines of long recipient lists").isPositive();
        assertThat(plain.firstLineOfSubtype).containsKeys("other/dsn", "other/lost_input_channel", "other/timeout",
                "other/usrerr", "other/open_proxy", "starttls/handshake_error", "starttls/openssl_error",
                "authentication/auth_failure");
        assertThat(plain.sources).containsExactlyInAnyOrder("mx1", "mx2", "relay1");
    }

    @Test
    void formatsAreMixedAsAsked() {
        assertThat(plain.parsedFormats).containsOnlyKeys("rfc3164");
        Map<String, Long> f = full.truth.linesByFormat();
        assertThat(full.parsedFormats.get("rfc3164")).isEqualTo(f.get("rfc3164"));
        assertThat(full.parsedFormats.get("rfc5424")).isEqualTo(f.get("rfc5424"));
        assertThat(full.parsedFormats.get("filebeat+rfc3164")).isEqualTo(f.get("filebeat"));
        assertThat(f.get("rfc3164") / (double) N).isCloseTo(0.6, within(0.02));
        assertThat(f.get("rfc5424") / (double) N).isCloseTo(0.3, within(0.02));
        assertThat(f.get("filebeat") / (double) N).isCloseTo(0.1, within(0.02));
    }

    // ---- time ----------------------------------------------------------------------------------

    @Test
    void timeStartsAtTheStartAndAdvancesAtTheRate() {
        long start = GeneratorOptions.DEFAULT_START.toEpochMilli();
        assertThat(plain.firstMillis).isBetween(start, start + 1000);
        double seconds = (plain.lastMillis - plain.firstMillis) / 1000.0;
        assertThat(N / seconds).as("lines per simulated second").isCloseTo(20, within(2.0));

        GeneratorOptions fast = GeneratorOptions.defaults().withLinesPerSecond(500)
                .withStart(Instant.parse("2025-03-01T12:00:00Z"));
        LogGenerator g = new LogGenerator(fast);
        long first = 0;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 50_000; i++) {
            g.next();
            if (i == 0) {
                first = g.lastTimeMillis();
            }
            assertThat(g.lastTimeMillis()).isGreaterThanOrEqualTo(previous);
            previous = g.lastTimeMillis();
        }
        assertThat(first).isGreaterThanOrEqualTo(Instant.parse("2025-03-01T12:00:00Z").toEpochMilli());
        assertThat(50_000 / ((previous - first) / 1000.0)).isCloseTo(500, within(50.0));
    }

    // ---- hosts ---------------------------------------------------------------------------------

    @Test
    void hostsAreNamedByRole() {
        ParsedRun five = new ParsedRun(GeneratorOptions.defaults().withHosts(5), 20_000);
        assertThat(five.problems).isEmpty();
        assertThat(five.typeMismatches).isEmpty();
        assertThat(five.sources).containsExactlyInAnyOrder("mx1", "mx2", "relay1", "mx3", "mx4");

        // one host does everything: inbound mail and submissions
        ParsedRun one = new ParsedRun(GeneratorOptions.defaults().withHosts(1), 20_000);
        assertThat(one.problems).isEmpty();
        assertThat(one.typeMismatches).isEmpty();
        assertThat(one.sources).containsExactly("mx1");
        assertThat(one.truth.authSuccesses()).isPositive();
        assertThat(one.parsed(EventType.PREGREET)).isPositive();
    }

    // ---- attacks -------------------------------------------------------------------------------

    @Test
    void injectedAttacksAppearWithTheirRecordedCounts() {
        List<InjectedAttack> attacks = full.truth.attacks();
        Set<AttackKind> kinds = EnumSet.noneOf(AttackKind.class);
        for (InjectedAttack a : attacks) {
            kinds.add(a.kind());
            long from = a.first().toEpochMilli();
            long to = a.last().toEpochMilli();
            assertThat(a.count()).as("%s", a).isGreaterThanOrEqualTo(10);
            assertThat(full.count(a.kind().lineType().parserName(), a.host(), a.clientIp(), from, to))
                    .as("lines of %s", a).isEqualTo(a.count());
            if (a.kind() == AttackKind.AUTH_GUESSING && a.succeeded()) {
                assertThat(full.authSuccessByHostIpAuthid.get(a.host() + " " + a.clientIp() + " " + a.authid()))
                        .as("the successful login of %s", a).containsExactly(to);
            }
        }
        assertThat(kinds).isEqualTo(EnumSet.allOf(AttackKind.class));
        // 83 simulated minutes: each kind starts after 2 minutes and again an hour later
        assertThat(attacks).hasSizeGreaterThanOrEqualTo(AttackKind.values().length * 2 - 2);
        assertThat(attacks).allSatisfy(a -> assertThat(a.last()).isAfterOrEqualTo(a.first()));
    }

    @Test
    void attackersAreNeverBackgroundTraffic() {
        // every line of an attack type from the attackers' ranges belongs to a recorded attack
        java.util.function.Predicate<String> attacker = ip -> ip.startsWith("2001:db8:bad:")
                || ip.startsWith("203.0.113.") && Integer.parseInt(ip.substring(10)) >= 192;
        for (AttackKind k : AttackKind.values()) {
            EventType t = k.lineType();
            long recorded = full.truth.attacks().stream().filter(a -> a.kind().lineType() == t)
                    .mapToLong(InjectedAttack::count).sum();
            assertThat(full.countFromIps(t.parserName(), attacker)).as("%s lines from attackers", t).isEqualTo(recorded);
        }
        // and none without attacks
        for (EventType t : List.of(EventType.PREGREET, EventType.REJECTED_DISCOVERY, EventType.INVALID_CONNECTION,
                EventType.RULESET_REJECTION, EventType.AUTHENTICATION)) {
            assertThat(plain.countFromIps(t.parserName(), attacker)).isZero();
        }
        assertThat(plain.truth.attacks()).isEmpty();
    }

    @Test
    void attacksStandOutFromBackgroundScanning() {
        java.util.function.Predicate<String> background = ip -> !(ip.startsWith("2001:db8:bad:")
                || ip.startsWith("203.0.113.") && Integer.parseInt(ip.substring(10)) >= 192);
        long end = full.lastMillis - 20 * 60_000L;
        for (InjectedAttack a : full.truth.attacks()) {
            if (a.first().toEpochMilli() < end) {
                assertThat(a.count()).as("%s", a).isGreaterThanOrEqualTo(20);
                assertThat(a.last().toEpochMilli() - a.first().toEpochMilli()).as("%s", a).isLessThan(15 * 60_000L);
            }
        }
        for (AttackKind k : AttackKind.values()) {
            assertThat(full.maxInWindow(k.lineType().parserName(), background, 10 * 60_000L))
                    .as("most %s lines from one background address in 10 minutes", k.lineType()).isLessThan(20);
        }
    }

    @Test
    void someAttacksOnly() {
        GeneratorOptions o = GeneratorOptions.defaults().withAttacks(EnumSet.of(AttackKind.PREGREET,
                AttackKind.AUTH_GUESSING)).withAttackIntervalSeconds(600);
        LogGenerator g = new LogGenerator(o);
        for (int i = 0; i < 40_000; i++) {
            g.next();
        }
        Set<AttackKind> kinds = new HashSet<>();
        for (InjectedAttack a : g.stats().attacks()) {
            kinds.add(a.kind());
        }
        assertThat(kinds).containsExactlyInAnyOrder(AttackKind.PREGREET, AttackKind.AUTH_GUESSING);
        // 33 simulated minutes, every 10 minutes
        assertThat(g.stats().attacks()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(g.stats().attacks()).filteredOn(a -> a.kind() == AttackKind.AUTH_GUESSING)
                .allSatisfy(a -> assertThat(a.authid()).isNotBlank());
    }

    // ---- payloads ------------------------------------------------------------------------------

    @Test
    void payloadsStayInTheirFields() {
        ParsedRun r = new ParsedRun(GeneratorOptions.defaults().withSeed(11).withPayloads(true).withPayloadShare(0.5)
                .withFormat(GeneratorOptions.Format.MIXED), 50_000);
        assertThat(r.typeMismatches).isEmpty();
        assertThat(r.problems).isEmpty();
        Map<Field, Long> truth = r.truth.payloadLinesByField();
        assertThat(truth).containsKeys(Field.EMAIL_FROM, Field.EMAIL_MESSAGE_ID, Field.SOURCE_HOSTNAME,
                Field.VENDOR_AUTHID, Field.VENDOR_ARG1, Field.VENDOR_REJECT, Field.VENDOR_SMTP_COMMAND_ARG);
        for (Map.Entry<Field, Long> e : truth.entrySet()) {
            assertThat(r.payloadLines.getOrDefault(e.getKey(), 0L)).as("lines with a payload in %s", e.getKey())
                    .isEqualTo(e.getValue());
        }
        // nowhere else, except the response text the parser takes from the reject text
        Set<Field> allowed = EnumSet.copyOf(truth.keySet());
        allowed.add(Field.VENDOR_SMTP_RESPONSE_MESSAGE);
        assertThat(r.payloadLines.keySet()).isSubsetOf(allowed);
        assertThat(r.firstLineOfSubtype).isNotEmpty();
    }

    @Test
    void aPayloadSenderIsKeptWhole() {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(5).withPayloads(true)
                .withPayloadShare(1));
        io.sendmailflink.udfs.parse.SendmailParser p = new io.sendmailflink.udfs.parse.SendmailParser(
                io.sendmailflink.udfs.parse.ParserOptions.defaults().withYear(2026));
        boolean script = false;
        boolean injected = false;
        for (int i = 0; i < 20_000 && !(script && injected); i++) {
            String line = g.next();
            io.sendmailflink.udfs.model.SendmailEvent e = p.parse(line);
            if (!"receipt".equals(e.eventType())) {
                continue;
            }
            String from = e.getString(Field.EMAIL_FROM);
            if (from.contains(Payloads.SCRIPT)) {
                script = true;
                assertThat(from).isEqualTo("\"" + Payloads.SCRIPT + "\"@" + from.substring(from.indexOf("\"@") + 2));
            }
            if (from.contains(Payloads.RELAY_INJECTION)) {
                injected = true;
                assertThat(e.getString(Field.SOURCE_IP)).isNotEqualTo("198.51.100.254");
            }
            if (from.contains(Payloads.SIZE_INJECTION)) {
                assertThat(e.getLong(Field.EMAIL_SIZE)).isNotNegative();
            }
        }
        assertThat(script).isTrue();
        assertThat(injected).isTrue();
    }

    // ---- noise ---------------------------------------------------------------------------------

    @Test
    void noiseIsUnparsedAndCounted() {
        ParsedRun r = new ParsedRun(GeneratorOptions.defaults().withNoiseShare(0.1).withFormat(
                GeneratorOptions.Format.MIXED), 30_000);
        assertThat(r.typeMismatches).isEmpty();
        assertThat(r.problems).isEmpty();
        assertThat(r.parsed(EventType.UNPARSED)).isEqualTo(r.truth.unparsedLines());
        assertThat(r.truth.unparsedLines() / 30_000.0).isCloseTo(0.1, within(0.01));
        // noise does not change the rate
        double seconds = (r.lastMillis - r.firstMillis) / 1000.0;
        assertThat(30_000 / seconds).isCloseTo(20, within(2.5));
    }

    // ---- truth as JSON -------------------------------------------------------------------------

    @Test
    void truthJsonHasTheCounts() {
        String json = full.truth.toJson();
        assertThat(json).contains("\"lines\" : " + N, "\"attacks\" : [", "\"kind\" : \"auth-guessing\"",
                "\"lines_by_event_type\"", "\"receipt\" : " + full.truth.linesOf(EventType.RECEIPT));
    }

    // ---- options -------------------------------------------------------------------------------

    @Test
    void badOptionsAreRejected() {
        GeneratorOptions d = GeneratorOptions.defaults();
        assertThatThrownBy(() -> d.withLinesPerSecond(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withLinesPerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withHosts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withHosts(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withNoiseShare(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withNoiseShare(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withFormatShares(0.8, 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withAttackIntervalSeconds(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withStart(Instant.parse("1960-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttackKind.parseList("pregreet,nope")).hasMessageContaining("nope");
        assertThat(AttackKind.parseList("all")).isEqualTo(EnumSet.allOf(AttackKind.class));
        assertThat(AttackKind.parseList("none")).isEmpty();
        assertThat(AttackKind.parseList("VRFY_EXPN, user-unknown"))
                .containsExactlyInAnyOrder(AttackKind.VRFY_EXPN, AttackKind.USER_UNKNOWN);
    }
}
