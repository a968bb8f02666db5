package io.sendmailflink.jobs.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return split(substitute(read(name), vars, name));
    }

    /** Replaces {@code ${NAME}}; an unknown name is an error that names the file and line. */
    static String substitute(String sql, Map<String, String> vars, String file) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            int p = sql.indexOf("${", i);
            if (p < 0) {
                out.append(sql, i, sql.length());
                break;
            }
            int close = sql.indexOf('}', p);
            if (close < 0) {
                out.append(sql, i, sql.length());
                break;
            }
            String key = sql.substring(p + 2, close);
            String value = vars.get(key);
            if (value == null) {
                long line = sql.substring(0, p).chars().filter(c -> c == '\n').count() + 1;
                throw new IllegalArgumentException(file + ":" + line + ": no value for ${" + key + "}");
            }
            out.append(sql, i, p).append(value.replace("'", "''"));
            i = close + 1;
        }
        return out.toString();
    }

    /** Splits at semicolons outside quotes and comments. */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean meaningful = false;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol;
                cur.append('\n');
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
                cur.append(' ');
                continue;
            }
            if (c == '\'' || c == '`' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                cur.append(sql, i, Math.min(n, j + 1));
                meaningful = true;
                i = j;
                continue;
            }
            if (c == ';') {
                if (meaningful) {
                    out.add(cur.toString().trim());
                }
                cur.setLength(0);
                meaningful = false;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                meaningful = true;
            }
            cur.append(c);
        }
        if (meaningful && !cur.toString().trim().isEmpty()) {
            out.add(cur.toString().trim());
        }
        return out;
    }
}
