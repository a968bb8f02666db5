package io.sendmailflink.udfs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpCodesTest {

    private static final String VERY_LONG = "5.7.1".repeat(10_000);

    // ------------------------------------------------------------------ reply codes

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            211 | System status
            214 | Help message
            220 | Service ready
            221 | Service closing transmission channel
            235 | Authentication succeeded
            250 | Requested action completed
            251 | User not local; will forward
            252 | Cannot verify user; will attempt delivery
            334 | Authentication challenge
            354 | Start mail input
            421 | Service not available
            432 | Password transition needed
            450 | Mailbox busy or unavailable (temporary)
            451 | Local error in processing
            452 | Insufficient system storage
            454 | Temporary authentication or TLS failure
            455 | Server unable to accommodate parameters
            500 | Syntax error, command unrecognized
            501 | Syntax error in parameters or arguments
            502 | Command not implemented
            503 | Bad sequence of commands
            504 | Command parameter not implemented
            521 | Host does not accept mail
            523 | Encryption needed
            530 | Authentication required
            534 | Authentication mechanism too weak
            535 | Authentication credentials invalid
            538 | Encryption required for authentication mechanism
            550 | Mailbox unavailable
            551 | User not local
            552 | Exceeded storage allocation
            553 | Mailbox name not allowed
            554 | Transaction failed
            555 | MAIL FROM/RCPT TO parameters not recognized
            556 | Domain does not accept mail
            """)
    void replyCodeDescription_knownCodes(String code, String expected) {
        assertThat(SmtpCodes.replyCodeDescription(code)).isEqualTo(expected);
        assertThat(SmtpCodes.replyCodeDescription(Integer.parseInt(code))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | Positive Completion
            253 | Positive Completion
            299 | Positive Completion
            300 | Positive Intermediate
            399 | Positive Intermediate
            400 | Transient Negative Completion
            453 | Transient Negative Completion
            458 | Transient Negative Completion
            499 | Transient Negative Completion
            524 | Permanent Negative Completion
            599 | Permanent Negative Completion
            """)
    void replyCodeDescription_fallsBackToClass(String code, String expected) {
        assertThat(SmtpCodes.replyCodeDescription(code)).isEqualTo(expected);
        assertThat(SmtpCodes.replyCodeDescription(Integer.parseInt(code))).isEqualTo(expected);
    }

    @Test
    void replyCodeDescription_specificDescriptionsAreDistinctAndShort() {
        Set<String> seen = new HashSet<>();
        int specific = 0;
        for (int code = 200; code <= 599; code++) {
            String d = SmtpCodes.replyCodeDescription(code);
            assertThat(d).as("code %d", code).isNotBlank();
            // x99 has no code of its own, so it carries the class fallback
            if (!d.equals(SmtpCodes.replyCodeDescription(code / 100 * 100 + 99))) {
                specific++;
                assertThat(seen.add(d)).as("duplicate description %s", d).isTrue();
                assertThat(d.length()).as("code %d", code).isLessThanOrEqualTo(50);
            }
        }
        assertThat(specific).isEqualTo(SmtpCodes.SPECIFIC_REPLY_CODE_COUNT).isEqualTo(35);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"5", "55", "5x", "5x0", "x50", "55a", "1234", "99999", "-1", "-55",
        "100", "199", "600", "999", "000", " 550", "550 ", "+550", "5.5", "0550",
        "\u0665\u0665\u0660"})
    void replyCodeDescription_garbageIsNull(String code) {
        assertThat(SmtpCodes.replyCodeDescription(code)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -550, -1, 0, 1, 99, 100, 199, 600, 999, 5500,
        Integer.MAX_VALUE})
    void replyCodeDescription_intOutOfRangeIsNull(int code) {
        assertThat(SmtpCodes.replyCodeDescription(code)).isNull();
    }

    @Test
    void replyCodeDescription_veryLongStringIsNull() {
        assertThat(SmtpCodes.replyCodeDescription(VERY_LONG)).isNull();
        assertThat(SmtpCodes.replyCodeDescription("550".repeat(10_000))).isNull();
    }

    // ------------------------------------------------------------------ class / subject

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            2 | Success
            4 | Persistent Transient Failure
            5 | Permanent Failure
            """)
    void enhancedClassDescription_known(String cls, String expected) {
        assertThat(SmtpCodes.enhancedClassDescription(cls)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "1", "3", "6", "9", "x", "-", "22", "5.", " 5", "5 ", "-5"})
    void enhancedClassDescription_garbageIsNull(String cls) {
        assertThat(SmtpCodes.enhancedClassDescription(cls)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | Other or Undefined Status
            1 | Addressing Status
            2 | Mailbox Status
            3 | Mail System Status
            4 | Network and Routing Status
            5 | Mail Delivery Protocol Status
            6 | Message Content or Media Status
            7 | Security or Policy Status
            """)
    void enhancedSubjectDescription_known(String subject, String expected) {
        assertThat(SmtpCodes.enhancedSubjectDescription(subject)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"8", "9", "x", "-1", "10", "07", "7.", ".7", " 7"})
    void enhancedSubjectDescription_garbageIsNull(String subject) {
        assertThat(SmtpCodes.enhancedSubjectDescription(subject)).isNull();
    }

    @Test
    void classAndSubject_veryLongStringIsNull() {
        assertThat(SmtpCodes.enhancedClassDescription(VERY_LONG)).isNull();
        assertThat(SmtpCodes.enhancedSubjectDescription(VERY_LONG)).isNull();
    }

    // ------------------------------------------------------------------ enumerated codes

    /** The whole IANA "Enumerated Status Codes" registry (Sample Text column). */
    static Stream<Arguments> registry() {
        return Stream.of(
                Arguments.of("0.0", "Other undefined Status"),
                Arguments.of("1.0", "Other address status"),
                Arguments.of("1.1", "Bad destination mailbox address"),
                Arguments.of("1.2", "Bad destination system address"),
                Arguments.of("1.3", "Bad destination mailbox address syntax"),
                Arguments.of("1.4", "Destination mailbox address ambiguous"),
                Arguments.of("1.5", "Destination address valid"),
                Arguments.of("1.6", "Destination mailbox has moved, No forwarding address"),
                Arguments.of("1.7", "Bad sender's mailbox address syntax"),
                Arguments.of("1.8", "Bad sender's system address"),
                Arguments.of("1.9", "Message relayed to non-compliant mailer"),
                Arguments.of("1.10", "Recipient address has null MX"),
                Arguments.of("2.0", "Other or undefined mailbox status"),
                Arguments.of("2.1", "Mailbox disabled, not accepting messages"),
                Arguments.of("2.2", "Mailbox full"),
                Arguments.of("2.3", "Message length exceeds administrative limit"),
                Arguments.of("2.4", "Mailing list expansion problem"),
                Arguments.of("3.0", "Other or undefined mail system status"),
                Arguments.of("3.1", "Mail system full"),
                Arguments.of("3.2", "System not accepting network messages"),
                Arguments.of("3.3", "System not capable of selected features"),
                Arguments.of("3.4", "Message too big for system"),
                Arguments.of("3.5", "System incorrectly configured"),
                Arguments.of("3.6", "Requested priority was changed"),
                Arguments.of("4.0", "Other or undefined network or routing status"),
                Arguments.of("4.1", "No answer from host"),
                Arguments.of("4.2", "Bad connection"),
                Arguments.of("4.3", "Directory server failure"),
                Arguments.of("4.4", "Unable to route"),
                Arguments.of("4.5", "Mail system congestion"),
                Arguments.of("4.6", "Routing loop detected"),
                Arguments.of("4.7", "Delivery time expired"),
                Arguments.of("5.0", "Other or undefined protocol status"),
                Arguments.of("5.1", "Invalid command"),
                Arguments.of("5.2", "Syntax error"),
                Arguments.of("5.3", "Too many recipients"),
                Arguments.of("5.4", "Invalid command arguments"),
                Arguments.of("5.5", "Wrong protocol version"),
                Arguments.of("5.6", "Authentication Exchange line is too long"),
                Arguments.of("6.0", "Other or undefined media error"),
                Arguments.of("6.1", "Media not supported"),
                Arguments.of("6.2", "Conversion required and prohibited"),
                Arguments.of("6.3", "Conversion required but not supported"),
                Arguments.of("6.4", "Conversion with loss performed"),
                Arguments.of("6.5", "Conversion Failed"),
                Arguments.of("6.6", "Message content not available"),
                Arguments.of("6.7", "Non-ASCII addresses not permitted for that sender/recipient"),
                Arguments.of("6.8",
                        "UTF-8 string reply is required, but not permitted by the SMTP client"),
                Arguments.of("6.9", "UTF-8 header message cannot be transferred to one or more"
                        + " recipients, so the message must be rejected"),
                Arguments.of("6.10",
                        "UTF-8 string reply is required, but not permitted by the SMTP client"),
                Arguments.of("7.0", "Other or undefined security status"),
                Arguments.of("7.1", "Delivery not authorized, message refused"),
                Arguments.of("7.2", "Mailing list expansion prohibited"),
                Arguments.of("7.3", "Security conversion required but not possible"),
                Arguments.of("7.4", "Security features not supported"),
                Arguments.of("7.5", "Cryptographic failure"),
                Arguments.of("7.6", "Cryptographic algorithm not supported"),
                Arguments.of("7.7", "Message integrity failure"),
                Arguments.of("7.8", "Authentication credentials invalid"),
                Arguments.of("7.9", "Authentication mechanism is too weak"),
                Arguments.of("7.10", "Encryption Needed"),
                Arguments.of("7.11", "Encryption required for requested authentication mechanism"),
                Arguments.of("7.12", "A password transition is needed"),
                Arguments.of("7.13", "User Account Disabled"),
                Arguments.of("7.14", "Trust relationship required"),
                Arguments.of("7.15", "Priority Level is too low"),
                Arguments.of("7.16", "Message is too big for the specified priority"),
                Arguments.of("7.17", "Mailbox owner has changed"),
                Arguments.of("7.18", "Domain owner has changed"),
                Arguments.of("7.19", "RRVS test cannot be completed"),
                Arguments.of("7.20", "No passing DKIM signature found"),
                Arguments.of("7.21", "No acceptable DKIM signature found"),
                Arguments.of("7.22", "No valid author-matched DKIM signature found"),
                Arguments.of("7.23", "SPF validation failed"),
                Arguments.of("7.24", "SPF validation error"),
                Arguments.of("7.25", "Reverse DNS validation failed"),
                Arguments.of("7.26", "Multiple authentication checks failed"),
                Arguments.of("7.27", "Sender address has null MX"),
                Arguments.of("7.28", "Mail flood detected"),
                Arguments.of("7.29", "ARC validation failure"),
                Arguments.of("7.30", "REQUIRETLS support required"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("registry")
    void enhancedStatusDescription_wholeRegistry(String subjectDotDetail, String expected) {
        assertThat(SmtpCodes.enhancedStatusDescription(subjectDotDetail)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("registry")
    void enhancedStatusDescriptionOfFull_wholeRegistryForEveryClass(
            String subjectDotDetail, String expected) {
        for (String cls : new String[] {"2.", "4.", "5."}) {
            assertThat(SmtpCodes.enhancedStatusDescriptionOfFull(cls + subjectDotDetail))
                    .as(cls + subjectDotDetail)
                    .isEqualTo(expected);
        }
    }

    @Test
    void enhancedStatusDescription_registrySizeMatchesTable() {
        assertThat(registry().count()).isEqualTo(81);
        assertThat(SmtpCodes.ENHANCED_STATUS_COUNT).isEqualTo(81);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            7.1  | Delivery not authorized, message refused
            1.1  | Bad destination mailbox address
            0.0  | Other undefined Status
            7.0  | Other or undefined security status
            4.1  | No answer from host
            2.2  | Mailbox full
            1.10 | Recipient address has null MX
            7.26 | Multiple authentication checks failed
            """)
    void enhancedStatusDescription_requiredExamples(String code, String expected) {
        assertThat(SmtpCodes.enhancedStatusDescription(code)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            5.7.1  | Delivery not authorized, message refused
            5.1.1  | Bad destination mailbox address
            4.4.1  | No answer from host
            4.7.1  | Delivery not authorized, message refused
            2.0.0  | Other undefined Status
            2.1.5  | Destination address valid
            5.1.10 | Recipient address has null MX
            5.7.26 | Multiple authentication checks failed
            4.2.2  | Mailbox full
            5.7.30 | REQUIRETLS support required
            """)
    void enhancedStatusDescriptionOfFull_examples(String code, String expected) {
        assertThat(SmtpCodes.enhancedStatusDescriptionOfFull(code)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"5", "5.", ".1", "a.b", "7.999", "10.1", "1234", "-1", "7", "7.",
        "..", "...", "0.1", "0.9", "1.11", "2.5", "3.7", "4.8", "5.7", "6.11", "7.31", "7.99",
        "8.0", "9.1", "7.01", "07.1", "7.00", "7.1.", "7.1.1", "7..1", "7,1", "7 1", " 7.1",
        "7.1 ", "7.-1", "-7.1", "7.+1", "+7.1", "x.1", "7.x", "7.1x", "5x", "99999",
        "\u0667.\u0661"})
    void enhancedStatusDescription_garbageIsNull(String code) {
        assertThat(SmtpCodes.enhancedStatusDescription(code)).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"5", "5.", "5.7", "5.7.", "7.1", "1.7.1", "3.7.1", "0.0.0", "6.7.1",
        "9.7.1", "x.7.1", "X.7.1", "5,7,1", "5.7.999", "5.10.1", "5.7.31", "5.7.01", "5..7.1",
        "5.7.1.", "5.7.1 ", " 5.7.1", "55.7.1", "-5.7.1", "5.-7.1", "5.7.-1", "5.7.1.1", "5x",
        "99999", "1234", "a.b.c"})
    void enhancedStatusDescriptionOfFull_garbageIsNull(String code) {
        assertThat(SmtpCodes.enhancedStatusDescriptionOfFull(code)).isNull();
    }

    @Test
    void enhancedStatusDescription_veryLongStringIsNull() {
        assertThat(SmtpCodes.enhancedStatusDescription(VERY_LONG)).isNull();
        assertThat(SmtpCodes.enhancedStatusDescriptionOfFull(VERY_LONG)).isNull();
        assertThat(SmtpCodes.enhancedStatusDescription("7." + "1".repeat(10_000))).isNull();
    }

    // ------------------------------------------------------------------ robustness

    @Test
    void noMethodThrowsForAnyShortString() {
        char[] alphabet = "0123456789.x- ".toCharArray();
        assertThatCode(() -> {
            char[] buf = new char[6];
            for (int len = 0; len <= 6; len++) {
                int combos = (int) Math.pow(alphabet.length, len);
                for (int i = 0; i < combos; i++) {
                    int n = i;
                    for (int p = 0; p < len; p++) {
                        buf[p] = alphabet[n % alphabet.length];
                        n /= alphabet.length;
                    }
                    String s = new String(buf, 0, len);
                    SmtpCodes.replyCodeDescription(s);
                    SmtpCodes.enhancedClassDescription(s);
                    SmtpCodes.enhancedSubjectDescription(s);
                    SmtpCodes.enhancedStatusDescription(s);
                    SmtpCodes.enhancedStatusDescriptionOfFull(s);
                }
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void lookupsDoNotAllocate() {
        assumeTrue(ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());

        String[] inputs = {"550", "5.7.1", "7.1", "1.10", "garbage", "7.26", "5", "2"};
        int calls = 200_000;
        runLookups(inputs, calls); // warm up
        long before = mx.getCurrentThreadAllocatedBytes();
        int hits = runLookups(inputs, calls);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;

        assertThat(hits).isPositive();
        // One object per call would be several MB; allow a little measurement noise.
        assertThat(allocated).isLessThan(16 * 1024);
    }

    private static int runLookups(String[] inputs, int calls) {
        int hits = 0;
        for (int i = 0; i < calls; i++) {
            String s = inputs[i & 7];
            if (SmtpCodes.replyCodeDescription(s) != null) {
                hits++;
            }
            if (SmtpCodes.replyCodeDescription(200 + (i % 400)) != null) {
                hits++;
            }
            if (SmtpCodes.enhancedClassDescription(s) != null) {
                hits++;
            }
            if (SmtpCodes.enhancedSubjectDescription(s) != null) {
                hits++;
            }
            if (SmtpCodes.enhancedStatusDescription(s) != null) {
                hits++;
            }
            if (SmtpCodes.enhancedStatusDescriptionOfFull(s) != null) {
                hits++;
            }
        }
        return hits;
    }
}
