package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The reference: how the dashboard read and picked traces before it streamed them (every trace of
 * the folder as a tree, then a stable sort), and a folder of trace files full of the cases that
 * decide the order (ties, missing, null and non-string first_seen, duplicate keys, lines that are
 * no object, CR/CRLF line ends, Flink's bucket subfolders, in-progress files).
 */
final class LegacyTraces {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LegacyTraces() {
    }

    /** Every trace under {@code tracesDir} as FolderData read them: files sorted, readAllLines, readTree. */
    static List<JsonNode> all(Path tracesDir) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(tracesDir)) {
            return rows;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tracesDir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> {
                for (Path part : tracesDir.relativize(p)) {
                    String n = part.toString();
                    if (n.startsWith(".") || n.startsWith("_")) {
                        return false;
                    }
                }
                return true;
            }).sorted().toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isObject()) {
                    rows.add(n);
                }
            }
        }
        return rows;
    }

    /** The export's former choice: {@code sorted(first_seen desc, nulls last).limit(max)}. */
    static List<JsonNode> newest(List<JsonNode> all, int max) {
        return all.stream()
                .sorted(Comparator.comparing((JsonNode t) -> TraceSearch.text(t, "first_seen"),
                        Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(max).toList();
    }

    /**
     * Writes {@code files} trace files (some in bucket subfolders) of about {@code perFile} lines
     * each under {@code tracesDir}: first_seen from only {@code distinctTimes} values (so many
     * ties, also across the cut), and every odd case the readers must treat as readTree does.
     */
    static void write(Path tracesDir, long seed, int files, int perFile, int distinctTimes) throws IOException {
        Random r = new Random(seed);
        int id = 0;
        for (int f = 0; f < files; f++) {
            Path dir = f % 3 == 2 ? tracesDir.resolve(String.format("2026-03-%02d--00", f)) : tracesDir;
            Files.createDirectories(dir);
            String end = switch (f % 4) {
                case 1 -> "\r\n";
                case 3 -> "\r";
                default -> "\n";
            };
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < perFile; i++) {
                String qid = String.format("q%07d", id++);
                int minute = r.nextInt(distinctTimes);
                String time = String.format("2026-03-01T%02d:%02d:00.000Z", minute / 60 % 24, minute % 60);
                ObjectNode t = DashboardFixtures.trace(qid, "mx" + r.nextInt(3), "<m" + id + "@Example.ORG>",
                        "s" + r.nextInt(50) + "@example.org", "R" + r.nextInt(50) + "@partner.example.com", time,
                        "2026-03-02T00:00:00.000Z", "250 ok");
                String line;
                int kind = r.nextInt(100);
                if (kind < 3) {
                    t.remove("first_seen");
                    line = JSON.writeValueAsString(t);
                } else if (kind < 5) {
                    t.putNull("first_seen");
                    line = JSON.writeValueAsString(t);
                } else if (kind < 6) {
                    t.put("first_seen", 20260301); // asText: "20260301"
                    line = JSON.writeValueAsString(t);
                } else if (kind < 7) {
                    t.putObject("first_seen"); // asText: ""
                    line = JSON.writeValueAsString(t);
                } else if (kind < 8) {
                    // duplicate key: readTree keeps the last (once the first, once the last is the newest)
                    String json = JSON.writeValueAsString(t);
                    line = r.nextBoolean()
                            ? json.replaceFirst("^\\{", "{\"first_seen\":\"2099-01-01T00:00:00.000Z\",")
                            : json.substring(0, json.length() - 1) + ",\"first_seen\":\"2098-01-01T00:00:00.000Z\"}";
                } else if (kind < 9) {
                    // a first_seen below the top level is not the trace's
                    t.withArray("recipients").addObject().put("first_seen", "2099-12-31T00:00:00.000Z");
                    line = JSON.writeValueAsString(t);
                } else if (kind < 10) {
                    line = JSON.writeValueAsString(t) + "  {\"trailing\": true} tail"; // readTree stops after the object
                } else if (kind < 11) {
                    line = List.of("[1, {\"first_seen\": \"2099\"}]", "42", "\"text\"", "null", "true").get(r.nextInt(5));
                } else if (kind < 12) {
                    line = List.of("", "   ", "\t").get(r.nextInt(3));
                } else if (kind < 13) {
                    t.put("sender", "J\u00f6rg.\u0130nce@ex\u00e4mple.org"); // non-ASCII, and a lower case longer than it
                    line = JSON.writeValueAsString(t);
                } else {
                    line = JSON.writeValueAsString(t);
                }
                b.append(line);
                if (i < perFile - 1 || f % 5 != 4) {
                    b.append(end); // every fifth file has no line end at its end
                }
            }
            Files.writeString(dir.resolve(String.format("part-%d-%d", f % 2, f)), b.toString(), StandardCharsets.UTF_8);
        }
        // what the file sink has not committed, and its bookkeeping: never read
        Files.writeString(tracesDir.resolve(".part-0-99.inprogress.1"), "{\"first_seen\": oops\n");
        Files.writeString(tracesDir.resolve("_SUCCESS"), "not json\n");
    }
}
