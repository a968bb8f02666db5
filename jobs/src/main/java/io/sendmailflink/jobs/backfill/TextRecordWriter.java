package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.OutputRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes encoded records as lines ({@code \n}-terminated), after an optional header line (CSV), into
 * a {@code FileSink} part file, through a 256 KiB buffer of its own (the local file system's
 * streams are unbuffered). A bulk writer rather than a row encoder so that each part file gets the
 * header.
 *
 * <p>No fsync at the end: the sink commits a part file by renaming it, as Flink's own writers do,
 * and syncing made the backfill wait for the disk (seconds per GB, BENCHMARKS.md); durability
 * across an operating-system crash is the file system's business.
 */
final class TextRecordWriter implements BulkWriter<OutputRecord> {

    private static final int BUFFER = 1 << 18;

    private final FSDataOutputStream target;
    private final byte[] buf = new byte[BUFFER];
    private int pos;

    TextRecordWriter(FSDataOutputStream target, String header) throws IOException {
        this.target = target;
        if (header != null) {
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            write(h, h.length);
        }
    }

    @Override
    public void addElement(OutputRecord r) throws IOException {
        write(r.data, r.length);
    }

    private void write(byte[] data, int n) throws IOException {
        if (pos + n + 1 > buf.length) {
            drain();
            if (n + 1 > buf.length) {
                target.write(data, 0, n);
                target.write('\n');
                return;
            }
        }
        System.arraycopy(data, 0, buf, pos, n);
        pos += n;
        buf[pos++] = '\n';
    }

    private void drain() throws IOException {
        if (pos > 0) {
            target.write(buf, 0, pos);
            pos = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        target.flush();
    }

    @Override
    public void finish() throws IOException {
        // the sink closes the target itself
        flush();
    }

    /** Creates a writer per part file. */
    static final class Factory implements BulkWriter.Factory<OutputRecord> {
        private static final long serialVersionUID = 1L;
        private final String header;

        Factory(String header) {
            this.header = header;
        }

        @Override
        public BulkWriter<OutputRecord> create(FSDataOutputStream out) throws IOException {
            return new TextRecordWriter(out, header);
        }
    }
}
