package io.sendmailflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.dashboard.DashboardFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DashboardCommandTest {

    @TempDir
    Path dir;

    private static Io io() {
        return new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void listensOnLoopbackPort8080UnlessToldOtherwise() {
        DashboardCommand c = new DashboardCommand(io());
        new CommandLine(c).parseArgs("--from", dir.toString());
        assertThat(c.bind).isEqualTo("127.0.0.1");
        assertThat(c.port).isEqualTo(8080);
        DashboardCommand other = new DashboardCommand(io());
        new CommandLine(other).parseArgs("--from", dir.toString(), "--bind", "0.0.0.0", "--port", "9090");
        assertThat(other.bind).isEqualTo("0.0.0.0");
        assertThat(other.port).isEqualTo(9090);
    }

    @Test
    void needsExactlyOneSource() {
        CliRun none = CliRun.run("", "dashboard");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.stderr()).contains("sendmail-flink dashboard: give exactly one of --from DIR and --bootstrap-servers");
        CliRun both = CliRun.run("", "dashboard", "--from", dir.toString(), "--bootstrap-servers", "localhost:9092");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aMissingFolderIsNamed() {
        Path missing = dir.resolve("nope");
        CliRun r = CliRun.run("", "dashboard", "--from", missing.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("--from " + missing + " is not a folder");
    }

    @Test
    void exportWritesOneFileAndPrintsItsPath() throws Exception {
        Path out = DashboardFixtures.smallOutput(dir.resolve("out"));
        Path html = dir.resolve("report.html");
        CliRun r = CliRun.run("", "dashboard", "--from", out.toString(), "--export", html.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).contains("dashboard: " + html.toAbsolutePath());
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("id=\"dashboard-data\"");
        CliRun kafka = CliRun.run("", "dashboard", "--bootstrap-servers", "localhost:1", "--export", html.toString());
        assertThat(kafka.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.stderr()).contains("--export needs --from DIR");
    }
}
