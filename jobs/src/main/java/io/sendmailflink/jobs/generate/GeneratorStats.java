package io.sendmailflink.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sendmailflink.udfs.model.Field;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground truth of a {@link LogGenerator} run: what the lines written so far contain, counted as the
 * parser should see it. It is live (updated by every {@code next()}); read it between lines or at
 * the end.
 *
 * <p>Definitions (each a count over the lines already returned):
 * <ul>
 *   <li>{@link #linesOf(EventType)}: lines per parser {@code event_type}; {@code unparsed} are the
 *       noise lines.</li>
 *   <li>{@link #messagesReceived()}: receipt lines ({@code from=}) with {@code nrcpts > 0}, i.e.
 *       messages accepted into the queue, the bounces Sendmail creates included. Receipts with
 *       {@code nrcpts=0} (sessions whose recipients were all rejected) are receipt lines but not
 *       messages.</li>
 *   <li>{@link #bytesReceived()}: the sum of {@code size=} over all receipt lines.</li>
 *   <li>{@link #recipientsDelivered()}: recipients on delivery lines with {@code stat=Sent}
 *       (a line may list several, and a long list is split into {@code [more]} lines).</li>
 *   <li>{@link #deferredAttempts()} / {@link #deferredRecipients()}: delivery lines with
 *       {@code stat=Deferred...}, and the recipients on them. Every deferral is retried later.</li>
 *   <li>{@link #recipientsBounced()}: recipients on delivery lines with a {@code 5.x.x} dsn.</li>
 *   <li>{@link #bounceMessages()}: DSN lines ({@code <qid>: <newqid>: DSN: ...}); each bounce
 *       envelope then has its own {@code from=<>} receipt and delivery.</li>
 *   <li>{@link #rulesetRejections()}: {@code ruleset=} lines (all of them rejections here).</li>
 *   <li>{@link #authSuccesses()} / {@link #authFailures()}: {@code AUTH=server} and
 *       {@code AUTH failure} lines.</li>
 *   <li>{@link #payloadLinesByField()}: per parser field, the lines that carry one of
 *       {@link Payloads#ALL} in that field.</li>
 *   <li>{@link #attacks()}: the injected attacks written so far.</li>
 * </ul>
 */
public final class GeneratorStats {

    static final String[] FORMAT_NAMES = {"rfc3164", "rfc5424", "filebeat"};

    private long lines;
    private final long[] byType = new long[EventType.values().length];
    private final long[] byFormat = new long[FORMAT_NAMES.length];
    private long messagesReceived;
    private long bytesReceived;
    private long recipientsDelivered;
    private long deferredAttempts;
    private long deferredRecipients;
    private long recipientsBounced;
    private long bounceMessages;
    private long authSuccesses;
    private long authFailures;
    private final EnumMap<Field, Long> payloadLines = new EnumMap<>(Field.class);
    private final List<Attack> attacks = new ArrayList<>();
    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    GeneratorStats() {
    }

    // ---- updates (the generator) ------------------------------------------------------------

    void line(EventType type, int format, long timeMillis) {
        lines++;
        byType[type.ordinal()]++;
        if (format >= 0) {
            byFormat[format]++;
        }
        if (firstMillis == Long.MIN_VALUE) {
            firstMillis = timeMillis;
        }
        lastMillis = timeMillis;
    }

    void receipt(int nrcpts, long size) {
        if (nrcpts > 0) {
            messagesReceived++;
        }
        bytesReceived += size;
    }

    void delivered(int n) {
        recipientsDelivered += n;
    }

    void deferred(int n) {
        deferredAttempts++;
        deferredRecipients += n;
    }

    void bounced(int n) {
        recipientsBounced += n;
    }

    void dsn() {
        bounceMessages++;
    }

    void authSuccess() {
        authSuccesses++;
    }

    void authFailure() {
        authFailures++;
    }

    void payload(Field f) {
        payloadLines.merge(f, 1L, Long::sum);
    }

    /** An attack's state; registered on its first written line. */
    static final class Attack {
        final AttackKind kind;
        final String host;
        final String clientIp;
        final String authid;
        long first = Long.MIN_VALUE;
        long last;
        long count;
        boolean succeeded;
        boolean registered;

        Attack(AttackKind kind, String host, String clientIp, String authid) {
            this.kind = kind;
            this.host = host;
            this.clientIp = clientIp;
            this.authid = authid;
        }

        InjectedAttack toRecord() {
            return new InjectedAttack(kind, host, clientIp, authid, Instant.ofEpochMilli(first),
                    Instant.ofEpochMilli(last), count, succeeded);
        }
    }

    void attackLine(Attack a, long timeMillis, boolean success) {
        if (!a.registered) {
            a.registered = true;
            attacks.add(a);
        }
        if (a.first == Long.MIN_VALUE) {
            a.first = timeMillis;
        }
        a.last = timeMillis;
        if (success) {
            a.succeeded = true;
        } else {
            a.count++;
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /** Lines written, noise included. */
    public long lines() {
        return lines;
    }

    public long linesOf(EventType t) {
        return byType[t.ordinal()];
    }

    /** Lines per parser {@code event_type} name, every type listed (zeros included), in enum order. */
    public Map<String, Long> linesByEventType() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            m.put(t.parserName(), byType[t.ordinal()]);
        }
        return m;
    }

    /**
     * Sendmail lines per envelope: {@code rfc3164}, {@code rfc5424}, {@code filebeat} (the parser's
     * {@code log_format} is {@code filebeat+rfc3164} for the last). Noise lines are not counted.
     */
    public Map<String, Long> linesByFormat() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < FORMAT_NAMES.length; i++) {
            m.put(FORMAT_NAMES[i], byFormat[i]);
        }
        return m;
    }

    /** Noise lines (the parser's {@code unparsed}). */
    public long unparsedLines() {
        return byType[EventType.UNPARSED.ordinal()];
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public long recipientsDelivered() {
        return recipientsDelivered;
    }

    public long deferredAttempts() {
        return deferredAttempts;
    }

    public long deferredRecipients() {
        return deferredRecipients;
    }

    public long recipientsBounced() {
        return recipientsBounced;
    }

    public long bounceMessages() {
        return bounceMessages;
    }

    public long rulesetRejections() {
        return byType[EventType.RULESET_REJECTION.ordinal()];
    }

    public long authSuccesses() {
        return authSuccesses;
    }

    public long authFailures() {
        return authFailures;
    }

    public Map<Field, Long> payloadLinesByField() {
        return Collections.unmodifiableMap(new EnumMap<>(payloadLines));
    }

    /** The attacks written so far, in the order of their first lines. */
    public List<InjectedAttack> attacks() {
        List<InjectedAttack> l = new ArrayList<>(attacks.size());
        for (Attack a : attacks) {
            l.add(a.toRecord());
        }
        return l;
    }

    /** Time of the first line, or null before any. */
    public Instant firstTime() {
        return firstMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(firstMillis);
    }

    /** Time of the last line, or null before any. */
    public Instant lastTime() {
        return lastMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastMillis);
    }

    // ---- JSON ---------------------------------------------------------------------------------

    /** The whole truth as one JSON object (the {@code generate --truth FILE} format). */
    public String toJson() {
        StringWriter w = new StringWriter();
        try {
            writeJson(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public void writeJson(Writer w) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("lines", lines);
            g.writeStringField("first_time", firstMillis == Long.MIN_VALUE ? null : firstTime().toString());
            g.writeStringField("last_time", lastMillis == Long.MIN_VALUE ? null : lastTime().toString());
            g.writeObjectFieldStart("lines_by_event_type");
            for (Map.Entry<String, Long> e : linesByEventType().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("lines_by_format");
            for (Map.Entry<String, Long> e : linesByFormat().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("messages_received", messagesReceived);
            g.writeNumberField("bytes_received", bytesReceived);
            g.writeNumberField("recipients_delivered", recipientsDelivered);
            g.writeNumberField("deferred_attempts", deferredAttempts);
            g.writeNumberField("deferred_recipients", deferredRecipients);
            g.writeNumberField("recipients_bounced", recipientsBounced);
            g.writeNumberField("bounce_messages", bounceMessages);
            g.writeNumberField("ruleset_rejections", rulesetRejections());
            g.writeNumberField("auth_successes", authSuccesses);
            g.writeNumberField("auth_failures", authFailures);
            g.writeNumberField("unparsed_lines", unparsedLines());
            g.writeObjectFieldStart("payload_lines_by_field");
            for (Map.Entry<Field, Long> e : payloadLines.entrySet()) {
                g.writeNumberField(e.getKey().fieldName(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("attacks");
            for (InjectedAttack a : attacks()) {
                g.writeStartObject();
                g.writeStringField("kind", a.kind().cliName());
                g.writeStringField("event_type", a.kind().lineType().parserName());
                g.writeStringField("host", a.host());
                g.writeStringField("client_ip", a.clientIp());
                if (a.authid() != null) {
                    g.writeStringField("authid", a.authid());
                }
                g.writeStringField("key", a.key());
                g.writeStringField("first", a.first().toString());
                g.writeStringField("last", a.last().toString());
                g.writeNumberField("count", a.count());
                if (a.kind() == AttackKind.AUTH_GUESSING) {
                    g.writeBooleanField("succeeded", a.succeeded());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    @Override
    public String toString() {
        return "GeneratorStats{lines=" + lines + ", byType=" + linesByEventType() + ", messagesReceived="
                + messagesReceived + ", recipientsDelivered=" + recipientsDelivered + ", deferredAttempts="
                + deferredAttempts + ", recipientsBounced=" + recipientsBounced + ", attacks=" + attacks.size() + '}';
    }
}
