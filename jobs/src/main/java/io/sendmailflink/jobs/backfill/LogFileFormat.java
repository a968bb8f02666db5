package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.LogLine;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads log files as {@link LogLine}s carrying the file, the 1-based line number and the file's
 * modification time (the RFC 3164 year reference). Plain or gzip ({@code .gz}, by name or by
 * magic bytes); UTF-8 with malformed bytes replaced; lines end at {@code \n}, {@code \r} or
 * {@code \r\n} (as {@link java.io.BufferedReader#readLine} has it).
 *
 * <p>A plain file may come in several splits (byte ranges, {@link LineSplitEnumerator}) so that
 * one big file is read by every reader: a split owns the lines that start inside its range, and
 * numbers them after counting the line ends before its start (a fast scan of the bytes before it,
 * which the page cache usually holds). A gzip file is one split. A restored reader skips the lines
 * of its split already emitted.
 */
public final class LogFileFormat implements BulkFormat<LogLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 2048;

    @Override
    public Reader<LogLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public Reader<LogLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<LogLine> getProducedType() {
        return TypeInformation.of(LogLine.class);
    }

    /** Whether a file is gzip: by its name, or by its magic bytes. */
    static boolean isGzip(FileSystem fs, Path path) throws IOException {
        if (path.getName().endsWith(".gz")) {
            return true;
        }
        try (InputStream in = fs.open(path)) {
            int b0 = in.read();
            int b1 = in.read();
            return b0 == 0x1f && b1 == 0x8b;
        }
    }

    private static final class LineReader implements Reader<LogLine> {
        private final Lines in;
        private final String origin;
        private final long modified;
        /** Lines that start before this byte offset belong to the split (Long.MAX_VALUE: to the end). */
        private final long end;
        private long lineNumber;
        /** Lines emitted from this split (the checkpointed position). */
        private long emitted;

        LineReader(FileSourceSplit split, long skip) throws IOException {
            Path path = split.path();
            FileSystem fs = path.getFileSystem();
            this.modified = split.fileModificationTime();
            this.origin = path.toUri().getPath();
            boolean gzip = isGzip(fs, path);
            InputStream raw = fs.open(path);
            this.in = new Lines(gzip ? new GZIPInputStream(raw, 1 << 16) : raw);
            long start = gzip ? 0 : split.offset();
            this.end = gzip || split.offset() + split.length() >= split.fileSize() ? Long.MAX_VALUE
                    : split.offset() + split.length();
            // the line numbers of the lines before the split, and of the line that straddles its start
            while (in.nextStart() < start && in.skipLine()) {
                lineNumber++;
            }
            for (long i = 0; i < skip && in.nextStart() < end && in.skipLine(); i++) {
                lineNumber++;
                emitted++;
            }
        }

        @Override
        public RecordIterator<LogLine> readBatch() throws IOException {
            List<LogLine> batch = new ArrayList<>(BATCH);
            long before = emitted;
            String line;
            while (batch.size() < BATCH && in.nextStart() < end && (line = in.readLine()) != null) {
                lineNumber++;
                emitted++;
                batch.add(new LogLine(line, origin, lineNumber, modified));
            }
            if (batch.isEmpty()) {
                return null;
            }
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Lines of a byte stream with their start offsets: UTF-8 (malformed bytes replaced), ending at
     * {@code \n}, {@code \r} or {@code \r\n}; a last line without an end counts, an empty stream has
     * none. The scan for line ends is the hot loop of reading.
     */
    static final class Lines implements AutoCloseable {
        private final InputStream in;
        private byte[] buf = new byte[1 << 18];
        private int pos;
        private int limit;
        /** Stream offset of buf[0]. */
        private long base;
        private boolean eof;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Offset of the next line's first byte (after the last line's end). */
        long nextStart() {
            return base + pos;
        }

        /** The next line, or null at the end of the stream. */
        String readLine() throws IOException {
            int i = findEnd(pos);
            if (i < 0) {
                return null;
            }
            // findEnd may have moved the line to the front of the buffer: it starts at pos
            String s = new String(buf, pos, i - pos, java.nio.charset.StandardCharsets.UTF_8);
            consumeEnd(i);
            return s;
        }

        /** Skips the next line; false at the end of the stream. */
        boolean skipLine() throws IOException {
            int i = findEnd(pos);
            if (i < 0) {
                return false;
            }
            consumeEnd(i);
            return true;
        }

        /**
         * Index in buf of the line end ({@code \r} or {@code \n}) of the line starting at pos, or
         * {@code limit} for a last line without an end; -1 at the end of the stream. Refills (and
         * moves the line to the front, growing the buffer for long lines) as needed.
         */
        private int findEnd(int from) throws IOException {
            int i = from;
            while (true) {
                byte[] b = buf;
                int n = limit;
                while (i < n) {
                    byte c = b[i];
                    if (c <= '\r' && (c == '\n' || c == '\r')) {
                        return i;
                    }
                    i++;
                }
                if (eof) {
                    return pos < limit ? limit : -1;
                }
                int scanned = i - pos;
                fill();
                i = pos + scanned;
            }
        }

        /** Moves pos past the line end at {@code i} ({@code \r\n} counts as one end). */
        private void consumeEnd(int i) throws IOException {
            if (i >= limit) {
                pos = limit;
                return;
            }
            if (buf[i] == '\r') {
                if (i + 1 >= limit && !eof) {
                    int keep = i - pos;
                    fill();
                    i = pos + keep;
                }
                if (i + 1 < limit && buf[i + 1] == '\n') {
                    pos = i + 2;
                    return;
                }
            }
            pos = i + 1;
        }

        /** Keeps buf[pos, limit), moved to the front, and reads more after it. */
        private void fill() throws IOException {
            int keep = limit - pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, keep);
                base += pos;
                pos = 0;
                limit = keep;
            }
            if (limit == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
