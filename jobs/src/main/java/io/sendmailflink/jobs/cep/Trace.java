package io.sendmailflink.jobs.cep;

import io.sendmailflink.jobs.types.SerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One message trace: the state kept per (host, queue ID) while lines arrive, and the record
 * emitted when it closes. Times are epoch milliseconds; null means unknown. Serialized by
 * {@link CepSerializers.TraceSerializer}; JSON: {@link CepJson#traceJsonUtf8}.
 */
@TypeInfo(Trace.TypeFactory.class)
public class Trace {

    public static final TypeInformation<Trace> TYPE = new SerializerTypeInfo<>(Trace.class, new CepSerializers.TraceSerializer());

    /** The {@code @TypeInfo} factory: {@link #TYPE}. */
    public static final class TypeFactory extends TypeInfoFactory<Trace> {
        @Override
        public TypeInformation<Trace> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return TYPE;
        }
    }

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

        Recipient copy() {
            Recipient c = new Recipient();
            c.address = address;
            c.status = status;
            c.dsn = dsn;
            c.relay = relay;
            c.mailer = mailer;
            c.attempts = attempts;
            c.finalTime = finalTime;
            c.reply = reply;
            c.statusTime = statusTime;
            c.signalled = signalled;
            return c;
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

        Step copy() {
            Step c = new Step();
            c.time = time;
            c.eventType = eventType;
            c.recipient = recipient;
            c.status = status;
            c.dsn = dsn;
            c.relay = relay;
            c.text = text;
            return c;
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
    /** The raw receipt line (a sample line for alerts); dropped when the trace is emitted. */
    public String receiptLine;
    /** Latest line time. */
    public long lastActivity = Long.MIN_VALUE;
    /** Event time at which the trace closes unless another line comes; the registered timer. */
    public long deadline = Long.MIN_VALUE;

    public Trace() {
    }

    /** A deep copy (strings shared; recipients and steps copied). */
    public Trace copy() {
        Trace c = new Trace();
        c.host = host;
        c.queueId = queueId;
        c.messageId = messageId;
        c.sender = sender;
        c.size = size;
        c.nrcpts = nrcpts;
        c.clientRelay = clientRelay;
        c.clientIp = clientIp;
        c.protocol = protocol;
        c.tlsVersion = tlsVersion;
        c.authMechanism = authMechanism;
        c.authid = authid;
        c.firstSeen = firstSeen;
        c.finalTime = finalTime;
        c.reportedDelaySeconds = reportedDelaySeconds;
        c.outcome = outcome;
        c.bounceQueueId = bounceQueueId;
        c.parentQueueId = parentQueueId;
        if (recipients == null) {
            c.recipients = null;
        } else {
            c.recipients = new ArrayList<>(recipients.size());
            for (Recipient r : recipients) {
                c.recipients.add(r == null ? null : r.copy());
            }
        }
        if (steps == null) {
            c.steps = null;
        } else {
            c.steps = new ArrayList<>(steps.size());
            for (Step s : steps) {
                c.steps.add(s == null ? null : s.copy());
            }
        }
        c.receiptTime = receiptTime;
        c.lines = lines;
        c.rejections = rejections;
        c.messageLines = messageLines;
        c.receiptLine = receiptLine;
        c.lastActivity = lastActivity;
        c.deadline = deadline;
        return c;
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
