package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.OutputRecord;
import io.sendmailflink.jobs.workflow.RecordFormat;
import io.sendmailflink.jobs.workflow.Sinks;
import io.sendmailflink.jobs.aggregate.AggregateView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/**
 * File outputs under one folder: {@code events/dt=YYYY-MM-DD/} (by UTC day of the event time),
 * {@code unparsed/} and {@code aggregates/<view>/}, as JSON lines or CSV (events and dead letters
 * with a header row per file, aggregates without, as Flink's CSV format writes them), and
 * {@code traces/} and {@code alerts/}, always JSON lines. Part files become visible when finished:
 * at the end of a backfill, at each checkpoint of a stream job.
 */
public final class FileSinks implements Sinks {

    public static final String EVENTS = "events";
    public static final String UNPARSED = "unparsed";
    public static final String AGGREGATES = "aggregates";
    public static final String TRACES = "traces";
    public static final String ALERTS = "alerts";

    private final Path out;
    private final RecordFormat format;

    public FileSinks(Path out, String format) {
        this.out = out.toAbsolutePath().normalize();
        this.format = RecordFormat.of(format);
    }

    public Path out() {
        return out;
    }

    @Override
    public RecordFormat recordFormat() {
        return format;
    }

    @Override
    public void events(DataStream<OutputRecord> events) {
        write(events, EVENTS, format, format.header(RecordFormat.eventColumns()), "write-events");
    }

    @Override
    public void deadLetters(DataStream<OutputRecord> deadLetters) {
        write(deadLetters, UNPARSED, format, format.header(RecordFormat.deadLetterColumns()), "write-dead-letters");
    }

    @Override
    public void aggregates(DataStream<OutputRecord> rows) {
        // every view has its folder, rows or not (an empty table is still a table to its readers)
        for (AggregateView v : AggregateView.values()) {
            try {
                Files.createDirectories(out.resolve(AGGREGATES).resolve(v.viewName()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + out.resolve(AGGREGATES).resolve(v.viewName()), e);
            }
        }
        write(rows, AGGREGATES, format, null, "write-aggregates");
    }

    @Override
    public void traces(DataStream<OutputRecord> traces) {
        write(traces, TRACES, RecordFormat.JSON, null, "write-traces");
    }

    @Override
    public void alerts(DataStream<OutputRecord> alerts) {
        write(alerts, ALERTS, RecordFormat.JSON, null, "write-alerts");
    }

    private void write(DataStream<OutputRecord> records, String folder, RecordFormat f, String header, String name) {
        FileSink<OutputRecord> sink = FileSink
                .forBulkFormat(new org.apache.flink.core.fs.Path(out.resolve(folder).toUri()),
                        new TextRecordWriter.Factory(header))
                .withBucketAssigner(new RecordBucketAssigner())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part")
                        .withPartSuffix("." + f.extension).build())
                .build();
        records.sinkTo(sink).name(name).uid(name);
    }

    @Override
    public Map<String, String> options(String name) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "filesystem");
        o.put("path", out.resolve(AGGREGATES).resolve(name).toUri().toString());
        o.put("format", format.extension);
        if (format == RecordFormat.JSON) {
            o.put("json.encode.ignore-null-fields", "true");
            o.put("json.timestamp-format.standard", "ISO-8601");
        }
        return o;
    }

    /** The folders a backfill writes (replaced by each run). */
    public static List<String> folders() {
        return List.of(EVENTS, UNPARSED, AGGREGATES, TRACES, ALERTS);
    }
}
