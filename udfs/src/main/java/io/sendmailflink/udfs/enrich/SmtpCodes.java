package io.sendmailflink.udfs.enrich;

/**
 * Static enrichment tables for SMTP basic reply codes and enhanced mail system status codes.
 *
 * <h2>Sources</h2>
 * <ul>
 *   <li><b>Basic reply codes</b>: RFC 5321 section 4.2 (4.2.1 class meanings, 4.2.2/4.2.3 the
 *       reply codes themselves), plus the codes added by RFC 3207 (STARTTLS: 454, 530),
 *       RFC 4954 (SMTP AUTH: 235, 334, 432, 454, 530, 534, 535, 538), RFC 5248 (523) and
 *       RFC 7504 (521, 556). The descriptions are short, title-like forms of the RFC texts, not
 *       the RFC wording itself.</li>
 *   <li><b>Enhanced status codes</b> ({@code class.subject.detail}): RFC 3463 section 2 (class and
 *       subject sub-codes) and the IANA "Simple Mail Transfer Protocol (SMTP) Enhanced Status
 *       Codes" registry (RFC 5248,
 *       <a href="https://www.iana.org/assignments/smtp-enhanced-status-codes/">
 *       https://www.iana.org/assignments/smtp-enhanced-status-codes/</a>), sub-registries
 *       "Class Sub-Codes", "Subject Sub-Codes" and "Enumerated Status Codes". The enumerated
 *       titles are the registry's "Sample Text" column, verbatim except for whitespace; they come
 *       from RFC 3463, RFC 3886, RFC 4468, RFC 4954, RFC 5248, RFC 6531, RFC 6710, RFC 7293,
 *       RFC 7372, RFC 7504, RFC 7505, RFC 8617, RFC 8689 and draft-levine-mailbomb-header.</li>
 * </ul>
 *
 * <h2>Input rules</h2>
 * Every method returns {@code null} for unknown or malformed input and never throws, including
 * for {@code null} and the empty string. Input is not trimmed. Numbers must be plain ASCII digits
 * with no sign and no leading zeros (except the single digit {@code "0"}), so {@code "550"},
 * {@code "7.1"} and {@code "5.7.1"} are accepted, while {@code " 550"}, {@code "07.1"},
 * {@code "7.01"} and {@code "5.7.1 "} are not.
 *
 * <h2>Performance</h2>
 * The methods are meant to be called once per parsed log line. They parse digits by hand with
 * {@link String#charAt(int)}, index into arrays that are built once, and return constant strings.
 * They allocate nothing: no substrings, regular expressions or boxing. The class has no mutable
 * state and is thread-safe.
 */
public final class SmtpCodes {

    // ---------------------------------------------------------------------------------------
    // Basic reply codes (RFC 5321 section 4.2 and extensions)
    // ---------------------------------------------------------------------------------------

    private static final int REPLY_MIN = 200;
    private static final int REPLY_MAX = 599;

    /** Class descriptions by first digit, RFC 5321 section 4.2.1; index = first digit. */
    private static final String[] REPLY_CLASS = {
        null,
        null,
        "Positive Completion",
        "Positive Intermediate",
        "Transient Negative Completion",
        "Permanent Negative Completion",
    };

    /**
     * Index {@code code - 200}. Every slot holds either the specific description or the class
     * fallback, so a lookup is one bounds check and one array read.
     */
    private static final String[] REPLY = new String[REPLY_MAX - REPLY_MIN + 1];

    /** Number of reply codes with a specific (non-fallback) description. */
    static final int SPECIFIC_REPLY_CODE_COUNT;

