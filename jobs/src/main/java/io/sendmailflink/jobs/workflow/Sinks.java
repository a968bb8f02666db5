package io.sendmailflink.jobs.workflow;

import java.util.Map;

/**
 * Where the workflow's tables go: the connector options (a {@code WITH} clause) of each sink
 * table. Backfill writes files, streaming writes Kafka, tests write wherever they read back.
 */
public interface Sinks {

    /** What a sink table holds. */
    enum Kind {
        /** Parsed events (every line that is not unparsed); partitioned by day where files allow. */
        EVENTS,
        /** Lines that could not be parsed, with origin, line number and reason. */
        DEAD_LETTERS,
        /** One aggregate view of the dashboard tabs. */
        AGGREGATE,
        /** The backfill summary (lines by event type). */
        SUMMARY,
        /** Message traces: one column {@code json}, a finished JSON object per row (write as is, raw format). */
        TRACES,
        /** Alerts: one column {@code json}, a finished JSON object per row (write as is, raw format). */
        ALERTS
    }

    /** Connector options for the sink of {@code name} (a view name such as {@code agg_overview_lines}). */
    Map<String, String> options(Kind kind, String name);

    /**
     * Whether each aggregate row carries its view's name in a first column {@code aggregate}
     * (for sinks that put every view in one place, such as one Kafka topic).
     */
    default boolean tagAggregates() {
        return false;
    }

    /** Whether the events sink is partitioned by {@code dt} (day, {@code yyyy-MM-dd}). */
    default boolean partitionEventsByDay() {
        return false;
    }
}
