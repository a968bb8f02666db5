package io.sendmailflink.jobs.aggregate;

import static io.sendmailflink.jobs.aggregate.AggregateView.*;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import java.util.List;

/**
 * The partial aggregates of one bucket (time window and host, {@code source}) for every view of
 * {@code sql/06}-{@code sql/11}: what one pass over the bucket's lines adds up, mergeable with the
 * partials of other subtasks. {@link #add} is the per-line update, written view by view after the
 * SQL (the {@code WHERE} of each view and of the per-type view it reads, {@code 04_event_views.sql});
 * {@link AggregateRows} turns a merged bucket into the views' rows. Plain Java, no Flink.
 *
 * <p>Counter layout per view is given next to each update; a view's group exists once one line
 * passes its filter, as a SQL group does.
 */
public final class BucketState {

    /** Window start: local wall-clock time of the session time zone, as epoch milliseconds. */
    final long windowStart;
    /** Window length in milliseconds (1 hour in batch, 1 minute in streaming). */
    final long windowSize;
    /** The host ({@code source}); null for lines without one. */
    final String source;
    final GroupTable[] tables = new GroupTable[AggregateView.count()];

    public BucketState(long windowStart, long windowSize, String source) {
        this.windowStart = windowStart;
        this.windowSize = windowSize;
        this.source = source;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowSize() {
        return windowSize;
    }

    public String source() {
        return source;
    }

    /** {counters, lists} per view ordinal. */
    static final int[][] LAYOUT = new int[AggregateView.count()][];

    private static void layout(AggregateView v, int counters, int lists) {
        LAYOUT[v.ordinal()] = new int[] {counters, lists};
    }

    static {
        layout(OVERVIEW_LINES, 3, 0);                  // lines, events, unparsed_lines
        layout(OVERVIEW_EVENTS_BY_TYPE, 1, 0);         // events
        layout(OVERVIEW_MESSAGES, 6, 0);               // received, bytes, delivered, deferred, bounced, rejected
        layout(ACTIVITY_TOP_SENDERS, 3, 0);            // messages, bytes, messages with a size
        layout(ACTIVITY_TOP_RECIPIENTS, 2, 0);         // deliveries, delivered
        layout(ACTIVITY_TOP_SENDER_DOMAINS, 3, 0);     // messages, bytes, messages with a size
        layout(ACTIVITY_TOP_RECIPIENT_DOMAINS, 2, 0);  // deliveries, delivered
        layout(ACTIVITY_TOP_CLIENT_RELAYS, 3, 0);      // messages, bytes, messages with a size
        layout(ACTIVITY_TOP_DESTINATION_RELAYS, 3, 0); // deliveries, recipients, delivered
        layout(ACTIVITY_VOLUME, 3, 1);                 // messages, recipients, bytes; sizes
        layout(ACTIVITY_MESSAGE_SIZES, 2, 0);          // messages, bytes
        layout(DELIVERY_BY_OUTCOME, 2, 0);             // deliveries, recipients
        layout(DELIVERY_BY_STATUS, 2, 0);              // deliveries, recipients
        layout(DELIVERY_BY_DSN, 2, 0);                 // deliveries, recipients
        layout(DELIVERY_BY_MAILER, 5, 0);              // deliveries, recipients, delivered, deferred, bounced
        layout(DELIVERY_BY_DESTINATION_DOMAIN, 4, 0);  // recipients, delivered, deferred, bounced
        layout(DELIVERY_TOP_DEFERRAL_REASONS, 2, 0);   // deliveries, recipients
        layout(DELIVERY_TOP_BOUNCE_REASONS, 2, 0);     // deliveries, recipients
        layout(DELIVERY_DELAYS, 1, 1);                 // deliveries; delays
        layout(RULE_BY_RULESET, 1, 0);                 // events
        layout(RULE_BY_REPLY_CODE, 1, 0);
        layout(RULE_BY_ENHANCED_CODE, 1, 0);
        layout(RULE_TOP_CLIENT_IPS, 1, 0);
        layout(RULE_TOP_ARG1, 1, 0);
        layout(RULE_TOP_MESSAGES, 1, 0);
        layout(AUTH_BY_MECHANISM, 1, 0);
        layout(AUTH_TOP_AUTHIDS, 3, 0);                // events, successes, failures
        layout(AUTH_FAILURES_BY_CLIENT_IP, 1, 0);      // failures
        layout(TLS_BY_VERSION, 1, 0);
        layout(TLS_BY_CIPHER, 1, 0);
        layout(TLS_BY_VERIFY, 1, 0);
        layout(TLS_ERRORS_BY_REASON, 1, 0);
        layout(PROCESSING_DELAYS, 1, 2);               // deliveries; delays, xdelays
        layout(PROCESSING_PRIORITY, 1, 1);             // deliveries; priorities
        layout(PROCESSING_RECIPIENTS_PER_MESSAGE, 2, 1); // messages, recipients; nrcpts
        layout(PROCESSING_SERVICE_EVENTS, 1, 0);       // events
        layout(PROCESSING_CONNECTIONS, 5, 0);          // inbound, outgoing, invalid, pregreet, rejected_discovery
        for (AggregateView v : AggregateView.values()) {
            if (LAYOUT[v.ordinal()] == null) {
                throw new IllegalStateException("no counter layout for " + v);
            }
        }
    }

    GroupTable table(AggregateView v) {
        GroupTable t = tables[v.ordinal()];
        if (t == null) {
            int[] l = LAYOUT[v.ordinal()];
            t = new GroupTable(l[0], l[1]);
            tables[v.ordinal()] = t;
        }
        return t;
    }

    private Group g(AggregateView v, String a, String b, String c) {
        return table(v).get(a, b, c);
    }

    private Group g(AggregateView v, String a, String b) {
        return table(v).get(a, b, null);
    }

    private Group g(AggregateView v, String a) {
        return table(v).get(a, null, null);
    }

    private Group g(AggregateView v) {
        return table(v).get(null, null, null);
    }

    // ---- the per-line update ------------------------------------------------------------------

    static final String UNPARSED = "unparsed";
    static final String DELIVERED = "delivered";
    static final String BOUNCED = "bounced";
    static final String DEFERRED = "deferred";
    static final String OTHER = "other";

    /**
     * Adds one parsed line (every line, unparsed ones included, as {@code sendmail_parsed} has them).
     * {@code e.getString(Field.SOURCE)} must be this bucket's source.
     */
    public void add(SendmailEvent e) {
        String type = e.has(Field.EVENT_TYPE) ? e.getString(Field.EVENT_TYPE) : UNPARSED;
        boolean unparsed = UNPARSED.equals(type);
        // agg_overview_lines (sendmail_parsed)
        long[] lines = g(OVERVIEW_LINES).n;
        lines[0]++;
        if (unparsed) {
            lines[2]++;
            return;
        }
        lines[1]++;
        // sendmail_events from here
        g(OVERVIEW_EVENTS_BY_TYPE, type).n[0]++;
        long[] messages = g(OVERVIEW_MESSAGES).n;
        switch (type) {
            case "receipt":
                receipt(e, messages);
                break;
            case "delivery":
                delivery(e, messages);
                break;
            case "ruleset_rejection":
                rulesetRejection(e, messages);
                break;
            case "authentication":
                authentication(e);
                break;
            case "starttls":
                starttls(e);
                break;
            case "service_status":
                g(PROCESSING_SERVICE_EVENTS, e.getString(Field.VENDOR_EVENT_ACTION)).n[0]++;
                break;
            case "connection": {
                long[] c = g(PROCESSING_CONNECTIONS).n;
                if (!e.has(Field.VENDOR_RELAY_IP) && !e.has(Field.VENDOR_RELAY_HOST)) {
                    c[0]++;
                } else {
                    c[1]++;
                }
                break;
            }
            case "invalid_connection":
                g(PROCESSING_CONNECTIONS).n[2]++;
                break;
            case "pregreet":
                g(PROCESSING_CONNECTIONS).n[3]++;
                break;
            case "rejected_discovery":
                g(PROCESSING_CONNECTIONS).n[4]++;
                break;
            default:
                break;
        }
    }

    private void receipt(SendmailEvent e, long[] messages) {
        Long nrcpts = e.getLongOrNull(Field.VENDOR_NRCPTS);
        if (nrcpts == null || nrcpts <= 0) {
            return; // every receipt view reads "vendor_nrcpts > 0"
        }
        Long size = e.getLongOrNull(Field.EMAIL_SIZE);
        long bytes = size == null ? 0 : size;
        long sized = size == null ? 0 : 1;
        messages[0]++;
        messages[1] += bytes;
        String from = e.getString(Field.EMAIL_FROM);
        long[] n = g(ACTIVITY_TOP_SENDERS, from).n;
        n[0]++;
        n[1] += bytes;
        n[2] += sized;
        String domain = domain(from);
        if (domain != null) {
            n = g(ACTIVITY_TOP_SENDER_DOMAINS, domain).n;
            n[0]++;
            n[1] += bytes;
            n[2] += sized;
        }
        n = g(ACTIVITY_TOP_CLIENT_RELAYS, e.getString(Field.SOURCE_IP), e.getString(Field.SOURCE_HOSTNAME)).n;
        n[0]++;
        n[1] += bytes;
        n[2] += sized;
        Group volume = g(ACTIVITY_VOLUME);
        volume.n[0]++;
        volume.n[1] += nrcpts;
        volume.n[2] += bytes;
        if (size != null) {
            volume.values[0].add(size);
            n = g(ACTIVITY_MESSAGE_SIZES, sizeClass(size)).n;
            n[0]++;
            n[1] += size;
        }
        Group rpm = g(PROCESSING_RECIPIENTS_PER_MESSAGE);
        rpm.n[0]++;
        rpm.n[1] += nrcpts;
        rpm.values[0].add(nrcpts);
    }

    private void delivery(SendmailEvent e, long[] messages) {
        List<String> to = e.getList(Field.EMAIL_TO_LIST);
        long recipients = to.size();
        String status = e.getString(Field.VENDOR_STATUS);
        String dsn = e.getString(Field.VENDOR_DSN);
        String outcome = outcome(status, dsn);
        int outcomeSlot = outcome == DELIVERED ? 0 : outcome == DEFERRED ? 1 : outcome == BOUNCED ? 2 : -1;
        if (outcomeSlot >= 0) {
            messages[2 + outcomeSlot] += recipients;
        }
        long[] n = g(DELIVERY_BY_OUTCOME, outcome).n;
        n[0]++;
        n[1] += recipients;
        n = g(DELIVERY_BY_STATUS, status).n;
        n[0]++;
        n[1] += recipients;
        n = g(DELIVERY_BY_DSN, dsn).n;
        n[0]++;
        n[1] += recipients;
        n = g(DELIVERY_BY_MAILER, e.getString(Field.VENDOR_MAILER)).n;
        n[0]++;
        n[1] += recipients;
        if (outcomeSlot >= 0) {
            n[2 + outcomeSlot] += recipients;
        }
        String destHost = e.getString(Field.DESTINATION_HOSTNAME);
        String destIp = e.getString(Field.DESTINATION_IP);
        if (destHost != null || destIp != null) {
            n = g(ACTIVITY_TOP_DESTINATION_RELAYS, destHost, destIp).n;
            n[0]++;
            n[1] += recipients;
            if (outcomeSlot == 0) {
                n[2] += recipients;
            }
        }
        if (outcome == DEFERRED) {
            String text = e.getString(Field.VENDOR_STATUS_TEXT);
            n = g(DELIVERY_TOP_DEFERRAL_REASONS, text != null ? text : e.getString(Field.VENDOR_STATUS_FULL)).n;
            n[0]++;
            n[1] += recipients;
        } else if (outcome == BOUNCED) {
            n = g(DELIVERY_TOP_BOUNCE_REASONS, e.getString(Field.VENDOR_STATUS_FULL)).n;
            n[0]++;
            n[1] += recipients;
        }
        Long delay = e.getLongOrNull(Field.VENDOR_DELAY_TOTAL_SECONDS);
        Long xdelay = e.getLongOrNull(Field.VENDOR_XDELAY_TOTAL_SECONDS);
        if (delay != null) {
            Group d = g(DELIVERY_DELAYS, outcome);
            d.n[0]++;
            d.values[0].add(delay);
        }
        Group p = g(PROCESSING_DELAYS);
        p.n[0]++;
        if (delay != null) {
            p.values[0].add(delay);
        }
        if (xdelay != null) {
            p.values[1].add(xdelay);
        }
        Long pri = e.getLongOrNull(Field.VENDOR_PRI);
        if (pri != null) {
            Group pg = g(PROCESSING_PRIORITY);
            pg.n[0]++;
            pg.values[0].add(pri);
        }
        // delivery_recipient_events: one row per recipient
        for (int i = 0; i < to.size(); i++) {
            String r = to.get(i);
            String rd = domain(r);
            n = g(ACTIVITY_TOP_RECIPIENTS, r).n;
            n[0]++;
            if (outcomeSlot == 0) {
                n[1]++;
            }
            if (rd != null) {
                n = g(ACTIVITY_TOP_RECIPIENT_DOMAINS, rd).n;
                n[0]++;
                if (outcomeSlot == 0) {
                    n[1]++;
                }
            }
            n = g(DELIVERY_BY_DESTINATION_DOMAIN, rd).n;
            n[0]++;
            if (outcomeSlot >= 0) {
                n[1 + outcomeSlot]++;
            }
        }
    }

    private void rulesetRejection(SendmailEvent e, long[] messages) {
        String action = e.getString(Field.VENDOR_EVENT_ACTION);
        if ("reject".equals(action)) {
            messages[5]++;
        }
        g(RULE_BY_RULESET, e.getString(Field.VENDOR_RULESET), action).n[0]++;
        g(RULE_BY_REPLY_CODE, e.getString(Field.SMTP_RESPONSE_CODE), e.getString(Field.SMTP_RESPONSE_CODE_DESCRIPTION))
                .n[0]++;
        String cls = e.getString(Field.SMTP_RESPONSE_ENHANCED_CLASS_CODE);
        String st = e.getString(Field.SMTP_RESPONSE_ENHANCED_STATUS_CODE);
        // CONCAT(class, '.', status): NULL when either part is
        String code = cls == null || st == null ? null : cls + '.' + st;
        g(RULE_BY_ENHANCED_CODE, code, e.getString(Field.SMTP_RESPONSE_ENHANCED_CLASS_CODE_DESCRIPTION),
                e.getString(Field.SMTP_RESPONSE_ENHANCED_STATUS_CODE_DESCRIPTION)).n[0]++;
        String ip = e.getString(Field.SOURCE_IP);
        if (ip != null) {
            g(RULE_TOP_CLIENT_IPS, ip).n[0]++;
        }
        String arg1 = e.getString(Field.VENDOR_ARG1);
        if (arg1 != null) {
            g(RULE_TOP_ARG1, arg1).n[0]++;
        }
        String msg = e.getString(Field.VENDOR_SMTP_RESPONSE_MESSAGE);
        if (msg != null) {
            g(RULE_TOP_MESSAGES, msg).n[0]++;
        }
    }

    private void authentication(SendmailEvent e) {
        String outcome = e.getString(Field.VENDOR_EVENT_OUTCOME);
        g(AUTH_BY_MECHANISM, e.getString(Field.VENDOR_AUTH), e.getString(Field.VENDOR_MECH), outcome).n[0]++;
        String authid = e.getString(Field.VENDOR_AUTHID);
        if (authid != null) {
            long[] n = g(AUTH_TOP_AUTHIDS, authid).n;
            n[0]++;
            if ("success".equals(outcome)) {
                n[1]++;
            } else if ("failure".equals(outcome)) {
                n[2]++;
            }
        }
        if ("failure".equals(outcome)) {
            String ip = e.getString(Field.SOURCE_IP);
            if (ip != null) {
                g(AUTH_FAILURES_BY_CLIENT_IP, ip).n[0]++;
            }
        }
    }

    private void starttls(SendmailEvent e) {
        String outcome = e.getString(Field.VENDOR_EVENT_OUTCOME);
        String role = e.getString(Field.VENDOR_STARTTLS);
        if ("success".equals(outcome)) {
            g(TLS_BY_VERSION, role, e.getString(Field.VENDOR_TLS_VERSION)).n[0]++;
            g(TLS_BY_CIPHER, e.getString(Field.VENDOR_TLS_CIPHER), e.getString(Field.VENDOR_TLS_CIPHER_SIZE)).n[0]++;
            g(TLS_BY_VERIFY, role, e.getString(Field.VENDOR_STARTTLS_VERIFY)).n[0]++;
        } else if ("failure".equals(outcome)) {
            g(TLS_ERRORS_BY_REASON, role, e.getString(Field.VENDOR_STARTTLS_ERROR),
                    e.getString(Field.VENDOR_STARTTLS_ERROR_REASON)).n[0]++;
        }
    }

    /**
     * {@code delivery_outcome} of 04_event_views.sql: delivered (stat=Sent), bounced (dsn=5.x.x),
     * deferred (dsn=4.x.x or stat=Deferred), else other. Returns one of the constants (identity
     * comparable).
     */
    static String outcome(String status, String dsn) {
        if ("Sent".equals(status)) {
            return DELIVERED;
        }
        if (dsn != null && dsn.startsWith("5.")) {
            return BOUNCED;
        }
        if (dsn != null && dsn.startsWith("4.") || "Deferred".equals(status)) {
            return DEFERRED;
        }
        return OTHER;
    }

    /**
     * {@code LOWER(REGEXP_EXTRACT(address, '@([^@]+)$', 1))}: the text after the last '@', lower
     * case; null without an '@' or with nothing after the last one. LOWER is Flink's, which lower-
     * cases with the JVM's default locale.
     */
    static String domain(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return null;
        }
        return address.substring(at + 1).toLowerCase();
    }

