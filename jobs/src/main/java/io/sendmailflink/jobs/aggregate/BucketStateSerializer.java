package io.sendmailflink.jobs.aggregate;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink serializer of {@link BucketState}: partials travel from the parse operator to the merge
 * operator, and open buckets are kept in checkpoints and savepoints (operator list state of the
 * parse operator, keyed value state of the merge operator).
 *
 * <p>Format 2 (the current one): window start and size (8 bytes each), the source, the number of
 * non-empty views, then per view its ordinal, group count and groups (three nullable keys, the
 * view's counters, its value lists: length, values). Counts, ordinals, counters and values are
 * zig-zag variable-length integers (most are small: a partial of a busy hour is a third of its
 * fixed-width size). A string is a varint header, 0 for null, else its encoded length in bytes
 * plus one, then its chars as UTF-8 (a surrogate encoded on its own in 3 bytes, as CESU-8 does,
 * so any Java string, a lone surrogate included, comes back identical). Everything goes through
 * a per-call byte buffer written to the output in bulk: Flink's {@code StringValue} and a
 * {@code writeByte} per varint byte cost a call per byte on a checkpoint stream, which the profile
 * of the stream job showed as most of the asynchronous snapshot time.
 *
 * <p>Format 1 (serializer snapshot version 3 and older, plain {@code SimpleTypeSerializerSnapshot}):
 * strings as {@link StringValue}, ints fixed width. It is still read: a savepoint in format 1
 * restores as "compatible after migration" (Flink reads the state with the format-1 serializer and
 * writes it in format 2 from the next checkpoint on).
 *
 * <p>{@link #copy(BucketState)} is a structural deep copy (no re-hashing): Flink calls it on the
 * task thread for every open bucket at every checkpoint.
 *
 * <p>Stateless (buffers are per call), so one instance may serve any number of threads.
 */
public final class BucketStateSerializer extends TypeSerializer<BucketState> {

    private static final long serialVersionUID = 2L;

    /** The format this serializer writes. */
    static final int FORMAT = 2;

    public static final BucketStateSerializer INSTANCE = new BucketStateSerializer(FORMAT);

    /** The type information of {@link BucketState} records. */
    public static final TypeInformation<BucketState> TYPE = new SerializerTypeInfo<>(BucketState.class, INSTANCE);

    private final int format;

    BucketStateSerializer(int format) {
        if (format != 1 && format != FORMAT) {
            throw new IllegalArgumentException("unknown bucket state format " + format);
        }
        this.format = format;
    }

    int format() {
        return format;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<BucketState> duplicate() {
        return this;
    }

    @Override
    public BucketState createInstance() {
        return new BucketState(0, 1, null);
    }

    @Override
    public BucketState copy(BucketState from) {
        return from.deepCopy();
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
        if (format == 1) {
            serializeV1(b, out);
            return;
        }
        Sink s = new Sink(out);
        s.writeLong(b.windowStart);
        s.writeLong(b.windowSize);
        s.writeString(b.source);
        int tables = 0;
        for (GroupTable t : b.tables) {
            if (t != null && t.size() > 0) {
                tables++;
            }
        }
        s.writeVarLong(tables);
        for (int v = 0; v < b.tables.length; v++) {
            GroupTable t = b.tables[v];
            if (t == null || t.size() == 0) {
                continue;
            }
            s.writeVarLong(v);
            s.writeVarLong(t.size());
            for (Group g : t.groups()) {
                s.writeString(g.k1);
                s.writeString(g.k2);
                s.writeString(g.k3);
                for (long x : g.n) {
                    s.writeVarLong(x);
                }
                if (g.values != null) {
                    for (Group.LongList l : g.values) {
                        s.writeVarLong(l.size);
                        for (int i = 0; i < l.size; i++) {
                            s.writeVarLong(l.a[i]);
                        }
                    }
                }
            }
        }
        s.flush();
    }

    @Override
    public BucketState deserialize(DataInputView in) throws IOException {
        if (format == 1) {
            return deserializeV1(in);
        }
        Source src = new Source(in);
        BucketState b = new BucketState(in.readLong(), in.readLong(), src.readString());
        int tables = src.readCount();
        for (int i = 0; i < tables; i++) {
            GroupTable t = b.table(view(src.readCount()));
            int groups = src.readCount();
            for (int j = 0; j < groups; j++) {
                Group g = t.get(src.readString(), src.readString(), src.readString());
                for (int k = 0; k < g.n.length; k++) {
                    g.n[k] += readVarLong(in);
                }
                if (g.values != null) {
                    for (Group.LongList l : g.values) {
                        int n = src.readCount();
                        for (int k = 0; k < n; k++) {
                            l.add(readVarLong(in));
                        }
                    }
                }
            }
        }
        return b;
    }

    private static AggregateView view(int v) throws IOException {
        if (v < 0 || v >= AggregateView.count()) {
            throw new IOException("bucket state names view " + v + ", but there are " + AggregateView.count());
        }
        return AggregateView.at(v);
    }

    /** Format 2 output: a byte buffer of this call, written to the view in bulk. */
    private static final class Sink {
        private final DataOutputView out;
        private byte[] buf = new byte[8192];
        private int pos;

        Sink(DataOutputView out) {
            this.out = out;
        }

        private void ensure(int n) throws IOException {
            if (pos + n > buf.length) {
                flush();
                if (n > buf.length) {
                    buf = new byte[Math.max(n, 2 * buf.length)];
                }
            }
        }

        void flush() throws IOException {
            if (pos > 0) {
                out.write(buf, 0, pos);
                pos = 0;
            }
        }

        void writeLong(long v) throws IOException {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        /** Zig-zag, 7 bits a byte, low bits first (as {@link BucketStateSerializer#writeVarLong}). */
        void writeVarLong(long v) throws IOException {
            ensure(10);
            long z = (v << 1) ^ (v >> 63);
            byte[] b = buf;
            int p = pos;
            while ((z & ~0x7FL) != 0) {
                b[p++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            b[p++] = (byte) z;
            pos = p;
        }

        @SuppressWarnings("deprecation")
        void writeString(String s) throws IOException {
            if (s == null) {
                writeVarLong(0);
                return;
            }
            int n = s.length();
            int len = n;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    len += c < 0x800 ? 1 : 2;
                }
            }
            writeVarLong(len + 1L);
            ensure(len);
            byte[] b = buf;
            int p = pos;
            if (len == n) {
                // ASCII: the low byte of every char, one bulk copy
                s.getBytes(0, n, b, p);
                pos = p + n;
                return;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    b[p++] = (byte) (0xE0 | c >> 12);
                    b[p++] = (byte) (0x80 | (c >> 6 & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            pos = p;
        }
    }

    /** Format 2 input: strings read in bulk into buffers of this call. */
    private static final class Source {
        private final DataInputView in;
        private byte[] bytes = new byte[256];
        private char[] chars = new char[256];

        Source(DataInputView in) {
            this.in = in;
        }

        int readCount() throws IOException {
            long n = readVarLong(in);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new IOException("malformed bucket state: count " + n);
            }
            return (int) n;
        }

        String readString() throws IOException {
            int h = readCount();
            if (h == 0) {
                return null;
            }
            int n = h - 1;
            if (bytes.length < n) {
                bytes = new byte[Math.max(n, 2 * bytes.length)];
            }
            byte[] b = bytes;
            in.readFully(b, 0, n);
            int i = 0;
            while (i < n && b[i] >= 0) {
                i++;
            }
            if (i == n) {
                return new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (chars.length < n) {
                chars = new char[Math.max(n, 2 * chars.length)];
            }
            char[] c = chars;
            int m = 0;
            for (int k = 0; k < i; k++) {
                c[m++] = (char) b[k];
            }
            while (i < n) {
                int x = b[i++] & 0xFF;
                if (x < 0x80) {
                    c[m++] = (char) x;
                } else if ((x & 0xE0) == 0xC0 && i < n) {
                    c[m++] = (char) ((x & 0x1F) << 6 | (b[i++] & 0x3F));
                } else if ((x & 0xF0) == 0xE0 && i + 1 < n) {
                    c[m++] = (char) ((x & 0x0F) << 12 | (b[i] & 0x3F) << 6 | (b[i + 1] & 0x3F));
                    i += 2;
                } else {
                    throw new IOException("malformed bucket state: bad string byte " + x);
                }
            }
            return new String(c, 0, m);
        }
    }

    // ---- format 1 (read for savepoints taken before format 2) ------------------------------------

    private static void serializeV1(BucketState b, DataOutputView out) throws IOException {
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

    private static BucketState deserializeV1(DataInputView in) throws IOException {
        BucketState b = new BucketState(in.readLong(), in.readLong(), StringValue.readString(in));
        int tables = in.readInt();
        for (int i = 0; i < tables; i++) {
            GroupTable t = b.table(view(in.readInt()));
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

    // ---- numbers --------------------------------------------------------------------------------

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
    public boolean equals(Object o) {
        return o instanceof BucketStateSerializer && ((BucketStateSerializer) o).format == format;
    }

    @Override
    public int hashCode() {
        return 31 * BucketStateSerializer.class.hashCode() + format;
    }

    @Override
    public TypeSerializerSnapshot<BucketState> snapshotConfiguration() {
        return new Snapshot(format);
    }

    /**
     * Serializer snapshot: the format. Version 4 writes it; versions 2 and 3 are the
     * {@code SimpleTypeSerializerSnapshot} this class was before format 2 (so format 1).
     */
    public static final class Snapshot implements TypeSerializerSnapshot<BucketState> {

        private static final int VERSION = 4;

        private int format;

        /** For Flink's reflective instantiation when reading a snapshot. */
        public Snapshot() {
            this(FORMAT);
        }

        Snapshot(int format) {
            this.format = format;
        }

        int format() {
            return format;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(format);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            switch (readVersion) {
                case 2:
                    in.readUTF(); // the serializer class name of SimpleTypeSerializerSnapshot version 2
                    format = 1;
                    break;
                case 3:
                    format = 1;
                    break;
                case VERSION:
                    format = in.readInt();
                    if (format != 1 && format != FORMAT) {
                        throw new IOException("unknown bucket state format " + format);
                    }
                    break;
                default:
                    throw new IOException("unknown BucketStateSerializer snapshot version " + readVersion);
            }
        }

        @Override
        public TypeSerializer<BucketState> restoreSerializer() {
            return format == FORMAT ? INSTANCE : new BucketStateSerializer(format);
        }

        @Override
        public TypeSerializerSchemaCompatibility<BucketState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<BucketState> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            int old = ((Snapshot) oldSnapshot).format;
            if (old == format) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return old == 1 && format == FORMAT ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
