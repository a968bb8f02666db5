package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export streams the trace files and keeps the newest {@link DashboardExport#MAX_TRACES}: it
 * must carry exactly the traces, in exactly the order, that reading every trace as a tree and
 * sorting them all ({@link LegacyTraces}) gave, and fail where that failed.
 */
class DashboardExportNewestTest {

    @TempDir
    Path dir;

    private static JsonNode pageData(Path html) throws IOException {
        String text = Files.readString(html, StandardCharsets.UTF_8);
        String open = "id=\"dashboard-data\">";
        int from = text.indexOf(open) + open.length();
        return PageData.JSON.readTree(text.substring(from, text.indexOf("</script>", from)));
    }

    private static List<String> ids(List<JsonNode> traces) {
        return traces.stream().map(t -> t.path("queue_id").asText() + "@" + TraceSearch.text(t, "first_seen")).toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    @Test
    void manyFilesKeepExactlyTheTracesAndOrderOfTheFormerSort() throws IOException {
        Path out = DashboardFixtures.smallOutput(dir.resolve("out"));
        LegacyTraces.write(out.resolve("traces"), 7, 9, 2500, 40);
        List<JsonNode> all = LegacyTraces.all(out.resolve("traces"));
        List<JsonNode> expected = LegacyTraces.newest(all, DashboardExport.MAX_TRACES);
        // the case that decides: the cut falls inside a run of equal first_seen values
        List<JsonNode> sorted = LegacyTraces.newest(all, all.size());
        assertThat(all).hasSizeGreaterThan(3 * DashboardExport.MAX_TRACES);
        assertThat(TraceSearch.text(sorted.get(DashboardExport.MAX_TRACES), "first_seen"))
                .isEqualTo(TraceSearch.text(sorted.get(DashboardExport.MAX_TRACES - 1), "first_seen"));

        JsonNode d = pageData(DashboardExport.write(out, dir.resolve("r.html")));

        List<JsonNode> got = list(d.at("/traces"));
        assertThat(ids(got)).containsExactlyElementsOf(ids(expected));
        assertThat(got).containsExactlyElementsOf(expected); // whole trees, not only the IDs
        assertThat(d.at("/meta/tracesTotal").asLong()).isEqualTo(all.size());
        assertThat(d.at("/meta/tracesIncluded").asLong()).isEqualTo(DashboardExport.MAX_TRACES);
        assertThat(d.at("/alerts")).hasSize(2);
        assertThat(d.at("/aggregates/agg_overview_lines")).hasSize(1);
    }

    @Test
    void fewerTracesThanTheLimitAreAllCarriedWithMissingFirstSeenLast() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        LegacyTraces.write(out.resolve("traces"), 11, 5, 400, 15);
        List<JsonNode> all = LegacyTraces.all(out.resolve("traces"));
        assertThat(all).hasSizeLessThan(DashboardExport.MAX_TRACES);
        List<JsonNode> expected = LegacyTraces.newest(all, DashboardExport.MAX_TRACES);
        // the odd first_seen values are all there: duplicates' last value, "" (an object), null/none last
        assertThat(ids(expected)).anyMatch(s -> s.endsWith("@2098-01-01T00:00:00.000Z"))
                .anyMatch(s -> s.endsWith("@20260301")).anyMatch(s -> s.endsWith("@")).last().asString().endsWith("@null");
        assertThat(ids(expected)).noneMatch(s -> s.endsWith("@2099-01-01T00:00:00.000Z"))
                .noneMatch(s -> s.endsWith("@2099-12-31T00:00:00.000Z"));

        JsonNode d = pageData(DashboardExport.write(out, dir.resolve("r.html")));

        assertThat(list(d.at("/traces"))).containsExactlyElementsOf(expected);
        assertThat(d.at("/meta/tracesTotal").asLong()).isEqualTo(all.size());
    }

    @Test
    void newestTracesIsAStableSortCutAtMax() {
        Random r = new Random(3);
        for (int round = 0; round < 2000; round++) {
            int n = r.nextInt(60);
            int max = r.nextInt(70);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(r.nextInt(8) == 0 ? null : Integer.toString(r.nextInt(6)));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            expected.sort(Comparator.comparing(keys::get, Comparator.nullsLast(Comparator.reverseOrder())));
            NewestTraces<Integer> newest = new NewestTraces<>(max);
            for (int i = 0; i < n; i++) {
                newest.offer(keys.get(i), newest.wouldKeep(keys.get(i)) ? i : null);
            }
            assertThat(newest.toList()).as("keys %s, max %d", keys, max)
                    .containsExactlyElementsOf(expected.subList(0, Math.min(max, n)));
            assertThat(newest.offered()).isEqualTo(n);
        }
    }

    @Test
    void noTracesFolderOrAnEmptyOneExportsAnEmptyTraceList() throws IOException {
        Path bare = Files.createDirectories(dir.resolve("bare"));
        JsonNode d = pageData(DashboardExport.write(bare, dir.resolve("bare.html")));
        assertThat(d.at("/traces")).isEmpty();
        assertThat(d.at("/meta/tracesTotal").asLong()).isZero();
        assertThat(d.at("/meta/tracesPresent").asBoolean()).isFalse();
        assertThat(d.at("/meta/alertsPresent").asBoolean()).isFalse();

        Path empty = Files.createDirectories(dir.resolve("empty/traces"));
        Files.writeString(empty.resolve("part-0-0"), "");
        Files.writeString(empty.resolve("part-0-1"), "\n  \n\t\r\n");
        Files.writeString(empty.resolve(".part-0-2.inprogress"), "{\"queue_id\": \"hidden\"}\n");
        d = pageData(DashboardExport.write(empty.getParent(), dir.resolve("empty.html")));
        assertThat(d.at("/traces")).isEmpty();
        assertThat(d.at("/meta/tracesTotal").asLong()).isZero();
        assertThat(d.at("/meta/tracesPresent").asBoolean()).isTrue();
    }

    @Test
    void linesThatAreJsonButNoObjectAreSkippedAndNotCounted() throws IOException {
        Path traces = Files.createDirectories(dir.resolve("out/traces"));
        Files.writeString(traces.resolve("part-0-0"), "[1, 2]\n42\n\"text\"\nnull\n"
                + "{\"queue_id\": \"a\", \"first_seen\": \"2026-03-01T00:00:00Z\"} trailing text\n");
        JsonNode d = pageData(DashboardExport.write(traces.getParent(), dir.resolve("r.html")));
        assertThat(d.at("/meta/tracesTotal").asLong()).isEqualTo(1);
        assertThat(d.at("/traces/0/queue_id").asText()).isEqualTo("a");
    }

    @Test
    void aLineThatIsNotJsonFailsTheExportNamingFileAndLineAsBefore() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        LegacyTraces.write(out.resolve("traces"), 5, 3, 3000, 40);
        // old enough never to be kept: it must fail all the same (every line is read as JSON)
        String bad = "{\"queue_id\": \"bad\", \"first_seen\": \"1999-01-01T00:00:00Z\", \"steps\": [1, }";
        Path file = out.resolve("traces/part-1-1");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.add(1234, bad);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        String parserMessage;
        try {
            PageData.JSON.readTree(bad);
            throw new AssertionError("the bad line parses");
        } catch (JsonProcessingException e) {
            parserMessage = e.getOriginalMessage();
        }
        assertThatThrownBy(() -> LegacyTraces.all(out.resolve("traces"))).isInstanceOf(JsonProcessingException.class);
        Path html = dir.resolve("r.html");

        assertThatThrownBy(() -> DashboardExport.write(out, html)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read the dashboard's data under " + out + ": " + file + " line 1235 is not JSON: "
                        + parserMessage);
        assertThat(html).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void bytesThatAreNoUtf8FailTheExportAsBefore() throws IOException {
        Path traces = Files.createDirectories(dir.resolve("out/traces"));
        byte[] ok = "{\"queue_id\": \"a\", \"first_seen\": \"2026-03-01T00:00:00Z\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}', '\n'};
        byte[] all = new byte[ok.length + bad.length];
        System.arraycopy(ok, 0, all, 0, ok.length);
        System.arraycopy(bad, 0, all, ok.length, bad.length);
        Files.write(traces.resolve("part-0-0"), all);
        assertThatThrownBy(() -> LegacyTraces.all(traces)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> DashboardExport.write(traces.getParent(), dir.resolve("r.html")))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(MalformedInputException.class)
                .hasMessageContaining("cannot read the dashboard's data under " + traces.getParent());
    }
}
