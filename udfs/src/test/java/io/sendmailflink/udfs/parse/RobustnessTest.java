package io.sendmailflink.udfs.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.udfs.model.EventJson;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No input can make the parser throw, loop or take more than linear time: every prefix of
 * every sample, random bytes, mutations, huge lines built to defeat naive scanning.
 *
 * <p>The time-outs are hang guards, not speed targets (those live in the JMH benchmark): a
 * quadratic scan of a 1 MB line would take minutes, a linear one milliseconds.
 */
class RobustnessTest {

    private static final String HEADER = "Nov 24 20:56:10 mailhost sm-mta[1234]: qAOKuA01001234: ";
    private final SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
    private final SendmailEvent reused = new SendmailEvent();

    private static List<String> sampleLines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.list(SampleLinesTest.samplesDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = json.readTree(p.toFile());
                lines.add(n.get("line").asText());
            }
        }
        return lines;
    }

    /** Parses and reads every field, as a consumer would; fails on any exception. */
    private SendmailEvent parseAndReadAll(String line) {
        SendmailEvent e = parser.parseInto(line, reused);
        assertThat(e.eventType()).as("event_type of %s", line).isNotNull();
        for (Field f : Field.values()) {
            e.get(f);
        }
        String json = EventJson.toJson(e);
        assertThat(json).startsWith("{").endsWith("}");
        if ("unparsed".equals(e.eventType())) {
            assertThat(e.getString(Field.PARSE_ERROR)).isNotBlank();
        }
        return e;
    }

    @Test
    void everyPrefixOfEverySampleParsesWithoutException() throws IOException {
        for (String line : sampleLines()) {
            for (int i = 0; i <= line.length(); i++) {
                parseAndReadAll(line.substring(0, i));
            }
        }
    }

    @Test
    void everySuffixOfEverySampleParsesWithoutException() throws IOException {
        for (String line : sampleLines()) {
            for (int i = 0; i <= line.length(); i++) {
                parseAndReadAll(line.substring(i));
            }
        }
    }

    @Test
    void randomMutationsOfSamplesParseWithoutException() throws IOException {
        Random r = new Random(42);
        String alphabet = " ,=:;<>[]()\"\\@.-+0123456789aZ\u0000\t\r\n\uFEFF\u00fc\ud83d\ude00{}";
        List<String> lines = sampleLines();
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder(lines.get(r.nextInt(lines.size())));
            int edits = 1 + r.nextInt(6);
            for (int k = 0; k < edits && b.length() > 0; k++) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0:
                        b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                        break;
                    case 1:
                        b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                        break;
                    default:
                        b.deleteCharAt(at);
                }
            }
            parseAndReadAll(b.toString());
        }
    }

    @Test
    void randomBytesDecodedAsUtf8ParseWithoutException() {
        Random r = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = new byte[r.nextInt(300)];
            r.nextBytes(bytes);
            parseAndReadAll(new String(bytes, StandardCharsets.UTF_8));
            parseAndReadAll(HEADER + new String(bytes, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void emptyBlankAndNullLinesAreUnparsedWithAReason() {
        for (String line : new String[] {null, "", " ", "\t", "\r\n", "\u0000", "\uFEFF"}) {
            SendmailEvent e = parser.parse(line);
            assertThat(e.eventType()).isEqualTo("unparsed");
            assertThat(e.getString(Field.PARSE_ERROR)).isNotBlank();
        }
    }

    @Test
    void megabyteLinesBuiltAgainstNaiveScanningParseInLinearTime() {
        int n = 1 << 20;
        List<String> lines = List.of(
                HEADER + "from=<" + "a, size=1, ".repeat(n / 11) + ">, size=1, class=0, nrcpts=1, relay=[192.0.2.1]",
                HEADER + "from=<a@b>, size=1, class=0, nrcpts=1, msgid=" + ", relay=".repeat(n / 8) + ", relay=[192.0.2.1]",
                HEADER + "to=" + "<a@b>,".repeat(n / 6) + " delay=00:00:01, stat=Sent",
                HEADER + "to=\"" + "x, stat=Sent, ".repeat(n / 14) + ", delay=00:00:01, stat=Sent",
                HEADER + "ruleset=check_rcpt, arg1=" + "<".repeat(n) + ", reject=550 5.7.1 x",
                HEADER + "AUTH failure (LOGIN): x (-13) " + " (".repeat(n / 2) + ", relay=[192.0.2.1]",
                "Nov 24 20:56:10 mailhost sm-mta[1234]: AUTH=server, relay=" + "], authid=".repeat(n / 10) + ", mech=PLAIN, bits=0",
                "Nov 24 20:56:10 mailhost sm-mta[1234]: STARTTLS=server, relay=" + "x, version=".repeat(n / 11),
                HEADER + "\\303".repeat(n / 4),
                HEADER + ": ".repeat(n / 2) + " [rejected]",
                "<" + "1".repeat(n),
                "{\"message\":\"" + "\\\\".repeat(n / 2) + "\"}",
                "{".repeat(n),
                "Nov 24 20:56:10 " + "x".repeat(n),
                "<22>1 2026-11-24T20:56:10Z h a 1 - " + "[".repeat(n));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String line : lines) {
                for (int k = 0; k < 3; k++) {
                    parseAndReadAll(line);
                }
            }
        });
    }

    @Test
    void attackerTextNeverBecomesAnotherField() {
        SendmailEvent e = parser.parse(HEADER + "from=<\"evil, size=999, relay=[6.6.6.6]\"@x.example>, size=5, class=0, "
                + "nrcpts=1, msgid=<m@x>, proto=ESMTP, daemon=MTA, relay=good.example [192.0.2.1]");
        assertThat(e.getLong(Field.EMAIL_SIZE)).isEqualTo(5);
        assertThat(e.getString(Field.SOURCE_IP)).isEqualTo("192.0.2.1");
        assertThat(e.getString(Field.EMAIL_FROM)).isEqualTo("\"evil, size=999, relay=[6.6.6.6]\"@x.example");

        SendmailEvent d = parser.parse(HEADER + "to=<\"v, mailer=local, stat=Sent\"@x.example>, delay=00:00:01, "
                + "mailer=esmtp, pri=1, relay=mx.example. [192.0.2.2], dsn=5.0.0, stat=Service unavailable");
        assertThat(d.getString(Field.VENDOR_MAILER)).isEqualTo("esmtp");
        assertThat(d.getString(Field.VENDOR_STATUS)).isEqualTo("Service unavailable");
        assertThat(d.getList(Field.EMAIL_TO_LIST)).containsExactly("\"v, mailer=local, stat=Sent\"@x.example");
    }
}
