package io.sendmailflink.jobs.generate;

import java.util.Arrays;

/**
 * A growable byte buffer for one line: what {@link LogGenerator#nextInto(LineBytes)} writes and
 * {@link StreamLineSink#write(LineBytes)} copies out, so that writing a file costs one copy per
 * line instead of a trip through {@code String} and a charset encoder.
 *
 * <p>Only for ASCII text (generated lines are ASCII, as Sendmail escapes everything else): a
 * {@code char} is stored as its low byte.
 */
public final class LineBytes {

    private byte[] bytes = new byte[2048];
    private int length;

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public void clear() {
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    LineBytes append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    LineBytes append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    /** An ASCII string: a plain copy of its (Latin-1) bytes. */
    @SuppressWarnings("deprecation")
    LineBytes append(String ascii) {
        int n = ascii.length();
        ensure(n);
        ascii.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    LineBytes append(StringBuilder ascii) {
        return append(ascii.toString());
    }

    /** A non-negative int in decimal. */
    LineBytes append(int v) {
        ensure(11);
        int digits = 1;
        for (int x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length = end;
        return this;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
