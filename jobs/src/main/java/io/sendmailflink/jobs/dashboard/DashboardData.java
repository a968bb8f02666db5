package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.util.List;

/**
 * Where the dashboard's rows come from: a backfill's (or a stream job's) output folder, or the
 * stream job's Kafka topics. Implementations are thread-safe: the HTTP server calls them from its
 * worker threads.
 */
public interface DashboardData extends Closeable {

    /** The current rows: aggregates by view, alerts; traces only when {@code withTraces}. */
    Snapshot snapshot(boolean withTraces);

    /** Changes whenever {@link #snapshot} would return different rows (clients poll it). */
    long version();

    /** Traces whose queue ID, message ID or an address matches {@code query}, newest first. */
    List<JsonNode> search(String query, int limit);

    /** A short description of the source for the page header, e.g. {@code folder out/}. */
    String describe();

    @Override
    default void close() {
    }
}
