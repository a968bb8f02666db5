package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.LogLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads log files as {@link LogLine}s carrying the file, the 1-based line number and the file's
 * modification time (the RFC 3164 year reference). Plain or gzip ({@code .gz}, by name or by
 * magic bytes); UTF-8 with malformed bytes replaced. Files are not split: a line number needs
 * the file from its start. A restored reader skips the lines already emitted.
 */
public final class LogFileFormat implements BulkFormat<LogLine, FileSourceSplit> {

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
        return false;
    }

    @Override
    public TypeInformation<LogLine> getProducedType() {
        return TypeInformation.of(LogLine.class);
    }

    /** Opens a log file, decompressing gzip when the name says so or the magic bytes do. */
    static InputStream open(FileSystem fs, Path path) throws IOException {
        InputStream raw = new java.io.BufferedInputStream(fs.open(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = path.getName().endsWith(".gz") || (b0 == 0x1f && b1 == 0x8b);
        return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static final class LineReader implements Reader<LogLine> {
        private final BufferedReader in;
        private final String origin;
        private final long modified;
        private long lineNumber;

        LineReader(FileSourceSplit split, long skip) throws IOException {
            Path path = split.path();
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            this.modified = status.getModificationTime();
            this.origin = path.toUri().getPath();
            this.in = new BufferedReader(new InputStreamReader(open(fs, path), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
            for (long i = 0; i < skip; i++) {
                if (in.readLine() == null) {
                    break;
                }
                lineNumber++;
            }
        }

        @Override
        public RecordIterator<LogLine> readBatch() throws IOException {
            List<LogLine> batch = new ArrayList<>(BATCH);
            long before = lineNumber;
            String line;
            while (batch.size() < BATCH && (line = in.readLine()) != null) {
                lineNumber++;
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
}
