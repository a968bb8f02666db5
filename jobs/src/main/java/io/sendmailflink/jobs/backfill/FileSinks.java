package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.OutputRecord;
import io.sendmailflink.jobs.workflow.RecordFormat;
import io.sendmailflink.jobs.workflow.Sinks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * File outputs under one folder: {@code events/dt=YYYY-MM-DD/} (by UTC day of the event time),
 * {@code unparsed/} and {@code aggregates/<view>/}, as JSON lines or CSV with a header, and
 * {@code traces/} and {@code alerts/}, always JSON lines. Part files
 * become visible when finished: at the end of a backfill, at each checkpoint of a stream job.
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
        events.sinkTo(fileSink(out.resolve(EVENTS), new DayBucketAssigner(), RecordFormat.eventColumns()))
                .name("write-events").uid("write-events");
    }

    @Override
    public void deadLetters(DataStream<OutputRecord> deadLetters) {
        deadLetters.sinkTo(fileSink(out.resolve(UNPARSED), new BasePathBucketAssigner<>(),
                RecordFormat.deadLetterColumns())).name("write-dead-letters").uid("write-dead-letters");
    }

    private FileSink<OutputRecord> fileSink(Path dir, BucketAssigner<OutputRecord, String> buckets, List<String> columns) {
        return FileSink
                .forBulkFormat(new org.apache.flink.core.fs.Path(dir.toUri()),
                        new TextRecordWriter.Factory(format.header(columns)))
                .withBucketAssigner(buckets)
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part")
                        .withPartSuffix("." + format.extension).build())
                .build();
    }

    @Override
    public Map<String, String> options(Kind kind, String name) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("connector", "filesystem");
        if (kind == Kind.TRACES || kind == Kind.ALERTS) {
            // rows are finished JSON lines (io.sendmailflink.jobs.cep.CepRecords), whatever the format
            o.put("path", out.resolve(kind == Kind.TRACES ? TRACES : ALERTS).toUri().toString());
            o.put("format", "raw");
            return o;
        }
        o.put("path", out.resolve(AGGREGATES).resolve(name).toUri().toString());
        o.put("format", format.extension);
        if (format == RecordFormat.JSON) {
            o.put("json.encode.ignore-null-fields", "true");
            o.put("json.timestamp-format.standard", "ISO-8601");
        }
        return o;
    }
}
