package io.sendmailflink.jobs.workflow;

import io.sendmailflink.udfs.sql.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The shared {@code sql/} files: loaded from a folder (development, {@code --sql-dir}) or from the
 * jar, split into statements, with {@code ${NAME}} placeholders filled in.
 */
public final class SqlScripts {

    private final Path dir;

    /** Files from {@code dir}, or from the jar's {@code sql/} when {@code dir} is null. */
    public SqlScripts(Path dir) {
        this.dir = dir;
    }

    /** The text of one file, such as {@code 03_events.sql}. */
    public String read(String name) {
        try {
            if (dir != null) {
                return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            }
            try (InputStream in = SqlScripts.class.getClassLoader().getResourceAsStream("sql/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("no SQL file sql/" + name + " in the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL file " + name + ": " + e.getMessage(), e);
        }
    }

    /** The statements of a file, placeholders substituted; comments and blank chunks dropped. */
    public List<String> statements(String name, Map<String, String> vars) {
        return SqlScript.statements(read(name), vars, name);
    }
}
