package io.sendmailflink.jobs.aggregate;

import static io.sendmailflink.jobs.aggregate.AggregateView.*;

import io.sendmailflink.udfs.enrich.SmtpCodes;
import io.sendmailflink.udfs.udf.SmtpEnhancedStatusDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * A merged {@link BucketState} to the rows of the aggregate views, as {@code sql/06}-{@code sql/11}
 * define them: nullable sums and maxima are NULL when no value was summed, percentiles are
 * Flink's {@code PERCENTILE} (exact, linear interpolation, computed the way Flink's
 * {@code PercentileAggFunction} does so that the doubles are the same), and top-N views keep the
 * first {@value AggregateView#TOP_N} groups by count descending, then key ascending with NULL first
 * and strings in code point order (Flink compares strings by their UTF-8 bytes).
 */
public final class AggregateRows {

    private static final SmtpEnhancedStatusDescription STATUS_DESCRIPTION = new SmtpEnhancedStatusDescription();

    private AggregateRows() {
    }

    /** Calls {@code out} with every row of every view of the bucket. */
    public static void rows(BucketState b, BiConsumer<AggregateView, GenericRowData> out) {
        new AggregateRows.Emitter(b, out).emitAll();
    }

    private static final class Emitter {
        private final BucketState b;
        private final BiConsumer<AggregateView, GenericRowData> out;
        private final TimestampData start;
        private final TimestampData end;
        private final StringData source;

        Emitter(BucketState b, BiConsumer<AggregateView, GenericRowData> out) {
            this.b = b;
            this.out = out;
            this.start = TimestampData.fromEpochMillis(b.windowStart);
            this.end = TimestampData.fromEpochMillis(b.windowStart + b.windowSize);
            this.source = str(b.source);
        }

        private List<Group> groups(AggregateView v) {
            GroupTable t = b.tables[v.ordinal()];
            return t == null ? List.of() : t.groups();
        }

        private void emit(AggregateView v, Object... values) {
            GenericRowData r = new GenericRowData(v.arity());
            r.setField(0, start);
            r.setField(1, end);
            r.setField(2, source);
            for (int i = 0; i < values.length; i++) {
                Object x = values[i];
                r.setField(3 + i, x instanceof String ? StringData.fromString((String) x) : x);
            }
            out.accept(v, r);
        }

        /** The first TOP_N groups in rank order: counter {@code by} descending, then the keys. */
        private List<Group> top(AggregateView v, int by, int keys) {
            List<Group> l = new ArrayList<>(groups(v));
            Comparator<Group> c = Comparator.comparingLong((Group g) -> g.n[by]).reversed()
                    .thenComparing(g -> g.k1, AggregateRows::compareSql);
            if (keys > 1) {
                c = c.thenComparing(g -> g.k2, AggregateRows::compareSql);
            }
            l.sort(c);
            return l.size() > TOP_N ? l.subList(0, TOP_N) : l;
        }

        void emitAll() {
            for (Group g : groups(OVERVIEW_LINES)) {
                emit(OVERVIEW_LINES, g.n[0], g.n[1], g.n[2]);
            }
            for (Group g : groups(OVERVIEW_EVENTS_BY_TYPE)) {
                emit(OVERVIEW_EVENTS_BY_TYPE, g.k1, g.n[0]);
            }
            for (Group g : groups(OVERVIEW_MESSAGES)) {
                emit(OVERVIEW_MESSAGES, g.n[0], g.n[1], g.n[2], g.n[3], g.n[4], g.n[5]);
            }
            // 07 Activity
            long rank = 0;
            for (Group g : top(ACTIVITY_TOP_SENDERS, 0, 1)) {
                emit(ACTIVITY_TOP_SENDERS, g.k1, g.n[0], sum(g.n[1], g.n[2]), ++rank);
            }
            rank = 0;
            for (Group g : top(ACTIVITY_TOP_RECIPIENTS, 0, 1)) {
                emit(ACTIVITY_TOP_RECIPIENTS, g.k1, g.n[0], g.n[1], ++rank);
            }
            rank = 0;
            for (Group g : top(ACTIVITY_TOP_SENDER_DOMAINS, 0, 1)) {
                emit(ACTIVITY_TOP_SENDER_DOMAINS, g.k1, g.n[0], sum(g.n[1], g.n[2]), ++rank);
            }
            rank = 0;
            for (Group g : top(ACTIVITY_TOP_RECIPIENT_DOMAINS, 0, 1)) {
                emit(ACTIVITY_TOP_RECIPIENT_DOMAINS, g.k1, g.n[0], g.n[1], ++rank);
            }
            rank = 0;
            for (Group g : top(ACTIVITY_TOP_CLIENT_RELAYS, 0, 2)) {
                emit(ACTIVITY_TOP_CLIENT_RELAYS, g.k1, g.k2, g.n[0], sum(g.n[1], g.n[2]), ++rank);
            }
            rank = 0;
            for (Group g : top(ACTIVITY_TOP_DESTINATION_RELAYS, 0, 2)) {
                emit(ACTIVITY_TOP_DESTINATION_RELAYS, g.k1, g.k2, g.n[0], g.n[1], g.n[2], ++rank);
            }
            for (Group g : groups(ACTIVITY_VOLUME)) {
                long[] sizes = sorted(g.values[0]);
                emit(ACTIVITY_VOLUME, g.n[0], g.n[1], sum(g.n[2], sizes.length), percentile(sizes, 0.5),
                        percentile(sizes, 0.95), max(sizes));
            }
            for (Group g : groups(ACTIVITY_MESSAGE_SIZES)) {
                emit(ACTIVITY_MESSAGE_SIZES, g.k1, sizeClassMin(g.k1), g.n[0], g.n[1]);
            }
            // 08 Delivery Status
            for (Group g : groups(DELIVERY_BY_OUTCOME)) {
                emit(DELIVERY_BY_OUTCOME, g.k1, g.n[0], g.n[1]);
            }
            for (Group g : groups(DELIVERY_BY_STATUS)) {
                emit(DELIVERY_BY_STATUS, g.k1, g.n[0], g.n[1]);
            }
            for (Group g : groups(DELIVERY_BY_DSN)) {
                emit(DELIVERY_BY_DSN, g.k1, SmtpCodes.enhancedClassDescription(firstDotPart(g.k1)),
                        STATUS_DESCRIPTION.eval(g.k1), g.n[0], g.n[1]);
            }
            for (Group g : groups(DELIVERY_BY_MAILER)) {
                emit(DELIVERY_BY_MAILER, g.k1, g.n[0], g.n[1], g.n[2], g.n[3], g.n[4]);
            }
            for (Group g : groups(DELIVERY_BY_DESTINATION_DOMAIN)) {
                emit(DELIVERY_BY_DESTINATION_DOMAIN, g.k1, g.n[0], g.n[1], g.n[2], g.n[3]);
            }
            rank = 0;
            for (Group g : top(DELIVERY_TOP_DEFERRAL_REASONS, 0, 1)) {
                emit(DELIVERY_TOP_DEFERRAL_REASONS, g.k1, g.n[0], g.n[1], ++rank);
            }
            rank = 0;
            for (Group g : top(DELIVERY_TOP_BOUNCE_REASONS, 0, 1)) {
                emit(DELIVERY_TOP_BOUNCE_REASONS, g.k1, g.n[0], g.n[1], ++rank);
            }
            for (Group g : groups(DELIVERY_DELAYS)) {
                long[] d = sorted(g.values[0]);
                emit(DELIVERY_DELAYS, g.k1, g.n[0], percentile(d, 0.5), percentile(d, 0.95), max(d));
            }
            // 09 Rule Rejection
            for (Group g : groups(RULE_BY_RULESET)) {
                emit(RULE_BY_RULESET, g.k1, g.k2, g.n[0]);
            }
            for (Group g : groups(RULE_BY_REPLY_CODE)) {
                emit(RULE_BY_REPLY_CODE, g.k1, g.k2, g.n[0]);
            }
            for (Group g : groups(RULE_BY_ENHANCED_CODE)) {
                emit(RULE_BY_ENHANCED_CODE, g.k1, g.k2, g.k3, g.n[0]);
            }
            rank = 0;
            for (Group g : top(RULE_TOP_CLIENT_IPS, 0, 1)) {
                emit(RULE_TOP_CLIENT_IPS, g.k1, g.n[0], ++rank);
            }
            rank = 0;
            for (Group g : top(RULE_TOP_ARG1, 0, 1)) {
                emit(RULE_TOP_ARG1, g.k1, g.n[0], ++rank);
            }
            rank = 0;
            for (Group g : top(RULE_TOP_MESSAGES, 0, 1)) {
                emit(RULE_TOP_MESSAGES, g.k1, g.n[0], ++rank);
            }
            // 10 Authentication
            for (Group g : groups(AUTH_BY_MECHANISM)) {
                emit(AUTH_BY_MECHANISM, g.k1, g.k2, g.k3, g.n[0]);
            }
            rank = 0;
            for (Group g : top(AUTH_TOP_AUTHIDS, 0, 1)) {
                emit(AUTH_TOP_AUTHIDS, g.k1, g.n[0], g.n[1], g.n[2], ++rank);
            }
            rank = 0;
            for (Group g : top(AUTH_FAILURES_BY_CLIENT_IP, 0, 1)) {
                emit(AUTH_FAILURES_BY_CLIENT_IP, g.k1, g.n[0], ++rank);
            }
            for (Group g : groups(TLS_BY_VERSION)) {
                emit(TLS_BY_VERSION, g.k1, g.k2, g.n[0]);
            }
            for (Group g : groups(TLS_BY_CIPHER)) {
                emit(TLS_BY_CIPHER, g.k1, g.k2, g.n[0]);
            }
            for (Group g : groups(TLS_BY_VERIFY)) {
                emit(TLS_BY_VERIFY, g.k1, g.k2, g.n[0]);
            }
            for (Group g : groups(TLS_ERRORS_BY_REASON)) {
                emit(TLS_ERRORS_BY_REASON, g.k1, g.k2, g.k3, g.n[0]);
            }
            // 11 Processing Statistics
            for (Group g : groups(PROCESSING_DELAYS)) {
                long[] d = sorted(g.values[0]);
                long[] x = sorted(g.values[1]);
                emit(PROCESSING_DELAYS, g.n[0], percentile(d, 0.5), percentile(d, 0.95), max(d),
                        percentile(x, 0.5), percentile(x, 0.95), max(x));
            }
            for (Group g : groups(PROCESSING_PRIORITY)) {
                long[] p = sorted(g.values[0]);
                emit(PROCESSING_PRIORITY, g.n[0], percentile(p, 0.5), percentile(p, 0.95), max(p));
            }
            for (Group g : groups(PROCESSING_RECIPIENTS_PER_MESSAGE)) {
                long[] r = sorted(g.values[0]);
                emit(PROCESSING_RECIPIENTS_PER_MESSAGE, g.n[0], g.n[1], percentile(r, 0.5), percentile(r, 0.95),
                        max(r));
            }
            for (Group g : groups(PROCESSING_SERVICE_EVENTS)) {
                emit(PROCESSING_SERVICE_EVENTS, g.k1, g.n[0]);
            }
            for (Group g : groups(PROCESSING_CONNECTIONS)) {
                emit(PROCESSING_CONNECTIONS, g.n[0], g.n[1], g.n[2], g.n[3], g.n[4]);
            }
        }
    }

    private static StringData str(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    /** SUM over a nullable column: NULL when no value was summed. */
    private static Long sum(long total, long summed) {
        return summed == 0 ? null : total;
    }

    private static long[] sorted(Group.LongList l) {
        long[] a = Arrays.copyOf(l.a, l.size);
        Arrays.sort(a);
        return a;
    }

    private static Long max(long[] sorted) {
        return sorted.length == 0 ? null : sorted[sorted.length - 1];
    }

    /**
     * Flink's {@code PERCENTILE(value, p)} over the values: position {@code p * (n - 1) + 1}
     * (1-based); the value there, or between the two values around it, weighted as Flink's
     * {@code PercentileAggFunction} weighs them (same operations, so the same double).
     */
    static Double percentile(long[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return null;
        }
        double pos = p * (double) (n - 1) + 1.0;
        long lower = (long) Math.floor(pos);
        long higher = (long) Math.ceil(pos);
        double lo = sorted[(int) lower - 1];
        double hi = sorted[(int) higher - 1];
        if (lo == hi) {
            return lo;
        }
        return ((double) higher - pos) * lo + (pos - (double) lower) * hi;
    }

    /** {@code SPLIT_INDEX(s, '.', 0)}: the text before the first '.', NULL for NULL or ''. */
    static String firstDotPart(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int dot = s.indexOf('.');
        return dot < 0 ? s : s.substring(0, dot);
    }

    private static Long sizeClassMin(String sizeClass) {
        for (int i = 0; i < BucketState.SIZE_CLASSES.length; i++) {
            if (BucketState.SIZE_CLASSES[i].equals(sizeClass)) {
                return BucketState.SIZE_CLASS_MIN[i];
            }
        }
        throw new IllegalStateException("unknown size class " + sizeClass);
    }

    /** SQL ordering of strings: NULL first, then by code point (UTF-8 byte order). */
    static int compareSql(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // surrogates (U+D800-DFFF) stand for code points above U+FFFF: they sort after U+E000-FFFF
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
