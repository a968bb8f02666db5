package io.sendmailflink.jobs.generate;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link LogGenerator} generates. Immutable; start from {@link #defaults()} and change what
 * you need with the {@code with...} methods, each of which checks its value.
 *
 * <p>Equal options give equal output: everything random comes from {@link #seed()}.
 */
public final class GeneratorOptions {

    /** How lines are wrapped: the syslog header or Filebeat event around the Sendmail message. */
    public enum Format {
        /** {@code Nov 24 20:56:10 mx1 sm-mta[1234]: ...} (as in /var/log/maillog). */
        RFC3164,
        /** {@code <22>1 2026-11-24T20:56:10.123Z mx1 sm-mta 1234 - - ...}. */
        RFC5424,
        /** A Filebeat JSON event whose {@code message} is the RFC 3164 line. */
        FILEBEAT,
        /** 60% RFC 3164, 30% RFC 5424, 10% Filebeat, chosen per line. */
        MIXED
    }

    static final String DEFAULT_START_TEXT = "2026-11-24T00:00:00Z";
    public static final Instant DEFAULT_START = Instant.parse(DEFAULT_START_TEXT);
    public static final double DEFAULT_LINES_PER_SECOND = 20;
    public static final int DEFAULT_HOSTS = 3;
    public static final int MAX_HOSTS = 100;
    public static final long DEFAULT_ATTACK_INTERVAL_SECONDS = 3600;
    /** Share of eligible sessions that carry a payload when payloads are on. */
    public static final double DEFAULT_PAYLOAD_SHARE = 0.05;
    public static final double MAX_NOISE_SHARE = 0.9;
    public static final double MAX_LINES_PER_SECOND = 1e7;

    private final long seed;
    private final Instant start;
    private final double linesPerSecond;
    private final int hosts;
    private final double rfc5424Share;
    private final double filebeatShare;
    private final double noiseShare;
    private final Set<AttackKind> attacks;
    private final long attackIntervalSeconds;
    private final boolean payloads;
    private final double payloadShare;

    private GeneratorOptions(long seed, Instant start, double linesPerSecond, int hosts, double rfc5424Share,
            double filebeatShare, double noiseShare, Set<AttackKind> attacks, long attackIntervalSeconds,
            boolean payloads, double payloadShare) {
        this.seed = seed;
        this.start = start;
        this.linesPerSecond = linesPerSecond;
        this.hosts = hosts;
        this.rfc5424Share = rfc5424Share;
        this.filebeatShare = filebeatShare;
        this.noiseShare = noiseShare;
        this.attacks = attacks;
        this.attackIntervalSeconds = attackIntervalSeconds;
        this.payloads = payloads;
        this.payloadShare = payloadShare;
    }

    /**
     * Seed 1, start {@value #DEFAULT_START_TEXT}, 20 lines per simulated second, 3 hosts, RFC 3164,
     * no noise, no attacks, no payloads.
     */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(1, DEFAULT_START, DEFAULT_LINES_PER_SECOND, DEFAULT_HOSTS, 0, 0, 0,
                Collections.unmodifiableSet(EnumSet.noneOf(AttackKind.class)), DEFAULT_ATTACK_INTERVAL_SECONDS,
                false, DEFAULT_PAYLOAD_SHARE);
    }

    private GeneratorOptions copy(long seed, Instant start, double linesPerSecond, int hosts, double rfc5424Share,
            double filebeatShare, double noiseShare, Set<AttackKind> attacks, long attackIntervalSeconds,
            boolean payloads, double payloadShare) {
        return new GeneratorOptions(seed, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare,
                attacks, attackIntervalSeconds, payloads, payloadShare);
    }

    public GeneratorOptions withSeed(long s) {
        return copy(s, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare, attacks,
                attackIntervalSeconds, payloads, payloadShare);
    }

    /** The simulated time of the first line (whole milliseconds are used). */
    public GeneratorOptions withStart(Instant t) {
        Objects.requireNonNull(t, "start");
        if (t.isBefore(Instant.EPOCH) || t.isAfter(Instant.parse("9000-01-01T00:00:00Z"))) {
            throw new IllegalArgumentException("start must lie between 1970 and 9000, not " + t);
        }
        return copy(seed, t, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare, attacks,
                attackIntervalSeconds, payloads, payloadShare);
    }

    /** Mean number of lines per simulated second (the simulated clock advances by it). */
    public GeneratorOptions withLinesPerSecond(double r) {
        if (!(r > 0) || r > MAX_LINES_PER_SECOND || Double.isNaN(r)) {
            throw new IllegalArgumentException("lines per second must be > 0 and <= " + (long) MAX_LINES_PER_SECOND
                    + ", not " + r);
        }
        return copy(seed, start, r, hosts, rfc5424Share, filebeatShare, noiseShare, attacks,
                attackIntervalSeconds, payloads, payloadShare);
    }

    /** Number of mail hosts: mx1, mx2, relay1, mx3, mx4, relay2, ... */
    public GeneratorOptions withHosts(int n) {
        if (n < 1 || n > MAX_HOSTS) {
            throw new IllegalArgumentException("hosts must be between 1 and " + MAX_HOSTS + ", not " + n);
        }
        return copy(seed, start, linesPerSecond, n, rfc5424Share, filebeatShare, noiseShare, attacks,
                attackIntervalSeconds, payloads, payloadShare);
    }

    /** Shares of RFC 5424 and Filebeat lines; the rest are RFC 3164. */
    public GeneratorOptions withFormatShares(double rfc5424, double filebeat) {
        if (!(rfc5424 >= 0) || !(filebeat >= 0) || rfc5424 + filebeat > 1 + 1e-9) {
            throw new IllegalArgumentException("format shares must be >= 0 and sum to at most 1, not "
                    + rfc5424 + " and " + filebeat);
        }
        return copy(seed, start, linesPerSecond, hosts, rfc5424, filebeat, noiseShare, attacks,
                attackIntervalSeconds, payloads, payloadShare);
    }

    public GeneratorOptions withFormat(Format f) {
        switch (f) {
            case RFC3164:
                return withFormatShares(0, 0);
            case RFC5424:
                return withFormatShares(1, 0);
            case FILEBEAT:
                return withFormatShares(0, 1);
            default:
                return withFormatShares(0.3, 0.1);
        }
    }

    /** Share of lines that are not Sendmail lines at all (for dead-letter tests); 0 by default. */
    public GeneratorOptions withNoiseShare(double share) {
        if (!(share >= 0) || share > MAX_NOISE_SHARE) {
            throw new IllegalArgumentException("noise share must be between 0 and " + MAX_NOISE_SHARE + ", not " + share);
        }
        return copy(seed, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, share, attacks,
                attackIntervalSeconds, payloads, payloadShare);
    }

    public GeneratorOptions withAttacks(Set<AttackKind> kinds) {
        EnumSet<AttackKind> set = EnumSet.noneOf(AttackKind.class);
        set.addAll(kinds);
        return copy(seed, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare,
                Collections.unmodifiableSet(set), attackIntervalSeconds, payloads, payloadShare);
    }

    public GeneratorOptions withAllAttacks() {
        return withAttacks(EnumSet.allOf(AttackKind.class));
    }

    /**
     * Simulated seconds between two attacks of the same kind (default 3600). The first attack of
     * each kind starts two minutes after the start, the kinds 90 seconds apart.
     */
    public GeneratorOptions withAttackIntervalSeconds(long s) {
        if (s < 60 || s > 365L * 86400) {
            throw new IllegalArgumentException("attack interval must be between 60 seconds and a year, not " + s);
        }
        return copy(seed, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare, attacks, s,
                payloads, payloadShare);
    }

    /** Attacker-controlled text with XSS and field-injection payloads in some sessions. */
    public GeneratorOptions withPayloads(boolean on) {
        return copy(seed, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare, attacks,
                attackIntervalSeconds, on, payloadShare);
    }

    /** Share of eligible sessions that carry payloads when {@link #payloads()} is on. */
    public GeneratorOptions withPayloadShare(double share) {
        if (!(share >= 0) || share > 1) {
            throw new IllegalArgumentException("payload share must be between 0 and 1, not " + share);
        }
        return copy(seed, start, linesPerSecond, hosts, rfc5424Share, filebeatShare, noiseShare, attacks,
                attackIntervalSeconds, payloads, share);
    }

    public long seed() {
        return seed;
    }

    public Instant start() {
        return start;
    }

    public double linesPerSecond() {
        return linesPerSecond;
    }

    public int hosts() {
        return hosts;
    }

    public double rfc5424Share() {
        return rfc5424Share;
    }

    public double filebeatShare() {
        return filebeatShare;
    }

    public double noiseShare() {
        return noiseShare;
    }

    public Set<AttackKind> attacks() {
        return attacks;
    }

    public long attackIntervalSeconds() {
        return attackIntervalSeconds;
    }

    public boolean payloads() {
        return payloads;
    }

    public double payloadShare() {
        return payloadShare;
    }

    @Override
    public String toString() {
        return "GeneratorOptions{seed=" + seed + ", start=" + start + ", linesPerSecond=" + linesPerSecond
                + ", hosts=" + hosts + ", rfc5424Share=" + rfc5424Share + ", filebeatShare=" + filebeatShare
                + ", noiseShare=" + noiseShare + ", attacks=" + attacks + ", attackIntervalSeconds="
                + attackIntervalSeconds + ", payloads=" + payloads + ", payloadShare=" + payloadShare + '}';
    }
}
