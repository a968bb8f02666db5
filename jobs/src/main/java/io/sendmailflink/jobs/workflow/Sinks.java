package io.sendmailflink.jobs.workflow;

import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the workflow's outputs go. Events and dead letters arrive as encoded records (one per
 * line, in {@link #recordFormat()}) and are written by DataStream sinks; the aggregate views are
 * SQL tables whose sink is described by connector options (a {@code WITH} clause). Backfill writes
 * files, streaming writes Kafka, tests write wherever they read back.
 */
public interface Sinks {

    /** What a SQL sink table holds. */
    enum Kind {
        /** One aggregate view of the dashboard tabs. */
        AGGREGATE,
        /** Message traces: one column {@code json}, a finished JSON object per row (write as is, raw format). */
        TRACES,
        /** Alerts: one column {@code json}, a finished JSON object per row (write as is, raw format). */
        ALERTS
    }

    /** The encoding of event and dead-letter records. */
    default RecordFormat recordFormat() {
        return RecordFormat.JSON;
    }

    /** Attaches the sink of parsed events (every line that is a Sendmail event). */
    void events(DataStream<OutputRecord> events);

    /** Attaches the sink of dead letters (lines that could not be parsed, with the reason). */
    void deadLetters(DataStream<OutputRecord> deadLetters);

    /** Connector options for the SQL sink of {@code name} (a view name such as {@code agg_overview_lines}). */
    Map<String, String> options(Kind kind, String name);

    /**
     * Whether each aggregate row carries its view's name in a first column {@code aggregate}
     * (for sinks that put every view in one place, such as one Kafka topic).
     */
    default boolean tagAggregates() {
        return false;
    }
}
