package io.sendmailflink.jobs.workflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sendmailflink.udfs.model.EventJson;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.JsonUtf8;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.model.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How events and dead letters are written: JSON lines (keys in column order, absent values
 * omitted) or CSV (RFC 4180 quoting, a header row per file, lists joined with {@code ;}). The
 * columns are those of the SQL views {@code sendmail_events} ({@code origin, line_number, line,
 * event_time}, then every parsed field) and {@code sendmail_dead_letters}. Jackson does the
 * quoting, so attacker text cannot break a record.
 */
public enum RecordFormat {
    JSON("json"),
    CSV("csv");

    /** File name extension and option value. */
    public final String extension;

    RecordFormat(String extension) {
        this.extension = extension;
    }

    /** {@code json} or {@code csv}, any case. */
    public static RecordFormat of(String name) {
        for (RecordFormat f : values()) {
            if (f.extension.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (expected json or csv)");
    }

    /** The event columns: the four line columns, then every field. */
    public static List<String> eventColumns() {
        List<String> c = new ArrayList<>(List.of("origin", "line_number", "line", "event_time"));
        for (Field f : Field.values()) {
            c.add(f.fieldName());
        }
        return c;
    }

    /** The dead-letter columns. */
    public static List<String> deadLetterColumns() {
        return List.of("origin", "line_number", "line", "parse_error", "event_time");
    }

    /** The CSV header row (no line terminator) for these columns; null for JSON. */
    public String header(List<String> columns) {
        if (this != CSV) {
            return null;
        }
        Encoder e = encoder();
        try {
            e.csv.writeStartArray();
            for (String c : columns) {
                e.csv.writeString(c);
            }
            e.csv.writeEndArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return e.take();
    }

    /** A new encoder; not thread-safe, one per operator instance. */
    public Encoder encoder() {
        return new Encoder(this);
    }

    /**
     * Encodes records of one format into reused buffers. The {@code ...Utf8} methods give the
     * record's UTF-8 bytes: for JSON written directly by {@link JsonUtf8} (no Jackson, no
     * intermediate String), byte for byte what the String methods give encoded in UTF-8.
     */
    public static final class Encoder {
        private static final Field[] FIELDS = Field.values();
        private static final byte[] ORIGIN = JsonUtf8.key("origin");
        private static final byte[] LINE_NUMBER = JsonUtf8.key("line_number");
        private static final byte[] LINE = JsonUtf8.key("line");
        private static final byte[] PARSE_ERROR = JsonUtf8.key("parse_error");
        private static final byte[] EVENT_TIME = JsonUtf8.key("event_time");
        private final RecordFormat format;
        private final StringWriter buffer = new StringWriter(1024);
        private final JsonGenerator json;
        private final CsvGenerator csv;
        /** The JSON byte writer; null for CSV. */
        private final JsonUtf8 utf8;
        /** The last in-place record when it is not in {@code utf8} (CSV, dead letters). */
        private byte[] last;

        Encoder(RecordFormat format) {
            this.format = format;
            utf8 = format == JSON ? new JsonUtf8(2048) : null;
            try {
                if (format == JSON) {
                    json = EventJson.generator(buffer);
                    csv = null;
                } else {
                    json = null;
                    csv = new CsvFactory().createGenerator(buffer);
                    // positional columns; the row width varies with the record kind
                    csv.setSchema(CsvSchema.emptySchema().withLineSeparator("").withoutHeader());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An event: the line's columns, then the parsed fields. */
        public String event(String origin, long lineNumber, String line, long eventTimeMillis, SendmailEvent e) {
            try {
                if (format == JSON) {
                    json.writeStartObject();
                    json.writeStringField("origin", origin);
                    json.writeNumberField("line_number", lineNumber);
                    json.writeStringField("line", line);
                    json.writeStringField("event_time", Timestamps.formatIso(eventTimeMillis, 0));
                    EventJson.writeFields(e, json);
                    json.writeEndObject();
                } else {
                    csv.writeStartArray();
                    csv.writeString(origin);
                    csv.writeNumber(lineNumber);
                    csv.writeString(line);
                    csv.writeString(Timestamps.formatIso(eventTimeMillis, 0));
                    for (Field f : FIELDS) {
                        csv.writeString(e.has(f) ? csvValue(e, f) : "");
                    }
                    csv.writeEndArray();
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return take();
        }

        /** A dead letter: where the line came from, the line, and why it was not parsed. */
        public String deadLetter(String origin, long lineNumber, String line, String parseError, long eventTimeMillis) {
            String time = Timestamps.formatIso(eventTimeMillis, 0);
            try {
                if (format == JSON) {
                    json.writeStartObject();
                    json.writeStringField("origin", origin);
                    json.writeNumberField("line_number", lineNumber);
                    json.writeStringField("line", line);
                    if (parseError != null) {
                        json.writeStringField("parse_error", parseError);
                    }
                    json.writeStringField("event_time", time);
                    json.writeEndObject();
                } else {
                    csv.writeStartArray();
                    csv.writeString(origin);
                    csv.writeNumber(lineNumber);
                    csv.writeString(line);
                    csv.writeString(parseError == null ? "" : parseError);
                    csv.writeString(time);
                    csv.writeEndArray();
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return take();
        }

        /**
         * {@link #event}'s record as UTF-8, in a new array of exactly its length. For JSON it is
         * written straight to bytes (the backfill's hot path); for CSV it is the String's bytes.
         */
        public byte[] eventUtf8(String origin, long lineNumber, String line, long eventTimeMillis, SendmailEvent e) {
            if (format != JSON) {
                return event(origin, lineNumber, line, eventTimeMillis, e).getBytes(StandardCharsets.UTF_8);
            }
            eventUtf8Into(origin, lineNumber, line, eventTimeMillis, e);
            return utf8.toByteArray();
        }

        private void eventUtf8Into(String origin, long lineNumber, String line, long eventTimeMillis, SendmailEvent e) {
            JsonUtf8 w = utf8;
            w.reset();
            // the fields are mostly spans of the event's text, usually the line itself
            w.source(e.text());
            w.beginObject();
            w.key(ORIGIN);
            w.string(origin);
            w.key(LINE_NUMBER);
            w.number(lineNumber);
            w.key(LINE);
            writeLine(w, line);
            w.key(EVENT_TIME);
            w.isoTimestamp(eventTimeMillis, 0);
            EventJson.writeFields(e, w);
            w.endObject();
        }

        /**
         * {@link #eventUtf8} without the copy: the record is left in {@link #buffer()}, {@code [0,
         * returned size)}, valid until this encoder's next call.
         */
        public int eventInPlace(String origin, long lineNumber, String line, long eventTimeMillis, SendmailEvent e) {
            if (format != JSON) {
                last = eventUtf8(origin, lineNumber, line, eventTimeMillis, e);
                return last.length;
            }
            eventUtf8Into(origin, lineNumber, line, eventTimeMillis, e);
            last = null;
            return utf8.size();
        }

        /** {@link #deadLetterUtf8} without the copy (see {@link #eventInPlace}). */
        public int deadLetterInPlace(String origin, long lineNumber, String line, String parseError, long eventTimeMillis) {
            last = deadLetterUtf8(origin, lineNumber, line, parseError, eventTimeMillis);
            return last.length;
        }

        /** The bytes of the last {@code ...InPlace} record. */
        public byte[] buffer() {
            return last != null ? last : utf8.buffer();
        }

        /** {@link #deadLetter}'s record as UTF-8, in a new array of exactly its length. */
        public byte[] deadLetterUtf8(String origin, long lineNumber, String line, String parseError,
                long eventTimeMillis) {
            if (format != JSON) {
                return deadLetter(origin, lineNumber, line, parseError, eventTimeMillis).getBytes(StandardCharsets.UTF_8);
            }
            JsonUtf8 w = utf8;
            w.reset();
            w.beginObject();
            w.key(ORIGIN);
            w.string(origin);
            w.key(LINE_NUMBER);
            w.number(lineNumber);
            w.key(LINE);
            writeLine(w, line);
            if (parseError != null) {
                w.key(PARSE_ERROR);
                w.string(parseError);
            }
            w.key(EVENT_TIME);
            w.isoTimestamp(eventTimeMillis, 0);
            w.endObject();
            return w.toByteArray();
        }

        /** The line: a new String per record, written as a span (no identity lookup for it). */
        private static void writeLine(JsonUtf8 w, String line) {
            if (line == null) {
                w.nullValue();
            } else {
                w.string(line, 0, line.length());
            }
        }

        private static String csvValue(SendmailEvent e, Field f) {
            switch (f.type()) {
                case LONG:
                    return Long.toString(e.getLong(f));
                case BOOLEAN:
                    return Boolean.toString(e.getBoolean(f)).toLowerCase(Locale.ROOT);
                case STRING_LIST:
                    return String.join(";", e.getList(f));
                default:
                    return e.getString(f);
            }
        }

        private String take() {
            try {
                if (json != null) {
                    json.flush();
                } else {
                    csv.flush();
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            StringBuffer b = buffer.getBuffer();
            String s = b.toString();
            b.setLength(0);
            return s;
        }
    }
}
