package io.sendmailflink.udfs.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sendmailflink.udfs.model.EventJson;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real Sendmail logs from other projects (shared/corpus): every line parses without an
 * exception, and the share of lines of a known event type is printed per file.
 */
class CorpusTest {

    private static final Set<String> KNOWN = Set.of("receipt", "delivery", "ruleset_rejection", "authentication",
            "starttls", "connection", "invalid_connection", "pregreet", "rejected_discovery", "service_status");

    static Path corpusDir() {
        return Paths.get(System.getProperty("sendmail.corpus.dir", "../../shared/corpus"));
    }

    @Test
    void everyCorpusLineIsASendmailEventAndMostAreOfAKnownType() throws IOException {
        Path dir = corpusDir();
        assertThat(dir).as("the corpus folder (system property sendmail.corpus.dir)").isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        int total = 0;
        int known = 0;
        Map<String, Integer> byType = new TreeMap<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            int fileKnown = 0;
            for (String line : lines) {
                SendmailEvent e = parser.parse(line);
                String type = e.eventType();
                assertThat(type).as("%s: %s", f.getFileName(), line).isNotNull().isNotEqualTo("unparsed");
                assertThat(e.getString(Field.MESSAGE)).isNotEmpty();
                assertThat(EventJson.toJson(e)).startsWith("{").endsWith("}");
                byType.merge(type, 1, Integer::sum);
                if (KNOWN.contains(type)) {
                    fileKnown++;
                }
            }
            System.out.printf("corpus %-50s %3d lines, %3d of a known event type (%.0f%%)%n", f.getFileName(),
                    lines.size(), fileKnown, 100.0 * fileKnown / Math.max(1, lines.size()));
            total += lines.size();
            known += fileKnown;
        }
        System.out.printf("corpus total: %d lines, %d of a known event type (%.0f%%); by type %s%n", total, known,
                100.0 * known / total, byType);
        // The rest are Sendmail lines the pack has no type for (usrerr, SYSERR, attack counters,
        // open proxy, lost input, ...): they are 'other' with a subtype, never unparsed.
        assertThat(known).isGreaterThanOrEqualTo(total * 70 / 100);
    }

    @Test
    void everyCorpusLineOfTypeOtherNamesItsKind() throws IOException {
        SendmailParser parser = new SendmailParser(ParserOptions.defaults().withYear(2026));
        try (Stream<Path> s = Files.list(corpusDir())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".log")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    SendmailEvent e = parser.parse(line);
                    if ("other".equals(e.eventType())) {
                        assertThat(e.getString(Field.VENDOR_EVENT_SUBTYPE)).as(line).isNotNull();
                    }
                }
            }
        }
    }
}
