package io.sendmailflink.jobs.cep;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.FieldType;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/** Real Sendmail lines through the real parser into the rows and events the CEP stage reads. */
final class Lines {

    private static final SendmailParser PARSER = new SendmailParser(ParserOptions.defaults().withYear(2026));

    private Lines() {
    }

    /** A {@code sendmail_parsed} row (named fields, as {@code toDataStream} gives them). */
    static Row row(String line) {
        SendmailEvent e = PARSER.parse(line);
        Row r = Row.withNames();
        r.setField("line", line);
        r.setField("event_time", e.has(Field.TIMESTAMP_) ? Instant.ofEpochMilli(e.epochMillis()) : null);
        for (Field f : Field.values()) {
            if (f == Field.TIMESTAMP_) {
                r.setField(f.fieldName(), e.has(f) ? Instant.ofEpochMilli(e.epochMillis()) : null);
            } else if (f.type() == FieldType.STRING_LIST) {
                r.setField(f.fieldName(), e.has(f) ? e.getList(f).toArray(new String[0]) : null);
            } else {
                r.setField(f.fieldName(), e.get(f));
            }
        }
        return r;
    }

    /** The events of one line (a DSN line gives two: itself and the parent hint of its bounce). */
    static List<CepEvent> events(String line) {
        List<CepEvent> out = new ArrayList<>();
        new RowToEvents().flatMap(row(line), new Collector<>() {
            @Override
            public void collect(CepEvent e) {
                out.add(e);
            }

            @Override
            public void close() {
            }
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the parser made no event of: " + line);
        }
        return out;
    }

    static CepEvent event(String line) {
        return events(line).get(0);
    }
}
