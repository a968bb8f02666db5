package io.sendmailflink.udfs.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendmailflink.udfs.model.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sample files together show every field and every event type at least once. */
class SampleCoverageTest {

    @Test
    void everyFieldAndEventTypeAppearsInSomeSample() throws IOException {
        Set<String> fields = new HashSet<>();
        Set<String> types = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> s = Files.list(SampleLinesTest.samplesDir())) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode expect = json.readTree(p.toFile()).path("expect");
                for (Iterator<String> it = expect.fieldNames(); it.hasNext(); ) {
                    fields.add(it.next());
                }
                types.add(expect.path("event_type").asText());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Field f : Field.values()) {
            if (f != Field.MESSAGE && !fields.contains(f.fieldName())) {
                missing.add(f.fieldName());
            }
        }
        assertThat(missing).as("fields no sample shows").isEmpty();
        assertThat(types).contains("receipt", "delivery", "ruleset_rejection", "authentication", "starttls",
                "connection", "invalid_connection", "pregreet", "rejected_discovery", "service_status", "other",
                "unparsed");
    }
}
