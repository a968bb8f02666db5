package io.sendmailflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.jobs.stream.StreamJob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The stream command's options as the job receives them (nothing is run). */
class StreamCommandTest {

    private static StreamJob.Options parse(String... args) {
        StreamCommand command = new StreamCommand(new Io(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void exactlyOnceWithTenSecondCheckpointsByDefault() {
        StreamJob.Options o = parse("--bootstrap-servers", "k:9092");
        assertThat(o.deliveryGuarantee).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(o.checkpointInterval).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.savepointPath).isNull();
    }

    @Test
    void deliveryGuaranteeCheckpointIntervalAndSavepointReachTheJob() {
        StreamJob.Options o = parse("--bootstrap-servers", "k:9092", "--delivery-guarantee", "at-least-once",
                "--checkpoint-interval", "500ms", "--savepoint", "file:///sp/savepoint-1");
        assertThat(o.deliveryGuarantee).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(o.checkpointInterval).isEqualTo(Duration.ofMillis(500));
        assertThat(o.savepointPath).isEqualTo("file:///sp/savepoint-1");
    }

    @Test
    void anUnknownDeliveryGuaranteeIsAnErrorNamingTheValue() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SendmailFlink.execute(new Io(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8)),
                "stream", "--bootstrap-servers", "k:9092", "--delivery-guarantee", "none");
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'none'").contains("exactly-once or at-least-once");
    }
}
