package io.sendmailflink.udfs.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed Sendmail line: the values of the {@link Field}s it carries.
 *
 * <p>Allocation-lean by design: the parser records most values as spans (start, end) of the
 * text it parsed and a normalization to apply; a string is made only when a field is read, and
 * then kept. A parser may reuse one event for many lines ({@link #reset(String)}); callers that
 * keep an event past the next parse must take a {@link #copy()}.
 *
 * <p>Not thread-safe.
 */
public final class SendmailEvent {

    private static final Field[] FIELDS = Field.values();
    private static final int N = FIELDS.length;

    /** The span is taken as it is. */
    public static final byte RAW = 0;
    /** Sendmail's octal escapes of non-ASCII bytes are decoded (UTF-8). */
    public static final byte TEXT = 1;
    /** Host name or IP: escapes decoded, lower-cased. */
    public static final byte HOST = 2;
    /** One address: surrounding angle brackets removed, escapes decoded. */
    public static final byte ADDRESS = 3;
    /** A comma-joined address list: each address normalized as {@link #ADDRESS}. */
    public static final byte ADDRESS_LIST = 4;
    /** A token lower-cased. */
    public static final byte LOWER = 5;
    /** A token upper-cased. */
    public static final byte UPPER = 6;
    /** The value is a string the parser supplied. */
    private static final byte OWNED = 7;

    private String text = "";
    private final int[] start = new int[N];
    private final int[] end = new int[N];
    private final byte[] kind = new byte[N];
    private final String[] strings = new String[N];
    private final long[] longs = new long[N];
    private long present0;
    private long present1;

    private long epochMillis;
    private int offsetSeconds;
    /** The one list field's value, made on first read after a parse. */
    private List<String> listCache;

    static {
        if (N > 128) {
            throw new IllegalStateException("presence bits hold 128 fields, Field has " + N);
        }
    }

    /** Empties the event and sets the text that spans point into. */
    public void reset(String newText) {
        this.text = newText;
        present0 = 0;
        present1 = 0;
        listCache = null;
    }

    /** The text the spans point into (the line, or the message of a Filebeat event). */
    public String text() {
        return text;
    }

    /** Changes the text spans point into, keeping the fields set so far (they must be owned). */
    public void retarget(String newText) {
        this.text = newText;
    }

    // ---- writing (the parser) ---------------------------------------------------------------

    private void mark(int i) {
        if (i < 64) {
            present0 |= 1L << i;
        } else {
            present1 |= 1L << (i - 64);
        }
    }

    /** Records a span of {@link #text()} as the field's value, normalized by {@code how}. */
    public void setSpan(Field f, int s, int e, byte how) {
        int i = f.ordinal();
        start[i] = s;
        end[i] = e;
        kind[i] = how;
        strings[i] = null;
        if (f.type() == FieldType.STRING_LIST) {
            listCache = null;
        }
        mark(i);
    }

    /** Records a span as is. */
    public void setSpan(Field f, int s, int e) {
        setSpan(f, s, e, RAW);
    }

    /** Sets a string value (null removes the field). */
    public void setString(Field f, String value) {
        int i = f.ordinal();
        if (value == null) {
            clear(f);
            return;
        }
        kind[i] = OWNED;
        strings[i] = value;
        mark(i);
    }

    public void setLong(Field f, long value) {
        int i = f.ordinal();
        longs[i] = value;
        mark(i);
    }

    public void setBoolean(Field f, boolean value) {
        setLong(f, value ? 1 : 0);
    }

    public void setTimestamp(long epochMillis, int offsetSeconds) {
        if (epochMillis != this.epochMillis || offsetSeconds != this.offsetSeconds) {
            // consecutive lines often share a second: keep the formatted text until it changes
            strings[Field.TIMESTAMP_.ordinal()] = null;
        }
        this.epochMillis = epochMillis;
        this.offsetSeconds = offsetSeconds;
        mark(Field.TIMESTAMP_.ordinal());
    }

    /**
     * Whether a field's raw text (before normalization) equals {@code value}, ignoring ASCII
     * case; compares in place, without making a string.
     */
    public boolean rawEqualsIgnoreCase(Field f, String value) {
        if (!has(f)) {
            return false;
        }
        int i = f.ordinal();
        if (kind[i] == OWNED) {
            return strings[i].equalsIgnoreCase(value);
        }
        return end[i] - start[i] == value.length() && text.regionMatches(true, start[i], value, 0, value.length());
    }

    /** Whether a field's raw text starts with {@code prefix}; compares in place. */
    public boolean rawStartsWith(Field f, String prefix) {
        if (!has(f)) {
            return false;
        }
        int i = f.ordinal();
        if (kind[i] == OWNED) {
            return strings[i].startsWith(prefix);
        }
        return end[i] - start[i] >= prefix.length() && text.startsWith(prefix, start[i]);
    }

    /** Where a span-valued field starts in {@link #text()} (for the parser's later stages). */
    public int spanStart(Field f) {
        return start[f.ordinal()];
    }

    /** Where a span-valued field ends in {@link #text()}. */
    public int spanEnd(Field f) {
        return end[f.ordinal()];
    }

    public void clear(Field f) {
        int i = f.ordinal();
        if (i < 64) {
            present0 &= ~(1L << i);
        } else {
            present1 &= ~(1L << (i - 64));
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    public boolean has(Field f) {
        int i = f.ordinal();
        return i < 64 ? (present0 & (1L << i)) != 0 : (present1 & (1L << (i - 64))) != 0;
    }

    /**
     * The ordinal of the first present field at or after ordinal {@code from}, or -1: walks the
     * present fields without testing every absent one.
     */
    public int nextPresent(int from) {
        if (from < 64) {
            long m = present0 & (-1L << Math.max(0, from));
            if (m != 0) {
                return Long.numberOfTrailingZeros(m);
            }
            from = 64;
        }
        if (from < 128) {
            long m = present1 & (-1L << (from - 64));
            if (m != 0) {
                return 64 + Long.numberOfTrailingZeros(m);
            }
        }
        return -1;
    }

    /** The event type, or null before parsing. */
    public String eventType() {
        return getString(Field.EVENT_TYPE);
    }

    /** A text field's value, or null when absent. For other types, their JSON-like text form. */
    public String getString(Field f) {
        if (!has(f)) {
            return null;
        }
        int i = f.ordinal();
        switch (f.type()) {
            case LONG:
                return Long.toString(longs[i]);
            case BOOLEAN:
                return longs[i] != 0 ? "true" : "false";
            case TIMESTAMP:
                String ts = strings[i];
                if (ts == null) {
                    ts = Timestamps.formatIso(epochMillis, offsetSeconds);
                    strings[i] = ts;
                }
                return ts;
            case STRING_LIST:
                return String.join(",", getList(f));
            default:
                break;
        }
        String s = strings[i];
        if (s == null) {
            s = materialize(i);
            strings[i] = s;
        }
        return s;
    }

    private String materialize(int i) {
        int s = start[i];
        int e = end[i];
        switch (kind[i]) {
            case TEXT:
                return Text.decode(text, s, e);
            case HOST:
                return Text.lower(Text.decode(text, s, e));
            case ADDRESS:
                return Text.address(text, s, e);
            case ADDRESS_LIST:
                return Text.addressList(text, s, e);
            case LOWER:
                return Text.lowerToken(text, s, e);
            case UPPER:
                return Text.upper(text.substring(s, e));
            default:
                return text.substring(s, e);
        }
    }

    /**
     * Writes a present field's JSON value, exactly as {@code EventJson.writeFields} writes
     * {@link #get}'s value with Jackson, but where it is safe straight from the field's span of
     * {@link #text()}, without making (or caching) its string. A span is written in place when
     * its normalization cannot change it or is a plain ASCII mapping: RAW always; TEXT, ADDRESS
     * (after trimming and unbracketing) and single-address lists without a backslash (nothing to
     * decode); LOWER and UPPER when all ASCII; HOST when both; also when the value was read as
     * a string before (the same text, cheaper from the line). Owned strings are written as they
     * are; everything else goes through {@link #getString} / {@link #getList}.
     *
     * @throws IllegalStateException when the field is absent
     */
    public void writeJsonValue(Field f, JsonUtf8 w) {
        if (!has(f)) {
            throw new IllegalStateException(f.fieldName() + " is absent");
        }
        int i = f.ordinal();
        switch (f.type()) {
            case LONG:
                w.number(longs[i]);
                return;
            case BOOLEAN:
                w.bool(longs[i] != 0);
                return;
            case TIMESTAMP:
                if (strings[i] != null) {
                    w.string(strings[i]);
                } else {
                    w.isoTimestamp(epochMillis, offsetSeconds);
                }
                return;
            case STRING_LIST:
                writeJsonList(f, w);
                return;
            default:
                break;
        }
        if (kind[i] == OWNED) {
            w.string(strings[i]);
            return;
        }
        // a span, even if read (and cached) before: copying from the line beats writing the
        // cached string, and gives the same text (the cache holds the span's normalization)
        int s = start[i];
        int e = end[i];
        boolean done;
        switch (kind[i]) {
            case RAW:
                w.string(text, s, e);
                return;
            case TEXT:
                // Text.decode only changes a span at a backslash
                done = w.stringUnlessBackslash(text, s, e);
                break;
            case HOST:
                // decoded (nothing to decode without a backslash), then Text.lower: ASCII A-Z only
                done = w.lowerAsciiString(text, s, e, true);
                break;
            case LOWER:
                // Text.lowerToken: its constants are the ASCII lower case of what they match
                done = w.lowerAsciiString(text, s, e, false);
                break;
            case UPPER:
                done = w.upperAsciiString(text, s, e);
                break;
            case ADDRESS:
                done = writeAddress(s, e, w);
                break;
            case ADDRESS_LIST:
                done = writeAddressList(s, e, w);
                break;
            default:
                done = false;
        }
        if (!done) {
            w.string(getString(f));
        }
    }

    /** {@link Text#address} in place, when it decodes nothing. */
    private boolean writeAddress(int s, int e, JsonUtf8 w) {
        while (s < e && text.charAt(s) == ' ') {
            s++;
        }
        while (e > s && text.charAt(e - 1) == ' ') {
            e--;
        }
        if (e - s >= 2 && text.charAt(s) == '<' && text.charAt(e - 1) == '>') {
            s++;
            e--;
        }
        return w.stringUnlessBackslash(text, s, e);
    }

    /**
     * The end of the one address of a list span ({@link Text#addressList}'s and
     * {@link #getList}'s common case: no comma, or only a trailing one), or -1 for a real list.
     */
    private int singleAddressEnd(int s, int e) {
        for (int j = s; j < e; j++) {
            if (text.charAt(j) == ',') {
                return j == e - 1 ? j : -1;
            }
        }
        return e;
    }

    /** {@link Text#addressList} in place: one address, or a list that needs no normalizing. */
    private boolean writeAddressList(int s, int e, JsonUtf8 w) {
        int one = singleAddressEnd(s, e);
        if (one >= 0) {
            return writeAddress(s, one, w);
        }
        for (int j = s; j < e; j++) {
            char c = text.charAt(j);
            if (c == '<' || c == '\\' || c == '"' || c == ' ') {
                return false;
            }
        }
        w.string(text, s, text.charAt(e - 1) == ',' ? e - 1 : e);
        return true;
    }

    /** A list field's JSON array: {@link #getList}'s values. */
    private void writeJsonList(Field f, JsonUtf8 w) {
        int i = f.ordinal();
        if (kind[i] != OWNED) {
            int one = singleAddressEnd(start[i], end[i]);
            if (one >= 0) {
                int mark = w.size();
                w.beginArray();
                if (writeAddress(start[i], one, w)) {
                    w.endArray();
                    return;
                }
                w.truncate(mark);
            }
        }
        w.stringArray(getList(f));
    }

    public long getLong(Field f) {
        if (!has(f)) {
            throw new IllegalStateException(f.fieldName() + " is absent");
        }
        return longs[f.ordinal()];
    }

    /** A LONG field as a boxed value, or null when absent. */
    public Long getLongOrNull(Field f) {
        return has(f) ? longs[f.ordinal()] : null;
    }

    public boolean getBoolean(Field f) {
        return has(f) && longs[f.ordinal()] != 0;
    }

    /** A list field (email_to_list), or an empty list when absent. */
    public List<String> getList(Field f) {
        if (!has(f)) {
            return Collections.emptyList();
        }
        if (listCache != null) {
            return listCache;
        }
        int i = f.ordinal();
        List<String> l;
        if (kind[i] == OWNED) {
            l = Text.splitAddressList(strings[i], 0, strings[i].length(), false);
        } else {
            int comma = text.indexOf(',', start[i]);
            l = comma < 0 || comma >= end[i] - 1
                    ? Collections.singletonList(Text.address(text, start[i], comma >= 0 && comma < end[i] ? comma : end[i]))
                    : Text.splitAddressList(text, start[i], end[i], true);
        }
        listCache = Collections.unmodifiableList(l);
        return listCache;
    }

    /** Milliseconds since the epoch of {@code timestamp}; only when {@link #has} it. */
    public long epochMillis() {
        return epochMillis;
    }

    /** The UTC offset, in seconds, the timestamp was logged in. */
    public int offsetSeconds() {
        return offsetSeconds;
    }

    /** The value as JSON would carry it: String, Long, Boolean, List of String; null when absent. */
    public Object get(Field f) {
        if (!has(f)) {
            return null;
        }
        switch (f.type()) {
            case LONG:
                return longs[f.ordinal()];
            case BOOLEAN:
                return longs[f.ordinal()] != 0;
            case STRING_LIST:
                return getList(f);
            default:
                return getString(f);
        }
    }

    /** The present fields, in field order, as their JSON values. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : FIELDS) {
            if (has(f)) {
                m.put(f.fieldName(), get(f));
            }
        }
        return m;
    }

    /** The present fields, in field order. */
    public List<Field> presentFields() {
        List<Field> l = new ArrayList<>();
        for (Field f : FIELDS) {
            if (has(f)) {
                l.add(f);
            }
        }
        return l;
    }

    /** An independent copy with every value materialized. */
    public SendmailEvent copy() {
        SendmailEvent c = new SendmailEvent();
        c.reset(text);
        for (Field f : FIELDS) {
            if (!has(f)) {
                continue;
            }
            switch (f.type()) {
                case LONG:
                case BOOLEAN:
                    c.setLong(f, longs[f.ordinal()]);
                    break;
                case TIMESTAMP:
                    c.setTimestamp(epochMillis, offsetSeconds);
                    break;
                case STRING_LIST:
                    int i = f.ordinal();
                    c.start[i] = start[i];
                    c.end[i] = end[i];
                    c.kind[i] = kind[i];
                    c.strings[i] = strings[i];
                    c.mark(i);
                    break;
                default:
                    c.setString(f, getString(f));
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
