package io.sendmailflink.udfs.udf;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Instant;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.StaticArgument;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;
import org.apache.flink.types.Row;

/**
 * {@code PARSE_SENDMAIL(line [, reference])}: one Sendmail syslog line to one row with a column
 * per {@link Field}, in field order, named {@link Field#fieldName()} and typed
 * {@link io.sendmailflink.udfs.model.FieldType#sqlType()}; absent fields are NULL.
 *
 * <pre>{@code
 * SELECT t.`timestamp`, t.event_type, t.email_from
 * FROM lines, LATERAL TABLE(PARSE_SENDMAIL(line)) AS t;
 * }</pre>
 *
 * <p>Every input gives exactly one row, so that a join with {@code LATERAL TABLE} never drops a
 * line: what is not Sendmail comes out with {@code event_type = 'unparsed'} and a
 * {@code parse_error}.
 *
 * <p>The optional {@code reference} is the instant the year of a year-less RFC 3164 timestamp is
 * inferred against instead of the current time, typically the log file's modification time
 * ({@code METADATA FROM 'file.modification-time'} of the {@code filesystem} connector);
 * {@code sendmail.year} still wins over it. It must be {@code TIMESTAMP_LTZ(3)}: Flink does not
 * cast a plain {@code TIMESTAMP} to it implicitly, so such a value needs
 * {@code CAST(... AS TIMESTAMP_LTZ(3))}.
 *
 * <p>The output type is derived from {@link Field} rather than written in a
 * {@code @FunctionHint}, because an annotation can only hold a constant; hence the
 * {@link #getTypeInference} override. This class only adapts: parsing is
 * {@link SendmailParser}'s.
 *
 * @see SendmailJobParameters for the time zone and year parameters
 */
public class ParseSendmail extends TableFunction<Row> {

    private static final long serialVersionUID = 1L;

    /** The name {@code sql/01_functions.sql} registers. */
    public static final String NAME = "PARSE_SENDMAIL";

    private static final Field[] FIELDS = Field.values();

    private transient ParserOptions options;
    private transient SendmailParser parser;
    private transient SendmailParser referencedParser;
    private transient SendmailEvent event;

    /** The row type of the output: one nullable column per {@link Field}, in field order. */
    public static DataType outputDataType() {
        DataTypes.Field[] columns = new DataTypes.Field[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            columns[i] = DataTypes.FIELD(FIELDS[i].fieldName(), columnDataType(FIELDS[i]));
        }
        return DataTypes.ROW(columns);
    }

    /** The SQL type of one field's column; equals {@code f.type().sqlType()}. */
    public static DataType columnDataType(Field f) {
        switch (f.type()) {
            case STRING:
                return DataTypes.STRING();
            case LONG:
                return DataTypes.BIGINT();
            case BOOLEAN:
                return DataTypes.BOOLEAN();
            case STRING_LIST:
                return DataTypes.ARRAY(DataTypes.STRING());
            case TIMESTAMP:
                return DataTypes.TIMESTAMP_LTZ(3);
            default:
                throw new IllegalStateException("no SQL type for " + f.type());
        }
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return TypeInference.newBuilder()
                .staticArguments(
                        StaticArgument.scalar("line", DataTypes.STRING(), false),
                        StaticArgument.scalar("reference", DataTypes.TIMESTAMP_LTZ(3), true))
                .outputTypeStrategy(TypeStrategies.explicit(outputDataType()))
                .build();
    }

    @Override
    public void open(FunctionContext context) {
        options = SendmailJobParameters.parserOptions(context);
        parser = new SendmailParser(options);
        referencedParser = new SendmailParser(options);
        event = new SendmailEvent();
    }

    /** Parses {@code line}; {@code reference} is null when the call leaves it out. */
    public void eval(String line, Instant reference) {
        collect(toRow(parserFor(reference).parseInto(line, event)));
    }

    /**
     * A reference goes to a parser of its own because a parser cannot forget one: rows without it
     * keep inferring against the current time.
     */
    private SendmailParser parserFor(Instant reference) {
        if (reference == null || options.year() != null) {
            return parser;
        }
        referencedParser.setReferenceTime(reference.toEpochMilli());
        return referencedParser;
    }

    /** The number of columns of {@link #outputDataType()}: one per field. */
    public static final int COLUMNS = FIELDS.length;

    /** The event as a row of {@link #outputDataType()}'s external classes. */
    public static Row toRow(SendmailEvent e) {
        Row row = Row.withPositions(FIELDS.length);
        fill(e, row, 0);
        return row;
    }

    /**
     * Sets the event's values, as {@link #toRow} gives them, into {@code row} from position
     * {@code offset} on (for rows with columns of their own before the fields).
     */
    public static void fill(SendmailEvent e, Row row, int offset) {
        for (int i = 0; i < FIELDS.length; i++) {
            Field f = FIELDS[i];
            if (e.has(f)) {
                row.setField(offset + i, value(e, f));
            }
        }
    }

    private static Object value(SendmailEvent e, Field f) {
        switch (f.type()) {
            case LONG:
                return e.getLong(f);
            case BOOLEAN:
                return e.getBoolean(f);
            case STRING_LIST:
                List<String> list = e.getList(f);
                return list.toArray(new String[0]);
            case TIMESTAMP:
                return Instant.ofEpochMilli(e.epochMillis());
            default:
                return e.getString(f);
        }
    }
}
