package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One consistent view of the dashboard's rows.
 *
 * @param aggregates rows of each {@code agg_*} view, by view name (views without rows are absent)
 * @param alerts alert rows (contract of {@code out/alerts/})
 * @param traces trace rows (contract of {@code out/traces/}); empty unless asked for
 * @param tracesTotal how many traces the source holds (the export may carry fewer)
 * @param tracesPresent whether the source has a traces output at all (folder or topic)
 * @param alertsPresent whether the source has an alerts output at all
 */
public record Snapshot(
        Map<String, List<JsonNode>> aggregates,
        List<JsonNode> alerts,
        List<JsonNode> traces,
        long tracesTotal,
        boolean tracesPresent,
        boolean alertsPresent) {
}
