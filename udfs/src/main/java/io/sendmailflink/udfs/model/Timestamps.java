package io.sendmailflink.udfs.model;

/** Civil-date arithmetic and ISO-8601 formatting without java.time on the hot path. */
public final class Timestamps {

    private Timestamps() {
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    public static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    public static boolean isLeap(int y) {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    public static int daysInMonth(int y, int m) {
        switch (m) {
            case 2:
                return isLeap(y) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** The most bytes {@link #formatIso(long, int, byte[], int)} writes. */
    public static final int ISO_MAX_BYTES = 29;

    /** {@code yyyy-MM-ddTHH:mm:ss.SSS} followed by {@code Z} or {@code +hh:mm}. */
    public static String formatIso(long epochMillis, int offsetSeconds) {
        byte[] b = new byte[ISO_MAX_BYTES];
        int n = formatIso(epochMillis, offsetSeconds, b, 0);
        if (n < 0) {
            return java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMillis),
                    java.time.ZoneOffset.ofTotalSeconds(offsetSeconds)).toString();
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * The ASCII bytes of {@link #formatIso(long, int)} written at {@code at} (room for
     * {@link #ISO_MAX_BYTES} needed); the count written, or -1 when the year is outside 0..9999
     * (then only the String form, which falls back to java.time, has the text).
     */
    public static int formatIso(long epochMillis, int offsetSeconds, byte[] b, int at) {
        long local = epochMillis + offsetSeconds * 1000L;
        long days = Math.floorDiv(local, 86_400_000L);
        long msOfDay = Math.floorMod(local, 86_400_000L);
        // civil_from_days
        long z = days + 719468;
        long era = (z >= 0 ? z : z - 146096) / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp + (mp < 10 ? 3 : -9);
        y += m <= 2 ? 1 : 0;
        if (y < 0 || y > 9999) {
            return -1;
        }
        put(b, at, (int) y, 4);
        b[at + 4] = '-';
        put(b, at + 5, (int) m, 2);
        b[at + 7] = '-';
        put(b, at + 8, (int) d, 2);
        b[at + 10] = 'T';
        put(b, at + 11, (int) (msOfDay / 3_600_000), 2);
        b[at + 13] = ':';
        put(b, at + 14, (int) (msOfDay / 60_000 % 60), 2);
        b[at + 16] = ':';
        put(b, at + 17, (int) (msOfDay / 1000 % 60), 2);
        b[at + 19] = '.';
        put(b, at + 20, (int) (msOfDay % 1000), 3);
        if (offsetSeconds == 0) {
            b[at + 23] = 'Z';
            return 24;
        }
        int o = Math.abs(offsetSeconds);
        b[at + 23] = (byte) (offsetSeconds < 0 ? '-' : '+');
        put(b, at + 24, o / 3600, 2);
        b[at + 26] = ':';
        put(b, at + 27, o / 60 % 60, 2);
        return 29;
    }

    private static void put(byte[] b, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }
}
