package io.sendmailflink.jobs.aggregate;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of one aggregate view in one bucket, before it is final: up to three key values (the
 * columns the view groups by, null allowed), counters, and the values that percentiles need.
 */
final class Group {
    final String k1;
    final String k2;
    final String k3;
    final int hash;
    final long[] n;
    final LongList[] values;


    Group(String k1, String k2, String k3, int hash, int counters, int lists) {
        this.k1 = k1;
        this.k2 = k2;
        this.k3 = k3;
        this.hash = hash;
        this.n = new long[counters];
        this.values = lists == 0 ? null : new LongList[lists];
        for (int i = 0; i < lists; i++) {
            values[i] = new LongList();
        }
    }

    /** A copy of {@code o}: key strings shared (immutable), counters and values copied. */
    Group(Group o) {
        this.k1 = o.k1;
        this.k2 = o.k2;
        this.k3 = o.k3;
        this.hash = o.hash;
        this.n = o.n.clone();
        if (o.values == null) {
            this.values = null;
        } else {
            this.values = new LongList[o.values.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = new LongList(o.values[i]);
            }
        }
    }

    static int hash(String a, String b, String c) {
        int h = a == null ? 0 : a.hashCode();
        h = 31 * h + (b == null ? 0 : b.hashCode());
        return 31 * h + (c == null ? 0 : c.hashCode());
    }

    boolean is(int h, String a, String b, String c) {
        return hash == h && Objects.equals(k1, a) && Objects.equals(k2, b) && Objects.equals(k3, c);
    }

    /** Adds another partial of the same group. */
    void merge(Group o) {
        for (int i = 0; i < n.length; i++) {
            n[i] += o.n[i];
        }
        if (values != null) {
            for (int i = 0; i < values.length; i++) {
                values[i].addAll(o.values[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "[" + k1 + ", " + k2 + ", " + k3 + "] " + Arrays.toString(n);
    }

    /** A growable list of longs. */
    static final class LongList {
        long[] a;
        int size;

        LongList() {
            a = new long[4];
        }

        /** A copy of {@code o} (the used part of its array, at least 4 long). */
        LongList(LongList o) {
            a = Arrays.copyOf(o.a, Math.max(4, o.size));
            size = o.size;
        }

        void add(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        void addAll(LongList o) {
            if (size + o.size > a.length) {
                a = Arrays.copyOf(a, Math.max(size + o.size, a.length * 2));
            }
            System.arraycopy(o.a, 0, a, size, o.size);
            size += o.size;
        }
    }
}
