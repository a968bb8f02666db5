package io.sendmailflink.udfs.parse;

import static io.sendmailflink.udfs.model.SendmailEvent.HOST;
import static io.sendmailflink.udfs.model.SendmailEvent.TEXT;

import io.sendmailflink.udfs.enrich.SmtpCodes;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;

/**
 * Third parsing stage: composite values inside a {@code key=value} tail — {@code relay=},
 * SMTP replies ({@code reject=}, {@code reply=}, {@code stat=} text), {@code stat=}, delays.
 */
final class Composite {

    /** "0".."9", "10".. as constants: enhanced-code parts are set without allocating. */
    private static final String[] NUMBERS = new String[1000];

    static {
        for (int i = 0; i < NUMBERS.length; i++) {
            NUMBERS[i] = Integer.toString(i).intern();
        }
    }

    private Composite() {
    }

    /**
     * A relay value, Sendmail's {@code $_} / host forms: {@code [user@]host [ip] (may be forged)},
     * {@code [ip]}, {@code host}, {@code [IPv6:x]}, {@code IDENT:user@host [ip]},
     * {@code [127.0.0.1] [127.0.0.1]}. Sets the user, warning, host name and IP fields of the
     * source or the destination side. Host names lose a trailing dot and are lower-cased.
     */
    static void relay(String s, int a, int b, SendmailEvent e, boolean source) {
        Field ipField = source ? Field.SOURCE_IP : Field.DESTINATION_IP;
        Field hostField = source ? Field.SOURCE_HOSTNAME : Field.DESTINATION_HOSTNAME;
        relay(s, a, b, e, ipField, hostField);
    }

    static void relay(String s, int a, int b, SendmailEvent e, Field ipField, Field hostField) {
        a = Scan.skipSpaces(s, a, b);
        b = Scan.trimEnd(s, a, b);
        if (a >= b) {
            return;
        }
        // (may be forged) or another parenthesized warning
        if (s.charAt(b - 1) == ')') {
            int p = Scan.lastIndexOf(s, " (", a, b);
            if (p >= a) {
                // host (ip): Sendmail's form when $_ is unset
                if (looksLikeIp(s, p + 2, b - 1)) {
                    ip(s, p + 2, b - 1, e, ipField);
                    b = Scan.trimEnd(s, a, p);
                    if (b > a && s.charAt(b - 1) == '.') {
                        b--;
                    }
                    if (b > a) {
                        e.setSpan(hostField, a, b, HOST);
                    }
                    return;
                }
                e.setSpan(Field.VENDOR_RELAY_WARNING, p + 2, b - 1, TEXT);
                b = Scan.trimEnd(s, a, p);
            }
        }
        boolean haveIp = false;
        if (b > a && s.charAt(b - 1) == ']') {
            int lb = Scan.lastIndexOf(s, '[', a, b - 1);
            if (lb >= a && (lb == a || s.charAt(lb - 1) == ' ')) {
                haveIp = ip(s, lb + 1, b - 1, e, ipField);
                b = Scan.trimEnd(s, a, lb);
            }
        }
        if (a >= b) {
            return;
        }
        // the host part: [literal], user@host, IDENT:user@host, host
        if (s.charAt(a) == '[' && s.charAt(b - 1) == ']') {
            if (!haveIp) {
                ip(s, a + 1, b - 1, e, ipField);
            }
            return;
        }
        int at = Scan.lastIndexOf(s, '@', a, b);
        if (at >= a) {
            int us = a;
            if (Scan.startsWith(s, "IDENT:", us, at)) {
                us += 6;
            }
            if (at > us) {
                e.setSpan(Field.VENDOR_RELAY_USER, us, at, TEXT);
            }
            a = at + 1;
        }
        if (b > a && s.charAt(b - 1) == '.') {
            b--;
        }
        if (b > a) {
            e.setSpan(hostField, a, b, HOST);
        }
    }

