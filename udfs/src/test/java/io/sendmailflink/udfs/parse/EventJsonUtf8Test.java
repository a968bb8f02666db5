package io.sendmailflink.udfs.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.udfs.model.EventJson;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.FieldType;
import io.sendmailflink.udfs.model.Fuzz;
import io.sendmailflink.udfs.model.JsonUtf8;
import io.sendmailflink.udfs.model.SendmailEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link EventJson#writeFields(SendmailEvent, JsonUtf8)} gives exactly the bytes of the Jackson
 * path ({@link EventJson#toJson} then {@code getBytes(UTF_8)}) for every sample line, every
 * corpus line, mutations of them with hostile text, and events built span by span with every
 * normalization over random text.
 *
 * <p>Each event is written three times: from its spans (nothing read yet), with Jackson (which
 * reads, and so caches, every value as a string), and again from the cached strings; all three
 * must agree, whether the parser made a new event or reused one (as the jobs do).
 */
class EventJsonUtf8Test {

    private static final Field[] FIELDS = Field.values();
    private final JsonUtf8 writer = new JsonUtf8(64);

    private void assertSameAsJackson(SendmailEvent e, String what) {
        writer.reset();
        EventJson.write(e, writer);
        byte[] fromSpans = writer.toByteArray();
        byte[] jackson = EventJson.toJson(e).getBytes(StandardCharsets.UTF_8);
        byte[] fromStrings = EventJson.toJsonUtf8(e);
        assertSameBytes(fromSpans, jackson, what + " (from spans)");
        assertSameBytes(fromStrings, jackson, what + " (from read values)");
    }

    static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        if (!Arrays.equals(actual, expected)) {
            int i = Arrays.mismatch(actual, expected);
            String a = new String(actual, StandardCharsets.UTF_8);
            String b = new String(expected, StandardCharsets.UTF_8);
            throw new AssertionError(String.format("%s: bytes differ at %d%n  new: %s%n  old: %s", what, i, a, b));
        }
    }

    static List<JsonNode> samples() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(SampleLinesTest.samplesDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(json.readTree(p.toFile()));
            }
        }
        assertThat(out).hasSizeGreaterThan(50);
        return out;
    }

    static List<String> corpusLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.list(CorpusTest.corpusDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        assertThat(lines).hasSizeGreaterThan(100);
        return lines;
    }

    @Test
    void everySampleLine() throws IOException {
        SendmailEvent reused = new SendmailEvent();
        for (JsonNode sample : samples()) {
            String line = sample.get("line").asText();
            SendmailParser parser = SampleLinesTest.parserFor(sample.get("options"));
            assertSameAsJackson(parser.parse(line), "sample " + sample.path("description").asText() + ": " + line);
            assertSameAsJackson(parser.parseInto(line, reused), "sample (reused event): " + line);
        }
    }

    @Test
    void everyCorpusLine() throws IOException {
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        SendmailEvent reused = new SendmailEvent();
        for (String line : corpusLines()) {
            assertSameAsJackson(parser.parse(line), "corpus: " + line);
            assertSameAsJackson(parser.parseInto(line, reused), "corpus (reused event): " + line);
        }
    }

    /**
     * Sample and corpus lines with hostile text put in at random places (so it lands in every
     * kind of field), and in upper and lower case (host names, protocols, commands).
     */
    @Test
    void mutatedLines() throws IOException {
        List<String> bases = new ArrayList<>(corpusLines());
        for (JsonNode sample : samples()) {
            bases.add(sample.get("line").asText());
        }
        Random r = new Random(42);
        int[] seen = new int[Fuzz.CATEGORIES];
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        SendmailEvent reused = new SendmailEvent();
        int n = 0;
        for (String base : bases) {
            for (int m = 0; m < 40; m++) {
                String line = mutate(r, base, seen);
                if (m % 10 == 0) {
                    line = r.nextBoolean() ? line.toUpperCase(Locale.ROOT) : line.toLowerCase(Locale.ROOT);
                }
                assertSameAsJackson(parser.parseInto(line, reused), "mutation #" + n++ + ": " + line);
            }
        }
        for (int k = 0; k < seen.length; k++) {
            assertThat(seen[k]).as("mutations drew category %d", k).isGreaterThan(500);
        }
    }

    private static String mutate(Random r, String base, int[] seen) {
        StringBuilder s = new StringBuilder(base);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = r.nextInt(s.length() + 1);
            StringBuilder add = new StringBuilder();
            int k = r.nextInt(Fuzz.CATEGORIES);
            seen[k]++;
            for (int j = 1 + r.nextInt(3); j > 0; j--) {
                Fuzz.append(r, add, k);
            }
            if (r.nextBoolean() && at < s.length()) {
                s.replace(at, Math.min(s.length(), at + add.length()), add.toString());
            } else {
                s.insert(at, add);
            }
        }
        return s.toString();
    }

    /**
     * Events set field by field, as the parser could: spans of random text with every
     * normalization on every field, owned strings, numbers, booleans, timestamps; reused.
     */
    @Test
    void eventsBuiltSpanBySpanWithEveryNormalization() {
        Random r = new Random(7);
        int[] seen = new int[Fuzz.CATEGORIES];
        SendmailEvent e = new SendmailEvent();
        int[] kinds = new int[8];
        for (int n = 0; n < 6_000; n++) {
            String text = randomText(r, seen);
            e.reset(text);
            for (Field f : FIELDS) {
                if (r.nextInt(3) != 0) {
                    continue;
                }
                FieldType t = f.type();
                if (t == FieldType.LONG) {
                    e.setLong(f, r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(100_000));
                } else if (t == FieldType.BOOLEAN) {
                    e.setBoolean(f, r.nextBoolean());
                } else if (t == FieldType.TIMESTAMP) {
                    // mostly the same second as the event before, whose text the event keeps
                    long ms = r.nextInt(4) == 0 ? r.nextLong() / 1000 : 1_780_000_000_000L + r.nextInt(3000);
                    e.setTimestamp(ms, r.nextInt(3) == 0 ? (r.nextInt(57) - 28) * 1800 : 0);
                } else if (r.nextInt(6) == 0) {
                    e.setString(f, Fuzz.string(r, 40, seen));
                    kinds[7]++;
                } else {
                    int s = r.nextInt(text.length() + 1);
                    int end = s + r.nextInt(Math.min(60, text.length() - s) + 1);
                    byte kind = (byte) r.nextInt(7);
                    kinds[kind]++;
                    e.setSpan(f, s, end, kind);
                }
            }
            assertSameAsJackson(e, "built #" + n + " over " + text);
        }
        for (int k = 0; k < kinds.length; k++) {
            assertThat(kinds[k]).as("kind %d used", k).isGreaterThan(1000);
        }
    }

    /** Text that is mostly address- and host-like ASCII, with hostile characters and escapes in it. */
    private static String randomText(Random r, int[] seen) {
        StringBuilder s = new StringBuilder();
        for (int parts = 1 + r.nextInt(8); parts > 0; parts--) {
            switch (r.nextInt(5)) {
                case 0:
                    s.append(Fuzz.string(r, 30, seen));
                    break;
                case 1:
                    s.append(" <User").append(r.nextInt(100)).append("@Example.COM>, ");
                    break;
                case 2:
                    s.append("\"a,b\"@x.org,<c@d>,e@f, ");
                    break;
                case 3:
                    s.append("Mail.Example.NET\\303\\274x ");
                    break;
                default:
                    s.append(Fuzz.ascii(r, 40));
            }
        }
        return s.toString();
    }

    @Test
    void presentFieldsAreWalkedInFieldOrder() {
        SendmailEvent e = new SendmailEvent();
        e.reset("x");
        assertThat(e.nextPresent(0)).isEqualTo(-1);
        Random r = new Random(1);
        for (int n = 0; n < 500; n++) {
            e.reset("x");
            for (Field f : FIELDS) {
                if (r.nextInt(4) == 0) {
                    e.setString(f, "v");
                }
            }
            List<Field> walked = new ArrayList<>();
            for (int i = e.nextPresent(0); i >= 0; i = e.nextPresent(i + 1)) {
                walked.add(FIELDS[i]);
            }
            assertThat(walked).isEqualTo(e.presentFields());
        }
        assertThat(e.nextPresent(FIELDS.length)).isEqualTo(-1);
        assertThat(e.nextPresent(200)).isEqualTo(-1);
        e.reset("x");
        assertThatThrownBy(() -> e.writeJsonValue(Field.VENDOR_MILTER, new JsonUtf8()))
                .isInstanceOf(IllegalStateException.class);
    }
}
