package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.enrich.SmtpCodes;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SMTP_REPLY_DESCRIPTION(code)}: the RFC 5321 description of a basic reply code, such as
 * {@code '550'} to {@code 'Mailbox unavailable'}, for codes that did not come through
 * {@code PARSE_SENDMAIL} (which fills {@code smtp_response_code_description} itself). NULL when
 * the code is not a reply code.
 */
public class SmtpReplyDescription extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public @DataTypeHint("STRING") String eval(@DataTypeHint("STRING") String code) {
        return SmtpCodes.replyCodeDescription(code);
    }
}
