package io.sendmailflink.jobs.backfill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The splits of a backfill's inputs (files, or folders read recursively, hidden files skipped):
 * gzip files whole, plain files cut into byte ranges of about (all plain bytes ÷ readers), at least
 * {@value #MIN_SPLIT_BYTES} bytes, so that a single big log keeps every reader busy.
 * {@link LogFileFormat} aligns each range to whole lines.
 */
public final class LineSplitEnumerator implements FileEnumerator {

    /** Smaller ranges are not worth the scan for their line numbers. */
    static final long MIN_SPLIT_BYTES = 32L << 20;

    private long nextId;

    /** For {@code FileSource.Builder#setFileEnumerator}. */
    public static FileEnumerator.Provider provider() {
        return LineSplitEnumerator::new;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        List<Boolean> gzip = new ArrayList<>();
        long plainBytes = 0;
        for (Path p : paths) {
            FileSystem fs = p.getFileSystem();
            for (FileStatus f : list(fs, fs.getFileStatus(p))) {
                boolean gz = LogFileFormat.isGzip(fs, f.getPath());
                files.add(f);
                gzip.add(gz);
                plainBytes += gz ? 0 : f.getLen();
            }
        }
        long target = Math.max(MIN_SPLIT_BYTES, (plainBytes + Math.max(1, minDesiredSplits) - 1) / Math.max(1, minDesiredSplits));
        List<FileSourceSplit> splits = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileStatus f = files.get(i);
            long len = f.getLen();
            int n = gzip.get(i) ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (len + target - 1) / target));
            long size = (len + n - 1) / Math.max(1, n);
            for (int k = 0; k < n; k++) {
                long off = k * size;
                long l = k == n - 1 ? len - off : size;
                splits.add(new FileSourceSplit(Long.toString(nextId++), f.getPath(), off, l, f.getModificationTime(), len));
            }
        }
        return splits;
    }

    private static List<FileStatus> list(FileSystem fs, FileStatus s) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        if (!s.isDir()) {
            out.add(s);
            return out;
        }
        FileStatus[] children = fs.listStatus(s.getPath());
        if (children == null) {
            return out;
        }
        java.util.Arrays.sort(children, java.util.Comparator.comparing(c -> c.getPath().getName()));
        for (FileStatus c : children) {
            String name = c.getPath().getName();
            if (!name.startsWith(".") && !name.startsWith("_")) {
                out.addAll(list(fs, c));
            }
        }
        return out;
    }
}
