package io.mailsync.imap.internal;

import io.mailsync.core.SyncCursor;

import java.util.Map;
import java.util.TreeMap;

/**
 * The stable-id keys ({@link StableIds#key}) of a folder's stored messages, by UID, as kept in its cursor: the
 * attribute they came from under {@value CursorKeys#STABLE_ID_ATTRIBUTE}, and under {@value CursorKeys#STABLE_IDS} one
 * key per known UID in ascending UID order, comma-separated, empty where unknown (about 12 bytes a message). A
 * cursor whose attribute differs, or whose list does not match its known UIDs, yields an empty index. Not thread-safe.
 */
final class StableIdIndex {

    private final TreeMap<Long, String> keys = new TreeMap<>();

    /** The index of {@code cursor} for {@code attribute}, aligned with {@code known}. */
    static StableIdIndex of(SyncCursor cursor, String attribute, UidSet known) {
        StableIdIndex index = new StableIdIndex();
        String stored = cursor.get(CursorKeys.STABLE_IDS).orElse(null);
        if (stored == null || !attribute.equals(cursor.get(CursorKeys.STABLE_ID_ATTRIBUTE).orElse(""))) {
            return index;
        }
        String[] tokens = stored.split(",", -1);
        if (known.isEmpty() || tokens.length != known.size()) {
            return index;
        }
        int[] i = {0};
        known.forEach(uid -> {
            String key = tokens[i[0]++];
            if (!key.isEmpty()) {
                index.keys.put(uid, key);
            }
        });
        return index;
    }

    void put(long uid, String key) {
        keys.put(uid, key);
    }

    /** The key of {@code uid}, or null. */
    String get(long uid) {
        return keys.get(uid);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Every UID with a key, and its key. */
    Map<Long, String> asMap() {
        return java.util.Collections.unmodifiableMap(keys);
    }

    /** The known UIDs without a key, ascending. */
    long[] missing(UidSet known) {
        long[] out = new long[(int) Math.min(Integer.MAX_VALUE, known.size())];
        int[] n = {0};
        known.forEach(uid -> {
            if (!keys.containsKey(uid)) {
                out[n[0]++] = uid;
            }
        });
        return java.util.Arrays.copyOf(out, n[0]);
    }

    /** Writes the index for the {@code known} UIDs (keys of other UIDs are dropped) into a cursor's state. */
    void writeTo(Map<String, String> state, String attribute, UidSet known) {
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE / 2, known.size() * 12));
        boolean[] first = {true};
        known.forEach(uid -> {
            if (!first[0]) {
                sb.append(',');
            }
            first[0] = false;
            String key = keys.get(uid);
            if (key != null) {
                sb.append(key);
            }
        });
        state.put(CursorKeys.STABLE_ID_ATTRIBUTE, attribute);
        state.put(CursorKeys.STABLE_IDS, sb.toString());
    }
}
