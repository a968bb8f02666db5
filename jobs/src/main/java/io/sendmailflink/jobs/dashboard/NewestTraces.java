package io.sendmailflink.jobs.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the first {@code max} items of the dashboard's trace order, offered one by one, in memory
 * bounded by {@code max}: {@code first_seen} descending (as strings), traces without one last,
 * ties in the order offered. That is what a stable sort of all of them followed by
 * {@code limit(max)} keeps (the export's and {@link TraceSearch}'s
 * {@code Comparator.comparing(first_seen, nullsLast(reverseOrder()))}).
 *
 * @param <T> what is kept of each trace (e.g. its line)
 */
final class NewestTraces<T> {

    private record Entry<T>(String firstSeen, long seq, T item) {
    }

    private final int max;
    /** The kept entries, the one that goes first when a better one comes at its head. */
    private final PriorityQueue<Entry<T>> kept;
    private long offered;

    NewestTraces(int max) {
        this.max = Math.max(0, max);
        this.kept = new PriorityQueue<>(Math.min(this.max, 1 << 16) + 1,
                (a, b) -> compare(b.firstSeen, b.seq, a.firstSeen, a.seq));
    }

    /**
     * Whether an item with this {@code first_seen}, offered next, would be kept (so the caller can
     * skip building it).
     */
    boolean wouldKeep(String firstSeen) {
        if (kept.size() < max) {
            return true;
        }
        Entry<T> worst = kept.peek();
        return worst != null && compare(firstSeen, offered, worst.firstSeen, worst.seq) < 0;
    }

    /** Offers the next trace; {@code item} may be null when {@link #wouldKeep} said no. */
    void offer(String firstSeen, T item) {
        long seq = offered++;
        if (kept.size() < max) {
            kept.add(new Entry<>(firstSeen, seq, item));
        } else if (max > 0 && compare(firstSeen, seq, kept.peek().firstSeen, kept.peek().seq) < 0) {
            kept.poll();
            kept.add(new Entry<>(firstSeen, seq, item));
        }
    }

    /** How many traces were offered. */
    long offered() {
        return offered;
    }

    /** The kept items, first first. */
    List<T> toList() {
        List<Entry<T>> l = new ArrayList<>(kept);
        l.sort((a, b) -> compare(a.firstSeen, a.seq, b.firstSeen, b.seq));
        List<T> items = new ArrayList<>(l.size());
        for (Entry<T> e : l) {
            items.add(e.item);
        }
        return items;
    }

    /** Negative when (a, seqA) comes before (b, seqB). */
    static int compare(String a, long seqA, String b, long seqB) {
        if (a == null || b == null) {
            if (a != b) {
                return a == null ? 1 : -1;
            }
        } else {
            int c = b.compareTo(a);
            if (c != 0) {
                return c;
            }
        }
        return Long.compare(seqA, seqB);
    }
}
