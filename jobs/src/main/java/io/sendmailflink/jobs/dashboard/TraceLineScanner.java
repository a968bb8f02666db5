package io.sendmailflink.jobs.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from one trace line what the dashboard decides on, without building the line's tree:
 * {@code first_seen} (the order of the export and of search results) and, when asked, the values
 * {@link TraceSearch} matches (queue IDs, message ID, sender, recipient addresses).
 *
 * <p>The values are those of {@code TraceSearch.text(tree, field)} on the tree that
 * {@code ObjectMapper.readTree(line)} builds (the last of duplicate keys wins, JSON null is no
 * value), and a line is accepted or refused as {@code readTree} does: the whole first JSON value
 * is read through Jackson's parser (what follows it is not looked at), a line that is not JSON
 * throws the parser's exception, and a value that is no object is no trace ({@link #scan} returns
 * false). Where the streaming read could differ (one of those fields holds a number, boolean,
 * object or array, whose text {@code asText()} defines; a line long enough to hold a string
 * beyond Jackson's length limit, which the parser checks only on strings it keeps) the line is
 * read with {@code readTree} instead.
 */
final class TraceLineScanner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final int TREE_ABOVE = StreamReadConstraints.defaults().getMaxStringLength();

    private final boolean withKeys;

    /** {@code first_seen} of the last line scanned, or null. */
    String firstSeen;
    /** queue_id, bounce_queue_id, parent_queue_id of the last line (null: none). */
    final String[] queueIds = new String[3];
    String messageId;
    String sender;
    /** Addresses of the recipients (the last line's, nulls left out). */
    final List<String> addresses = new ArrayList<>();
    private boolean needsTree;

    /** @param withKeys also read the values search matches (else only first_seen) */
    TraceLineScanner(boolean withKeys) {
        this.withKeys = withKeys;
    }

    /**
     * Reads one non-blank line.
     *
     * @return whether the line is a JSON object (a trace); false: JSON, but no object
     * @throws com.fasterxml.jackson.core.JsonProcessingException when the line is not JSON
     */
    boolean scan(String line) throws IOException {
        firstSeen = null;
        queueIds[0] = null;
        queueIds[1] = null;
        queueIds[2] = null;
        messageId = null;
        sender = null;
        addresses.clear();
        needsTree = false;
        if (line.length() > TREE_ABOVE) {
            return fromTree(line);
        }
        try (JsonParser p = FACTORY.createParser(line)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren(); // an array is read to its end, as readTree reads it
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                switch (name) {
                    case "first_seen" -> firstSeen = scalar(p, t);
                    case "queue_id" -> queueIds[0] = withKeys ? scalar(p, t) : skip(p);
                    case "bounce_queue_id" -> queueIds[1] = withKeys ? scalar(p, t) : skip(p);
                    case "parent_queue_id" -> queueIds[2] = withKeys ? scalar(p, t) : skip(p);
                    case "message_id" -> messageId = withKeys ? scalar(p, t) : skip(p);
                    case "sender" -> sender = withKeys ? scalar(p, t) : skip(p);
                    case "recipients" -> {
                        addresses.clear(); // the last "recipients" wins
                        if (withKeys && t == JsonToken.START_ARRAY) {
                            recipients(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return needsTree ? fromTree(line) : true;
    }

    private void recipients(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren(); // no object: no address (JsonNode.get(name) is null on it)
                continue;
            }
            String address = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if (name.equals("address")) {
                    address = scalar(p, t);
                } else {
                    p.skipChildren();
                }
            }
            if (address != null) {
                addresses.add(address);
            }
        }
    }

    /** A string's text, null for JSON null; anything else is read from the tree (asText rules). */
    private String scalar(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t != JsonToken.VALUE_NULL) {
            needsTree = true;
            p.skipChildren();
        }
        return null;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private boolean fromTree(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        firstSeen = null;
        queueIds[0] = null;
        queueIds[1] = null;
        queueIds[2] = null;
        messageId = null;
        sender = null;
        addresses.clear();
        if (n == null || !n.isObject()) {
            return false;
        }
        firstSeen = TraceSearch.text(n, "first_seen");
        if (withKeys) {
            queueIds[0] = TraceSearch.text(n, "queue_id");
            queueIds[1] = TraceSearch.text(n, "bounce_queue_id");
            queueIds[2] = TraceSearch.text(n, "parent_queue_id");
            messageId = TraceSearch.text(n, "message_id");
            sender = TraceSearch.text(n, "sender");
            JsonNode rcpts = n.get("recipients");
            if (rcpts != null && rcpts.isArray()) {
                for (JsonNode r : rcpts) {
                    String a = TraceSearch.text(r, "address");
                    if (a != null) {
                        addresses.add(a);
                    }
                }
            }
        }
        return true;
    }
}
