package io.sendmailflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of {@code sendmail-flink} with captured streams, and readers of its JSON
 * lines that use only jackson-core (a dependency of the jar, unlike databind).
 */
record CliRun(int exitCode, byte[] stdout, String stderr) {

    private static final JsonFactory JSON = new JsonFactory();

    static CliRun run(byte[] stdin, String... args) {
        return run(new ByteArrayInputStream(stdin), new ByteArrayOutputStream(), args);
    }

    static CliRun run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static CliRun run(InputStream stdin, OutputStream stdout, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SendmailFlink.execute(
                new Io(stdin, stdout, new PrintStream(err, true, StandardCharsets.UTF_8)), args);
        byte[] out = stdout instanceof ByteArrayOutputStream b ? b.toByteArray() : new byte[0];
        return new CliRun(code, out, err.toString(StandardCharsets.UTF_8));
    }

    /** Standard output as text; fails the test when it is not valid UTF-8. */
    String out() {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(stdout))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("standard output is not valid UTF-8", e);
        }
    }

    /**
     * Standard output as its lines, each parsed as one JSON object: fails the test when the
     * output does not end in a newline or a line is not exactly one object.
     */
    List<Map<String, Object>> events() {
        String out = out();
        if (out.isEmpty()) {
            return List.of();
        }
        assertThat(out).as("output ends with a newline").endsWith("\n");
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : out.substring(0, out.length() - 1).split("\n", -1)) {
            assertThat(line).as("an output line").doesNotContain("\r");
            events.add(parseObject(line));
        }
        return events;
    }

    /** The values of one field, one per event (null where absent). */
    List<Object> field(String name) {
        List<Object> values = new ArrayList<>();
        for (Map<String, Object> e : events()) {
            values.add(e.get(name));
        }
        return values;
    }

    static Map<String, Object> parseObject(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            assertThat(p.nextToken()).as("start of object in %s", json).isEqualTo(JsonToken.START_OBJECT);
            Map<String, Object> m = readObject(p);
            assertThat(p.nextToken()).as("nothing after the object in %s", json).isNull();
            return m;
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + json, e);
        }
    }

    /** Every JSON value in a stream (for --pretty, where one object spans lines). */
    static List<Map<String, Object>> parseObjects(String json) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                assertThat(t).isEqualTo(JsonToken.START_OBJECT);
                all.add(readObject(p));
            }
        }
        return all;
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            assertThat(m).as("duplicate key %s", key).doesNotContainKey(key);
            m.put(key, readValue(p));
        }
        return m;
    }

    private static Object readValue(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY:
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(readValue(p));
                }
                return l;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected token " + p.currentToken());
        }
    }
}
