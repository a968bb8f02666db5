package io.sendmailflink.udfs.parse;

import static io.sendmailflink.udfs.model.SendmailEvent.HOST;
import static io.sendmailflink.udfs.parse.Scan.indexOf;
import static io.sendmailflink.udfs.parse.Scan.startsWith;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import io.sendmailflink.udfs.model.Timestamps;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Parses one Sendmail syslog line into a {@link SendmailEvent}. Never throws, whatever the
 * input: a line that is not a Sendmail syslog line gives {@code event_type = unparsed} and a
 * {@code parse_error} that says why and where.
 *
 * <p>Stage 1 (this class): the envelope — Filebeat JSON, RFC 5424, RFC 3164 with or without
 * {@code <PRI>}, ISO-timestamp rsyslog lines, syslog-ng {@code <facility.level>}, Solaris
 * {@code [ID n facility.level]}, headerless {@code sm-mta[pid]: ...} and bare messages.
 * Stage 2 ({@link MessageParser}): the Sendmail message and its {@code key=value} tail.
 * Stage 3 ({@link Composite}): {@code relay=}, {@code stat=}, SMTP replies, delays.
 *
 * <p>HOT PATH: hand-written and regex-free; every scan is bounded by the line, so time is
 * linear in its length. One instance per thread (it keeps small caches).
 */
public final class SendmailParser {

    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1",
        "local2", "local3", "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    private static final long DAY_MS = 86_400_000L;
    /** A line may be this far ahead of the reference time (clock skew, zone mix-ups) and keep its year. */
    private static final long AHEAD_TOLERANCE_MS = 2 * DAY_MS;

    private final ParserOptions options;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final int fixedOffsetSeconds;
    private final JsonFactory json = JsonFactory.builder().build();

    private long referenceMillis = Long.MIN_VALUE;
    private int refYear;
    private long refLocalMillis;
    private long cachedHourKey = Long.MIN_VALUE;
    private int cachedHourOffset;

    public SendmailParser() {
        this(ParserOptions.defaults());
    }

    public SendmailParser(ParserOptions options) {
        this.options = options;
        this.zone = options.zone();
        this.rules = zone.getRules();
        this.fixedOffsetSeconds = rules.isFixedOffset() ? rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds()
                : Integer.MIN_VALUE;
        if (options.referenceTime() != null) {
            setReferenceTime(options.referenceTime().toEpochMilli());
        }
    }

    public ParserOptions options() {
        return options;
    }

    /**
     * Sets the time RFC 3164 years are inferred from (for a file: its last modification). Until
     * set, the current time at each parse is used.
     */
    public void setReferenceTime(long epochMillis) {
        if (epochMillis == referenceMillis) {
            return;
        }
        referenceMillis = epochMillis;
        int off = offsetAtInstant(epochMillis);
        refLocalMillis = epochMillis + off * 1000L;
        refYear = yearOfLocal(refLocalMillis);
    }

    /** Parses a line into a new event. */
    public SendmailEvent parse(String line) {
        return parseInto(line, new SendmailEvent());
    }

