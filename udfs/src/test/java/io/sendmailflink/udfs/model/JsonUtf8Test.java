package io.sendmailflink.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonUtf8} against the reference it replaces: Jackson's generator (as {@link EventJson}
 * makes it) writing into a String, then {@code getBytes(UTF_8)}. Every comparison is on bytes.
 */
class JsonUtf8Test {

    /** What the old path gives for one string value: Jackson's text, encoded as the sink did. */
    static byte[] jackson(String s) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = EventJson.generator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] jacksonNumber(long v) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = EventJson.generator(out)) {
            g.writeNumber(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private final JsonUtf8 w = new JsonUtf8(16);

    private byte[] mine(String s) {
        w.reset();
        w.string(s);
        return w.toByteArray();
    }

    /** Fails with the first differing position and both texts, not two byte dumps. */
    static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        if (Arrays.equals(actual, expected)) {
            return;
        }
        int i = Arrays.mismatch(actual, expected);
        throw new AssertionError(String.format("%s: bytes differ at %d (lengths %d, %d)%n  new: %s%n  old: %s", what, i,
                actual.length, expected.length, excerpt(actual, i), excerpt(expected, i)));
    }

    private static String excerpt(byte[] b, int at) {
        int from = Math.max(0, at - 40);
        int to = Math.min(b.length, at + 40);
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("<%02X>", c));
        }
        return s.toString();
    }

    @Test
    void everyBmpCharacterAloneAndBetweenAsciiIsWrittenAsJacksonAndGetBytesWriteIt() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String one = String.valueOf((char) c);
            assertSameBytes(mine(one), jackson(one), "U+" + Integer.toHexString(c));
            String mid = "a" + (char) c + "b";
            assertSameBytes(mine(mid), jackson(mid), "a U+" + Integer.toHexString(c) + " b");
        }
    }

    @Test
    void controlCharactersUseJacksonsShortFormsAndUpperCaseHex() {
        // pinned independently of Jackson too: a Jackson upgrade that changed these would be caught
        assertThat(new String(mine("\b\t\n\f\r\u0000\u001f\u007f\"\\/"), StandardCharsets.UTF_8))
                .isEqualTo("\"\\b\\t\\n\\f\\r\\u0000\\u001F\u007f\\\"\\\\/\"");
        for (int c = 0; c < 0x20; c++) {
            String s = String.valueOf((char) c);
            assertSameBytes(mine(s), jackson(s), "control " + c);
        }
    }

    @Test
    void surrogatePairsAreFourBytesAndLoneSurrogatesAreQuestionMarks() {
        String[] cases = {"\ud83d\ude00", "x\ud83d\ude00y", "\ud83d", "\ude00", "\ude00\ud83d", "\ud83d\ud83d\ude00",
            "a\ud83d", "\ud83d\"", "\ud83d\n\ude00", "\udbff\udfff", "\ud800\udc00", "\u2028\u2029", "\u00e9\u00ff\u0100"};
        for (String s : cases) {
            assertSameBytes(mine(s), jackson(s), s);
        }
        assertThat(mine("\ud83d")).isEqualTo("\"?\"".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void randomHostileStringsWholeAndAsSpans() {
        Random r = new Random(20260101);
        int[] seen = new int[Fuzz.CATEGORIES];
        for (int n = 0; n < 30_000; n++) {
            String s = Fuzz.string(r, n % 500 == 0 ? 20_000 : 200, seen);
            assertSameBytes(mine(s), jackson(s), "whole #" + n);
            int from = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
            int to = from + (s.length() == from ? 0 : r.nextInt(s.length() - from + 1));
            w.reset();
            w.string(s, from, to);
            assertSameBytes(w.toByteArray(), jackson(s.substring(from, to)), "span #" + n);
        }
        // the fuzz really drew every kind of character
        for (int k = 0; k < seen.length; k++) {
            assertThat(seen[k]).as("fuzz category %d drawn", k).isGreaterThan(1000);
        }
    }

    /**
     * One character that is not plain ASCII at every position of plain text of every length up to
     * 150: the eight-byte words and 64-character chunks of the bulk copy, and the source's scan,
     * must stop exactly where the loop must take over. U+0141 and U+0122 have the low bytes of
     * 'A' and '"': only the high-byte check catches the first.
     */
    @Test
    void oneSpecialCharacterAtEveryPositionOfPlainText() {
        char[] specials = {'"', '\\', '\n', '\u0001', '\u001f', '\u007f', '\u00e9', '\u00ff', '\u0100', '\u0141', '\u0122',
            '\u4e2d', '\u2028', '\ud83d', '\ude00'};
        for (int n = 1; n <= 150; n++) {
            for (int at = 0; at < n; at++) {
                for (char c : specials) {
                    StringBuilder b = new StringBuilder(n);
                    for (int i = 0; i < n; i++) {
                        b.append(i == at ? c : (char) ('a' + i % 26));
                    }
                    String s = b.toString();
                    byte[] expected = jackson(s);
                    assertSameBytes(mine(s), expected, "at " + at + " of " + n + ": U+" + Integer.toHexString(c));
                    w.reset();
                    w.source(s);
                    w.string(s, 0, n);
                    assertSameBytes(w.toByteArray(), expected, "source, at " + at + " of " + n);
                    // a span before the character is copied from the source, one over it is not
                    w.reset();
                    w.string(s, 0, at);
                    w.string(s, at, n);
                    assertThat(w.toByteArray()).isEqualTo(concat(jackson(s.substring(0, at)), jackson(s.substring(at))));
                    w.source(null);
                }
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Spans of a source with nothing, few, many (more than it keeps track of) or wide specials. */
    @Test
    void spansOfTheSourceWhateverItHolds() {
        Random r = new Random(17);
        int[] seen = new int[Fuzz.CATEGORIES];
        List<String> sources = new ArrayList<>(List.of("", "x", "plain ascii text, nothing to escape at all here",
                "\"quoted\" and \\ back\\slashed", "caf\u00e9 \u00ff\u00c0 latin-1 only", "\u0141\u0122 wide, low bytes plain",
                "\"".repeat(31) + "abc", "\"".repeat(32) + "abc", "\"".repeat(33) + "abc" + "x".repeat(100),
                "a".repeat(70_000), "a".repeat(70_000) + "\"", "emoji \ud83d\ude00 and lone \ud83d."));
        for (int i = 0; i < 300; i++) {
            sources.add(i % 2 == 0 ? Fuzz.ascii(r, 300) : Fuzz.string(r, 300, seen));
        }
        // host names and tokens in every case, the letters' neighbours included: @ [ ` {
        for (int i = 0; i < 100; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(120); k > 0; k--) {
                b.append("@AZ[`az{Mx.-0_".charAt(r.nextInt(14)));
            }
            sources.add(b.toString());
        }
        for (String src : sources) {
            w.reset();
            w.source(src);
            w.source(src);
            for (int k = 0; k < 200; k++) {
                int a = src.isEmpty() ? 0 : r.nextInt(src.length() + 1);
                int b = a + (src.length() == a ? 0 : r.nextInt(Math.min(80, src.length() - a) + 1));
                int mark = w.size();
                w.string(src, a, b);
                assertSameBytes(Arrays.copyOfRange(w.buffer(), mark, w.size()), jackson(src.substring(a, b)),
                        "span [" + a + ", " + b + ") of " + (src.length() > 100 ? src.substring(0, 100) + "..." : src));
                String sub = src.substring(a, b);
                boolean ascii = sub.chars().allMatch(c -> c < 128);
                mark = w.size();
                assertThat(w.lowerAsciiString(src, a, b, false)).isEqualTo(ascii);
                if (ascii) {
                    assertSameBytes(Arrays.copyOfRange(w.buffer(), mark, w.size()), jackson(sub.toLowerCase(Locale.ROOT)),
                            "lower-cased span of the source");
                }
                mark = w.size();
                assertThat(w.upperAsciiString(src, a, b)).isEqualTo(ascii);
                if (ascii) {
                    assertSameBytes(Arrays.copyOfRange(w.buffer(), mark, w.size()), jackson(sub.toUpperCase(Locale.ROOT)),
                            "upper-cased span of the source");
                }
                assertThat(w.size()).isEqualTo(mark + (ascii ? jackson(sub).length : 0));
                mark = w.size();
                if (w.stringUnlessBackslash(src, a, b)) {
                    assertThat(src.substring(a, b)).doesNotContain("\\");
                    assertSameBytes(Arrays.copyOfRange(w.buffer(), mark, w.size()), jackson(src.substring(a, b)), "unless \\");
                } else {
                    assertThat(src.substring(a, b)).contains("\\");
                    assertThat(w.size()).isEqualTo(mark);
                }
            }
            // the whole source, and another String with the same text (not the source)
            w.reset();
            w.string(src);
            assertSameBytes(w.toByteArray(), jackson(src), "whole source");
            w.reset();
            w.string(new String(src.toCharArray()));
            assertSameBytes(w.toByteArray(), jackson(src), "same text, other String");
        }
    }

    /**
     * Strings written again (the parser's constants) are copied without checks once seen plain:
     * only truly plain ones may be remembered. A lone surrogate is one byte ('?') like a plain
     * character, so "as many bytes as characters" would not do.
     */
    @Test
    void stringsWrittenAgainAreTheSameAndOnlyPlainOnesAreRemembered() {
        Random r = new Random(23);
        int[] seen = new int[Fuzz.CATEGORIES];
        List<String> strings = new ArrayList<>(List.of("Requested mail action okay, completed", "x".repeat(16),
                "sixteen chars \ud83d.", "lone surrogate at the end \udc00", "quote at the end, sixteen+\"",
                "caf\u00e9 is latin-1, not ascii", "\u0141 has the low byte of A, long", "y".repeat(300)));
        for (int i = 0; i < 2000; i++) {
            strings.add(i % 2 == 0 ? Fuzz.ascii(r, 80) : Fuzz.string(r, 80, seen));
        }
        // each string three times in a row (it is then surely still remembered), and again later
        for (int round = 0; round < 2; round++) {
            for (String s : strings) {
                byte[] expected = jackson(s);
                for (int k = 0; k < 3; k++) {
                    assertSameBytes(mine(s), expected, "round " + round + ", time " + k + ": " + s);
                }
            }
        }
    }

    @Test
    void veryLongValuesGrowTheBufferAndShrinkItAfterwards() {
        String big = "x\"y\\z\u00e9\ud83d\ude00\u0001".repeat(300_000);
        assertSameBytes(mine(big), jackson(big), "3 M chars");
        assertThat(w.buffer().length).isGreaterThan(1 << 20);
        w.reset();
        assertThat(w.buffer().length).isLessThan(1 << 20);
        assertSameBytes(mine("after"), jackson("after"), "after a huge one");
    }

    @Test
    void casedAndBackslashFreeSpansWriteOrRefuseWithoutLeavingBytes() {
        Random r = new Random(5);
        int[] seen = new int[Fuzz.CATEGORIES];
        for (int n = 0; n < 20_000; n++) {
            String s = n % 3 == 0 ? Fuzz.string(r, 30, seen) : Fuzz.ascii(r, 30);
            int to = Math.min(s.length(), s.length() / 2 + 1);
            String sub = s.substring(0, to);
            boolean ascii = sub.chars().allMatch(c -> c < 128);
            boolean backslash = sub.indexOf('\\') >= 0;

            w.reset();
            w.string("prefix");
            int before = w.size();
            boolean ok = w.lowerAsciiString(s, 0, to, true);
            assertThat(ok).as("lower, no backslash: %s", sub).isEqualTo(ascii && !backslash);
            checkSpan(ok, before, sub.toLowerCase(Locale.ROOT), "lower " + n);

            w.reset();
            before = w.size();
            ok = w.lowerAsciiString(s, 0, to, false);
            assertThat(ok).isEqualTo(ascii);
            checkSpan(ok, before, sub.toLowerCase(Locale.ROOT), "lower " + n);

            w.reset();
            before = w.size();
            ok = w.upperAsciiString(s, 0, to);
            assertThat(ok).isEqualTo(ascii);
            checkSpan(ok, before, sub.toUpperCase(Locale.ROOT), "upper " + n);

            w.reset();
            before = w.size();
            ok = w.stringUnlessBackslash(s, 0, to);
            assertThat(ok).isEqualTo(!backslash);
            checkSpan(ok, before, sub, "unless backslash " + n);
        }
    }

    private void checkSpan(boolean ok, int before, String expected, String what) {
        if (ok) {
            assertSameBytes(Arrays.copyOfRange(w.buffer(), before, w.size()), jackson(expected), what);
        } else {
            assertThat(w.size()).as("%s refused: nothing written", what).isEqualTo(before);
        }
    }

    @Test
    void spansOutsideTheStringAreRefused() {
        assertThatThrownBy(() -> w.string("abc", 2, 4)).isInstanceOf(StringIndexOutOfBoundsException.class);
        assertThatThrownBy(() -> w.string("abc", 2, 1)).isInstanceOf(StringIndexOutOfBoundsException.class);
        assertThatThrownBy(() -> w.string("abc", -1, 1)).isInstanceOf(StringIndexOutOfBoundsException.class);
    }

    @Test
    void numbersAsJacksonWritesThem() {
        Random r = new Random(3);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 9L, 10L, -10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, 1_000_000_000_000_000_000L));
        for (int i = 0; i < 10_000; i++) {
            values.add(r.nextLong() >> r.nextInt(64));
        }
        for (long v : values) {
            w.reset();
            w.number(v);
            assertSameBytes(w.toByteArray(), jacksonNumber(v), Long.toString(v));
        }
    }

    @Test
    void timestampsAsTheFormattedStringThroughTheCacheInAnyOrder() {
        Random r = new Random(11);
        long[] bases = {0L, -1L, -999L, -1000L, -1001L, 1_700_000_000_123L, -62_167_219_200_000L, 253_402_300_799_999L,
            253_402_300_800_000L, -62_167_219_200_001L, Long.MAX_VALUE / 4, Long.MIN_VALUE / 4};
        int[] offsets = {0, 3600, -3600, 19800, -34200, 50400, -64800, 61, -59};
        List<long[]> cases = new ArrayList<>();
        for (long b : bases) {
            for (int o : offsets) {
                cases.add(new long[] {b, o});
            }
        }
        long t = 1_780_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            // mostly the same or the next second, as consecutive lines are; sometimes a jump
            t += r.nextInt(10) < 8 ? r.nextInt(700) : (long) (r.nextGaussian() * 1e11);
            cases.add(new long[] {t, r.nextInt(4) == 0 ? offsets[r.nextInt(offsets.length)] : 0});
        }
        for (long[] c : cases) {
            String expected = Timestamps.formatIso(c[0], (int) c[1]);
            w.reset();
            w.isoTimestamp(c[0], (int) c[1]);
            assertSameBytes(w.toByteArray(), jackson(expected), c[0] + " offset " + c[1] + " (" + expected + ")");
        }
    }

    @Test
    void objectsKeysArraysAndLiteralsAsJacksonWritesThem() throws IOException {
        byte[] k1 = JsonUtf8.key("a");
        byte[] k2 = JsonUtf8.key("b\"\u00e9");
        w.reset();
        w.beginObject();
        w.key(k1);
        w.nullValue();
        w.key(k2);
        w.bool(true);
        w.key(k1);
        w.bool(false);
        w.key(k2);
        w.stringArray(List.of("x", "y\"", ""));
        w.key(k1);
        w.stringArray(List.of());
        w.endObject();
        w.beginObject();
        w.endObject();

        StringWriter out = new StringWriter();
        try (JsonGenerator g = EventJson.generator(out)) {
            g.writeStartObject();
            g.writeNullField("a");
            g.writeBooleanField("b\"\u00e9", true);
            g.writeBooleanField("a", false);
            g.writeFieldName("b\"\u00e9");
            g.writeStartArray();
            g.writeString("x");
            g.writeString("y\"");
            g.writeString("");
            g.writeEndArray();
            g.writeFieldName("a");
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndObject();
            g.writeStartObject();
            g.writeEndObject();
        }
        assertSameBytes(w.toByteArray(), out.toString().getBytes(StandardCharsets.UTF_8), "object");
        w.truncate(3);
        assertThat(w.toString()).isEqualTo("{\"a");
        assertThatThrownBy(() -> w.truncate(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theByteComparisonCanFail() {
        // the helper every test relies on must catch a one-byte difference
        assertThatThrownBy(() -> assertSameBytes(mine("a\u001f"), "\"a\\u001f\"".getBytes(StandardCharsets.UTF_8), "x"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("differ at 7");
    }
}
