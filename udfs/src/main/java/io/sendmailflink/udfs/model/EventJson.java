package io.sendmailflink.udfs.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;

/**
 * Writes an event as one JSON object: keys are the field names, in field order, absent fields
 * omitted. Jackson escapes every value, so attacker text cannot break the object.
 */
public final class EventJson {

    private static final Field[] FIELDS = Field.values();
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Each field's {@code ,"name":}, by ordinal, for {@link JsonUtf8#key(byte[])}. */
    private static final byte[][] KEYS = new byte[FIELDS.length][];

    static {
        for (Field f : FIELDS) {
            KEYS[f.ordinal()] = JsonUtf8.key(f.fieldName());
        }
    }

    private EventJson() {
    }

    /** Writes the event's object (no line separator) to an open generator. */
    public static void write(SendmailEvent e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeFields(e, g);
        g.writeEndObject();
    }

    /**
     * Writes the event's present fields as name/value pairs into the object the generator has
     * open, so callers can put fields of their own around them.
     */
    public static void writeFields(SendmailEvent e, JsonGenerator g) throws IOException {
        for (Field f : FIELDS) {
            if (!e.has(f)) {
                continue;
            }
            g.writeFieldName(f.fieldName());
            switch (f.type()) {
                case LONG:
                    g.writeNumber(e.getLong(f));
                    break;
                case BOOLEAN:
                    g.writeBoolean(e.getBoolean(f));
                    break;
                case STRING_LIST:
                    g.writeStartArray();
                    for (String s : e.getList(f)) {
                        g.writeString(s);
                    }
                    g.writeEndArray();
                    break;
                default:
                    g.writeString(e.getString(f));
            }
        }
    }

    /**
     * The byte-level twin of {@link #writeFields(SendmailEvent, JsonGenerator)}: the same
     * members, byte for byte as Jackson's text encoded in UTF-8, into the object the writer has
     * open. Span values are written from the line where that is safe (see
     * {@link SendmailEvent#writeJsonValue}), so reading the event this way makes no strings.
     */
    public static void writeFields(SendmailEvent e, JsonUtf8 w) {
        w.source(e.text());
        for (int i = e.nextPresent(0); i >= 0; i = e.nextPresent(i + 1)) {
            w.key(KEYS[i]);
            e.writeJsonValue(FIELDS[i], w);
        }
    }

    /** The event's object into the writer (as {@link #write(SendmailEvent, JsonGenerator)}). */
    public static void write(SendmailEvent e, JsonUtf8 w) {
        w.beginObject();
        writeFields(e, w);
        w.endObject();
    }

    /** The event as the UTF-8 bytes of {@link #toJson}. */
    public static byte[] toJsonUtf8(SendmailEvent e) {
        JsonUtf8 w = new JsonUtf8(512);
        write(e, w);
        return w.toByteArray();
    }

    /** A generator for a stream of events: one object per line is up to the caller. */
    public static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        return g;
    }

    /** The event as a JSON string. */
    public static String toJson(SendmailEvent e) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = generator(w)) {
            write(e, g);
        } catch (IOException ex) {
            throw new IllegalStateException("writing to a StringWriter failed", ex);
        }
        return w.toString();
    }
}
