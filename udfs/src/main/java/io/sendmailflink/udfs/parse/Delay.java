package io.sendmailflink.udfs.parse;

/** Sendmail's {@code pintvl} delays, {@code [D+]HH:MM:SS}, to seconds. */
public final class Delay {

    /** Returned when the text is not a delay. */
    public static final long INVALID = Long.MIN_VALUE;

    private Delay() {
    }

    /** Seconds of a whole string such as {@code 1+02:03:04}, or {@link #INVALID}. */
    public static long seconds(String s) {
        return s == null ? INVALID : seconds(s, 0, s.length());
    }

    /**
     * Seconds of {@code s[from, to)}, or {@link #INVALID}. Accepts days of any length, hours of
     * one or more digits, and a leading minus (clock skew); minutes and seconds are two digits.
     */
    public static long seconds(CharSequence s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && s.charAt(i) == '-') {
            negative = true;
            i++;
        }
        long days = 0;
        int plus = -1;
        for (int k = i; k < to && k - i < 12; k++) {
            char c = s.charAt(k);
            if (c == '+') {
                plus = k;
                break;
            }
            if (c < '0' || c > '9') {
                break;
            }
        }
        if (plus > i) {
            for (int k = i; k < plus; k++) {
                days = days * 10 + (s.charAt(k) - '0');
            }
            i = plus + 1;
        } else if (plus == i) {
            return INVALID;
        }
        // HH:MM:SS, hours 1..3 digits
        int colon = -1;
        for (int k = i; k < to && k - i <= 3; k++) {
            if (s.charAt(k) == ':') {
                colon = k;
                break;
            }
        }
        if (colon <= i || to - colon != 6 || s.charAt(colon + 3) != ':') {
            return INVALID;
        }
        long hours = 0;
        for (int k = i; k < colon; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            hours = hours * 10 + (c - '0');
        }
        int mm = twoDigits(s, colon + 1);
        int ss = twoDigits(s, colon + 4);
        if (mm < 0 || ss < 0 || mm > 59 || ss > 59) {
            return INVALID;
        }
        long total = days * 86400 + hours * 3600 + mm * 60L + ss;
        return negative ? -total : total;
    }

    private static int twoDigits(CharSequence s, int i) {
        char a = s.charAt(i);
        char b = s.charAt(i + 1);
        if (a < '0' || a > '9' || b < '0' || b > '9') {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }
}