    /** Dotted-quad or IPv6 characters only (with at least one separator). */
    private static boolean looksLikeIp(String s, int a, int b) {
        if (b - a < 2 || b - a > 45) {
            return false;
        }
        boolean sep = false;
        for (int i = a; i < b; i++) {
            char c = s.charAt(i);
            if (c == '.' || c == ':') {
                sep = true;
            } else if (!(Scan.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return sep;
    }

    /** An address inside brackets: {@code IPv6:} tag and source-route hops removed. */
    private static boolean ip(String s, int a, int b, SendmailEvent e, Field ipField) {
        if (Scan.startsWith(s, "IPv6:", a, b) || Scan.startsWith(s, "ipv6:", a, b) || Scan.startsWith(s, "IPV6:", a, b)) {
            a += 5;
        }
        int hop = Scan.indexOf(s, '@', a, b);
        if (hop >= 0) {
            b = hop;
        }
        if (a < b && s.charAt(a) == '!') {
            a++;
        }
        if (b > a) {
            e.setSpan(ipField, a, b, HOST);
            return true;
        }
        return false;
    }

    /**
     * An SMTP reply {@code 550 5.7.1 text} (also {@code 421-4.7.0 text}, codes optional): sets
     * the reply code, the enhanced status parts, their descriptions and the message. Returns
     * whether any code was found.
     */
    static boolean smtpReply(String s, int a, int b, SendmailEvent e, boolean setMessage) {
        a = Scan.skipSpaces(s, a, b);
        int i = a;
        boolean found = false;
        if (b - i >= 3 && s.charAt(i) >= '2' && s.charAt(i) <= '5' && Scan.isDigit(s.charAt(i + 1))
                && Scan.isDigit(s.charAt(i + 2)) && (b - i == 3 || s.charAt(i + 3) == ' ' || s.charAt(i + 3) == '-')) {
            int code = (s.charAt(i) - '0') * 100 + (s.charAt(i + 1) - '0') * 10 + (s.charAt(i + 2) - '0');
            e.setSpan(Field.SMTP_RESPONSE_CODE, i, i + 3);
            e.setString(Field.SMTP_RESPONSE_CODE_DESCRIPTION, SmtpCodes.replyCodeDescription(code));
            found = true;
            i = Math.min(b, i + 4);
        }
        int after = enhancedCode(s, i, b, e);
        if (after > i) {
            found = true;
            i = after;
        }
        if (setMessage && found) {
            i = Scan.skipSpaces(s, i, b);
            if (i < b) {
                e.setSpan(Field.VENDOR_SMTP_RESPONSE_MESSAGE, i, b, TEXT);
            }
        }
        return found;
    }

    /**
     * An enhanced status code {@code c.s.d} at {@code i}, followed by a space or the end. Sets its
     * parts and descriptions; returns the index after it, or {@code i} when there is none.
     */
    static int enhancedCode(String s, int i, int b, SendmailEvent e) {
        if (b - i < 5) {
            return i;
        }
        char c = s.charAt(i);
        if ((c != '2' && c != '4' && c != '5') || s.charAt(i + 1) != '.') {
            return i;
        }
        int j = i + 2;
        int subjStart = j;
        int subject = 0;
        while (j < b && Scan.isDigit(s.charAt(j)) && j - subjStart < 3) {
            subject = subject * 10 + (s.charAt(j) - '0');
            j++;
        }
        if (j == subjStart || j >= b || s.charAt(j) != '.') {
            return i;
        }
        int subjEnd = j;
        j++;
        int detStart = j;
        int detail = 0;
        while (j < b && Scan.isDigit(s.charAt(j)) && j - detStart < 3) {
            detail = detail * 10 + (s.charAt(j) - '0');
            j++;
        }
        if (j == detStart || (j < b && s.charAt(j) != ' ' && s.charAt(j) != ',' && s.charAt(j) != ')')) {
            return i;
        }
        int cls = c - '0';
        e.setString(Field.SMTP_RESPONSE_ENHANCED_CLASS_CODE, NUMBERS[cls]);
        e.setString(Field.SMTP_RESPONSE_ENHANCED_CLASS_CODE_DESCRIPTION, SmtpCodes.enhancedClassDescription(cls));
        e.setSpan(Field.SMTP_RESPONSE_ENHANCED_SUBJECT_CODE, subjStart, subjEnd);
        e.setString(Field.SMTP_RESPONSE_ENHANCED_SUBJECT_CODE_DESCRIPTION, SmtpCodes.enhancedSubjectDescription(subject));
        e.setSpan(Field.SMTP_RESPONSE_ENHANCED_DETAIL_CODE, detStart, j);
        e.setSpan(Field.SMTP_RESPONSE_ENHANCED_STATUS_CODE, subjStart, j);
        e.setString(Field.SMTP_RESPONSE_ENHANCED_STATUS_CODE_DESCRIPTION, SmtpCodes.enhancedStatusDescription(subject, detail));
        return j;
    }

    /**
     * {@code stat=}: the whole value, the abbreviated status and its text:
     * {@code Sent (text)}, {@code Deferred: text}, {@code Host unknown (text)}, {@code queued}.
     * Returns the {@link #span} of the text (or of the whole value when it has no text part), or -1.
     */
    static long status(String s, int a, int b, SendmailEvent e) {
        b = Scan.trimEnd(s, a, b);
        if (a >= b) {
            return -1;
        }
        e.setSpan(Field.VENDOR_STATUS_FULL, a, b, TEXT);
        int colon = Scan.indexOf(s, ": ", a, b);
        int paren = Scan.indexOf(s, " (", a, b);
        if (colon > a && (paren < 0 || colon < paren)) {
            e.setSpan(Field.VENDOR_STATUS, a, colon, TEXT);
            int t = Scan.skipSpaces(s, colon + 2, b);
            if (t < b) {
                e.setSpan(Field.VENDOR_STATUS_TEXT, t, b, TEXT);
                return span(t, b);
            }
        } else if (paren > a && s.charAt(b - 1) == ')') {
            e.setSpan(Field.VENDOR_STATUS, a, paren, TEXT);
            if (b - 1 > paren + 2) {
                e.setSpan(Field.VENDOR_STATUS_TEXT, paren + 2, b - 1, TEXT);
                return span(paren + 2, b - 1);
            }
        } else {
            e.setSpan(Field.VENDOR_STATUS, a, b, TEXT);
            return span(a, b);
        }
        return -1;
    }

    /** Two indexes in one long (start high, end low): spans returned without allocating. */
    static long span(int start, int end) {
        return ((long) start << 32) | (end & 0xffffffffL);
    }

    static int spanStart(long span) {
        return (int) (span >>> 32);
    }

    static int spanEnd(long span) {
        return (int) span;
    }

    /** A delay value into its text field and its seconds field. */
    static void delay(String s, int a, int b, SendmailEvent e, Field text, Field seconds) {
        b = Scan.trimEnd(s, a, b);
        if (a >= b) {
            return;
        }
        e.setSpan(text, a, b);
        long secs = Delay.seconds(s, a, b);
        if (secs != Delay.INVALID) {
            e.setLong(seconds, secs);
        }
    }

    /** A number field; ignored when the text is not a number. */
    static void number(String s, int a, int b, SendmailEvent e, Field f) {
        long v = Scan.parseLong(s, a, Scan.trimEnd(s, a, b));
        if (v != Long.MIN_VALUE) {
            e.setLong(f, v);
        }
    }

    /** The constant string of a small non-negative number. */
    static String number(int n) {
        return n >= 0 && n < NUMBERS.length ? NUMBERS[n] : Integer.toString(n);
    }
}
