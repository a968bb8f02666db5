package io.sendmailflink.udfs.model;

import java.util.Random;

/**
 * Random hostile text for the JSON byte-identity tests: what JSON escaping, UTF-8 encoding and
 * the event's normalizations can get wrong, mixed with plain ASCII.
 */
public final class Fuzz {

    /** The kinds of character {@link #string} draws; {@code seen[k]} counts draws of kind k. */
    public static final int CATEGORIES = 13;

    private static final String STRUCTURE = "<>, \"@[]()=:;.ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String[] SENDMAIL_ESCAPES = {"\\303\\274", "\\\\", "\\342\\202\\254", "\\360\\237\\230\\200",
        "\\303", "\\274", "\\200\\200", "\\n", "\\t", "\\177", "\\001", "\\3", "\\"};

    private Fuzz() {
    }

    /** Up to {@code maxLen} characters of mixed kinds. */
    public static String string(Random r, int maxLen, int[] seen) {
        int n = r.nextInt(maxLen + 1);
        StringBuilder s = new StringBuilder(n + 8);
        while (s.length() < n) {
            int k = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(CATEGORIES - 1);
            seen[k]++;
            append(r, s, k);
        }
        return s.toString();
    }

    /** Printable ASCII only, with quotes, backslashes and the characters addresses are made of. */
    public static String ascii(Random r, int maxLen) {
        int n = r.nextInt(maxLen + 1);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(r.nextInt(3) == 0 ? STRUCTURE.charAt(r.nextInt(STRUCTURE.length())) : (char) (0x20 + r.nextInt(95)));
        }
        return s.toString();
    }

    /** One character (or pair, or escape sequence) of kind {@code k}. */
    public static void append(Random r, StringBuilder s, int k) {
        switch (k) {
            case 0:
                s.append((char) (0x20 + r.nextInt(95)));
                break;
            case 1:
                s.append('"');
                break;
            case 2:
                s.append('\\');
                break;
            case 3:
                s.append((char) r.nextInt(0x20));
                break;
            case 4:
                s.append('\u007f');
                break;
            case 5:
                s.append((char) (0x80 + r.nextInt(0x80)));
                break;
            case 6:
                char c;
                do {
                    c = (char) (0x100 + r.nextInt(0x10000 - 0x100));
                } while (Character.isSurrogate(c));
                s.append(c);
                break;
            case 7:
                s.append(r.nextBoolean() ? '\u2028' : '\u2029');
                break;
            case 8:
                s.appendCodePoint(0x10000 + r.nextInt(0x100000));
                break;
            case 9:
                s.append((char) (0xD800 + r.nextInt(0x400)));
                break;
            case 10:
                s.append((char) (0xDC00 + r.nextInt(0x400)));
                break;
            case 11:
                s.append(SENDMAIL_ESCAPES[r.nextInt(SENDMAIL_ESCAPES.length)]);
                break;
            default:
                s.append(STRUCTURE.charAt(r.nextInt(STRUCTURE.length())));
        }
    }
}
