package io.sendmailflink.jobs.cep;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Traces and alerts as JSON lines straight to UTF-8 bytes, byte for byte what
 * {@code CepRecords.traceJson(t).getBytes(UTF_8)} (the Jackson writer this replaced, kept in the tests as the reference) and {@code alertJson} give (Jackson's writer:
 * {@code "}, {@code \} and control characters escaped, {@code \b \t \n \f \r} short, the others
 * a backslash-u escape with four hex digits; everything else as is; a lone surrogate, which UTF-8 cannot carry, becomes
 * {@code ?} as {@code String.getBytes} makes it), without the intermediate string and writer.
 * {@code CepJsonTest} checks the identity on hostile text.
 */
public final class CepJson {

    /** Years outside 0-9999 (rare enough for a formatter). */
    private static final java.time.format.DateTimeFormatter ISO_WIDE = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII char: 0 as is, 'u' for a generic escape, else the short escape letter. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int i = 0; i < 32; i++) {
            ESCAPES[i] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES[0x08] = 'b';
        ESCAPES[0x09] = 't';
        ESCAPES[0x0C] = 'f';
        ESCAPES[0x0A] = 'n';
        ESCAPES[0x0D] = 'r';
    }

    private static final ThreadLocal<Out> OUT = ThreadLocal.withInitial(Out::new);

    private CepJson() {
    }

    /** The {@code message_traces} JSON object of a trace, UTF-8. */
    public static byte[] traceJsonUtf8(Trace t) {
        Out o = OUT.get();
        o.reset();
        writeTrace(o, t);
        return o.toByteArray();
    }

    /** The {@code sendmail_alerts} JSON object of an alert, UTF-8. */
    public static byte[] alertJsonUtf8(Alert a) {
        Out o = OUT.get();
        o.reset();
        writeAlert(o, a);
        return o.toByteArray();
    }

    private static void writeTrace(Out o, Trace t) {
        o.raw('{');
        o.first = true;
        o.str("host", t.host);
        o.str("queue_id", t.queueId);
        o.str("message_id", t.messageId);
        o.str("sender", t.sender);
        o.num("size", t.size);
        o.num("nrcpts", t.nrcpts);
        o.str("client_relay", t.clientRelay);
        o.str("client_ip", t.clientIp);
        o.str("protocol", t.protocol);
        o.str("tls_version", t.tlsVersion);
        o.str("auth_mechanism", t.authMechanism);
        o.str("authid", t.authid);
        o.time("first_seen", t.firstSeen);
        o.time("final_time", t.finalTime);
        Double e2e = t.endToEndDelaySeconds();
        if (e2e != null) {
            o.dbl("end_to_end_delay_seconds", e2e);
        }
        o.num("reported_delay_seconds", t.reportedDelaySeconds);
        o.num("attempts", (long) t.attempts());
        o.str("outcome", t.outcome);
        o.num("recipient_count", (long) t.recipients.size());
        o.num("delivered_count", (long) t.count(Trace.SENT));
        o.num("bounced_count", (long) t.count(Trace.BOUNCE));
        o.num("deferred_count", (long) t.count(Trace.DEFERRED));
        o.str("bounce_queue_id", t.bounceQueueId);
        o.str("parent_queue_id", t.parentQueueId);
        o.name("recipients");
        o.raw('[');
        boolean firstElement = true;
        for (Trace.Recipient r : t.recipients) {
            if (!firstElement) {
                o.raw(',');
            }
            firstElement = false;
            o.raw('{');
            o.first = true;
            o.str("address", r.address);
            o.str("status", r.status);
            o.str("dsn", r.dsn);
            o.str("relay", r.relay);
            o.str("mailer", r.mailer);
            o.num("attempts", (long) r.attempts);
            o.time("final_time", r.finalTime);
            o.str("reply", r.reply);
            o.raw('}');
        }
        o.raw(']');
        o.first = false;
        o.name("steps");
        o.raw('[');
        firstElement = true;
        for (Trace.Step s : t.steps) {
            if (!firstElement) {
                o.raw(',');
            }
            firstElement = false;
            o.raw('{');
            o.first = true;
            o.time("time", s.time);
            o.str("event_type", s.eventType);
            o.str("recipient", s.recipient);
            o.str("status", s.status);
            o.str("dsn", s.dsn);
            o.str("relay", s.relay);
            o.str("text", s.text);
            o.raw('}');
        }
        o.raw(']');
        o.raw('}');
    }

    private static void writeAlert(Out o, Alert a) {
        o.raw('{');
        o.first = true;
        o.str("kind", a.kind);
        o.str("severity", a.severity);
        o.str("key_type", a.keyType);
        o.str("key", a.key);
        o.str("host", a.host);
        o.time("first_time", a.firstTime);
        o.time("last_time", a.lastTime);
        o.num("event_count", a.eventCount);
        o.name("sample_lines");
        o.raw('[');
        boolean firstElement = true;
        for (String l : a.sampleLines) {
            if (!firstElement) {
                o.raw(',');
            }
            firstElement = false;
            if (l == null) {
                o.ascii("null");
            } else {
                o.quoted(l);
            }
        }
        o.raw(']');
        o.first = false;
        o.str("description", a.description);
        o.raw('}');
    }

    /** A growing byte buffer with the JSON pieces; one per thread. */
    static final class Out {
        byte[] buf = new byte[4096];
        int len;
        /** No field written yet in the current object. */
        boolean first;
        private char[] chars = new char[256];
        private long cachedDay = Long.MIN_VALUE;
        private final byte[] dayPrefix = new byte[11];

        void reset() {
            len = 0;
            if (buf.length > 1 << 20) {
                buf = new byte[4096];
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        void raw(char c) {
            ensure(1);
            buf[len++] = (byte) c;
        }

        void ascii(String s) {
            int n = s.length();
            ensure(n);
            s.getBytes(0, n, buf, len);
            len += n;
        }

        /** {@code ,"name":} (the names are plain ASCII). */
        void name(String name) {
            ensure(name.length() + 4);
            if (!first) {
                buf[len++] = ',';
            }
            first = false;
            buf[len++] = '"';
            ascii(name);
            ensure(2);
            buf[len++] = '"';
            buf[len++] = ':';
        }

        void str(String name, String v) {
            if (v != null) {
                name(name);
                quoted(v);
            }
        }

        void num(String name, Long v) {
            if (v != null) {
                name(name);
                ascii(Long.toString(v));
            }
        }

        void num(String name, long v) {
            name(name);
            ascii(Long.toString(v));
        }

        void dbl(String name, double v) {
            name(name);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                // Jackson's default (QUOTE_NON_NUMERIC_NUMBERS): as a string
                quoted(String.valueOf(v));
            } else {
                ascii(Double.toString(v));
            }
        }

        void time(String name, Long v) {
            if (v != null) {
                time(name, v.longValue());
            }
        }

        void time(String name, long millis) {
            name(name);
            raw('"');
            iso(millis);
            raw('"');
        }

        /** {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC (years beyond 0-9999 as java.time writes them). */
        private void iso(long millis) {
            long day = Math.floorDiv(millis, 86_400_000L);
            if (day != cachedDay) {
                // civil date of a day number (Howard Hinnant's algorithm)
                long z = day + 719_468;
                long era = Math.floorDiv(z, 146_097);
                long doe = z - era * 146_097;
                long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
                long y = yoe + era * 400;
                long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
                long mp = (5 * doy + 2) / 153;
                long d = doy - (153 * mp + 2) / 5 + 1;
                long m = mp < 10 ? mp + 3 : mp - 9;
                if (m <= 2) {
                    y++;
                }
                if (y < 0 || y > 9999) {
                    ascii(ISO_WIDE.format(java.time.Instant.ofEpochMilli(millis)));
                    return;
                }
                digits(dayPrefix, 0, (int) y, 4);
                dayPrefix[4] = '-';
                digits(dayPrefix, 5, (int) m, 2);
                dayPrefix[7] = '-';
                digits(dayPrefix, 8, (int) d, 2);
                dayPrefix[10] = 'T';
                cachedDay = day;
            }
            int msOfDay = (int) (millis - day * 86_400_000L);
            ensure(24);
            System.arraycopy(dayPrefix, 0, buf, len, 11);
            len += 11;
            digits(buf, len, msOfDay / 3_600_000, 2);
            buf[len + 2] = ':';
            digits(buf, len + 3, msOfDay / 60_000 % 60, 2);
            buf[len + 5] = ':';
            digits(buf, len + 6, msOfDay / 1000 % 60, 2);
            buf[len + 8] = '.';
            digits(buf, len + 9, msOfDay % 1000, 3);
            buf[len + 12] = 'Z';
            len += 13;
        }

        private static void digits(byte[] b, int at, int v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                b[at + i] = (byte) ('0' + v % 10);
                v /= 10;
            }
        }

        /** A JSON string: quoted, escaped as Jackson does, UTF-8. */
        void quoted(String s) {
            int n = s.length();
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            char[] c = chars;
            s.getChars(0, n, c, 0);
            // worst case: 6 bytes per char (a backslash-u escape), 3 per char of UTF-8
            ensure(6 * n + 2);
            byte[] b = buf;
            int p = len;
            b[p++] = '"';
            for (int i = 0; i < n; i++) {
                char ch = c[i];
                if (ch < 0x80) {
                    byte esc = ESCAPES[ch];
                    if (esc == 0) {
                        b[p++] = (byte) ch;
                    } else if (esc == 'u') {
                        b[p++] = '\\';
                        b[p++] = 'u';
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[ch >> 4];
                        b[p++] = HEX[ch & 0xF];
                    } else {
                        b[p++] = '\\';
                        b[p++] = esc;
                    }
                } else if (ch < 0x800) {
                    b[p++] = (byte) (0xC0 | ch >> 6);
                    b[p++] = (byte) (0x80 | ch & 0x3F);
                } else if (Character.isSurrogate(ch)) {
                    if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(c[i + 1])) {
                        int cp = Character.toCodePoint(ch, c[++i]);
                        b[p++] = (byte) (0xF0 | cp >> 18);
                        b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                        b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                        b[p++] = (byte) (0x80 | cp & 0x3F);
                    } else {
                        b[p++] = '?';
                    }
                } else {
                    b[p++] = (byte) (0xE0 | ch >> 12);
                    b[p++] = (byte) (0x80 | ch >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | ch & 0x3F);
                }
            }
            b[p++] = '"';
            len = p;
        }
    }
}
