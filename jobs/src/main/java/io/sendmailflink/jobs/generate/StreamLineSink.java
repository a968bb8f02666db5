package io.sendmailflink.jobs.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines to a byte stream as UTF-8, one per {@code \n}, through a 64 KB buffer.
 */
public final class StreamLineSink implements LineSink {

    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final boolean closeTarget;
    private final byte[] buf = new byte[BUFFER];
    private int pos;

    /**
     * @param out the target (not buffered here again; wrap gzip streams and files directly)
     * @param closeTarget whether {@link #close()} closes {@code out} (false for standard output)
     */
    public StreamLineSink(OutputStream out, boolean closeTarget) {
        this.out = out;
        this.closeTarget = closeTarget;
    }

    @Override
    public void write(CharSequence line, String host, long timeMillis) throws IOException {
        // String.getBytes(UTF_8) of an ASCII (Latin-1 coded) string is a vectorized check and a copy:
        // much faster than encoding char by char
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        if (n + 1 > BUFFER - pos) {
            drain();
            if (n + 1 > BUFFER) {
                out.write(bytes);
                out.write('\n');
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, pos, n);
        pos += n;
        buf[pos++] = '\n';
    }

    /** A line of {@link LogGenerator#nextInto(LineBytes)}: copied as it is. */
    public void write(LineBytes line) throws IOException {
        int n = line.length();
        if (n + 1 > BUFFER - pos) {
            drain();
            if (n + 1 > BUFFER) {
                out.write(line.bytes(), 0, n);
                out.write('\n');
                return;
            }
        }
        System.arraycopy(line.bytes(), 0, buf, pos, n);
        pos += n;
        buf[pos++] = '\n';
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (closeTarget) {
                out.close();
            }
        }
    }
}
