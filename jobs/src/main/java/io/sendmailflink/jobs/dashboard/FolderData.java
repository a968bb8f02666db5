package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private record CachedFile(long size, long modified, List<JsonNode> rows) {
    }

    private record Scan(Map<String, List<JsonNode>> aggregates, List<JsonNode> traces, List<JsonNode> alerts,
            boolean tracesPresent, boolean alertsPresent, String signature) {
    }

    /**
     * @param root the output folder
     * @param refreshMillis how old a scan may get before the next call re-scans (0: every call)
     */
    public FolderData(Path root, long refreshMillis) {
        this.root = root;
        this.refreshNanos = refreshMillis * 1_000_000L;
    }

    /** Reads the folder once, for the export. */
    public static Snapshot read(Path root) {
        try (FolderData d = new FolderData(root, 0)) {
            return d.snapshot(true);
        }
    }

    @Override
    public synchronized Snapshot snapshot(boolean withTraces) {
        Scan s = scan();
        return new Snapshot(s.aggregates, s.alerts, withTraces ? s.traces : List.of(), s.traces.size(),
                s.tracesPresent, s.alertsPresent);
    }

    @Override
    public synchronized long version() {
        scan();
        return version;
    }

    @Override
    public List<JsonNode> search(String query, int limit) {
        List<JsonNode> traces;
        synchronized (this) {
            traces = scan().traces;
        }
        return TraceSearch.search(traces, query, limit);
    }

    @Override
    public String describe() {
        return "folder " + root;
    }

    private Scan scan() {
        long now = System.nanoTime();
        if (current != null && now - lastScan < refreshNanos) {
            return current;
        }
        lastScan = now;
        try {
            Map<Path, CachedFile> seen = new HashMap<>();
            StringBuilder sig = new StringBuilder();
            Map<String, List<JsonNode>> aggs = new TreeMap<>();
            Path aggDir = root.resolve(AGGREGATES);
            if (Files.isDirectory(aggDir)) {
                try (Stream<Path> views = Files.list(aggDir)) {
                    for (Path v : views.filter(Files::isDirectory).filter(FolderData::visible).sorted().toList()) {
                        List<JsonNode> rows = readAll(v, seen, sig);
                        if (!rows.isEmpty()) {
                            aggs.put(v.getFileName().toString(), rows);
                        }
                    }
                }
            }
            Path tracesDir = root.resolve(TRACES);
            Path alertsDir = root.resolve(ALERTS);
            List<JsonNode> traces = readAll(tracesDir, seen, sig);
            List<JsonNode> alerts = readAll(alertsDir, seen, sig);
            cache.keySet().retainAll(seen.keySet());
            String signature = sig.toString();
            if (current == null || !current.signature.equals(signature)) {
                version++;
            }
            current = new Scan(aggs, traces, alerts, Files.isDirectory(tracesDir), Files.isDirectory(alertsDir),
                    signature);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's data under " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean visible(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && !n.startsWith("_");
    }

    private List<JsonNode> readAll(Path dir, Map<Path, CachedFile> seen, StringBuilder sig) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> dir.relativize(p).toString().isEmpty() || allVisible(dir.relativize(p)))
                    .sorted().toList();
        }
        for (Path f : files) {
            long size;
            long modified;
            try {
                size = Files.size(f);
                modified = Files.getLastModifiedTime(f).toMillis();
            } catch (NoSuchFileException gone) {
                continue; // a sink moved or removed it between listing and reading
            }
            CachedFile c = cache.get(f);
            if (c == null || c.size != size || c.modified != modified) {
                c = new CachedFile(size, modified, parse(f));
                cache.put(f, c);
            }
            seen.put(f, c);
            sig.append(f).append('|').append(size).append('|').append(modified).append('\n');
            rows.addAll(c.rows);
        }
        return rows;
    }

    private static boolean allVisible(Path relative) {
        for (Path part : relative) {
            if (!visible(part)) {
                return false;
            }
        }
        return true;
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
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(f + " line " + n + " is not JSON: " + e.getOriginalMessage(), e);
            }
            if (node != null && node.isObject()) {
                rows.add(node);
            }
        }
        return rows;
    }
}
