package io.mailsync.imap.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A set of UIDs kept as ranges, written as an IMAP sequence set ({@code 1:500,502,504:900}): compact for the usual
 * mailbox, where UIDs are mostly contiguous. Not thread-safe.
 */
final class UidSet {

    private final TreeMap<Long, Long> ranges = new TreeMap<>(); // start -> end, inclusive, disjoint, not adjacent
    private long size;

    /** The set an IMAP sequence set describes; empty for an empty string. */
    static UidSet parse(String text) {
        UidSet set = new UidSet();
        if (text == null || text.isEmpty()) {
            return set;
        }
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            long start = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long end = colon < 0 ? start : Long.parseLong(part.substring(colon + 1));
            set.addRange(Math.min(start, end), Math.max(start, end));
        }
        return set;
    }

    /** The set of {@code uids}. */
    static UidSet of(long... uids) {
        UidSet set = new UidSet();
        for (long u : uids) {
            set.add(u);
        }
        return set;
    }

    void add(long uid) {
        addRange(uid, uid);
    }

    void addRange(long start, long end) {
        for (long u = start; u <= end; ) {
            Map.Entry<Long, Long> floor = ranges.floorEntry(u);
            if (floor != null && floor.getValue() >= u) {
                u = floor.getValue() + 1;
                continue;
            }
            Long nextStart = ranges.higherKey(u);
            long stop = nextStart == null ? end : Math.min(end, nextStart - 1);
            insert(u, stop);
            u = stop + 1;
        }
    }

    private void insert(long start, long end) {
        size += end - start + 1;
        Map.Entry<Long, Long> before = ranges.floorEntry(start - 1);
        if (before != null && before.getValue() == start - 1) {
            start = before.getKey();
            ranges.remove(before.getKey());
        }
        Long after = ranges.get(end + 1);
        if (after != null) {
            ranges.remove(end + 1);
            end = after;
        }
        ranges.put(start, end);
    }

    /** Removes {@code uid}; returns whether it was there. */
    boolean remove(long uid) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(uid);
        if (floor == null || floor.getValue() < uid) {
            return false;
        }
        long start = floor.getKey();
        long end = floor.getValue();
        ranges.remove(start);
        if (start < uid) {
            ranges.put(start, uid - 1);
        }
        if (uid < end) {
            ranges.put(uid + 1, end);
        }
        size--;
        return true;
    }

    boolean contains(long uid) {
        Map.Entry<Long, Long> floor = ranges.floorEntry(uid);
        return floor != null && floor.getValue() >= uid;
    }

    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code action} for each UID, ascending. */
    void forEach(LongConsumer action) {
        ranges.forEach((start, end) -> {
            for (long u = start; u <= end; u++) {
                action.accept(u);
            }
        });
    }

    /** The IMAP sequence set; empty when the set is. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        ranges.forEach((start, end) -> {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (!end.equals(start)) {
                sb.append(':').append(end);
            }
        });
        return sb.toString();
    }
}
