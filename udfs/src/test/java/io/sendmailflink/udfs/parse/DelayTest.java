package io.sendmailflink.udfs.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DelayTest {

    @ParameterizedTest
    @CsvSource({"00:00:00,0", "00:00:05,5", "00:08:52,532", "1+02:03:04,93784", "12+00:00:00,1036800",
        "-00:00:05,-5", "100:00:01,360001"})
    void pintvlDelaysBecomeSeconds(String delay, long seconds) {
        assertThat(Delay.seconds(delay)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"x", "1+", "+01:02:03", "00:0:00", "00:00:0", "00:60:00", "00:00:61", "aa:bb:cc",
        "1:2:3", "00-00-00", "1+1+00:00:00", "00:00:00 "})
    void anythingElseIsInvalid(String delay) {
        assertThat(Delay.seconds(delay)).isEqualTo(Delay.INVALID);
    }
}
