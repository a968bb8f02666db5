package io.sendmailflink.jobs.cli;

/**
 * The exit codes every {@code sendmail-flink} command uses, so that scripts can tell a bad
 * command line (fix the call) from a failed run (look at the inputs).
 */
public final class ExitCodes {

    /**
     * Success. For {@code parse} this includes lines the parser could not read (they come out as
     * {@code event_type "unparsed"}: bad lines are data, not failures) and a reader that stopped
     * reading standard output early ({@code | head}).
     */
    public static final int OK = 0;

    /**
     * The run failed or was incomplete: an input could not be read (the others were still
     * processed), standard output could not be written, or an unexpected error (a bug: its stack
     * trace goes to standard error).
     */
    public static final int FAILURE = 1;

    /**
     * The command line is wrong: unknown command or option, missing or invalid option value.
     * Nothing was run. (picocli's standard {@code exitCodeOnInvalidInput}.)
     */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
