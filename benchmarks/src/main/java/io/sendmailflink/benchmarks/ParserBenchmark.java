package io.sendmailflink.benchmarks;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Sendmail parser against a grok baseline, on {@code mix.log} (a realistic mix of all event
 * types). Each invocation processes the whole mix; {@link OperationsPerInvocation} makes every
 * score per line: ops/s = lines/s, and with {@code -prof gc} {@code gc.alloc.rate.norm} = bytes
 * allocated per line.
 *
 * <pre>
 * mvn -B -q package -DskipTests -pl udfs,benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar ParserBenchmark -prof gc
 * </pre>
 *
 * See BENCHMARKS.md at the repository root for the figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 6, time = 4)
public class ParserBenchmark {

    /** Lines in mix.log: a compile-time constant for {@link OperationsPerInvocation}, checked in setup. */
    public static final int LINES = 400;

    private static final Field[] FIELDS = Field.values();

    private String[] lines;
    private SendmailParser parser;
    private SendmailEvent event;
    private GrokBaseline grok;

    @Setup
    public void setup() {
        lines = Mix.lines();
        if (lines.length != LINES) {
            throw new IllegalStateException("mix.log has " + lines.length + " lines, LINES says " + LINES);
        }
        parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        event = new SendmailEvent();
        grok = new GrokBaseline();
    }

    /**
     * Parse, then read every present field as a String (materializing it, as grok's captures
     * are): the fair comparison with {@link #grokBaseline()}.
     */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void sendmailParserAllFields(Blackhole bh) {
        SendmailEvent e = event;
        for (String line : lines) {
            parser.parseInto(line, e);
            for (Field f : FIELDS) {
                if (e.has(f)) {
                    bh.consume(e.getString(f));
                }
            }
        }
    }

    /** Parse only: values stay spans into the line; only the event type is read. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void sendmailParserSpansOnly(Blackhole bh) {
        SendmailEvent e = event;
        for (String line : lines) {
            parser.parseInto(line, e);
            bh.consume(e.eventType());
        }
    }

    /** The same lines through grok: header pattern, then per-type patterns, first match wins. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void grokBaseline(Blackhole bh) {
        for (String line : lines) {
            Map<String, Object> m = grok.parse(line);
            bh.consume(m);
        }
    }
}
