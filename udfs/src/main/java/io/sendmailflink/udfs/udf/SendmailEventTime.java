package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Instant;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SENDMAIL_EVENT_TIME(line, reference)}: the instant a Sendmail syslog line was logged, as
 * {@code PARSE_SENDMAIL(line, reference)} gives it in its {@code timestamp} column; NULL when the
 * line carries no time (unparsable or headerless lines).
 *
 * <p>{@code reference} is the instant the year of a year-less RFC 3164 timestamp is inferred
 * against (a file's modification time, a Kafka record's timestamp); when it is NULL the current
 * time is used, and {@code sendmail.year} wins over both (see {@link SendmailJobParameters}).
 *
 * <p>It exists for the event-time column of the source table, which a {@code WATERMARK} needs as a
 * computed column of the table itself (a table function cannot be used there):
 *
 * <pre>{@code
 * event_time AS COALESCE(SENDMAIL_EVENT_TIME(line, reference_time), reference_time),
 * WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
 * }</pre>
 *
 * <p>A thin adapter: parsing is {@link SendmailParser}'s. The parser reads the whole line; the cost
 * is that of {@code PARSE_SENDMAIL} once more per line.
 */
public class SendmailEventTime extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    /** The name {@code sql/01_functions.sql} registers. */
    public static final String NAME = "SENDMAIL_EVENT_TIME";

    private transient ParserOptions options;
    private transient SendmailParser parser;
    private transient SendmailParser referencedParser;
    private transient SendmailEvent event;

    @Override
    public void open(FunctionContext context) {
        init(SendmailJobParameters.parserOptions(context));
    }

    private void init(ParserOptions parserOptions) {
        options = parserOptions;
        parser = new SendmailParser(options);
        referencedParser = new SendmailParser(options);
        event = new SendmailEvent();
    }

    public @DataTypeHint("TIMESTAMP_LTZ(3)") Instant eval(
            @DataTypeHint("STRING") String line, @DataTypeHint("TIMESTAMP_LTZ(3)") Instant reference) {
        if (parser == null) {
            // called without open(), e.g. constant folding at planning time
            init(ParserOptions.defaults());
        }
        if (line == null) {
            return null;
        }
        SendmailParser p = parser;
        if (reference != null && options.year() == null) {
            referencedParser.setReferenceTime(reference.toEpochMilli());
            p = referencedParser;
        }
        SendmailEvent e = p.parseInto(line, event);
        return e.has(Field.TIMESTAMP_) ? Instant.ofEpochMilli(e.epochMillis()) : null;
    }
}