    static {
        for (int c = REPLY_MIN; c <= REPLY_MAX; c++) {
            REPLY[c - REPLY_MIN] = REPLY_CLASS[c / 100];
        }
        int n = 0;
        // 2yz Positive Completion
        n += reply(211, "System status");
        n += reply(214, "Help message");
        n += reply(220, "Service ready");
        n += reply(221, "Service closing transmission channel");
        n += reply(235, "Authentication succeeded"); // RFC 4954
        n += reply(250, "Requested action completed");
        n += reply(251, "User not local; will forward");
        n += reply(252, "Cannot verify user; will attempt delivery");
        // 3yz Positive Intermediate
        n += reply(334, "Authentication challenge"); // RFC 4954
        n += reply(354, "Start mail input");
        // 4yz Transient Negative Completion
        n += reply(421, "Service not available");
        n += reply(432, "Password transition needed"); // RFC 4954
        n += reply(450, "Mailbox busy or unavailable (temporary)");
        n += reply(451, "Local error in processing");
        n += reply(452, "Insufficient system storage");
        n += reply(454, "Temporary authentication or TLS failure"); // RFC 4954, RFC 3207
        n += reply(455, "Server unable to accommodate parameters");
        // 5yz Permanent Negative Completion
        n += reply(500, "Syntax error, command unrecognized");
        n += reply(501, "Syntax error in parameters or arguments");
        n += reply(502, "Command not implemented");
        n += reply(503, "Bad sequence of commands");
        n += reply(504, "Command parameter not implemented");
        n += reply(521, "Host does not accept mail"); // RFC 7504
        n += reply(523, "Encryption needed"); // RFC 5248
        n += reply(530, "Authentication required"); // RFC 4954, RFC 3207
        n += reply(534, "Authentication mechanism too weak"); // RFC 4954
        n += reply(535, "Authentication credentials invalid"); // RFC 4954
        n += reply(538, "Encryption required for authentication mechanism"); // RFC 4954
        n += reply(550, "Mailbox unavailable");
        n += reply(551, "User not local");
        n += reply(552, "Exceeded storage allocation");
        n += reply(553, "Mailbox name not allowed");
        n += reply(554, "Transaction failed");
        n += reply(555, "MAIL FROM/RCPT TO parameters not recognized");
        n += reply(556, "Domain does not accept mail"); // RFC 7504
        SPECIFIC_REPLY_CODE_COUNT = n;
    }

    private static int reply(int code, String description) {
        REPLY[code - REPLY_MIN] = description;
        return 1;
    }

    // ---------------------------------------------------------------------------------------
    // Enhanced status codes (RFC 3463, IANA registry)
    // ---------------------------------------------------------------------------------------

    /** IANA "Class Sub-Codes"; index = class digit. */
    private static final String[] ENHANCED_CLASS = {
        null,
        null,
        "Success",
        null,
        "Persistent Transient Failure",
        "Permanent Failure",
    };

    /** IANA "Subject Sub-Codes"; index = subject digit. */
    private static final String[] ENHANCED_SUBJECT = {
        "Other or Undefined Status",
        "Addressing Status",
        "Mailbox Status",
        "Mail System Status",
        "Network and Routing Status",
        "Mail Delivery Protocol Status",
        "Message Content or Media Status",
        "Security or Policy Status",
    };

    /** Title of X.6.8; X.6.10 is registered as a deprecated duplicate of it. */
    private static final String UTF8_REPLY_REQUIRED =
            "UTF-8 string reply is required, but not permitted by the SMTP client";

