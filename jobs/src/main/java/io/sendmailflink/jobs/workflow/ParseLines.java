package io.sendmailflink.jobs.workflow;

import io.sendmailflink.jobs.aggregate.Aggregator;
import io.sendmailflink.jobs.aggregate.BucketState;
import io.sendmailflink.jobs.aggregate.BucketStateSerializer;
import io.sendmailflink.jobs.cep.CepEvent;
import io.sendmailflink.jobs.cep.CepEvents;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.ParseSendmail;
import io.sendmailflink.udfs.udf.SendmailJobParameters;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.types.RowUtils;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/**
 * The one place every line goes through, once: parse it, write its event or dead letter (encoded,
 * to {@link #EVENTS} / {@link #DEAD_LETTERS}), add it to the partial aggregates of its time bucket
 * and host ({@link #PARTIALS}, emitted when the watermark passes the bucket's window, or at the end
 * of a bounded input), and hand what traces and alerts need downstream (the main output,
 * {@link CepEvent}s with their event time as timestamp). In streaming it also makes the event-time
 * watermarks (bounded out-of-orderness and idleness, Flink's own generator, as
 * {@code assignTimestampsAndWatermarks} would after the parse). With {@link Config#rows} it also
 * emits the {@code sendmail_parsed} row of each line ({@link #ROWS}) for the SQL planner.
 *
 * <p>Hot path (backfill throughput depends on it): one parse, no per-line row, the aggregates
 * updated in place; the parsed event is reused from line to line and nothing downstream keeps it.
 */