    /** The size classes of agg_activity_message_sizes. */
    static final String[] SIZE_CLASSES = {"< 1 KiB", "1-10 KiB", "10-100 KiB", "100 KiB-1 MiB", "1-10 MiB", ">= 10 MiB"};
    static final long[] SIZE_CLASS_MIN = {0, 1024, 10240, 102400, 1048576, 10485760};

    static String sizeClass(long size) {
        for (int i = SIZE_CLASS_MIN.length - 1; i > 0; i--) {
            if (size >= SIZE_CLASS_MIN[i]) {
                return SIZE_CLASSES[i];
            }
        }
        return SIZE_CLASSES[0];
    }

    /**
     * A deep copy: every view's table cloned as it is (hash arrays copied, no re-hashing), groups
     * copied with their key strings shared; later changes of either bucket leave the other as it is.
     */
    public BucketState deepCopy() {
        BucketState c = new BucketState(windowStart, windowSize, source);
        for (int v = 0; v < tables.length; v++) {
            GroupTable t = tables[v];
            if (t != null) {
                c.tables[v] = new GroupTable(t);
            }
        }
        return c;
    }

    // ---- merging ------------------------------------------------------------------------------

    /** Adds another partial of the same bucket. */
    public void merge(BucketState o) {
        for (int v = 0; v < tables.length; v++) {
            GroupTable t = o.tables[v];
            if (t == null) {
                continue;
            }
            GroupTable mine = table(AggregateView.at(v));
            for (Group g : t.groups()) {
                mine.merge(g);
            }
        }
    }

    /**
     * This bucket as pieces of at most {@code maxGroups} groups each (one view's groups may be
     * spread over pieces): partials travel and sort as many modest records rather than one of
     * megabytes, which a batch sort handles far better. Merging the pieces gives this bucket.
     */
    public List<BucketState> pieces(int maxGroups) {
        List<BucketState> out = new java.util.ArrayList<>();
        BucketState piece = null;
        int inPiece = 0;
        for (int v = 0; v < tables.length; v++) {
            GroupTable t = tables[v];
            if (t == null || t.size() == 0) {
                continue;
            }
            for (Group g : t.groups()) {
                if (piece == null || inPiece >= maxGroups) {
                    piece = new BucketState(windowStart, windowSize, source);
                    out.add(piece);
                    inPiece = 0;
                }
                piece.table(AggregateView.at(v)).adopt(g);
                inPiece++;
            }
        }
        return out;
    }

    /** Whether no line was added. */
    public boolean isEmpty() {
        for (GroupTable t : tables) {
            if (t != null && t.size() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Groups held, all views together (a size measure). */
    public int groupCount() {
        int n = 0;
        for (GroupTable t : tables) {
            n += t == null ? 0 : t.size();
        }
        return n;
    }
}
