package io.sendmailflink.jobs.cli;

import io.sendmailflink.jobs.generate.AttackKind;
import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.GeneratorStats;
import io.sendmailflink.jobs.generate.KafkaLineSink;
import io.sendmailflink.jobs.generate.LineBytes;
import io.sendmailflink.jobs.generate.LineSink;
import io.sendmailflink.jobs.generate.LogGenerator;
import io.sendmailflink.jobs.generate.StreamLineSink;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code sendmail-flink generate}: realistic Sendmail traffic ({@link LogGenerator}) to a file,
 * standard output or a Kafka topic, for demos, tests and benchmarks.
 *
 * <p>Time: the lines carry simulated times from {@code --start}, {@code --rate} lines per
 * simulated second on average. By default they are written as fast as possible; with
 * {@code --throttle} each line is written when the wall clock has advanced as far from the run's
 * start as the line's time from {@code --start} (a live replay at {@code --rate} lines per second,
 * bursts included).
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Generates realistic Sendmail syslog traffic from several hosts: SMTP sessions with STARTTLS and"
                    + " AUTH, receipts and deliveries with consistent queue IDs, deferrals retried later, bounces"
                    + " with DSN lines, rejections, scanners, restarts; optionally injected attacks, XSS payloads"
                    + " and noise. The same --seed and options give the same lines.",
            "",
            "Lines carry simulated times starting at --start, --rate lines per simulated second on average."
                    + " They are written as fast as possible unless --throttle is given, which paces them in"
                    + " real time: each line is written when the wall clock has advanced as far as its"
                    + " simulated time has from --start (so --rate lines per second on average, with the"
                    + " traffic's bursts and pauses).",
            "",
            "A one-line summary (lines, seconds, lines/s) goes to standard error at the end."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:all lines written (or the reader of standard output went away)",
            "1:the output could not be written (file, Kafka)",
            "2:invalid command line"
        })
public final class GenerateCommand implements Callable<Integer> {

    private static final String NAME = "sendmail-flink generate";

    @Spec
    private CommandSpec spec;

