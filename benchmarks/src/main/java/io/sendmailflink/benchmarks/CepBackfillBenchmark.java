package io.sendmailflink.benchmarks;

import io.sendmailflink.jobs.backfill.LogFileFormat;
import io.sendmailflink.jobs.cep.Alert;
import io.sendmailflink.jobs.cep.CepEvent;
import io.sendmailflink.jobs.cep.CepOptions;
import io.sendmailflink.jobs.cep.CepWorkflow;
import io.sendmailflink.jobs.cep.Trace;
import io.sendmailflink.jobs.workflow.LogLine;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.SendmailJobParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * The traces-and-alerts part of the backfill on its own: log files → parse → CEP events → the
 * trace and alert stages → discard (or JSON files with {@code --out}), Flink BATCH mode (or
 * STREAMING), embedded MiniCluster, parallelism 2. Prints the job's net run time, µs per input
 * line, the process CPU time and the load average before and after (the machine is shared: quote
 * the load with every figure).
 *
 * <pre>
 * java -Xmx3g -cp CLASSPATH io.sendmailflink.benchmarks.CepBackfillBenchmark --input FILE
 *     [--stage parse|cep|json] [--mode BATCH|STREAMING] [-p 2] [--runs 1] [--out DIR] [-D key=value]...
 * </pre>
 *
 * <ul>
 *   <li>{@code --stage parse}: lines → parse → CEP events → discard (the reference the CEP cost is
 *       measured against); {@code cep} (default): + the trace and alert stages; {@code json}: +
 *       the JSON encoding of every trace and alert.</li>
 *   <li>{@code --out DIR}: writes the traces and alerts as JSON lines under {@code DIR/traces},
 *       {@code DIR/alerts} (to compare outputs of two builds).</li>
 *   <li>{@code -D}: Flink configuration (e.g. {@code taskmanager.network.compression.codec=NONE}).</li>
 * </ul>
 *
 * <p>Lines are parsed and converted with {@code CepEvents.fromParsed}, then
 * {@code CepWorkflow.attach(DataStream, CepOptions)} and {@code CepJson}, as the backfill does. (The
 * figures "before" in BENCHMARKS.md were taken with an earlier version of this class that also
 * wired the previous stages.) See benchmarks/README.md.
 */
public final class CepBackfillBenchmark {

    private static final TypeInformation<byte[]> BYTES =
            org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

