package io.mailsync.core.spi;

import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Asks a provider for the next page of changes of one folder.
 *
 * @param folderId the folder
 * @param cursor   where the folder stands; empty to start its full round (historical sync or resync)
 * @param pageSize the largest number of changes the page should hold (a hint; at least 1)
 * @param limit    for a full round: at most this many messages (the newest); the provider keeps the limit in its
 *                 cursors so a resumed round respects it too
 */
public record FetchRequest(FolderId folderId, Optional<SyncCursor> cursor, int pageSize, OptionalInt limit) {

    public FetchRequest {
        Objects.requireNonNull(folderId, "folderId");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(limit, "limit");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
        }
    }

    /** Whether this request starts a folder's full round. */
    public boolean isFullRound() {
        return cursor.isEmpty();
    }
}
