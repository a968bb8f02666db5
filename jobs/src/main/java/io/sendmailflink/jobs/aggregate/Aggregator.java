package io.sendmailflink.jobs.aggregate;

import io.sendmailflink.udfs.model.Field;
import io.sendmailflink.udfs.model.SendmailEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One subtask's open buckets: every line is added to the bucket of its window (tumbling, of the
 * session time zone's wall clock, as {@code FLOOR(... TO HOUR)} and {@code TUMBLE} on a
 * {@code TIMESTAMP_LTZ} give them) and host. Buckets leave as partials: when the watermark passes
 * their window (streaming), at the end of the input (batch), or early when too many groups are
 * open (batch; the merge adds partials of one bucket together, so an early partial costs nothing
 * but a little more merging).
 */
public final class Aggregator {

    private final long windowSize;
    private final ZoneId zoneId;
    private final ZoneRules zone;
    private final Map<Key, BucketState> open = new HashMap<>();
    private BucketState last;
    private long groupsAtLastCheck;

    private long offsetFrom = Long.MAX_VALUE;
    private long offsetUntil = Long.MIN_VALUE;
    private long offsetMillis;

    private record Key(long windowStart, String source) {
    }

    /**
     * @param windowSize window length in milliseconds
     * @param zone the session time zone ({@code table.local-time-zone}) whose wall clock the windows follow
     */
    public Aggregator(long windowSize, ZoneId zone) {
        this.windowSize = windowSize;
        this.zoneId = zone;
        this.zone = zone.getRules();
    }

    /** Adds one parsed line at its event time. */
    public void add(SendmailEvent e, long eventTimeMillis) {
        String source = e.getString(Field.SOURCE);
        long start = Math.floorDiv(local(eventTimeMillis), windowSize) * windowSize;
        BucketState b = last;
        if (b == null || b.windowStart != start || !Objects.equals(b.source, source)) {
            b = open.computeIfAbsent(new Key(start, source), k -> new BucketState(k.windowStart, windowSize, k.source));
            last = b;
        }
        b.add(e);
    }

    /** Adds a partial (from a restored checkpoint). */
    public void restore(BucketState partial) {
        Key k = new Key(partial.windowStart, partial.source);
        BucketState b = open.get(k);
        if (b == null) {
            open.put(k, partial);
        } else {
            b.merge(partial);
        }
    }

    /** The open buckets (for a checkpoint). */
    public Collection<BucketState> open() {
        return open.values();
    }

    /** Emits and forgets the buckets whose window ended at or before {@code watermark} (event time). */
    public void emitUpTo(long watermark, Consumer<BucketState> out) {
        Iterator<BucketState> it = open.values().iterator();
        while (it.hasNext()) {
            BucketState b = it.next();
            if (lastInstant(b) <= watermark) {
                it.remove();
                if (b == last) {
                    last = null;
                }
                out.accept(b);
            }
        }
    }

    /** Emits and forgets every bucket. */
    public void emitAll(Consumer<BucketState> out) {
        List<BucketState> all = new ArrayList<>(open.values());
        open.clear();
        last = null;
        all.forEach(out);
    }

    /**
     * Bounds memory: when more than {@code maxGroups} groups are open, emits the oldest buckets
     * until at most half that many remain. Checks the count only every so often.
     */
    public void emitIfLarge(long maxGroups, Consumer<BucketState> out) {
        if (++groupsAtLastCheck < 4096) {
            return;
        }
        groupsAtLastCheck = 0;
        long groups = 0;
        for (BucketState b : open.values()) {
            groups += b.groupCount();
        }
        if (groups <= maxGroups) {
            return;
        }
        List<BucketState> byAge = new ArrayList<>(open.values());
        byAge.sort(Comparator.comparingLong(BucketState::windowStart));
        for (BucketState b : byAge) {
            if (groups <= maxGroups / 2) {
                break;
            }
            groups -= b.groupCount();
            open.remove(new Key(b.windowStart, b.source));
            if (b == last) {
                last = null;
            }
            out.accept(b);
        }
    }

    /** The last instant of a bucket's window (epoch ms): the event time its window is complete at. */
    public long lastInstant(BucketState b) {
        return instantOfLocal(b.windowStart + b.windowSize) - 1;
    }

    /** Event time (epoch ms) to the session zone's wall clock, as epoch ms of that local time. */
    long local(long millis) {
        if (millis < offsetFrom || millis >= offsetUntil) {
            Instant i = Instant.ofEpochMilli(millis);
            offsetMillis = zone.getOffset(i).getTotalSeconds() * 1000L;
            ZoneOffsetTransition prev = zone.previousTransition(i);
            ZoneOffsetTransition next = zone.nextTransition(i);
            // the cached offset holds from the transition into it (or from this instant, to be safe)
            offsetFrom = prev == null ? Long.MIN_VALUE
                    : prev.getOffsetAfter().getTotalSeconds() * 1000L == offsetMillis ? prev.toEpochSecond() * 1000L
                    : millis;
            offsetUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond() * 1000L;
        }
        return millis + offsetMillis;
    }

    /** A wall-clock time (as epoch ms of that local time) to the instant it has in the zone. */
    long instantOfLocal(long localMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(localMillis, 1000L),
                (int) Math.floorMod(localMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        return t.atZone(zoneId).toInstant().toEpochMilli();
    }
}
