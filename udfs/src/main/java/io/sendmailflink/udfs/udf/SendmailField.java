package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SENDMAIL_FIELD(line, name)}: one field of a parsed line as text, for a quick look in the
 * SQL client without a {@code LATERAL TABLE} join, e.g.
 * {@code SENDMAIL_FIELD(line, 'email_from')}. Numbers and booleans come as their text, the
 * timestamp as ISO-8601 with its offset, a list comma-joined; NULL when the line lacks the field.
 *
 * <p>An unknown name is an error, not NULL: a typo would otherwise look like a field no line has.
 * Uses the same job parameters as {@link ParseSendmail} ({@link SendmailJobParameters}).
 */
public class SendmailField extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private transient SendmailParser parser;
    private transient SendmailEvent event;

    @Override
    public void open(FunctionContext context) {
        parser = new SendmailParser(SendmailJobParameters.parserOptions(context));
        event = new SendmailEvent();
    }

    public @DataTypeHint("STRING") String eval(@DataTypeHint("STRING") String line, @DataTypeHint("STRING") String name) {
        if (name == null) {
            return null;
        }
        Field field = Field.byName(name);
        if (field == null) {
            throw new IllegalArgumentException("SENDMAIL_FIELD: no field named '" + name + "'");
        }
        return parser.parseInto(line, event).getString(field);
    }
}
