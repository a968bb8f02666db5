package io.sendmailflink.jobs.cep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One message trace: the state kept per (host, queue ID) while lines arrive, and the record
 * emitted when it closes (a Flink POJO). Times are epoch milliseconds; null means unknown.
 */
public class Trace {

    public static final String DELIVERED = "delivered";
    public static final String PARTIALLY_DELIVERED = "partially_delivered";
    public static final String BOUNCED = "bounced";
    public static final String DEFERRED_PENDING = "deferred_pending";
    public static final String REJECTED = "rejected";
    public static final String INCOMPLETE = "incomplete";

    /** Normalized recipient statuses. */
    public static final String SENT = "sent";
    public static final String DEFERRED = "deferred";
    public static final String BOUNCE = "bounced";

    /** One recipient and its latest status. */
    public static class Recipient {
        public String address;
        /** sent, deferred or bounced. */
        public String status;
        public String dsn;
        public String relay;
        public String mailer;
        public int attempts;
        /** Time of the line that made the status final (sent or bounced); null while deferred. */
        public Long finalTime;
        public String reply;
        /** Time of the line that set the status (bookkeeping for out-of-order lines). */
        public long statusTime = Long.MIN_VALUE;
        /** Counted as an outbound recipient of an authenticated sender (outbound_burst). */
        public boolean signalled;

        public Recipient() {
        }

        boolean isFinal() {
            return SENT.equals(status) || BOUNCE.equals(status);
        }

        /** The domain of the address, lower case, or null. */
        String domain() {
            int at = address == null ? -1 : address.lastIndexOf('@');
            return at < 0 || at == address.length() - 1 ? null : address.substring(at + 1).toLowerCase(Locale.ROOT);
        }
    }

    /** One line of the trace. */
    public static class Step {
        public long time;
        public String eventType;
        public String recipient;
        public String status;
        public String dsn;
        public String relay;
        public String text;

        public Step() {
        }
    }

    public String host;
    public String queueId;
    public String messageId;
    public String sender;
    public Long size;
    public Long nrcpts;
    public String clientRelay;
    public String clientIp;
    public String protocol;
    public String tlsVersion;
    public String authMechanism;
    public String authid;
    public Long firstSeen;
    public Long finalTime;
    public Long reportedDelaySeconds;
    public String outcome;
    public String bounceQueueId;
    public String parentQueueId;
    public List<Recipient> recipients = new ArrayList<>();
    public List<Step> steps = new ArrayList<>();

    // ---- bookkeeping (not part of the output contract) ----
    /** Time of the receipt line, or null if none was seen. */
    public Long receiptTime;
    /** Lines folded in (steps beyond the cap included). */
    public long lines;
    /** Rejection lines (ruleset or milter) of this queue ID. */
    public int rejections;
    /**
     * Lines about the message itself: receipt, delivery, rejection, DSN/clone. A queue ID with
     * session lines only (pre-greeting, did-not-issue, VRFY, AUTH, TLS of a session that never
     * sent MAIL) is no message and makes no trace.
     */
    public long messageLines;
    /** The raw receipt line (a sample line for alerts). */
    public String receiptLine;
    /** Latest line time. */
    public long lastActivity = Long.MIN_VALUE;
    /** Event time at which the trace closes unless another line comes; the registered timer. */
    public long deadline = Long.MIN_VALUE;

    public Trace() {
    }

    public boolean hasReceipt() {
        return receiptTime != null;
    }

    public int count(String status) {
        int n = 0;
        for (Recipient r : recipients) {
            if (status.equals(r.status)) {
                n++;
            }
        }
        return n;
    }

    /** Highest per-recipient attempt count (the delivery attempts of the message). */
    public int attempts() {
        int a = 0;
        for (Recipient r : recipients) {
            a = Math.max(a, r.attempts);
        }
        return a;
    }

    /** Receipt to last line, in seconds with milliseconds; null without a receipt or a delivery. */
    public Double endToEndDelaySeconds() {
        if (receiptTime == null || recipients.isEmpty() || finalTime == null) {
            return null;
        }
        return (finalTime - receiptTime) / 1000.0;
    }

    /**
     * Finished: nothing more is expected (a rejected receipt, or every recipient sent or bounced
     * and at least {@code nrcpts} of them). A finished trace waits only the lateness.
     */
    public boolean finished() {
        if (receiptTime == null) {
            return false;
        }
        if (nrcpts != null && nrcpts == 0 && recipients.isEmpty()) {
            return true;
        }
        if (recipients.isEmpty()) {
            return false;
        }
        int fin = 0;
        for (Recipient r : recipients) {
            if (!r.isFinal()) {
                return false;
            }
            fin++;
        }
        return nrcpts == null || fin >= nrcpts;
    }

    /** The outcome rule (package-info.java): first match wins. */
    public String decideOutcome() {
        boolean noDelivery = recipients.isEmpty();
        if (noDelivery && (rejections > 0 && receiptTime == null
                || receiptTime != null && nrcpts != null && nrcpts == 0)) {
            return REJECTED;
        }
        if (receiptTime == null || noDelivery) {
            return INCOMPLETE;
        }
        int sent = 0;
        int bounced = 0;
        for (Recipient r : recipients) {
            if (!r.isFinal()) {
                return DEFERRED_PENDING;
            }
            if (SENT.equals(r.status)) {
                sent++;
            } else {
                bounced++;
            }
        }
        if (bounced == 0) {
            return DELIVERED;
        }
        return sent == 0 ? BOUNCED : PARTIALLY_DELIVERED;
    }

    /** Sendmail's SMTP mailers to other hosts (not {@code relay}, the smart host / mail store). */
    static boolean isSmtpMailer(String m) {
        return m != null && (m.equals("esmtp") || m.equals("smtp") || m.equals("smtp8") || m.equals("dsmtp"));
    }

    @Override
    public String toString() {
        return "Trace{" + host + "/" + queueId + ", outcome=" + outcome + ", recipients=" + recipients.size()
                + ", steps=" + steps.size() + "}";
    }
}
