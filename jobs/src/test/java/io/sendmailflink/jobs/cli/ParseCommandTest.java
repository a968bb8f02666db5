package io.sendmailflink.jobs.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sendmail-flink parse} run in-process: input handling (stdin, files, gzip, bad bytes,
 * line endings), the output contract (one JSON object per input line, in order), errors and exit
 * codes. Assertions on parsed values (event_type, timestamp) are the parser's spec as seen from
 * the command line.
 */
class ParseCommandTest {

    static final String RECEIPT_MESSAGE = "qABK0GcL913544: from=<user@graylog.com>, size=589, class=0, nrcpts=1, "
            + "msgid=<200046040409.e5EECA205337@foo.bar.com>, proto=ESMTP, daemon=MTA, relay=localhost [127.0.0.1]";
    static final String RECEIPT = "Nov 24 20:56:10 mailsrv1 sm-mta[5222]: " + RECEIPT_MESSAGE;

    static final String DELIVERY_MESSAGE = "qABK0GcL913544: to=<user@corp.example.com>, delay=00:00:01, "
            + "xdelay=00:00:01, mailer=esmtp, pri=30589, relay=mx.corp.example.com. [10.1.2.3], dsn=2.0.0, "
            + "stat=Sent (e6FDCEv13455 Message accepted for delivery)";
    static final String DELIVERY = "Nov 24 20:56:11 mailsrv1 sm-mta[5223]: " + DELIVERY_MESSAGE;

    static final String JUNK = "this is not a syslog line";

    @TempDir
    Path dir;

    /** A syslog line of the mailsrv1 host carrying this Sendmail message. */
    static String line(String message) {
        return "Nov 24 20:57:00 mailsrv1 sm-mta[6000]: " + message;
    }

