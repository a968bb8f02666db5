package io.sendmailflink.jobs.cep;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CepJson} writes byte for byte what {@link CepRecords}' Jackson writer gives as UTF-8:
 * on traces folded from generated traffic with injected payloads, and on random traces and
 * alerts with hostile text (control characters, quotes, non-ASCII, lone surrogates) and times
 * from before 1970 to beyond year 9999.
 */
class CepJsonTest {

    private static void same(Trace t) {
        byte[] expected = CepRecords.traceJson(t).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(CepJson.traceJsonUtf8(t), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
    }

    private static void same(Alert a) {
        byte[] expected = CepRecords.alertJson(a).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(CepJson.alertJsonUtf8(a), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
    }

    @Test
    void tracesOfGeneratedTrafficWithPayloads() {
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withSeed(3).withAllAttacks().withPayloads(true)
                .withFormat(GeneratorOptions.Format.MIXED));
        CepOptions o = new CepOptions();
        Map<String, Trace> open = new LinkedHashMap<>();
        int lines = 0;
        while (lines < 30_000) {
            String line = g.next();
            lines++;
            List<CepEvent> events;
            try {
                events = Lines.events(line);
            } catch (IllegalArgumentException notAnEvent) {
                continue;
            }
            for (CepEvent e : events) {
                if (e.qid == null || e.host == null) {
                    continue;
                }
                Trace t = open.computeIfAbsent(e.host + "/" + e.qid, k -> {
                    Trace n = new Trace();
                    n.host = e.host;
                    n.queueId = e.qid;
                    return n;
                });
                TraceFunction.fold(t, e, o);
            }
        }
        assertThat(open).hasSizeGreaterThan(1000);
        for (Trace t : open.values()) {
            t.outcome = t.decideOutcome();
            same(t);
        }
    }

    @Test
    void randomTracesAndAlertsWithHostileText() {
        Random r = new Random(9);
        for (int i = 0; i < 1500; i++) {
            Trace t = CepSerializersTest.trace(r);
            if (t.recipients == null) {
                t.recipients = new ArrayList<>();
            }
            if (t.steps == null) {
                t.steps = new ArrayList<>();
            }
            same(t);
            Alert a = CepSerializersTest.alert(r);
            if (a.sampleLines == null) {
                a.sampleLines = new ArrayList<>();
            }
            same(a);
        }
        for (String s : CepSerializersTest.HOSTILE) {
            Alert a = new Alert();
            a.kind = s;
            a.key = s;
            a.sampleLines.add(s);
            a.sampleLines.add(null);
            a.description = s;
            same(a);
        }
    }

    @Test
    void timesOfEveryEra() {
        Random r = new Random(5);
        long[] edges = {0, -1, 1, 999, -999, Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(),
            Instant.parse("0000-01-01T00:00:00Z").toEpochMilli() - 1, Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli() + 1, Instant.parse("2024-02-29T12:34:56.789Z").toEpochMilli(),
            Instant.parse("2100-03-01T00:00:00Z").toEpochMilli(), Long.MIN_VALUE / 2, Long.MAX_VALUE / 2};
        List<Long> times = new ArrayList<>();
        for (long e : edges) {
            times.add(e);
        }
        long lo = Instant.parse("-0100-01-01T00:00:00Z").toEpochMilli();
        long hi = Instant.parse("+10100-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            times.add(lo + (long) (r.nextDouble() * (hi - lo)));
        }
        for (long t : times) {
            Alert a = new Alert();
            a.firstTime = t;
            a.lastTime = t + r.nextInt(100_000_000);
            same(a);
        }
    }
}
