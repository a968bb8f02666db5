package io.sendmailflink.jobs.cep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * The two output contracts: {@code message_traces} and {@code sendmail_alerts} rows (SQL types
 * below) and their JSON lines (times as ISO-8601 UTC with milliseconds, missing values omitted;
 * Jackson escapes every string, attacker-controlled text included).
 */
public final class CepRecords {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private CepRecords() {
    }

    public static final DataType RECIPIENT = DataTypes.ROW(
            DataTypes.FIELD("address", DataTypes.STRING()),
            DataTypes.FIELD("status", DataTypes.STRING()),
            DataTypes.FIELD("dsn", DataTypes.STRING()),
            DataTypes.FIELD("relay", DataTypes.STRING()),
            DataTypes.FIELD("mailer", DataTypes.STRING()),
            DataTypes.FIELD("attempts", DataTypes.INT()),
            DataTypes.FIELD("final_time", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("reply", DataTypes.STRING()));

    public static final DataType STEP = DataTypes.ROW(
            DataTypes.FIELD("time", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("event_type", DataTypes.STRING()),
            DataTypes.FIELD("recipient", DataTypes.STRING()),
            DataTypes.FIELD("status", DataTypes.STRING()),
            DataTypes.FIELD("dsn", DataTypes.STRING()),
            DataTypes.FIELD("relay", DataTypes.STRING()),
            DataTypes.FIELD("text", DataTypes.STRING()));

    /** The columns of {@code message_traces}, in contract order. */
    public static final DataType TRACE = DataTypes.ROW(
            DataTypes.FIELD("host", DataTypes.STRING()),
            DataTypes.FIELD("queue_id", DataTypes.STRING()),
            DataTypes.FIELD("message_id", DataTypes.STRING()),
            DataTypes.FIELD("sender", DataTypes.STRING()),
            DataTypes.FIELD("size", DataTypes.BIGINT()),
            DataTypes.FIELD("nrcpts", DataTypes.BIGINT()),
            DataTypes.FIELD("client_relay", DataTypes.STRING()),
            DataTypes.FIELD("client_ip", DataTypes.STRING()),
            DataTypes.FIELD("protocol", DataTypes.STRING()),
            DataTypes.FIELD("tls_version", DataTypes.STRING()),
            DataTypes.FIELD("auth_mechanism", DataTypes.STRING()),
            DataTypes.FIELD("authid", DataTypes.STRING()),
            DataTypes.FIELD("first_seen", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("final_time", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("end_to_end_delay_seconds", DataTypes.DOUBLE()),
            DataTypes.FIELD("reported_delay_seconds", DataTypes.BIGINT()),
            DataTypes.FIELD("attempts", DataTypes.INT()),
            DataTypes.FIELD("outcome", DataTypes.STRING()),
            DataTypes.FIELD("recipient_count", DataTypes.INT()),
            DataTypes.FIELD("delivered_count", DataTypes.INT()),
            DataTypes.FIELD("bounced_count", DataTypes.INT()),
            DataTypes.FIELD("deferred_count", DataTypes.INT()),
            DataTypes.FIELD("bounce_queue_id", DataTypes.STRING()),
            DataTypes.FIELD("parent_queue_id", DataTypes.STRING()),
            DataTypes.FIELD("recipients", DataTypes.ARRAY(RECIPIENT)),
            DataTypes.FIELD("steps", DataTypes.ARRAY(STEP)));

    /** The columns of {@code sendmail_alerts}, in contract order. */
    public static final DataType ALERT = DataTypes.ROW(
            DataTypes.FIELD("kind", DataTypes.STRING()),
            DataTypes.FIELD("severity", DataTypes.STRING()),
            DataTypes.FIELD("key_type", DataTypes.STRING()),
            DataTypes.FIELD("key", DataTypes.STRING()),
            DataTypes.FIELD("host", DataTypes.STRING()),
            DataTypes.FIELD("first_time", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("last_time", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("event_count", DataTypes.BIGINT()),
            DataTypes.FIELD("sample_lines", DataTypes.ARRAY(DataTypes.STRING())),
            DataTypes.FIELD("description", DataTypes.STRING()));

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    public static Row traceRow(Trace t) {
        Row[] rs = new Row[t.recipients.size()];
        for (int i = 0; i < rs.length; i++) {
            Trace.Recipient r = t.recipients.get(i);
            rs[i] = Row.of(r.address, r.status, r.dsn, r.relay, r.mailer, r.attempts, instant(r.finalTime), r.reply);
        }
        Row[] ss = new Row[t.steps.size()];
        for (int i = 0; i < ss.length; i++) {
            Trace.Step s = t.steps.get(i);
            ss[i] = Row.of(instant(s.time), s.eventType, s.recipient, s.status, s.dsn, s.relay, s.text);
        }
        return Row.of(t.host, t.queueId, t.messageId, t.sender, t.size, t.nrcpts, t.clientRelay, t.clientIp,
                t.protocol, t.tlsVersion, t.authMechanism, t.authid, instant(t.firstSeen), instant(t.finalTime),
                t.endToEndDelaySeconds(), t.reportedDelaySeconds, t.attempts(), t.outcome, t.recipients.size(),
                t.count(Trace.SENT), t.count(Trace.BOUNCE), t.count(Trace.DEFERRED), t.bounceQueueId,
                t.parentQueueId, rs, ss);
    }

    public static Row alertRow(Alert a) {
        return Row.of(a.kind, a.severity, a.keyType, a.key, a.host, instant(a.firstTime), instant(a.lastTime),
                a.eventCount, a.sampleLines.toArray(new String[0]), a.description);
    }

    /** ISO-8601 UTC with milliseconds: {@code 2026-11-24T20:56:10.000Z}. */
    public static String iso(long millis) {
        return ISO.format(Instant.ofEpochMilli(millis));
    }

    public static String traceJson(Trace t) {
        StringWriter w = new StringWriter(512 + 160 * t.steps.size());
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            str(g, "host", t.host);
            str(g, "queue_id", t.queueId);
            str(g, "message_id", t.messageId);
            str(g, "sender", t.sender);
            num(g, "size", t.size);
            num(g, "nrcpts", t.nrcpts);
            str(g, "client_relay", t.clientRelay);
            str(g, "client_ip", t.clientIp);
            str(g, "protocol", t.protocol);
            str(g, "tls_version", t.tlsVersion);
            str(g, "auth_mechanism", t.authMechanism);
            str(g, "authid", t.authid);
            time(g, "first_seen", t.firstSeen);
            time(g, "final_time", t.finalTime);
            Double e2e = t.endToEndDelaySeconds();
            if (e2e != null) {
                g.writeNumberField("end_to_end_delay_seconds", e2e);
            }
            num(g, "reported_delay_seconds", t.reportedDelaySeconds);
            g.writeNumberField("attempts", t.attempts());
            str(g, "outcome", t.outcome);
            g.writeNumberField("recipient_count", t.recipients.size());
            g.writeNumberField("delivered_count", t.count(Trace.SENT));
            g.writeNumberField("bounced_count", t.count(Trace.BOUNCE));
            g.writeNumberField("deferred_count", t.count(Trace.DEFERRED));
            str(g, "bounce_queue_id", t.bounceQueueId);
            str(g, "parent_queue_id", t.parentQueueId);
            g.writeArrayFieldStart("recipients");
            for (Trace.Recipient r : t.recipients) {
                g.writeStartObject();
                str(g, "address", r.address);
                str(g, "status", r.status);
                str(g, "dsn", r.dsn);
                str(g, "relay", r.relay);
                str(g, "mailer", r.mailer);
                g.writeNumberField("attempts", r.attempts);
                time(g, "final_time", r.finalTime);
                str(g, "reply", r.reply);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("steps");
            for (Trace.Step s : t.steps) {
                g.writeStartObject();
                time(g, "time", s.time);
                str(g, "event_type", s.eventType);
                str(g, "recipient", s.recipient);
                str(g, "status", s.status);
                str(g, "dsn", s.dsn);
                str(g, "relay", s.relay);
                str(g, "text", s.text);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("trace " + t.host + "/" + t.queueId + " to JSON", e);
        }
        return w.toString();
    }

    public static String alertJson(Alert a) {
        StringWriter w = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            str(g, "kind", a.kind);
            str(g, "severity", a.severity);
            str(g, "key_type", a.keyType);
            str(g, "key", a.key);
            str(g, "host", a.host);
            time(g, "first_time", a.firstTime);
            time(g, "last_time", a.lastTime);
            g.writeNumberField("event_count", a.eventCount);
            g.writeArrayFieldStart("sample_lines");
            for (String l : a.sampleLines) {
                g.writeString(l);
            }
            g.writeEndArray();
            str(g, "description", a.description);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("alert " + a.kind + " " + a.key + " to JSON", e);
        }
        return w.toString();
    }

    private static void str(JsonGenerator g, String name, String v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v);
        }
    }

    private static void num(JsonGenerator g, String name, Long v) throws IOException {
        if (v != null) {
            g.writeNumberField(name, v);
        }
    }

    private static void time(JsonGenerator g, String name, Long v) throws IOException {
        if (v != null) {
            g.writeStringField(name, iso(v));
        }
    }
}
