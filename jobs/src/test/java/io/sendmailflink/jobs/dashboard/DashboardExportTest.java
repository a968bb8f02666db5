package io.sendmailflink.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardExportTest {

    @TempDir
    Path dir;

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    @Test
    void oneFileWithEveryScriptAndStyleInlineAllowedByHash() throws IOException {
        Path out = DashboardFixtures.smallOutput(dir.resolve("out"));
        Path html = DashboardExport.write(out, dir.resolve("report.html"));
        String text = Files.readString(html, StandardCharsets.UTF_8);

        // nothing loaded from elsewhere (big strings: booleans, so a failure does not print 1 MB)
        assertThat(text.contains("<script src=")).as("a script loaded by URL").isFalse();
        assertThat(text.contains("<link rel=\"stylesheet\"")).as("a style sheet loaded by URL").isFalse();
        assertThat(text.contains("cdn.")).as("a CDN").isFalse();
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(text);
        assertThat(csp.find()).isTrue();
        String policy = csp.group(1);
        assertThat(policy).startsWith("default-src 'none'; script-src 'sha256-")
                .doesNotContain("unsafe-inline", "unsafe-eval", "'self'");
        List<String> scripts = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(text);
        while (m.find()) {
            scripts.add(m.group(1));
        }
        assertThat(scripts).as("ECharts and app.js").hasSize(2);
        for (String s : scripts) {
            assertThat(policy).contains(DashboardExport.hash(s));
        }
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(text);
        assertThat(style.find()).isTrue();
        assertThat(policy).contains("style-src " + DashboardExport.hash(style.group(1)) + ";");
    }

    @Test
    void dataIsInertInsideItsScriptElementAndRoundTrips() throws IOException {
        Path out = DashboardFixtures.smallOutput(dir.resolve("out"));
        String text = Files.readString(DashboardExport.write(out, dir.resolve("r.html")), StandardCharsets.UTF_8);
        String open = "<script type=\"application/json\" id=\"dashboard-data\">";
        int from = text.indexOf(open) + open.length();
        String json = text.substring(from, text.indexOf("</script>", from));
        assertThat(json.contains("<") || json.contains(">") || json.contains("&")).as("raw < > & in the data").isFalse();
        JsonNode d = PageData.JSON.readTree(json);
        assertThat(d.at("/meta/mode").asText()).isEqualTo("export");
        assertThat(d.at("/traces")).hasSize(2);
        assertThat(d.at("/aggregates/agg_activity_top_senders/0/email_from").asText())
                .isEqualTo(DashboardFixtures.PAYLOAD_SENDER);
        assertThat(d.at("/alerts/0/sample_lines/0").asText()).contains(DashboardFixtures.SCRIPT);
        // the payloads are in the file only in their escaped form
        for (String raw : List.of(DashboardFixtures.SCRIPT, "<img src=x", "<svg")) {
            assertThat(text.contains(raw)).as("raw payload %s in the file", raw).isFalse();
        }
    }

    @Test
    void theFileCarriesOnlyTheNewestTraces() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i < DashboardExport.MAX_TRACES + 10; i++) {
            many.add(DashboardFixtures.trace(String.format("q%08d", i), "mx1", "<m" + i + "@x>", "a@x", "b@y",
                    String.format("2026-03-01T%02d:%02d:00.000Z", i / 3600 % 24, i / 60 % 60), "2026-03-02T00:00:00.000Z",
                    "ok"));
        }
        DashboardFixtures.writeJsonLines(out.resolve("traces"), "part-0", many);
        String text = Files.readString(DashboardExport.write(out, dir.resolve("r.html")), StandardCharsets.UTF_8);
        String open = "id=\"dashboard-data\">";
        int from = text.indexOf(open) + open.length();
        JsonNode d = PageData.JSON.readTree(text.substring(from, text.indexOf("</script>", from)));
        assertThat(d.at("/traces")).hasSize(DashboardExport.MAX_TRACES);
        assertThat(d.at("/meta/tracesTotal").asLong()).isEqualTo(DashboardExport.MAX_TRACES + 10);
        assertThat(d.at("/traces/0/first_seen").asText()).isEqualTo(many.get(many.size() - 1).get("first_seen").asText());
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = dir.resolve("no-such-out");
        assertThatThrownBy(() -> DashboardExport.write(missing, dir.resolve("r.html")))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString()).hasMessageContaining("no such folder");
    }

    @Test
    void forHtmlScriptEscapesEveryCharacterThatCouldEndTheElement() {
        assertThat(PageData.forHtmlScript("{\"a\":\"</script><!--&\u2028\"}"))
                .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\"}");
    }
}
