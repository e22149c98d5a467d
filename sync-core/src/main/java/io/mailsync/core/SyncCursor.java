package io.mailsync.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the sync of one folder stands: opaque to the engine and the stores, meaningful to its provider.
 *
 * <p>A cursor is a flat map of strings, so every store can keep it as one JSON object
 * ({@code {"deltaLink": "..."}}, {@code {"historyId": "..."}}, {@code {"uidValidity": "...", "lastUid": "...",
 * "highestModSeq": "..."}}). A provider returns a new cursor with every {@link ChangeBatch}; each one is a position
 * the sync can resume from after a crash.
 *
 * @param folderId the folder the cursor belongs to ({@link FolderId#MAILBOX} when it covers the whole mailbox)
 * @param phase    whether the folder's first complete round (the historical sync) has finished
 * @param state    the provider's values; keys and values not null
 */
public record SyncCursor(FolderId folderId, Phase phase, Map<String, String> state) {

    /** Whether a cursor is inside the first full round of a folder or past it. */
    public enum Phase {
        /** The historical sync of the folder is still running; the cursor is a resumable page position. */
        HISTORICAL,
        /** The folder has been read completely once; the cursor tracks changes since then. */
        INCREMENTAL
    }

    public SyncCursor {
        Objects.requireNonNull(folderId, "folderId");
        Objects.requireNonNull(phase, "phase");
        state = Map.copyOf(state);
    }

    /** A cursor of {@code folderId} in {@code phase} with {@code state}. */
    public static SyncCursor of(FolderId folderId, Phase phase, Map<String, String> state) {
        return new SyncCursor(folderId, phase, state);
    }

    /** The value stored under {@code key}. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(state.get(key));
    }

    /** The value stored under {@code key} as a {@code long}; empty when absent. */
    public Optional<Long> getLong(String key) {
        return get(key).map(Long::parseLong);
    }

    /** A copy with {@code key} set to {@code value}. */
    public SyncCursor with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(state);
        copy.put(key, value);
        return new SyncCursor(folderId, phase, copy);
    }

    /** Whether the folder's historical sync has finished. */
    public boolean isIncremental() {
        return phase == Phase.INCREMENTAL;
    }
}
