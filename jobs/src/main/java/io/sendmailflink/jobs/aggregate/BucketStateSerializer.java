package io.sendmailflink.jobs.aggregate;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link BucketState}: partials travel from the parse operator to the merge
 * operator, and open buckets are kept in checkpoints and savepoints. Format (version 1): window
 * start and size, source, then per non-empty view its ordinal, group count and groups (three
 * nullable keys, the view's counters, its value lists); counts, counters and values as zig-zag
 * variable-length integers (most are small: a partial of a busy hour is a third of its fixed-width
 * size).
 */
public final class BucketStateSerializer extends TypeSerializerSingleton<BucketState> {

    private static final long serialVersionUID = 1L;

    public static final BucketStateSerializer INSTANCE = new BucketStateSerializer();

    /** The type information of {@link BucketState} records. */
    public static final TypeInformation<BucketState> TYPE = new TypeInfo();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public BucketState createInstance() {
        return new BucketState(0, 1, null);
    }

    @Override
    public BucketState copy(BucketState from) {
        BucketState c = new BucketState(from.windowStart, from.windowSize, from.source);
        c.merge(from);
        return c;
    }

    @Override
    public BucketState copy(BucketState from, BucketState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(BucketState b, DataOutputView out) throws IOException {
        out.writeLong(b.windowStart);
        out.writeLong(b.windowSize);
        StringValue.writeString(b.source, out);
        int tables = 0;
        for (GroupTable t : b.tables) {
            if (t != null && t.size() > 0) {
                tables++;
            }
        }
        out.writeInt(tables);
        for (int v = 0; v < b.tables.length; v++) {
            GroupTable t = b.tables[v];
            if (t == null || t.size() == 0) {
                continue;
            }
            out.writeInt(v);
            out.writeInt(t.size());
            for (Group g : t.groups()) {
                StringValue.writeString(g.k1, out);
                StringValue.writeString(g.k2, out);
                StringValue.writeString(g.k3, out);
                for (long x : g.n) {
                    writeVarLong(x, out);
                }
                if (g.values != null) {
                    for (Group.LongList l : g.values) {
                        writeVarLong(l.size, out);
                        for (int i = 0; i < l.size; i++) {
                            writeVarLong(l.a[i], out);
                        }
                    }
                }
            }
        }
    }

    @Override
    public BucketState deserialize(DataInputView in) throws IOException {
        BucketState b = new BucketState(in.readLong(), in.readLong(), StringValue.readString(in));
        int tables = in.readInt();
        for (int i = 0; i < tables; i++) {
            int v = in.readInt();
            if (v < 0 || v >= AggregateView.count()) {
                throw new IOException("bucket state names view " + v + ", but there are " + AggregateView.count());
            }
            GroupTable t = b.table(AggregateView.at(v));
            int groups = in.readInt();
            for (int j = 0; j < groups; j++) {
                Group g = t.get(StringValue.readString(in), StringValue.readString(in), StringValue.readString(in));
                for (int k = 0; k < g.n.length; k++) {
                    g.n[k] += readVarLong(in);
                }
                if (g.values != null) {
                    for (Group.LongList l : g.values) {
                        long n = readVarLong(in);
                        for (long k = 0; k < n; k++) {
                            l.add(readVarLong(in));
                        }
                    }
                }
            }
        }
        return b;
    }

    /** Zig-zag, 7 bits a byte, low bits first. */
    public static void writeVarLong(long v, DataOutputView out) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.writeByte((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.writeByte((int) z);
    }

    public static long readVarLong(DataInputView in) throws IOException {
        long z = 0;
        int shift = 0;
        while (true) {
            byte b = in.readByte();
            z |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new IOException("malformed bucket state: a number longer than 10 bytes");
            }
        }
        return (z >>> 1) ^ -(z & 1);
    }

    @Override
    public BucketState deserialize(BucketState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<BucketState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot (no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BucketState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Type information for {@link BucketState}. */
    static final class TypeInfo extends TypeInformation<BucketState> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<BucketState> getTypeClass() {
            return BucketState.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<BucketState> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "BucketState";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TypeInfo;
        }

        @Override
        public int hashCode() {
            return TypeInfo.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof TypeInfo;
        }
    }
}
