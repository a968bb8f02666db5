package io.sendmailflink.jobs.workflow;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.ParseSendmail;
import io.sendmailflink.udfs.udf.SendmailJobParameters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.types.RowUtils;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses every line exactly once and sends it three ways: a row of {@code sendmail_parsed} (the
 * SQL views' input: {@code origin, line_number, line, event_time}, then every column of
 * {@code PARSE_SENDMAIL}, the same values the SQL function gives), and the line's one output
 * record, encoded, to the {@link #EVENTS} or the {@link #DEAD_LETTERS} side output.
 *
 * <p>Why not the SQL view as written in {@code sql/03_events.sql}: the planner neither shares a
 * table function's output between the ~40 queries reading it nor lets a line be parsed once for
 * its event time and its fields; and writing events through a partitioned SQL file sink sorts
 * every row. Here one parse serves all of them; the values come from the same parser and the
 * same row conversion as {@code PARSE_SENDMAIL}, and the event time is {@code sql/02}'s
 * {@code COALESCE(SENDMAIL_EVENT_TIME(line, reference_time), reference_time)}.
 */
public final class ParseLines extends ProcessFunction<LogLine, Row> {

    private static final long serialVersionUID = 1L;

    /** Parsed events, one encoded record per line that is a Sendmail event. */
    public static final OutputTag<OutputRecord> EVENTS =
            new OutputTag<>("events", TypeInformation.of(OutputRecord.class));
    /** Lines that could not be parsed, with origin, line number and reason. */
    public static final OutputTag<OutputRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(OutputRecord.class));

    /** Prefix of the per-event-type line counters (accumulators), e.g. {@code lines:receipt}. */
    public static final String LINES_BY_TYPE = "lines:";
    static final String UNPARSED = "unparsed";
    /** Columns before the parsed fields in a {@code sendmail_parsed} row. */
    static final int LINE_COLUMNS = 4;

    /**
     * Column name to position, shared by every row: rows are positional (as the SQL conversion
     * wants them) and readable by name (as {@code toDataStream} rows are, for the CEP operators).
     */
    private static final LinkedHashMap<String, Integer> POSITIONS = new LinkedHashMap<>();

    static {
        for (String c : RecordFormat.eventColumns()) {
            POSITIONS.put(c, POSITIONS.size());
        }
    }

    private final String timezone;
    private final Integer year;
    private final RecordFormat format;

    private transient SendmailParser parser;
    private transient SendmailEvent event;
    private transient RecordFormat.Encoder encoder;
    private transient LongCounter read;
    private transient Map<String, LongCounter> byType;
    private transient long cachedDayStart = Long.MAX_VALUE;
    private transient long cachedDayEnd;
    private transient String cachedDay;

    public ParseLines(String timezone, Integer year, RecordFormat format) {
        this.timezone = timezone;
        this.year = year;
        this.format = format;
    }

    @Override
    public void open(OpenContext ctx) {
        ParserOptions options = SendmailJobParameters.parserOptions(timezone, year == null ? null : year.toString());
        parser = new SendmailParser(options);
        event = new SendmailEvent();
        encoder = format.encoder();
        read = getRuntimeContext().getLongCounter(SendmailWorkflow.LINES_READ);
        byType = new HashMap<>();
    }

    @Override
    public void processElement(LogLine l, Context ctx, Collector<Row> out) {
        read.add(1);
        if (year == null) {
            parser.setReferenceTime(l.referenceMillis);
        }
        String line = l.line == null ? "" : l.line;
        SendmailEvent e = parser.parseInto(line, event);
        long time = e.has(Field.TIMESTAMP_) ? e.epochMillis() : l.referenceMillis;

        Row row = RowUtils.createRowWithNamedPositions(RowKind.INSERT,
                new Object[LINE_COLUMNS + ParseSendmail.COLUMNS], POSITIONS);
        row.setField(0, l.origin);
        row.setField(1, l.lineNumber);
        row.setField(2, line);
        row.setField(3, Instant.ofEpochMilli(time));
        ParseSendmail.fill(e, row, LINE_COLUMNS);
        out.collect(row);

        String type = e.has(Field.EVENT_TYPE) ? e.getString(Field.EVENT_TYPE) : UNPARSED;
        byType.computeIfAbsent(type, t -> getRuntimeContext().getLongCounter(LINES_BY_TYPE + t)).add(1);
        if (UNPARSED.equals(type)) {
            String error = e.has(Field.PARSE_ERROR) ? e.getString(Field.PARSE_ERROR) : null;
            ctx.output(DEAD_LETTERS, new OutputRecord(day(time),
                    encoder.deadLetter(l.origin, l.lineNumber, line, error, time)));
        } else {
            ctx.output(EVENTS, new OutputRecord(day(time), encoder.event(l.origin, l.lineNumber, line, time, e)));
        }
    }

    /** The UTC day of an instant; consecutive lines mostly share one, so it is cached. */
    private String day(long millis) {
        if (millis < cachedDayStart || millis >= cachedDayEnd) {
            long d = Math.floorDiv(millis, 86_400_000L);
            cachedDayStart = d * 86_400_000L;
            cachedDayEnd = cachedDayStart + 86_400_000L;
            cachedDay = LocalDate.ofEpochDay(d).toString();
        }
        return cachedDay;
    }
}
