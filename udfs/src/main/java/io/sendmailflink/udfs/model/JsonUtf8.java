package io.sendmailflink.udfs.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A reusable writer of one flat JSON object as UTF-8 bytes, into a growable {@code byte[]}.
 *
 * <p><b>Hand-optimized hot path.</b> The batch backfill encodes every parsed line as a JSON
 * record; through Jackson's {@code WriterBasedJsonGenerator}, a {@code StringWriter}, a
 * {@code String} and {@code getBytes(UTF_8)} that cost about a third of the job's CPU. This class
 * writes the bytes directly, once. What makes it fast, in order of effect:
 * <ul>
 *   <li>The line is scanned once ({@link #source}); a value that is a span of it without
 *       characters to escape (nearly all of them) is then a single {@code arraycopy}.</li>
 *   <li>Other text is copied in bulk ({@code String.getBytes(int, int, byte[], int)}, which
 *       copies the low byte of each character) and checked eight bytes at a time (SWAR: one
 *       {@code long} tests eight characters for "control, quote, backslash or not ASCII"); a
 *       separate copy of the high bytes proves no character was above U+00FF. Only where a
 *       character needs escaping or is not ASCII does a per-character loop take over.</li>
 *   <li>Keys are precomputed bytes; numbers and timestamps are written without allocating.</li>
 * </ul>
 * Keep it simple to read, but measure ({@code EncoderBenchmark}) before "simplifying" a loop:
 * with only a per-character loop (a table lookup per character) the whole record took about 1.7
 * times as long, and that loop was most of it.
 *
 * <p>The output is byte-identical to Jackson's default {@code JsonGenerator} (no pretty
 * printing, no root separator) followed by {@code String.getBytes(UTF_8)}:
 * <ul>
 *   <li>{@code "} and {@code \} are escaped with a backslash; of the control characters below
 *       U+0020, {@code \b \t \n \f \r} are written short and the rest as <code>&#92;u00XX</code> with
 *       upper-case hex (Jackson's {@code WRITE_HEX_UPPER_CASE}, on by default);</li>
 *   <li>everything else, DEL, U+2028/U+2029 and all non-ASCII included, is not escaped but
 *       written as UTF-8;</li>
 *   <li>a surrogate that is not part of a pair becomes {@code ?}, as {@code getBytes(UTF_8)}
 *       replaces it.</li>
 * </ul>
 * The JSON structure is left to the caller: {@link #key} writes the comma between members, and
 * only one object level is tracked (arrays of strings are written with {@link #stringArray}, or
 * {@link #beginArray}/{@link #endArray} around a single value).
 *
 * <p>Not thread-safe; one per encoder.
 */
public final class JsonUtf8 {

    /**
     * For each ASCII character, the byte it is written as, or 0 when it needs an escape (controls,
     * {@code "}, {@code \}): one table lookup both tests and maps the common case.
     */
    private static final byte[] PLAIN = new byte[128];
    /** As {@link #PLAIN}, with A-Z lower-cased. */
    private static final byte[] LOWER = new byte[128];
    /** As {@link #PLAIN}, with a-z upper-cased. */
    private static final byte[] UPPER = new byte[128];
    /** The second character of a control character's escape: b t n f r, or u for &#92;u00XX. */
    private static final byte[] ESCAPE = new byte[32];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    /** Reads eight bytes of a byte[] as one long, for the SWAR tests. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    /** Characters per step of the bulk copy: a miss wastes little, a hit amortizes the setup. */
    private static final int CHUNK = 64;
    /** Shorter text takes the character loop: the bulk copy's setup would cost more. */
    private static final int BULK_MIN = 16;

    /** Size of {@link #plainStrings} (a power of two). */
    private static final int PLAIN_SLOTS = 64;
    /** Longer strings are not kept in {@link #plainStrings} (constants are short; lines are not). */
    private static final int PLAIN_MAX = 256;

    /** A buffer grown past this by a huge record is dropped at the next {@link #reset()}. */
    private static final int KEEP_AT_MOST = 1 << 20;
    /** Sources longer than this are not prepared (their spans are copied as other text is). */
    private static final int MAX_SOURCE = 1 << 16;
    /** Sources with more characters to escape than this are not prepared either. */
    private static final int MAX_SPECIALS = 32;

    /** {@link #span} flag: give up (return false) at a backslash. */
    private static final int REJECT_BACKSLASH = 1;
    /** {@link #span} flag: give up at a character above ASCII. */
    private static final int REJECT_NON_ASCII = 2;

    static {
        for (int c = 0x20; c < 128; c++) {
            PLAIN[c] = (byte) c;
            LOWER[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            UPPER[c] = (byte) (c >= 'a' && c <= 'z' ? c - 32 : c);
        }
        for (byte[] t : new byte[][] {PLAIN, LOWER, UPPER}) {
            t['"'] = 0;
            t['\\'] = 0;
        }
        Arrays.fill(ESCAPE, (byte) 'u');
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
    }

    private final int initialCapacity;
    private byte[] buf;
    private int len;

    /** The String most values are spans of (the line): see {@link #source}. */
    private String source;
    /** Its characters as bytes, valid where no special is (each such character is ASCII). */
    private byte[] sourceBytes = new byte[512];
    /** Ascending positions of its characters that are not written as themselves. */
    private final int[] specials = new int[MAX_SPECIALS];
    /** How many {@link #specials}; -1 when the source is not prepared. */
    private int specialCount = -1;
    /**
     * Strings written before that were plain ASCII with nothing to escape, by identity hash:
     * mostly the constants the parser sets (event types, SMTP code descriptions), which are then
     * copied without any check. Identity, not equality, so a hit is always the same text.
     */
    private final String[] plainStrings = new String[PLAIN_SLOTS];
    /** Whether {@link #special} ran since {@link #span} began: the text was not all plain. */
    private boolean specialSeen;
    /** The high bytes of the characters being copied in bulk (all zero for Latin-1 text). */
    private byte[] high = new byte[512];
    /** Whether the next {@link #key} needs a comma before it (a member was written). */
    private boolean needComma;

    /**
     * Two cached days of timestamps (a record has the event time and the line's own timestamp,
     * maybe in another offset): the local day, its offset, and the text of its midnight.
     */
    private final long[] isoDay = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final int[] isoOffset = new int[2];
    private final byte[][] isoText = {new byte[Timestamps.ISO_MAX_BYTES], new byte[Timestamps.ISO_MAX_BYTES]};
    private final int[] isoLength = new int[2];
    /** The entry the next miss replaces. */
    private int isoVictim;

    public JsonUtf8() {
        this(1024);
    }

    public JsonUtf8(int initialCapacity) {
        this.initialCapacity = Math.max(16, initialCapacity);
        buf = new byte[this.initialCapacity];
    }

    // ---- the buffer --------------------------------------------------------------------------

    /** Empties the buffer (keeping its capacity) and the object state. */
    public void reset() {
        if (buf.length > KEEP_AT_MOST) {
            // one monster line must not pin its buffer for the life of the job
            buf = new byte[initialCapacity];
        }
        len = 0;
        needComma = false;
    }

    /** The number of bytes written. */
    public int size() {
        return len;
    }

    /** Drops what was written after {@code size} (a {@link #size()} taken before). */
    public void truncate(int size) {
        if (size < 0 || size > len) {
            throw new IllegalArgumentException("size " + size + " not in [0, " + len + "]");
        }
        len = size;
    }

    /** The internal buffer; bytes {@code [0, size())} are the output. Valid until the next write. */
    public byte[] buffer() {
        return buf;
    }

    /** The output as a new exact-length array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The output decoded (for tests and debugging). */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            grow(more);
        }
    }

    private void grow(int more) {
        long need = (long) len + more;
        if (need > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("JSON record larger than 2 GB");
        }
        buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
    }

    // ---- structure ---------------------------------------------------------------------------

    /**
     * The bytes of {@code ,"name":}, for {@link #key(byte[])}: a key is escaped and encoded once,
     * when the caller builds its constants.
     */
    public static byte[] key(String name) {
        JsonUtf8 w = new JsonUtf8(name.length() * 6 + 8);
        w.buf[w.len++] = ',';
        w.string(name);
        w.buf[w.len++] = ':';
        return w.toByteArray();
    }

    public void beginObject() {
        ensure(1);
        buf[len++] = '{';
        needComma = false;
    }

    public void endObject() {
        ensure(1);
        buf[len++] = '}';
        needComma = true;
    }

    /** A member's name: {@code k} from {@link #key(String)}; its comma only after a first member. */
    public void key(byte[] k) {
        int from = needComma ? 0 : 1;
        int n = k.length - from;
        ensure(n);
        System.arraycopy(k, from, buf, len, n);
        len += n;
        needComma = true;
    }

    public void beginArray() {
        ensure(1);
        buf[len++] = '[';
    }

    public void endArray() {
        ensure(1);
        buf[len++] = ']';
    }

    /** An array of strings. */
    public void stringArray(List<String> values) {
        beginArray();
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                ensure(1);
                buf[len++] = ',';
            }
            string(values.get(i));
        }
        endArray();
    }

    // ---- the source text ----------------------------------------------------------------------

    /**
     * Declares the String that most of the next values are spans of (an event's line), so that
     * spans of it are copied as bytes: it is scanned once for characters that need escaping or
     * are not ASCII, and a span {@link #string(String, int, int)} writes of it with none of them
     * is then one {@code arraycopy}, not a loop over characters. Calling it again with the same
     * String costs nothing; other Strings are written as before.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): see the class comment
    public void source(String s) {
        if (s == source) {
            return;
        }
        source = s;
        specialCount = -1;
        if (s == null || s.length() > MAX_SOURCE) {
            return;
        }
        int n = s.length();
        if (sourceBytes.length < n) {
            sourceBytes = new byte[Math.max(n, 2 * sourceBytes.length)];
            high = new byte[sourceBytes.length];
        }
        byte[] b = sourceBytes;
        byte[] h = high;
        s.getBytes(0, n, b, 0);
        highBytes(s, 0, n, h);
        int count = 0;
        for (int i = 0; i < n; i += 8) {
            boolean whole = i + 8 <= n;
            if (whole && ((long) LONGS.get(h, i) | specialMask((long) LONGS.get(b, i))) == 0) {
                continue;
            }
            // a word with something in it (or the tail): find the exact characters
            for (int j = i, e = Math.min(n, i + 8); j < e; j++) {
                if (h[j] != 0) {
                    // above U+00FF: the low bytes do not hold the text, leave the source unprepared
                    return;
                }
                int c = b[j] & 0xFF;
                if (c >= 128 || PLAIN[c] == 0) {
                    if (count == MAX_SPECIALS) {
                        // mostly escapes or non-ASCII: the character loop handles such text
                        return;
                    }
                    specials[count++] = j;
                }
            }
        }
        specialCount = count;
    }

    /** {@code h[j] = high byte of s[from + j]}; a loop the JIT vectorizes. */
    private static void highBytes(String s, int from, int n, byte[] h) {
        for (int j = 0; j < n; j++) {
            h[j] = (byte) (s.charAt(from + j) >>> 8);
        }
    }

    /**
     * Nonzero when one of the eight bytes of {@code x} is a control character, {@code "},
     * {@code \} or 0x80 and above (SWAR: for each test, a byte's high bit is set where it holds;
     * the borrows of the subtractions can only add false hits above a true one).
     */
    private static long specialMask(long x) {
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
        return (((x - 0x2020202020202020L) & ~x) | ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | x)
                & HIGHS;
    }

    /** Writes {@code "source[from, to)"} as one copy if the span has no special; else false. */
    private boolean copyFromSource(int from, int to) {
        int count = specialCount;
        if (count < 0) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            int at = specials[k];
            if (at >= from) {
                if (at < to) {
                    return false;
                }
                break;
            }
        }
        int n = to - from;
        ensure(n + 2);
        byte[] b = buf;
        int p = len;
        b[p] = '"';
        System.arraycopy(sourceBytes, from, b, p + 1, n);
        b[p + 1 + n] = '"';
        len = p + n + 2;
        return true;
    }

    /**
     * Lower- or upper-cases the ASCII bytes {@code buf[from, from + n)}, eight at a time: per
     * byte, the high bit of {@code x + (0x80 - 'A')} says "at least A" and that of
     * {@code x + (0x80 - 'Z' - 1)} "beyond Z" (ASCII bytes cannot carry into their neighbours);
     * where exactly one holds, 0x20 is set (or cleared).
     */
    private void asciiCase(int from, int n, boolean lower) {
        byte[] b = buf;
        long atLeast = (lower ? 0x80 - 'A' : 0x80 - 'a') * ONES;
        long beyond = (lower ? 0x80 - 'Z' - 1 : 0x80 - 'z' - 1) * ONES;
        int i = from;
        int end = from + n;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            long letters = ((x + atLeast) ^ (x + beyond)) & HIGHS;
            if (letters != 0) {
                LONGS.set(b, i, lower ? x | (letters >>> 2) : x & ~(letters >>> 2));
            }
        }
        byte[] map = lower ? LOWER : UPPER;
        for (; i < end; i++) {
            b[i] = map[b[i]];
        }
    }

    // ---- scalar values ---------------------------------------------------------------------

    public void nullValue() {
        raw(NULL);
    }

    public void bool(boolean v) {
        raw(v ? TRUE : FALSE);
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** A decimal number, as {@code Long.toString} writes it, without allocating. */
    public void number(long v) {
        if (v == Long.MIN_VALUE) {
            raw(LONG_MIN);
            return;
        }
        ensure(20);
        byte[] b = buf;
        int p = len;
        if (v < 0) {
            b[p++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = p + digits - 1; i >= p; i--) {
            b[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len = p + digits;
    }

    /**
     * {@link Timestamps#formatIso(long, int)} as a JSON string. The date and offset parts are
     * kept per (local day, offset); only the time of day is written per call.
     */
    public void isoTimestamp(long epochMillis, int offsetSeconds) {
        long local = epochMillis + offsetSeconds * 1000L;
        long day = Math.floorDiv(local, 86_400_000L);
        int e;
        if (day == isoDay[0] && offsetSeconds == isoOffset[0]) {
            e = 0;
        } else if (day == isoDay[1] && offsetSeconds == isoOffset[1]) {
            e = 1;
        } else {
            e = isoVictim;
            // the text of the day's midnight: date, T00:00:00.000, then Z or the offset
            int n = Timestamps.formatIso(day * 86_400_000L - offsetSeconds * 1000L, offsetSeconds, isoText[e], 0);
            if (n < 0) {
                // a year outside 0..9999: java.time's text, not cached
                string(Timestamps.formatIso(epochMillis, offsetSeconds));
                return;
            }
            isoDay[e] = day;
            isoOffset[e] = offsetSeconds;
            isoLength[e] = n;
            isoVictim = 1 - e;
        }
        int n = isoLength[e];
        ensure(n + 2);
        byte[] b = buf;
        int p = len;
        b[p] = '"';
        System.arraycopy(isoText[e], 0, b, p + 1, n);
        b[p + 1 + n] = '"';
        len = p + n + 2;
        // yyyy-MM-ddTHH:mm:ss.SSS: the time of day is characters 11 to 22
        int ms = (int) (local - day * 86_400_000L);
        p += 12;
        twoDigits(b, p, ms / 3_600_000);
        twoDigits(b, p + 3, ms / 60_000 % 60);
        twoDigits(b, p + 6, ms / 1000 % 60);
        int milli = ms % 1000;
        b[p + 9] = (byte) ('0' + milli / 100);
        twoDigits(b, p + 10, milli % 100);
    }

    private static void twoDigits(byte[] b, int at, int v) {
        b[at] = (byte) ('0' + v / 10);
        b[at + 1] = (byte) ('0' + v % 10);
    }

    /** A JSON string (or {@code null}). */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): see the class comment
    public void string(String s) {
        if (s == null) {
            nullValue();
            return;
        }
        int n = s.length();
        if (n < BULK_MIN || n > PLAIN_MAX || s == source) {
            // short, long (lines: identityHashCode would add a hash to every fresh one) or the line
            span(s, 0, n, PLAIN, 0);
            return;
        }
        int slot = System.identityHashCode(s) & (PLAIN_SLOTS - 1);
        if (plainStrings[slot] == s) {
            ensure(n + 2);
            byte[] b = buf;
            int p = len;
            b[p] = '"';
            s.getBytes(0, n, b, p + 1);
            b[p + 1 + n] = '"';
            len = p + n + 2;
            return;
        }
        span(s, 0, n, PLAIN, 0);
        if (!specialSeen) {
            plainStrings[slot] = s;
        }
    }

    /** {@code s.substring(from, to)} as a JSON string, without making the substring. */
    public void string(String s, int from, int to) {
        span(s, from, to, PLAIN, 0);
    }

    /**
     * {@code s.substring(from, to)} as a JSON string if it has no backslash; otherwise writes
     * nothing and returns false (a value whose escapes are still to be decoded).
     */
    public boolean stringUnlessBackslash(String s, int from, int to) {
        return span(s, from, to, PLAIN, REJECT_BACKSLASH);
    }

    /**
     * {@code s.substring(from, to)} lower-cased, as a JSON string, if it is all ASCII (where
     * lower-casing is just A-Z) and, when {@code rejectBackslash}, has no backslash; otherwise
     * writes nothing and returns false.
     */
    public boolean lowerAsciiString(String s, int from, int to, boolean rejectBackslash) {
        return span(s, from, to, LOWER, REJECT_NON_ASCII | (rejectBackslash ? REJECT_BACKSLASH : 0));
    }

    /** As {@link #lowerAsciiString}, upper-cased (a-z), backslashes allowed. */
    public boolean upperAsciiString(String s, int from, int to) {
        return span(s, from, to, UPPER, REJECT_NON_ASCII);
    }

    /**
     * Writes {@code "s[from, to)"} through {@code map}; false (nothing written) when a character
     * {@code flags} rejects appears.
     */
    private boolean span(String s, int from, int to, byte[] map, int flags) {
        if (from < 0 || to > s.length() || from > to) {
            throw new StringIndexOutOfBoundsException("span [" + from + ", " + to + ") of length " + s.length());
        }
        specialSeen = false;
        if (s == source && copyFromSource(from, to)) {
            // nothing to escape or reject: the bytes are the characters, maybe to case-map
            if (map != PLAIN) {
                asciiCase(len - 1 - (to - from), to - from, map == LOWER);
            }
            return true;
        }
        int start = len;
        ensure(1);
        buf[len++] = '"';
        int i = from;
        while (true) {
            // one byte per character and the closing quote: enough for the bulk copy and the
            // loop, which stop at the first character that needs escaping or is not ASCII
            ensure(to - i + 1);
            if (map == PLAIN && to - i >= BULK_MIN) {
                i = bulk(s, i, to);
            }
            byte[] b = buf;
            // the output index is (off + i), so that the JIT can drop the loop's bounds checks
            int off = len - i;
            for (; i < to; i++) {
                char c = s.charAt(i);
                if (c >= 128) {
                    break;
                }
                byte m = map[c];
                if (m == 0) {
                    break;
                }
                b[off + i] = m;
            }
            len = off + i;
            if (i == to) {
                break;
            }
            i = special(s, i, to, flags);
            if (i < 0) {
                len = start;
                return false;
            }
        }
        buf[len++] = '"';
        return true;
    }

    /**
     * Copies {@code s[i, to)} to the output while it is plain ASCII (nothing to escape), a chunk
     * at a time (room must be ensured); the index of the first character not copied, at most
     * eight before the first one that is not plain.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): see the class comment
    private int bulk(String s, int i, int to) {
        byte[] b = buf;
        byte[] h = high;
        while (to - i >= 8) {
            // whole words only; the tail is left to the character loop
            int n = Math.min(CHUNK, to - i) & ~7;
            int p = len;
            s.getBytes(i, i + n, b, p);
            highBytes(s, i, n, h);
            int ok = 0;
            while (ok < n && ((long) LONGS.get(h, ok) | specialMask((long) LONGS.get(b, p + ok))) == 0) {
                ok += 8;
            }
            // bytes after the last clean word were copied too, but are overwritten from there on
            len = p + ok;
            i += ok;
            if (ok < n) {
                break;
            }
        }
        return i;
    }

    /**
     * Writes the character at {@code i} (an escape, or UTF-8), or the surrogate pair starting
     * there; the index after it, or -1 when {@code flags} reject it.
     */
    private int special(String s, int i, int to, int flags) {
        specialSeen = true;
        ensure(6);
        byte[] b = buf;
        int p = len;
        char c = s.charAt(i++);
        if (c < 128) {
            if (c == '\\') {
                if ((flags & REJECT_BACKSLASH) != 0) {
                    return -1;
                }
                b[p++] = '\\';
                b[p++] = '\\';
            } else if (c == '"') {
                b[p++] = '\\';
                b[p++] = '"';
            } else {
                // a control character
                byte e = ESCAPE[c];
                b[p++] = '\\';
                b[p++] = e;
                if (e == 'u') {
                    b[p++] = '0';
                    b[p++] = '0';
                    b[p++] = HEX[c >> 4];
                    b[p++] = HEX[c & 0xF];
                }
            }
        } else if ((flags & REJECT_NON_ASCII) != 0) {
            return -1;
        } else if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (!Character.isSurrogate(c)) {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(s.charAt(i))) {
            int cp = Character.toCodePoint(c, s.charAt(i++));
            b[p++] = (byte) (0xF0 | (cp >> 18));
            b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            // an unpaired surrogate: what String.getBytes(UTF_8) writes for it
            b[p++] = '?';
        }
        len = p;
        return i;
    }
}