    @Option(names = "--lines", required = true, paramLabel = "N",
            description = "Number of lines to write (at least 1).")
    private long lines;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "20",
            description = "Mean lines per simulated second: how fast the simulated clock advances"
                    + " (and, with --throttle, lines per real second). Default: ${DEFAULT-VALUE}.")
    private double rate;

    @Option(names = "--throttle",
            description = "Pace the output in real time at --rate lines per second (see above) instead of"
                    + " writing as fast as possible.")
    private boolean throttle;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Random seed; the same seed and options give the same lines. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--start", paramLabel = "INSTANT", defaultValue = "2026-11-24T00:00:00Z",
            converter = StartConverter.class,
            description = "Simulated time of the first line: an ISO instant (2026-11-24T00:00:00Z, or with an"
                    + " offset) or 'now' (not reproducible). Default: ${DEFAULT-VALUE}.")
    private Instant start;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "3",
            description = "Number of mail hosts: mx1, mx2, relay1, mx3, mx4, relay2, ... (1-100)."
                    + " Default: ${DEFAULT-VALUE}.")
    private int hosts;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "rfc3164",
            converter = FormatConverter.class,
            description = "Line envelope: rfc3164 (/var/log/maillog), rfc5424, filebeat (Filebeat JSON around"
                    + " an RFC 3164 line) or mixed (60/30/10%% of the three, per line). Default: ${DEFAULT-VALUE}.")
    private GeneratorOptions.Format format;

    @Option(names = "--attacks", paramLabel = "KINDS", arity = "0..1", fallbackValue = "all",
            description = "Inject known attacks: all (the default when no value is given) or a comma-separated"
                    + " list of pregreet, vrfy-expn, did-not-issue, auth-guessing, relay-denied, user-unknown."
                    + " Each kind starts 2 minutes after --start (90 s apart) and repeats every"
                    + " --attack-interval; --truth records them.")
    private String attacks;

    @Option(names = "--attack-interval", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Simulated seconds between two attacks of the same kind (60 or more)."
                    + " Default: ${DEFAULT-VALUE}.")
    private long attackInterval;

    @Option(names = "--payloads",
            description = "Put XSS and field-injection payloads (<script>, \"><img onerror>, javascript:,"
                    + " ', relay=) into attacker-controlled text: quoted local parts, PTR names, message IDs,"
                    + " VRFY arguments, AUTH user names, reject texts.")
    private boolean payloads;

    @Option(names = "--noise", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of lines (0 to 0.9) that are not Sendmail lines (other programs, truncated"
                    + " lines, garbage), to exercise dead-letter handling. Default: ${DEFAULT-VALUE}.")
    private double noise;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write to FILE (gzip-compressed when it ends in .gz); '-' or none: standard output.")
    private String out;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Send to Kafka instead (needs --topic): one record per line, key = host, acks=all,"
                    + " idempotent producer.")
    private String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The Kafka topic for --bootstrap-servers.")
    private String topic;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka producer property (repeatable), e.g. security.protocol=SSL or"
                    + " compression.type=zstd.")
    private Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = "--truth", paramLabel = "FILE",
            description = "Also write the ground truth (lines per event type, messages, deliveries,"
                    + " bounces, injected attacks with their times and counts) as JSON to FILE.")
    private Path truth;

    private final Io io;
    /** Lines handed to the sink so far. */
    private long written;

    public GenerateCommand() {
        this(Io.system());
    }

    public GenerateCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        GeneratorOptions options = options();
        boolean kafka = bootstrapServers != null;
        if (kafka && topic == null) {
            throw new ParameterException(spec.commandLine(), "--bootstrap-servers needs --topic");
        }
        if (!kafka && topic != null) {
            throw new ParameterException(spec.commandLine(), "--topic needs --bootstrap-servers");
        }
        if (kafka && out != null) {
            throw new ParameterException(spec.commandLine(), "--out and --bootstrap-servers exclude each other");
        }
        if (!kafka && !producerProperties.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--producer-property needs --bootstrap-servers");
        }
        String target = kafka ? "Kafka topic " + topic : out == null || out.equals("-") ? "standard output" : out;

        // the truth file first: a bad path should fail before a long run, not after it
        Writer truthWriter = null;
        if (truth != null) {
            try {
                truthWriter = new OutputStreamWriter(Files.newOutputStream(truth), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                io.err().println(NAME + ": cannot write the truth to " + truth + ": " + reason(e));
                return ExitCodes.FAILURE;
            }
        }
        try (Writer tw = truthWriter) {
            LineSink sink;
            try {
                sink = openSink(kafka);
            } catch (IOException | RuntimeException e) {
                io.err().println(NAME + ": cannot write to " + target + ": " + reason(e));
                return ExitCodes.FAILURE;
            }
            LogGenerator generator = new LogGenerator(options);
            long t0 = System.nanoTime();
            try (LineSink s = sink) {
                run(generator, s);
            } catch (StoppedReading e) {
                return ExitCodes.OK;
            } catch (IOException | RuntimeException e) {
                io.err().println(NAME + ": cannot write to " + target + " after " + written + " of " + lines
                        + " lines: " + reason(e));
                return ExitCodes.FAILURE;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (tw != null) {
                try {
                    generator.stats().writeJson(tw);
                    tw.flush();
                } catch (IOException e) {
                    io.err().println(NAME + ": cannot write the truth to " + truth + ": " + reason(e));
                    return ExitCodes.FAILURE;
                }
            }
            io.err().println(summary(generator.stats(), seconds, target));
            return ExitCodes.OK;
        } catch (IOException e) {
            // closing the truth file
            io.err().println(NAME + ": cannot write the truth to " + truth + ": " + reason(e));
            return ExitCodes.FAILURE;
        }
    }

    private GeneratorOptions options() {
        try {
            GeneratorOptions o = GeneratorOptions.defaults()
                    .withSeed(seed)
                    .withStart(start)
                    .withLinesPerSecond(rate)
                    .withHosts(hosts)
                    .withFormat(format)
                    .withNoiseShare(noise)
                    .withAttackIntervalSeconds(attackInterval)
                    .withPayloads(payloads);
            if (attacks != null) {
                Set<AttackKind> kinds = AttackKind.parseList(attacks);
                o = o.withAttacks(kinds);
            }
            if (lines < 1) {
                throw new IllegalArgumentException("--lines must be at least 1, not " + lines);
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private LineSink openSink(boolean kafka) throws IOException {
        if (kafka) {
            return new KafkaLineSink(bootstrapServers, topic, producerProperties);
        }
        if (out == null || out.equals("-")) {
            return new StreamLineSink(new Guarded(io.out()), false);
        }
        Path path = Paths.get(out);
        OutputStream file = Files.newOutputStream(path);
        if (out.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            // fastest deflate level: benchmark files are written at a few hundred MB/s
            return new StreamLineSink(new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }, true);
        }
        return new StreamLineSink(file, true);
    }

    private void run(LogGenerator g, LineSink sink) throws IOException {
        Pacer pacer = throttle ? new Pacer(g.options().start().toEpochMilli()) : null;
        if (sink instanceof StreamLineSink stream) {
            // files and standard output: the generator's bytes, copied once
            LineBytes line = new LineBytes();
            for (long i = 0; i < lines; i++) {
                line.clear();
                g.nextInto(line);
                if (pacer != null) {
                    pacer.await(g.lastTimeMillis(), sink);
                }
                stream.write(line);
                written++;
            }
            return;
        }
        StringBuilder line = new StringBuilder(2048);
        for (long i = 0; i < lines; i++) {
            line.setLength(0);
            g.nextInto(line);
            if (pacer != null) {
                pacer.await(g.lastTimeMillis(), sink);
            }
            sink.write(line, g.lastHost(), g.lastTimeMillis());
            written++;
        }
    }

    /** --throttle: waits until the wall clock is as far from the run's start as a line's time from --start. */
    private static final class Pacer {
        private final long startMillis;
        private final long wallStart = System.nanoTime();

        Pacer(long startMillis) {
            this.startMillis = startMillis;
        }

        void await(long lineMillis, LineSink sink) throws IOException {
            long due = wallStart + (lineMillis - startMillis) * 1_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sink.flush(); // what is due is visible while we wait
                while (wait > 0) {
                    LockSupport.parkNanos(wait);
                    wait = due - System.nanoTime();
                }
            }
        }
    }

    static String summary(GeneratorStats stats, double seconds, String target) {
        double perSecond = seconds > 0 ? stats.lines() / seconds : 0;
        return NAME + ": " + stats.lines() + " lines to " + target + " in " + String.format(Locale.ROOT, "%.3f", seconds)
                + " s (" + Math.round(perSecond) + " lines/s); simulated " + stats.firstTime() + " to "
                + stats.lastTime() + ", " + stats.attacks().size() + " injected attacks";
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The reader of standard output went away ({@code | head}): stop quietly, as {@code cat} does. */
    private static final class StoppedReading extends IOException {
        StoppedReading(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Standard output whose broken pipe becomes {@link StoppedReading}. */
    private static final class Guarded extends FilterOutputStream {
        Guarded(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw brokenPipe(e) ? new StoppedReading(e) : e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw brokenPipe(e) ? new StoppedReading(e) : e;
            }
        }

        private static boolean brokenPipe(IOException e) {
            String m = e.getMessage();
            return m != null && m.toLowerCase(Locale.ROOT).contains("pipe");
        }
    }

    /** {@code --start}: an ISO instant, an ISO date-time with offset, or {@code now}. */
    static final class StartConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            if (value.equalsIgnoreCase("now")) {
                return Instant.now().truncatedTo(ChronoUnit.MILLIS);
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeException e) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeException e2) {
                    throw new TypeConversionException("'" + value
                            + "' is not an ISO instant such as 2026-11-24T00:00:00Z (or 'now')");
                }
            }
        }
    }

    /** {@code --format}: rfc3164, rfc5424, mixed, filebeat (any case). */
    static final class FormatConverter implements ITypeConverter<GeneratorOptions.Format> {
        @Override
        public GeneratorOptions.Format convert(String value) {
            try {
                return GeneratorOptions.Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of rfc3164, rfc5424, mixed, filebeat");
            }
        }
    }
}
