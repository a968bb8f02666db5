package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds message traces by queue ID, message ID or address. The page's offline search (in the
 * exported file) follows the same rules in app.js: keep the two in step.
 *
 * <p>Rules: the query is trimmed and its surrounding {@code <>} removed; a queue ID matches
 * exactly (case-insensitive, also the bounce's or parent's queue ID); a message ID or an address
 * (sender or any recipient) matches when it equals the query or contains it (case-insensitive,
 * at least 3 characters). Newest first (by first_seen).
 */
public final class TraceSearch {

    /** Shortest query matched as a substring: shorter ones would match almost everything. */
    static final int MIN_SUBSTRING = 3;

    private TraceSearch() {
    }

    /** The query as matched: trimmed, without surrounding angle brackets, lower case. */
    static String normalize(String query) {
        if (query == null) {
            return "";
        }
        String q = query.trim();
        if (q.startsWith("<") && q.endsWith(">") && q.length() >= 2) {
            q = q.substring(1, q.length() - 1).trim();
        }
        return q.toLowerCase(Locale.ROOT);
    }

    public static boolean matches(JsonNode trace, String normalizedQuery) {
        String q = normalizedQuery;
        if (q.isEmpty()) {
            return false;
        }
        if (equalsText(trace, "queue_id", q) || equalsText(trace, "bounce_queue_id", q)
                || equalsText(trace, "parent_queue_id", q)) {
            return true;
        }
        if (textMatches(strip(text(trace, "message_id")), q) || textMatches(strip(text(trace, "sender")), q)) {
            return true;
        }
        JsonNode rcpts = trace.get("recipients");
        if (rcpts != null && rcpts.isArray()) {
            for (JsonNode r : rcpts) {
                if (textMatches(strip(text(r, "address")), q)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The matching traces, newest first, at most {@code limit}. */
    public static List<JsonNode> search(Iterable<JsonNode> traces, String query, int limit) {
        String q = normalize(query);
        List<JsonNode> hits = new ArrayList<>();
        if (q.isEmpty()) {
            return hits;
        }
        for (JsonNode t : traces) {
            if (matches(t, q)) {
                hits.add(t);
            }
        }
        hits.sort(Comparator.comparing((JsonNode t) -> text(t, "first_seen"),
                Comparator.nullsLast(Comparator.reverseOrder())));
        return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
    }

    private static boolean textMatches(String value, String q) {
        if (value == null) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return v.equals(q) || (q.length() >= MIN_SUBSTRING && v.contains(q));
    }

    private static boolean equalsText(JsonNode n, String field, String q) {
        String v = text(n, field);
        return v != null && v.toLowerCase(Locale.ROOT).equals(q);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String strip(String v) {
        if (v != null && v.length() >= 2 && v.startsWith("<") && v.endsWith(">")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
