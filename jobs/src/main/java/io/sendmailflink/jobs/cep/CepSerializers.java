package io.sendmailflink.jobs.cep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The hand-written serializers of the CEP records and states (wire format 1 each; the burst
 * state's is 2). Layout of a record: a varint presence mask of its nullable fields, its
 * always-present primitives, then the present fields in mask order; strings through
 * {@link Wire}. Common constant strings (event types, alert kinds) travel as one-byte codes and
 * come back as the same constants.
 */
public final class CepSerializers {

    private CepSerializers() {
    }

    // ---- constant dictionaries ------------------------------------------------------------------

    /** Event types (the parser's constants, and the parent hint): code = index + 1. */
    private static final String[] EVENT_TYPES = {"receipt", "delivery", "connection", "authentication", "starttls",
        "ruleset_rejection", "pregreet", "rejected_discovery", "invalid_connection", "other", "service_status",
        CepEvent.PARENT_HINT};

    private static int eventTypeCode(String t) {
        switch (t) {
            case "receipt":
                return 1;
            case "delivery":
                return 2;
            case "connection":
                return 3;
            case "authentication":
                return 4;
            case "starttls":
                return 5;
            case "ruleset_rejection":
                return 6;
            case "pregreet":
                return 7;
            case "rejected_discovery":
                return 8;
            case "invalid_connection":
                return 9;
            case "other":
                return 10;
            case "service_status":
                return 11;
            case CepEvent.PARENT_HINT:
                return 12;
            default:
                return 0;
        }
    }

    /** A non-null event type: its code, or 0 and the string. */
    static void writeEventType(Wire w, String t, DataOutputView out) throws IOException {
        int c = eventTypeCode(t);
        out.writeByte(c);
        if (c == 0) {
            w.writeString(t, out);
        }
    }

    static String readEventType(Wire w, DataInputView in) throws IOException {
        int c = in.readUnsignedByte();
        if (c == 0) {
            return w.readString(in);
        }
        if (c > EVENT_TYPES.length) {
            throw new IOException("corrupt event type code " + c);
        }
        return EVENT_TYPES[c - 1];
    }

    private static final AlertKind[] KINDS = AlertKind.values();

    /** An alert kind name ({@link Signal#kind}): ordinal + 1, or 0 and the string. */
    static void writeKind(Wire w, String kind, DataOutputView out) throws IOException {
        for (AlertKind k : KINDS) {
            if (k.name().equals(kind)) {
                out.writeByte(k.ordinal() + 1);
                return;
            }
        }
        out.writeByte(0);
        w.writeString(kind, out);
    }

    static String readKind(Wire w, DataInputView in) throws IOException {
        int c = in.readUnsignedByte();
        if (c == 0) {
            return w.readString(in);
        }
        if (c > KINDS.length) {
            throw new IOException("corrupt alert kind code " + c);
        }
        return KINDS[c - 1].name();
    }

    private static List<String> readStringList(Wire w, DataInputView in) throws IOException {
        long n = Wire.readVarLong(in);
        if (n == 0) {
            return null;
        }
        List<String> l = new ArrayList<>((int) Math.min(n - 1, 1024));
        for (long i = 1; i < n; i++) {
            l.add(w.readString(in));
        }
        return l;
    }

    private static void writeStringList(Wire w, List<String> l, DataOutputView out) throws IOException {
        if (l == null) {
            out.writeByte(0);
            return;
        }
        Wire.writeVarInt(l.size() + 1L, out);
        for (String s : l) {
            w.writeString(s, out);
        }
    }

    private static int listSize(DataInputView in) throws IOException {
        long n = Wire.readVarLong(in);
        if (n > Integer.MAX_VALUE) {
            throw new IOException("corrupt list size " + n);
        }
        return (int) n;
    }

    // ---- CepEvent ----------------------------------------------------------------------------------

    /**
     * {@link CepEvent}. {@link #FULL} keeps every field. The views of the exchanges into the
     * session and trace stages keep only what those stages read (the alert signals take the rest
     * before the exchange): {@link #TRACE} keeps {@link #TRACED_FIELDS} of a line and
     * {@link #RECEIPT_FIELDS} of a receipt, but the receipt's raw line only with an AUTH identity
     * (a trace keeps it only as the sample line of an outbound burst, which needs the identity)
     * and a delivery's {@code stat=} text only when it can become the recipient's reply (failed,
     * no {@code reply=}); {@link #SESSION} keeps {@link #RECEIPT_FIELDS} and the process ID of a
     * receipt (the session stage may still add the identity) and {@link #MARK_FIELDS} of a
     * STARTTLS or AUTH line.
     */
    public static final class EventSerializer extends CepSerializer<CepEvent> {
        private static final long serialVersionUID = 1L;
        public static final long FULL = 0;
        public static final long SESSION = 1;
        public static final long TRACE = 2;

        static final int HOST = 0;
        static final int QID = 1;
        static final int PID = 2;
        static final int EVENT_TYPE = 3;
        static final int SUBTYPE = 4;
        static final int MESSAGE = 5;
        static final int LINE = 6;
        static final int FROM = 7;
        static final int SIZE = 8;
        static final int NRCPTS = 9;
        static final int MESSAGE_ID = 10;
        static final int PROTOCOL = 11;
        static final int CLIENT_HOST = 12;
        static final int CLIENT_IP = 13;
        static final int AUTHID = 14;
        static final int MECH = 15;
        static final int AUTH_ROLE = 16;
        static final int OUTCOME = 17;
        static final int TLS_ROLE = 18;
        static final int TLS_VERSION = 19;
        static final int TO = 20;
        static final int STATUS = 21;
        static final int DSN = 22;
        static final int REPLY = 23;
        static final int STATUS_FULL = 24;
        static final int MAILER = 25;
        static final int DEST_HOST = 26;
        static final int DEST_IP = 27;
        static final int DELAY = 28;
        static final int RELATED_QID = 29;
        static final int RESPONSE = 30;
        static final int REJECT = 31;
        static final int ADDRESS = 32;
        /** The message is the end of the line: only its length is written. */
        static final int MESSAGE_IN_LINE = 33;
        /** What the trace stage reads of any line ({@code TraceFunction.fold}; the key: host and queue ID). */
        static final long TRACED_FIELDS = 1L << HOST | 1L << QID | 1L << EVENT_TYPE | 1L << SUBTYPE | 1L << MESSAGE
                | 1L << STATUS | 1L << DSN | 1L << TO | 1L << REPLY | 1L << STATUS_FULL | 1L << MAILER
                | 1L << DEST_HOST | 1L << DEST_IP | 1L << DELAY | 1L << RELATED_QID | 1L << REJECT | 1L << ADDRESS;
        /** ... and of a receipt. */
        static final long RECEIPT_FIELDS = TRACED_FIELDS | 1L << LINE | 1L << FROM | 1L << SIZE | 1L << NRCPTS
                | 1L << MESSAGE_ID | 1L << PROTOCOL | 1L << CLIENT_HOST | 1L << CLIENT_IP | 1L << TLS_VERSION
                | 1L << AUTHID | 1L << MECH;
        /** What the session stage reads of a STARTTLS or AUTH line (a mark): its key, time and what it tells. */
        static final long MARK_FIELDS = 1L << HOST | 1L << PID | 1L << EVENT_TYPE | 1L << AUTHID | 1L << MECH
                | 1L << AUTH_ROLE | 1L << OUTCOME | 1L << TLS_ROLE | 1L << TLS_VERSION;

        private final long view;

        public EventSerializer() {
            this(FULL);
        }

        public EventSerializer(long view) {
            if (view != FULL && view != SESSION && view != TRACE) {
                throw new IllegalArgumentException("unknown CepEvent view " + view);
            }
            this.view = view;
        }

        @Override
        public int format() {
            return 1;
        }

        @Override
        public long config() {
            return view;
        }

        @Override
        protected CepSerializer<CepEvent> restore(int format, long config) {
            return format == 1 && (config == FULL || config == SESSION || config == TRACE) ? new EventSerializer(config)
                    : null;
        }

        @Override
        public CepEvent createInstance() {
            return new CepEvent();
        }

        @Override
        public CepEvent copy(CepEvent e) {
            return e.copy();
        }

        private static long bit(Object v, int i) {
            return v == null ? 0 : 1L << i;
        }

        private long mask(CepEvent e) {
            long m = bit(e.host, HOST) | bit(e.qid, QID) | bit(e.pid, PID) | bit(e.eventType, EVENT_TYPE)
                    | bit(e.subtype, SUBTYPE) | bit(e.message, MESSAGE) | bit(e.line, LINE) | bit(e.from, FROM)
                    | bit(e.size, SIZE) | bit(e.nrcpts, NRCPTS) | bit(e.messageId, MESSAGE_ID) | bit(e.protocol, PROTOCOL)
                    | bit(e.clientHost, CLIENT_HOST) | bit(e.clientIp, CLIENT_IP)
                    | bit(e.authid, AUTHID) | bit(e.mech, MECH) | bit(e.authRole, AUTH_ROLE) | bit(e.outcome, OUTCOME)
                    | bit(e.tlsRole, TLS_ROLE) | bit(e.tlsVersion, TLS_VERSION) | bit(e.to, TO) | bit(e.status, STATUS)
                    | bit(e.dsn, DSN) | bit(e.reply, REPLY) | bit(e.statusFull, STATUS_FULL) | bit(e.mailer, MAILER)
                    | bit(e.destHost, DEST_HOST) | bit(e.destIp, DEST_IP) | bit(e.delaySeconds, DELAY)
                    | bit(e.relatedQid, RELATED_QID) | bit(e.responseMessage, RESPONSE) | bit(e.reject, REJECT)
                    | bit(e.address, ADDRESS);
            if (view != FULL) {
                boolean receipt = e.is("receipt");
                if (view == SESSION) {
                    m &= receipt ? RECEIPT_FIELDS | 1L << PID : MARK_FIELDS;
                } else {
                    m &= receipt ? RECEIPT_FIELDS & (e.authid != null ? -1L : ~(1L << LINE)) : TRACED_FIELDS;
                    if (e.reply != null || Trace.SENT.equals(TraceFunction.normalize(e))) {
                        // a delivery's stat= text becomes the recipient's reply only when it failed without reply=
                        m &= ~(1L << STATUS_FULL);
                    }
                }
            }
            if ((m & (1L << LINE)) != 0 && (m & (1L << MESSAGE)) != 0 && !e.message.isEmpty()
                    && e.line.endsWith(e.message)) {
                m |= 1L << MESSAGE_IN_LINE;
            }
            return m;
        }

        private static boolean has(long m, int i) {
            return (m & (1L << i)) != 0;
        }

        @Override
        public void serialize(CepEvent e, DataOutputView out) throws IOException {
            Wire w = wire();
            long m = mask(e);
            Wire.writeVarInt(m, out);
            out.writeLong(e.time);
            if (has(m, HOST)) {
                w.writeString(e.host, out);
            }
            if (has(m, QID)) {
                w.writeString(e.qid, out);
            }
            if (has(m, PID)) {
                w.writeString(e.pid, out);
            }
            if (has(m, EVENT_TYPE)) {
                writeEventType(w, e.eventType, out);
            }
            if (has(m, SUBTYPE)) {
                w.writeString(e.subtype, out);
            }
            if (has(m, LINE)) {
                w.writeString(e.line, out);
            }
            if (has(m, MESSAGE)) {
                if (has(m, MESSAGE_IN_LINE)) {
                    Wire.writeVarInt(e.message.length(), out);
                } else {
                    w.writeString(e.message, out);
                }
            }
            if (has(m, FROM)) {
                w.writeString(e.from, out);
            }
            if (has(m, SIZE)) {
                Wire.writeZigZag(e.size, out);
            }
            if (has(m, NRCPTS)) {
                Wire.writeZigZag(e.nrcpts, out);
            }
            if (has(m, MESSAGE_ID)) {
                w.writeString(e.messageId, out);
            }
            if (has(m, PROTOCOL)) {
                w.writeString(e.protocol, out);
            }
            if (has(m, CLIENT_HOST)) {
                w.writeString(e.clientHost, out);
            }
            if (has(m, CLIENT_IP)) {
                w.writeString(e.clientIp, out);
            }
            if (has(m, AUTHID)) {
                w.writeString(e.authid, out);
            }
            if (has(m, MECH)) {
                w.writeString(e.mech, out);
            }
            if (has(m, AUTH_ROLE)) {
                w.writeString(e.authRole, out);
            }
            if (has(m, OUTCOME)) {
                w.writeString(e.outcome, out);
            }
            if (has(m, TLS_ROLE)) {
                w.writeString(e.tlsRole, out);
            }
            if (has(m, TLS_VERSION)) {
                w.writeString(e.tlsVersion, out);
            }
            if (has(m, TO)) {
                w.writeStrings(e.to, out);
            }
            if (has(m, STATUS)) {
                w.writeString(e.status, out);
            }
            if (has(m, DSN)) {
                w.writeString(e.dsn, out);
            }
            if (has(m, REPLY)) {
                w.writeString(e.reply, out);
            }
            if (has(m, STATUS_FULL)) {
                w.writeString(e.statusFull, out);
            }
            if (has(m, MAILER)) {
                w.writeString(e.mailer, out);
            }
            if (has(m, DEST_HOST)) {
                w.writeString(e.destHost, out);
            }
            if (has(m, DEST_IP)) {
                w.writeString(e.destIp, out);
            }
            if (has(m, DELAY)) {
                Wire.writeZigZag(e.delaySeconds, out);
            }
            if (has(m, RELATED_QID)) {
                w.writeString(e.relatedQid, out);
            }
            if (has(m, RESPONSE)) {
                w.writeString(e.responseMessage, out);
            }
            if (has(m, REJECT)) {
                w.writeString(e.reject, out);
            }
            if (has(m, ADDRESS)) {
                w.writeString(e.address, out);
            }
        }

        @Override
        public CepEvent deserialize(DataInputView in) throws IOException {
            Wire w = wire();
            long m = Wire.readVarLong(in);
            CepEvent e = new CepEvent();
            e.time = in.readLong();
            if (has(m, HOST)) {
                e.host = w.readString(in);
            }
            if (has(m, QID)) {
                e.qid = w.readString(in);
            }
            if (has(m, PID)) {
                e.pid = w.readString(in);
            }
            if (has(m, EVENT_TYPE)) {
                e.eventType = readEventType(w, in);
            }
            if (has(m, SUBTYPE)) {
                e.subtype = w.readString(in);
            }
            if (has(m, LINE)) {
                e.line = w.readString(in);
            }
            if (has(m, MESSAGE)) {
                if (has(m, MESSAGE_IN_LINE)) {
                    int n = Wire.readVarInt(in);
                    if (e.line == null || n > e.line.length()) {
                        throw new IOException("corrupt message length " + n);
                    }
                    e.message = e.line.substring(e.line.length() - n);
                } else {
                    e.message = w.readString(in);
                }
            }
            if (has(m, FROM)) {
                e.from = w.readString(in);
            }
            if (has(m, SIZE)) {
                e.size = Wire.readZigZag(in);
            }
            if (has(m, NRCPTS)) {
                e.nrcpts = Wire.readZigZag(in);
            }
            if (has(m, MESSAGE_ID)) {
                e.messageId = w.readString(in);
            }
            if (has(m, PROTOCOL)) {
                e.protocol = w.readString(in);
            }
            if (has(m, CLIENT_HOST)) {
                e.clientHost = w.readString(in);
            }
            if (has(m, CLIENT_IP)) {
                e.clientIp = w.readString(in);
            }
            if (has(m, AUTHID)) {
                e.authid = w.readString(in);
            }
            if (has(m, MECH)) {
                e.mech = w.readString(in);
            }
            if (has(m, AUTH_ROLE)) {
                e.authRole = w.readString(in);
            }
            if (has(m, OUTCOME)) {
                e.outcome = w.readString(in);
            }
            if (has(m, TLS_ROLE)) {
                e.tlsRole = w.readString(in);
            }
            if (has(m, TLS_VERSION)) {
                e.tlsVersion = w.readString(in);
            }
            if (has(m, TO)) {
                e.to = w.readStrings(in);
            }
            if (has(m, STATUS)) {
                e.status = w.readString(in);
            }
            if (has(m, DSN)) {
                e.dsn = w.readString(in);
            }
            if (has(m, REPLY)) {
                e.reply = w.readString(in);
            }
            if (has(m, STATUS_FULL)) {
                e.statusFull = w.readString(in);
            }
            if (has(m, MAILER)) {
                e.mailer = w.readString(in);
            }
            if (has(m, DEST_HOST)) {
                e.destHost = w.readString(in);
            }
            if (has(m, DEST_IP)) {
                e.destIp = w.readString(in);
            }
            if (has(m, DELAY)) {
                e.delaySeconds = Wire.readZigZag(in);
            }
            if (has(m, RELATED_QID)) {
                e.relatedQid = w.readString(in);
            }
            if (has(m, RESPONSE)) {
                e.responseMessage = w.readString(in);
            }
            if (has(m, REJECT)) {
                e.reject = w.readString(in);
            }
            if (has(m, ADDRESS)) {
                e.address = w.readString(in);
            }
            return e;
        }
    }

    // ---- Signal ------------------------------------------------------------------------------------

    /** {@link Signal}. */
    public static final class SignalSerializer extends CepSerializer<Signal> {
        private static final long serialVersionUID = 1L;
        private static final int KIND = 0;
        private static final int HOST = 1;
        private static final int KEY = 2;
        private static final int DOMAINS = 3;
        private static final int CLIENT_IP = 4;
        private static final int LINE = 5;
        private static final int BAD = 6;
        private static final int SUCCESS = 7;

        @Override
        public int format() {
            return 1;
        }

        @Override
        protected CepSerializer<Signal> restore(int format, long config) {
            return format == 1 && config == 0 ? new SignalSerializer() : null;
        }

        @Override
        public Signal createInstance() {
            return new Signal();
        }

        @Override
        public Signal copy(Signal s) {
            return s.copy();
        }

        @Override
        public void serialize(Signal s, DataOutputView out) throws IOException {
            Wire w = wire();
            int m = (s.kind == null ? 0 : 1 << KIND) | (s.host == null ? 0 : 1 << HOST) | (s.key == null ? 0 : 1 << KEY)
                    | (s.domains == null ? 0 : 1 << DOMAINS) | (s.clientIp == null ? 0 : 1 << CLIENT_IP)
                    | (s.line == null ? 0 : 1 << LINE) | (s.bad ? 1 << BAD : 0) | (s.success ? 1 << SUCCESS : 0);
            out.writeByte(m);
            out.writeLong(s.time);
            Wire.writeZigZag(s.weight, out);
            if (s.kind != null) {
                writeKind(w, s.kind, out);
            }
            if (s.host != null) {
                w.writeString(s.host, out);
            }
            if (s.key != null) {
                w.writeString(s.key, out);
            }
            if (s.domains != null) {
                w.writeStrings(s.domains, out);
            }
            if (s.clientIp != null) {
                w.writeString(s.clientIp, out);
            }
            if (s.line != null) {
                w.writeString(s.line, out);
            }
        }

        @Override
        public Signal deserialize(DataInputView in) throws IOException {
            Wire w = wire();
            int m = in.readUnsignedByte();
            Signal s = new Signal();
            s.time = in.readLong();
            s.weight = Wire.readZigZag(in);
            s.bad = (m & 1 << BAD) != 0;
            s.success = (m & 1 << SUCCESS) != 0;
            if ((m & 1 << KIND) != 0) {
                s.kind = readKind(w, in);
            }
            if ((m & 1 << HOST) != 0) {
                s.host = w.readString(in);
            }
            if ((m & 1 << KEY) != 0) {
                s.key = w.readString(in);
            }
            if ((m & 1 << DOMAINS) != 0) {
                s.domains = w.readStrings(in);
            }
            if ((m & 1 << CLIENT_IP) != 0) {
                s.clientIp = w.readString(in);
            }
            if ((m & 1 << LINE) != 0) {
                s.line = w.readString(in);
            }
            return s;
        }
    }

    // ---- Trace -------------------------------------------------------------------------------------

    /** {@link Trace} with its recipients and steps, bookkeeping included (it is also the trace state). */
    public static final class TraceSerializer extends CepSerializer<Trace> {
        private static final long serialVersionUID = 1L;

        @Override
        public int format() {
            return 1;
        }

        @Override
        protected CepSerializer<Trace> restore(int format, long config) {
            return format == 1 && config == 0 ? new TraceSerializer() : null;
        }

        @Override
        public Trace createInstance() {
            return new Trace();
        }

        @Override
        public Trace copy(Trace t) {
            return t.copy();
        }

        @Override
        public void serialize(Trace t, DataOutputView out) throws IOException {
            writeTrace(wire(), t, out);
        }

        @Override
        public Trace deserialize(DataInputView in) throws IOException {
            return readTrace(wire(), in);
        }
    }

    private static long bit(Object v, int i) {
        return v == null ? 0 : 1L << i;
    }

    static void writeTrace(Wire w, Trace t, DataOutputView out) throws IOException {
        long m = bit(t.host, 0) | bit(t.queueId, 1) | bit(t.messageId, 2) | bit(t.sender, 3) | bit(t.size, 4)
                | bit(t.nrcpts, 5) | bit(t.clientRelay, 6) | bit(t.clientIp, 7) | bit(t.protocol, 8)
                | bit(t.tlsVersion, 9) | bit(t.authMechanism, 10) | bit(t.authid, 11) | bit(t.firstSeen, 12)
                | bit(t.finalTime, 13) | bit(t.reportedDelaySeconds, 14) | bit(t.outcome, 15)
                | bit(t.bounceQueueId, 16) | bit(t.parentQueueId, 17) | bit(t.receiptTime, 18)
                | bit(t.receiptLine, 19) | bit(t.recipients, 20) | bit(t.steps, 21);
        Wire.writeVarInt(m, out);
        Wire.writeZigZag(t.lines, out);
        Wire.writeZigZag(t.rejections, out);
        Wire.writeZigZag(t.messageLines, out);
        out.writeLong(t.lastActivity);
        out.writeLong(t.deadline);
        if (t.host != null) {
            w.writeString(t.host, out);
        }
        if (t.queueId != null) {
            w.writeString(t.queueId, out);
        }
        if (t.messageId != null) {
            w.writeString(t.messageId, out);
        }
        if (t.sender != null) {
            w.writeString(t.sender, out);
        }
        if (t.size != null) {
            Wire.writeZigZag(t.size, out);
        }
        if (t.nrcpts != null) {
            Wire.writeZigZag(t.nrcpts, out);
        }
        if (t.clientRelay != null) {
            w.writeString(t.clientRelay, out);
        }
        if (t.clientIp != null) {
            w.writeString(t.clientIp, out);
        }
        if (t.protocol != null) {
            w.writeString(t.protocol, out);
        }
        if (t.tlsVersion != null) {
            w.writeString(t.tlsVersion, out);
        }
        if (t.authMechanism != null) {
            w.writeString(t.authMechanism, out);
        }
        if (t.authid != null) {
            w.writeString(t.authid, out);
        }
        if (t.firstSeen != null) {
            out.writeLong(t.firstSeen);
        }
        if (t.finalTime != null) {
            out.writeLong(t.finalTime);
        }
        if (t.reportedDelaySeconds != null) {
            Wire.writeZigZag(t.reportedDelaySeconds, out);
        }
        if (t.outcome != null) {
            w.writeString(t.outcome, out);
        }
        if (t.bounceQueueId != null) {
            w.writeString(t.bounceQueueId, out);
        }
        if (t.parentQueueId != null) {
            w.writeString(t.parentQueueId, out);
        }
        if (t.receiptTime != null) {
            out.writeLong(t.receiptTime);
        }
        if (t.receiptLine != null) {
            w.writeString(t.receiptLine, out);
        }
        if (t.recipients != null) {
            Wire.writeVarInt(t.recipients.size(), out);
            for (Trace.Recipient r : t.recipients) {
                writeRecipient(w, r, out);
            }
        }
        if (t.steps != null) {
            Wire.writeVarInt(t.steps.size(), out);
            for (Trace.Step s : t.steps) {
                writeStep(w, s, out);
            }
        }
    }

    static Trace readTrace(Wire w, DataInputView in) throws IOException {
        long m = Wire.readVarLong(in);
        Trace t = new Trace();
        t.lines = Wire.readZigZag(in);
        t.rejections = (int) Wire.readZigZag(in);
        t.messageLines = Wire.readZigZag(in);
        t.lastActivity = in.readLong();
        t.deadline = in.readLong();
        if ((m & 1L) != 0) {
            t.host = w.readString(in);
        }
        if ((m & 1L << 1) != 0) {
            t.queueId = w.readString(in);
        }
        if ((m & 1L << 2) != 0) {
            t.messageId = w.readString(in);
        }
        if ((m & 1L << 3) != 0) {
            t.sender = w.readString(in);
        }
        if ((m & 1L << 4) != 0) {
            t.size = Wire.readZigZag(in);
        }
        if ((m & 1L << 5) != 0) {
            t.nrcpts = Wire.readZigZag(in);
        }
        if ((m & 1L << 6) != 0) {
            t.clientRelay = w.readString(in);
        }
        if ((m & 1L << 7) != 0) {
            t.clientIp = w.readString(in);
        }
        if ((m & 1L << 8) != 0) {
            t.protocol = w.readString(in);
        }
        if ((m & 1L << 9) != 0) {
            t.tlsVersion = w.readString(in);
        }
        if ((m & 1L << 10) != 0) {
            t.authMechanism = w.readString(in);
        }
        if ((m & 1L << 11) != 0) {
            t.authid = w.readString(in);
        }
        if ((m & 1L << 12) != 0) {
            t.firstSeen = in.readLong();
        }
        if ((m & 1L << 13) != 0) {
            t.finalTime = in.readLong();
        }
        if ((m & 1L << 14) != 0) {
            t.reportedDelaySeconds = Wire.readZigZag(in);
        }
        if ((m & 1L << 15) != 0) {
            t.outcome = w.readString(in);
        }
        if ((m & 1L << 16) != 0) {
            t.bounceQueueId = w.readString(in);
        }
        if ((m & 1L << 17) != 0) {
            t.parentQueueId = w.readString(in);
        }
        if ((m & 1L << 18) != 0) {
            t.receiptTime = in.readLong();
        }
        if ((m & 1L << 19) != 0) {
            t.receiptLine = w.readString(in);
        }
        if ((m & 1L << 20) != 0) {
            int n = listSize(in);
            List<Trace.Recipient> rs = new ArrayList<>(Math.max(n, 4));
            for (int i = 0; i < n; i++) {
                rs.add(readRecipient(w, in));
            }
            t.recipients = rs;
        } else {
            t.recipients = null;
        }
        if ((m & 1L << 21) != 0) {
            int n = listSize(in);
            List<Trace.Step> ss = new ArrayList<>(Math.max(n, 4));
            for (int i = 0; i < n; i++) {
                ss.add(readStep(w, in));
            }
            t.steps = ss;
        } else {
            t.steps = null;
        }
        return t;
    }

    private static void writeRecipient(Wire w, Trace.Recipient r, DataOutputView out) throws IOException {
        int m = (int) (bit(r.address, 0) | bit(r.status, 1) | bit(r.dsn, 2) | bit(r.relay, 3) | bit(r.mailer, 4)
                | bit(r.finalTime, 5) | bit(r.reply, 6)) | (r.signalled ? 1 << 7 : 0);
        out.writeByte(m);
        Wire.writeZigZag(r.attempts, out);
        out.writeLong(r.statusTime);
        if (r.address != null) {
            w.writeString(r.address, out);
        }
        if (r.status != null) {
            w.writeString(r.status, out);
        }
        if (r.dsn != null) {
            w.writeString(r.dsn, out);
        }
        if (r.relay != null) {
            w.writeString(r.relay, out);
        }
        if (r.mailer != null) {
            w.writeString(r.mailer, out);
        }
        if (r.finalTime != null) {
            out.writeLong(r.finalTime);
        }
        if (r.reply != null) {
            w.writeString(r.reply, out);
        }
    }

    private static Trace.Recipient readRecipient(Wire w, DataInputView in) throws IOException {
        int m = in.readUnsignedByte();
        Trace.Recipient r = new Trace.Recipient();
        r.attempts = (int) Wire.readZigZag(in);
        r.statusTime = in.readLong();
        r.signalled = (m & 1 << 7) != 0;
        if ((m & 1) != 0) {
            r.address = w.readString(in);
        }
        if ((m & 1 << 1) != 0) {
            r.status = readStatus(w, in);
        }
        if ((m & 1 << 2) != 0) {
            r.dsn = w.readString(in);
        }
        if ((m & 1 << 3) != 0) {
            r.relay = w.readString(in);
        }
        if ((m & 1 << 4) != 0) {
            r.mailer = w.readString(in);
        }
        if ((m & 1 << 5) != 0) {
            r.finalTime = in.readLong();
        }
        if ((m & 1 << 6) != 0) {
            r.reply = w.readString(in);
        }
        return r;
    }

    /** A normalized recipient status comes back as the constant. */
    private static String readStatus(Wire w, DataInputView in) throws IOException {
        String s = w.readString(in);
        switch (s) {
            case Trace.SENT:
                return Trace.SENT;
            case Trace.DEFERRED:
                return Trace.DEFERRED;
            case Trace.BOUNCE:
                return Trace.BOUNCE;
            default:
                return s;
        }
    }

    private static void writeStep(Wire w, Trace.Step s, DataOutputView out) throws IOException {
        int m = (int) (bit(s.eventType, 0) | bit(s.recipient, 1) | bit(s.status, 2) | bit(s.dsn, 3) | bit(s.relay, 4)
                | bit(s.text, 5));
        out.writeByte(m);
        out.writeLong(s.time);
        if (s.eventType != null) {
            writeEventType(w, s.eventType, out);
        }
        if (s.recipient != null) {
            w.writeString(s.recipient, out);
        }
        if (s.status != null) {
            w.writeString(s.status, out);
        }
        if (s.dsn != null) {
            w.writeString(s.dsn, out);
        }
        if (s.relay != null) {
            w.writeString(s.relay, out);
        }
        if (s.text != null) {
            w.writeString(s.text, out);
        }
    }

    private static Trace.Step readStep(Wire w, DataInputView in) throws IOException {
        int m = in.readUnsignedByte();
        Trace.Step s = new Trace.Step();
        s.time = in.readLong();
        if ((m & 1) != 0) {
            s.eventType = readEventType(w, in);
        }
        if ((m & 1 << 1) != 0) {
            s.recipient = w.readString(in);
        }
        if ((m & 1 << 2) != 0) {
            s.status = w.readString(in);
        }
        if ((m & 1 << 3) != 0) {
            s.dsn = w.readString(in);
        }
        if ((m & 1 << 4) != 0) {
            s.relay = w.readString(in);
        }
        if ((m & 1 << 5) != 0) {
            s.text = w.readString(in);
        }
        return s;
    }

    // ---- Alert -------------------------------------------------------------------------------------

    /** {@link Alert}. */
    public static final class AlertSerializer extends CepSerializer<Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public int format() {
            return 1;
        }

        @Override
        protected CepSerializer<Alert> restore(int format, long config) {
            return format == 1 && config == 0 ? new AlertSerializer() : null;
        }

        @Override
        public Alert createInstance() {
            return new Alert();
        }

        @Override
        public Alert copy(Alert a) {
            return a.copy();
        }

        @Override
        public void serialize(Alert a, DataOutputView out) throws IOException {
            Wire w = wire();
            out.writeLong(a.firstTime);
            out.writeLong(a.lastTime);
            out.writeLong(a.eventCount);
            w.writeString(a.kind, out);
            w.writeString(a.severity, out);
            w.writeString(a.keyType, out);
            w.writeString(a.key, out);
            w.writeString(a.host, out);
            writeStringList(w, a.sampleLines, out);
            w.writeString(a.description, out);
        }

        @Override
        public Alert deserialize(DataInputView in) throws IOException {
            Wire w = wire();
            Alert a = new Alert();
            a.firstTime = in.readLong();
            a.lastTime = in.readLong();
            a.eventCount = in.readLong();
            a.kind = w.readString(in);
            a.severity = w.readString(in);
            a.keyType = w.readString(in);
            a.key = w.readString(in);
            a.host = w.readString(in);
            a.sampleLines = readStringList(w, in);
            a.description = w.readString(in);
            return a;
        }
    }

    // ---- states ------------------------------------------------------------------------------------

    /** {@link SessionEnricher.Session}: its marks and its waiting receipts (full events). */
    public static final class SessionSerializer extends CepSerializer<SessionEnricher.Session> {
        private static final long serialVersionUID = 1L;
        private final EventSerializer events = new EventSerializer(EventSerializer.FULL);

        @Override
        public int format() {
            return 1;
        }

        @Override
        protected CepSerializer<SessionEnricher.Session> restore(int format, long config) {
            return format == 1 && config == 0 ? new SessionSerializer() : null;
        }

        @Override
        public SessionEnricher.Session createInstance() {
            return new SessionEnricher.Session();
        }

        @Override
        public SessionEnricher.Session copy(SessionEnricher.Session s) {
            return s.copy();
        }

        @Override
        public void serialize(SessionEnricher.Session s, DataOutputView out) throws IOException {
            Wire w = wire();
            Wire.writeVarInt(s.marks.size(), out);
            for (SessionEnricher.Mark m : s.marks) {
                out.writeLong(m.time);
                out.writeByte((m.tls ? 1 : 0) | (m.auth ? 2 : 0));
                w.writeString(m.tlsVersion, out);
                w.writeString(m.authid, out);
                w.writeString(m.mech, out);
            }
            Wire.writeVarInt(s.receipts.size(), out);
            for (CepEvent r : s.receipts) {
                events.serialize(r, out);
            }
        }

        @Override
        public SessionEnricher.Session deserialize(DataInputView in) throws IOException {
            Wire w = wire();
            SessionEnricher.Session s = new SessionEnricher.Session();
            int n = listSize(in);
            for (int i = 0; i < n; i++) {
                SessionEnricher.Mark m = new SessionEnricher.Mark();
                m.time = in.readLong();
                int kind = in.readUnsignedByte();
                m.tls = (kind & 1) != 0;
                m.auth = (kind & 2) != 0;
                m.tlsVersion = w.readString(in);
                m.authid = w.readString(in);
                m.mech = w.readString(in);
                s.marks.add(m);
            }
            n = listSize(in);
            for (int i = 0; i < n; i++) {
                s.receipts.add(events.deserialize(in));
            }
            return s;
        }
    }

    /**
     * {@link BurstDetector.State}. Format 2 adds the window's totals ({@code counted},
     * {@code badSignals}) after the window; format 1 (no totals, full signal copies) is still read:
     * its signals are cut to what the window keeps and the totals are counted from them.
     */
    public static final class BurstStateSerializer extends CepSerializer<BurstDetector.State> {
        private static final long serialVersionUID = 1L;
        private final SignalSerializer signals = new SignalSerializer();
        private final int format;

        public BurstStateSerializer() {
            this(2);
        }

        BurstStateSerializer(int format) {
            this.format = format;
        }

        @Override
        public int format() {
            return format;
        }

        @Override
        protected CepSerializer<BurstDetector.State> restore(int format, long config) {
            return (format == 1 || format == 2) && config == 0 ? new BurstStateSerializer(format) : null;
        }

        @Override
        public BurstDetector.State createInstance() {
            return new BurstDetector.State();
        }

        @Override
        public BurstDetector.State copy(BurstDetector.State s) {
            return s.copy();
        }

        @Override
        public void serialize(BurstDetector.State s, DataOutputView out) throws IOException {
            Wire w = wire();
            out.writeBoolean(s.active);
            out.writeLong(s.first);
            out.writeLong(s.last);
            out.writeLong(s.count);
            out.writeLong(s.attempts);
            out.writeLong(s.timer);
            Wire.writeVarInt(s.window.size(), out);
            for (Signal x : s.window) {
                signals.serialize(x, out);
            }
            if (format >= 2) {
                Wire.writeZigZag(s.counted, out);
                Wire.writeZigZag(s.badSignals, out);
            }
            writeStringList(w, s.samples, out);
            writeStringList(w, s.domains, out);
        }

        @Override
        public BurstDetector.State deserialize(DataInputView in) throws IOException {
            Wire w = wire();
            BurstDetector.State s = new BurstDetector.State();
            s.active = in.readBoolean();
            s.first = in.readLong();
            s.last = in.readLong();
            s.count = in.readLong();
            s.attempts = in.readLong();
            s.timer = in.readLong();
            int n = listSize(in);
            for (int i = 0; i < n; i++) {
                Signal x = signals.deserialize(in);
                s.window.add(format >= 2 ? x : BurstDetector.kept(x));
            }
            if (format >= 2) {
                s.counted = Wire.readZigZag(in);
                s.badSignals = Wire.readZigZag(in);
            } else {
                s.recount();
            }
            s.samples = readStringList(w, in);
            s.domains = readStringList(w, in);
            return s;
        }
    }

    /** {@link TraceLinker.Group}. */
    public static final class LinkGroupSerializer extends CepSerializer<TraceLinker.Group> {
        private static final long serialVersionUID = 1L;

        @Override
        public int format() {
            return 1;
        }

        @Override
        protected CepSerializer<TraceLinker.Group> restore(int format, long config) {
            return format == 1 && config == 0 ? new LinkGroupSerializer() : null;
        }

        @Override
        public TraceLinker.Group createInstance() {
            return new TraceLinker.Group();
        }

        @Override
        public TraceLinker.Group copy(TraceLinker.Group g) {
            return g.copy();
        }

        @Override
        public void serialize(TraceLinker.Group g, DataOutputView out) throws IOException {
            Wire w = wire();
            Wire.writeVarInt(g.waiting.size(), out);
            for (int i = 0; i < g.waiting.size(); i++) {
                out.writeLong(g.due.get(i));
                writeTrace(w, g.waiting.get(i), out);
            }
            Wire.writeVarInt(g.recent.size(), out);
            for (int i = 0; i < g.recent.size(); i++) {
                out.writeLong(g.forgetAt.get(i));
                writeTrace(w, g.recent.get(i), out);
            }
        }

        @Override
        public TraceLinker.Group deserialize(DataInputView in) throws IOException {
            Wire w = wire();
            TraceLinker.Group g = new TraceLinker.Group();
            int n = listSize(in);
            for (int i = 0; i < n; i++) {
                g.due.add(in.readLong());
                g.waiting.add(readTrace(w, in));
            }
            n = listSize(in);
            for (int i = 0; i < n; i++) {
                g.forgetAt.add(in.readLong());
                g.recent.add(readTrace(w, in));
            }
            return g;
        }
    }
}
