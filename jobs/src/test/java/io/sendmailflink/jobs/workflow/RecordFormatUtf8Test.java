package io.sendmailflink.jobs.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.generate.Payloads;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordFormat.Encoder#eventUtf8} and {@link RecordFormat.Encoder#deadLetterUtf8} give
 * exactly the bytes of the String methods encoded in UTF-8 (what the sinks wrote before):
 * generated logs (every envelope, attacks, hostile payloads, noise lines), the sample lines, the
 * real corpus, and random hostile origins, lines and parse errors. Lines go through one parser,
 * one reused event and one encoder, as in {@code ParseLines}.
 */
class RecordFormatUtf8Test {

    private static final long REFERENCE = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

    private final RecordFormat.Encoder json = RecordFormat.JSON.encoder();
    private final RecordFormat.Encoder csv = RecordFormat.CSV.encoder();
    private final SendmailParser parser = new SendmailParser(ParserOptions.defaults());
    private final SendmailEvent event = new SendmailEvent();
    private int events;
    private int deadLetters;

    /** One line as ParseLines handles it, through the new and the old path of both formats. */
    private void check(String origin, long lineNumber, String line) {
        parser.setReferenceTime(REFERENCE);
        SendmailEvent e = parser.parseInto(line, event);
        long time = e.has(Field.TIMESTAMP_) ? e.epochMillis() : REFERENCE;
        String what = origin + ":" + lineNumber + " " + line;
        if ("unparsed".equals(e.eventType())) {
            String error = e.has(Field.PARSE_ERROR) ? e.getString(Field.PARSE_ERROR) : null;
            assertSameBytes(json.deadLetterUtf8(origin, lineNumber, line, error, time),
                    json.deadLetter(origin, lineNumber, line, error, time), what);
            assertSameBytes(csv.deadLetterUtf8(origin, lineNumber, line, error, time),
                    csv.deadLetter(origin, lineNumber, line, error, time), what + " (csv)");
            deadLetters++;
        } else {
            // the new path first: it reads the values from their spans, before Jackson caches them
            assertSameBytes(json.eventUtf8(origin, lineNumber, line, time, e),
                    json.event(origin, lineNumber, line, time, e), what);
            assertSameBytes(json.eventUtf8(origin, lineNumber, line, time, e),
                    json.event(origin, lineNumber, line, time, e), what + " (values read)");
            assertSameBytes(csv.eventUtf8(origin, lineNumber, line, time, e),
                    csv.event(origin, lineNumber, line, time, e), what + " (csv)");
            events++;
        }
    }

