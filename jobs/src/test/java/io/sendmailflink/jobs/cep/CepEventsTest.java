package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** {@link CepEvents#fromParsed} gives the events {@link RowToEvents} makes of the same line's row. */
class CepEventsTest {

    static final class ListCollector implements Collector<CepEvent> {
        final List<CepEvent> list = new ArrayList<>();

        @Override
        public void collect(CepEvent e) {
            list.add(e);
        }

        @Override
        public void close() {
        }
    }

    /** Every field of an event (a fast stand-in for a recursive comparison). */
    static List<Object> fields(CepEvent e) {
        return java.util.Arrays.asList(e.host, e.qid, e.pid, e.time, e.eventType, e.subtype, e.message, e.line, e.from,
                e.size, e.nrcpts, e.messageId, e.protocol, e.clientHost, e.clientIp, e.authid, e.mech, e.authRole,
                e.outcome, e.tlsRole, e.tlsVersion, e.to == null ? null : java.util.Arrays.asList(e.to), e.status,
                e.dsn, e.reply, e.statusFull, e.mailer, e.destHost, e.destIp, e.delaySeconds, e.relatedQid,
                e.responseMessage, e.reject, e.address);
    }

    @Test
    void sameEventsAsFromTheRowOnGeneratedTrafficWithAttacksPayloadsAndNoise() {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(13).withAllAttacks().withPayloads(true)
                .withAttackIntervalSeconds(600).withFormat(GeneratorOptions.Format.MIXED));
        // the parser reuses one event for every line, as the job's parse operator does
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        SendmailEvent reused = new SendmailEvent();
        int events = 0;
        int hints = 0;
        int none = 0;
        for (int i = 0; i < 20_000; i++) {
            String line = i % 97 == 0 ? "garbage line " + i : g.next();
            ListCollector fromRow = new ListCollector();
            new RowToEvents().flatMap(Lines.row(line), fromRow);
            SendmailEvent e = parser.parseInto(line, reused);
            ListCollector direct = new ListCollector();
            if (e.has(Field.TIMESTAMP_)) {
                CepEvents.fromParsed(e, line, e.epochMillis(), direct);
            }
            assertThat(direct.list.stream().map(CepEventsTest::fields).toList()).as(line)
                    .isEqualTo(fromRow.list.stream().map(CepEventsTest::fields).toList());
            events += direct.list.size();
            hints += (int) direct.list.stream().filter(x -> x.eventType.equals(CepEvent.PARENT_HINT)).count();
            none += direct.list.isEmpty() ? 1 : 0;
        }
        assertThat(events).isGreaterThan(17_000);
        assertThat(hints).isPositive();
        assertThat(none).isGreaterThanOrEqualTo(20_000 / 97);
    }
}
