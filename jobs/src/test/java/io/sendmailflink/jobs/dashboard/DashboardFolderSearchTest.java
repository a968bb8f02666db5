package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served dashboard keeps a compact index of the traces, not their trees: its search must
 * answer exactly what {@link TraceSearch#search} over every trace tree answered.
 */
class DashboardFolderSearchTest {

    @TempDir
    Path dir;

    private Path out;
    private List<JsonNode> all;

    /** Values where the rules are easy to get wrong, as raw lines (JSON as any writer may write it). */
    private static final List<String> ODD = List.of(
            "{\"queue_id\": 12345, \"first_seen\": \"2026-03-01T05:00:00.000Z\", \"sender\": \"num@odd.example\"}",
            "{\"queue_id\": \"Q\", \"bounce_queue_id\": \"BQ7\", \"parent_queue_id\": \"pq8\", \"sender\": \"ab\","
                    + " \"first_seen\": \"2026-03-01T05:00:00.000Z\"}",
            "{\"queue_id\": \"boundary\", \"sender\": \"abc@x\", \"recipients\": [{\"address\": \"def@y\"}],"
                    + " \"first_seen\": \"2026-03-01T05:00:01.000Z\"}",
            "{\"queue_id\": \"rcpt-odd\", \"recipients\": [\"str@odd.example\", 7, null, [], {\"address\": null},"
                    + " {\"address\": 99}, {\"address\": \"<Angle@Odd.Example>\"}, {\"x\": {\"address\": \"deep@odd.example\"}}]}",
            "{\"queue_id\": \"rcpt-object\", \"recipients\": {\"address\": \"notarray@odd.example\"}}",
            "{\"queue_id\": \"dup\", \"sender\": \"first@dup.example\", \"sender\": \"second@dup.example\","
                    + " \"recipients\": [{\"address\": \"r1@dup.example\"}], \"recipients\": [{\"address\": \"r2@dup.example\"}]}",
            "{\"queue_id\": \"nested\", \"steps\": [{\"queue_id\": \"inner-qid\", \"sender\": \"inner@odd.example\"}]}",
            "{\"queue_id\": \"bool\", \"sender\": true, \"message_id\": {\"a\": 1}, \"first_seen\": 17}",
            "{\"queue_id\": \"unicode\", \"sender\": \"\u0130NCE.J\u00d6RG@EX\u00c4MPLE.ORG\", \"message_id\": \"<X\\\"Y\\\\Z@q>\"}",
            "{\"queue_id\": \"<lt>\", \"message_id\": \"<<two>>\", \"sender\": \"<>\"}",
            "{\"queue_id\": \"\", \"sender\": \"\", \"first_seen\": \"\"}");

    @BeforeEach
    void folder() throws IOException {
        out = DashboardFixtures.smallOutput(dir.resolve("out"));
        LegacyTraces.write(out.resolve("traces"), 21, 6, 700, 30);
        Files.writeString(out.resolve("traces/part-9-odd"), String.join("\n", ODD) + "\n", StandardCharsets.UTF_8);
        all = LegacyTraces.all(out.resolve("traces"));
    }

    private Set<String> queries() {
        Set<String> q = new LinkedHashSet<>(List.of("example", "EXAMPLE.ORG", "example.org", "ex", "e", "q0000",
                "q0000123", "Q0000123", " <q0000124> ", "partner", "r1@partner.example.com", "<R1@PARTNER.EXAMPLE.COM>",
                "12345", "1234", "q", "bq7", "BQ7", "PQ8", "ab", "a", "@xdef", "x", "c@x", "def@y", "str@odd.example",
                "99", "angle@odd.example", "<angle@odd.example>", "deep@odd.example", "notarray", "first@dup",
                "second@dup", "r1@dup", "r2@dup.example", "inner-qid", "inner@odd", "true", "17", "a\": 1",
                "\u0130nce", "i\u0307nce", "j\u00f6rg", "ex\u00e4mple", "x\"y\\z@q", "<lt>", "lt", "<two>", "two", "<<two>>",
                "<>", "", "   ", "mx1", "250 ok", "delivered", "@", "@example.org", "m1@", "m12@example.org"));
        for (int i = 0; i < all.size(); i += 211) {
            JsonNode t = all.get(i);
            for (String f : List.of("queue_id", "message_id", "sender")) {
                String v = TraceSearch.text(t, f);
                if (v != null) {
                    q.add(v);
                    q.add(v.toUpperCase(Locale.ROOT));
                    q.add(v.length() > 6 ? v.substring(2, v.length() - 3) : v);
                }
            }
        }
        return q;
    }

    @Test
    void findsWhatTraceSearchFindsOverEveryTree() {
        FolderData data = new FolderData(out, 0);
        int nonEmpty = 0;
        for (String q : queries()) {
            for (int limit : new int[] {1, 51, 100_000}) {
                List<JsonNode> expected = TraceSearch.search(all, q, limit);
                assertThat(data.search(q, limit)).as("query '%s', limit %d", q, limit).containsExactlyElementsOf(expected);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertThat(nonEmpty).as("queries that find something").isGreaterThan(100);
        assertThat(TraceSearch.search(all, "@xdef", 10)).isEmpty();
        assertThat(TraceSearch.search(all, "12345", 10)).hasSize(1);
    }

    @Test
    void indexesOfFewTracesEachFindTheSameInFileOrder() throws IOException {
        for (Path f : FolderData.files(out.resolve("traces"))) {
            List<JsonNode> trees = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                JsonNode n = line.isBlank() ? null : PageData.JSON.readTree(line);
                if (n != null && n.isObject()) {
                    trees.add(n);
                }
            }
            for (int chunk : new int[] {1, 7, TraceIndex.CHUNK}) {
                List<TraceIndex> index = TraceIndex.build(f, 0, 0, chunk);
                assertThat(index.stream().mapToInt(TraceIndex::count).sum()).isEqualTo(trees.size());
                for (String q : List.of("example", "q00001", "c@x", "@xdef", "ab", "angle@odd.example", "12345", "bq7")) {
                    String nq = TraceSearch.normalize(q);
                    List<JsonNode> expected = trees.stream().filter(t -> TraceSearch.matches(t, nq)).toList();
                    List<String> got = new ArrayList<>();
                    int base = 0;
                    for (TraceIndex i : index) {
                        int b = base;
                        i.search(nq, t -> got.add(TraceSearch.text(trees.get(b + t), "queue_id")));
                        base += i.count();
                    }
                    assertThat(got).as("%s, chunk %d, query %s", f.getFileName(), chunk, q)
                            .containsExactlyElementsOf(expected.stream().map(t -> TraceSearch.text(t, "queue_id")).toList());
                }
            }
        }
    }

    @Test
    void countsAndTreesAsBefore() {
        FolderData data = new FolderData(out, 0);
        assertThat(data.snapshot(false).tracesTotal()).isEqualTo(all.size());
        assertThat(data.snapshot(false).traces()).isEmpty();
        assertThat(data.snapshot(true).traces()).containsExactlyElementsOf(all);
    }

    @Test
    void aTraceFileRewrittenSinceTheLastScanIsReadAgain() throws IOException {
        FolderData data = new FolderData(out, 3_600_000); // the scan is kept an hour: only a search notices
        Path f = out.resolve("traces/part-9-odd");
        assertThat(data.search("boundary", 10)).hasSize(1);
        assertThat(data.snapshot(false).tracesTotal()).isEqualTo(all.size());
        Files.writeString(f, "\n\n" + ODD.get(2).replace("abc@x", "abc@xyz.example") + "\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5_000));

        List<JsonNode> hits = data.search("boundary", 10);

        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).get("sender").asText()).isEqualTo("abc@xyz.example");
        assertThat(data.snapshot(false).tracesTotal()).isEqualTo(all.size() - ODD.size() + 1);
        Files.delete(f);
        assertThat(data.search("boundary", 10)).isEmpty();
    }
}
