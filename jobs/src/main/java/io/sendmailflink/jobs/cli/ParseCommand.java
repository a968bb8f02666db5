package io.sendmailflink.jobs.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.sendmailflink.udfs.model.EventJson;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.parse.SendmailParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sendmail-flink parse [FILE...]}: the parser without Flink, for a quick look at what a
 * log becomes and for scripts ({@code jq}). One JSON object per input line, in input order, so
 * that output line N is input line N and nothing is ever dropped: a line the parser cannot read
 * comes out with {@code event_type "unparsed"} and a {@code parse_error}.
 *
 * <p>Unreadable inputs are reported on standard error and skipped; the others are still parsed
 * and the exit code says something was missed ({@link ExitCodes#FAILURE}).
 */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Parses Sendmail syslog lines into one JSON object per line, in input order, on standard output.",
            "Lines that are not Sendmail lines come out too, as event_type \"unparsed\" with a parse_error.",
            "Files are read as UTF-8 (invalid bytes become U+FFFD); gzip files are decompressed."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every input was read (unparsed lines included)",
            "1:an input could not be read (the others were parsed), or output failed",
            "2:invalid command line"
        })
public final class ParseCommand implements Callable<Integer> {

    private static final String NAME = "sendmail-flink parse";

    @Mixin
    private ParserOptionsMixin parserOptions;

    @Option(names = "--pretty", description = "Indent the JSON (one object spans several lines).")
    private boolean pretty;

    @Parameters(
            paramLabel = "FILE",
            arity = "0..*",
            description = "Log files, plain or .gz; '-' or none: standard input.")
    private List<String> files = new ArrayList<>();

    private final Io io;

    public ParseCommand() {
        this(Io.system());
    }

    public ParseCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        GuardedOutput out = new GuardedOutput(io.out());
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        Run run = new Run(new SendmailParser(parserOptions.toParserOptions()));
        try {
            JsonGenerator json = EventJson.generator(writer);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                json.setPrettyPrinter(new DefaultPrettyPrinter().withRootSeparator((String) null));
            }
            for (String name : files.isEmpty() ? List.of(InputFiles.STDIN) : files) {
                run.parse(name, json);
            }
            json.flush();
        } catch (OutputFailure e) {
            return onOutputFailure(e);
        } catch (IOException e) {
            // Only writing can get here (reading errors are handled per input): same as above.
            return onOutputFailure(new OutputFailure(e));
        }
        if (run.parserFailures > 0) {
            io.err().println(NAME + ": warning: the parser failed on " + run.parserFailures
                    + " line(s), written as unparsed; first: " + run.firstParserFailure);
        }
        return run.unreadableInputs > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * A closed pipe means the reader has what it wanted ({@code | head}): stop quietly, as
     * {@code cat} does. Any other write error (a full disk) is a failure to report.
     */
    private int onOutputFailure(OutputFailure e) {
        if (e.isBrokenPipe()) {
            return ExitCodes.OK;
        }
        io.err().println(NAME + ": cannot write to standard output: " + InputFiles.reason(e.cause()));
        return ExitCodes.FAILURE;
    }

    /** The state of one run over the inputs: one parser and one event, reused for every line. */
    private final class Run {
        private final SendmailParser parser;
        private final SendmailEvent event = new SendmailEvent();
        private int unreadableInputs;
        private long parserFailures;
        private String firstParserFailure;

        Run(SendmailParser parser) {
            this.parser = parser;
        }

        /** Writes one object per line of the input; reports (and counts) an input that fails. */
        void parse(String name, JsonGenerator json) throws IOException {
            try (InputFiles.Input input = InputFiles.open(name, io.in())) {
                parser.setReferenceTime(input.referenceTimeMillis());
                BufferedReader reader = input.reader();
                long lineNumber = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    EventJson.write(parseLine(line, name, lineNumber), json);
                    json.writeRaw('\n');
                    if (!reader.ready()) {
                        // Input is starved (a pipe, `tail -f`): show what we have instead of
                        // holding it in the buffer. Costs nothing while input is flowing.
                        json.flush();
                    }
                }
            } catch (OutputFailure e) {
                throw e;
            } catch (IOException e) {
                unreadableInputs++;
                json.flush(); // the lines read so far come before the message
                io.err().println(NAME + ": cannot read " + InputFiles.displayName(name) + ": "
                        + InputFiles.reason(e));
            }
        }

        /**
         * The parser's event, or, should the parser throw (a bug), an unparsed event that says
         * so: one bad line must not end a run over gigabytes, nor vanish from the output.
         */
        private SendmailEvent parseLine(String line, String name, long lineNumber) {
            try {
                return parser.parseInto(line, event);
            } catch (RuntimeException | StackOverflowError e) {
                parserFailures++;
                if (firstParserFailure == null) {
                    firstParserFailure = InputFiles.displayName(name) + " line " + lineNumber + ": " + e;
                }
                event.reset(line);
                event.setString(Field.EVENT_TYPE, "unparsed");
                event.setString(Field.MESSAGE, line);
                event.setString(Field.PARSE_ERROR, "parser failed: " + e);
                return event;
            }
        }
    }

    /** A write to standard output failed: told apart from read errors, which are per input. */
    static final class OutputFailure extends IOException {
        OutputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException cause() {
            return (IOException) getCause();
        }

        boolean isBrokenPipe() {
            String m = getMessage();
            return m != null && m.toLowerCase(Locale.ROOT).contains("pipe");
        }
    }

    /** Turns every write error of the underlying stream into an {@link OutputFailure}. */
    private static final class GuardedOutput extends FilterOutputStream {
        GuardedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new OutputFailure(e);
            }
        }
    }
}
