package io.sendmailflink.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.junit.jupiter.api.Test;

class AggregateRowsTest {

    @Test
    void percentilesInterpolateAtPTimesNMinusOneAsFlinkDoes() {
        long[] v = {1, 2, 3, 4};
        assertThat(AggregateRows.percentile(v, 0.5)).isEqualTo(2.5);
        assertThat(AggregateRows.percentile(v, 0.95)).isEqualTo(3.85, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(AggregateRows.percentile(new long[] {7}, 0.95)).isEqualTo(7.0);
        assertThat(AggregateRows.percentile(new long[0], 0.5)).isNull();
        // equal neighbours give the value itself, not an interpolation of it
        assertThat(AggregateRows.percentile(new long[] {3, 9, 9, 9}, 0.5)).isEqualTo(9.0);
    }

    @Test
    void sqlOrderPutsNullFirstAndComparesCodePoints() {
        List<String> l = new ArrayList<>(List.of("\uD83D\uDE00", "\uE000", "b", "a", "\uFFFD"));
        l.add(null);
        l.sort(AggregateRows::compareSql);
        assertThat(l).containsExactly(null, "a", "b", "\uE000", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void splitIndexZeroIsTheTextBeforeTheFirstDot() {
        assertThat(AggregateRows.firstDotPart("5.1.1")).isEqualTo("5");
        assertThat(AggregateRows.firstDotPart("5")).isEqualTo("5");
        assertThat(AggregateRows.firstDotPart(".1")).isEmpty();
        assertThat(AggregateRows.firstDotPart("")).isNull();
        assertThat(AggregateRows.firstDotPart(null)).isNull();
    }

    @Test
    void domainIsTheLowerCasedTextAfterTheLastAt() {
        assertThat(BucketState.domain("a@B.Example")).isEqualTo("b.example");
        assertThat(BucketState.domain("a@b@c.example")).isEqualTo("c.example");
        assertThat(BucketState.domain("user@")).isNull();
        assertThat(BucketState.domain("user")).isNull();
        assertThat(BucketState.domain("")).isNull();
        assertThat(BucketState.domain(null)).isNull();
    }

    @Test
    void topNKeepsTwentyByCountThenKeyWithRanks() {
        SendmailParser p = new SendmailParser();
        p.setReferenceTime(Instant.parse("2026-03-02T12:00:00Z").toEpochMilli());
        BucketState b = new BucketState(Instant.parse("2026-03-02T10:00:00Z").toEpochMilli(), 3_600_000, "mx1");
        for (int i = 0; i < 30; i++) {
            for (int k = 0; k < (i == 29 ? 3 : 1); k++) {
                SendmailEvent e = p.parse(String.format("Mar  2 10:00:%02d mx1 sm-mta[1]: NOQUEUE: ruleset=check_relay,"
                        + " arg1=[203.0.113.%d], relay=[203.0.113.%d], reject=550 5.7.1 no", i, i, i));
                b.add(e);
            }
        }
        List<String> rows = new ArrayList<>();
        AggregateRows.rows(b, (view, row) -> {
            if (view == AggregateView.RULE_TOP_CLIENT_IPS) {
                rows.add(row.getString(3) + "=" + row.getLong(4) + "#" + row.getLong(5));
            }
        });
        assertThat(rows).hasSize(20);
        assertThat(rows.get(0)).isEqualTo("203.0.113.29=3#1");
        assertThat(rows.get(1)).isEqualTo("203.0.113.0=1#2");
        // string order: "203.0.113.1", "203.0.113.10", ..., so the cut falls inside the ties
        assertThat(rows.get(2)).isEqualTo("203.0.113.1=1#3");
        assertThat(rows.get(3)).isEqualTo("203.0.113.10=1#4");
        assertThat(rows.get(19)).isEqualTo("203.0.113.25=1#20");
    }

    @Test
    void bucketsFollowTheWallClockOfTheSessionZone() {
        // India is UTC+05:30: the hour bucket of 04:45 UTC is 10:00-11:00 local, which starts at 04:30 UTC
        Aggregator a = new Aggregator(3_600_000, ZoneId.of("Asia/Kolkata"));
        long t = Instant.parse("2026-03-02T04:45:00Z").toEpochMilli();
        long local = a.local(t);
        long start = Math.floorDiv(local, 3_600_000L) * 3_600_000L;
        assertThat(LocalDateTime.ofEpochSecond(start / 1000, 0, ZoneOffset.UTC)).isEqualTo("2026-03-02T10:00");
        BucketState b = new BucketState(start, 3_600_000, "mx1");
        assertThat(a.lastInstant(b)).isEqualTo(Instant.parse("2026-03-02T05:29:59.999Z").toEpochMilli());
        // across a DST change the offset is looked up again
        Aggregator berlin = new Aggregator(60_000, ZoneId.of("Europe/Berlin"));
        assertThat(berlin.local(Instant.parse("2026-03-29T00:59:00Z").toEpochMilli()))
                .isEqualTo(Instant.parse("2026-03-29T01:59:00Z").toEpochMilli());
        assertThat(berlin.local(Instant.parse("2026-03-29T01:00:00Z").toEpochMilli()))
                .isEqualTo(Instant.parse("2026-03-29T03:00:00Z").toEpochMilli());
        assertThat(berlin.local(Instant.parse("2026-03-28T12:00:00Z").toEpochMilli()))
                .isEqualTo(Instant.parse("2026-03-28T13:00:00Z").toEpochMilli());
    }

    @Test
    void tooManyOpenGroupsSendTheOldestBucketsOutEarly() {
        SendmailParser p = new SendmailParser();
        p.setReferenceTime(Instant.parse("2026-03-02T12:00:00Z").toEpochMilli());
        Aggregator a = new Aggregator(60_000, ZoneOffset.UTC);
        List<BucketState> out = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            SendmailEvent e = p.parse(String.format("Mar  2 10:%02d:00 mx1 sm-mta[1]: NOQUEUE: ruleset=check_relay,"
                    + " arg1=[10.0.%d.%d], relay=[10.0.%d.%d], reject=550 5.7.1 no", i / 100, i / 250, i % 250, i / 250, i % 250));
            a.add(e, e.epochMillis());
            a.emitIfLarge(1000, out::add);
        }
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).windowStart()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z").toEpochMilli());
        long open = 0;
        for (BucketState b : a.open()) {
            open += b.groupCount();
        }
        assertThat(open).isLessThan(1000 + 4096 * 6);
        // nothing is lost: every line is in a partial that left early or in one still open
        long lines = 0;
        List<BucketState> all = new ArrayList<>(out);
        a.emitAll(all::add);
        for (BucketState b : all) {
            GenericRowData[] r = new GenericRowData[1];
            AggregateRows.rows(b, (v, row) -> {
                if (v == AggregateView.OVERVIEW_LINES) {
                    r[0] = row;
                }
            });
            lines += r[0].getLong(3);
        }
        assertThat(lines).isEqualTo(5000);
    }
}
