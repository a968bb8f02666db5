package io.sendmailflink.udfs.parse;

import static io.sendmailflink.udfs.model.SendmailEvent.ADDRESS;
import static io.sendmailflink.udfs.model.SendmailEvent.ADDRESS_LIST;
import static io.sendmailflink.udfs.model.SendmailEvent.HOST;
import static io.sendmailflink.udfs.model.SendmailEvent.LOWER;
import static io.sendmailflink.udfs.model.SendmailEvent.RAW;
import static io.sendmailflink.udfs.model.SendmailEvent.TEXT;
import static io.sendmailflink.udfs.model.SendmailEvent.UPPER;
import static io.sendmailflink.udfs.parse.Scan.afterRelay;
import static io.sendmailflink.udfs.parse.Scan.endsWith;
import static io.sendmailflink.udfs.parse.Scan.indexOf;
import static io.sendmailflink.udfs.parse.Scan.lastIndexOf;
import static io.sendmailflink.udfs.parse.Scan.startsWith;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;

/**
 * Second parsing stage: the Sendmail message after the syslog header — its queue-ID prefix,
 * its kind, and its {@code key=value} tail.
 *
 * <p>HOT PATH: hand-written, regex-free and allocation-free (values are recorded as spans of
 * the line; see {@link SendmailEvent}). Dispatch is on the first characters of the message; each
 * line kind is read in the order Sendmail writes it (formats: shared/spec/sendmail-log-formats.md).
 *
 * <p>Attacker-controlled text (addresses, message IDs, ident user names, AUTH user names, remote
 * replies) is handled so that it cannot make fields: address values end only at a
 * {@code ", key="} outside quotes and angle brackets; {@code relay=} is taken from its last
 * occurrence where it is the last field; values that run to the end ({@code stat=},
 * {@code reject=}) are found after the fields Sendmail writes before them.
 */
final class MessageParser {

    static final String RECEIPT = "receipt";
    static final String DELIVERY = "delivery";
    static final String RULESET_REJECTION = "ruleset_rejection";
    static final String AUTHENTICATION = "authentication";
    static final String STARTTLS = "starttls";
    static final String CONNECTION = "connection";
    static final String INVALID_CONNECTION = "invalid_connection";
    static final String PREGREET = "pregreet";
    static final String REJECTED_DISCOVERY = "rejected_discovery";
    static final String SERVICE_STATUS = "service_status";
    static final String OTHER = "other";
    static final String UNPARSED = "unparsed";

    private static final String DID_NOT_ISSUE = " did not issue MAIL/EXPN/VRFY/ETRN during connection to ";

    private MessageParser() {
    }

    /** Parses {@code s[ms, me)} into {@code e}: prefix, type and fields. */
    static void parse(String s, int ms, int me, SendmailEvent e) {
        e.setSpan(Field.MESSAGE, ms, me);
        int p = ms;
        boolean noQueue = false;
        // ---- prefix: <qid>: , <qid>[n]: , NOQUEUE: , or none
        if (startsWith(s, "NOQUEUE: ", p, me)) {
            p += 9;
            noQueue = true;
        } else {
            int qlen = Scan.queueIdLength(s, p, me);
            if (qlen > 0) {
                int q = p + qlen;
                if (s.charAt(q) == '[') {
                    int close = indexOf(s, "]: ", q, me);
                    long part = close > q ? Scan.parseLong(s, q + 1, close) : Long.MIN_VALUE;
                    if (part != Long.MIN_VALUE && part >= 0) {
                        e.setSpan(Field.EMAIL_UID, p, q);
                        e.setLong(Field.VENDOR_PART_NUMBER, part);
                        p = close + 3;
                        if (endsWith(s, " ...", p, me)) {
                            e.setBoolean(Field.VENDOR_PART_CONTINUED, true);
                            me -= 4;
                            // Sendmail breaks at a comma or a space
                            while (me > p && (s.charAt(me - 1) == ',' || s.charAt(me - 1) == ' ')) {
                                me--;
                            }
                        }
                        if (part > 1) {
                            e.setString(Field.EVENT_TYPE, OTHER);
                            e.setString(Field.VENDOR_EVENT_SUBTYPE, startsWith(s, "log terminated", p, me)
                                    ? "log_terminated" : "continuation");
                            return;
                        }
                    }
                } else if (q + 1 < me && s.charAt(q + 1) == ' ') {
                    e.setSpan(Field.EMAIL_UID, p, q);
                    p = q + 2;
                } else if (q + 1 == me) {
                    e.setSpan(Field.EMAIL_UID, p, q);
                    p = me;
                }
            }
        }
        body(s, p, me, e, noQueue);
    }

    private static void type(SendmailEvent e, String type) {
        e.setString(Field.EVENT_TYPE, type);
    }

    private static void other(SendmailEvent e, String subtype) {
        e.setString(Field.EVENT_TYPE, OTHER);
        if (subtype != null) {
            e.setString(Field.VENDOR_EVENT_SUBTYPE, subtype);
        }
    }