    private CepBackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> conf = new LinkedHashMap<>();
        String input = null;
        String stage = "cep";
        String mode = "BATCH";
        String out = null;
        int parallelism = 2;
        int runs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--input":
                    input = args[++i];
                    break;
                case "--stage":
                    stage = args[++i];
                    break;
                case "--mode":
                    mode = args[++i].toUpperCase(Locale.ROOT);
                    break;
                case "--out":
                    out = args[++i];
                    break;
                case "-p":
                    parallelism = Integer.parseInt(args[++i]);
                    break;
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "-D": {
                    String kv = args[++i];
                    int eq = kv.indexOf('=');
                    conf.put(kv.substring(0, eq), kv.substring(eq + 1));
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: --input FILE [--stage parse|cep|json] [--mode BATCH|STREAMING] [-p N]"
                            + " [--runs N] [--out DIR] [-D key=value]...");
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("--input FILE is required");
        }
        long lines;
        try (var s = Files.lines(Paths.get(input), StandardCharsets.ISO_8859_1)) {
            lines = s.count();
        }
        System.out.printf(Locale.ROOT, "input %s: %,d lines; stage=%s mode=%s p=%d; conf %s%n", input,
                lines, stage, mode, parallelism, conf);
        for (int r = 1; r <= runs; r++) {
            run(input, lines, stage, mode, parallelism, out, conf, r);
        }
    }

    private static void run(String input, long lines, String stage, String mode, int parallelism, String out,
            Map<String, String> extra, int run) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("execution.runtime-mode", mode);
        conf.setString("pipeline.object-reuse", "true");
        // as the backfill job's embedded MiniCluster
        conf.setString("taskmanager.memory.managed.size", "768m");
        for (Map.Entry<String, String> e : extra.entrySet()) {
            conf.setString(e.getKey(), e.getValue());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        // as BackfillJob: the configuration key alone does not switch it on for the local environment
        env.getConfig().enableObjectReuse();
        FileSource<LogLine> src = FileSource.forBulkFileFormat(new LogFileFormat(), new Path(input))
                .setFileEnumerator(io.sendmailflink.jobs.backfill.LineSplitEnumerator.provider()).build();
        DataStream<LogLine> logLines = env.fromSource(src, WatermarkStrategy.noWatermarks(), "read-log-files");
        DataStream<CepEvent> events = logLines.process(new ParseToEvents()).returns(TypeInformation.of(CepEvent.class))
                .name("parse-to-cep-events")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<CepEvent>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                        .withTimestampAssigner((e, ts) -> e.time))
                .name("event-time");
        CepOptions options = new CepOptions();
        if (stage.equals("parse")) {
            events.sinkTo(new DiscardingSink<>()).name("discard");
        } else {
            CepWorkflow.Result result = CepWorkflow.attach(events, options);
            DataStream<Trace> traces = result.traces();
            DataStream<Alert> alerts = result.alerts();
            if (out != null) {
                traces.map(CepBackfillBenchmark::traceJson).returns(BYTES)
                        .sinkTo(FileSink.forRowFormat(new Path(out + "/traces"), new LineEncoder()).build());
                alerts.map(CepBackfillBenchmark::alertJson).returns(BYTES)
                        .sinkTo(FileSink.forRowFormat(new Path(out + "/alerts"), new LineEncoder()).build());
            } else if (stage.equals("json")) {
                traces.map(CepBackfillBenchmark::traceJson).returns(BYTES)
                        .sinkTo(new DiscardingSink<>()).name("discard-traces");
                alerts.map(CepBackfillBenchmark::alertJson).returns(BYTES)
                        .sinkTo(new DiscardingSink<>()).name("discard-alerts");
            } else {
                traces.sinkTo(new DiscardingSink<>()).name("discard-traces");
                alerts.sinkTo(new DiscardingSink<>()).name("discard-alerts");
            }
        }
        String loadBefore = load();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        JobExecutionResult r = env.execute("cep-backfill-benchmark");
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long net = r.getNetRuntime();
        System.out.printf(Locale.ROOT, "run %d: stage=%s net %,d ms = %.2f us/line (%,.0f lines/s), wall %.1f s,"
                + " process CPU %.1f s; load before [%s] after [%s]%n", run, stage, net, net * 1000.0 / lines,
                lines * 1000.0 / Math.max(1, net), wall, cpu, loadBefore, load());
    }

    static byte[] traceJson(Trace t) {
        return io.sendmailflink.jobs.cep.CepJson.traceJsonUtf8(t);
    }

    static byte[] alertJson(Alert a) {
        return io.sendmailflink.jobs.cep.CepJson.alertJsonUtf8(a);
    }

    /** One JSON object a line. */
    static final class LineEncoder implements Encoder<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(byte[] element, OutputStream stream) throws IOException {
            stream.write(element);
            stream.write('\n');
        }
    }

    /**
     * Parses each line once into CEP events with their event time (as the backfill's parse
     * operator: RFC 3164 years from the file's modification time, UTC).
     */
    static final class ParseToEvents extends ProcessFunction<LogLine, CepEvent> {
        private static final long serialVersionUID = 1L;
        private transient SendmailParser parser;
        private transient SendmailEvent event;

        @Override
        public void open(OpenContext ctx) throws Exception {
            parser = new SendmailParser(SendmailJobParameters.parserOptions("UTC", null));
            event = new SendmailEvent();
        }

        @Override
        public void processElement(LogLine l, Context ctx, Collector<CepEvent> out) throws Exception {
            parser.setReferenceTime(l.referenceMillis);
            String line = l.line == null ? "" : l.line;
            SendmailEvent e = parser.parseInto(line, event);
            long time = e.has(Field.TIMESTAMP_) ? e.epochMillis() : l.referenceMillis;
            io.sendmailflink.jobs.cep.CepEvents.fromParsed(e, line, time, out);
        }

    }

    private static String load() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean b ? b.getProcessCpuTime() : -1;
    }
}
