package io.sendmailflink.jobs.aggregate;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of one view in one bucket: a chained hash table keyed by up to three nullable strings,
 * so that a lookup of an existing group allocates nothing.
 */
final class GroupTable {
    final int counters;
    final int lists;
    private Group[] slots = new Group[16];
    private int size;

    GroupTable(int counters, int lists) {
        this.counters = counters;
        this.lists = lists;
    }

    Group get(String a, String b, String c) {
        int h = Group.hash(a, b, c);
        int i = spread(h) & (slots.length - 1);
        for (Group g = slots[i]; g != null; g = g.next) {
            if (g.is(h, a, b, c)) {
                return g;
            }
        }
        Group g = new Group(a, b, c, h, counters, lists);
        g.next = slots[i];
        slots[i] = g;
        if (++size > slots.length * 3 / 4) {
            grow();
        }
        return g;
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
        for (Group s : slots) {
            for (Group g = s; g != null; g = g.next) {
                l.add(g);
            }
        }
        return l;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private void grow() {
        Group[] old = slots;
        slots = new Group[old.length * 2];
        for (Group s : old) {
            Group g = s;
            while (g != null) {
                Group next = g.next;
                int i = spread(g.hash) & (slots.length - 1);
                g.next = slots[i];
                slots[i] = g;
                g = next;
            }
        }
    }
}
