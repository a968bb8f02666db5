package io.sendmailflink.jobs.cli;

import io.sendmailflink.jobs.backfill.BackfillJob;
import io.sendmailflink.jobs.backfill.InputPaths;
import io.sendmailflink.jobs.dashboard.DashboardExport;
import io.sendmailflink.jobs.workflow.RecordFormat;
import io.sendmailflink.jobs.workflow.SendmailWorkflow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backfill}: batch over log files into day-partitioned events, dead letters and aggregates. */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Parses historical Sendmail logs in Flink batch mode (files, folders, globs; plain or .gz;",
            "rotated logs oldest first) and writes, under the output folder:",
            "  events/dt=YYYY-MM-DD/   parsed events, by day",
            "  unparsed/               lines that are not Sendmail lines, with file, line number and reason",
            "  aggregates/<view>/      the tables behind the six dashboard tabs",
            "Every input line lands in exactly one of events/ and unparsed/.",
        })
public final class BackfillCommand implements Callable<Integer> {

    @Option(names = {"-i", "--input"}, arity = "1..*", required = true, paramLabel = "PATH",
            description = "Log files, folders or globs (quote globs: 'logs/maillog*').")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "out",
            description = "Output folder (its events/, unparsed/, aggregates/ are replaced). Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Output format: json (JSON lines) or csv. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N",
            description = "Flink parallelism. Default: the number of cores.")
    Integer parallelism;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Flink configuration option, repeatable (e.g. -D taskmanager.memory.managed.size=1g).")
    Map<String, String> flinkConf = new LinkedHashMap<>();

    @Option(names = "--aggregates", defaultValue = "engine", paramLabel = "HOW",
            converter = AggregatesConverter.class,
            description = {"How the aggregate tables are computed: engine (one pass over the lines, the default)",
                "or sql (the sql/ files through Flink's SQL planner: the same tables, several times slower;",
                "with --sql-dir, views you add or change too). Default: ${DEFAULT-VALUE}."})
    SendmailWorkflow.Aggregates aggregates;

    @Option(names = "--sql-dir", paramLabel = "DIR",
            description = "Read the SQL files from this folder instead of the jar (implies --aggregates sql).")
    Path sqlDir;

    @Option(names = "--no-traces", description = "Skip message traces and alerts (traces/, alerts/).")
    boolean noTraces;

    @Mixin
    ParserOptionsMixin parserOptions;

    private final Io io;

    public BackfillCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(io.out(), true, StandardCharsets.UTF_8);
        if (!format.equals("json") && !format.equals("csv")) {
            io.err().println("sendmail-flink backfill: --format must be json or csv, not '" + format + "'");
            return ExitCodes.USAGE;
        }
        if (parallelism != null && parallelism < 1) {
            io.err().println("sendmail-flink backfill: --parallelism must be at least 1");
            return ExitCodes.USAGE;
        }
        BackfillJob.Options o = new BackfillJob.Options();
        try {
            o.inputs = InputPaths.expand(inputs);
        } catch (NoSuchFileException e) {
            io.err().println("sendmail-flink backfill: cannot read " + e.getFile() + ": "
                    + (e.getReason() == null ? "no such file or folder" : e.getReason()));
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            io.err().println("sendmail-flink backfill: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (o.inputs.isEmpty()) {
            io.err().println("sendmail-flink backfill: no log files in " + String.join(" ", inputs));
            return ExitCodes.FAILURE;
        }
        o.out = output;
        o.format = format;
        o.parallelism = parallelism;
        o.timezone = parserOptions.zone().getId();
        o.year = parserOptions.year();
        o.sqlDir = sqlDir;
        o.aggregates = sqlDir != null ? SendmailWorkflow.Aggregates.SQL : aggregates;
        o.traces = !noTraces;
        o.flinkConf = flinkConf;
        io.err().printf("backfill: %d file(s) into %s%n", o.inputs.size(), output.toAbsolutePath().normalize());
        BackfillJob.Result r = BackfillJob.run(o, io.err());
        printSummary(out, r);
        if (RecordFormat.of(format) == RecordFormat.JSON) {
            out.printf("dashboard:  %s%n", DashboardExport.write(r.out, r.out.resolve("report.html")));
        } else {
            out.println("dashboard:  not written (the dashboard reads JSON outputs; --format json writes them)");
        }
        return ExitCodes.OK;
    }

    /** {@code engine} or {@code sql}, any case. */
    static final class AggregatesConverter implements picocli.CommandLine.ITypeConverter<SendmailWorkflow.Aggregates> {
        @Override
        public SendmailWorkflow.Aggregates convert(String v) {
            for (SendmailWorkflow.Aggregates a : SendmailWorkflow.Aggregates.values()) {
                if (a.name().equalsIgnoreCase(v.trim())) {
                    return a;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not engine or sql");
        }
    }

    static void printSummary(PrintStream out, BackfillJob.Result r) {
        out.printf("backfill done: %,d lines in %.1f s (%,.0f lines/s); the job itself ran %.1f s (%,.0f lines/s)%n",
                r.linesRead, r.seconds, r.seconds > 0 ? r.linesRead / r.seconds : 0.0, r.jobSeconds,
                r.jobSeconds > 0 ? r.linesRead / r.jobSeconds : 0.0);
        for (Map.Entry<String, Long> e : r.linesByType.entrySet()) {
            out.printf("  %-20s %,12d%n", e.getKey(), e.getValue());
        }
        out.printf("events:     %s%n", r.out.resolve("events"));
        out.printf("unparsed:   %s (%,d lines)%n", r.out.resolve("unparsed"), r.unparsed());
        out.printf("aggregates: %s (%d tables)%n", r.out.resolve("aggregates"), r.aggregates.size());
    }
}
