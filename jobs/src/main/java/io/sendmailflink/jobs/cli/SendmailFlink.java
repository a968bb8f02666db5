package io.sendmailflink.jobs.cli;

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
            "With no command: ${COMMAND-NAME} prints this help (a demo run will take its place)."
        },
        footer = {"", "Run '${COMMAND-NAME} COMMAND --help' for the options of a command."},
        subcommands = {
            // One line per command; keep HelpCommand last.
            ParseCommand.class,
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

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(Io.system(), args));
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
    public Integer call() {
        return runDefault();
    }

    /**
     * What {@code sendmail-flink} does when run with no command. For now: the usage, on standard
     * output, exit 0. THE place to plug in the demo backfill.
     */
    int runDefault() {
        CommandLine cl = spec.commandLine();
        cl.usage(cl.getOut());
        cl.getOut().flush();
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
