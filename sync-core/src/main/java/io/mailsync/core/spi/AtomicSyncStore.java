package io.mailsync.core.spi;

import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;

/**
 * A store that holds both messages and cursors and can write a batch and its cursor in one transaction
 * (mailsync's PostgreSQL and in-memory stores). When the same object is given to the engine as its
 * {@link EmailStore} and its {@link SyncStateStore}, the engine uses {@link #applyAndSave}; otherwise it applies the
 * batch and then saves the cursor, which is just as safe because {@link EmailStore#apply} is idempotent.
 */
public interface AtomicSyncStore extends EmailStore, SyncStateStore {

    /**
     * Applies {@code batch} and saves {@code batch.nextCursor()} at {@code expectedCursorVersion + 1}, all or nothing.
     *
     * @throws io.mailsync.core.SyncStateConflictException when the cursor's version differs; nothing is applied
     */
    ApplyResult applyAndSave(ChangeBatch batch, long expectedCursorVersion);
}
