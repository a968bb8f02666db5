package io.sendmailflink.jobs.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

    private static final String HOSTILE = "Mar  3 10:00:00 mx1 sm-mta[11]: r23A0001000011: from=<\"x\\\","
            + "y\"@evil.example>, size=5, class=0, nrcpts=1, msgid=<</script><script>alert(1)</script>>,"
            + " proto=ESMTP, daemon=MTA, relay=c.example.net [192.0.2.1]";

    private static SendmailEvent parse(String line) {
        SendmailParser p = new SendmailParser();
        p.setReferenceTime(Instant.parse("2027-03-03T12:00:00Z").toEpochMilli());
        return p.parse(line);
    }

    @Test
    void jsonEventIsOneObjectWithLineColumnsFirstAndHostileTextAsValues() throws Exception {
        SendmailEvent e = parse(HOSTILE);
        String json = RecordFormat.JSON.encoder().event("/var/log/maillog", 7, HOSTILE, e.epochMillis(), e);
        assertThat(json).doesNotContain("\n");
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.fieldNames()).toIterable().startsWith("origin", "line_number", "line", "event_time");
        assertThat(n.get("line").asText()).isEqualTo(HOSTILE);
        assertThat(n.get("line_number").asLong()).isEqualTo(7);
        assertThat(n.get("event_time").asText()).isEqualTo("2027-03-03T10:00:00.000Z");
        assertThat(n.get("email_message_id").asText()).contains("<script>");
        assertThat(n.get("event_type").asText()).isEqualTo("receipt");
    }

    @Test
    void csvEventHasOneValuePerHeaderColumnAndRoundTrips() throws Exception {
        SendmailEvent e = parse(HOSTILE);
        RecordFormat.Encoder enc = RecordFormat.CSV.encoder();
        String header = RecordFormat.CSV.header(RecordFormat.eventColumns());
        String row = enc.event("o,\"rigin\"", 7, HOSTILE, e.epochMillis(), e);
        String second = enc.event("o2", 8, "plain", 0, parse("plain"));
        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String> h = read(csv, header);
        List<String> r1 = read(csv, row);
        List<String> r2 = read(csv, second);
        assertThat(h).containsExactlyElementsOf(RecordFormat.eventColumns());
        assertThat(r1).hasSameSizeAs(h);
        assertThat(r2).hasSameSizeAs(h);
        assertThat(r1.get(0)).isEqualTo("o,\"rigin\"");
        assertThat(r1.get(2)).isEqualTo(HOSTILE);
        assertThat(r1.get(h.indexOf("email_size"))).isEqualTo("5");
        assertThat(r1.get(h.indexOf("email_message_id"))).contains("<script>");
        assertThat(r2.get(1)).isEqualTo("8");
    }

    @Test
    void deadLetterKeepsLineAndReason() throws Exception {
        String json = RecordFormat.JSON.encoder().deadLetter("f", 3, "bad \"line\"", "no tag at column 1", 0);
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.get("line").asText()).isEqualTo("bad \"line\"");
        assertThat(n.get("parse_error").asText()).isEqualTo("no tag at column 1");
        String csvRow = RecordFormat.CSV.encoder().deadLetter("f", 3, "bad, \"line\"", "why", 0);
        assertThat(read(new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY), csvRow))
                .containsExactly("f", "3", "bad, \"line\"", "why", "1970-01-01T00:00:00.000Z");
    }

    @Test
    void unknownFormatIsRefusedByName() {
        assertThatThrownBy(() -> RecordFormat.of("xml")).hasMessageContaining("'xml'").hasMessageContaining("json or csv");
        assertThat(RecordFormat.of("CSV")).isEqualTo(RecordFormat.CSV);
    }

    /** The one row of a CSV text. */
    private static List<String> read(CsvMapper csv, String row) throws Exception {
        List<List<String>> rows = csv.readerFor(new com.fasterxml.jackson.core.type.TypeReference<List<List<String>>>() {
        }).readValue(row);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