    /**
     * IANA "Enumerated Status Codes", {@code ENHANCED_STATUS[subject][detail]}. Sample Text
     * column, with line breaks inside a title replaced by a space.
     */
    private static final String[][] ENHANCED_STATUS = {
        // X.0.YYY Other or Undefined Status
        {
            "Other undefined Status", // X.0.0 RFC 3463
        },
        // X.1.YYY Addressing Status
        {
            "Other address status", // X.1.0 RFC 3463
            "Bad destination mailbox address", // X.1.1 RFC 3463
            "Bad destination system address", // X.1.2 RFC 3463
            "Bad destination mailbox address syntax", // X.1.3 RFC 3463
            "Destination mailbox address ambiguous", // X.1.4 RFC 3463
            "Destination address valid", // X.1.5 RFC 3463
            "Destination mailbox has moved, No forwarding address", // X.1.6 RFC 3463
            "Bad sender's mailbox address syntax", // X.1.7 RFC 3463
            "Bad sender's system address", // X.1.8 RFC 3463
            "Message relayed to non-compliant mailer", // X.1.9 RFC 3886
            "Recipient address has null MX", // X.1.10 RFC 7505, RFC 7504
        },
        // X.2.YYY Mailbox Status
        {
            "Other or undefined mailbox status", // X.2.0 RFC 3463
            "Mailbox disabled, not accepting messages", // X.2.1 RFC 3463
            "Mailbox full", // X.2.2 RFC 3463
            "Message length exceeds administrative limit", // X.2.3 RFC 3463
            "Mailing list expansion problem", // X.2.4 RFC 3463
        },
        // X.3.YYY Mail System Status
        {
            "Other or undefined mail system status", // X.3.0 RFC 3463
            "Mail system full", // X.3.1 RFC 3463
            "System not accepting network messages", // X.3.2 RFC 3463, RFC 7504
            "System not capable of selected features", // X.3.3 RFC 3463
            "Message too big for system", // X.3.4 RFC 3463
            "System incorrectly configured", // X.3.5 RFC 3463
            "Requested priority was changed", // X.3.6 RFC 6710
        },
        // X.4.YYY Network and Routing Status
        {
            "Other or undefined network or routing status", // X.4.0 RFC 3463
            "No answer from host", // X.4.1 RFC 3463
            "Bad connection", // X.4.2 RFC 3463
            "Directory server failure", // X.4.3 RFC 3463
            "Unable to route", // X.4.4 RFC 3463
            "Mail system congestion", // X.4.5 RFC 3463
            "Routing loop detected", // X.4.6 RFC 3463
            "Delivery time expired", // X.4.7 RFC 3463
        },
        // X.5.YYY Mail Delivery Protocol Status
        {
            "Other or undefined protocol status", // X.5.0 RFC 3463
            "Invalid command", // X.5.1 RFC 3463
            "Syntax error", // X.5.2 RFC 3463
            "Too many recipients", // X.5.3 RFC 3463
            "Invalid command arguments", // X.5.4 RFC 3463
            "Wrong protocol version", // X.5.5 RFC 3463
            "Authentication Exchange line is too long", // X.5.6 RFC 4954
        },
        // X.6.YYY Message Content or Media Status
        {
            "Other or undefined media error", // X.6.0 RFC 3463
            "Media not supported", // X.6.1 RFC 3463
            "Conversion required and prohibited", // X.6.2 RFC 3463
            "Conversion required but not supported", // X.6.3 RFC 3463
            "Conversion with loss performed", // X.6.4 RFC 3463
            "Conversion Failed", // X.6.5 RFC 3463
            "Message content not available", // X.6.6 RFC 4468
            "Non-ASCII addresses not permitted for that sender/recipient", // X.6.7 RFC 6531
            UTF8_REPLY_REQUIRED, // X.6.8 RFC 6531
            "UTF-8 header message cannot be transferred to one or more recipients,"
                    + " so the message must be rejected", // X.6.9 RFC 6531
            UTF8_REPLY_REQUIRED, // X.6.10 RFC 6531: deprecated duplicate of X.6.8, no own title
        },
        // X.7.YYY Security or Policy Status
        {
            "Other or undefined security status", // X.7.0 RFC 3463
            "Delivery not authorized, message refused", // X.7.1 RFC 3463
            "Mailing list expansion prohibited", // X.7.2 RFC 3463
            "Security conversion required but not possible", // X.7.3 RFC 3463
            "Security features not supported", // X.7.4 RFC 3463
            "Cryptographic failure", // X.7.5 RFC 3463
            "Cryptographic algorithm not supported", // X.7.6 RFC 3463
            "Message integrity failure", // X.7.7 RFC 3463
            "Authentication credentials invalid", // X.7.8 RFC 4954
            "Authentication mechanism is too weak", // X.7.9 RFC 4954
            "Encryption Needed", // X.7.10 RFC 5248
            "Encryption required for requested authentication mechanism", // X.7.11 RFC 4954
            "A password transition is needed", // X.7.12 RFC 4954
            "User Account Disabled", // X.7.13 RFC 5248
            "Trust relationship required", // X.7.14 RFC 5248
            "Priority Level is too low", // X.7.15 RFC 6710
            "Message is too big for the specified priority", // X.7.16 RFC 6710
            "Mailbox owner has changed", // X.7.17 RFC 7293
            "Domain owner has changed", // X.7.18 RFC 7293
            "RRVS test cannot be completed", // X.7.19 RFC 7293
            "No passing DKIM signature found", // X.7.20 RFC 7372
            "No acceptable DKIM signature found", // X.7.21 RFC 7372
            "No valid author-matched DKIM signature found", // X.7.22 RFC 7372
            "SPF validation failed", // X.7.23 RFC 7372
            "SPF validation error", // X.7.24 RFC 7372
            "Reverse DNS validation failed", // X.7.25 RFC 7372
            "Multiple authentication checks failed", // X.7.26 RFC 7372
            "Sender address has null MX", // X.7.27 RFC 7505
            "Mail flood detected", // X.7.28 draft-levine-mailbomb-header
            "ARC validation failure", // X.7.29 RFC 8617
            "REQUIRETLS support required", // X.7.30 RFC 8689
        },
    };

