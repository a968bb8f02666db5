package io.sendmailflink.udfs.parse;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How to read what a line leaves open: the zone of timestamps without an offset, and the
 * year of RFC 3164 timestamps (which have none).
 *
 * <p>The year is {@link #year()} when set; otherwise it is inferred from a reference time
 * ({@link #referenceTime()}, or the current time when null): the year that puts the line closest
 * before the reference, so that a December line read in January belongs to the year before
 * and a line a little ahead of the reference (clock skew) stays in the reference's year.
 */
public final class ParserOptions {

    private final ZoneId zone;
    private final Instant referenceTime;
    private final Integer year;

    private ParserOptions(ZoneId zone, Instant referenceTime, Integer year) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.referenceTime = referenceTime;
        this.year = year;
    }

    /** UTC, year inferred from the current time. */
    public static ParserOptions defaults() {
        return new ParserOptions(ZoneOffset.UTC, null, null);
    }

    public ParserOptions withZone(ZoneId z) {
        return new ParserOptions(z, referenceTime, year);
    }

    /** Infer RFC 3164 years relative to this instant (for example a log file's modification time). */
    public ParserOptions withReferenceTime(Instant t) {
        return new ParserOptions(zone, t, year);
    }

    /** Use this year for every RFC 3164 timestamp. */
    public ParserOptions withYear(Integer y) {
        return new ParserOptions(zone, referenceTime, y);
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant referenceTime() {
        return referenceTime;
    }

    public Integer year() {
        return year;
    }

    @Override
    public String toString() {
        return "ParserOptions{zone=" + zone + ", referenceTime=" + referenceTime + ", year=" + year + '}';
    }
}
