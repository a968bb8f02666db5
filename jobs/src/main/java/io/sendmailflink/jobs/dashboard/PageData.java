package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The JSON document the page renders: {@code meta}, {@code aggregates}, {@code alerts}, {@code traces}. */
final class PageData {

    static final ObjectMapper JSON = new ObjectMapper();

    private PageData() {
    }

    /**
     * @param mode {@code live} (served, polls for changes, searches on the server) or
     *     {@code export} (one file, searches the traces it carries)
     */
    static ObjectNode build(Snapshot s, String source, String mode, long refreshSeconds, List<JsonNode> traces) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("meta");
        meta.put("source", source);
        meta.put("mode", mode);
        meta.put("refreshSeconds", refreshSeconds);
        meta.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.put("tracesPresent", s.tracesPresent());
        meta.put("alertsPresent", s.alertsPresent());
        meta.put("tracesTotal", s.tracesTotal());
        meta.put("tracesIncluded", traces.size());
        ObjectNode aggs = root.putObject("aggregates");
        for (Map.Entry<String, List<JsonNode>> e : s.aggregates().entrySet()) {
            ArrayNode rows = aggs.putArray(e.getKey());
            e.getValue().forEach(rows::add);
        }
        ArrayNode alerts = root.putArray("alerts");
        s.alerts().forEach(alerts::add);
        ArrayNode tr = root.putArray("traces");
        traces.forEach(tr::add);
        return root;
    }

    static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's JSON", e);
        }
    }

    /**
     * JSON safe inside an HTML {@code <script type="application/json">} element: '<', '>' and '&'
     * only occur inside JSON strings, where their \\u escapes mean the same, and so no
     * {@code </script>} or {@code <!--} can end or change the element. U+2028/2029 likewise.
     */
    static String forHtmlScript(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
