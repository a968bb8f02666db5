package io.sendmailflink.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void formatsLikeJavaTimeWithMillisAndOffset() {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            long ms = (long) (r.nextDouble() * 4_000_000_000_000L) - 500_000_000_000L;
            int off = (r.nextInt(57) - 28) * 1800;
            String expected = OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.ofTotalSeconds(off)).format(f);
            assertThat(Timestamps.formatIso(ms, off)).isEqualTo(expected);
        }
    }

    @Test
    void daysFromCivilMatchesJavaTime() {
        for (int y = 1900; y <= 2100; y++) {
            for (int m = 1; m <= 12; m++) {
                assertThat(Timestamps.daysFromCivil(y, m, 1)).isEqualTo(java.time.LocalDate.of(y, m, 1).toEpochDay());
            }
        }
    }
}
