package io.sendmailflink.jobs.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.generate.GeneratorOptions;
import io.sendmailflink.jobs.generate.LogGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sendmail-flink generate} run in-process: outputs, the summary, the truth file, bad options. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    private static List<String> expected(GeneratorOptions o, int n) {
        LogGenerator g = new LogGenerator(o);
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(g.next());
        }
        return l;
    }

    private static List<String> lines(String text) {
        assertThat(text).endsWith("\n");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }

    private static CliRun run(String... args) {
        return CliRun.run(new byte[0], args);
    }

    // ---- outputs -------------------------------------------------------------------------------

    @Test
    void writesTheGeneratorsLinesToAFile() throws IOException {
        Path out = dir.resolve("maillog");
        CliRun r = run("generate", "--lines", "5000", "--seed", "9", "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).isEmpty();
        assertThat(lines(Files.readString(out, UTF_8)))
                .isEqualTo(expected(GeneratorOptions.defaults().withSeed(9), 5000));
        // one summary line: lines, seconds, lines/s
        assertThat(r.stderr()).hasLineCount(1)
                .startsWith("sendmail-flink generate: 5000 lines to " + out)
                .containsPattern(" in \\d+\\.\\d{3} s \\(\\d+ lines/s\\)");
    }

    @Test
    void gzWhenTheNameEndsInGz() throws IOException {
        Path out = dir.resolve("maillog.gz");
        CliRun r = run("generate", "--lines", "3000", "--format", "mixed", "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            assertThat(lines(new String(in.readAllBytes(), UTF_8))).isEqualTo(
                    expected(GeneratorOptions.defaults().withFormat(GeneratorOptions.Format.MIXED), 3000));
        }
    }

    @Test
    void standardOutputByDefault() {
        CliRun r = run("generate", "--lines", "200", "--hosts", "5", "--rate", "100", "--start",
                "2025-01-02T03:04:05Z", "--attacks", "--payloads", "--noise", "0.1", "--format", "filebeat");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(lines(r.out())).isEqualTo(expected(GeneratorOptions.defaults().withHosts(5).withLinesPerSecond(100)
                .withStart(Instant.parse("2025-01-02T03:04:05Z")).withAllAttacks().withPayloads(true)
                .withNoiseShare(0.1).withFormat(GeneratorOptions.Format.FILEBEAT), 200));
        assertThat(r.stderr()).contains("200 lines to standard output");
        assertThat(run("generate", "--lines", "10", "--out", "-").out()).hasLineCount(10);
    }

    @Test
    void parseReadsWhatGenerateWrites() throws IOException {
        Path out = dir.resolve("maillog");
        assertThat(run("generate", "--lines", "2000", "--format", "mixed", "--out", out.toString()).exitCode())
                .isZero();
        CliRun parsed = run("parse", "--year", "2026", out.toString());
        assertThat(parsed.exitCode()).isZero();
        assertThat(parsed.field("event_type")).hasSize(2000).doesNotContain("unparsed");
    }

    @Test
    void truthFileHasTheAttacks() throws IOException {
        Path truth = dir.resolve("truth.json");
        CliRun r = run("generate", "--lines", "20000", "--attacks", "pregreet,auth-guessing", "--attack-interval",
                "600", "--out", dir.resolve("log").toString(), "--truth", truth.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        Map<String, Object> json = CliRun.parseObject(Files.readString(truth, UTF_8).replace('\n', ' '));
        assertThat(json.get("lines")).isEqualTo(20000L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attacks = (List<Map<String, Object>>) json.get("attacks");
        assertThat(attacks).isNotEmpty();
        assertThat(attacks).extracting(a -> a.get("kind")).containsOnly("pregreet", "auth-guessing");
        assertThat(r.stderr()).containsPattern(", \\d+ injected attacks");
    }

    @Test
    void throttlePacesInRealTime() {
        long t0 = System.nanoTime();
        CliRun r = run("generate", "--lines", "200", "--rate", "1000", "--throttle");
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        // 200 lines at 1000 lines per simulated second span about 0.2 s of simulated time
        LogGenerator g = new LogGenerator(GeneratorOptions.defaults().withLinesPerSecond(1000));
        for (int i = 0; i < 200; i++) {
            g.next();
        }
        double simulated = (g.lastTimeMillis() - GeneratorOptions.DEFAULT_START.toEpochMilli()) / 1000.0;
        assertThat(seconds).isGreaterThanOrEqualTo(simulated * 0.9);
        assertThat(r.out()).hasLineCount(200);
    }

    @Test
    void aReaderThatGoesAwayEndsTheRunQuietly() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        CliRun r = CliRun.run(new ByteArrayInputStream(new byte[0]), closed, "generate", "--lines", "100000");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void helpListsTheOptions() {
        java.io.PrintStream systemErr = System.err;
        java.io.ByteArrayOutputStream picocliWarnings = new java.io.ByteArrayOutputStream();
        CliRun r;
        try {
            System.setErr(new java.io.PrintStream(picocliWarnings, true, UTF_8));
            r = run("generate", "--help");
        } finally {
            System.setErr(systemErr);
        }
        assertThat(picocliWarnings.toString(UTF_8)).as("picocli's complaints about the help text").isEmpty();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("--lines", "--rate", "--throttle", "--seed", "--start", "--hosts", "--format",
                "--out", "--bootstrap-servers", "--topic", "--attacks", "--payloads", "--noise", "--truth",
                "real time");
    }

    // ---- errors --------------------------------------------------------------------------------

    private static void assertUsageError(String expectedMessage, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun r = run(all);
        assertThat(r.exitCode()).as("exit code of %s", Arrays.toString(args)).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("sendmail-flink generate: ").contains(expectedMessage)
                .contains("Try 'sendmail-flink generate --help'");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertUsageError("--lines");
        assertUsageError("at least 1", "--lines", "0");
        assertUsageError("'x'", "--lines", "x");
        assertUsageError("lines per second", "--lines", "5", "--rate", "0");
        assertUsageError("lines per second", "--lines", "5", "--rate", "-3");
        assertUsageError("rfc3164, rfc5424, mixed, filebeat", "--lines", "5", "--format", "xml");
        assertUsageError("noise share", "--lines", "5", "--noise", "2");
        assertUsageError("hosts", "--lines", "5", "--hosts", "0");
        assertUsageError("ISO instant", "--lines", "5", "--start", "yesterday");
        assertUsageError("unknown attack 'nope'", "--lines", "5", "--attacks", "pregreet,nope");
        assertUsageError("attack interval", "--lines", "5", "--attack-interval", "5");
        assertUsageError("--topic needs --bootstrap-servers", "--lines", "5", "--topic", "t");
        assertUsageError("--bootstrap-servers needs --topic", "--lines", "5", "--bootstrap-servers", "localhost:9");
        assertUsageError("exclude each other", "--lines", "5", "--bootstrap-servers", "localhost:9", "--topic", "t",
                "--out", "x");
        assertUsageError("--producer-property needs --bootstrap-servers", "--lines", "5", "--producer-property",
                "acks=1");
    }

    @Test
    void anUnwritableFileIsAFailure() {
        CliRun r = run("generate", "--lines", "5", "--out", dir.resolve("no/such/dir/log").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).startsWith("sendmail-flink generate: cannot write to ")
                .contains("No such file or directory");

        CliRun d = run("generate", "--lines", "5", "--out", dir.toString());
        assertThat(d.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(d.stderr()).startsWith("sendmail-flink generate: cannot write to " + dir);

        // a bad truth path fails before anything is generated
        Path log = dir.resolve("log");
        CliRun t = run("generate", "--lines", "5", "--out", log.toString(), "--truth", dir.resolve("no/truth.json")
                .toString());
        assertThat(t.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(t.stderr()).startsWith("sendmail-flink generate: cannot write the truth to ");
        assertThat(log).doesNotExist();
    }
}
