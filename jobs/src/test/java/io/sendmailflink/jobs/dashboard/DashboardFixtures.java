package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract-shaped traces and alerts (the preamble's output contracts for out/traces/ and
 * out/alerts/), written as the backfill's FileSinks would: JSON lines in part files. Their text
 * fields carry payloads that set {@code window.__pwned} if anything ever runs them.
 */
public final class DashboardFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Sets a flag instead of alert(): a test reads the flag. */
    public static final String SCRIPT = "<script>window.__pwned=1</script>";
    public static final String IMG = "\"><img src=x onerror=\"window.__pwned=1\">";
    public static final String JS_URL = "javascript:window.__pwned=1";
    public static final String SVG = "'><svg onload=window.__pwned=1>";

    public static final String QUEUE_ID = "t9SJk1aa000777";
    public static final String MESSAGE_ID = "<20260301.777@" + "mail.example.org>";
    public static final String SENDER = "alice@example.org";
    public static final String RECIPIENT = "bob@partner.example.com";
    public static final String PAYLOAD_QUEUE_ID = "t9SJk1aa000666";
    public static final String PAYLOAD_SENDER = "\"" + SCRIPT + "\"@evil.example";
    public static final String PAYLOAD_RECIPIENT = "\"" + SVG + "\"@victim.example";

    private DashboardFixtures() {
    }

    public static ObjectNode trace(String queueId, String host, String messageId, String sender, String recipient,
            String firstSeen, String finalTime, String reply) {
        ObjectNode t = JSON.createObjectNode();
        t.put("host", host);
        t.put("queue_id", queueId);
        t.put("message_id", messageId);
        t.put("sender", sender);
        t.put("size", 4321);
        t.put("nrcpts", 1);
        t.put("client_relay", "client.example.net");
        t.put("client_ip", "192.0.2.10");
        t.put("protocol", "ESMTP");
        t.put("tls_version", "TLSv1.3");
        t.put("first_seen", firstSeen);
        t.put("final_time", finalTime);
        t.put("end_to_end_delay_seconds", 75);
        t.put("reported_delay_seconds", 75);
        t.put("attempts", 2);
        t.put("outcome", "delivered");
        t.put("recipient_count", 1);
        t.put("delivered_count", 1);
        t.put("bounced_count", 0);
        t.put("deferred_count", 0);
        ArrayNode rs = t.putArray("recipients");
        ObjectNode r = rs.addObject();
        r.put("address", recipient);
        r.put("status", "Sent");
        r.put("dsn", "2.0.0");
        r.put("relay", "mx.partner.example.com. [198.51.100.7]");
        r.put("mailer", "esmtp");
        r.put("attempts", 2);
        r.put("final_time", finalTime);
        r.put("reply", reply);
        ArrayNode steps = t.putArray("steps");
        steps.add(step(firstSeen, "receipt", null, null, null, null,
                "from=<" + sender + ">, size=4321, class=0, nrcpts=1, msgid=" + messageId));
        steps.add(step(firstSeen.replace(":00.000Z", ":30.000Z"), "delivery", recipient, "Deferred", "4.4.1",
                "mx.partner.example.com.", "to=<" + recipient + ">, stat=Deferred: Connection timed out"));
        steps.add(step(finalTime, "delivery", recipient, "Sent", "2.0.0", "mx.partner.example.com.",
                "to=<" + recipient + ">, stat=Sent (" + reply + ")"));
        return t;
    }

    private static ObjectNode step(String time, String type, String rcpt, String status, String dsn, String relay,
            String text) {
        ObjectNode s = JSON.createObjectNode();
        s.put("time", time);
        s.put("event_type", type);
        if (rcpt != null) {
            s.put("recipient", rcpt);
        }
        if (status != null) {
            s.put("status", status);
        }
        if (dsn != null) {
            s.put("dsn", dsn);
        }
        if (relay != null) {
            s.put("relay", relay);
        }
        s.put("text", text);
        return s;
    }

    /** The two known traces: a plain one and one whose every text field carries a payload. */
    public static List<ObjectNode> traces(String host, String day) {
        List<ObjectNode> l = new ArrayList<>();
        l.add(trace(QUEUE_ID, host, MESSAGE_ID, SENDER, RECIPIENT, day + "T00:10:00.000Z", day + "T00:11:15.000Z",
                "250 2.0.0 Ok: queued as 4XyZ"));
        ObjectNode p = trace(PAYLOAD_QUEUE_ID, host + IMG, "<" + IMG + "@evil.example>", PAYLOAD_SENDER,
                PAYLOAD_RECIPIENT, day + "T00:20:00.000Z", day + "T00:21:15.000Z", "250 " + SCRIPT + " " + JS_URL);
        p.put("client_relay", JS_URL);
        p.put("authid", SVG);
        l.add(p);
        return l;
    }

    public static List<ObjectNode> alerts(String host, String day) {
        List<ObjectNode> l = new ArrayList<>();
        ObjectNode a = JSON.createObjectNode();
        a.put("kind", "dictionary_attack");
        a.put("severity", "high");
        a.put("key_type", "client_ip");
        a.put("key", "203.0.113.66");
        a.put("host", host);
        a.put("first_time", day + "T00:05:00.000Z");
        a.put("last_time", day + "T00:25:00.000Z");
        a.put("event_count", 1234);
        a.putArray("sample_lines").add("Mar  1 00:05:00 " + host + " sm-mta[1]: ... User unknown " + SCRIPT);
        a.put("description", "1,234 unknown recipients from one client " + IMG);
        l.add(a);
        ObjectNode b = JSON.createObjectNode();
        b.put("kind", "auth_password_guessing");
        b.put("severity", "critical");
        b.put("key_type", "authid");
        b.put("key", SVG);
        b.put("host", host);
        b.put("first_time", day + "T00:06:00.000Z");
        b.put("last_time", day + "T00:26:00.000Z");
        b.put("event_count", 42);
        b.putArray("sample_lines").add(JS_URL);
        b.put("description", "AUTH failures for one identity " + JS_URL);
        l.add(b);
        return l;
    }

    public static void writeJsonLines(Path dir, String file, List<? extends com.fasterxml.jackson.databind.JsonNode> rows)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder();
        for (var r : rows) {
            b.append(JSON.writeValueAsString(r)).append('\n');
        }
        Files.writeString(dir.resolve(file), b.toString(), StandardCharsets.UTF_8);
    }

    /** A small output folder: two aggregate views, the known traces and alerts. */
    public static Path smallOutput(Path out) throws IOException {
        ObjectNode lines = JSON.createObjectNode();
        lines.put("window_start", "2026-03-01T00:00:00");
        lines.put("window_end", "2026-03-01T01:00:00");
        lines.put("source", "mx1");
        lines.put("lines", 1500);
        lines.put("events", 1490);
        lines.put("unparsed_lines", 10);
        writeJsonLines(out.resolve("aggregates/agg_overview_lines"), "part-0-0", List.of(lines));
        ObjectNode sender = JSON.createObjectNode();
        sender.put("window_start", "2026-03-01T00:00:00");
        sender.put("window_end", "2026-03-01T01:00:00");
        sender.put("source", "mx1");
        sender.put("email_from", PAYLOAD_SENDER);
        sender.put("messages", 7);
        sender.put("bytes_received", 7000);
        sender.put("top_rank", 1);
        writeJsonLines(out.resolve("aggregates/agg_activity_top_senders"), "part-0-0", List.of(sender));
        // an in-progress file of the file sink: never read
        Files.writeString(out.resolve("aggregates/agg_activity_top_senders/.part-0-1.inprogress"), "{not json");
        writeJsonLines(out.resolve("traces"), "part-0-0", traces("mx1", "2026-03-01"));
        writeJsonLines(out.resolve("alerts"), "part-0-0", alerts("mx1", "2026-03-01"));
        return out;
    }
}
