package io.sendmailflink.udfs.parse;

/**
 * Bounded string searches the parser is built from. Every method is linear in the range it is
 * given and allocates nothing.
 */
final class Scan {

    private Scan() {
    }

    /** First index of {@code needle} starting in [from, to - needle.length()], or -1. */
    static int indexOf(String s, String needle, int from, int to) {
        if (from < 0) {
            from = 0;
        }
        int i = s.indexOf(needle, from);
        return i >= 0 && i + needle.length() <= to ? i : -1;
    }

    static int indexOf(String s, char c, int from, int to) {
        for (int i = Math.max(from, 0); i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Last index of {@code needle} lying wholly within [from, to), or -1. */
    static int lastIndexOf(String s, String needle, int from, int to) {
        // a backward scan on the first character, bounded by from (String.lastIndexOf is not)
        char c0 = needle.charAt(0);
        int n = needle.length();
        for (int i = to - n; i >= from; i--) {
            if (s.charAt(i) == c0 && s.startsWith(needle, i)) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(String s, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(String s, String prefix, int at, int to) {
        return at + prefix.length() <= to && s.startsWith(prefix, at);
    }

    static boolean endsWith(String s, String suffix, int from, int to) {
        return to - suffix.length() >= from && s.startsWith(suffix, to - suffix.length());
    }

    /** Whether {@code s[at..]} is {@code key=} with key of [a-z0-9_-] (a Sendmail tail key). */
    static boolean isKeyAt(String s, int at, int to) {
        int i = at;
        while (i < to) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                i++;
                continue;
            }
            return c == '=' && i > at;
        }
        return false;
    }

    /** Index of the next {@code ", key="} boundary in [from, to), or -1. */
    static int nextKey(String s, int from, int to) {
        int i = from;
        while (true) {
            i = indexOf(s, ", ", i, to);
            if (i < 0) {
                return -1;
            }
            if (isKeyAt(s, i + 2, to)) {
                return i;
            }
            i++;
        }
    }

    /**
     * End of an address-like value starting at {@code from}: the first {@code ", key="} (or
     * {@code ", [more]"} / {@code ", discard"}) outside double quotes and angle brackets, so that a
     * quoted local part such as {@code "a, size=1"@x} cannot end the value early. If quotes or
     * brackets never balance, the first plain boundary is used. Returns {@code to} when none.
     */
    static int endOfAddress(String s, int from, int to) {
        boolean quoted = false;
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '<') {
                depth++;
            } else if (c == '>') {
                if (depth > 0) {
                    depth--;
                }
            } else if (c == ',' && depth == 0 && i + 1 < to && s.charAt(i + 1) == ' '
                    && isBoundary(s, i + 2, to)) {
                return i;
            }
        }
        if (quoted || depth > 0) {
            for (int i = from; i < to; i++) {
                if (s.charAt(i) == ',' && i + 1 < to && s.charAt(i + 1) == ' ' && isBoundary(s, i + 2, to)) {
                    return i;
                }
            }
        }
        return to;
    }

    private static boolean isBoundary(String s, int at, int to) {
        return isKeyAt(s, at, to) || startsWith(s, "[more]", at, to)
                || (startsWith(s, "discard", at, to) && at + 7 == to);
    }

    /**
     * The first {@code key} (such as {@code ", authid="}) in [from, to) that directly follows the
     * end of a relay value ({@code ]} of its IP or {@code )} of its warning); failing that, the
     * first one. A relay's ident user name may itself hold the key text; the real key follows the
     * bracketed IP.
     */
    static int afterRelay(String s, String key, int from, int to) {
        int first = indexOf(s, key, from, to);
        int i = first;
        while (i > from) {
            char c = s.charAt(i - 1);
            if (c == ']' || c == ')') {
                return i;
            }
            i = indexOf(s, key, i + 1, to);
        }
        return first;
    }

    /** Parses a decimal (optionally negative) long in [from, to); {@link Long#MIN_VALUE} if not one. */
    static long parseLong(String s, int from, int to) {
        if (from >= to || to - from > 19) {
            return Long.MIN_VALUE;
        }
        boolean neg = false;
        int i = from;
        if (s.charAt(i) == '-') {
            neg = true;
            i++;
            if (i == to) {
                return Long.MIN_VALUE;
            }
        }
        long v = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return neg ? -v : v;
    }

    static int skipSpaces(String s, int i, int to) {
        while (i < to && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    static int trimEnd(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        return to;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Length of a Sendmail queue ID at {@code i} ({@code [0-9A-Za-z]{8}\d{5,}} in 8.x, also the
     * 12-character IDs of older releases), or 0. The ID must be followed by {@code ':'} or
     * {@code '['} (a split-line part number).
     */
    static int queueIdLength(String s, int i, int to) {
        int j = i;
        int limit = Math.min(to, i + 24);
        while (j < limit && isAlnum(s.charAt(j))) {
            j++;
        }
        int len = j - i;
        if (len < 9 || len > 22 || j >= to) {
            return 0;
        }
        char next = s.charAt(j);
        if (next != ':' && next != '[') {
            return 0;
        }
        // ends in at least four digits (the pid part)
        for (int k = j - 4; k < j; k++) {
            if (!isDigit(s.charAt(k))) {
                return 0;
            }
        }
        // and has a letter or starts the 8-character time part
        return len;
    }
}
