package io.sendmailflink.jobs.cep;

/**
 * One event an alert rule counts (a Flink POJO): its kind, where it comes from (host and key),
 * its time, weight (1, or the recipients of a message for outbound bursts), whether it counts as
 * a failure (destination blocklisting), the recipient domains (outbound bursts) and the raw line.
 */
public class Signal {
    /** An {@link AlertKind} name. */
    public String kind;
    public String host;
    public String key;
    public long time;
    public long weight = 1;
    /** Counted toward the threshold (always true but for destination_blocklisted successes). */
    public boolean bad = true;
    /** For auth_guessed_success: the successful login. */
    public boolean success;
    public String[] domains;
    /** The client IP (AUTH attempts). */
    public String clientIp;
    public String line;

    public Signal() {
    }

    static Signal of(AlertKind kind, CepEvent e, String key) {
        Signal s = new Signal();
        s.kind = kind.name();
        s.host = e.host;
        s.key = key;
        s.time = e.time;
        s.line = e.line;
        return s;
    }

    public AlertKind alertKind() {
        return AlertKind.valueOf(kind);
    }

    /** (host, authid, client IP): a guessed password is one that works from the guessing client. */
    public static final class GuessKey implements org.apache.flink.api.java.functions.KeySelector<Signal, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Signal s) {
            return s.host + '\u0000' + s.key + '\u0000' + s.clientIp;
        }
    }

    /** (kind, host, key). */
    public static final class Key implements org.apache.flink.api.java.functions.KeySelector<Signal, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Signal s) {
            return s.kind + '\u0000' + s.host + '\u0000' + s.key;
        }
    }
}
