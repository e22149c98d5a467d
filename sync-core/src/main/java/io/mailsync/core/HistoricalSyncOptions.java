package io.mailsync.core;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How {@link RealTimeSyncManager#startHistoricalSync(AccountId, HistoricalSyncOptions)} reads an account's existing
 * mail. Folders run INBOX first, then Sent, then the others; within a folder providers read newest first where the
 * protocol allows, so recent mail is usable seconds after the start.
 *
 * @param limit    at most this many messages per folder (the newest ones); empty for all
 * @param folders  the folders to read; empty for every folder the provider lists
 * @param progress called after each stored page, on the sync's thread; must return quickly
 */
public record HistoricalSyncOptions(OptionalInt limit, Set<FolderId> folders,
                                    Consumer<SyncEvent.HistoricalSyncProgress> progress) {

    /** Every message of every folder, no progress callback. */
    public static final HistoricalSyncOptions ALL = builder().build();

    public HistoricalSyncOptions {
        Objects.requireNonNull(limit, "limit");
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit.getAsInt());
        }
        folders = Set.copyOf(folders);
        Objects.requireNonNull(progress, "progress");
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link HistoricalSyncOptions}. Not thread-safe. */
    public static final class Builder {
        private OptionalInt limit = OptionalInt.empty();
        private Set<FolderId> folders = Set.of();
        private Consumer<SyncEvent.HistoricalSyncProgress> progress = p -> { };

        private Builder() {
        }

        /** At most {@code limit} messages per folder, the newest. The seed's {@code limit=10000}. */
        public Builder limit(int limit) { this.limit = OptionalInt.of(limit); return this; }
        public Builder folders(Set<FolderId> folders) { this.folders = folders; return this; }
        public Builder progress(Consumer<SyncEvent.HistoricalSyncProgress> progress) { this.progress = progress; return this; }

        /** The options; throws {@link IllegalArgumentException} naming an invalid field. */
        public HistoricalSyncOptions build() {
            return new HistoricalSyncOptions(limit, folders, progress);
        }
    }
}
