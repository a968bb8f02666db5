package io.sendmailflink.jobs.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.aggregate.AggregateEncoder;
import io.sendmailflink.jobs.aggregate.BucketState;
import io.sendmailflink.jobs.aggregate.BucketStateSerializer;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MergeAggregatesTest {

    private static final long MINUTE = 60_000;
    private static final long START = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private static final long LAST = START + MINUTE - 1;

    private static KeyedOneInputStreamOperatorTestHarness<String, BucketState, OutputRecord> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MergeAggregates(new AggregateEncoder(AggregateEncoder.Format.JSON, false))),
                new MergeAggregates.Key(), org.apache.flink.api.common.typeinfo.Types.STRING);
    }

    /** A partial of mx1's 10:00 minute with {@code n} AUTH failures from one client. */
    private static BucketState partial(int n) {
        SendmailParser p = new SendmailParser();
        p.setReferenceTime(START);
        BucketState b = new BucketState(START, MINUTE, "mx1");
        for (int i = 0; i < n; i++) {
            SendmailEvent e = p.parse("Mar  2 10:00:0" + i + " mx1 sm-mta[9]: AUTH failure (LOGIN): authentication"
                    + " failure (-13) SASL(-13): authentication failure: checkpass failed, user=bob, relay=[203.0.113.7]");
            b.add(e);
        }
        return b;
    }

    private static String rowOf(List<OutputRecord> out, String view) {
        return out.stream().filter(r -> r.bucket.equals(view)).map(OutputRecord::text).findFirst().orElse(null);
    }

    @Test
    void partialsOfTwoSubtasksAddUpIntoOneRowPerViewWhenTheWatermarkPassesTheWindow() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(partial(2), LAST));
            h.processElement(new StreamRecord<>(partial(3), LAST));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(LAST);
            List<OutputRecord> out = h.extractOutputValues();
            assertThat(rowOf(out, "agg_overview_lines")).isEqualTo("{\"window_start\":\"2026-03-02T10:00:00\","
                    + "\"window_end\":\"2026-03-02T10:01:00\",\"source\":\"mx1\",\"lines\":5,\"events\":5,\"unparsed_lines\":0}");
            assertThat(rowOf(out, "agg_authentication_auth_failures_by_client_ip"))
                    .contains("\"source_ip\":\"203.0.113.7\",\"failures\":5,\"top_rank\":1");
            assertThat(out).filteredOn(r -> r.bucket.equals("agg_overview_lines")).hasSize(1);
        }
    }

    @Test
    void aPartialAfterItsWindowWasWrittenIsLeftOutAsLate() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(partial(2), LAST));
            h.processWatermark(LAST);
            int written = h.extractOutputValues().size();
            h.processElement(new StreamRecord<>(partial(1), LAST));
            h.processWatermark(LAST + MINUTE);
            assertThat(h.extractOutputValues()).hasSize(written);
        }
    }

    @Test
    void anOpenBucketSurvivesACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(partial(2), LAST));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(partial(1), LAST));
            h.processWatermark(LAST);
            assertThat(rowOf(h.extractOutputValues(), "agg_overview_lines")).contains("\"lines\":3,");
        }
    }

    @Test
    void largeBucketsLeaveInPiecesThatMergeBackIntoTheSameRows() throws Exception {
        BucketState b = partial(0);
        SendmailParser p = new SendmailParser();
        p.setReferenceTime(START);
        for (int i = 0; i < 300; i++) {
            b.add(p.parse("Mar  2 10:00:" + String.format("%02d", i % 60) + " mx1 sm-mta[9]: NOQUEUE: ruleset=check_relay,"
                    + " arg1=[10.0.0." + i + "], relay=[10.0.1." + i + "], reject=550 5.7.1 no " + i));
        }
        List<BucketState> pieces = b.pieces(64);
        assertThat(pieces.size()).isGreaterThan(5);
        try (var h = harness()) {
            h.open();
            for (BucketState piece : pieces) {
                org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
                BucketStateSerializer.INSTANCE.serialize(piece, out);
                h.processElement(new StreamRecord<>(BucketStateSerializer.INSTANCE.deserialize(
                        new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer())), LAST));
            }
            h.processWatermark(LAST);
            List<OutputRecord> out = h.extractOutputValues();
            assertThat(rowOf(out, "agg_overview_lines")).contains("\"lines\":300,");
            assertThat(out).filteredOn(r -> r.bucket.equals("agg_rule_rejection_top_arg1")).hasSize(20);
            assertThat(out).filteredOn(r -> r.bucket.equals("agg_rule_rejection_by_ruleset")).singleElement()
                    .satisfies(r -> assertThat(r.text()).contains("\"events\":300"));
        }
    }

    @Test
    void numbersRoundTripAsVariableLengthIntegers() throws Exception {
        long[] values = {0, 1, -1, 63, 64, -64, -65, 127, 128, 300, 1L << 35, Long.MAX_VALUE, Long.MIN_VALUE};
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        for (long v : values) {
            BucketStateSerializer.writeVarLong(v, out);
        }
        org.apache.flink.core.memory.DataInputDeserializer in = new org.apache.flink.core.memory.DataInputDeserializer(
                out.getCopyOfBuffer());
        for (long v : values) {
            assertThat(BucketStateSerializer.readVarLong(in)).isEqualTo(v);
        }
    }

    @Test
    void bucketStatesRoundTripThroughTheirSerializer() throws Exception {
        BucketState b = partial(3);
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        BucketStateSerializer.INSTANCE.serialize(b, out);
        BucketState back = BucketStateSerializer.INSTANCE.deserialize(
                new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.windowStart()).isEqualTo(START);
        assertThat(back.source()).isEqualTo("mx1");
        assertThat(back.groupCount()).isEqualTo(b.groupCount());
        assertThat(ParseLinesTest.overviewLines(List.of(back))).isEqualTo(ParseLinesTest.overviewLines(List.of(b)));
        BucketState copy = BucketStateSerializer.INSTANCE.copy(b);
        copy.merge(b);
        assertThat(ParseLinesTest.overviewLines(List.of(copy))).containsValue("6/6/0");
        assertThat(ParseLinesTest.overviewLines(List.of(b))).containsValue("3/3/0");
    }
}
