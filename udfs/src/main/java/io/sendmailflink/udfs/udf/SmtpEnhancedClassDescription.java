package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.enrich.SmtpCodes;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SMTP_ENHANCED_CLASS_DESCRIPTION(cls)}: the RFC 3463 summary of an enhanced status class
 * digit, such as {@code '5'} to {@code 'Permanent Failure'}. NULL for anything else.
 */
public class SmtpEnhancedClassDescription extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public @DataTypeHint("STRING") String eval(@DataTypeHint("STRING") String cls) {
        return SmtpCodes.enhancedClassDescription(cls);
    }
}
