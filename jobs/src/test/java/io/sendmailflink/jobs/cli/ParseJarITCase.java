package io.sendmailflink.jobs.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it: {@code java -jar sendmail-jobs.jar parse}, in a separate JVM.
 * Catches what in-process tests cannot: the manifest's main class, classes or service files the
 * shading lost, log lines leaking into standard output, a real closed pipe.
 *
 * <p>The jar path comes from the system property {@code sendmail.jobs.jar} (set by the
 * failsafe plugin, which runs after {@code package}); a missing jar fails the test rather than
 * skipping it, so that a broken packaging cannot pass unnoticed.
 */
class ParseJarITCase {

    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    static Path jar() {
        String property = System.getProperty("sendmail.jobs.jar");
        if (property == null || property.isBlank()) {
            fail("system property sendmail.jobs.jar is not set: run through the failsafe plugin "
                    + "(mvn -o verify -pl jobs), or pass -Dsendmail.jobs.jar=jobs/target/sendmail-jobs.jar");
        }
        Path jar = Paths.get(property);
        if (!Files.isRegularFile(jar)) {
            fail("no jar at " + jar.toAbsolutePath() + ": build it with mvn -o package -DskipTests -pl jobs");
        }
        return jar;
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private Result run(String stdin, String... args) throws Exception {
        Process p = start(args);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        return new Result(exit(p), out, stderr());
    }

    private int exit(Process p) throws InterruptedException {
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the jar did not exit within " + TIMEOUT_SECONDS + " s");
        }
        return p.exitValue();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"), UTF_8);
    }

    @Test
    void parsesStandardInput() throws Exception {
        Result r = run(ParseCommandTest.RECEIPT + "\n" + ParseCommandTest.JUNK + "\n", "parse");

        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        String[] lines = r.stdout().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(CliRun.parseObject(lines[0]))
                .containsEntry("event_type", "receipt")
                .containsEntry("message", ParseCommandTest.RECEIPT_MESSAGE);
        assertThat(CliRun.parseObject(lines[1])).containsEntry("event_type", "unparsed");
    }

    @Test
    void reportsAMissingFile() throws Exception {
        Path missing = dir.resolve("missing.log");

        Result r = run("", "parse", missing.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo(
                "sendmail-flink parse: cannot read " + missing + ": No such file or directory" + System.lineSeparator());
    }

    @Test
    void versionComesFromTheJar() throws Exception {
        Result r = run("", "--version");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).containsPattern("^sendmail-flink \\d+\\.\\d+\\.\\d+")
                .contains("Apache Flink 2.");
    }

    @Test
    void aReaderThatStopsEarlyEndsTheRunQuietly() throws Exception {
        Path big = dir.resolve("big.log");
        try (Writer w = Files.newBufferedWriter(big, UTF_8)) {
            for (int i = 0; i < 100_000; i++) {
                w.write(ParseCommandTest.RECEIPT);
                w.write('\n');
            }
        }
        Process p = start("parse", big.toString());
        p.getOutputStream().close();
        // Like `| head -1`: read one line, then close the pipe while the jar is still writing
        // (100,000 objects are far more than a pipe buffer holds).
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
            assertThat(CliRun.parseObject(out.readLine())).containsEntry("event_type", "receipt");
        }

        assertThat(exit(p)).isEqualTo(ExitCodes.OK);
        assertThat(stderr()).isEmpty();
    }
}