public final class ParseLines extends AbstractStreamOperator<CepEvent>
        implements OneInputStreamOperator<LogLine, CepEvent>, BoundedOneInput, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    /** Parsed events, one encoded record per line that is a Sendmail event, bucketed by UTC day. */
    public static final OutputTag<OutputRecord> EVENTS =
            new OutputTag<>("events", TypeInformation.of(OutputRecord.class));
    /** Lines that could not be parsed, with origin, line number and reason. */
    public static final OutputTag<OutputRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(OutputRecord.class));
    /** Partial aggregates of one (window, host), timestamped with the window's last millisecond. */
    public static final OutputTag<BucketState> PARTIALS = new OutputTag<>("aggregate-partials", BucketStateSerializer.TYPE);

    /** Prefix of the per-event-type line counters (accumulators), e.g. {@code lines:receipt}. */
    public static final String LINES_BY_TYPE = "lines:";
    static final String UNPARSED = "unparsed";
    /** Columns before the parsed fields in a {@code sendmail_parsed} row. */
    static final int LINE_COLUMNS = 4;

    /** Column name to position, shared by every row (rows are read by position and by name). */
    private static final LinkedHashMap<String, Integer> POSITIONS = new LinkedHashMap<>();

    static {
        for (String c : RecordFormat.eventColumns()) {
            POSITIONS.put(c, POSITIONS.size());
        }
    }

    /** What the operator does besides parsing. */
    public static final class Config implements Serializable {
        private static final long serialVersionUID = 1L;
        String timezone = "UTC";
        Integer year;
        RecordFormat format = RecordFormat.JSON;
        boolean streaming;
        /** Bucket length: 1 hour (batch) or 1 minute (streaming). */
        long windowMillis = Duration.ofHours(1).toMillis();
        /** The session time zone the buckets follow ({@code table.local-time-zone}). */
        String tableZone = ZoneId.systemDefault().getId();
        long watermarkDelayMillis = 5_000;
        long idleTimeoutMillis;
        boolean aggregates = true;
        boolean cep = true;
        boolean rows;
        /** Batch: open groups beyond which the oldest buckets leave early (memory bound). */
        long maxOpenGroups = 2_000_000;

        public Config timezone(String z) {
            this.timezone = z;
            return this;
        }

        public Config year(Integer y) {
            this.year = y;
            return this;
        }

        public Config format(RecordFormat f) {
            this.format = f;
            return this;
        }

        public Config streaming(boolean s, long windowMillis) {
            this.streaming = s;
            this.windowMillis = windowMillis;
            return this;
        }

        public Config tableZone(String z) {
            this.tableZone = z;
            return this;
        }

        public Config watermarks(long delayMillis, long idleTimeoutMillis) {
            this.watermarkDelayMillis = delayMillis;
            this.idleTimeoutMillis = idleTimeoutMillis;
            return this;
        }

        /** Which outputs to produce: aggregate partials, CEP events, SQL rows. */
        public Config outputs(boolean aggregates, boolean cep, boolean rows) {
            this.aggregates = aggregates;
            this.cep = cep;
            this.rows = rows;
            return this;
        }

        public Config maxOpenGroups(long n) {
            this.maxOpenGroups = n;
            return this;
        }
    }

    /** Rows of {@code sendmail_parsed} (with {@link Config#rows}). */
    public static final OutputTag<Row> ROWS = new OutputTag<>("sendmail-parsed-rows", TypeInformation.of(Row.class));

    private final Config config;

    private transient SendmailParser parser;
    private transient SendmailEvent event;
    private transient RecordFormat.Encoder encoder;
    private transient Aggregator aggregator;
    private transient ListState<BucketState> openBuckets;
    private transient LongCounter read;
    private transient Map<String, LongCounter> byType;
    private transient Counter lateLines;
    private transient StreamRecord<OutputRecord> recordOut;
    private transient boolean reuse;
    private transient OutputRecord reused;
    private transient StreamRecord<CepEvent> cepOut;
    private transient org.apache.flink.util.Collector<CepEvent> cepCollector;
    private transient StreamRecord<BucketState> partialOut;
    private transient StreamRecord<Row> rowOut;
    private transient WatermarkGenerator<Object> watermarks;
    private transient Emitter emitter;
    private transient long watermarkInterval;
    private transient long cachedDayStart;
    private transient long cachedDayEnd;
    private transient String cachedDay;

    public ParseLines(Config config) {
        this.config = config;
    }

    /** The row type of {@link #ROWS} must be set by the caller (see SendmailWorkflow). */
    public static OutputTag<Row> rows(TypeInformation<Row> type) {
        return new OutputTag<>(ROWS.getId(), type);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        aggregator = new Aggregator(config.windowMillis, ZoneId.of(config.tableZone));
        openBuckets = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("open-aggregate-buckets", BucketStateSerializer.TYPE));
        if (context.isRestored()) {
            for (BucketState b : openBuckets.get()) {
                aggregator.restore(b);
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        openBuckets.update(List.copyOf(aggregator.open()));
    }

    @Override
    public void open() throws Exception {
        super.open();
        ParserOptions options = SendmailJobParameters.parserOptions(config.timezone,
                config.year == null ? null : config.year.toString());
        parser = new SendmailParser(options);
        event = new SendmailEvent();
        encoder = config.format.encoder();
        read = getRuntimeContext().getLongCounter(SendmailWorkflow.LINES_READ);
        byType = new HashMap<>();
        lateLines = getMetricGroup().counter("linesBehindWatermark");
        recordOut = new StreamRecord<>(null);
        reuse = getExecutionConfig().isObjectReuseEnabled();
        reused = new OutputRecord();
        cepOut = new StreamRecord<>(null);
        cepCollector = new org.apache.flink.util.Collector<>() {
            @Override
            public void collect(CepEvent c) {
                output.collect(cepOut.replace(c));
            }

            @Override
            public void close() {
            }
        };
        partialOut = new StreamRecord<>(null);
        rowOut = new StreamRecord<>(null);
        cachedDayStart = Long.MAX_VALUE;
        emitter = new Emitter();
        if (config.streaming) {
            WatermarkStrategy<Object> strategy = WatermarkStrategy
                    .forBoundedOutOfOrderness(Duration.ofMillis(config.watermarkDelayMillis));
            if (config.idleTimeoutMillis > 0) {
                strategy = strategy.withIdleness(Duration.ofMillis(config.idleTimeoutMillis));
            }
            MetricGroup metrics = getMetricGroup();
            watermarks = strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
                @Override
                public MetricGroup getMetricGroup() {
                    return metrics;
                }

                @Override
                public RelativeClock getInputActivityClock() {
                    return SystemClock.getInstance();
                }
            });
            watermarkInterval = getExecutionConfig().getAutoWatermarkInterval();
            if (watermarkInterval > 0) {
                long now = getProcessingTimeService().getCurrentProcessingTime();
                getProcessingTimeService().registerTimer(now + watermarkInterval, this);
            }
        }
    }

    @Override
    public void processElement(StreamRecord<LogLine> element) {
        LogLine l = element.getValue();
        read.add(1);
        if (config.year == null) {
            parser.setReferenceTime(l.referenceMillis);
        }
        String line = l.line == null ? "" : l.line;
        SendmailEvent e = parser.parseInto(line, event);
        long time = e.has(Field.TIMESTAMP_) ? e.epochMillis() : l.referenceMillis;

        String type = e.has(Field.EVENT_TYPE) ? e.getString(Field.EVENT_TYPE) : UNPARSED;
        LongCounter typeCounter = byType.get(type);
        if (typeCounter == null) {
            typeCounter = getRuntimeContext().getLongCounter(LINES_BY_TYPE + type);
            byType.put(type, typeCounter);
        }
        typeCounter.add(1);
        boolean unparsed = UNPARSED.equals(type);
        if (unparsed) {
            String error = e.has(Field.PARSE_ERROR) ? e.getString(Field.PARSE_ERROR) : null;
            int n = encoder.deadLetterInPlace(l.origin, l.lineNumber, line, error, time);
            output.collect(DEAD_LETTERS, recordOut.replace(record("", n), time));
        } else {
            int n = encoder.eventInPlace(l.origin, l.lineNumber, line, time, e);
            output.collect(EVENTS, recordOut.replace(record(day(time), n), time));
        }
        if (config.rows) {
            Row row = RowUtils.createRowWithNamedPositions(RowKind.INSERT,
                    new Object[LINE_COLUMNS + ParseSendmail.COLUMNS], POSITIONS);
            row.setField(0, l.origin);
            row.setField(1, l.lineNumber);
            row.setField(2, line);
            row.setField(3, Instant.ofEpochMilli(time));
            ParseSendmail.fill(e, row, LINE_COLUMNS);
            output.collect(ROWS, rowOut.replace(row, time));
        }
        if (config.aggregates) {
            aggregator.add(e, time);
            if (!config.streaming) {
                aggregator.emitIfLarge(config.maxOpenGroups, this::emitPartial);
            } else if (time <= emitter.current) {
                // its window may have left already: the merge decides (Flink SQL drops such lines too)
                lateLines.inc();
            }
        }
        if (config.cep && !unparsed) {
            cepEvents(e, line, time);
        }
        if (watermarks != null) {
            watermarks.onEvent(e, time, emitter);
        }
    }

    /**
     * The encoder's last record: with object reuse, in one reused record pointing into the
     * encoder's buffer (the sinks copy or write it before the next line); else in a copy.
     */
    private OutputRecord record(String bucket, int length) {
        if (!reuse) {
            return new OutputRecord(bucket, java.util.Arrays.copyOf(encoder.buffer(), length));
        }
        reused.bucket = bucket;
        reused.data = encoder.buffer();
        reused.length = length;
        return reused;
    }

    /** The UTC day folder of an instant; consecutive lines mostly share one, so it is cached. */
    private String day(long millis) {
        if (millis < cachedDayStart || millis >= cachedDayEnd) {
            long d = Math.floorDiv(millis, 86_400_000L);
            cachedDayStart = d * 86_400_000L;
            cachedDayEnd = cachedDayStart + 86_400_000L;
            cachedDay = "dt=" + LocalDate.ofEpochDay(d);
        }
        return cachedDay;
    }

    /** Groups per partial record (a bucket with more leaves in several). */
    static final int GROUPS_PER_PARTIAL = 4096;

    private void emitPartial(BucketState b) {
        long last = aggregator.lastInstant(b);
        for (BucketState piece : b.pieces(GROUPS_PER_PARTIAL)) {
            output.collect(PARTIALS, partialOut.replace(piece, last));
        }
    }

    /** Emits what traces and alerts read of the line, at its event time. */
    private void cepEvents(SendmailEvent e, String line, long time) {
        cepOut.setTimestamp(time);
        CepEvents.fromParsed(e, line, time, cepCollector);
    }

    @Override
    public void onProcessingTime(long timestamp) throws Exception {
        watermarks.onPeriodicEmit(emitter);
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + watermarkInterval, this);
    }

    /** Upstream watermarks are replaced by ours, except the end-of-input one. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE && emitter.current != Long.MAX_VALUE) {
            emitter.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(Long.MAX_VALUE));
        }
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // ours replace the upstream ones, as with assignTimestampsAndWatermarks
    }

    @Override
    public void endInput() {
        aggregator.emitAll(this::emitPartial);
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        if (watermarks != null) {
            watermarks.onPeriodicEmit(emitter);
        }
    }

    /** Emits our watermarks, first sending the partials of the windows they complete. */
    private final class Emitter implements WatermarkOutput {
        long current = Long.MIN_VALUE;
        boolean idle;

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark w) {
            long ts = w.getTimestamp();
            if (ts <= current) {
                return;
            }
            current = ts;
            markActive();
            if (config.aggregates) {
                aggregator.emitUpTo(ts, ParseLines.this::emitPartial);
            }
            output.emitWatermark(new Watermark(ts));
        }

        @Override
        public void markIdle() {
            if (!idle) {
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
        }

        @Override
        public void markActive() {
            if (idle) {
                idle = false;
                output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            }
        }
    }
}
