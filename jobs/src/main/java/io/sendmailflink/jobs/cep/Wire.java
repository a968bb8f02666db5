package io.sendmailflink.jobs.cep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The wire primitives of the CEP records' serializers: strings as one bulk write (Latin-1 bytes
 * when every char fits, else UTF-16 chars, so any Java string, lone surrogates included, comes
 * back identical), variable-length ints, nullable longs. Flink's {@code StringSerializer} writes
 * and reads one byte at a time through the data view, which the profile showed as the largest
 * single cost of the sorted BATCH exchanges.
 *
 * <p>Holds scratch buffers: one instance per serializer instance (serializers are duplicated per
 * thread), never shared.
 */
final class Wire {

    private static final int MIN_SCRATCH = 256;

    private byte[] bytes = new byte[MIN_SCRATCH];
    private char[] chars = new char[MIN_SCRATCH];

    // ---- strings ----------------------------------------------------------------------------

    /**
     * Header varint: 0 for null, else {@code (length << 1 | utf16) + 1}; then the chars as
     * Latin-1 bytes (flag 0) or as big-endian UTF-16 units (flag 1).
     */
    @SuppressWarnings("deprecation")
    void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int n = s.length();
        byte[] b = bytes(2 * n);
        // the low byte of every char (a plain copy for a Latin-1 string); exact if the string
        // reads back the same (a string with a char above 0xFF never does: String.equals
        // compares the compact Latin-1 form first)
        s.getBytes(0, n, b, 0);
        if (new String(b, 0, n, StandardCharsets.ISO_8859_1).equals(s)) {
            writeVarInt(((long) n << 1) + 1, out);
            out.write(b, 0, n);
            return;
        }
        char[] c = chars(n);
        s.getChars(0, n, c, 0);
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            b[2 * i] = (byte) (ch >>> 8);
            b[2 * i + 1] = (byte) ch;
        }
        writeVarInt(((long) n << 1 | 1) + 1, out);
        out.write(b, 0, 2 * n);
    }

    String readString(DataInputView in) throws IOException {
        long h = readVarLong(in);
        if (h == 0) {
            return null;
        }
        h--;
        int n = checkedLength(h >>> 1);
        if ((h & 1) == 0) {
            byte[] b = bytes(n);
            in.readFully(b, 0, n);
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        byte[] b = bytes(2 * n);
        in.readFully(b, 0, 2 * n);
        char[] c = chars(n);
        for (int i = 0; i < n; i++) {
            c[i] = (char) ((b[2 * i] & 0xFF) << 8 | (b[2 * i + 1] & 0xFF));
        }
        return new String(c, 0, n);
    }

    void copyString(DataInputView in, DataOutputView out) throws IOException {
        long h = readVarLong(in);
        writeVarInt(h, out);
        if (h == 0) {
            return;
        }
        h--;
        int n = checkedLength(h >>> 1);
        int len = (h & 1) == 0 ? n : 2 * n;
        byte[] b = bytes(len);
        in.readFully(b, 0, len);
        out.write(b, 0, len);
    }

    private static int checkedLength(long n) throws IOException {
        if (n > Integer.MAX_VALUE / 2) {
            throw new IOException("corrupt string length " + n);
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        return bytes;
    }

    private char[] chars(int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        return chars;
    }

    // ---- string arrays and lists ---------------------------------------------------------------

    void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeByte(0);
            return;
        }
        writeVarInt(a.length + 1L, out);
        for (String s : a) {
            writeString(s, out);
        }
    }

    String[] readStrings(DataInputView in) throws IOException {
        long n = readVarLong(in);
        if (n == 0) {
            return null;
        }
        String[] a = new String[checkedLength(n - 1)];
        for (int i = 0; i < a.length; i++) {
            a[i] = readString(in);
        }
        return a;
    }

    void copyStrings(DataInputView in, DataOutputView out) throws IOException {
        long n = readVarLong(in);
        writeVarInt(n, out);
        for (long i = 1; i < n; i++) {
            copyString(in, out);
        }
    }

    // ---- numbers ------------------------------------------------------------------------------

    /** Unsigned LEB128 (7 bits a byte) of a non-negative value. */
    static void writeVarInt(long v, DataOutputView out) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarLong(DataInputView in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("corrupt varint");
    }

    static int readVarInt(DataInputView in) throws IOException {
        long v = readVarLong(in);
        if (v > Integer.MAX_VALUE) {
            throw new IOException("corrupt varint " + v);
        }
        return (int) v;
    }

    static void copyVarInt(DataInputView in, DataOutputView out) throws IOException {
        writeVarInt(readVarLong(in), out);
    }

    /** Zig-zag varint: small magnitudes of either sign take few bytes. */
    static void writeZigZag(long v, DataOutputView out) throws IOException {
        writeVarInt((v << 1) ^ (v >> 63), out);
    }

    static long readZigZag(DataInputView in) throws IOException {
        long z = readVarLong(in);
        return (z >>> 1) ^ -(z & 1);
    }
}
