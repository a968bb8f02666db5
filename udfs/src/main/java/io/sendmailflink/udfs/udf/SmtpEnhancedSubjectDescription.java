package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.enrich.SmtpCodes;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SMTP_ENHANCED_SUBJECT_DESCRIPTION(subject)}: the RFC 3463 summary of an enhanced status
 * subject digit, such as {@code '7'} to {@code 'Security or Policy Status'}. NULL for anything
 * else.
 */
public class SmtpEnhancedSubjectDescription extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public @DataTypeHint("STRING") String eval(@DataTypeHint("STRING") String subject) {
        return SmtpCodes.enhancedSubjectDescription(subject);
    }
}