    private Path write(String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(UTF_8));
    }

    private Path writeGzip(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
        return p;
    }

    // ---- the output contract ----------------------------------------------------------------

    @Test
    void stdinGivesOneObjectPerLineInOrder() {
        CliRun r = CliRun.run(RECEIPT + "\n" + DELIVERY + "\n" + JUNK + "\n", "parse");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.events()).hasSize(3);
        assertThat(r.field("message")).first().isEqualTo(RECEIPT_MESSAGE);
        assertThat(r.field("message")).element(1).isEqualTo(DELIVERY_MESSAGE);
        assertThat(r.field("event_type")).containsExactly("receipt", "delivery", "unparsed");
        assertThat(r.field("parse_error")).element(2).asString().isNotBlank();
        assertThat(r.field("parse_error")).first().isNull();
    }

    @Test
    void receiptFieldsComeThrough() {
        CliRun r = CliRun.run(RECEIPT + "\n", "parse", "--year", "2025");

        Map<String, Object> e = r.events().get(0);
        assertThat(e).containsEntry("event_type", "receipt")
                .containsEntry("timestamp", "2025-11-24T20:56:10.000Z")
                .containsEntry("source", "mailsrv1")
                .containsEntry("application_name", "sm-mta")
                .containsEntry("process_id", "5222")
                .containsEntry("email_uid", "qABK0GcL913544")
                .containsEntry("email_from", "user@graylog.com")
                .containsEntry("email_size", 589L)
                .containsEntry("log_format", "rfc3164");
    }

    @Test
    void dashMeansStdinAndFilesKeepTheirOrder() throws IOException {
        Path a = write("a.log", line("first a") + "\n" + line("second a") + "\n");
        Path b = write("b.log", line("only b") + "\n");

        CliRun r = CliRun.run(line("from stdin") + "\n", "parse", b.toString(), "-", a.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.events()).hasSize(4);
        assertThat(r.field("message")).containsExactly("only b", "from stdin", "first a", "second a");
    }

    @Test
    void gzipFilesAreDecompressed() throws IOException {
        Path plain = write("maillog", RECEIPT + "\n");
        Path gz = writeGzip("maillog.1.gz", (DELIVERY + "\n" + JUNK + "\n").getBytes(UTF_8));

        CliRun r = CliRun.run("", "parse", gz.toString(), plain.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.events()).hasSize(3);
        assertThat(r.field("message")).startsWith(DELIVERY_MESSAGE).endsWith(RECEIPT_MESSAGE);
        assertThat(r.field("event_type")).containsExactly("delivery", "unparsed", "receipt");
    }

    @Test
    void gzipOnStandardInputIsRecognizedByItsMagicBytes() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write((RECEIPT + "\n" + DELIVERY + "\n").getBytes(UTF_8));
        }

        CliRun r = CliRun.run(gz.toByteArray(), "parse");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.events()).hasSize(2);
        assertThat(r.field("message")).containsExactly(RECEIPT_MESSAGE, DELIVERY_MESSAGE);
    }

    @Test
    void invalidUtf8AndNulStillGiveOneValidObjectPerLine() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(line("qABK0GcL913545: from=<b").getBytes(UTF_8));
        in.write(0xff); // never valid in UTF-8
        in.write("ad@x.example>, size=1, class=0, nrcpts=1\n".getBytes(UTF_8));
        in.write(line("caf").getBytes(UTF_8));
        in.write(new byte[] {(byte) 0xc3, '(', 0}); // a lead byte without its continuation; NUL
        in.write(" x\n".getBytes(UTF_8));
        in.write(new byte[] {(byte) 0xfe, 0, '"', '\\', 0x1b, '\n'}); // no syslog header at all
        Path file = Files.write(dir.resolve("bytes.log"), in.toByteArray());

        for (CliRun r : List.of(CliRun.run(in.toByteArray(), "parse"), CliRun.run("", "parse", file.toString()))) {
            assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
            // events() checks that the output is valid UTF-8 and each line one JSON object.
            assertThat(r.events()).hasSize(3);
            assertThat(r.out()).doesNotContain("\u0000");
            assertThat(r.field("message")).first()
                    .isEqualTo("qABK0GcL913545: from=<b\uFFFDad@x.example>, size=1, class=0, nrcpts=1");
            assertThat(r.field("message")).element(1).isEqualTo("caf\uFFFD(\u0000 x");
            assertThat(r.field("event_type")).element(2).isEqualTo("unparsed");
        }
    }

    @Test
    void crlfLineEndingsAreStripped() {
        CliRun r = CliRun.run(RECEIPT + "\r\n" + DELIVERY + "\r\n", "parse");

        assertThat(r.events()).hasSize(2); // events() also checks no output line holds a CR
        assertThat(r.field("message")).containsExactly(RECEIPT_MESSAGE, DELIVERY_MESSAGE);
    }

    @Test
    void emptyLinesAndAMissingFinalNewlineCount() {
        CliRun r = CliRun.run(RECEIPT + "\n\n" + DELIVERY, "parse");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.events()).hasSize(3);
        assertThat(r.field("event_type")).containsExactly("receipt", "unparsed", "delivery");
        assertThat(r.field("message")).first().isEqualTo(RECEIPT_MESSAGE);
        assertThat(r.field("message")).last().isEqualTo(DELIVERY_MESSAGE);
    }

    @Test
    void emptyInputGivesNoOutput() throws IOException {
        Path empty = write("empty.log", "");

        CliRun r = CliRun.run("", "parse", empty.toString(), "-");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void aLineOfSeveralMegabytesIsOneObject() {
        char[] big = new char[5 * 1024 * 1024];
        Arrays.fill(big, 'x');
        String message = "qABK0GcL913547: " + new String(big);

        CliRun r = CliRun.run(line(message) + "\n" + RECEIPT + "\n", "parse");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.events()).hasSize(2);
        assertThat(r.field("message")).containsExactly(message, RECEIPT_MESSAGE);
    }

    @Test
    void prettyOutputIsASequenceOfObjects() throws IOException {
        CliRun r = CliRun.run(RECEIPT + "\n" + JUNK + "\n", "parse", "--pretty");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        List<Map<String, Object>> events = CliRun.parseObjects(r.out());
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).containsEntry("message", RECEIPT_MESSAGE);
        assertThat(r.out()).contains("\n  \"message\" : ");
    }

    // ---- timestamps: --timezone, --year, the per-file reference time --------------------

    @Test
    void timezoneAndYearOptions() {
        CliRun r = CliRun.run(RECEIPT + "\n", "parse", "--timezone", "Europe/Berlin", "--year", "2025");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.field("timestamp")).containsExactly("2025-11-24T20:56:10.000+01:00");
    }

    @Test
    void yearIsInferredFromEachFilesLastModifiedTime() throws IOException {
        Path newYear = write("newyear.log",
                "Dec 31 23:00:00 mailsrv1 sm-mta[1]: " + RECEIPT_MESSAGE + "\n"
                        + "Jan  2 10:00:00 mailsrv1 sm-mta[1]: " + RECEIPT_MESSAGE + "\n");
        Files.setLastModifiedTime(newYear, FileTime.from(Instant.parse("2021-01-05T00:00:00Z")));
        Path summer = write("summer.log", "Dec 31 23:00:00 mailsrv1 sm-mta[1]: " + RECEIPT_MESSAGE + "\n");
        Files.setLastModifiedTime(summer, FileTime.from(Instant.parse("2023-06-01T00:00:00Z")));

        CliRun r = CliRun.run("", "parse", newYear.toString(), summer.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.field("timestamp")).containsExactly(
                "2020-12-31T23:00:00.000Z", "2021-01-02T10:00:00.000Z", "2022-12-31T23:00:00.000Z");
    }

    @Test
    void invalidTimezoneOrYearIsAUsageError() {
        CliRun zone = CliRun.run("", "parse", "--timezone", "Mars/Olympus");
        assertThat(zone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zone.stderr()).contains("--timezone").contains("'Mars/Olympus' is not a time zone");
        assertThat(zone.stdout()).isEmpty();

        CliRun year = CliRun.run("", "parse", "--year", "twenty");
        assertThat(year.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(year.stderr()).contains("--year").contains("'twenty' is not a year");
    }

    // ---- inputs that cannot be read --------------------------------------------------------

    @Test
    void aMissingFileIsReportedAndTheOthersAreStillParsed() throws IOException {
        Path a = write("a.log", line("in a") + "\n");
        Path missing = dir.resolve("no-such.log");
        Path b = write("b.log", line("in b") + "\n");

        CliRun r = CliRun.run("", "parse", a.toString(), missing.toString(), b.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).isEqualTo(
                "sendmail-flink parse: cannot read " + missing + ": No such file or directory" + System.lineSeparator());
        assertThat(r.events()).hasSize(2);
        assertThat(r.field("message")).containsExactly("in a", "in b");
    }

    @Test
    void aDirectoryIsReported() {
        CliRun r = CliRun.run("", "parse", dir.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("sendmail-flink parse: cannot read " + dir + ": Is a directory");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aGzFileThatIsNotGzipIsReported() throws IOException {
        Path fake = write("fake.gz", RECEIPT + "\n");
        Path ok = write("ok.log", RECEIPT + "\n");

        CliRun r = CliRun.run("", "parse", fake.toString(), ok.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("sendmail-flink parse: cannot read " + fake + ": not a valid gzip file");
        assertThat(r.events()).hasSize(1);
    }

    @Test
    void aTruncatedGzipFileKeepsWhatWasReadAndIsReported() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(line("qABK0GcL" + i + ": line " + i)).append('\n');
        }
        Path whole = writeGzip("whole.gz", text.toString().getBytes(UTF_8));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        CliRun r = CliRun.run("", "parse", cut.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).startsWith("sendmail-flink parse: cannot read " + cut + ": ")
                .contains("gzip");
        assertThat(r.events()).hasSizeBetween(1, 19_999); // valid JSON up to the cut
    }

    // ---- standard output closing ----------------------------------------------------------

    @Test
    @Timeout(30)
    void aClosedPipeStopsTheRunQuietly() {
        // Endless input: the run must stop because the output is gone, not because input ended.
        CliRun r = CliRun.run(new EndlessLines(RECEIPT), new FailingOutput(10_000, "Broken pipe"), "parse");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    @Timeout(30)
    void anotherWriteErrorIsReported() {
        CliRun r = CliRun.run(new EndlessLines(RECEIPT), new FailingOutput(10_000, "No space left on device"), "parse");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).isEqualTo("sendmail-flink parse: cannot write to standard output: "
                + "No space left on device" + System.lineSeparator());
    }

    // ---- the command line -------------------------------------------------------------------

    @Test
    void helpListsTheParseCommand() {
        CliRun r = CliRun.run("", "--help");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("Usage: sendmail-flink").contains("parse");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void parseHelpListsItsOptions() {
        for (String[] args : List.of(new String[] {"parse", "--help"}, new String[] {"help", "parse"})) {
            CliRun r = CliRun.run("", args);

            assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(r.out()).startsWith("Usage: sendmail-flink parse")
                    .contains("--timezone", "--year", "--pretty", "FILE");
        }
    }

    @Test
    void helpListsEveryCommandAndTheDemo() {
        CliRun r = CliRun.run("", "--help");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("Usage: sendmail-flink")
                .contains("parse", "backfill", "stream", "generate", "With no command: a demo");
    }

    @Test
    void versionNamesTheProgramAndFlink() {
        CliRun r = CliRun.run("", "--version");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("sendmail-flink ").contains("Apache Flink 2.");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun r = CliRun.run(RECEIPT + "\n", "parse", "--bogus");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("sendmail-flink parse: Unknown option: '--bogus'")
                .contains("Try 'sendmail-flink parse --help'");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        CliRun r = CliRun.run("", "pars", "x.log");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("sendmail-flink: unknown command 'pars'")
                .contains("parse")
                .contains("Try 'sendmail-flink --help'");
    }

    /** The same line, forever. */
    static final class EndlessLines extends InputStream {
        private final byte[] line;
        private int pos;

        EndlessLines(String line) {
            this.line = (line + "\n").getBytes(UTF_8);
        }

        @Override
        public int read() {
            byte b = line[pos];
            pos = (pos + 1) % line.length;
            return b & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }

        @Override
        public int available() {
            return Integer.MAX_VALUE;
        }
    }

    /** Takes some bytes, then fails every write as a closed pipe or a full disk would. */
    static final class FailingOutput extends OutputStream {
        private long left;
        private final String error;

        FailingOutput(long accept, String error) {
            this.left = accept;
            this.error = error;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                left = 0;
                throw new IOException(error);
            }
            left -= len;
        }
    }
}
