package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Rows from an output folder as backfill (or {@code stream --output}) writes it:
 * {@code aggregates/<view>/}, {@code traces/}, {@code alerts/}, each JSON lines in part files.
 *
 * <p>The folder is re-scanned at most once per refresh interval; a file is re-read only when its
 * size or modification time changed. Files whose name starts with '.' or '_' are in-progress or
 * bookkeeping files of Flink's file sink and are skipped, so a running stream job's folder shows
 * what its checkpoints committed.
 *
 * <p>Aggregate and alert rows are kept as trees (they are few). Traces are not: a backfill of
 * millions of lines writes about a million of them. Each trace file is kept as a compact
 * {@link TraceIndex} (line offsets, first_seen, the values search matches), and a search reads the
 * lines of the traces it returns from their files. The export ({@link #readNewest}) does not keep
 * them at all: it streams the trace files and keeps the newest few lines.
 */
public final class FolderData implements DashboardData {

    static final String AGGREGATES = "aggregates";
    static final String TRACES = "traces";
    static final String ALERTS = "alerts";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final long refreshNanos;
    private final Map<Path, CachedFile> cache = new HashMap<>();
    private long lastScan = Long.MIN_VALUE;
    private long version;
    private Scan current;
    private boolean forceScan;

    /** A file as last read: its rows (aggregates, alerts) or its trace index chunks (traces). */
    private record CachedFile(long size, long modified, List<JsonNode> rows, List<TraceIndex> traces) {
    }

    private record Scan(Map<String, List<JsonNode>> aggregates, List<TraceIndex> traces, long tracesTotal,
            List<JsonNode> alerts, boolean tracesPresent, boolean alertsPresent, String signature) {
    }

    /** A search hit: trace {@code trace} of {@code index}. */
    private record Hit(TraceIndex index, int trace) {
    }

    /** A trace file changed between the scan that indexed it and a search that reads from it. */
    private static final class Stale extends Exception {
        Stale(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param root the output folder
     * @param refreshMillis how old a scan may get before the next call re-scans (0: every call)
     */
    public FolderData(Path root, long refreshMillis) {
        this.root = root;
        this.refreshNanos = refreshMillis * 1_000_000L;
    }

    /** Reads the folder once, every trace included (as trees: for small folders and tests). */
    public static Snapshot read(Path root) {
        try (FolderData d = new FolderData(root, 0)) {
            return d.snapshot(true);
        }
    }

    /**
     * Reads the folder once for the export: aggregates and alerts, and of the traces only the
     * newest {@code maxTraces} (see {@link NewestTraces}), newest first; {@code tracesTotal} counts
     * them all. The trace files are read line by line and each line only as far as its
     * {@code first_seen}, so memory holds about {@code maxTraces} lines whatever the folder's size.
     * Files are read, and a line that is not JSON fails, as {@link #snapshot} does.
     */
    public static Snapshot readNewest(Path root, int maxTraces) {
        try {
            Map<String, List<JsonNode>> aggs = readAggregates(root, null, null, null);
            Path tracesDir = root.resolve(TRACES);
            Path alertsDir = root.resolve(ALERTS);
            record Line(Path file, int number, String text) {
            }
            NewestTraces<Line> newest = new NewestTraces<>(maxTraces);
            TraceLineScanner s = new TraceLineScanner(false);
            for (Path f : files(tracesDir)) {
                try {
                    TraceLines.forEach(f, (number, offset, length, line) -> {
                        if (!line.isBlank() && scanLine(s, f, number, line)) {
                            newest.offer(s.firstSeen, newest.wouldKeep(s.firstSeen) ? new Line(f, number, line) : null);
                        }
                    });
                } catch (NoSuchFileException gone) {
                    // a sink moved or removed it between listing and reading
                }
            }
            List<JsonNode> traces = new ArrayList<>();
            for (Line l : newest.toList()) {
                traces.add(tree(l.file, l.number, l.text));
            }
            List<JsonNode> alerts = readRows(alertsDir, null, null, null);
            return new Snapshot(aggs, alerts, traces, newest.offered(), Files.isDirectory(tracesDir),
                    Files.isDirectory(alertsDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's data under " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The current rows. With {@code withTraces}, every trace is read again from its file (memory
     * grows with the folder: the export uses {@link #readNewest}, the server never asks).
     */
    @Override
    public Snapshot snapshot(boolean withTraces) {
        Scan s;
        synchronized (this) {
            s = scan();
        }
        List<JsonNode> traces = List.of();
        if (withTraces) {
            traces = new ArrayList<>();
            Path last = null;
            for (TraceIndex i : s.traces) {
                if (!i.file.equals(last)) {
                    last = i.file;
                    try {
                        traces.addAll(parse(i.file));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the dashboard's data under " + root + ": "
                                + e.getMessage(), e);
                    }
                }
            }
        }
        return new Snapshot(s.aggregates, s.alerts, traces, s.tracesTotal, s.tracesPresent, s.alertsPresent);
    }

    @Override
    public synchronized long version() {
        scan();
        return version;
    }

    /**
     * As {@link TraceSearch#search} over every trace of the folder: the matches are found in the
     * trace indexes, and only the {@code limit} returned are read from their files.
     */
    @Override
    public List<JsonNode> search(String query, int limit) {
        String q = TraceSearch.normalize(query);
        if (q.isEmpty() || limit <= 0) {
            return new ArrayList<>();
        }
        for (int attempt = 1;; attempt++) {
            List<TraceIndex> traces;
            synchronized (this) {
                traces = scan().traces;
            }
            NewestTraces<Hit> newest = new NewestTraces<>(limit);
            for (TraceIndex i : traces) {
                i.search(q, t -> {
                    String firstSeen = i.firstSeen(t);
                    newest.offer(firstSeen, newest.wouldKeep(firstSeen) ? new Hit(i, t) : null);
                });
            }
            try {
                return read(newest.toList());
            } catch (Stale e) {
                if (attempt == 3) {
                    throw new UncheckedIOException(new IOException("cannot search the traces under " + root + ": "
                            + e.getMessage()));
                }
                synchronized (this) {
                    forceScan = true; // index the changed file again, then search again
                }
            }
        }
    }

    /** The traces of {@code hits}, read from their files, in that order. */
    private List<JsonNode> read(List<Hit> hits) throws Stale {
        List<JsonNode> out = new ArrayList<>(hits.size());
        Map<Path, FileChannel> open = new HashMap<>();
        try {
            for (Hit h : hits) {
                TraceIndex i = h.index;
                FileChannel ch = open.get(i.file);
                if (ch == null) {
                    try {
                        if (Files.size(i.file) != i.size || Files.getLastModifiedTime(i.file).toMillis() != i.modified) {
                            throw new Stale(i.file + " changed");
                        }
                        ch = TraceLines.open(i.file);
                    } catch (NoSuchFileException gone) {
                        throw new Stale(i.file + " is gone");
                    }
                    open.put(i.file, ch);
                }
                String line = TraceLines.read(ch, i.offset(h.trace), i.length(h.trace));
                JsonNode n = JSON.readTree(line);
                if (n == null || !n.isObject()) {
                    throw new Stale(i.file + " changed");
                }
                out.add(n);
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new Stale("a line changed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the traces under " + root + ": " + e.getMessage(), e);
        } finally {
            for (FileChannel ch : open.values()) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read only
                }
            }
        }
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    private Scan scan() {
        long now = System.nanoTime();
        if (current != null && !forceScan && now - lastScan < refreshNanos) {
            return current;
        }
        lastScan = now;
        forceScan = false;
        try {
            Map<Path, CachedFile> seen = new HashMap<>();
            StringBuilder sig = new StringBuilder();
            Map<String, List<JsonNode>> aggs = readAggregates(root, cache, seen, sig);
            Path tracesDir = root.resolve(TRACES);
            Path alertsDir = root.resolve(ALERTS);
            List<TraceIndex> traces = new ArrayList<>();
            long tracesTotal = 0;
            for (Path f : files(tracesDir)) {
                CachedFile c = cached(f, cache, seen, sig, true);
                if (c != null) {
                    traces.addAll(c.traces);
                    for (TraceIndex i : c.traces) {
                        tracesTotal += i.count();
                    }
                }
            }
            List<JsonNode> alerts = readRows(alertsDir, cache, seen, sig);
            cache.keySet().retainAll(seen.keySet());
            String signature = sig.toString();
            if (current == null || !current.signature.equals(signature)) {
                version++;
            }
            current = new Scan(aggs, Collections.unmodifiableList(traces), tracesTotal, alerts,
                    Files.isDirectory(tracesDir), Files.isDirectory(alertsDir), signature);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's data under " + root + ": " + e.getMessage(), e);
        }
    }

    /** The rows of each view under aggregates/ (cache, seen, sig: null to read without a cache). */
    private static Map<String, List<JsonNode>> readAggregates(Path root, Map<Path, CachedFile> cache,
            Map<Path, CachedFile> seen, StringBuilder sig) throws IOException {
        Map<String, List<JsonNode>> aggs = new TreeMap<>();
        Path aggDir = root.resolve(AGGREGATES);
        if (Files.isDirectory(aggDir)) {
            try (Stream<Path> views = Files.list(aggDir)) {
                for (Path v : views.filter(Files::isDirectory).filter(FolderData::visible).sorted().toList()) {
                    List<JsonNode> rows = readRows(v, cache, seen, sig);
                    if (!rows.isEmpty()) {
                        aggs.put(v.getFileName().toString(), rows);
                    }
                }
            }
        }
        return aggs;
    }

    private static boolean visible(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && !n.startsWith("_");
    }

    /** The rows of every file under {@code dir} (cache, seen, sig: null to read without a cache). */
    private static List<JsonNode> readRows(Path dir, Map<Path, CachedFile> cache, Map<Path, CachedFile> seen,
            StringBuilder sig) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (Path f : files(dir)) {
            CachedFile c = cached(f, cache, seen, sig, false);
            if (c != null) {
                rows.addAll(c.rows);
            }
        }
        return rows;
    }

    /** The visible regular files under {@code dir}, sorted: the order rows and traces are read in. */
    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> dir.relativize(p).toString().isEmpty() || allVisible(dir.relativize(p)))
                    .sorted().toList();
        }
    }

    /** File {@code f} from the cache if unchanged, else read (null: it is gone). */
    private static CachedFile cached(Path f, Map<Path, CachedFile> cache, Map<Path, CachedFile> seen,
            StringBuilder sig, boolean traces) throws IOException {
        long size;
        long modified;
        try {
            size = Files.size(f);
            modified = Files.getLastModifiedTime(f).toMillis();
        } catch (NoSuchFileException gone) {
            return null; // a sink moved or removed it between listing and reading
        }
        CachedFile c = cache == null ? null : cache.get(f);
        if (c == null || c.size != size || c.modified != modified) {
            c = traces ? new CachedFile(size, modified, List.of(), TraceIndex.build(f, size, modified))
                    : new CachedFile(size, modified, parse(f), List.of());
            if (cache != null) {
                cache.put(f, c);
            }
        }
        if (seen != null) {
            seen.put(f, c);
            sig.append(f).append('|').append(size).append('|').append(modified).append('\n');
        }
        return c;
    }

    private static boolean allVisible(Path relative) {
        for (Path part : relative) {
            if (!visible(part)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Scans one non-blank trace line; whether it is a trace (a JSON object). A line that is not
     * JSON fails as {@link #parse} fails on it.
     */
    static boolean scanLine(TraceLineScanner s, Path f, int number, String line) throws IOException {
        try {
            return s.scan(line);
        } catch (JsonProcessingException e) {
            throw notJson(f, number, e);
        }
    }

    private static JsonNode tree(Path f, int number, String line) throws IOException {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw notJson(f, number, e);
        }
    }

    private static IOException notJson(Path f, int number, JsonProcessingException e) {
        return new IOException(f + " line " + number + " is not JSON: " + e.getOriginalMessage(), e);
    }

    private static List<JsonNode> parse(Path f) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return rows;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = tree(f, n, line);
            if (node != null && node.isObject()) {
                rows.add(node);
            }
        }
        return rows;
    }
}
