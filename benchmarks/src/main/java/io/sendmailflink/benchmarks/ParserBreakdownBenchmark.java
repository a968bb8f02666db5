package io.sendmailflink.benchmarks;

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
 * Diagnostic, not a headline figure: where {@code sendmailParserSpansOnly} spends its time, found
 * by changing the input rather than by a sampling profiler (JFR and JMH's stack profiler disagree
 * badly on this inlined code). Each subset is cycled to {@link ParserBenchmark#LINES} lines so
 * every score is lines/s.
 * <ul>
 *   <li>{@code all}: the mix as it is (the same work as {@code sendmailParserSpansOnly});
 *   <li>{@code all_tag_only}: the mix with timestamp and host removed ({@code sm-mta[pid]: msg},
 *       a form the parser accepts), so {@code all} minus this is the cost of the syslog
 *       timestamp and host;
 *   <li>one event type (by the parser's own classification): the cost per line of that type.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ParserBreakdownBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 2)
public class ParserBreakdownBenchmark {

    @Param({"all", "all_tag_only", "receipt", "delivery", "starttls", "authentication", "ruleset_rejection", "other"})
    public String subset;

    private String[] lines;
    private SendmailParser parser;
    private SendmailEvent event;

    @Setup
    public void setup() {
        parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        event = new SendmailEvent();
        List<String> picked = new ArrayList<>();
        for (String line : Mix.lines()) {
            switch (subset) {
                case "all":
                    picked.add(line);
                    break;
                case "all_tag_only":
                    picked.add(tagOnly(line));
                    break;
                default:
                    if (subset.equals(parser.parseInto(line, event).eventType())) {
                        picked.add(line);
                    }
            }
        }
        if (picked.isEmpty()) {
            throw new IllegalStateException("no line of type " + subset);
        }
        lines = new String[ParserBenchmark.LINES];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = picked.get(i % picked.size());
        }
    }

    /** {@code sm-mta[pid]: msg} from an RFC 3164 or RFC 5424 line. */
    static String tagOnly(String line) {
        if (line.startsWith("<")) {
            // <22>1 TS HOST APP PID - - MSG
            String[] p = line.split(" ", 8);
            return p[3] + "[" + p[4] + "]: " + p[7];
        }
        // Mon dd hh:mm:ss HOST tag[pid]: MSG
        int tag = line.indexOf(' ', line.indexOf(':') + 7) + 1;
        return line.substring(tag);
    }

    @Benchmark
    @OperationsPerInvocation(ParserBenchmark.LINES)
    public void parse(Blackhole bh) {
        SendmailEvent e = event;
        for (String line : lines) {
            parser.parseInto(line, e);
            bh.consume(e.eventType());
        }
    }
}
