package io.mailsync.imap.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a folder's stored messages map onto the folder after a UIDVALIDITY change, matched by stable id: a pure
 * function of the old known UIDs with their stable-id keys and what the server lists now. A key that two old or two
 * new messages share is ambiguous and matches nothing (those messages are fetched again / deleted, never mixed up).
 *
 * @param renames   old UID to new UID of the stored messages found again, ascending by old UID
 * @param flags     the current flags of the renamed messages, by new UID
 * @param gone      old UIDs not found any more (to delete), ascending
 * @param newcomers new UIDs without a stored match (to fetch), ascending
 * @param keys      the stable-id key of every renamed message and newcomer, by new UID
 */
record UidRemap(Map<Long, Long> renames, Map<Long, Set<String>> flags, List<Long> gone, long[] newcomers,
                Map<Long, String> keys) {

    /**
     * Matches the {@code known} old UIDs (keys in {@code oldKeys}) with the server's {@code entries}; the server's
     * other UIDs ({@code serverUids} without an entry: no stable id given) are newcomers too.
     */
    static UidRemap plan(UidSet known, StableIdIndex oldKeys, List<StableIds.Entry> entries, long[] serverUids) {
        Map<String, Long> oldByKey = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        known.forEach(uid -> {
            String key = oldKeys.get(uid);
            if (key != null && oldByKey.putIfAbsent(key, uid) != null) {
                ambiguous.add(key);
            }
        });
        Map<String, Integer> newCount = new HashMap<>();
        entries.forEach(e -> newCount.merge(e.key(), 1, Integer::sum));

        Map<Long, Long> renames = new TreeMap<>();
        Map<Long, Set<String>> flags = new TreeMap<>();
        Map<Long, String> keys = new TreeMap<>();
        Set<Long> newcomers = new HashSet<>();
        for (long uid : serverUids) {
            newcomers.add(uid);
        }
        for (StableIds.Entry e : entries) {
            keys.put(e.uid(), e.key());
            Long old = ambiguous.contains(e.key()) || newCount.get(e.key()) > 1 ? null : oldByKey.get(e.key());
            if (old == null) {
                newcomers.add(e.uid());
            } else {
                newcomers.remove(e.uid());
                renames.put(old, e.uid());
                flags.put(e.uid(), e.flags());
            }
        }
        List<Long> gone = new ArrayList<>();
        known.forEach(uid -> {
            if (!renames.containsKey(uid)) {
                gone.add(uid);
            }
        });
        return new UidRemap(renames, flags, gone, newcomers.stream().mapToLong(Long::longValue).sorted().toArray(),
                keys);
    }
}
