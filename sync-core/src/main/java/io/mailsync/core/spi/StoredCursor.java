package io.mailsync.core.spi;

import io.mailsync.core.SyncCursor;

import java.time.Instant;
import java.util.Objects;

/**
 * A cursor as a {@link SyncStateStore} holds it.
 *
 * @param cursor    the cursor
 * @param version   its version for compare-and-set; 1 for the first save, one more for each later save
 * @param updatedAt when it was saved
 */
public record StoredCursor(SyncCursor cursor, long version, Instant updatedAt) {

    public StoredCursor {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }
}
