package io.sendmailflink.benchmarks;

import io.sendmailflink.jobs.backfill.LogFileFormat;
import io.sendmailflink.jobs.cep.Alert;
import io.sendmailflink.jobs.cep.CepEvent;
import io.sendmailflink.jobs.cep.CepOptions;
import io.sendmailflink.jobs.cep.CepRecords;
import io.sendmailflink.jobs.cep.GuessedSuccess;
import io.sendmailflink.jobs.cep.Signal;
import io.sendmailflink.jobs.cep.Signals;
import io.sendmailflink.jobs.cep.Trace;
import io.sendmailflink.jobs.cep.BurstDetector;
import io.sendmailflink.jobs.cep.SessionEnricher;
import io.sendmailflink.jobs.cep.TraceFunction;
import io.sendmailflink.jobs.cep.TraceLinker;
import io.sendmailflink.jobs.workflow.LogLine;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import io.sendmailflink.udfs.udf.SendmailJobParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
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
 * <p>The class compiles and runs against builds before and after the {@code attach(events,
 * options)} entry point: it calls {@code CepEvents.fromParsed}, {@code CepWorkflow.attach(DataStream,
 * CepOptions)} and {@code CepJson} when the build has them (looked up once, not per record), and
 * otherwise converts the parser's event the same way and wires the stages as the earlier
 * {@code CepWorkflow.attach} did. See benchmarks/README.md.
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
        System.out.printf(Locale.ROOT, "input %s: %,d lines; stage=%s mode=%s p=%d; new API: %s; conf %s%n", input,
                lines, stage, mode, parallelism, newApi() != null, conf);
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
        FileSource<LogLine> src = FileSource.forBulkFileFormat(new LogFileFormat(), new Path(input)).build();
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
            List<DataStream<?>> result = attach(events, options);
            @SuppressWarnings("unchecked")
            DataStream<Trace> traces = (DataStream<Trace>) result.get(0);
            @SuppressWarnings("unchecked")
            DataStream<Alert> alerts = (DataStream<Alert>) result.get(1);
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

    // ---- the build's entry point, or the earlier wiring ------------------------------------------

    /** {@code CepWorkflow.attach(DataStream, CepOptions)} if the build has it. */
    private static Method newApi() {
        try {
            return Class.forName("io.sendmailflink.jobs.cep.CepWorkflow").getMethod("attach", DataStream.class,
                    CepOptions.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static List<DataStream<?>> attach(DataStream<CepEvent> events, CepOptions options) throws Exception {
        Method m = newApi();
        if (m != null) {
            Object result = m.invoke(null, events, options);
            Class<?> c = result.getClass();
            return List.of((DataStream<?>) c.getMethod("traces").invoke(result),
                    (DataStream<?>) c.getMethod("alerts").invoke(result));
        }
        // the stages as CepWorkflow.attach(tEnv, rows, options) wired them before (fdaae78), minus
        // the row conversion and the SQL views
        DataStream<CepEvent> receipts = events.filter(SessionEnricher::wanted).name("cep-session-lines")
                .keyBy(new SessionEnricher.Key())
                .process(new SessionEnricher(options)).name("cep-smtp-sessions");
        DataStream<CepEvent> queued = events.filter(e -> e.qid != null && e.host != null
                && !("receipt".equals(e.eventType) && e.pid != null)).name("cep-queue-lines");
        SingleOutputStreamOperator<Trace> closed = queued.union(receipts)
                .keyBy(new TraceFunction.Key())
                .process(new TraceFunction(options)).name("cep-message-traces");
        DataStream<Trace> traces = closed.keyBy(new TraceLinker.Key())
                .process(new TraceLinker(options)).name("cep-link-message-ids");
        DataStream<Signal> lineSignals = events.flatMap(new Signals.FromLines()).name("cep-line-signals");
        DataStream<Alert> bursts = lineSignals.union(closed.getSideOutput(TraceFunction.OUTBOUND))
                .keyBy(new Signal.Key())
                .process(new BurstDetector(options)).name("cep-burst-alerts");
        DataStream<Signal> auth = events.flatMap(new Signals.AuthAttempts()).name("cep-auth-attempts");
        DataStream<Alert> guessed = CEP.pattern(auth.keyBy(new Signal.GuessKey()), GuessedSuccess.pattern(options))
                .process(new GuessedSuccess.ToAlert(options)).name("cep-auth-guessed-success");
        List<DataStream<?>> l = new ArrayList<>();
        l.add(traces);
        l.add(bursts.union(guessed));
        return l;
    }

    private static final MethodHandle TRACE_JSON = jsonHandle("traceJsonUtf8", Trace.class);
    private static final MethodHandle ALERT_JSON = jsonHandle("alertJsonUtf8", Alert.class);

    private static MethodHandle jsonHandle(String name, Class<?> type) {
        try {
            return MethodHandles.publicLookup().findStatic(Class.forName("io.sendmailflink.jobs.cep.CepJson"), name,
                    MethodType.methodType(byte[].class, type));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    static byte[] traceJson(Trace t) {
        try {
            return TRACE_JSON != null ? (byte[]) TRACE_JSON.invokeExact(t)
                    : CepRecords.traceJson(t).getBytes(StandardCharsets.UTF_8);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] alertJson(Alert a) {
        try {
            return ALERT_JSON != null ? (byte[]) ALERT_JSON.invokeExact(a)
                    : CepRecords.alertJson(a).getBytes(StandardCharsets.UTF_8);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
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
        private transient MethodHandle fromParsed;

        @Override
        public void open(OpenContext ctx) throws Exception {
            parser = new SendmailParser(SendmailJobParameters.parserOptions("UTC", null));
            event = new SendmailEvent();
            try {
                fromParsed = MethodHandles.publicLookup().findStatic(Class.forName("io.sendmailflink.jobs.cep.CepEvents"),
                        "fromParsed", MethodType.methodType(void.class, SendmailEvent.class, String.class, long.class,
                                Collector.class));
            } catch (ReflectiveOperationException e) {
                fromParsed = null;
            }
        }

        @Override
        public void processElement(LogLine l, Context ctx, Collector<CepEvent> out) throws Exception {
            parser.setReferenceTime(l.referenceMillis);
            String line = l.line == null ? "" : l.line;
            SendmailEvent e = parser.parseInto(line, event);
            long time = e.has(Field.TIMESTAMP_) ? e.epochMillis() : l.referenceMillis;
            if (fromParsed != null) {
                try {
                    fromParsed.invokeExact(e, line, time, out);
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            } else {
                convert(e, line, time, out);
            }
        }

        /** What RowToEvents made of the row before (for builds without CepEvents). */
        private static void convert(SendmailEvent e, String line, long time, Collector<CepEvent> out) {
            String type = e.getString(Field.EVENT_TYPE);
            if (type == null || type.equals("unparsed")) {
                return;
            }
            CepEvent c = new CepEvent();
            c.host = e.getString(Field.SOURCE);
            c.qid = e.getString(Field.EMAIL_UID);
            c.pid = e.getString(Field.PROCESS_ID);
            c.time = time;
            c.eventType = type;
            c.subtype = e.getString(Field.VENDOR_EVENT_SUBTYPE);
            c.message = e.getString(Field.MESSAGE);
            c.line = line;
            c.from = e.getString(Field.EMAIL_FROM);
            c.size = e.getLongOrNull(Field.EMAIL_SIZE);
            c.nrcpts = e.getLongOrNull(Field.VENDOR_NRCPTS);
            c.messageId = e.getString(Field.EMAIL_MESSAGE_ID);
            c.protocol = e.getString(Field.NETWORK_PROTOCOL);
            c.clientHost = e.getString(Field.SOURCE_HOSTNAME);
            c.clientIp = e.getString(Field.SOURCE_IP);
            c.authid = e.getString(Field.VENDOR_AUTHID);
            c.mech = e.getString(Field.VENDOR_MECH);
            c.authRole = e.getString(Field.VENDOR_AUTH);
            c.outcome = e.getString(Field.VENDOR_EVENT_OUTCOME);
            c.tlsRole = e.getString(Field.VENDOR_STARTTLS);
            c.tlsVersion = e.getString(Field.VENDOR_TLS_VERSION);
            c.to = e.has(Field.EMAIL_TO_LIST) ? e.getList(Field.EMAIL_TO_LIST).toArray(new String[0]) : null;
            c.status = e.getString(Field.VENDOR_STATUS);
            c.dsn = e.getString(Field.VENDOR_DSN);
            c.reply = e.getString(Field.VENDOR_REPLY);
            c.statusFull = e.getString(Field.VENDOR_STATUS_FULL);
            c.mailer = e.getString(Field.VENDOR_MAILER);
            c.destHost = e.getString(Field.DESTINATION_HOSTNAME);
            c.destIp = e.getString(Field.DESTINATION_IP);
            c.delaySeconds = e.getLongOrNull(Field.VENDOR_DELAY_TOTAL_SECONDS);
            c.relatedQid = e.getString(Field.VENDOR_RELATED_EMAIL_UID);
            c.responseMessage = e.getString(Field.VENDOR_SMTP_RESPONSE_MESSAGE);
            c.reject = e.getString(Field.VENDOR_REJECT);
            c.address = e.getString(Field.VENDOR_ADDRESS);
            CepEvent hint = null;
            if (c.relatedQid != null && c.qid != null && c.host != null && !c.relatedQid.equals(c.qid)) {
                hint = new CepEvent();
                hint.host = c.host;
                hint.qid = c.relatedQid;
                hint.relatedQid = c.qid;
                hint.time = c.time;
                hint.eventType = CepEvent.PARENT_HINT;
                hint.subtype = c.subtype;
            }
            out.collect(c);
            if (hint != null) {
                out.collect(hint);
            }
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
