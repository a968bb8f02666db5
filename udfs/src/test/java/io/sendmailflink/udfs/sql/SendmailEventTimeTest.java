package io.sendmailflink.udfs.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.SendmailEventTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SENDMAIL_EVENT_TIME without a Flink runtime (no open(): default options): the event-time column
 * of sendmail_lines must be exactly PARSE_SENDMAIL's `timestamp` for the same line and reference.
 */
class SendmailEventTimeTest {

    static final Instant REFERENCE = Instant.parse("2025-03-10T10:59:59Z");

    final SendmailEventTime function = new SendmailEventTime();

    @Test
    void yearOfAnRfc3164LineIsInferredAgainstTheReference() {
        assertThat(function.eval("Mar 10 09:00:05 mx1 sm-mta[1]: starting daemon (8.17.1): SMTP", REFERENCE))
                .isEqualTo(Instant.parse("2025-03-10T09:00:05Z"));
        // a December line read in January is from the year before
        assertThat(function.eval("Dec 31 23:59:00 mx1 sm-mta[1]: starting daemon (8.17.1): SMTP",
                Instant.parse("2025-01-01T00:00:10Z"))).isEqualTo(Instant.parse("2024-12-31T23:59:00Z"));
    }

    @Test
    void aLineWithItsOwnYearOrOffsetKeepsIt() {
        assertThat(function.eval("2019-08-11T01:04:52.123456+02:00 mx1 sendmail[1]: starting daemon (8.15.2): SMTP",
                REFERENCE)).isEqualTo(Instant.parse("2019-08-10T23:04:52.123Z"));
    }

    @Test
    void nullWhenTheLineHasNoTime() {
        assertThat(function.eval("this is not a sendmail line", REFERENCE)).isNull();
        assertThat(function.eval("sm-mta[4200]: ruleset=check_mail, arg1=<a@b.example>, relay=[192.0.2.1], discard",
                REFERENCE)).isNull();
        assertThat(function.eval("", REFERENCE)).isNull();
        assertThat(function.eval(null, REFERENCE)).isNull();
    }

    @Test
    void withoutAReferenceTheCurrentTimeIsTheReference() {
        Instant t = function.eval("Mar 10 09:00:05 mx1 sm-mta[1]: starting daemon (8.17.1): SMTP", null);
        assertThat(t).isNotNull().isBefore(Instant.now().plusSeconds(3 * 86_400));
    }

    @Test
    void equalsTheParsersTimestampForEverySampleLineAndTheTestLog() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/sql/" + SqlTestSupport.LOG)) {
            lines.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)));
        }
        ObjectMapper json = new ObjectMapper();
        Path samples = Path.of(System.getProperty("sendmail.samples.dir", "src/test/resources/samples"));
        try (Stream<Path> files = Files.list(samples)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                JsonNode sample = json.readTree(p.toFile());
                if (sample.has("line") && !sample.has("options")) {
                    lines.add(sample.get("line").asText());
                }
            }
        }
        assertThat(lines).hasSizeGreaterThan(100);

        SendmailParser parser = new SendmailParser();
        parser.setReferenceTime(REFERENCE.toEpochMilli());
        for (String line : lines) {
            SendmailEvent e = parser.parse(line);
            Instant expected = e.has(Field.TIMESTAMP_) ? Instant.ofEpochMilli(e.epochMillis()) : null;
            assertThat(function.eval(line, REFERENCE)).as(line).isEqualTo(expected);
        }
    }
}
