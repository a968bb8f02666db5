package io.sendmailflink.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

class BucketStateSerializerTest {

    private static final BucketStateSerializer S = BucketStateSerializer.INSTANCE;

    /** Keys that stress the string encoding: empty, 1-, 2-, 3- and 4-byte UTF-8, lone surrogates, long. */
    static final String[] ODD = {"", "\u0000", "ÿ@latin1.example", "\u07FF\u0800\uFFFF", "\uE000@private.example",
        "\uD83D\uDE00@emoji.example", "lone \uD800 high", "lone \uDC00 low", "\uDC00\uD800", "\uFFFD",
        "x".repeat(70_000), "é\uD83D\uDE00".repeat(9_000) + "tail"};

    /** The open buckets after a generated log (several hosts, payloads, noise), plus odd keys. */
    static List<BucketState> generated(int lines) {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(21).withHosts(3).withPayloads(true)
                .withPayloadShare(0.1).withNoiseShare(0.02));
        SendmailParser p = new SendmailParser();
        Aggregator a = new Aggregator(86_400_000L * 30, ZoneOffset.UTC);
        for (int i = 0; i < lines && g.hasNext(); i++) {
            SendmailEvent e = p.parse(g.next());
            a.add(e, e.epochMillis());
        }
        List<BucketState> out = new ArrayList<>(a.open());
        out.sort(java.util.Comparator.comparingInt(BucketState::groupCount).reversed());
        BucketState b = out.get(0);
        for (int i = 0; i < ODD.length; i++) {
            b.table(AggregateView.RULE_TOP_MESSAGES).get(ODD[i], null, null).n[0] += i + 1;
            b.table(AggregateView.RULE_BY_ENHANCED_CODE).get(ODD[i], ODD[(i + 1) % ODD.length], null).n[0] -= i;
            Group d = b.table(AggregateView.DELIVERY_DELAYS).get(ODD[i], null, null);
            d.n[0] += 3;
            d.values[0].add(Long.MIN_VALUE);
            d.values[0].add(Long.MAX_VALUE);
            d.values[0].add(-i);
        }
        out.add(new BucketState(7, 60_000, null));
        return out;
    }

    /** Every group of every view, with counters and values, keyed by view and keys. */
    static TreeMap<String, String> structure(BucketState b) {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("", b.windowStart() + "/" + b.windowSize() + "/" + b.source());
        for (int v = 0; v < b.tables.length; v++) {
            GroupTable t = b.tables[v];
            if (t == null) {
                continue;
            }
            for (Group g : t.groups()) {
                StringBuilder s = new StringBuilder(Arrays.toString(g.n));
                if (g.values != null) {
                    for (Group.LongList l : g.values) {
                        s.append(Arrays.toString(Arrays.copyOf(l.a, l.size)));
                    }
                }
                String prev = m.put(v + "|" + g.k1 + "|" + g.k2 + "|" + g.k3, s.toString());
                assertThat(prev).as("one group per key").isNull();
            }
        }
        return m;
    }

    /** The final rows of every view, as the engine writes them. */
    static List<String> rows(BucketState b) {
        List<String> out = new ArrayList<>();
        AggregateRows.rows(b, (view, row) -> out.add(view + " " + row));
        return out;
    }

    private static BucketState viaSerializer(BucketState b) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(b, out);
        return S.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static BucketState viaStream(TypeSerializer<BucketState> s, BucketState b) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.serialize(b, new DataOutputViewStreamWrapper(bytes));
        return s.deserialize(new DataInputViewStreamWrapper(new ByteArrayInputStream(bytes.toByteArray())));
    }

    @Test
    void generatedBucketsWithOddKeysRoundTripToTheSameGroupsAndRows() throws Exception {
        List<BucketState> buckets = generated(20_000);
        assertThat(buckets.get(0).groupCount()).isGreaterThan(1000);
        for (BucketState b : buckets) {
            for (BucketState back : List.of(viaSerializer(b), viaStream(S, b))) {
                assertThat(structure(back)).isEqualTo(structure(b));
                assertThat(rows(back)).containsExactlyInAnyOrderElementsOf(rows(b));
            }
        }
        // the odd keys themselves come back char for char
        BucketState back = viaSerializer(buckets.get(0));
        for (String k : ODD) {
            assertThat(back.table(AggregateView.RULE_TOP_MESSAGES).get(k, null, null).n[0]).isPositive();
        }
    }

    @Test
    void manyBucketsInOneStreamReadBackOneByOne() throws Exception {
        List<BucketState> buckets = generated(5_000);
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (BucketState b : buckets) {
            S.serialize(b, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (BucketState b : buckets) {
            assertThat(structure(S.deserialize(in))).isEqualTo(structure(b));
        }
        assertThat(in.available()).isZero();
        // copy(in, out) keeps the bytes readable
        DataOutputSerializer copied = new DataOutputSerializer(64);
        S.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(structure(S.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()))))
                .isEqualTo(structure(buckets.get(0)));
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() throws Exception {
        BucketState b = generated(10_000).get(0);
        TreeMap<String, String> before = structure(b);
        List<String> rowsBefore = rows(b);
        BucketState c = S.copy(b);
        assertThat(c).isNotSameAs(b);
        assertThat(structure(c)).isEqualTo(before);
        assertThat(rows(c)).isEqualTo(rowsBefore);

        // change the copy: existing groups' counters and value lists, new groups (tables grow)
        c.merge(b);
        for (int i = 0; i < 5_000; i++) {
            c.table(AggregateView.RULE_TOP_ARG1).get("new " + i, null, null).n[0]++;
        }
        c.table(AggregateView.PROCESSING_DELAYS).get(null, null, null).values[0].add(42);
        assertThat(structure(b)).isEqualTo(before);
        assertThat(rows(b)).isEqualTo(rowsBefore);

        // and the other way round
        TreeMap<String, String> copyBefore = structure(c);
        b.merge(b.deepCopy());
        b.table(AggregateView.RULE_TOP_ARG1).get("only in b", null, null).n[0]++;
        b.table(AggregateView.ACTIVITY_VOLUME).get(null, null, null).values[0].add(7);
        assertThat(structure(c)).isEqualTo(copyBefore);

        // a copy of an empty bucket and of a bucket with an empty list
        BucketState empty = new BucketState(1, 2, "h");
        assertThat(structure(S.copy(empty))).isEqualTo(structure(empty));
        BucketState noValues = new BucketState(1, 2, "h");
        noValues.table(AggregateView.DELIVERY_DELAYS).get("x", null, null).n[0]++;
        BucketState nc = S.copy(noValues);
        nc.table(AggregateView.DELIVERY_DELAYS).get("x", null, null).values[0].add(5);
        assertThat(structure(nc)).containsValue("[1][5]");
        assertThat(structure(noValues)).containsValue("[1][]");
    }

    @Test
    void theFormatIsMuchSmallerThanFixedWidthAndWritesStringsAsUtf8() throws Exception {
        BucketState b = new BucketState(0, 60_000, "h\u00e9");
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(b, out);
        // 8 + 8, source: header 4 (3 bytes + 1), 'h', 0xC3 0xA9, no views
        assertThat(out.getCopyOfBuffer()).hasSize(16 + 4 + 1);
        byte[] all = out.getCopyOfBuffer();
        assertThat(Arrays.copyOfRange(all, 16, 21)).containsExactly(8, 'h', 0xC3, 0xA9, 0);
    }

    @Test
    void formatOneSavepointsStillRestoreAfterMigration() throws Exception {
        List<BucketState> buckets = generated(5_000);
        BucketStateSerializer v1 = new BucketStateSerializer(1);
        for (BucketState b : buckets) {
            assertThat(structure(viaStream(v1, b))).isEqualTo(structure(b));
        }
        // the snapshot of the serializer before format 2: SimpleTypeSerializerSnapshot, version 3, no content
        DataOutputSerializer legacy = new DataOutputSerializer(64);
        legacy.writeUTF(BucketStateSerializer.Snapshot.class.getName());
        legacy.writeInt(3);
        TypeSerializerSnapshot<BucketState> old = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(legacy.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(old.restoreSerializer()).isEqualTo(v1).isNotEqualTo(S);
        TypeSerializerSchemaCompatibility<BucketState> c = S.snapshotConfiguration().resolveSchemaCompatibility(old);
        assertThat(c.isCompatibleAfterMigration()).isTrue();

        // the current snapshot round trips and is compatible as is
        DataOutputSerializer current = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(current, S.snapshotConfiguration());
        TypeSerializerSnapshot<BucketState> now = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(current.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(now.restoreSerializer()).isSameAs(S);
        assertThat(S.snapshotConfiguration().resolveSchemaCompatibility(now).isCompatibleAsIs()).isTrue();
        assertThat(BucketStateSerializer.TYPE.createSerializer(null)).isSameAs(S);
    }
}
