package io.sendmailflink.benchmarks;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.FieldType;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.ParserOptions;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Diagnostic, not a headline figure: where {@code sendmailParserAllFields} spends its time and
 * bytes beyond parsing. Parses the mix like {@link ParserBenchmark}, then walks every field with
 * {@code has()} and reads with {@code getString()} only the fields of one {@link FieldType}
 * ({@code NONE}: the walk alone; {@code ALL}: the same work as {@code sendmailParserAllFields}).
 * The difference between two rows is the cost of materializing that kind of field.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MaterializeBreakdownBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 4, time = 2)
public class MaterializeBreakdownBenchmark {

    private static final Field[] FIELDS = Field.values();

    @Param({"NONE", "STRING", "LONG", "TIMESTAMP", "STRING_LIST", "ALL"})
    public String kind;

    private String[] lines;
    private SendmailParser parser;
    private SendmailEvent event;
    /** Per field ordinal: read it with getString. */
    private boolean[] read;

    @Setup
    public void setup() {
        lines = Mix.lines();
        if (lines.length != ParserBenchmark.LINES) {
            throw new IllegalStateException("mix.log has " + lines.length + " lines");
        }
        parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        event = new SendmailEvent();
        read = new boolean[FIELDS.length];
        List<String> kinds = new ArrayList<>();
        for (Field f : FIELDS) {
            FieldType t = f.type();
            boolean r = kind.equals("ALL")
                    || kind.equals(t.name())
                    || (kind.equals("LONG") && t == FieldType.BOOLEAN);
            read[f.ordinal()] = r;
            kinds.add(t.name());
        }
        if (!kind.equals("NONE") && !kind.equals("ALL") && !kinds.contains(kind)) {
            throw new IllegalStateException("no field of type " + kind);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ParserBenchmark.LINES)
    public void parseThenRead(Blackhole bh) {
        SendmailEvent e = event;
        boolean[] r = read;
        for (String line : lines) {
            parser.parseInto(line, e);
            for (Field f : FIELDS) {
                if (e.has(f)) {
                    if (r[f.ordinal()]) {
                        bh.consume(e.getString(f));
                    } else {
                        bh.consume(f);
                    }
                }
            }
        }
    }
}
