package io.sendmailflink.jobs.aggregate;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of one view in one bucket: an open-addressing hash table keyed by up to three
 * nullable strings. Hashes sit in an array of their own, so a probe touches a group (and its key
 * strings) only when the hash matches: most lookups of a busy line cost one or two cache misses.
 */
final class GroupTable {
    final int counters;
    final int lists;
    private int[] hashes = new int[16];
    private Group[] slots = new Group[16];
    private int size;

    GroupTable(int counters, int lists) {
        this.counters = counters;
        this.lists = lists;
    }

    /**
     * A deep copy of {@code o}: the same arrays layout (no re-hashing), each group copied (its key
     * strings shared, its counters and values not), so neither table sees later changes of the other.
     */
    GroupTable(GroupTable o) {
        this.counters = o.counters;
        this.lists = o.lists;
        this.hashes = o.hashes.clone();
        Group[] from = o.slots;
        Group[] to = new Group[from.length];
        for (int i = 0; i < from.length; i++) {
            Group g = from[i];
            if (g != null) {
                to[i] = new Group(g);
            }
        }
        this.slots = to;
        this.size = o.size;
    }

    Group get(String a, String b, String c) {
        int h = Group.hash(a, b, c);
        int mask = slots.length - 1;
        int i = spread(h) & mask;
        while (true) {
            Group g = slots[i];
            if (g == null) {
                break;
            }
            if (hashes[i] == h && g.is(h, a, b, c)) {
                return g;
            }
            i = (i + 1) & mask;
        }
        Group g = new Group(a, b, c, h, counters, lists);
        slots[i] = g;
        hashes[i] = h;
        if (++size > slots.length / 2) {
            grow();
        }
        return g;
    }

    /** Takes a group of another table (same view, not in this one yet) as it is, without a copy. */
    void adopt(Group o) {
        int mask = slots.length - 1;
        int i = spread(o.hash) & mask;
        while (slots[i] != null) {
            if (hashes[i] == o.hash && slots[i].is(o.hash, o.k1, o.k2, o.k3)) {
                slots[i].merge(o);
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = o;
        hashes[i] = o.hash;
        if (++size > slots.length / 2) {
            grow();
        }
    }

    /** Adds a partial group of another table (same view) into this one. */
    void merge(Group o) {
        get(o.k1, o.k2, o.k3).merge(o);
    }

    int size() {
        return size;
    }

    List<Group> groups() {
        List<Group> l = new ArrayList<>(size);
        for (Group g : slots) {
            if (g != null) {
                l.add(g);
            }
        }
        return l;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        Group[] old = slots;
        slots = new Group[old.length * 2];
        hashes = new int[old.length * 2];
        int mask = slots.length - 1;
        for (Group g : old) {
            if (g != null) {
                int i = spread(g.hash) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = g;
                hashes[i] = g.hash;
            }
        }
    }
}