    /** Number of enumerated {@code subject.detail} entries in {@link #ENHANCED_STATUS}. */
    static final int ENHANCED_STATUS_COUNT;

    static {
        int n = 0;
        for (String[] row : ENHANCED_STATUS) {
            n += row.length;
        }
        ENHANCED_STATUS_COUNT = n;
    }

    private SmtpCodes() {
    }

    // ---------------------------------------------------------------------------------------
    // Public API
    // ---------------------------------------------------------------------------------------

    /**
     * Short description of a basic SMTP reply code, e.g. {@code "550"} gives
     * {@code "Mailbox unavailable"}.
     *
     * <p>Codes with a meaning of their own are those of RFC 5321 sections 4.2.2/4.2.3 plus 235,
     * 334, 432, 454, 530, 534, 535, 538 (RFC 4954 / RFC 3207), 523 (RFC 5248) and 521, 556
     * (RFC 7504).
     * <b>Fallback:</b> any other code from 200 to 599 gets the description of its class (RFC 5321
     * section 4.2.1) from the first digit: 2yz {@code "Positive Completion"}, 3yz
     * {@code "Positive Intermediate"}, 4yz {@code "Transient Negative Completion"}, 5yz
     * {@code "Permanent Negative Completion"}.
     *
     * @param code exactly three ASCII digits, e.g. {@code "550"}
     * @return the description, or {@code null} if {@code code} is {@code null}, not exactly three
     *     digits, or outside 200..599
     */
    public static String replyCodeDescription(String code) {
        if (code == null || code.length() != 3) {
            return null;
        }
        int d0 = digit(code.charAt(0));
        int d1 = digit(code.charAt(1));
        int d2 = digit(code.charAt(2));
        if ((d0 | d1 | d2) < 0) {
            return null;
        }
        return replyCodeDescription(d0 * 100 + d1 * 10 + d2);
    }

    /**
     * Short description of a basic SMTP reply code, by number. Same table and same class
     * fallback as {@link #replyCodeDescription(String)}.
     *
     * @param code the reply code, e.g. {@code 550}
     * @return the description, or {@code null} if {@code code} is outside 200..599
     */
    public static String replyCodeDescription(int code) {
        if (code < REPLY_MIN || code > REPLY_MAX) {
            return null;
        }
        return REPLY[code - REPLY_MIN];
    }

    /**
     * Enhanced status class (RFC 3463 section 3.1, IANA "Class Sub-Codes"): {@code "2"} gives
     * {@code "Success"}, {@code "4"} gives {@code "Persistent Transient Failure"} and {@code "5"}
     * gives {@code "Permanent Failure"}.
     *
     * @param classCode a single digit
     * @return the class summary, or {@code null} for anything else
     */
    public static String enhancedClassDescription(String classCode) {
        if (classCode == null || classCode.length() != 1) {
            return null;
        }
        int d = digit(classCode.charAt(0));
        return d >= 0 && d < ENHANCED_CLASS.length ? ENHANCED_CLASS[d] : null;
    }

    /**
     * Enhanced status subject (RFC 3463 section 3.2, IANA "Subject Sub-Codes"), {@code "0"} to
     * {@code "7"}, e.g. {@code "1"} gives {@code "Addressing Status"} and {@code "7"} gives
     * {@code "Security or Policy Status"}.
     *
     * @param subjectCode a single digit
     * @return the subject summary, or {@code null} for anything else
     */
    public static String enhancedSubjectDescription(String subjectCode) {
        if (subjectCode == null || subjectCode.length() != 1) {
            return null;
        }
        int d = digit(subjectCode.charAt(0));
        return d >= 0 && d < ENHANCED_SUBJECT.length ? ENHANCED_SUBJECT[d] : null;
    }

