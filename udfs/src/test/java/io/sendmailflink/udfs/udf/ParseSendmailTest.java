package io.sendmailflink.udfs.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The adapter's own work, without a Flink runtime: the row it builds and the options it reads. */
class ParseSendmailTest {

    @Test
    void outputTypeHasOneColumnPerFieldWithItsSqlType() {
        DataType row = ParseSendmail.outputDataType();
        List<String> names = DataType.getFieldNames(row);
        List<DataType> types = DataType.getFieldDataTypes(row);

        assertThat(names).hasSize(Field.values().length);
        for (Field f : Field.values()) {
            assertThat(names.get(f.ordinal())).isEqualTo(f.fieldName());
            assertThat(types.get(f.ordinal()).getLogicalType().asSummaryString())
                    .as(f.fieldName()).isEqualTo(f.type().sqlType());
        }
    }

    @Test
    void rowCarriesPresentValuesAsExternalClassesAndNullForTheRest() {
        String text = "to=<a@x.example>,<b@y.example>";
        SendmailEvent e = new SendmailEvent();
        e.reset(text);
        e.setTimestamp(Instant.parse("2025-11-24T20:56:10.123Z").toEpochMilli(), 3600);
        e.setString(Field.EVENT_TYPE, "delivery");
        e.setLong(Field.VENDOR_PRI, 30589);
        e.setBoolean(Field.VENDOR_MORE_RECIPIENTS, true);
        e.setSpan(Field.EMAIL_TO_LIST, 3, text.length(), SendmailEvent.ADDRESS_LIST);

        Row row = ParseSendmail.toRow(e);

        assertThat(row.getArity()).isEqualTo(Field.values().length);
        assertThat(row.getField(Field.TIMESTAMP_.ordinal())).isEqualTo(Instant.parse("2025-11-24T20:56:10.123Z"));
        assertThat(row.getField(Field.EVENT_TYPE.ordinal())).isEqualTo("delivery");
        assertThat(row.getField(Field.VENDOR_PRI.ordinal())).isEqualTo(30589L);
        assertThat(row.getField(Field.VENDOR_MORE_RECIPIENTS.ordinal())).isEqualTo(true);
        assertThat((String[]) row.getField(Field.EMAIL_TO_LIST.ordinal())).containsExactly("a@x.example", "b@y.example");
        assertThat(row.getField(Field.EMAIL_FROM.ordinal())).isNull();
        assertThat(row.getField(Field.VENDOR_CTLADDR_UID.ordinal())).isNull();
    }

    @Test
    void evalEmitsOneRowPerLineEvenForNull() {
        ParseSendmail f = new ParseSendmail();
        f.open(ScalarFunctionsTest.jobParameterContext(Map.of()));
        List<Row> rows = new ArrayList<>();
        f.setCollector(new ListCollector(rows));

        f.eval("garbage", null);
        f.eval(null, null);
        f.eval("", Instant.parse("2026-01-02T00:00:00Z"));

        assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r.getArity()).isEqualTo(Field.values().length));
    }

    @Test
    void jobParametersDefaultToUtcAndAnInferredYear() {
        ParserOptions o = SendmailJobParameters.parserOptions(null, " ");
        assertThat(o.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(o.year()).isNull();
    }

    @Test
    void jobParametersSetZoneAndYear() {
        ParserOptions o = SendmailJobParameters.parserOptions("Europe/Berlin", "2025");
        assertThat(o.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(o.year()).isEqualTo(2025);
    }

    @Test
    void badJobParametersNameThemselves() {
        assertThatThrownBy(() -> SendmailJobParameters.parserOptions("Mars/Olympus_Mons", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendmail.timezone");
        assertThatThrownBy(() -> SendmailJobParameters.parserOptions(null, "MMXXV"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendmail.year");
    }

    private static final class ListCollector implements Collector<Row> {
        private final List<Row> rows;

        ListCollector(List<Row> rows) {
            this.rows = rows;
        }

        @Override
        public void collect(Row row) {
            rows.add(row);
        }

        @Override
        public void close() {
        }
    }
}
