package io.sendmailflink.udfs.model;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizations applied when a field value is read: Sendmail escapes, angle brackets, case.
 *
 * <p>Sendmail ({@code str2prt}) writes a backslash as {@code \\}, TAB/LF/CR as {@code \t \n \r}
 * and every other unprintable or non-ASCII byte as {@code \ooo}. We decode {@code \\} and the
 * octal escapes of non-ASCII bytes (so {@code j\303\274rgen} reads {@code jürgen}); escapes of
 * control characters stay as text, so no value ever carries a control character that Sendmail
 * did not. Octal runs that are not valid UTF-8 stay escaped.
 */
public final class Text {

    private Text() {
    }

    /** The span with Sendmail's escapes of non-ASCII bytes decoded. */
    public static String decode(String src, int s, int e) {
        int bs = src.indexOf('\\', s);
        if (bs < 0 || bs >= e) {
            return src.substring(s, e);
        }
        StringBuilder out = new StringBuilder(e - s);
        out.append(src, s, bs);
        byte[] bytes = null;
        int nBytes = 0;
        int runStart = -1;
        int i = bs;
        while (i < e) {
            char c = src.charAt(i);
            if (c == '\\' && i + 3 < e && isOctal(src, i + 1) && isOctal(src, i + 2) && isOctal(src, i + 3)
                    && octal(src, i + 1) >= 0200 && octal(src, i + 1) <= 0377) {
                if (bytes == null) {
                    bytes = new byte[(e - i) / 4 + 1];
                }
                if (nBytes == 0) {
                    runStart = i;
                }
                bytes[nBytes++] = (byte) octal(src, i + 1);
                i += 4;
                continue;
            }
            if (nBytes > 0) {
                appendUtf8(out, bytes, nBytes, src, runStart, i);
                nBytes = 0;
            }
            if (c == '\\' && i + 1 < e && src.charAt(i + 1) == '\\') {
                out.append('\\');
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        if (nBytes > 0) {
            appendUtf8(out, bytes, nBytes, src, runStart, e);
        }
        return out.toString();
    }

    private static boolean isOctal(String src, int i) {
        char c = src.charAt(i);
        return c >= '0' && c <= '7';
    }

    private static int octal(String src, int i) {
        return (src.charAt(i) - '0') * 64 + (src.charAt(i + 1) - '0') * 8 + (src.charAt(i + 2) - '0');
    }

    private static void appendUtf8(StringBuilder out, byte[] bytes, int n, String src, int s, int e) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes, 0, n));
            out.append(cb);
        } catch (CharacterCodingException ex) {
            out.append(src, s, e);
        }
    }

    private static final String[] COMMON_TOKENS = {"smtp", "esmtp", "esmtpa", "esmtps", "esmtpsa", "lmtp", "utf8smtp",
        "utf8smtpa", "utf8smtps", "utf8smtpsa", "server", "client"};

    /** A token lower-cased: the common ones (protocols, roles) as constants, without allocating. */
    public static String lowerToken(String src, int s, int e) {
        int n = e - s;
        for (String k : COMMON_TOKENS) {
            if (k.length() == n && src.regionMatches(true, s, k, 0, n)) {
                return k;
            }
        }
        return lower(src.substring(s, e));
    }

    /** ASCII lower case; the same string when nothing changes. */
    public static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c > 127) {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }

    /** ASCII upper case; the same string when nothing changes. */
    public static String upper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || c > 127) {
                return s.toUpperCase(Locale.ROOT);
            }
        }
        return s;
    }

    /** One address: trimmed, surrounding angle brackets removed, escapes decoded. */
    public static String address(String src, int s, int e) {
        while (s < e && src.charAt(s) == ' ') {
            s++;
        }
        while (e > s && src.charAt(e - 1) == ' ') {
            e--;
        }
        if (e - s >= 2 && src.charAt(s) == '<' && src.charAt(e - 1) == '>') {
            s++;
            e--;
        }
        return decode(src, s, e);
    }

    /** A recipient list, each address normalized, joined by commas (no spaces). */
    public static String addressList(String src, int s, int e) {
        int comma = src.indexOf(',', s);
        if (comma < 0 || comma >= e - 1) {
            // one address (perhaps with a trailing comma): the common case
            return address(src, s, comma >= 0 && comma < e ? comma : e);
        }
        boolean plain = true;
        for (int i = s; i < e; i++) {
            char c = src.charAt(i);
            if (c == '<' || c == '\\' || c == '"' || c == ' ') {
                plain = false;
                break;
            }
        }
        if (plain) {
            int ee = e;
            if (ee > s && src.charAt(ee - 1) == ',') {
                ee--;
            }
            return src.substring(s, ee);
        }
        return String.join(",", splitAddressList(src, s, e, true));
    }

    /**
     * Splits a comma-joined recipient list at commas outside double quotes and angle brackets
     * (a quoted local part may hold commas). Empty items (a trailing comma) are skipped.
     */
    public static List<String> splitAddressList(String src, int s, int e, boolean normalize) {
        List<String> out = new ArrayList<>(4);
        boolean quoted = false;
        int depth = 0;
        int itemStart = s;
        for (int i = s; i <= e; i++) {
            char c = i < e ? src.charAt(i) : ',';
            if (i < e && c == '\\' && quoted && i + 1 < e) {
                i++;
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>' && depth > 0) {
                depth--;
            } else if (c == ',' && ((!quoted && depth == 0) || i == e)) {
                int a = itemStart;
                int b = i;
                while (a < b && src.charAt(a) == ' ') {
                    a++;
                }
                while (b > a && src.charAt(b - 1) == ' ') {
                    b--;
                }
                if (b > a) {
                    out.add(normalize ? address(src, a, b) : src.substring(a, b));
                }
                itemStart = i + 1;
            }
        }
        return out;
    }
}
