package io.sendmailflink.udfs.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.flink.table.functions.FunctionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The scalar functions' {@code eval}, without a Flink runtime. */
class ScalarFunctionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            550 | Mailbox unavailable
            599 | Permanent Negative Completion
            """)
    void replyDescription(String code, String description) {
        assertThat(new SmtpReplyDescription().eval(code)).isEqualTo(description);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"55", "5500", "abc", "600", "199"})
    void replyDescriptionOfNonCodesIsNull(String code) {
        assertThat(new SmtpReplyDescription().eval(code)).isNull();
    }

    @Test
    void enhancedClassDescription() {
        SmtpEnhancedClassDescription f = new SmtpEnhancedClassDescription();
        assertThat(f.eval("2")).isEqualTo("Success");
        assertThat(f.eval("4")).isEqualTo("Persistent Transient Failure");
        assertThat(f.eval("5")).isEqualTo("Permanent Failure");
        assertThat(f.eval("3")).isNull();
        assertThat(f.eval(null)).isNull();
    }

    @Test
    void enhancedSubjectDescription() {
        SmtpEnhancedSubjectDescription f = new SmtpEnhancedSubjectDescription();
        assertThat(f.eval("1")).isEqualTo("Addressing Status");
        assertThat(f.eval("7")).isEqualTo("Security or Policy Status");
        assertThat(f.eval("8")).isNull();
        assertThat(f.eval(null)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"7.1", "5.7.1", "4.7.1", "2.7.1"})
    void enhancedStatusDescriptionTakesBothForms(String code) {
        assertThat(new SmtpEnhancedStatusDescription().eval(code)).isEqualTo("Delivery not authorized, message refused");
    }

    @Test
    void enhancedStatusDescriptionOfOtherCodes() {
        SmtpEnhancedStatusDescription f = new SmtpEnhancedStatusDescription();
        assertThat(f.eval("1.10")).isEqualTo("Recipient address has null MX");
        assertThat(f.eval("5.1.10")).isEqualTo("Recipient address has null MX");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"7", "7.", "3.7.1", "7.31", "5.7.31", "5.7.1.1", "x.y.z", "5..1"})
    void enhancedStatusDescriptionOfNonCodesIsNull(String code) {
        assertThat(new SmtpEnhancedStatusDescription().eval(code)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            00:00:00   | 0
            00:08:52   | 532
            1+02:03:04 | 93784
            12+00:00:01 | 1036801
            """)
    void delaySeconds(String delay, long seconds) {
        assertThat(new SendmailDelaySeconds().eval(delay)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"soon", "00:60:00", "1+", "+01:00:00", "00:00"})
    void delaySecondsOfNonDelaysIsNull(String delay) {
        assertThat(new SendmailDelaySeconds().eval(delay)).isNull();
    }

    @Test
    void sendmailFieldRejectsUnknownNamesAndPassesNullNames() {
        SendmailField f = openedSendmailField(Map.of());
        assertThat(f.eval("anything", null)).isNull();
        assertThatThrownBy(() -> f.eval("anything", "emial_from"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("emial_from");
    }

    @Test
    void sendmailFieldReadsJobParametersAtOpen() {
        assertThatThrownBy(() -> openedSendmailField(Map.of(SendmailJobParameters.YEAR, "last year")))
                .hasMessageContaining("sendmail.year");
    }

    @Test
    void sendmailFieldOfAParsedLine() {
        SendmailField f = openedSendmailField(Map.of(SendmailJobParameters.YEAR, "2025"));
        String line = ParseSendmailITCase.RECEIPT;

        assertThat(f.eval(line, "event_type")).isEqualTo("receipt");
        assertThat(f.eval(line, "email_from")).isEqualTo("user@corp.example.com");
        assertThat(f.eval(line, "email_size")).isEqualTo("1286");
        assertThat(f.eval(line, "vendor_delay")).isNull();
        assertThat(f.eval(line, "timestamp")).startsWith("2025-11-24T20:56:10");
    }

    static SendmailField openedSendmailField(Map<String, String> jobParameters) {
        SendmailField f = new SendmailField();
        f.open(jobParameterContext(jobParameters));
        return f;
    }

    static FunctionContext jobParameterContext(Map<String, String> jobParameters) {
        return new FunctionContext(null) {
            @Override
            public String getJobParameter(String key, String defaultValue) {
                return jobParameters.getOrDefault(key, defaultValue);
            }
        };
    }
}