    private static void body(String s, int p, int me, SendmailEvent e, boolean noQueue) {
        if (p >= me) {
            other(e, null);
            return;
        }
        switch (s.charAt(p)) {
            case 'f':
                if (startsWith(s, "from=", p, me)) {
                    receipt(s, p + 5, me, e);
                    return;
                }
                break;
            case 't':
                if (startsWith(s, "to=", p, me)) {
                    delivery(s, p + 3, me, e);
                    return;
                }
                if (startsWith(s, "timeout waiting for input from ", p, me)) {
                    timeout(s, p + 31, me, e);
                    return;
                }
                if (startsWith(s, "tcpwrappers (", p, me)) {
                    tcpwrappers(s, p + 13, me, e);
                    return;
                }
                break;
            case 'r':
                if (startsWith(s, "ruleset=", p, me)) {
                    ruleset(s, p + 8, me, e);
                    return;
                }
                if (startsWith(s, "rejecting commands from ", p, me)) {
                    pregreet(s, p + 24, me, e);
                    return;
                }
                if (startsWith(s, "restarting ", p, me)) {
                    restarting(s, p + 11, me, e);
                    return;
                }
                if (startsWith(s, "rejecting connections on daemon ", p, me)) {
                    refusing(s, p + 32, me, e, "rejecting");
                    return;
                }
                if (startsWith(s, "rewrite: ", p, me)) {
                    other(e, "rewrite_error");
                    return;
                }
                break;
            case 'A':
                if (startsWith(s, "AUTH=", p, me)) {
                    auth(s, p + 5, me, e);
                    return;
                }
                if (startsWith(s, "AUTH failure (", p, me)) {
                    authFailure(s, p + 14, me, e);
                    return;
                }
                if (startsWith(s, "Authentication-Warning: ", p, me)) {
                    other(e, "authentication_warning");
                    e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, p + 24, me, TEXT);
                    return;
                }
                break;
            case 'S':
                if (startsWith(s, "STARTTLS", p, me)) {
                    starttls(s, p + 8, me, e);
                    return;
                }
                if (startsWith(s, "SMTP outgoing connect on ", p, me)) {
                    type(e, CONNECTION);
                    e.setString(Field.VENDOR_EVENT_ACTION, "connect");
                    Composite.relay(s, p + 25, me, e, Field.VENDOR_RELAY_IP, Field.VENDOR_RELAY_HOST);
                    return;
                }
                if (startsWith(s, "SYSERR", p, me)) {
                    syserr(s, p + 6, me, e);
                    return;
                }
                if (startsWith(s, "SMTP ", p, me) && indexOf(s, " tempfailed", p, me) > 0) {
                    other(e, "command_tempfailed");
                    int from = indexOf(s, ") from ", p, me);
                    int tf = lastIndexOf(s, " tempfailed", p, me);
                    int sp = indexOf(s, ' ', p + 5, me);
                    if (sp > p + 5) {
                        e.setSpan(Field.VENDOR_SMTP_COMMAND, p + 5, sp, UPPER);
                    }
                    if (from > 0 && tf > from) {
                        Composite.relay(s, from + 7, tf, e, true);
                    }
                    return;
                }
                if (startsWith(s, "Saved message in ", p, me)) {
                    other(e, "saved_message");
                    return;
                }
                break;
            case 's':
                if (startsWith(s, "starting daemon (", p, me)) {
                    starting(s, p + 17, me, e);
                    return;
                }
                if (startsWith(s, "stopping daemon", p, me)) {
                    type(e, SERVICE_STATUS);
                    e.setString(Field.VENDOR_EVENT_ACTION, "stopping");
                    int r = indexOf(s, "reason=", p, me);
                    if (r > 0 && r + 7 < me) {
                        e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, r + 7, me, TEXT);
                    }
                    return;
                }
                break;
            case 'c':
                if (noQueue && startsWith(s, "connect from ", p, me)) {
                    type(e, CONNECTION);
                    e.setString(Field.VENDOR_EVENT_ACTION, "connect");
                    Composite.relay(s, p + 13, me, e, true);
                    return;
                }
                if (startsWith(s, "collect: ", p, me)) {
                    other(e, "collect");
                    e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, p + 9, me, TEXT);
                    return;
                }
                if (startsWith(s, "could not ", p, me)) {
                    other(e, "restart_error");
                    e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, p, me, TEXT);
                    return;
                }
                break;
            case 'M':
            case 'm':
                if (startsWith(s, "Milter", p, me) || startsWith(s, "milter=", p, me)) {
                    milter(s, p, me, e);
                    return;
                }
                if (startsWith(s, "My unqualified host name (", p, me)) {
                    other(e, "hostname_config");
                    return;
                }
                if (startsWith(s, "makeconnection (", p, me)) {
                    makeconnection(s, p + 16, me, e);
                    return;
                }
                break;
            case 'd':
                if (startsWith(s, "done; delay=", p, me)) {
                    done(s, p + 12, me, e);
                    return;
                }
                if (startsWith(s, "discarded", p, me)) {
                    other(e, "discarded");
                    return;
                }
                if (startsWith(s, "deferring connections on daemon ", p, me)) {
                    refusing(s, p + 32, me, e, "deferring");
                    return;
                }
                if (startsWith(s, "delaying connections on daemon ", p, me)) {
                    refusing(s, p + 31, me, e, "delaying");
                    return;
                }
                if (startsWith(s, "daemon ", p, me)) {
                    int c = indexOf(s, ": ", p + 7, me);
                    other(e, "daemon_error");
                    if (c > p + 7) {
                        e.setSpan(Field.VENDOR_DAEMON, p + 7, c);
                        e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, c + 2, me, TEXT);
                    }
                    return;
                }
                break;
            case 'l':
                if (startsWith(s, "lost input channel from ", p, me)) {
                    lostInput(s, p + 24, me, e);
                    return;
                }
                break;
            case 'L':
                if (startsWith(s, "Losing ", p, me)) {
                    other(e, "lost_queue_file");
                    e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, p + 7, me, TEXT);
                    return;
                }
                break;
            case 'g':
                if (startsWith(s, "gethostbyaddr(", p, me)) {
                    other(e, "dns_error");
                    e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, p, me, TEXT);
                    return;
                }
                break;
            case 'a':
                if (startsWith(s, "accepting connections again for daemon ", p, me)) {
                    type(e, SERVICE_STATUS);
                    e.setString(Field.VENDOR_EVENT_ACTION, "accepting");
                    e.setSpan(Field.VENDOR_DAEMON, p + 39, me);
                    return;
                }
                break;
            case 'h':
                if (startsWith(s, "have been rejecting connections on daemon ", p, me)) {
                    refusing(s, p + 42, me, e, "rejecting");
                    return;
                }
                break;
            case 'u':
                if (startsWith(s, "unable to qualify my own domain name", p, me)) {
                    other(e, "hostname_config");
                    return;
                }
                if (startsWith(s, "unquarantine", p, me)) {
                    other(e, "unquarantine");
                    return;
                }
                if (startsWith(s, "user ", p, me) && endsWith(s, "changed syslog label", p, me)) {
                    other(e, "syslog_label");
                    return;
                }
                break;
            case 'q':
                if (startsWith(s, "quarantine=", p, me)) {
                    other(e, "quarantine");
                    e.setSpan(Field.VENDOR_QUARANTINE, p + 11, me, TEXT);
                    return;
                }
                break;
            case 'i':
                if (startsWith(s, "interrupt", p, me)) {
                    other(e, "interrupt");
                    return;
                }
                break;
            case 'E':
                if (startsWith(s, "ERROR: ", p, me)) {
                    other(e, "error");
                    e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, p + 7, me, TEXT);
                    return;
                }
                break;
            case '<':
                int dots = indexOf(s, ">... ", p, me);
                if (dots > p) {
                    other(e, "usrerr");
                    e.setSpan(Field.VENDOR_ADDRESS, p, dots + 1, ADDRESS);
                    e.setSpan(Field.VENDOR_SMTP_RESPONSE_MESSAGE, dots + 5, me, TEXT);
                    return;
                }
                break;
            default:
                break;
        }
        if (relatedQueueId(s, p, me, e)) {
            return;
        }
        clientLine(s, p, me, e);
    }

    // ---- receipt ----------------------------------------------------------------------------

    /**
     * {@code from=F, size=N, class=N, nrcpts=N[, msgid=M][, bodytype=B][, proto=P][, daemon=D]
     * [, auth=A], relay=R}. The message ID is the raw header, so the optional fields after it
     * are taken from the right, and relay= from its last occurrence.
     */
    private static void receipt(String s, int vs, int me, SendmailEvent e) {
        type(e, RECEIPT);
        int fromEnd = Scan.endOfAddress(s, vs, me);
        e.setSpan(Field.EMAIL_FROM, vs, fromEnd, ADDRESS);
        int relayK = lastIndexOf(s, ", relay=", fromEnd, me);
        int regionEnd = relayK >= 0 ? relayK : me;
        if (relayK >= 0) {
            Composite.relay(s, relayK + 8, me, e, true);
        }
        // fixed numeric part
        int q = fromEnd;
        q = numericKey(s, q, regionEnd, ", size=", Field.EMAIL_SIZE, e);
        q = numericKey(s, q, regionEnd, ", class=", Field.VENDOR_CLASS, e);
        q = numericKey(s, q, regionEnd, ", nrcpts=", Field.VENDOR_NRCPTS, e);
        // optional part, right to left: each of these values is a single token (no ", "), so
        // the last ", " of the region starts the last field; a raw Message-Id may hold anything
        int r = regionEnd;
        int order = 0;
        while (r > q) {
            int k = Scan.lastIndexOf(s, ", ", q, r);
            if (k < 0) {
                break;
            }
            int ks = k + 2;
            if (order <= 0 && startsWith(s, "auth=", ks, r)) {
                e.setSpan(Field.VENDOR_AUTHID, ks + 5, r, TEXT);
                order = 1;
            } else if (order <= 1 && startsWith(s, "daemon=", ks, r)) {
                e.setSpan(Field.VENDOR_DAEMON, ks + 7, r);
                order = 2;
            } else if (order <= 2 && startsWith(s, "proto=", ks, r)) {
                e.setSpan(Field.NETWORK_PROTOCOL, ks + 6, r, LOWER);
                order = 3;
            } else if (order <= 3 && startsWith(s, "bodytype=", ks, r)) {
                e.setSpan(Field.VENDOR_BODYTYPE, ks + 9, r);
                order = 4;
            } else {
                break;
            }
            r = k;
        }
        if (startsWith(s, ", msgid=", q, r)) {
            e.setSpan(Field.EMAIL_MESSAGE_ID, q + 8, r, ADDRESS);
        } else if (r > q) {
            // an unexpected field (a newer Sendmail, or injected text): the message ID, if any, runs on
            int m = indexOf(s, ", msgid=", q, r);
            if (m >= 0) {
                e.setSpan(Field.EMAIL_MESSAGE_ID, m + 8, r, ADDRESS);
            }
        }
        receiptDirection(s, e);
    }

    /** {@code key=digits} directly at {@code q}; returns the index after the value (or q). */
    private static int numericKey(String s, int q, int to, String key, Field f, SendmailEvent e) {
        if (!startsWith(s, key, q, to)) {
            return q;
        }
        int vs = q + key.length();
        int ve = vs;
        if (ve < to && s.charAt(ve) == '-') {
            ve++;
        }
        while (ve < to && Scan.isDigit(s.charAt(ve))) {
            ve++;
        }
        Composite.number(s, vs, ve, e, f);
        return ve;
    }

    private static void receiptDirection(String s, SendmailEvent e) {
        boolean hasIp = e.has(Field.SOURCE_IP);
        if (!hasIp && !e.has(Field.SOURCE_HOSTNAME)) {
            return;
        }
        boolean local = hasIp ? isLoopback(e, Field.SOURCE_IP) : e.rawEqualsIgnoreCase(Field.SOURCE_HOSTNAME, "localhost");
        e.setString(Field.EMAIL_DIRECTION, local ? "local" : "inbound");
    }

    static boolean isLoopback(SendmailEvent e, Field ip) {
        return e.rawStartsWith(ip, "127.") || e.rawEqualsIgnoreCase(ip, "::1") || e.rawStartsWith(ip, "::ffff:127.");
    }

    // ---- delivery ---------------------------------------------------------------------------

    /**
     * {@code to=LIST[, [more]][, ctladdr=X (u/g)], delay=D[, xdelay=D][, mailer=M], pri=N
     * [, relay=R][, quarantine=Q][, dsn=C][, ntries=N][, stage=S][, reply=TEXT], stat=TEXT}.
     */
    private static void delivery(String s, int vs, int me, SendmailEvent e) {
        type(e, DELIVERY);
        int listEnd = Scan.endOfAddress(s, vs, me);
        if (listEnd > vs) {
            e.setSpan(Field.EMAIL_TO, vs, listEnd, ADDRESS_LIST);
            e.setSpan(Field.EMAIL_TO_LIST, vs, listEnd, ADDRESS_LIST);
        }
        int q = listEnd;
        if (startsWith(s, ", [more]", q, me)) {
            e.setBoolean(Field.VENDOR_MORE_RECIPIENTS, true);
            q += 8;
        }
        int replyK = indexOf(s, ", reply=", q, me);
        int statK = replyK >= 0 ? lastIndexOf(s, ", stat=", replyK, me) : indexOf(s, ", stat=", q, me);
        int midEnd = replyK >= 0 ? replyK : statK >= 0 ? statK : me;
        // the simple fields between the list and reply=/stat=
        int k = q;
        while (k >= 0 && k < midEnd) {
            int next = Scan.nextKey(s, k + 2, midEnd);
            int ve = next >= 0 ? next : midEnd;
            deliveryField(s, k + 2, ve, e);
            k = next;
        }
        boolean codes = false;
        if (replyK >= 0) {
            int re = statK >= 0 ? statK : me;
            int st = lastIndexOf(s, ", status=", replyK + 8, re);
            int rEnd = st >= 0 ? st : re;
            e.setSpan(Field.VENDOR_REPLY, replyK + 8, rEnd, TEXT);
            codes = Composite.smtpReply(s, replyK + 8, rEnd, e, true);
        }
        if (statK >= 0) {
            long text = Composite.status(s, statK + 7, me, e);
            if (!codes && text >= 0) {
                codes = Composite.smtpReply(s, Composite.spanStart(text), Composite.spanEnd(text), e, true);
            }
        }
        if (!e.has(Field.SMTP_RESPONSE_ENHANCED_CLASS_CODE) && e.has(Field.VENDOR_DSN)) {
            Composite.enhancedCode(s, e.spanStart(Field.VENDOR_DSN), e.spanEnd(Field.VENDOR_DSN), e);
        }
        deliveryDirection(e);
    }

    private static void deliveryField(String s, int ks, int ve, SendmailEvent e) {
        int eq = indexOf(s, '=', ks, ve);
        if (eq < 0) {
            return;
        }
        int vs = eq + 1;
        switch (eq - ks) {
            case 3:
                if (s.startsWith("pri", ks)) {
                    Composite.number(s, vs, ve, e, Field.VENDOR_PRI);
                } else if (s.startsWith("dsn", ks)) {
                    e.setSpan(Field.VENDOR_DSN, vs, ve);
                }
                break;
            case 4:
                if (s.startsWith("auth", ks)) {
                    e.setSpan(Field.VENDOR_AUTHID, vs, ve, TEXT);
                }
                break;
            case 5:
                if (s.startsWith("delay", ks)) {
                    Composite.delay(s, vs, ve, e, Field.VENDOR_DELAY, Field.VENDOR_DELAY_TOTAL_SECONDS);
                } else if (s.startsWith("relay", ks)) {
                    Composite.relay(s, vs, ve, e, false);
                } else if (s.startsWith("stage", ks)) {
                    e.setSpan(Field.VENDOR_STAGE, vs, ve);
                }
                break;
            case 6:
                if (s.startsWith("xdelay", ks)) {
                    Composite.delay(s, vs, ve, e, Field.VENDOR_XDELAY, Field.VENDOR_XDELAY_TOTAL_SECONDS);
                } else if (s.startsWith("mailer", ks)) {
                    e.setSpan(Field.VENDOR_MAILER, vs, ve);
                } else if (s.startsWith("ntries", ks)) {
                    Composite.number(s, vs, ve, e, Field.VENDOR_NTRIES);
                } else if (s.startsWith("status", ks)) {
                    e.setSpan(Field.VENDOR_STATUS, vs, ve, TEXT);
                }
                break;
            case 7:
                if (s.startsWith("ctladdr", ks)) {
                    ctladdr(s, vs, ve, e);
                }
                break;
            case 10:
                if (s.startsWith("quarantine", ks)) {
                    e.setSpan(Field.VENDOR_QUARANTINE, vs, ve, TEXT);
                }
                break;
            default:
                break;
        }
    }

    /** {@code root (0/0)} or {@code <root@x> (0/0)}: the user and its ids. */
    private static void ctladdr(String s, int vs, int ve, SendmailEvent e) {
        int end = ve;
        if (ve > vs && s.charAt(ve - 1) == ')') {
            int p = lastIndexOf(s, " (", vs, ve);
            int slash = p >= 0 ? indexOf(s, '/', p, ve) : -1;
            if (slash > 0) {
                Composite.number(s, p + 2, slash, e, Field.VENDOR_CTLADDR_UID);
                Composite.number(s, slash + 1, ve - 1, e, Field.VENDOR_CTLADDR_GID);
                end = p;
            }
        }
        if (end > vs) {
            e.setSpan(Field.VENDOR_CTLADDR, vs, end, ADDRESS);
        }
    }

    private static final String[] LOCAL_MAILERS = {"local", "prog", "*file*", "*include*", "procmail", "cyrus",
        "cyrusv2", "lmtp", "mail11", "uucp", "fax", "usenet"};

    private static void deliveryDirection(SendmailEvent e) {
        if (!e.has(Field.VENDOR_MAILER)) {
            return;
        }
        for (String m : LOCAL_MAILERS) {
            if (e.rawEqualsIgnoreCase(Field.VENDOR_MAILER, m)) {
                e.setString(Field.EMAIL_DIRECTION, "local");
                return;
            }
        }
        boolean local = isLoopback(e, Field.DESTINATION_IP) || e.rawEqualsIgnoreCase(Field.DESTINATION_HOSTNAME, "localhost");
        e.setString(Field.EMAIL_DIRECTION, local ? "local" : "outbound");
    }

    // ---- ruleset ----------------------------------------------------------------------------

    /** {@code ruleset=N, arg1=A[, arg2=B][, relay=R], reject=TEXT | status=TEXT | quarantine=Q | discard}. */
    private static void ruleset(String s, int vs, int me, SendmailEvent e) {
        type(e, RULESET_REJECTION);
        int nameEnd = indexOf(s, ", ", vs, me);
        if (nameEnd < 0) {
            e.setSpan(Field.VENDOR_RULESET, vs, me);
            return;
        }
        e.setSpan(Field.VENDOR_RULESET, vs, nameEnd);
        int q = nameEnd;
        if (startsWith(s, ", arg1=", q, me)) {
            int a1 = q + 7;
            q = Scan.endOfAddress(s, a1, me);
            e.setSpan(Field.VENDOR_ARG1, a1, q, ADDRESS);
        }
        // the terminal field
        int term = me;
        int termKind = 0;
        int k = indexOf(s, ", reject=", q, me);
        if (k >= 0) {
            term = k;
            termKind = 1;
        }
        k = indexOf(s, ", status=", q, term);
        if (k >= 0) {
            term = k;
            termKind = 2;
        }
        k = indexOf(s, ", quarantine=", q, term);
        if (k >= 0) {
            term = k;
            termKind = 3;
        }
        if (termKind == 0 && endsWith(s, ", discard", q, me)) {
            term = me - 9;
            termKind = 4;
        }
        int relayK = lastIndexOf(s, ", relay=", q, term);
        if (startsWith(s, ", arg2=", q, term)) {
            e.setSpan(Field.VENDOR_ARG2, q + 7, relayK >= 0 ? relayK : term, TEXT);
        }
        if (relayK >= 0) {
            Composite.relay(s, relayK + 8, term, e, true);
        }
        switch (termKind) {
            case 1:
                e.setString(Field.VENDOR_EVENT_ACTION, "reject");
                e.setSpan(Field.VENDOR_REJECT, term + 9, me, TEXT);
                Composite.smtpReply(s, term + 9, me, e, true);
                break;
            case 2:
                e.setString(Field.VENDOR_EVENT_ACTION, "status");
                e.setSpan(Field.VENDOR_REJECT, term + 9, me, TEXT);
                Composite.smtpReply(s, term + 9, me, e, true);
                break;
            case 3:
                e.setString(Field.VENDOR_EVENT_ACTION, "quarantine");
                e.setSpan(Field.VENDOR_QUARANTINE, term + 13, me, TEXT);
                break;
            case 4:
                e.setString(Field.VENDOR_EVENT_ACTION, "discard");
                break;
            default:
                break;
        }
    }

    // ---- AUTH -------------------------------------------------------------------------------

    /** {@code AUTH=server, relay=R, authid=A, mech=M, bits=B} and the client lines. */
    private static void auth(String s, int vs, int me, SendmailEvent e) {
        type(e, AUTHENTICATION);
        int roleEnd = indexOf(s, ", ", vs, me);
        int re = roleEnd >= 0 ? roleEnd : me;
        e.setSpan(Field.VENDOR_AUTH, vs, re, LOWER);
        boolean server = startsWith(s, "server", vs, re);
        if (roleEnd < 0) {
            return;
        }
        int q = roleEnd;
        if (startsWith(s, ", relay=", q, me)) {
            int rs = q + 8;
            int authidK = server ? afterRelay(s, ", authid=", rs, me) : -1;
            int mechK = lastIndexOf(s, ", mech=", rs, me);
            int bitsK = lastIndexOf(s, ", bits=", rs, me);
            if (mechK >= 0) {
                int relayEnd = authidK >= 0 && authidK < mechK ? authidK : mechK;
                Composite.relay(s, rs, relayEnd, e, server);
                if (authidK >= 0 && authidK < mechK) {
                    e.setSpan(Field.VENDOR_AUTHID, authidK + 9, mechK, TEXT);
                }
                int mechEnd = bitsK > mechK ? bitsK : me;
                e.setSpan(Field.VENDOR_MECH, mechK + 7, mechEnd);
                if (bitsK > mechK) {
                    e.setSpan(Field.VENDOR_BITS, bitsK + 7, me);
                }
                e.setString(Field.VENDOR_EVENT_OUTCOME, "success");
            } else {
                // AUTH=client, relay=R, temporary failure, connection abort | relay=H [ip], authinfo failed
                int c = afterRelay(s, ", ", rs, me);
                if (c < 0) {
                    c = me;
                }
                Composite.relay(s, rs, c, e, server);
                e.setString(Field.VENDOR_EVENT_OUTCOME, "failure");
                if (c < me) {
                    e.setSpan(Field.VENDOR_AUTH_ERROR, c + 2, me, TEXT);
                }
            }
            return;
        }
        if (startsWith(s, ", available mechanisms=", q, me)) {
            e.setString(Field.VENDOR_EVENT_OUTCOME, "failure");
            e.setString(Field.VENDOR_AUTH_ERROR, "available mechanisms do not fulfill requirements");
            int d = indexOf(s, " do not fulfill", q, me);
            if (d > 0) {
                e.setSpan(Field.VENDOR_MECH, q + 23, d);
            }
            return;
        }
        e.setSpan(Field.VENDOR_AUTH_ERROR, q + 2, me, TEXT);
    }

    /** {@code AUTH failure (MECH): ERR (CODE) DETAIL[, user=U], relay=R} (user= is the client's text). */
    private static void authFailure(String s, int vs, int me, SendmailEvent e) {
        type(e, AUTHENTICATION);
        e.setString(Field.VENDOR_EVENT_SUBTYPE, "auth_failure");
        e.setString(Field.VENDOR_AUTH, "server");
        e.setString(Field.VENDOR_EVENT_OUTCOME, "failure");
        int mechEnd = indexOf(s, "): ", vs, me);
        if (mechEnd < 0) {
            return;
        }
        e.setSpan(Field.VENDOR_MECH, vs, mechEnd);
        int es = mechEnd + 3;
        int relayK = lastIndexOf(s, ", relay=", es, me);
        int tail = relayK >= 0 ? relayK : me;
        int userK = lastIndexOf(s, ", user=", es, tail);
        int detailEnd = userK >= 0 ? userK : tail;
        // ERR (CODE) DETAIL: the code is the first parenthesized integer
        int cp = indexOf(s, " (", es, detailEnd);
        while (cp >= 0) {
            int close = indexOf(s, ')', cp + 2, detailEnd);
            if (close > cp + 2 && Scan.parseLong(s, cp + 2, close) != Long.MIN_VALUE) {
                e.setSpan(Field.VENDOR_AUTH_ERROR, es, cp, TEXT);
                e.setSpan(Field.VENDOR_AUTH_ERROR_CODE, cp + 2, close);
                int ds = Scan.skipSpaces(s, close + 1, detailEnd);
                if (ds < detailEnd) {
                    e.setSpan(Field.VENDOR_AUTH_ERROR_DETAIL, ds, Scan.trimEnd(s, ds, detailEnd), TEXT);
                }
                break;
            }
            cp = indexOf(s, " (", cp + 1, detailEnd);
        }
        if (cp < 0 && detailEnd > es) {
            e.setSpan(Field.VENDOR_AUTH_ERROR, es, detailEnd, TEXT);
        }
        if (userK >= 0 && tail > userK + 7) {
            e.setSpan(Field.VENDOR_AUTHID, userK + 7, tail, TEXT);
        }
        if (relayK >= 0) {
            Composite.relay(s, relayK + 8, me, e, true);
        }
    }

    // ---- STARTTLS ---------------------------------------------------------------------------

    private static void starttls(String s, int p, int me, SendmailEvent e) {
        type(e, STARTTLS);
        if (p >= me) {
            return;
        }
        if (s.charAt(p) != '=') {
            // STARTTLS: ... (info callback, random seeding, missing files)
            e.setString(Field.VENDOR_EVENT_SUBTYPE, "tls_info");
            return;
        }
        int vs = p + 1;
        int comma = indexOf(s, ", ", vs, me);
        int colon = indexOf(s, ": ", vs, me);
        int roleEnd = comma >= 0 && (colon < 0 || comma < colon) ? comma : colon >= 0 ? colon : me;
        e.setSpan(Field.VENDOR_STARTTLS, vs, roleEnd, LOWER);
        boolean server = startsWith(s, "server", vs, roleEnd);
        if (roleEnd == me) {
            return;
        }
        if (roleEnd == colon) {
            openSslError(s, colon + 2, me, e);
            return;
        }
        int q = roleEnd;
        if (startsWith(s, ", relay=", q, me)) {
            int rs = q + 8;
            int versionK = afterRelay(s, ", version=", rs, me);
            if (versionK >= 0) {
                Composite.relay(s, rs, versionK, e, server);
                e.setString(Field.VENDOR_EVENT_OUTCOME, "success");
                int k = versionK;
                while (k >= 0) {
                    int next = Scan.nextKey(s, k + 2, me);
                    int ve = next >= 0 ? next : me;
                    tlsField(s, k + 2, ve, e);
                    k = next;
                }
                return;
            }
            int c = afterRelay(s, ", ", rs, me);
            Composite.relay(s, rs, c >= 0 ? c : me, e, server);
            if (c >= 0) {
                e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, c + 2, me, TEXT);
            }
            return;
        }
        if (startsWith(s, ", error: ", q, me)) {
            handshakeError(s, q + 9, me, e, server);
            return;
        }
        if (startsWith(s, ", start=", q, me)) {
            e.setString(Field.VENDOR_EVENT_SUBTYPE, "start");
            e.setSpan(Field.VENDOR_EVENT_OUTCOME, q + 8, me);
            return;
        }
        e.setString(Field.VENDOR_EVENT_SUBTYPE, "tls_info");
    }

    private static void tlsField(String s, int ks, int ve, SendmailEvent e) {
        int eq = indexOf(s, '=', ks, ve);
        if (eq < 0) {
            return;
        }
        int vs = eq + 1;
        switch (eq - ks) {
            case 4:
                if (s.startsWith("bits", ks)) {
                    e.setSpan(Field.VENDOR_TLS_CIPHER_SIZE, vs, ve);
                }
                break;
            case 6:
                if (s.startsWith("verify", ks)) {
                    e.setSpan(Field.VENDOR_STARTTLS_VERIFY, vs, ve);
                } else if (s.startsWith("cipher", ks)) {
                    e.setSpan(Field.VENDOR_TLS_CIPHER, vs, ve);
                }
                break;
            case 7:
                if (s.startsWith("version", ks)) {
                    e.setSpan(Field.VENDOR_TLS_VERSION, vs, ve);
                }
                break;
            default:
                break;
        }
    }

    /** {@code accept failed=-1, reason=R, SSL_error=1, errno=0, retry=-1[, relay=R]}. */
    private static void handshakeError(String s, int es, int me, SendmailEvent e, boolean server) {
        e.setString(Field.VENDOR_EVENT_SUBTYPE, "handshake_error");
        e.setString(Field.VENDOR_EVENT_OUTCOME, "failure");
        int relayK = lastIndexOf(s, ", relay=", es, me);
        int end = relayK >= 0 ? relayK : me;
        int first = indexOf(s, ", ", es, end);
        int firstEnd = first >= 0 ? first : end;
        int eq = indexOf(s, '=', es, firstEnd);
        if (eq > es) {
            e.setSpan(Field.VENDOR_STARTTLS_ERROR, es, eq, TEXT);
            e.setSpan(Field.VENDOR_STARTTLS_ERROR_CODE, eq + 1, firstEnd);
        } else {
            e.setSpan(Field.VENDOR_STARTTLS_ERROR, es, firstEnd, TEXT);
        }
        int reasonK = indexOf(s, ", reason=", es, end);
        int sslK = indexOf(s, ", SSL_error=", reasonK >= 0 ? reasonK : es, end);
        int errnoK = indexOf(s, ", errno=", sslK >= 0 ? sslK : es, end);
        int retryK = indexOf(s, ", retry=", errnoK >= 0 ? errnoK : es, end);
        if (reasonK >= 0) {
            int re = sslK >= 0 ? sslK : errnoK >= 0 ? errnoK : retryK >= 0 ? retryK : end;
            e.setSpan(Field.VENDOR_STARTTLS_ERROR_REASON, reasonK + 9, re, TEXT);
        }
        if (sslK >= 0) {
            e.setSpan(Field.VENDOR_SSL_ERROR, sslK + 12, errnoK >= 0 ? errnoK : retryK >= 0 ? retryK : end);
        }
        if (errnoK >= 0) {
            e.setSpan(Field.VENDOR_ERRNO, errnoK + 8, retryK >= 0 ? retryK : end);
        }
        if (retryK >= 0) {
            e.setSpan(Field.VENDOR_RETRY, retryK + 8, end);
        }
        if (relayK >= 0) {
            Composite.relay(s, relayK + 8, me, e, server);
        }
    }

    /**
     * OpenSSL's error queue: {@code [tid:]error:CODE:LIBRARY:FUNCTION:REASON:FILE:LINE:DATA}
     * (8.12–8.15 put a thread id first; OpenSSL 3 leaves FUNCTION empty).
     */
    private static void openSslError(String s, int vs, int me, SendmailEvent e) {
        e.setString(Field.VENDOR_EVENT_SUBTYPE, "openssl_error");
        e.setString(Field.VENDOR_EVENT_OUTCOME, "failure");
        int p = indexOf(s, "error:", vs, me);
        if (p < 0) {
            e.setSpan(Field.VENDOR_STARTTLS_ERROR, vs, me, TEXT);
            return;
        }
        int c1 = indexOf(s, ':', p + 6, me);
        if (c1 < 0) {
            return;
        }
        e.setSpan(Field.VENDOR_STARTTLS_ERROR_CODE, p + 6, c1);
        int c2 = indexOf(s, ':', c1 + 1, me);
        if (c2 < 0) {
            return;
        }
        int c3 = indexOf(s, ':', c2 + 1, me);
        if (c3 < 0) {
            return;
        }
        // the function, or the library when OpenSSL 3 leaves the function empty
        if (c3 > c2 + 1) {
            e.setSpan(Field.VENDOR_STARTTLS_ERROR, c2 + 1, c3, TEXT);
        } else {
            e.setSpan(Field.VENDOR_STARTTLS_ERROR, c1 + 1, c2, TEXT);
        }
        int c4 = indexOf(s, ':', c3 + 1, me);
        e.setSpan(Field.VENDOR_STARTTLS_ERROR_REASON, c3 + 1, c4 >= 0 ? c4 : me, TEXT);
    }

    // ---- service status ---------------------------------------------------------------------

    /** {@code starting daemon (8.14.4): SMTP+queueing@00:10:00}. */
    private static void starting(String s, int vs, int me, SendmailEvent e) {
        type(e, SERVICE_STATUS);
        e.setString(Field.VENDOR_EVENT_ACTION, "starting");
        int close = indexOf(s, "): ", vs, me);
        if (close < 0) {
            close = indexOf(s, ')', vs, me);
            if (close > vs) {
                e.setSpan(Field.VENDOR_VERSION, vs, close);
            }
            return;
        }
        e.setSpan(Field.VENDOR_VERSION, vs, close);
        int ms = close + 3;
        if (ms < me) {
            e.setSpan(Field.VENDOR_DAEMON_MODE, ms, me);
            int qi = indexOf(s, "queueing@", ms, me);
            if (qi >= 0) {
                int qs = qi + 9;
                int qe = indexOf(s, '+', qs, me);
                e.setSpan(Field.VENDOR_QUEUE_INTERVAL, qs, qe >= 0 ? qe : me);
            }
        }
    }

    /** {@code restarting /usr/sbin/sendmail-mta due to signal}. */
    private static void restarting(String s, int vs, int me, SendmailEvent e) {
        int due = lastIndexOf(s, " due to ", vs, me);
        if (due < 0) {
            other(e, null);
            return;
        }
        type(e, SERVICE_STATUS);
        e.setString(Field.VENDOR_EVENT_ACTION, "restarting");
        e.setSpan(Field.VENDOR_PROGRAM, vs, due, TEXT);
        e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, due + 8, me, TEXT);
    }

    /** {@code rejecting connections on daemon D: load average: 12} and its kin. */
    private static void refusing(String s, int vs, int me, SendmailEvent e, String action) {
        type(e, SERVICE_STATUS);
        e.setString(Field.VENDOR_EVENT_ACTION, action);
        int c = indexOf(s, ": ", vs, me);
        int f = indexOf(s, " for ", vs, me);
        int de = c >= 0 ? c : f >= 0 ? f : me;
        e.setSpan(Field.VENDOR_DAEMON, vs, de);
        if (de < me) {
            e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, de == c ? c + 2 : f + 1, me, TEXT);
        }
    }

    // ---- connection-level and scanning lines --------------------------------------------------

    /** {@code rejecting commands from H [IP] due to pre-greeting traffic after N seconds} (and 8.13 forms). */
    private static void pregreet(String s, int rs, int me, SendmailEvent e) {
        int due = indexOf(s, " due to pre-greeting traffic", rs, me);
        if (due < 0) {
            other(e, null);
            return;
        }
        type(e, PREGREET);
        e.setString(Field.VENDOR_EVENT_ACTION, "rejecting");
        int after = indexOf(s, " after ", rs, me);
        int relayEnd = after >= 0 && after < due ? after : due;
        Composite.relay(s, rs, relayEnd, e, true);
        if (after >= 0) {
            int ns = after + 7;
            int ne = ns;
            while (ne < me && Scan.isDigit(s.charAt(ne))) {
                ne++;
            }
            Composite.number(s, ns, ne, e, Field.VENDOR_PREGREET_SECONDS);
        }
    }

    /** {@code lost input channel from R to D after CMD}. */
    private static void lostInput(String s, int rs, int me, SendmailEvent e) {
        other(e, "lost_input_channel");
        int after = lastIndexOf(s, " after ", rs, me);
        int end = after >= 0 ? after : me;
        int to = lastIndexOf(s, " to ", rs, end);
        Composite.relay(s, rs, to >= 0 ? to : end, e, true);
        if (to >= 0) {
            e.setSpan(Field.VENDOR_DAEMON, to + 4, end);
        }
        if (after >= 0) {
            e.setSpan(Field.VENDOR_SMTP_PHASE, after + 7, me);
        }
    }

    /** {@code timeout waiting for input from H during PHASE}. */
    private static void timeout(String s, int rs, int me, SendmailEvent e) {
        other(e, "timeout");
        int during = lastIndexOf(s, " during ", rs, me);
        Composite.relay(s, rs, during >= 0 ? during : me, e, true);
        if (during >= 0) {
            e.setSpan(Field.VENDOR_SMTP_PHASE, during + 8, me);
        }
    }

    /** {@code tcpwrappers (host, ip) rejection}. */
    private static void tcpwrappers(String s, int vs, int me, SendmailEvent e) {
        type(e, CONNECTION);
        e.setString(Field.VENDOR_EVENT_ACTION, "reject");
        e.setString(Field.VENDOR_EVENT_OUTCOME_REASON, "tcpwrappers");
        int comma = indexOf(s, ", ", vs, me);
        int close = indexOf(s, ')', vs, me);
        if (comma > vs && close > comma) {
            if (!startsWith(s, "localhost", vs, comma) || comma - vs != 9) {
                e.setSpan(Field.SOURCE_HOSTNAME, vs, comma, HOST);
            }
            e.setSpan(Field.SOURCE_IP, comma + 2, close, HOST);
        }
    }

    /** {@code makeconnection (host [ip].port (family)) failed: reason}. */
    private static void makeconnection(String s, int vs, int me, SendmailEvent e) {
        type(e, CONNECTION);
        e.setString(Field.VENDOR_EVENT_ACTION, "failed");
        int rb = indexOf(s, "].", vs, me);
        if (rb > vs) {
            Composite.relay(s, vs, rb + 1, e, false);
        }
        int f = indexOf(s, " failed: ", vs, me);
        if (f > 0) {
            e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, f + 9, me, TEXT);
        }
    }

    /** {@code done; delay=D, ntries=N}. */
    private static void done(String s, int vs, int me, SendmailEvent e) {
        other(e, "done");
        int k = indexOf(s, ", ntries=", vs, me);
        Composite.delay(s, vs, k >= 0 ? k : me, e, Field.VENDOR_DELAY, Field.VENDOR_DELAY_TOTAL_SECONDS);
        if (k >= 0) {
            Composite.number(s, k + 9, me, e, Field.VENDOR_NTRIES);
        }
    }

    /** {@code SYSERR(user): text} or {@code SYSERR: text}. */
    private static void syserr(String s, int p, int me, SendmailEvent e) {
        other(e, "syserr");
        int ts = p;
        if (p < me && s.charAt(p) == '(') {
            int close = indexOf(s, "): ", p, me);
            if (close > p + 1) {
                e.setSpan(Field.VENDOR_SYSERR_USER, p + 1, close, TEXT);
                ts = close + 3;
            }
        } else if (startsWith(s, ": ", p, me)) {
            ts = p + 2;
        }
        if (ts < me) {
            e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, ts, me, TEXT);
        }
    }

    /** Milter lines: {@code Milter: data, reject=...}, {@code milter=N, action=A, reject=...}, {@code Milter (N): ...}. */
    private static void milter(String s, int p, int me, SendmailEvent e) {
        other(e, "milter");
        int nameStart = -1;
        int nameEnd = -1;
        int rest = p;
        if (startsWith(s, "Milter (", p, me)) {
            nameStart = p + 8;
            nameEnd = indexOf(s, ')', nameStart, me);
            rest = nameEnd >= 0 ? nameEnd + 1 : me;
        } else if (startsWith(s, "milter=", p, me)) {
            nameStart = p + 7;
            nameEnd = indexOf(s, ", ", nameStart, me);
            int a = indexOf(s, ", action=", p, me);
            if (a >= 0) {
                int ae = indexOf(s, ", ", a + 9, me);
                e.setSpan(Field.VENDOR_SMTP_PHASE, a + 9, ae >= 0 ? ae : me);
            }
        } else if (startsWith(s, "Milter: ", p, me)) {
            int ps = p + 8;
            int pe = ps;
            while (pe < me && Scan.isAlnum(s.charAt(pe))) {
                pe++;
            }
            if (pe > ps) {
                e.setSpan(Field.VENDOR_SMTP_PHASE, ps, pe, LOWER);
            }
            if (pe < me && s.charAt(pe) == '=' && (startsWith(s, "from", ps, pe) || startsWith(s, "to", ps, pe))) {
                int ae = Scan.endOfAddress(s, pe + 1, me);
                e.setSpan(Field.VENDOR_ADDRESS, pe + 1, ae, ADDRESS);
            }
        }
        if (nameStart >= 0 && nameEnd > nameStart) {
            e.setSpan(Field.VENDOR_MILTER, nameStart, nameEnd, TEXT);
        }
        int rk = indexOf(s, ", reject=", rest, me);
        if (rk >= 0) {
            e.setString(Field.VENDOR_EVENT_ACTION, "reject");
            e.setSpan(Field.VENDOR_REJECT, rk + 9, me, TEXT);
            Composite.smtpReply(s, rk + 9, me, e, true);
        } else if (endsWith(s, "discard", p, me)) {
            e.setString(Field.VENDOR_EVENT_ACTION, "discard");
        } else if (startsWith(s, "Milter accept", p, me)) {
            e.setString(Field.VENDOR_EVENT_ACTION, "accept");
        } else if (startsWith(s, "Milter add", p, me) || startsWith(s, "Milter change", p, me)
                || startsWith(s, "Milter delete", p, me) || startsWith(s, "Milter insert", p, me)) {
            e.setString(Field.VENDOR_EVENT_ACTION, "modify");
        } else if (rest < me && s.charAt(rest) == ':') {
            int r = Scan.skipSpaces(s, rest + 1, me);
            if (r < me) {
                e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, r, me, TEXT);
            }
        }
    }

    /**
     * Lines about another envelope: {@code <newqid>: DSN: msg}, {@code sender notify},
     * {@code return to sender}, {@code postmaster notify}, {@code clone: owner=...}.
     */
    private static boolean relatedQueueId(String s, int p, int me, SendmailEvent e) {
        int qlen = Scan.queueIdLength(s, p, me);
        if (qlen == 0 || !startsWith(s, ": ", p + qlen, me)) {
            return false;
        }
        int rest = p + qlen + 2;
        String subtype;
        int ts;
        if (startsWith(s, "DSN: ", rest, me)) {
            subtype = "dsn";
            ts = rest + 5;
        } else if (startsWith(s, "sender notify: ", rest, me)) {
            subtype = "sender_notify";
            ts = rest + 15;
        } else if (startsWith(s, "return to sender: ", rest, me)) {
            subtype = "return_to_sender";
            ts = rest + 18;
        } else if (startsWith(s, "postmaster notify: ", rest, me)) {
            subtype = "postmaster_notify";
            ts = rest + 19;
        } else if (startsWith(s, "clone: ", rest, me)) {
            subtype = "clone";
            ts = rest + 7;
        } else {
            subtype = "related_envelope";
            ts = rest;
        }
        other(e, subtype);
        e.setSpan(Field.VENDOR_RELATED_EMAIL_UID, p, p + qlen);
        if (ts < me) {
            e.setSpan(Field.VENDOR_EVENT_OUTCOME_REASON, ts, me, TEXT);
        }
        return true;
    }

    /**
     * Lines that start with the client ({@code $_}): invalid connections, VRFY/EXPN, attack and
     * flood warnings, open proxies, ETRN. Anything else is {@code other}.
     */
    private static void clientLine(String s, int p, int me, SendmailEvent e) {
        int k = indexOf(s, DID_NOT_ISSUE, p, me);
        if (k >= 0) {
            type(e, INVALID_CONNECTION);
            Composite.relay(s, p, k, e, true);
            int ds = k + DID_NOT_ISSUE.length();
            if (ds < me) {
                e.setSpan(Field.VENDOR_DAEMON, ds, me);
            }
            return;
        }
        int sep = afterRelay(s, ": ", p, me);
        if (sep < 0) {
            other(e, null);
            return;
        }
        int rest = sep + 2;
        if (endsWith(s, " [rejected]", rest, me)) {
            int cmdEnd = indexOf(s, ' ', rest, me - 11);
            int ce = cmdEnd >= 0 ? cmdEnd : me - 11;
            if (ce - rest == 4 && (s.regionMatches(true, rest, "VRFY", 0, 4) || s.regionMatches(true, rest, "EXPN", 0, 4))) {
                type(e, REJECTED_DISCOVERY);
                Composite.relay(s, p, sep, e, true);
                e.setSpan(Field.VENDOR_SMTP_COMMAND, rest, ce, UPPER);
                if (cmdEnd >= 0 && cmdEnd + 1 < me - 11) {
                    e.setSpan(Field.VENDOR_SMTP_COMMAND_ARG, cmdEnd + 1, me - 11, TEXT);
                }
                return;
            }
        }
        if (startsWith(s, "possible SMTP attack: command=", rest, me)) {
            other(e, "possible_smtp_attack");
            Composite.relay(s, p, sep, e, true);
            int cs = rest + 30;
            int ck = indexOf(s, ", count=", cs, me);
            e.setSpan(Field.VENDOR_SMTP_COMMAND, cs, ck >= 0 ? ck : me, UPPER);
            if (ck >= 0) {
                Composite.number(s, ck + 8, me, e, Field.VENDOR_COUNT);
            }
            return;
        }
        if (startsWith(s, "probable open proxy: command=", rest, me)) {
            other(e, "open_proxy");
            Composite.relay(s, p, sep, e, true);
            e.setSpan(Field.VENDOR_SMTP_COMMAND_ARG, rest + 29, me, TEXT);
            return;
        }
        if (startsWith(s, "Possible SMTP RCPT flood", rest, me)) {
            other(e, "rcpt_flood");
            Composite.relay(s, p, sep, e, true);
            e.setString(Field.VENDOR_SMTP_COMMAND, "RCPT");
            return;
        }
        if (startsWith(s, "ETRN ", rest, me)) {
            other(e, "etrn");
            Composite.relay(s, p, sep, e, true);
            e.setString(Field.VENDOR_SMTP_COMMAND, "ETRN");
            e.setSpan(Field.VENDOR_SMTP_COMMAND_ARG, rest + 5, me, TEXT);
            return;
        }
        other(e, null);
    }
}
