package io.sendmailflink.jobs.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.ParseSendmail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class ParseLinesTest {

    private static final long REFERENCE = Instant.parse("2027-01-02T12:00:00Z").toEpochMilli();
    private static final String RECEIPT = "Jan  1 23:59:59 mx1 sm-mta[11]: r01Nxx01000011: from=<a@example.org>,"
            + " size=100, class=0, nrcpts=1, msgid=<m1@example.org>, proto=ESMTP, daemon=MTA,"
            + " relay=client.example.net [192.0.2.1]";

    @Test
    void eachLineGivesOneRowAndExactlyOneEventOrDeadLetter() throws Exception {
        try (OneInputStreamOperatorTestHarness<LogLine, Row> h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseLines("UTC", null, RecordFormat.JSON))) {
            h.processElement(new LogLine(RECEIPT, "/logs/maillog", 1, REFERENCE), 0);
            h.processElement(new LogLine("not sendmail at all", "/logs/maillog", 2, REFERENCE), 0);
            h.processElement(new LogLine("sm-mta[5]: starting daemon (8.18.1): SMTP+queueing@00:10:00", "/logs/maillog",
                    3, REFERENCE), 0);

            List<Row> rows = new ArrayList<>();
            for (Object o : h.getOutput()) {
                rows.add(((StreamRecord<Row>) o).getValue());
            }
            assertThat(rows).hasSize(3);
            Row receipt = rows.get(0);
            // by position (the SQL conversion) and by name (the CEP operators) alike
            assertThat(receipt.getArity()).isEqualTo(RecordFormat.eventColumns().size());
            assertThat(receipt.getField(0)).isEqualTo("/logs/maillog");
            assertThat(receipt.getField("line_number")).isEqualTo(1L);
            assertThat(receipt.getField("event_time")).isEqualTo(Instant.parse("2027-01-01T23:59:59Z"));
            assertThat(receipt.getField("email_uid")).isEqualTo("r01Nxx01000011");
            // the same values as PARSE_SENDMAIL gives for the line
            Row udf = ParseSendmail.toRow(new SendmailParserWithReference().parse(RECEIPT));
            for (int i = 0; i < udf.getArity(); i++) {
                Object expected = udf.getField(i);
                Object actual = receipt.getField(4 + i);
                if (expected instanceof String[]) {
                    assertThat((String[]) actual).containsExactly((String[]) expected);
                } else {
                    assertThat(actual).as(RecordFormat.eventColumns().get(4 + i)).isEqualTo(expected);
                }
            }
            // a line without its own time takes the reference (file time / Kafka record time)
            assertThat(rows.get(2).getField("event_time")).isEqualTo(Instant.ofEpochMilli(REFERENCE));

            List<OutputRecord> events = values(h.getSideOutput(ParseLines.EVENTS));
            List<OutputRecord> dead = values(h.getSideOutput(ParseLines.DEAD_LETTERS));
            assertThat(events).extracting(r -> r.day).containsExactly("2027-01-01", "2027-01-02");
            assertThat(events.get(0).text).startsWith("{\"origin\":\"/logs/maillog\",\"line_number\":1,");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).text).contains("\"line_number\":2").contains("\"parse_error\":");
        }
    }

    private static List<OutputRecord> values(java.util.Queue<StreamRecord<OutputRecord>> q) {
        List<OutputRecord> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    /** The UDF's parser with the same reference time ParseLines uses. */
    private static final class SendmailParserWithReference {
        SendmailParserWithReference() {
        }

        io.sendmailflink.udfs.model.SendmailEvent parse(String line) {
            SendmailParser p = new SendmailParser();
            p.setReferenceTime(REFERENCE);
            return p.parse(line);
        }
    }
}
