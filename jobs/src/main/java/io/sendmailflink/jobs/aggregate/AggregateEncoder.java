package io.sendmailflink.jobs.aggregate;

import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.csv.CsvRowDataSerializationSchema;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * Aggregate rows to bytes with Flink's own JSON and CSV formats, configured as the SQL sinks were
 * ({@code json.encode.ignore-null-fields}, ISO-8601 timestamps; CSV defaults), so a row reads the
 * same whichever way it was computed. {@code tagged} rows carry their view's name first, in an
 * {@code aggregate} column (one Kafka topic for every view).
 */
public final class AggregateEncoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Output encodings. */
    public enum Format {
        JSON,
        CSV
    }

    private final Format format;
    private final boolean tagged;
    private transient SerializationSchema<RowData>[] schemas;

    public AggregateEncoder(Format format, boolean tagged) {
        this.format = format;
        this.tagged = tagged;
    }

    /** The encoded row, without a line terminator. */
    public byte[] encode(AggregateView view, GenericRowData row) {
        if (schemas == null) {
            open();
        }
        RowData r = row;
        if (tagged) {
            GenericRowData t = new GenericRowData(row.getArity() + 1);
            t.setField(0, StringData.fromString(view.viewName()));
            for (int i = 0; i < row.getArity(); i++) {
                t.setField(i + 1, row.getField(i));
            }
            r = t;
        }
        byte[] b = schemas[view.ordinal()].serialize(r);
        // Flink's CSV schema ends each row with a line separator; callers add their own
        int n = b.length;
        while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
            n--;
        }
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    @SuppressWarnings("unchecked")
    private void open() {
        AggregateView[] views = AggregateView.values();
        SerializationSchema<RowData>[] s = new SerializationSchema[views.length];
        for (AggregateView v : views) {
            SerializationSchema<RowData> schema = format == Format.JSON
                    ? new JsonRowDataSerializationSchema(v.rowType(tagged), TimestampFormat.ISO_8601,
                            JsonFormatOptions.MapNullKeyMode.FAIL, "null", false, true)
                    : new CsvRowDataSerializationSchema.Builder(v.rowType(tagged)).build();
            try {
                schema.open(new Context());
            } catch (Exception e) {
                throw new IllegalStateException("cannot open the " + format + " encoder of " + v.viewName(), e);
            }
            s[v.ordinal()] = schema;
        }
        schemas = s;
    }

    /** The schemas need no metrics or class loader of a job. */
    private static final class Context implements SerializationSchema.InitializationContext {
        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(AggregateEncoder.class.getClassLoader());
        }
    }
}
