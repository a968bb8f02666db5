package io.sendmailflink.jobs.cli;

import io.sendmailflink.jobs.dashboard.DashboardData;
import io.sendmailflink.jobs.dashboard.DashboardExport;
import io.sendmailflink.jobs.dashboard.DashboardServer;
import io.sendmailflink.jobs.dashboard.FolderData;
import io.sendmailflink.jobs.dashboard.KafkaData;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dashboard}: the six-tab dashboard over a backfill's output or a running stream job's. */
@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Serves the six-tab dashboard (Overview, Activity, Delivery Status, Rule Rejection,",
            "Authentication, Processing Statistics) over the aggregates, message traces and alerts of",
            "  --from DIR               a backfill's output folder, or a running 'stream --output DIR'",
            "                           (re-scanned: it shows what each checkpoint commits), or",
            "  --bootstrap-servers ...  a running stream job's Kafka topics (read_committed).",
            "It binds to 127.0.0.1 unless told otherwise. With --export FILE it writes the same",
            "dashboard as one self-contained HTML file (opens offline) and exits.",
        })
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "DIR", description = "Output folder of backfill or 'stream --output'.")
    Path from;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers of a running stream job (instead of --from).")
    String bootstrapServers;

    @Option(names = "--aggregates-topic", defaultValue = "sendmail-aggregates", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String aggregatesTopic;

    @Option(names = "--traces-topic", defaultValue = "sendmail-traces", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String tracesTopic;

    @Option(names = "--alerts-topic", defaultValue = "sendmail-alerts", paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String alertsTopic;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String bind;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--refresh", defaultValue = "5s", paramLabel = "DURATION",
            converter = StreamCommand.DurationConverter.class,
            description = "How often the page and the folder scan look for new data; keep it below the"
                    + " stream job's checkpoint interval. Default: ${DEFAULT-VALUE}.")
    Duration refresh;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Write the dashboard of --from DIR to this HTML file and exit.")
    Path export;

    private final Io io;

    public DashboardCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        String name = "sendmail-flink dashboard";
        PrintStream out = new PrintStream(io.out(), true, StandardCharsets.UTF_8);
        if ((from == null) == (bootstrapServers == null)) {
            io.err().println(name + ": give exactly one of --from DIR and --bootstrap-servers HOST:PORT");
            return ExitCodes.USAGE;
        }
        if (from != null && !Files.isDirectory(from)) {
            io.err().println(name + ": --from " + from + " is not a folder (run backfill first, or give its -o folder)");
            return ExitCodes.FAILURE;
        }
        if (export != null) {
            if (from == null) {
                io.err().println(name + ": --export needs --from DIR (a Kafka topic has no end to export)");
                return ExitCodes.USAGE;
            }
            try {
                DashboardExport.write(from, export);
            } catch (IOException | RuntimeException e) {
                io.err().println(name + ": cannot export " + from + " to " + export + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            out.println("dashboard: " + export.toAbsolutePath().normalize());
            return ExitCodes.OK;
        }
        if (port < 0 || port > 65535) {
            io.err().println(name + ": --port must be 0-65535, not " + port);
            return ExitCodes.USAGE;
        }
        if (refresh.isNegative() || refresh.isZero()) {
            io.err().println(name + ": --refresh must be positive, not " + refresh);
            return ExitCodes.USAGE;
        }
        long refreshSeconds = Math.max(1, (refresh.toMillis() + 999) / 1000);
        DashboardData data;
        if (from != null) {
            // re-scan at least every second (unchanged files cost one stat each), so that a
            // commit shows after at most one page poll plus a second
            data = new FolderData(from, Math.min(1000, refresh.toMillis()));
        } else {
            KafkaData.Topics t = new KafkaData.Topics();
            t.aggregates = aggregatesTopic;
            t.traces = tracesTopic;
            t.alerts = alertsTopic;
            data = new KafkaData(bootstrapServers, t, io.err());
        }
        DashboardServer server;
        try {
            server = DashboardServer.start(data, bind, port, refreshSeconds);
        } catch (BindException e) {
            data.close();
            io.err().println(name + ": cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            data.close();
            io.err().println(name + ": cannot listen on " + bind + ":" + port + ": " + e);
            return ExitCodes.FAILURE;
        }
        if (!server.address().getAddress().isLoopbackAddress()) {
            io.err().println(name + ": warning: listening on " + bind
                    + ", reachable from other machines; the dashboard has no login");
        }
        out.println("dashboard: " + server.url() + " (" + data.describe() + "); Ctrl-C stops it");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            data.close();
            stopped.countDown();
        }, "dashboard-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
