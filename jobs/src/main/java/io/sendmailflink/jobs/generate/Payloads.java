package io.sendmailflink.jobs.generate;

import java.util.List;

/**
 * Attacker-controlled text the generator puts where real attackers can: quoted local parts of
 * addresses, PTR host names, message IDs, VRFY arguments, AUTH user names, remote replies. Each
 * string appears intact in the line, so a consumer (the dashboard, the JSON output) can be tested
 * for escaping, and the parser for keeping each one inside its field.
 */
public final class Payloads {

    public static final String SCRIPT = "<script>alert(1)</script>";
    public static final String IMG_BREAKOUT = "\"><img src=x onerror=alert(1)>";
    public static final String JAVASCRIPT_URL = "javascript:alert(1)";
    public static final String SVG_SINGLE_QUOTE = "'><svg onload=alert(1)>";
    /** A fake field: must never become the line's {@code relay=} (no generated client has this address). */
    public static final String RELAY_INJECTION = "x, relay=[198.51.100.254]";
    /** A fake field with a comma: must never become {@code size=} (real sizes are never negative). */
    public static final String SIZE_INJECTION = "a,b, size=-1";

    /** Every payload; a field value "carries a payload" when it contains one of these. */
    public static final List<String> ALL = List.of(SCRIPT, IMG_BREAKOUT, JAVASCRIPT_URL, SVG_SINGLE_QUOTE,
            RELAY_INJECTION, SIZE_INJECTION);

    /** Payloads that can stand inside a quoted local part ({@code "..."@domain}): no {@code "} or {@code \}. */
    static final String[] QUOTABLE = {SCRIPT, JAVASCRIPT_URL, SVG_SINGLE_QUOTE, RELAY_INJECTION, SIZE_INJECTION};

    /** Payloads that can stand in a PTR host name: no spaces (the relay value's host ends at " ["). */
    static final String[] HOST_LABELS = {SCRIPT, "\"><img/src=x/onerror=alert(1)>", JAVASCRIPT_URL};

    /** Payloads for free text (message IDs, VRFY arguments, AUTH user names, remote replies). */
    static final String[] TEXT = {SCRIPT, IMG_BREAKOUT, JAVASCRIPT_URL, SVG_SINGLE_QUOTE, RELAY_INJECTION};

    private Payloads() {
    }

    /** Whether the value contains one of {@link #ALL} (or the host-name variants). */
    public static boolean carriesPayload(String value) {
        if (value == null) {
            return false;
        }
        for (String p : ALL) {
            if (value.contains(p)) {
                return true;
            }
        }
        for (String p : HOST_LABELS) {
            if (value.contains(p)) {
                return true;
            }
        }
        return false;
    }
}
