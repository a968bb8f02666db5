package io.sendmailflink.jobs.backfill;

import io.sendmailflink.jobs.workflow.LogLine;
import io.sendmailflink.jobs.workflow.ParseLines;
import io.sendmailflink.jobs.workflow.SendmailWorkflow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Batch backfill wiring: log files in, day-partitioned events, dead letters, aggregates and a
 * summary out. The logic is {@link SendmailWorkflow}'s.
 */
public final class BackfillJob {

    /** What a finished backfill reports. */
    public static final class Result {
        public long linesRead;
        public final Map<String, Long> linesByType = new TreeMap<>();
        /** From submitting the job (embedded cluster start-up included) to its end. */
        public double seconds;
        /** The job's own run time, as Flink measures it (scheduling to end). */
        public double jobSeconds;
        public List<String> aggregates;
        public Path out;

        public long unparsed() {
            return linesByType.getOrDefault("unparsed", 0L);
        }
    }

    /** Backfill settings. */
    public static final class Options {
        public List<Path> inputs;
        public Path out;
        public String format = "json";
        public Integer parallelism;
        public String timezone = "UTC";
        public Integer year;
        public Path sqlDir;
        /** The aggregates: the one-pass engine (default) or the SQL files through the planner. */
        public SendmailWorkflow.Aggregates aggregates = SendmailWorkflow.Aggregates.ENGINE;
        /** Message traces and alerts (on by default). */
        public boolean traces = true;
        /** Flink configuration on top of the defaults ({@code -D key=value}). */
        public Map<String, String> flinkConf = Map.of();
        /** Message traces and alerts. */
        public io.sendmailflink.jobs.cep.CepOptions cep = new io.sendmailflink.jobs.cep.CepOptions();
    }

    private BackfillJob() {
    }

    public static Result run(Options o, PrintStream progress) throws Exception {
        prepareOutput(o.out);
        Configuration conf = new Configuration();
        conf.setString("execution.runtime-mode", "BATCH");
        // operators hand records on without copying (none keeps a record it did not copy)
        conf.setString("pipeline.object-reuse", "true");
        // the embedded MiniCluster: BATCH sorts keyed inputs (traces, merges) in managed memory; the
        // planner's ~40 aggregations (--aggregates sql) need it too
        conf.setString("taskmanager.memory.managed.size", "768m");
        // BATCH writes each exchange to local files: compressing them costs CPU and saves only
        // page cache (measured: LZ4 made the traces stages ~20 % slower, BENCHMARKS.md)
        conf.setString("taskmanager.network.compression.codec", "NONE");
        // the progress line reads the accumulators, which TaskManagers report with their
        // heartbeats: at the default 10 s the embedded run showed "0 lines read" for its first 12 s
        conf.setString("heartbeat.interval", "2000");
        o.flinkConf.forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (o.parallelism != null) {
            env.setParallelism(o.parallelism);
        }
        env.getConfig().enableObjectReuse();
        org.apache.flink.core.fs.Path[] paths = o.inputs.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
        FileSource<LogLine> source = FileSource.forBulkFileFormat(new LogFileFormat(), paths)
                .setFileEnumerator(LineSplitEnumerator.provider()).build();
        DataStream<LogLine> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "read-log-files")
                .uid("read-log-files");
        FileSinks sinks = new FileSinks(o.out, o.format);
        SendmailWorkflow.Options wo = new SendmailWorkflow.Options().mode(SendmailWorkflow.Mode.BATCH)
                .timezone(o.timezone).year(o.year).sqlDir(o.sqlDir).cep(o.cep).aggregates(o.aggregates)
                .traces(o.traces);
        List<String> aggregates = SendmailWorkflow.build(lines, wo, sinks);

        long start = System.nanoTime();
        JobClient client = env.executeAsync("sendmail-backfill");
        JobExecutionResult done = waitWithProgress(client, start, progress);
        Result r = new Result();
        r.seconds = (System.nanoTime() - start) / 1e9;
        r.jobSeconds = done.getNetRuntime() / 1e3;
        Object read = done.getAllAccumulatorResults().get(SendmailWorkflow.LINES_READ);
        r.linesRead = read instanceof Number ? ((Number) read).longValue() : 0;
        for (Map.Entry<String, Object> a : done.getAllAccumulatorResults().entrySet()) {
            if (a.getKey().startsWith(ParseLines.LINES_BY_TYPE) && a.getValue() instanceof Number) {
                r.linesByType.put(a.getKey().substring(ParseLines.LINES_BY_TYPE.length()),
                        ((Number) a.getValue()).longValue());
            }
        }
        r.aggregates = aggregates;
        r.out = o.out;
        return r;
    }

    private static JobExecutionResult waitWithProgress(JobClient client, long start, PrintStream progress)
            throws Exception {
        var result = client.getJobExecutionResult();
        while (true) {
            try {
                return result.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (progress != null) {
                    long lines = 0;
                    try {
                        Object v = client.getAccumulators().get(5, java.util.concurrent.TimeUnit.SECONDS)
                                .get(SendmailWorkflow.LINES_READ);
                        lines = v instanceof Number ? ((Number) v).longValue() : 0;
                    } catch (Exception ignored) {
                        // accumulators are best effort while running
                    }
                    double s = (System.nanoTime() - start) / 1e9;
                    progress.printf("backfill: %,d lines read, %.0f s%n", lines, s);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            }
        }
    }

    /** Removes the outputs of a previous run (only the folders backfill writes). */
    static void prepareOutput(Path out) throws IOException {
        Files.createDirectories(out);
        for (String d : FileSinks.folders()) {
            Path p = out.resolve(d);
            if (Files.exists(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
