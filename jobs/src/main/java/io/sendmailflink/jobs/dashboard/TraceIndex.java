package io.sendmailflink.jobs.dashboard;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * What the served dashboard keeps of up to {@link #CHUNK} traces of one part file, instead of
 * their trees: where each trace's line is (byte offset and length, to read it again when a search
 * finds it), its {@code first_seen}, and the values {@link TraceSearch} matches, lower case, one
 * after another in one string. That is some 150-200 bytes a trace where the trees took several
 * kilobytes.
 *
 * <p>A search looks for the query in that string ({@code String.indexOf}) and keeps the
 * occurrences that lie inside one value and match it by {@link TraceSearch}'s rules: the whole
 * value (queue IDs), or the whole value or, for queries of {@link TraceSearch#MIN_SUBSTRING} or
 * more characters, a part of it (message ID, sender, recipient addresses).
 */
final class TraceIndex {

    /** Traces per index at most (keeps each one's arrays and string small). */
    static final int CHUNK = 1 << 16;

    final Path file;
    final long size;
    final long modified;
    private final int count;
    private final long[] offsets;
    private final int[] lengths;
    private final String sortKeys;
    /** first_seen of trace i: sortKeys[sortStart[i], sortStart[i + 1]), unless noSortKey(i). */
    private final int[] sortStart;
    private final BitSet noSortKey;
    private final String keys;
    /** Value f: keys[fieldStart[f], fieldStart[f + 1]); never empty. */
    private final int[] fieldStart;
    private final int fields;
    /** Values matched only whole (queue IDs). */
    private final BitSet wholeOnly;
    /** The values of trace i: fields [traceField[i], traceField[i + 1]). */
    private final int[] traceField;

    private TraceIndex(Builder b) {
        this.file = b.file;
        this.size = b.size;
        this.modified = b.modified;
        this.count = b.count;
        this.offsets = Arrays.copyOf(b.offsets, b.count);
        this.lengths = Arrays.copyOf(b.lengths, b.count);
        this.sortKeys = b.sortKeys.toString();
        this.sortStart = Arrays.copyOf(b.sortStart, b.count + 1);
        this.sortStart[b.count] = b.sortKeys.length();
        this.noSortKey = (BitSet) b.noSortKey.clone();
        this.keys = b.keys.toString();
        this.fields = b.fields;
        this.fieldStart = Arrays.copyOf(b.fieldStart, b.fields + 1);
        this.fieldStart[b.fields] = b.keys.length();
        this.wholeOnly = (BitSet) b.wholeOnly.clone();
        this.traceField = Arrays.copyOf(b.traceField, b.count + 1);
        this.traceField[b.count] = b.fields;
    }

    int count() {
        return count;
    }

    long offset(int trace) {
        return offsets[trace];
    }

    int length(int trace) {
        return lengths[trace];
    }

    /** first_seen of a trace, null when it has none. */
    String firstSeen(int trace) {
        return noSortKey.get(trace) ? null : sortKeys.substring(sortStart[trace], sortStart[trace + 1]);
    }

    /**
     * Calls {@code hit} with each trace that matches {@code q} (as {@link TraceSearch#normalize}
     * returns it: not empty), in file order.
     */
    void search(String q, IntConsumer hit) {
        int n = q.length();
        boolean part = n >= TraceSearch.MIN_SUBSTRING;
        int from = 0;
        int pos;
        while ((pos = keys.indexOf(q, from)) >= 0) {
            int f = Arrays.binarySearch(fieldStart, 0, fields, pos);
            if (f < 0) {
                f = -f - 2; // the value pos lies in
            }
            int start = fieldStart[f];
            int end = fieldStart[f + 1];
            if (pos + n <= end && ((pos == start && pos + n == end) || (part && !wholeOnly.get(f)))) {
                int t = Arrays.binarySearch(traceField, 0, count, f);
                if (t < 0) {
                    t = -t - 2;
                } else {
                    while (t + 1 < count && traceField[t + 1] == f) {
                        t++; // traces without values share their start with the next one
                    }
                }
                hit.accept(t);
                from = fieldStart[traceField[t + 1]]; // the next trace's values
                if (traceField[t + 1] >= fields) {
                    return;
                }
            } else {
                from = pos + 1;
            }
        }
    }

    /** Approximate heap bytes held. */
    long bytes() {
        return 12L * count + 4L * count + sortKeys.length() + keys.length() + 8L * fields + count / 8 + 256;
    }

    /** Reads one part file into indexes of at most {@link #CHUNK} traces each. */
    static List<TraceIndex> build(Path f, long size, long modified) throws IOException {
        return build(f, size, modified, CHUNK);
    }

    /** As {@link #build(Path, long, long)}, with at most {@code chunk} traces an index (tests). */
    static List<TraceIndex> build(Path f, long size, long modified, int chunk) throws IOException {
        List<TraceIndex> chunks = new ArrayList<>();
        TraceLineScanner s = new TraceLineScanner(true);
        Builder[] b = {new Builder(f, size, modified)};
        try {
            TraceLines.forEach(f, (number, offset, length, line) -> {
                if (line.isBlank() || !FolderData.scanLine(s, f, number, line)) {
                    return;
                }
                if (b[0].count == chunk) {
                    chunks.add(new TraceIndex(b[0]));
                    b[0] = new Builder(f, size, modified);
                }
                b[0].add(offset, length, s);
            });
        } catch (NoSuchFileException gone) {
            return List.of(); // a sink moved or removed it between listing and reading
        }
        if (b[0].count > 0) {
            chunks.add(new TraceIndex(b[0]));
        }
        return chunks;
    }

    private static final class Builder {
        final Path file;
        final long size;
        final long modified;
        int count;
        long[] offsets = new long[64];
        int[] lengths = new int[64];
        final StringBuilder sortKeys = new StringBuilder();
        int[] sortStart = new int[65];
        final BitSet noSortKey = new BitSet();
        final StringBuilder keys = new StringBuilder();
        int fields;
        int[] fieldStart = new int[257];
        final BitSet wholeOnly = new BitSet();
        int[] traceField = new int[65];

        Builder(Path file, long size, long modified) {
            this.file = file;
            this.size = size;
            this.modified = modified;
        }

        void add(long offset, int length, TraceLineScanner s) {
            if (count + 1 >= sortStart.length) {
                int cap = sortStart.length * 2;
                offsets = Arrays.copyOf(offsets, cap);
                lengths = Arrays.copyOf(lengths, cap);
                sortStart = Arrays.copyOf(sortStart, cap + 1);
                traceField = Arrays.copyOf(traceField, cap + 1);
            }
            offsets[count] = offset;
            lengths[count] = length;
            sortStart[count] = sortKeys.length();
            if (s.firstSeen == null) {
                noSortKey.set(count);
            } else {
                sortKeys.append(s.firstSeen);
            }
            traceField[count] = fields;
            for (String id : s.queueIds) {
                value(id, true);
            }
            value(strip(s.messageId), false);
            value(strip(s.sender), false);
            for (String a : s.addresses) {
                value(strip(a), false);
            }
            count++;
        }

        private void value(String v, boolean whole) {
            if (v == null || v.isEmpty()) {
                return; // matches no query (queries are not empty)
            }
            String lower = v.toLowerCase(Locale.ROOT);
            if (fields + 1 >= fieldStart.length) {
                fieldStart = Arrays.copyOf(fieldStart, fieldStart.length * 2);
            }
            fieldStart[fields] = keys.length();
            if (whole) {
                wholeOnly.set(fields);
            }
            keys.append(lower);
            fields++;
        }
    }

    /** As TraceSearch: without one pair of surrounding angle brackets. */
    private static String strip(String v) {
        if (v != null && v.length() >= 2 && v.startsWith("<") && v.endsWith(">")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