    static void assertSameBytes(byte[] actual, String old, String what) {
        byte[] expected = old.getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(actual, expected)) {
            throw new AssertionError(String.format("%s: bytes differ at %d%n  new: %s%n  old: %s", what,
                    Arrays.mismatch(actual, expected), new String(actual, StandardCharsets.UTF_8), old));
        }
    }

    @Test
    void generatedLogsPlain() {
        generated(GeneratorOptions.defaults().withSeed(5), 30_000);
    }

    @Test
    void generatedLogsWithEveryEnvelopeAttacksPayloadsAndNoise() {
        GeneratorOptions o = GeneratorOptions.defaults().withSeed(7).withFormat(GeneratorOptions.Format.MIXED)
                .withAllAttacks().withPayloads(true).withPayloadShare(0.2).withNoiseShare(0.05).withHosts(5);
        List<String> lines = generated(o, 60_000);
        assertThat(lines).filteredOn(Payloads::carriesPayload).hasSizeGreaterThan(1000);
        assertThat(lines).filteredOn(l -> l.startsWith("{")).as("filebeat lines").hasSizeGreaterThan(1000);
        assertThat(lines).filteredOn(l -> l.startsWith("<")).as("RFC 5424 lines").hasSizeGreaterThan(1000);
        assertThat(deadLetters).as("noise lines become dead letters").isGreaterThan(1000);
    }

    private List<String> generated(GeneratorOptions o, int n) {
        LogGenerator g = new LogGenerator(o);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String line = g.next();
            lines.add(line);
            check("/var/log/mail/" + g.lastHost() + ".log", i + 1, line);
        }
        assertThat(events).isGreaterThan(n / 2);
        return lines;
    }

    @Test
    void sampleAndCorpusLines() throws IOException {
        ObjectMapper m = new ObjectMapper();
        int n = 0;
        try (Stream<Path> s = Files.list(Paths.get("../udfs/src/test/resources/samples"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode sample = m.readTree(p.toFile());
                check(p.getFileName().toString(), ++n, sample.get("line").asText());
            }
        }
        assertThat(n).isGreaterThan(50);
        Path corpus = Paths.get(System.getProperty("sendmail.corpus.dir", "../../shared/corpus"));
        try (Stream<Path> s = Files.list(corpus)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                long number = 0;
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    check(p.toString(), ++number, line);
                    n++;
                }
            }
        }
        assertThat(n).isGreaterThan(150);
    }

    /** Hostile origins, lines and parse errors, null parse errors and origins, odd numbers and times. */
    @Test
    void randomHostileRecordFields() {
        Random r = new Random(99);
        long[] times = {0, -1, REFERENCE, REFERENCE + 999, Long.MAX_VALUE / 4, -62_167_219_200_001L, 253_402_300_800_000L};
        long[] numbers = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int i = 0; i < 6_000; i++) {
            String origin = i % 50 == 0 ? null : hostile(r, 30);
            String line = hostile(r, i % 100 == 0 ? 5000 : 200);
            String error = i % 3 == 0 ? null : hostile(r, 60);
            long number = i % 7 == 0 ? numbers[r.nextInt(numbers.length)] : r.nextInt(1_000_000);
            long time = i % 5 == 0 ? times[r.nextInt(times.length)] : REFERENCE + r.nextInt(100_000);
            String what = "#" + i + " " + line;
            assertSameBytes(json.deadLetterUtf8(origin, number, line, error, time),
                    json.deadLetter(origin, number, line, error, time), what);
            assertSameBytes(csv.deadLetterUtf8(origin, number, line, error, time),
                    csv.deadLetter(origin, number, line, error, time), what + " (csv)");
            // the same text as a log line, and behind a real header so that it lands in fields
            check(origin, number, line);
            check(origin, number, "Nov 24 20:56:10 Mx1.Example.COM sm-mta[1]: qAOKuA01001234: from=<" + line
                    + ">, size=1, class=0, nrcpts=1, msgid=<" + line + ">, proto=ESMTP, relay=" + line);
            check(origin, number, "Nov 24 20:56:10 mx1 sm-mta[1]: qAOKuA01001234: to=" + line + ",<b@c>, delay=00:00:01,"
                    + " mailer=esmtp, pri=1, relay=x [1.2.3.4], dsn=5.1.1, stat=" + line);
        }
    }

    /** Random text: plain ASCII mixed with what JSON and UTF-8 can get wrong. */
    private static String hostile(Random r, int maxLen) {
        int n = r.nextInt(maxLen + 1);
        StringBuilder s = new StringBuilder(n);
        while (s.length() < n) {
            switch (r.nextInt(12)) {
                case 0:
                    s.append('"');
                    break;
                case 1:
                    s.append('\\');
                    break;
                case 2:
                    s.append((char) r.nextInt(0x20));
                    break;
                case 3:
                    s.append((char) (0x7F + r.nextInt(0x81)));
                    break;
                case 4:
                    s.append(r.nextBoolean() ? '\u2028' : (char) (0x100 + r.nextInt(0xD700)));
                    break;
                case 5:
                    s.appendCodePoint(0x10000 + r.nextInt(0x100000));
                    break;
                case 6:
                    s.append((char) (0xD800 + r.nextInt(0x800)));
                    break;
                case 7:
                    s.append(Payloads.ALL.get(r.nextInt(Payloads.ALL.size())));
                    break;
                case 8:
                    s.append("\\303\\274");
                    break;
                default:
                    s.append((char) (0x20 + r.nextInt(95)));
            }
        }
        return s.toString();
    }

    @Test
    void eachRecordIsANewExactArray() {
        SendmailEvent e = parser.parse("Nov 24 20:56:10 mx1 sm-mta[1]: qAOKuA01001234: from=<a@b>, size=1");
        byte[] first = json.eventUtf8("o", 1, "l", 5, e);
        byte[] copy = first.clone();
        byte[] second = json.eventUtf8("other origin", 2, "a longer line than before", 6, e);
        assertThat(second).isNotSameAs(first);
        assertThat(first).isEqualTo(copy);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("{\"origin\":\"o\",\"line_number\":1,")
                .endsWith("}");
        // nulls where Jackson writes null
        assertSameBytes(json.eventUtf8(null, 3, null, 7, e), json.event(null, 3, null, 7, e), "null origin and line");
        assertSameBytes(json.deadLetterUtf8(null, 3, null, null, 7), json.deadLetter(null, 3, null, null, 7), "nulls");
        assertThat(json.deadLetterUtf8("o", 1, "l", null, 0)).asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"origin\":\"o\",\"line_number\":1,\"line\":\"l\",\"event_time\":\"1970-01-01T00:00:00.000Z\"}");
    }
}