    /** Parses a line into {@code e}, which is reset first; returns {@code e}. */
    public SendmailEvent parseInto(String line, SendmailEvent e) {
        String s = line == null ? "" : line;
        e.reset(s);
        int from = 0;
        int to = s.length();
        while (to > from && isTrailingSpace(s.charAt(to - 1))) {
            to--;
        }
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t' || s.charAt(from) == '\uFEFF')) {
            from++;
        }
        if (from >= to) {
            unparsed(e, s.isEmpty() ? "empty line" : "blank line");
            return e;
        }
        if (s.charAt(from) == '{') {
            filebeat(s, from, to, e);
            return e;
        }
        envelope(s, from, to, e, false);
        return e;
    }

    private static boolean isTrailingSpace(char c) {
        return c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '\0';
    }

    /** Marks the event unparsed; the whole text is kept as its message, so nothing is lost. */
    private static void unparsed(SendmailEvent e, String why) {
        e.setString(Field.EVENT_TYPE, MessageParser.UNPARSED);
        e.setString(Field.PARSE_ERROR, why);
        if (!e.has(Field.MESSAGE)) {
            e.setSpan(Field.MESSAGE, 0, e.text().length());
        }
    }

    // ---- stage 1: the syslog envelope ---------------------------------------------------------

    /**
     * Reads the header from {@code from}, then hands the message to stage 2. Returns whether a
     * message was found. {@code viaJson}: the line is a Filebeat event's message (host and time
     * may come from the event).
     */
    private boolean envelope(String s, int from, int to, SendmailEvent e, boolean viaJson) {
        int i = from;
        String format = null;
        // <PRI>
        if (s.charAt(i) == '<') {
            int j = i + 1;
            int pri = 0;
            while (j < to && j - i <= 3 && Scan.isDigit(s.charAt(j))) {
                pri = pri * 10 + (s.charAt(j) - '0');
                j++;
            }
            if (j > i + 1 && j < to && s.charAt(j) == '>' && pri <= 191) {
                setPri(e, pri);
                i = j + 1;
                if (startsWith(s, "1 ", i, to)) {
                    return rfc5424(s, i + 2, to, e);
                }
                format = "rfc3164";
            }
        }
        // timestamp
        boolean hadTimestamp = false;
        int t = rfc3164Timestamp(s, i, to, e);
        if (t > i) {
            hadTimestamp = true;
            if (format == null) {
                format = "rfc3164";
            }
        } else {
            t = isoTimestamp(s, i, to, e, true);
            if (t > i) {
                hadTimestamp = true;
                format = "iso";
            }
        }
        if (hadTimestamp) {
            if (t >= to || s.charAt(t) != ' ') {
                unparsed(e, "no host or tag after the timestamp at column " + (t + 1));
                return false;
            }
            i = Scan.skipSpaces(s, t, to);
        }
        // syslog-ng <facility.level>
        if (i < to && s.charAt(i) == '<') {
            int close = indexOf(s, '>', i + 1, Math.min(to, i + 24));
            int dot = close > 0 ? indexOf(s, '.', i + 1, close) : -1;
            if (dot > i + 1) {
                e.setSpan(Field.FACILITY, i + 1, dot, SendmailEvent.LOWER);
                e.setSpan(Field.SEVERITY, dot + 1, close, SendmailEvent.LOWER);
                i = Scan.skipSpaces(s, close + 1, to);
            }
        }
        if (i >= to) {
            unparsed(e, "nothing after the syslog header at column " + (i + 1));
            return false;
        }
        // host, then tag; or the tag alone (headerless); or a bare Sendmail message
        int tokEnd = indexOf(s, ' ', i, to);
        if (tokEnd < 0) {
            tokEnd = to;
        }
        int tagStart = i;
        if (!looksLikeTag(s, i, tokEnd)) {
            if (hadTimestamp) {
                e.setSpan(Field.SOURCE, i, tokEnd, HOST);
                tagStart = Scan.skipSpaces(s, tokEnd, to);
            } else {
                // no header at all: a bare message (journald -o cat) or not a log line
                return bare(s, i, to, e, format == null ? "bare" : format, viaJson);
            }
        } else if (!hadTimestamp) {
            format = format == null ? "headerless" : format;
        }
        if (format == null) {
            format = "headerless";
        }
        e.setString(Field.LOG_FORMAT, format);
        int ms = tag(s, tagStart, to, e);
        if (ms < 0) {
            return false;
        }
        return message(s, ms, to, e, true);
    }

    /** A bare Sendmail message (no syslog header): accepted when it starts like one. */
    private boolean bare(String s, int i, int to, SendmailEvent e, String format, boolean viaJson) {
        boolean sendmailLike = startsWith(s, "NOQUEUE: ", i, to) || Scan.queueIdLength(s, i, to) > 0
                || startsWith(s, "STARTTLS", i, to) || startsWith(s, "AUTH=", i, to) || startsWith(s, "ruleset=", i, to)
                || startsWith(s, "starting daemon", i, to);
        if (!sendmailLike) {
            unparsed(e, "no syslog header and not a Sendmail message at column " + (i + 1));
            return false;
        }
        e.setString(Field.LOG_FORMAT, format);
        return message(s, i, to, e, true);
    }

    /** {@code name[pid]:} or {@code name:} in [i, tokEnd). */
    private static boolean looksLikeTag(String s, int i, int tokEnd) {
        if (tokEnd - i < 2 || s.charAt(tokEnd - 1) != ':') {
            return false;
        }
        if (s.charAt(tokEnd - 2) == ']') {
            return indexOf(s, '[', i, tokEnd) > i;
        }
        // name: — but not a queue ID or NOQUEUE (a bare message)
        return Scan.queueIdLength(s, i, tokEnd) == 0 && !startsWith(s, "NOQUEUE:", i, tokEnd)
                && indexOf(s, '=', i, tokEnd) < 0;
    }

    /** Parses the tag at {@code i}; returns where the message starts, or -1 (event unparsed). */
    private static int tag(String s, int i, int to, SendmailEvent e) {
        int j = i;
        while (j < to) {
            char c = s.charAt(j);
            if (c == '[' || c == ':' || c == ' ') {
                break;
            }
            j++;
        }
        if (j == i || j >= to || s.charAt(j) == ' ') {
            unparsed(e, "no syslog tag (name[pid]:) at column " + (i + 1));
            return -1;
        }
        e.setSpan(Field.APPLICATION_NAME, i, j);
        if (s.charAt(j) == '[') {
            int close = indexOf(s, ']', j + 1, to);
            if (close < 0 || close + 1 >= to || s.charAt(close + 1) != ':') {
                unparsed(e, "unterminated process id in the syslog tag at column " + (j + 1));
                return -1;
            }
            if (close > j + 1) {
                e.setSpan(Field.PROCESS_ID, j + 1, close);
            }
            j = close + 1;
        }
        // at ':'
        int ms = j + 1;
        if (ms < to && s.charAt(ms) == ' ') {
            ms++;
        }
        // Solaris: [ID 801593 mail.notice]
        if (startsWith(s, "[ID ", ms, to)) {
            int close = indexOf(s, ']', ms, to);
            if (close > 0) {
                int sp = Scan.lastIndexOf(s, ' ', ms + 4, close);
                int dot = sp > 0 ? indexOf(s, '.', sp, close) : -1;
                if (dot > sp + 1 && !e.has(Field.FACILITY)) {
                    e.setSpan(Field.FACILITY, sp + 1, dot, SendmailEvent.LOWER);
                    e.setSpan(Field.SEVERITY, dot + 1, close, SendmailEvent.LOWER);
                }
                ms = Scan.skipSpaces(s, close + 1, to);
            }
        }
        return ms;
    }

    /** Stage 2, then the check that the line is Sendmail's. */
    private static boolean message(String s, int ms, int to, SendmailEvent e, boolean checkTag) {
        if (ms >= to) {
            unparsed(e, "empty message at column " + (ms + 1));
            return false;
        }
        MessageParser.parse(s, ms, to, e);
        if (checkTag && e.rawEqualsIgnoreCase(Field.EVENT_TYPE, MessageParser.OTHER) && !e.has(Field.VENDOR_EVENT_SUBTYPE)
                && !e.has(Field.EMAIL_UID) && !isSendmailProcess(s, e)) {
            String app = e.has(Field.APPLICATION_NAME) ? e.getString(Field.APPLICATION_NAME) : "(none)";
            e.setString(Field.EVENT_TYPE, MessageParser.UNPARSED);
            e.setString(Field.PARSE_ERROR, "not a Sendmail line: process '" + app
                    + "' and an unknown message at column " + (ms + 1));
            return false;
        }
        return true;
    }

    /** sendmail, sm-* (Debian labels such as sm-mta, sm-msp-queue), *sendmail*; or a Filebeat event that says so. */
    private static boolean isSendmailProcess(String s, SendmailEvent e) {
        if (e.rawEqualsIgnoreCase(Field.EVENT_SOURCE_PRODUCT, "sendmail")) {
            return true;
        }
        if (!e.has(Field.APPLICATION_NAME)) {
            return false;
        }
        String app = e.getString(Field.APPLICATION_NAME);
        return app.startsWith("sm-") || app.contains("sendmail");
    }

    private static void setPri(SendmailEvent e, int pri) {
        int fac = pri >> 3;
        if (fac < FACILITIES.length) {
            e.setString(Field.FACILITY, FACILITIES[fac]);
        }
        e.setString(Field.SEVERITY, SEVERITIES[pri & 7]);
    }

    /** RFC 5424 after {@code <PRI>1 }: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]. */
    private boolean rfc5424(String s, int i, int to, SendmailEvent e) {
        e.setString(Field.LOG_FORMAT, "rfc5424");
        // TIMESTAMP
        if (startsWith(s, "- ", i, to)) {
            i += 2;
        } else {
            int t = isoTimestamp(s, i, to, e, false);
            if (t <= i || t >= to || s.charAt(t) != ' ') {
                unparsed(e, "invalid RFC 5424 timestamp at column " + (i + 1));
                return false;
            }
            i = t + 1;
        }
        // HOSTNAME, APP-NAME, PROCID, MSGID
        for (int k = 0; k < 4; k++) {
            int sp = indexOf(s, ' ', i, to);
            if (sp < 0) {
                if (k == 3) {
                    sp = to;
                } else {
                    unparsed(e, "truncated RFC 5424 header at column " + (i + 1));
                    return false;
                }
            }
            boolean nil = sp - i == 1 && s.charAt(i) == '-';
            if (!nil && sp > i) {
                switch (k) {
                    case 0:
                        e.setSpan(Field.SOURCE, i, sp, HOST);
                        break;
                    case 1:
                        e.setSpan(Field.APPLICATION_NAME, i, sp);
                        break;
                    case 2:
                        e.setSpan(Field.PROCESS_ID, i, sp);
                        break;
                    default:
                        break;
                }
            }
            i = sp + 1;
        }
        if (i >= to) {
            unparsed(e, "RFC 5424 line without a message at column " + (i + 1));
            return false;
        }
        // STRUCTURED-DATA
        if (s.charAt(i) == '-') {
            i++;
        } else if (s.charAt(i) == '[') {
            while (i < to && s.charAt(i) == '[') {
                boolean quoted = false;
                int j = i + 1;
                for (; j < to; j++) {
                    char c = s.charAt(j);
                    if (quoted && c == '\\') {
                        j++;
                    } else if (c == '"') {
                        quoted = !quoted;
                    } else if (!quoted && c == ']') {
                        break;
                    }
                }
                if (j >= to) {
                    unparsed(e, "unterminated RFC 5424 structured data at column " + (i + 1));
                    return false;
                }
                i = j + 1;
            }
        } else {
            unparsed(e, "invalid RFC 5424 structured data at column " + (i + 1));
            return false;
        }
        if (i < to && s.charAt(i) == ' ') {
            i++;
        }
        if (i < to && s.charAt(i) == '\uFEFF') {
            i++;
        }
        return message(s, i, to, e, true);
    }

    // ---- timestamps -------------------------------------------------------------------------------

    /** {@code Mmm dd hh:mm:ss[.frac]} (day space-padded or not), also {@code Mmm dd yyyy hh:mm:ss}. */
    private int rfc3164Timestamp(String s, int i, int to, SendmailEvent e) {
        if (to - i < 15) {
            return -1;
        }
        int month = month(s, i);
        if (month == 0 || s.charAt(i + 3) != ' ') {
            return -1;
        }
        int j = i + 4;
        if (s.charAt(j) == ' ') {
            j++;
        }
        int day = 0;
        int ds = j;
        while (j < to && Scan.isDigit(s.charAt(j)) && j - ds < 2) {
            day = day * 10 + (s.charAt(j) - '0');
            j++;
        }
        if (j == ds || j >= to || s.charAt(j) != ' ') {
            return -1;
        }
        j++;
        int year = -1;
        if (j + 5 <= to && Scan.isDigit(s.charAt(j)) && Scan.isDigit(s.charAt(j + 3)) && s.charAt(j + 4) == ' '
                && Scan.isDigit(s.charAt(j + 1)) && Scan.isDigit(s.charAt(j + 2))) {
            year = (int) Scan.parseLong(s, j, j + 4);
            j += 5;
        }
        if (j + 8 > to || s.charAt(j + 2) != ':' || s.charAt(j + 5) != ':') {
            return -1;
        }
        int hh = two(s, j);
        int mm = two(s, j + 3);
        int ss = two(s, j + 6);
        if (hh < 0 || mm < 0 || ss < 0 || hh > 23 || mm > 59 || ss > 60) {
            return -1;
        }
        j += 8;
        int millis = 0;
        if (j < to && s.charAt(j) == '.') {
            int k = j + 1;
            int scale = 100;
            while (k < to && Scan.isDigit(s.charAt(k))) {
                if (scale > 0) {
                    millis += (s.charAt(k) - '0') * scale;
                    scale /= 10;
                }
                k++;
            }
            if (k == j + 1) {
                return -1;
            }
            j = k;
        }
        if (day < 1 || day > 31) {
            return -1;
        }
        long localMs;
        if (year < 0) {
            year = inferYear(month, day, hh, mm, ss);
        }
        if (day > Timestamps.daysInMonth(year, month)) {
            return -1;
        }
        localMs = (Timestamps.daysFromCivil(year, month, day) * 86400L + hh * 3600L + mm * 60L + ss) * 1000L + millis;
        int off = offsetOfLocal(localMs);
        e.setTimestamp(localMs - off * 1000L, off);
        return j;
    }

    /** The year of an RFC 3164 timestamp: configured, or the one placing it at or before the reference. */
    private int inferYear(int month, int day, int hh, int mm, int ss) {
        if (options.year() != null) {
            int y = options.year();
            return month == 2 && day == 29 && !Timestamps.isLeap(y) ? previousLeap(y) : y;
        }
        if (referenceMillis == Long.MIN_VALUE || options.referenceTime() == null && referenceMillis == Long.MIN_VALUE) {
            setReferenceTime(System.currentTimeMillis());
        }
        int y = refYear;
        if (month == 2 && day == 29 && !Timestamps.isLeap(y)) {
            y = previousLeap(y);
        }
        long cand = (Timestamps.daysFromCivil(y, month, day) * 86400L + hh * 3600L + mm * 60L + ss) * 1000L;
        if (cand > refLocalMillis + AHEAD_TOLERANCE_MS) {
            y--;
            if (month == 2 && day == 29 && !Timestamps.isLeap(y)) {
                y = previousLeap(y);
            }
        }
        return y;
    }

    private static int previousLeap(int y) {
        int k = y;
        while (!Timestamps.isLeap(k)) {
            k--;
        }
        return k;
    }

    /**
     * {@code yyyy-mm-ddThh:mm:ss[.frac][Z|+hh:mm|+hhmm]} ({@code allowSpace}: also a space for T,
     * as some rsyslog templates write). Without an offset, the configured zone applies.
     */
    private int isoTimestamp(String s, int i, int to, SendmailEvent e, boolean allowSpace) {
        if (to - i < 19 || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-' || s.charAt(i + 13) != ':'
                || s.charAt(i + 16) != ':') {
            return -1;
        }
        char sep = s.charAt(i + 10);
        if (sep != 'T' && !(allowSpace && sep == ' ')) {
            return -1;
        }
        long year = Scan.parseLong(s, i, i + 4);
        int month = two(s, i + 5);
        int day = two(s, i + 8);
        int hh = two(s, i + 11);
        int mm = two(s, i + 14);
        int ss = two(s, i + 17);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Timestamps.daysInMonth((int) year, month)
                || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
            return -1;
        }
        int j = i + 19;
        int millis = 0;
        if (j < to && (s.charAt(j) == '.' || s.charAt(j) == ',')) {
            int k = j + 1;
            int scale = 100;
            while (k < to && Scan.isDigit(s.charAt(k))) {
                if (scale > 0) {
                    millis += (s.charAt(k) - '0') * scale;
                    scale /= 10;
                }
                k++;
            }
            if (k == j + 1) {
                return -1;
            }
            j = k;
        }
        long localMs = (Timestamps.daysFromCivil((int) year, month, day) * 86400L + hh * 3600L + mm * 60L + ss) * 1000L
                + millis;
        int off;
        if (j < to && (s.charAt(j) == 'Z' || s.charAt(j) == 'z')) {
            off = 0;
            j++;
        } else if (j < to && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            int oh = j + 3 <= to ? two(s, j + 1) : -1;
            int om;
            int end;
            if (j + 6 <= to && s.charAt(j + 3) == ':') {
                om = two(s, j + 4);
                end = j + 6;
            } else if (j + 5 <= to && Scan.isDigit(s.charAt(j + 3))) {
                om = two(s, j + 3);
                end = j + 5;
            } else {
                om = 0;
                end = j + 3;
            }
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return -1;
            }
            off = (oh * 3600 + om * 60) * (s.charAt(j) == '-' ? -1 : 1);
            j = end;
        } else {
            off = offsetOfLocal(localMs);
        }
        e.setTimestamp(localMs - off * 1000L, off);
        return j;
    }

    private static int two(String s, int i) {
        char a = s.charAt(i);
        char b = s.charAt(i + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }

    private static int month(String s, int i) {
        char a = s.charAt(i);
        char b = s.charAt(i + 1);
        char c = s.charAt(i + 2);
        switch (a) {
            case 'J':
                if (b == 'a' && c == 'n') {
                    return 1;
                }
                if (b == 'u' && c == 'n') {
                    return 6;
                }
                if (b == 'u' && c == 'l') {
                    return 7;
                }
                return 0;
            case 'F':
                return b == 'e' && c == 'b' ? 2 : 0;
            case 'M':
                if (b == 'a' && c == 'r') {
                    return 3;
                }
                return b == 'a' && c == 'y' ? 5 : 0;
            case 'A':
                if (b == 'p' && c == 'r') {
                    return 4;
                }
                return b == 'u' && c == 'g' ? 8 : 0;
            case 'S':
                return b == 'e' && c == 'p' ? 9 : 0;
            case 'O':
                return b == 'c' && c == 't' ? 10 : 0;
            case 'N':
                return b == 'o' && c == 'v' ? 11 : 0;
            case 'D':
                return b == 'e' && c == 'c' ? 12 : 0;
            default:
                return 0;
        }
    }

    /** UTC offset, in seconds, of a local date-time in the configured zone (cached per hour). */
    private int offsetOfLocal(long localMs) {
        if (fixedOffsetSeconds != Integer.MIN_VALUE) {
            return fixedOffsetSeconds;
        }
        long hourKey = Math.floorDiv(localMs, 3_600_000L);
        if (hourKey != cachedHourKey) {
            LocalDateTime ldt = LocalDateTime.ofEpochSecond(Math.floorDiv(localMs, 1000L), 0, ZoneOffset.UTC);
            cachedHourOffset = rules.getOffset(ldt).getTotalSeconds();
            cachedHourKey = hourKey;
        }
        return cachedHourOffset;
    }

    private int offsetAtInstant(long epochMs) {
        if (fixedOffsetSeconds != Integer.MIN_VALUE) {
            return fixedOffsetSeconds;
        }
        return rules.getOffset(java.time.Instant.ofEpochMilli(epochMs)).getTotalSeconds();
    }

    private static int yearOfLocal(long localMs) {
        long days = Math.floorDiv(localMs, DAY_MS);
        // civil_from_days, year only
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long m = mp + (mp < 10 ? 3 : -9);
        return (int) (m <= 2 ? y + 1 : y);
    }

    // ---- Filebeat JSON -------------------------------------------------------------------------

    /**
     * A Filebeat event: the syslog line is its {@code message}; the host comes from the line's
     * header, else {@code host.name}, else {@code agent.hostname}; the time from the line, else
     * {@code @timestamp} (which also fixes the year of an RFC 3164 line).
     */
    private void filebeat(String s, int from, int to, SendmailEvent e) {
        String message = null;
        String hostName = null;
        String agentHost = null;
        String product = null;
        String timestamp = null;
        try (JsonParser p = json.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                unparsed(e, "not a JSON object at column " + (from + 1));
                return;
            }
            String path = "";
            java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                if (tok == JsonToken.END_OBJECT) {
                    if (stack.isEmpty()) {
                        break;
                    }
                    path = stack.pop();
                    continue;
                }
                if (tok != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                String full = path.isEmpty() ? name : path + "." + name;
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT) {
                    stack.push(path);
                    path = full;
                    continue;
                }
                if (v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (v != JsonToken.VALUE_STRING) {
                    continue;
                }
                switch (full) {
                    case "message":
                        message = p.getText();
                        break;
                    case "host.name":
                    case "host.hostname":
                        if (hostName == null) {
                            hostName = p.getText();
                        }
                        break;
                    case "agent.hostname":
                    case "agent.name":
                        if (agentHost == null) {
                            agentHost = p.getText();
                        }
                        break;
                    case "event_source_product":
                    case "fields.event_source_product":
                        product = p.getText();
                        break;
                    case "@timestamp":
                        timestamp = p.getText();
                        break;
                    default:
                        break;
                }
            }
        } catch (JsonProcessingException ex) {
            unparsed(e, "invalid JSON at line column " + ex.getLocation().getColumnNr() + ": "
                    + ex.getOriginalMessage());
            return;
        } catch (IOException ex) {
            unparsed(e, "unreadable JSON: " + ex.getMessage());
            return;
        }
        if (message == null) {
            unparsed(e, "JSON event without a \"message\" string field");
            return;
        }
        // The spans of stage 2 point into the message: re-target the event.
        e.reset(message);
        if (product != null) {
            e.setString(Field.EVENT_SOURCE_PRODUCT, product);
        }
        long eventTime = Long.MIN_VALUE;
        if (timestamp != null) {
            SendmailEvent probe = new SendmailEvent();
            probe.reset(timestamp);
            if (isoTimestamp(timestamp, 0, timestamp.length(), probe, true) > 0) {
                eventTime = probe.epochMillis();
            }
        }
        long savedRef = referenceMillis;
        if (eventTime != Long.MIN_VALUE && options.year() == null) {
            setReferenceTime(eventTime);
        }
        int ms = 0;
        int me = message.length();
        while (me > 0 && isTrailingSpace(message.charAt(me - 1))) {
            me--;
        }
        while (ms < me && (message.charAt(ms) == ' ' || message.charAt(ms) == '\uFEFF')) {
            ms++;
        }
        if (ms >= me) {
            unparsed(e, "Filebeat event with an empty message");
        } else {
            envelope(message, ms, me, e, true);
        }
        if (savedRef != Long.MIN_VALUE) {
            setReferenceTime(savedRef);
        } else {
            referenceMillis = Long.MIN_VALUE;
        }
        String lf = e.getString(Field.LOG_FORMAT);
        e.setString(Field.LOG_FORMAT, lf == null ? "filebeat" : "filebeat+" + lf);
        if (!e.has(Field.SOURCE)) {
            String h = hostName != null ? hostName : agentHost;
            if (h != null) {
                e.setString(Field.SOURCE, io.sendmailflink.udfs.model.Text.lower(h));
            }
        }
        if (!e.has(Field.TIMESTAMP_) && eventTime != Long.MIN_VALUE) {
            e.setTimestamp(eventTime, 0);
        }
    }
}
