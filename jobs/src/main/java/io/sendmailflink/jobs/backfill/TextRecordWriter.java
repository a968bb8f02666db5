package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.OutputRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes encoded records as lines (UTF-8, {@code \n}), after an optional header line (CSV), into
 * a {@code FileSink} part file. A bulk writer rather than a row encoder for two reasons: each
 * part file gets the header, and the writes are buffered (the local file system's streams are
 * not).
 */
final class TextRecordWriter implements BulkWriter<OutputRecord> {

    private final FSDataOutputStream target;
    private final OutputStream out;

    TextRecordWriter(FSDataOutputStream target, String header) throws IOException {
        this.target = target;
        this.out = new BufferedOutputStream(target, 1 << 16);
        if (header != null) {
            writeLine(header);
        }
    }

    @Override
    public void addElement(OutputRecord r) throws IOException {
        writeLine(r.text);
    }

    private void writeLine(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void finish() throws IOException {
        // the sink closes the target itself
        out.flush();
        target.sync();
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
