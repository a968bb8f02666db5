package io.sendmailflink.jobs.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Backfill over rotated plain and gzip files on a MiniCluster at parallelism 2. */
class BackfillITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                            java.util.Map.of("taskmanager.memory.managed.size", "768m")))
                    .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static void write(Path p, List<String> lines, Instant modified) throws IOException {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        if (p.getFileName().toString().endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(text);
            }
        } else {
            Files.write(p, text);
        }
        Files.setLastModifiedTime(p, FileTime.from(modified));
    }

    static List<JsonNode> readJsonLines(Path folder) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return rows;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void rotatedGzipAndPlainLogsAcrossNewYearLandOnceEachByDay() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        // maillog.1.gz: written at the turn of the year; maillog: the live file, a day later
        write(logs.resolve("maillog.1.gz"), List.of(
                "Dec 31 23:59:58 mx1 sm-mta[10]: starting daemon (8.18.1): SMTP+queueing@00:10:00",
                "Dec 31 23:59:59 mx1 sm-mta[11]: qBVNxx01000011: from=<a@example.org>, size=100, class=0, nrcpts=1,"
                        + " msgid=<m1@example.org>, proto=ESMTP, daemon=MTA, relay=client.example.net [192.0.2.1]",
                "Jan  1 00:00:01 mx1 sm-mta[12]: qBVNxx01000011: to=<b@example.com>, delay=00:00:02, xdelay=00:00:01,"
                        + " mailer=esmtp, pri=30100, relay=mx.example.com. [198.51.100.1], dsn=2.0.0, stat=Sent (ok)",
                "this line is not from sendmail"),
                Instant.parse("2027-01-01T00:00:05Z"));
        write(logs.resolve("maillog"), List.of(
                "Jan  2 10:00:00 mx2 sm-mta[20]: r0AAxx02000020: ruleset=check_rcpt, arg1=<x@example.org>,"
                        + " relay=[203.0.113.9], reject=550 5.7.1 <x@example.org>... Relaying denied",
                "Jan  2 10:00:01 mx2 postfix/smtpd[9]: connect from unknown[192.0.2.1]",
                ""),
                Instant.parse("2027-01-02T12:00:00Z"));

        BackfillJob.Options o = new BackfillJob.Options();
        o.inputs = InputPaths.expand(List.of(logs.toString()));
        o.out = dir.resolve("out");
        o.parallelism = 2;
        BackfillJob.Result r = BackfillJob.run(o, null);

        assertThat(o.inputs).extracting(p -> p.getFileName().toString()).containsExactly("maillog.1.gz", "maillog");
        assertThat(r.linesRead).isEqualTo(7);
        List<JsonNode> events = readJsonLines(o.out.resolve("events"));
        List<JsonNode> dead = readJsonLines(o.out.resolve("unparsed"));
        assertThat(events.size() + dead.size()).as("every line lands exactly once").isEqualTo(7);
        assertThat(events).hasSize(4);
        assertThat(Files.list(o.out.resolve("events")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("dt=2026-12-31", "dt=2027-01-01", "dt=2027-01-02");
        assertThat(readJsonLines(o.out.resolve("events/dt=2026-12-31"))).extracting(n -> n.get("event_type").asText())
                .containsExactlyInAnyOrder("service_status", "receipt");
        assertThat(dead).hasSize(3);
        for (JsonNode d : dead) {
            assertThat(d.get("origin").asText()).satisfiesAnyOf(
                    s -> assertThat(s).endsWith("/logs/maillog.1.gz"), s -> assertThat(s).endsWith("/logs/maillog"));
            assertThat(d.get("line_number").asLong()).isPositive();
            assertThat(d.get("parse_error").asText()).isNotBlank();
        }
        assertThat(dead).extracting(d -> d.get("line_number").asLong()).containsExactlyInAnyOrder(4L, 2L, 3L);
        assertThat(r.linesByType).containsEntry("unparsed", 3L).containsEntry("receipt", 1L);
        assertThat(r.aggregates).isNotEmpty();
        for (String agg : r.aggregates) {
            assertThat(o.out.resolve("aggregates").resolve(agg)).isDirectory();
        }
    }

    @Test
    void csvOutputHasHeadersAndKeepsHostileTextInsideItsField() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("csv-logs"));
        String hostileSender = "<\"a,b\"@evil.example>";
        write(logs.resolve("maillog"), List.of(
                "Mar  3 10:00:00 mx1 sm-mta[11]: r23A0001000011: from=" + hostileSender + ", size=5, class=0,"
                        + " nrcpts=1, msgid=<m1@example.org>, proto=ESMTP, daemon=MTA, relay=c.example.net [192.0.2.1]",
                "not, \"sendmail\" at all"),
                Instant.parse("2027-03-03T12:00:00Z"));

        BackfillJob.Options o = new BackfillJob.Options();
        o.inputs = InputPaths.expand(List.of(logs.toString()));
        o.out = dir.resolve("csv-out");
        o.format = "csv";
        o.parallelism = 2;
        BackfillJob.Result r = BackfillJob.run(o, null);
        assertThat(r.linesRead).isEqualTo(2);

        List<java.util.Map<String, String>> events = readCsv(o.out.resolve("events/dt=2027-03-03"));
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("event_type", "receipt").containsEntry("email_size", "5")
                .containsEntry("line_number", "1").containsEntry("event_time", "2027-03-03T10:00:00.000Z");
        assertThat(events.get(0).get("email_from")).contains("\"a,b\"@evil.example");
        assertThat(events.get(0).keySet()).containsExactlyElementsOf(io.sendmailflink.jobs.workflow.RecordFormat.eventColumns());

        List<java.util.Map<String, String>> dead = readCsv(o.out.resolve("unparsed"));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0)).containsEntry("line", "not, \"sendmail\" at all").containsEntry("line_number", "2");
        assertThat(dead.get(0).get("parse_error")).isNotBlank();

        for (String agg : r.aggregates) {
            assertThat(o.out.resolve("aggregates").resolve(agg)).isDirectory();
        }
        List<String> overview = readLines(o.out.resolve("aggregates/agg_overview_lines"));
        // one CSV row per host and hour; the unparsed line has no host and the file's time
        assertThat(overview).containsExactlyInAnyOrder(
                "\"2027-03-03 10:00:00\",\"2027-03-03 11:00:00\",mx1,1,1,0",
                "\"2027-03-03 12:00:00\",\"2027-03-03 13:00:00\",,1,0,1");
    }

    private static List<String> readLines(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Every CSV part file of a folder, each read with its own header row. */
    private static List<java.util.Map<String, String>> readCsv(Path folder) throws IOException {
        com.fasterxml.jackson.dataformat.csv.CsvMapper csv = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        List<java.util.Map<String, String>> rows = new ArrayList<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                assertThat(f.getFileName().toString()).endsWith(".csv");
                try (com.fasterxml.jackson.databind.MappingIterator<java.util.Map<String, String>> it = csv
                        .readerForMapOf(String.class)
                        .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                        .readValues(f.toFile())) {
                    rows.addAll(it.readAll());
                }
            }
        }
        return rows;
    }
}
