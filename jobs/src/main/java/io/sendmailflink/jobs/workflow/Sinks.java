package io.sendmailflink.jobs.workflow;

import io.sendmailflink.jobs.aggregate.AggregateEncoder;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the workflow's outputs go, each as encoded records (UTF-8, one per output line): events and
 * dead letters (in {@link #recordFormat()}), aggregate rows (bucket = view name; encoded by
 * {@link #aggregateEncoder()}), message traces and alerts (JSON). Backfill writes files, streaming
 * writes Kafka, tests write wherever they read back.
 *
 * <p>{@link #options} serves the SQL planner's aggregates ({@code --aggregates sql}): connector
 * options (a {@code WITH} clause) for one view's sink table.
 */
public interface Sinks {

    /** The encoding of event and dead-letter records. */
    default RecordFormat recordFormat() {
        return RecordFormat.JSON;
    }

    /** Attaches the sink of parsed events (every line that is a Sendmail event). */
    void events(DataStream<OutputRecord> events);

    /** Attaches the sink of dead letters (lines that could not be parsed, with the reason). */
    void deadLetters(DataStream<OutputRecord> deadLetters);

    /** Attaches the sink of aggregate rows (every view; {@link OutputRecord#bucket} is the view name). */
    void aggregates(DataStream<OutputRecord> rows);

    /** Attaches the sink of message traces (one JSON object each). */
    void traces(DataStream<OutputRecord> traces);

    /** Attaches the sink of alerts (one JSON object each). */
    void alerts(DataStream<OutputRecord> alerts);

    /** How aggregate rows are encoded: JSON or CSV, tagged with their view or not. */
    default AggregateEncoder aggregateEncoder() {
        return new AggregateEncoder(recordFormat() == RecordFormat.CSV ? AggregateEncoder.Format.CSV
                : AggregateEncoder.Format.JSON, tagAggregates());
    }

    /** Connector options for the SQL sink of the view {@code name} (the planner's aggregates only). */
    Map<String, String> options(String name);

    /**
     * Whether each aggregate row carries its view's name in a first column {@code aggregate}
     * (for sinks that put every view in one place, such as one Kafka topic).
     */
    default boolean tagAggregates() {
        return false;
    }
}
