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

    /** {@code yyyy-MM-ddTHH:mm:ss.SSS} followed by {@code Z} or {@code +hh:mm}. */
    public static String formatIso(long epochMillis, int offsetSeconds) {
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
        StringBuilder b = new StringBuilder(29);
        if (y < 0 || y > 9999) {
            b.append(y);
        } else {
            pad(b, (int) y, 4);
        }
        b.append('-');
        pad(b, (int) m, 2);
        b.append('-');
        pad(b, (int) d, 2);
        b.append('T');
        pad(b, (int) (msOfDay / 3_600_000), 2);
        b.append(':');
        pad(b, (int) (msOfDay / 60_000 % 60), 2);
        b.append(':');
        pad(b, (int) (msOfDay / 1000 % 60), 2);
        b.append('.');
        pad(b, (int) (msOfDay % 1000), 3);
        if (offsetSeconds == 0) {
            b.append('Z');
        } else {
            int o = Math.abs(offsetSeconds);
            b.append(offsetSeconds < 0 ? '-' : '+');
            pad(b, o / 3600, 2);
            b.append(':');
            pad(b, o / 60 % 60, 2);
        }
        return b.toString();
    }

    private static void pad(StringBuilder b, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }
}
