package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.enrich.SmtpCodes;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SMTP_ENHANCED_STATUS_DESCRIPTION(code)}: the IANA title of an enhanced status code,
 * given either as {@code subject.detail} ({@code '7.1'}, the form of
 * {@code smtp_response_enhanced_status_code}) or in full ({@code '5.7.1'}, the form of
 * {@code vendor_dsn}); both give {@code 'Delivery not authorized, message refused'}. NULL when the
 * code is malformed or not in the registry.
 */
public class SmtpEnhancedStatusDescription extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public @DataTypeHint("STRING") String eval(@DataTypeHint("STRING") String code) {
        if (code == null) {
            return null;
        }
        int firstDot = code.indexOf('.');
        boolean full = firstDot >= 0 && code.indexOf('.', firstDot + 1) >= 0;
        return full ? SmtpCodes.enhancedStatusDescriptionOfFull(code) : SmtpCodes.enhancedStatusDescription(code);
    }
}
