package io.sendmailflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar with no arguments: the demo generates a sample and backfills it, and says where to look. */
class DemoITCase {

    @TempDir
    Path dir;

    @Test
    void noArgumentsGeneratesASampleAndBackfillsIt() throws Exception {
        System.setProperty("sendmail.demo.dir", dir.resolve("out").toString());
        System.setProperty("sendmail.demo.lines", "3000");
        try {
            CliRun r = CliRun.run("");
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).contains("backfill done: 3,000 lines", "events:", "unparsed:", "aggregates:");
            assertThat(dir.resolve("out/input/maillog.gz")).isRegularFile();
            try (var days = Files.list(dir.resolve("out/events"))) {
                assertThat(days.map(p -> p.getFileName().toString())).isNotEmpty().allMatch(n -> n.startsWith("dt="));
            }
            assertThat(dir.resolve("out/aggregates/agg_overview_messages")).isDirectory();
        } finally {
            System.clearProperty("sendmail.demo.dir");
            System.clearProperty("sendmail.demo.lines");
        }
    }
}
