package io.sendmailflink.udfs.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The numbered files of {@code sql/} (system property {@code sendmail.sql.dir}) as the jobs and
 * the SQL client run them: split into statements at a {@code ;} that ends a line, {@code ${NAME}}
 * placeholders substituted from a map, each statement executed in order.
 */
final class SqlFiles {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private SqlFiles() {
    }

    static Path dir() {
        String dirName = System.getProperty("sendmail.sql.dir");
        if (dirName == null) {
            throw new IllegalStateException("system property sendmail.sql.dir is not set");
        }
        return Path.of(dirName);
    }

    static String text(String fileName) {
        try {
            return Files.readString(dir().resolve(fileName), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ${NAME}} replaced by {@code values.get(NAME)}, as the jobs do; an unknown name is an error. */
    static String substitute(String text, Map<String, String> values) {
        return SqlScript.substitute(text, values, "sql");
    }

    /** The placeholder names a text uses. */
    static List<String> placeholders(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The statements of a text, split as the jobs split them. */
    static List<String> statements(String text) {
        return SqlScript.split(text);
    }

    /** The statements of a file, placeholders substituted. */
    static List<String> statements(String fileName, Map<String, String> values) {
        return statements(substitute(text(fileName), values));
    }

    /** Runs every statement of the files, in order. */
    static void run(TableEnvironment tEnv, Map<String, String> values, String... fileNames) {
        for (String fileName : fileNames) {
            for (String statement : statements(fileName, values)) {
                try {
                    tEnv.executeSql(statement);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(fileName + ": " + e.getMessage() + "\n" + statement, e);
                }
            }
        }
    }
}
