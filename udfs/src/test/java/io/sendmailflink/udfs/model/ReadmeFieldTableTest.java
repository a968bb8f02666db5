package io.sendmailflink.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The README's field reference is the {@link Field} enum, rendered: this keeps the two equal.
 * {@code -Dreadme.record=true} rewrites the README's table from the enum.
 */
class ReadmeFieldTableTest {

    private static final String BEGIN = "<!-- fields:begin (generated from Field.java by ReadmeFieldTableTest) -->";
    private static final String END = "<!-- fields:end -->";

    static String table() {
        StringBuilder b = new StringBuilder();
        b.append("| field | type (JSON / SQL) | event types | description | example |\n");
        b.append("|---|---|---|---|---|\n");
        for (Field f : Field.values()) {
            b.append("| `").append(f.fieldName()).append("` | ").append(f.type().specType()).append(" / `")
                    .append(f.type().sqlType()).append("` | ").append(cell(f.eventTypes())).append(" | ")
                    .append(cell(f.description())).append(" | `").append(cell(f.example())).append("` |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    @Test
    void readmeFieldTableListsEveryFieldExactly() throws IOException {
        Path readme = Paths.get(System.getProperty("sendmail.readme", "../README.md"));
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertThat(b).as("README has the field table markers").isGreaterThanOrEqualTo(0);
        assertThat(e).isGreaterThan(b);
        String current = text.substring(b + BEGIN.length() + 1, e);
        String expected = table();
        if (Boolean.getBoolean("readme.record")) {
            Files.writeString(readme, text.substring(0, b + BEGIN.length() + 1) + expected + text.substring(e),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).isEqualTo(expected);
    }
}
