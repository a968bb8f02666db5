package io.sendmailflink.jobs.cep;

import java.io.Serializable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the message traces and alerts. Mutable builder-style setters that check their
 * values; the defaults are the ones documented in {@code package-info.java}.
 */
public final class CepOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A burst rule: at least {@code threshold} events within {@code window}; a burst ends after {@code quiet} without events. */
    public static final class Rule implements Serializable {
        private static final long serialVersionUID = 1L;
        public final long threshold;
        public final long windowMillis;
        public final long quietMillis;

        public Rule(long threshold, Duration window, Duration quiet) {
            if (threshold < 1) {
                throw new IllegalArgumentException("alert threshold must be at least 1, not " + threshold);
            }
            this.threshold = threshold;
            this.windowMillis = positive("alert window", window);
            this.quietMillis = positive("alert quiet period", quiet);
        }

        @Override
        public String toString() {
            return threshold + " in " + Duration.ofMillis(windowMillis) + " (quiet " + Duration.ofMillis(quietMillis) + ")";
        }
    }

    long traceTimeoutMillis = Duration.ofHours(6).toMillis();
    long latenessMillis = Duration.ofMinutes(2).toMillis();
    long sessionTimeoutMillis = Duration.ofMinutes(30).toMillis();
    long linkWindowMillis = Duration.ofMinutes(2).toMillis();
    int maxStepsPerTrace = 500;
    int maxRecipientsPerTrace = 1000;
    int sampleLines = 5;
    /** auth_guessed_success: failures for one authid, then a success, within this time. */
    long guessedSuccessFailures = 5;
    long guessedSuccessWithinMillis = Duration.ofMinutes(30).toMillis();
    /** outbound_burst: distinct recipient domains the burst must reach. */
    long outboundMinDomains = 6;
    /** destination_blocklisted: share of deferred or rejected attempts (greylisting excluded). */
    double blocklistFailureShare = 0.8;
    final EnumMap<AlertKind, Rule> rules = new EnumMap<>(AlertKind.class);

    public CepOptions() {
        Duration ten = Duration.ofMinutes(10);
        rules.put(AlertKind.PREGREET_SCAN, new Rule(10, ten, ten));
        rules.put(AlertKind.DISCOVERY_SCAN, new Rule(10, ten, ten));
        rules.put(AlertKind.INVALID_CONNECTION_SCAN, new Rule(10, ten, ten));
        rules.put(AlertKind.RELAY_PROBING, new Rule(10, ten, ten));
        rules.put(AlertKind.DICTIONARY_ATTACK, new Rule(10, ten, ten));
        rules.put(AlertKind.AUTH_PASSWORD_GUESSING, new Rule(10, ten, ten));
        rules.put(AlertKind.OUTBOUND_BURST, new Rule(20, Duration.ofMinutes(5), ten));
        rules.put(AlertKind.DESTINATION_BLOCKLISTED, new Rule(10, Duration.ofMinutes(30), Duration.ofMinutes(30)));
    }

    private static long positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
        return d.toMillis();
    }

    /** Silence (event time) after which an unfinished trace is emitted (deferred_pending or incomplete). Default 6 h. */
    public CepOptions traceTimeout(Duration d) {
        this.traceTimeoutMillis = positive("trace time-out", d);
        return this;
    }

    /** How long a finished trace waits for late lines (DSN, out-of-order lines) before it is emitted. Default 2 min. */
    public CepOptions lateness(Duration d) {
        this.latenessMillis = positive("lateness", d);
        return this;
    }

    /** How long STARTTLS/AUTH of an SMTP session (host, pid) are remembered for its receipts. Default 30 min. */
    public CepOptions sessionTimeout(Duration d) {
        this.sessionTimeoutMillis = positive("session time-out", d);
        return this;
    }

    /** How long a finished trace waits for the other copies of its message ID (cross-host links). Default 2 min. */
    public CepOptions linkWindow(Duration d) {
        this.linkWindowMillis = positive("link window", d);
        return this;
    }

    /** Steps and recipients kept per trace (the rest are counted, not listed). Defaults 500 and 1000. */
    public CepOptions maxPerTrace(int steps, int recipients) {
        if (steps < 1 || recipients < 1) {
            throw new IllegalArgumentException("steps and recipients per trace must be at least 1, not " + steps
                    + " and " + recipients);
        }
        this.maxStepsPerTrace = steps;
        this.maxRecipientsPerTrace = recipients;
        return this;
    }

    /** The burst rule of an alert kind (not for {@link AlertKind#AUTH_GUESSED_SUCCESS}, see {@link #guessedSuccess}). */
    public CepOptions rule(AlertKind kind, long threshold, Duration window, Duration quiet) {
        if (kind == AlertKind.AUTH_GUESSED_SUCCESS) {
            throw new IllegalArgumentException("auth_guessed_success is a CEP pattern: set it with guessedSuccess(..)");
        }
        rules.put(kind, new Rule(threshold, window, quiet));
        return this;
    }

    /** auth_guessed_success: at least {@code failures} AUTH failures for one authid, then a success, within {@code within}. Default 5 in 30 min. */
    public CepOptions guessedSuccess(long failures, Duration within) {
        if (failures < 1) {
            throw new IllegalArgumentException("auth_guessed_success needs at least 1 failure, not " + failures);
        }
        this.guessedSuccessFailures = failures;
        this.guessedSuccessWithinMillis = positive("auth_guessed_success window", within);
        return this;
    }

    /** outbound_burst: distinct recipient domains a burst must reach. Default 6. */
    public CepOptions outboundMinDomains(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("outbound minimum domains must be at least 1, not " + n);
        }
        this.outboundMinDomains = n;
        return this;
    }

    /** destination_blocklisted: the share of failed attempts (0 < share <= 1). Default 0.8. */
    public CepOptions blocklistFailureShare(double share) {
        if (!(share > 0) || share > 1) {
            throw new IllegalArgumentException("blocklist failure share must be in (0, 1], not " + share);
        }
        this.blocklistFailureShare = share;
        return this;
    }

    public Rule rule(AlertKind kind) {
        Rule r = rules.get(kind);
        if (r == null) {
            throw new IllegalArgumentException("no burst rule for " + kind.wireName());
        }
        return r;
    }

    public Map<AlertKind, Rule> rules() {
        return new EnumMap<>(rules);
    }

    public long traceTimeoutMillis() {
        return traceTimeoutMillis;
    }

    public long latenessMillis() {
        return latenessMillis;
    }

    public long sessionTimeoutMillis() {
        return sessionTimeoutMillis;
    }

    public long linkWindowMillis() {
        return linkWindowMillis;
    }

    public int maxStepsPerTrace() {
        return maxStepsPerTrace;
    }

    public int maxRecipientsPerTrace() {
        return maxRecipientsPerTrace;
    }

    public long guessedSuccessFailures() {
        return guessedSuccessFailures;
    }

    public long guessedSuccessWithinMillis() {
        return guessedSuccessWithinMillis;
    }

    public long outboundMinDomains() {
        return outboundMinDomains;
    }

    public double blocklistFailureShare() {
        return blocklistFailureShare;
    }

    public int sampleLines() {
        return sampleLines;
    }
}