    /**
     * Title of an enhanced status code from the IANA "Enumerated Status Codes" registry, given
     * as {@code subject.detail} without the class, e.g. {@code "7.1"} gives
     * {@code "Delivery not authorized, message refused"} and {@code "1.10"} gives
     * {@code "Recipient address has null MX"}.
     *
     * <p>Covers the whole registry, X.0.0 to X.7.30. X.6.10 has no title of its own in the
     * registry (it is a deprecated duplicate of X.6.8), so it gets the X.6.8 title. Codes the
     * registry does not list, such as {@code "7.31"} or {@code "0.1"}, give {@code null}; use
     * {@link #enhancedSubjectDescription(String)} for those if a rough description is enough.
     *
     * @param subjectDotDetail e.g. {@code "7.1"}
     * @return the title, or {@code null} if the code is malformed or not in the registry
     */
    public static String enhancedStatusDescription(String subjectDotDetail) {
        if (subjectDotDetail == null) {
            return null;
        }
        return lookupSubjectDetail(subjectDotDetail, 0);
    }

    /**
     * Title of a full enhanced status code {@code class.subject.detail}, e.g. {@code "5.7.1"}
     * gives {@code "Delivery not authorized, message refused"}. The class must be 2, 4 or 5. The
     * title depends only on {@code subject.detail}; see
     * {@link #enhancedStatusDescription(String)}.
     *
     * @param fullCode e.g. {@code "5.7.1"}
     * @return the title, or {@code null} if the code is malformed, has a class other than 2, 4
     *     or 5, or is not in the registry
     */
    public static String enhancedStatusDescriptionOfFull(String fullCode) {
        if (fullCode == null || fullCode.length() < 5 || fullCode.charAt(1) != '.') {
            return null;
        }
        int cls = digit(fullCode.charAt(0));
        if (cls < 0 || cls >= ENHANCED_CLASS.length || ENHANCED_CLASS[cls] == null) {
            return null;
        }
        return lookupSubjectDetail(fullCode, 2);
    }

    /** {@link #enhancedClassDescription(String)} by number: no string needed on the hot path. */
    public static String enhancedClassDescription(int classCode) {
        return classCode >= 0 && classCode < ENHANCED_CLASS.length ? ENHANCED_CLASS[classCode] : null;
    }

    /** {@link #enhancedSubjectDescription(String)} by number. */
    public static String enhancedSubjectDescription(int subjectCode) {
        return subjectCode >= 0 && subjectCode < ENHANCED_SUBJECT.length ? ENHANCED_SUBJECT[subjectCode] : null;
    }

    /** {@link #enhancedStatusDescription(String)} by numbers: {@code (7, 1)} is {@code "7.1"}. */
    public static String enhancedStatusDescription(int subject, int detail) {
        if (subject < 0 || subject >= ENHANCED_STATUS.length || detail < 0) {
            return null;
        }
        String[] row = ENHANCED_STATUS[subject];
        return detail < row.length ? row[detail] : null;
    }

    // ---------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------

    /**
     * Looks up {@code s.substring(from)} as {@code subject.detail} without allocating: one
     * subject digit, a dot, then a detail of one digit or two digits with no leading zero.
     */
    private static String lookupSubjectDetail(String s, int from) {
        int len = s.length() - from;
        if (len < 3 || len > 4 || s.charAt(from + 1) != '.') {
            return null;
        }
        int subject = digit(s.charAt(from));
        if (subject < 0 || subject >= ENHANCED_STATUS.length) {
            return null;
        }
        int detail = digit(s.charAt(from + 2));
        if (detail < 0) {
            return null;
        }
        if (len == 4) {
            int d2 = digit(s.charAt(from + 3));
            if (d2 < 0 || detail == 0) { // non-digit, or leading zero such as "7.01"
                return null;
            }
            detail = detail * 10 + d2;
        }
        String[] row = ENHANCED_STATUS[subject];
        return detail < row.length ? row[detail] : null;
    }

    /** The value of an ASCII digit, or -1. */
    private static int digit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
