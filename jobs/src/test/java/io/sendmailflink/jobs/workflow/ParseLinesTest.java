package io.sendmailflink.jobs.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.aggregate.AggregateRows;
import io.sendmailflink.jobs.aggregate.AggregateView;
import io.sendmailflink.jobs.aggregate.BucketState;
import io.sendmailflink.jobs.cep.CepEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.ParseSendmail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class ParseLinesTest {

    private static final long REFERENCE = Instant.parse("2027-01-02T12:00:00Z").toEpochMilli();
    private static final String RECEIPT = "Jan  1 23:59:59 mx1 sm-mta[11]: r01Nxx01000011: from=<a@example.org>,"
            + " size=100, class=0, nrcpts=1, msgid=<m1@example.org>, proto=ESMTP, daemon=MTA,"
            + " relay=client.example.net [192.0.2.1]";
    private static final String DSN = "Jan  1 23:59:59 mx1 sm-mta[12]: r01Nxx01000011: r01Nxx01000012: DSN: User unknown";
    private static final String START = "sm-mta[5]: starting daemon (8.18.1): SMTP+queueing@00:10:00";

    private static OneInputStreamOperatorTestHarness<LogLine, CepEvent> harness(ParseLines.Config c) throws Exception {
        OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = new OneInputStreamOperatorTestHarness<>(new ParseLines(c));
        h.getExecutionConfig().setAutoWatermarkInterval(200);
        return h;
    }

    private static StreamRecord<LogLine> line(String text, long number) {
        return new StreamRecord<>(new LogLine(text, "/logs/maillog", number, REFERENCE));
    }

    private static ParseLines.Config batch() {
        return new ParseLines.Config().tableZone("UTC");
    }

    private static ParseLines.Config streaming() {
        return new ParseLines.Config().tableZone("UTC").streaming(true, Duration.ofMinutes(1).toMillis())
                .watermarks(5_000, 0);
    }

    @Test
    void eachLineGivesExactlyOneEventOrDeadLetterAndTheCepEventsAtItsTime() throws Exception {
        try (OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = harness(batch())) {
            h.open();
            h.processElement(line(RECEIPT, 1));
            h.processElement(line("not sendmail at all", 2));
            h.processElement(line(START, 3));
            h.processElement(line(DSN, 4));

            List<OutputRecord> events = values(h.getSideOutput(ParseLines.EVENTS));
            List<OutputRecord> dead = values(h.getSideOutput(ParseLines.DEAD_LETTERS));
            assertThat(events).extracting(r -> r.bucket).containsExactly("dt=2027-01-01", "dt=2027-01-02", "dt=2027-01-01");
            assertThat(events.get(0).text()).startsWith("{\"origin\":\"/logs/maillog\",\"line_number\":1,")
                    .contains("\"email_uid\":\"r01Nxx01000011\"");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).text()).contains("\"line_number\":2").contains("\"parse_error\":");
            assertThat(dead.get(0).bucket).isEmpty();

            // traces and alerts read the events (not the dead letter), at their event time; the DSN
            // line also tells the new envelope who its parent is
            List<StreamRecord<CepEvent>> cep = records(h.getOutput());
            assertThat(cep).extracting(r -> r.getValue().eventType)
                    .containsExactly("receipt", "service_status", "other", CepEvent.PARENT_HINT);
            assertThat(cep.get(0).getTimestamp()).isEqualTo(Instant.parse("2027-01-01T23:59:59Z").toEpochMilli());
            assertThat(cep.get(0).getValue().line).isEqualTo(RECEIPT);
            assertThat(cep.get(1).getTimestamp()).as("a line without its own time takes the reference").isEqualTo(REFERENCE);
            assertThat(cep.get(3).getValue().qid).isEqualTo("r01Nxx01000012");
            assertThat(cep.get(3).getValue().relatedQid).isEqualTo("r01Nxx01000011");
        }
    }

    @Test
    void batchEmitsEveryBucketOnceAtTheEndOfInput() throws Exception {
        try (OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = harness(batch())) {
            h.open();
            h.processElement(line(RECEIPT, 1));
            h.processElement(line("not sendmail at all", 2));
            h.processElement(line(START, 3));
            assertThat(h.getSideOutput(ParseLines.PARTIALS)).isNullOrEmpty();
            h.endInput();
            Map<String, String> lines = overviewLines(values(h.getSideOutput(ParseLines.PARTIALS)));
            // hour buckets: mx1 at 23:00 on Jan 1; the headerless and the unparsable line (no host) at 12:00 on Jan 2
            assertThat(lines).containsOnlyKeys("2027-01-01T23:00|mx1", "2027-01-02T12:00|null");
            assertThat(lines.get("2027-01-01T23:00|mx1")).isEqualTo("1/1/0");
            assertThat(lines.get("2027-01-02T12:00|null")).isEqualTo("2/1/1");
        }
    }

    @Test
    void streamingEmitsAMinuteBucketBeforeTheWatermarkThatCompletesIt() throws Exception {
        String at = "Mar  2 10:00:%02d mx1 sm-mta[1]: STARTTLS=server, relay=c.example [192.0.2.1], version=TLSv1.3,"
                + " verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256";
        try (OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = harness(streaming().year(2026))) {
            h.open();
            h.processElement(line(String.format(at, 10), 1));
            h.processElement(line(String.format(at, 20), 2));
            h.processElement(line(at.replace("10:00:%02d", "10:01:04"), 3));
            h.setProcessingTime(200);
            // watermark = 10:01:04 - 5 s - 1 ms: the 10:00 minute is not complete yet
            assertThat(h.getSideOutput(ParseLines.PARTIALS)).isNullOrEmpty();
            h.processElement(line(at.replace("10:00:%02d", "10:01:06"), 4));
            h.setProcessingTime(400);
            List<BucketState> partials = values(h.getSideOutput(ParseLines.PARTIALS));
            assertThat(partials).hasSize(1);
            assertThat(overviewLines(partials)).containsExactly(Map.entry("2026-03-02T10:00|mx1", "2/2/0"));
            assertThat(h.getSideOutput(ParseLines.PARTIALS).peek().getTimestamp())
                    .isEqualTo(Instant.parse("2026-03-02T10:00:59.999Z").toEpochMilli());
            // the partial goes out before the watermark that completes its window
            List<Object> out = new ArrayList<>(h.getOutput());
            Watermark w = (Watermark) out.stream().filter(o -> o instanceof Watermark).reduce((a, b) -> b).orElseThrow();
            assertThat(w.getTimestamp()).isEqualTo(Instant.parse("2026-03-02T10:01:00.999Z").toEpochMilli());
        }
    }

    @Test
    void openBucketsSurviveACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = harness(streaming())) {
            h.open();
            h.processElement(line(RECEIPT, 1));
            h.processElement(line(RECEIPT, 2));
            snapshot = h.snapshot(1, 1);
        }
        try (OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = harness(streaming())) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(line(RECEIPT, 3));
            h.processWatermark(Long.MAX_VALUE);
            List<BucketState> partials = values(h.getSideOutput(ParseLines.PARTIALS));
            assertThat(overviewLines(partials)).containsExactly(Map.entry("2027-01-01T23:59|mx1", "3/3/0"));
        }
    }

    @Test
    void sqlModeRowsCarryTheValuesOfParseSendmail() throws Exception {
        try (OneInputStreamOperatorTestHarness<LogLine, CepEvent> h = harness(batch().outputs(false, false, true))) {
            h.open();
            h.processElement(line(RECEIPT, 1));
            h.processElement(line(START, 2));
            List<Row> rows = values(h.getSideOutput(ParseLines.ROWS));
            assertThat(rows).hasSize(2);
            assertThat(h.getOutput()).as("no CEP events when traces are off").isEmpty();
            Row receipt = rows.get(0);
            assertThat(receipt.getArity()).isEqualTo(RecordFormat.eventColumns().size());
            assertThat(receipt.getField(0)).isEqualTo("/logs/maillog");
            assertThat(receipt.getField("line_number")).isEqualTo(1L);
            assertThat(receipt.getField("event_time")).isEqualTo(Instant.parse("2027-01-01T23:59:59Z"));
            SendmailParser p = new SendmailParser();
            p.setReferenceTime(REFERENCE);
            Row udf = ParseSendmail.toRow(p.parse(RECEIPT));
            for (int i = 0; i < udf.getArity(); i++) {
                Object expected = udf.getField(i);
                Object actual = receipt.getField(4 + i);
                if (expected instanceof String[]) {
                    assertThat((String[]) actual).containsExactly((String[]) expected);
                } else {
                    assertThat(actual).as(RecordFormat.eventColumns().get(4 + i)).isEqualTo(expected);
                }
            }
            assertThat(rows.get(1).getField("event_time")).isEqualTo(Instant.ofEpochMilli(REFERENCE));
        }
    }

    /** agg_overview_lines of each partial: "window start|source" to "lines/events/unparsed". */
    static Map<String, String> overviewLines(List<BucketState> partials) {
        Map<String, String> m = new HashMap<>();
        for (BucketState b : partials) {
            AggregateRows.rows(b, (view, row) -> {
                if (view == AggregateView.OVERVIEW_LINES) {
                    m.put(key(row), row.getLong(3) + "/" + row.getLong(4) + "/" + row.getLong(5));
                }
            });
        }
        return m;
    }

    private static String key(GenericRowData row) {
        String start = row.getTimestamp(0, 3).toLocalDateTime().toString();
        return start + "|" + (row.isNullAt(2) ? "null" : row.getString(2).toString());
    }

    static <T> List<T> values(Queue<StreamRecord<T>> q) {
        List<T> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(r.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<StreamRecord<CepEvent>> records(Queue<Object> q) {
        List<StreamRecord<CepEvent>> out = new ArrayList<>();
        for (Object o : q) {
            if (o instanceof StreamRecord) {
                out.add((StreamRecord<CepEvent>) o);
            }
        }
        return out;
    }
}
