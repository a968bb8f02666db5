package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.parse.Delay;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SENDMAIL_DELAY_SECONDS(delay)}: Sendmail's {@code [D+]HH:MM:SS} delay notation (as in
 * {@code delay=} and {@code xdelay=}) in seconds, such as {@code '1+02:03:04'} to {@code 93784}.
 * NULL rather than an error when the text is not a delay, so one odd line cannot fail a query.
 */
public class SendmailDelaySeconds extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public @DataTypeHint("BIGINT") Long eval(@DataTypeHint("STRING") String delay) {
        long seconds = Delay.seconds(delay);
        return seconds == Delay.INVALID ? null : seconds;
    }
}
