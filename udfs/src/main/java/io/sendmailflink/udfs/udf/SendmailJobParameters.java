package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.parse.ParserOptions;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The job parameters that configure the parser behind the SQL functions.
 *
 * <p>They are read with {@link FunctionContext#getJobParameter}, so they come from
 * {@code pipeline.global-job-parameters}: in SQL,
 * {@code SET 'pipeline.global-job-parameters' = 'sendmail.timezone:Europe/Berlin,sendmail.year:2025';}.
 * A bad value fails the function's {@code open} with a message naming the parameter, rather than
 * silently parsing every line in the wrong zone or year.
 */
public final class SendmailJobParameters {

    /** Zone of timestamps that carry no offset (RFC 3164 lines); a {@link ZoneId} id, default UTC. */
    public static final String TIMEZONE = "sendmail.timezone";

    /** Year of RFC 3164 timestamps; inferred from the current time when unset. */
    public static final String YEAR = "sendmail.year";

    private SendmailJobParameters() {
    }

    /** The parser options the job parameters ask for. */
    public static ParserOptions parserOptions(FunctionContext context) {
        try {
            return parserOptions(context.getJobParameter(TIMEZONE, null), context.getJobParameter(YEAR, null));
        } catch (org.apache.flink.table.api.TableException e) {
            // A watermark pushed into a source (Kafka: WATERMARK FOR event_time in
            // 02_source_kafka.sql) opens the function where Flink has no job parameters ("Calls to
            // FunctionContext.getJobParameter are not available at the current location"). Only the
            // watermark uses these defaults; the event_time column is computed after the source,
            // with the parameters. Lines with an offset (RFC 5424, ISO) are the same either way.
            return ParserOptions.defaults();
        }
    }

    /** The parser options of these parameter values; null or blank values keep the defaults. */
    public static ParserOptions parserOptions(String timezone, String year) {
        ParserOptions options = ParserOptions.defaults();
        if (timezone != null && !timezone.isBlank()) {
            try {
                options = options.withZone(ZoneId.of(timezone.trim()));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(
                        "job parameter " + TIMEZONE + " is not a time zone id: '" + timezone + "'", e);
            }
        }
        if (year != null && !year.isBlank()) {
            try {
                options = options.withYear(Integer.valueOf(year.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("job parameter " + YEAR + " is not a year: '" + year + "'", e);
            }
        }
        return options;
    }
}
