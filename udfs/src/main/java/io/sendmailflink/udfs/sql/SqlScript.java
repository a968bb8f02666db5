package io.sendmailflink.udfs.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the shared {@code sql/} files are read everywhere (our jobs and the tests that check the
 * files): {@code ${NAME}} placeholders filled in, then split into statements at semicolons
 * outside quotes and comments. One implementation, so the tests exercise what the jobs run.
 */
public final class SqlScript {

    private SqlScript() {
    }

    /** The statements of a file's text, placeholders substituted; comments and blank chunks dropped. */
    public static List<String> statements(String text, Map<String, String> vars, String file) {
        return split(substitute(text, vars, file));
    }

    /**
     * Replaces {@code ${NAME}} (values are SQL-quoted: placeholders stand inside string literals);
     * an unknown name is an error that names the file and line.
     */
    public static String substitute(String sql, Map<String, String> vars, String file) {
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
    public static List<String> split(String sql) {
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
