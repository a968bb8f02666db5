package io.sendmailflink.udfs.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendmailflink.udfs.model.EventJson;
import io.sendmailflink.udfs.model.SendmailEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample lines are the spec: each file under {@code src/test/resources/samples/} holds one
 * line (and parser options) and every field it must give; nothing more may appear. Every parse
 * bug adds a file.
 *
 * <p>{@code -Dsamples.record=true} rewrites the {@code expect} of every file from the parser's
 * output, for reviewing a deliberate change with {@code git diff}; it never runs in CI.
 */
class SampleLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Lines without a year are read as if seen at this time, unless a sample says otherwise. */
    static final Instant DEFAULT_REFERENCE = Instant.parse("2026-11-24T21:00:00Z");

    static Stream<Arguments> samples() throws IOException {
        Path dir = samplesDir();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .map(p -> Arguments.of(p.getFileName().toString().replace(".json", ""), p))
                    .toList().stream();
        }
    }

    static Path samplesDir() {
        String d = System.getProperty("sendmail.samples.dir", "src/test/resources/samples");
        return Paths.get(d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleLineGivesExactlyItsExpectedFields(String name, Path file) throws IOException {
        JsonNode sample;
        try (InputStream in = Files.newInputStream(file)) {
            sample = JSON.readTree(in);
        }
        assertThat(sample.has("line")).as("%s has a line", name).isTrue();
        SendmailEvent event = parserFor(sample.get("options")).parse(sample.get("line").asText());
        ObjectNode actual = (ObjectNode) JSON.readTree(EventJson.toJson(event));
        JsonNode expect = sample.get("expect");
        if (expect == null || !expect.has("message")) {
            actual.remove("message");
        }
        if (Boolean.getBoolean("samples.record")) {
            ((ObjectNode) sample).set("expect", actual);
            JSON.writeValue(file.toFile(), sample);
            return;
        }
        assertThat(expect).as("%s has expected fields", name).isNotNull();
        assertThat(actual).as("%s: %s", name, sample.path("description").asText()).isEqualTo(expect);
    }

    static SendmailParser parserFor(JsonNode options) {
        ParserOptions o = ParserOptions.defaults().withReferenceTime(DEFAULT_REFERENCE);
        if (options != null) {
            if (options.has("zone")) {
                o = o.withZone(ZoneId.of(options.get("zone").asText()));
            }
            if (options.has("year")) {
                o = o.withYear(options.get("year").asInt());
            }
            if (options.has("referenceTime")) {
                o = o.withReferenceTime(Instant.parse(options.get("referenceTime").asText()));
            }
        }
        return new SendmailParser(o);
    }
}
