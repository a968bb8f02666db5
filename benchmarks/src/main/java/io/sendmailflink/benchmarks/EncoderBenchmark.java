package io.sendmailflink.benchmarks;

import io.sendmailflink.jobs.workflow.RecordFormat;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.nio.charset.StandardCharsets;
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
 * The JSON output record of a line, old path against new, on {@code mix.log}: the old path is
 * {@code RecordFormat.Encoder.event(...)} (Jackson into a StringWriter, a String) then
 * {@code getBytes(UTF_8)}, as the sinks did; the new one is {@code eventUtf8(...)} (the bytes
 * written directly). Scores are per line (ns/line; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} = bytes allocated per line).
 *
 * <ul>
 *   <li>{@code parse*}: parse into a reused event, then encode, as the job does per line; minus
 *       {@link #parseOnly} it is the encoding's cost including reading the values (the old path
 *       makes a String of every value, the new one writes most from the line).</li>
 *   <li>{@code encode*}: the events parsed once in setup, so only encoding is measured. The old
 *       path's values are then strings already (it cached them on the first pass: a lower bound
 *       for it); {@link #encodeNewFromSpans} writes from spans each time, and
 *       {@link #encodeNewFromStrings} from values read as strings before (as when the row
 *       conversion has read them).</li>
 * </ul>
 *
 * <p>{@code RecordFormat} lives in the jobs module, which is {@code provided} here (not in
 * {@code benchmarks.jar}), so run it from the class path, like {@code StreamLatencyBenchmark}:
 * <pre>
 * mvn -o -q -pl benchmarks -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=provided
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     org.openjdk.jmh.Main EncoderBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class EncoderBenchmark {

    /** Lines in mix.log (checked in setup). */
    public static final int LINES = ParserBenchmark.LINES;
    private static final String ORIGIN = "/var/log/maillog";
    private static final long REFERENCE = 1_795_000_000_000L;

    private String[] lines;
    private SendmailParser parser;
    private SendmailEvent event;
    private RecordFormat.Encoder encoder;
    /** One event per line, parsed once; values read as strings by the old path. */
    private SendmailEvent[] materialized;
    /** One event per line, parsed once; never read as strings (the new path does not cache). */
    private SendmailEvent[] spans;

    @Setup
    public void setup() {
        lines = Mix.lines();
        if (lines.length != LINES) {
            throw new IllegalStateException("mix.log has " + lines.length + " lines, LINES says " + LINES);
        }
        parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        event = new SendmailEvent();
        encoder = RecordFormat.JSON.encoder();
        materialized = new SendmailEvent[LINES];
        spans = new SendmailEvent[LINES];
        long bytes = 0;
        for (int i = 0; i < LINES; i++) {
            materialized[i] = parser.parse(lines[i]);
            spans[i] = parser.parse(lines[i]);
            byte[] neu = encodeNew(i, spans[i]);
            byte[] old = encodeOld(i, materialized[i]);
            if (!java.util.Arrays.equals(neu, old)) {
                throw new IllegalStateException("old and new records differ for " + lines[i]);
            }
            bytes += neu.length;
        }
        System.out.printf("%n%d lines, %.0f bytes per record on average%n", LINES, (double) bytes / LINES);
    }

    private static long time(SendmailEvent e) {
        return e.has(Field.TIMESTAMP_) ? e.epochMillis() : REFERENCE;
    }

    private static boolean unparsed(SendmailEvent e) {
        return "unparsed".equals(e.eventType());
    }

    private byte[] encodeOld(int i, SendmailEvent e) {
        String text = unparsed(e)
                ? encoder.deadLetter(ORIGIN, i, lines[i], e.getString(Field.PARSE_ERROR), time(e))
                : encoder.event(ORIGIN, i, lines[i], time(e), e);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] encodeNew(int i, SendmailEvent e) {
        return unparsed(e)
                ? encoder.deadLetterUtf8(ORIGIN, i, lines[i], e.getString(Field.PARSE_ERROR), time(e))
                : encoder.eventUtf8(ORIGIN, i, lines[i], time(e), e);
    }

    /** The baseline of the parse* benchmarks: parse only, values left as spans. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseOnly(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            bh.consume(parser.parseInto(lines[i], event).eventType());
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseEncodeOld(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            bh.consume(encodeOld(i, parser.parseInto(lines[i], event)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void parseEncodeNew(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            bh.consume(encodeNew(i, parser.parseInto(lines[i], event)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void encodeOld(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            bh.consume(encodeOld(i, materialized[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void encodeNewFromSpans(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            bh.consume(encodeNew(i, spans[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void encodeNewFromStrings(Blackhole bh) {
        for (int i = 0; i < LINES; i++) {
            bh.consume(encodeNew(i, materialized[i]));
        }
    }
}
