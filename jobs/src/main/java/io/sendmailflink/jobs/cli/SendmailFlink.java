package io.sendmailflink.jobs.cli;

import io.sendmailflink.jobs.backfill.BackfillJob;
import io.sendmailflink.jobs.dashboard.DashboardExport;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code sendmail-flink} command: the main class of {@code sendmail-jobs.jar}.
 *
 * <p>Each command is a class in the {@code subcommands} list of the annotation: adding one is one
 * line there. A command class that declares a constructor taking {@link Io} gets the streams of the
 * run (tests pass their own); others are made with their no-argument constructor.
 *
 * <p>Errors follow one pattern: a line on standard error that starts with the command's name
 * ({@code sendmail-flink parse: ...}), and an exit code from {@link ExitCodes}.
 */
@Command(
        name = "sendmail-flink",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Parses Sendmail syslog lines into normalized mail events, on Apache Flink.",
            "",
            "With no command: a demo. ${COMMAND-NAME} generates a realistic sample log into out/input/,",
            "backfills it on the embedded Flink MiniCluster into out/ and says where to look."
        },
        footer = {"", "Run '${COMMAND-NAME} COMMAND --help' for the options of a command."},
        subcommands = {
            // One line per command; keep HelpCommand last.
            ParseCommand.class,
            BackfillCommand.class,
            StreamCommand.class,
            GenerateCommand.class,
            DashboardCommand.class,
            HelpCommand.class,
        })
public final class SendmailFlink implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** The run's streams, for what {@link #runDefault()} will run (the demo). */
    private final Io io;

    public SendmailFlink() {
        this(Io.system());
    }

    public SendmailFlink(Io io) {
        this.io = io;
    }

    /**
     * Runs the command line and exits the JVM with its exit code; as a Flink program ({@code flink
     * run}, application mode) it returns instead, or throws on a non-zero exit code.
     */
    public static void main(String[] args) {
        int code = execute(Io.system(), args);
        if (runsAsFlinkProgram()) {
            // the JVM is Flink's (its CLI, or in application mode the JobManager): exiting it would
            // stop the JobManager with the job it just started
            if (code != ExitCodes.OK) {
                throw new IllegalStateException("sendmail-flink " + String.join(" ", args)
                        + " failed with exit code " + code + " (the error is above)");
            }
            return;
        }
        System.exit(code);
    }

    /** Whether Flink loaded this class as user code (its CLI, a JobManager in application mode). */
    static boolean runsAsFlinkProgram() {
        return SendmailFlink.class.getClassLoader() instanceof org.apache.flink.util.FlinkUserCodeClassLoader;
    }

    /** Runs the command line on the given streams and returns the exit code (no {@code System.exit}). */
    public static int execute(Io io, String... args) {
        return commandLine(io).execute(args);
    }

    /**
     * The configured command line: streams, UTF-8 help output, short error messages with a hint
     * instead of the full usage, exit codes from {@link ExitCodes}.
     */
    public static CommandLine commandLine(Io io) {
        CommandLine cl = new CommandLine(new SendmailFlink(io), new IoFactory(io));
        // Set after construction: setOut/setErr and the handlers apply to the subcommands added so far.
        cl.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler(SendmailFlink::onBadCommandLine);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": internal error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return ExitCodes.FAILURE;
        });
        cl.setExitCodeExceptionMapper(ex -> ExitCodes.FAILURE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * A wrong command line gets one error line, a "did you mean" when picocli has one, and a hint
     * where the help is: the full usage would bury the error (and the command may have many options).
     */
    private static int onBadCommandLine(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        err.println(name + ": " + message(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** picocli's message, except "Unmatched argument at index 0: 'x'" for what is an unknown command. */
    private static String message(ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException u
                && !cl.getSubcommands().isEmpty()
                && cl.getCommandSpec().positionalParameters().isEmpty()
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        return ex.getMessage();
    }

    @Override
    public Integer call() throws Exception {
        return runDefault();
    }

    /** Lines of the demo sample: about 80 simulated minutes of three busy hosts. */
    static final int DEMO_LINES = 100_000;

    /** Where the demo writes ({@code out}); tests point it elsewhere with system properties. */
    static java.nio.file.Path demoDir() {
        return java.nio.file.Paths.get(System.getProperty("sendmail.demo.dir", "out"));
    }

    static int demoLines() {
        return Integer.getInteger("sendmail.demo.lines", DEMO_LINES);
    }

    /**
     * What {@code sendmail-flink} does when run with no command: the demo. It generates a
     * realistic sample log (all event types, attacks, a little noise) into {@code out/input/},
     * backfills it on the embedded Flink MiniCluster into {@code out/}, and says where to look.
     */
    int runDefault() throws Exception {
        java.io.PrintStream err = io.err();
        java.nio.file.Path out = demoDir();
        int lines = demoLines();
        java.nio.file.Path input = out.resolve("input").resolve("maillog.gz");
        java.nio.file.Files.createDirectories(input.getParent());
        err.printf("demo: generating %,d Sendmail lines into %s%n", lines, input);
        LogGenerator g = new LogGenerator(
                GeneratorOptions.defaults().withAllAttacks().withNoiseShare(0.002));
        try (java.io.Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
                java.nio.file.Files.newOutputStream(input), 1 << 16), StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write(g.next());
                w.write('\n');
            }
        }
        err.println("demo: backfilling it on the embedded Flink MiniCluster (see 'sendmail-flink --help' for more)");
        BackfillJob.Options o = new BackfillJob.Options();
        o.inputs = java.util.List.of(input.toAbsolutePath());
        o.out = out;
        o.year = null;
        BackfillJob.Result r = BackfillJob.run(o, err);
        java.io.PrintStream stdout = new java.io.PrintStream(io.out(), true, StandardCharsets.UTF_8);
        BackfillCommand.printSummary(stdout, r);
        stdout.printf("dashboard:  %s%n", DashboardExport.write(out, out.resolve("report.html")));
        stdout.println("Next: parse your own log with 'java -jar jobs/target/sendmail-jobs.jar backfill -i /var/log/maillog'");
        return ExitCodes.OK;
    }

    /** Streams passed to the commands that take them; picocli's default factory for the rest. */
    private static final class IoFactory implements IFactory {
        private final Io io;
        private final IFactory fallback = CommandLine.defaultFactory();

        IoFactory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            Constructor<K> withIo;
            try {
                withIo = cls.getDeclaredConstructor(Io.class);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
            return withIo.newInstance(io);
        }
    }
}
