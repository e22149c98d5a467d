package io.mailsync.core.internal;

import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.spi.AtomicSyncStore;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.SyncStateStore;

import java.util.function.Consumer;

/**
 * Stores a batch, then its cursor (invariant 1): in one transaction when one store holds both, otherwise in that
 * order, so a crash between the two replays an idempotent batch and loses nothing.
 */
final class BatchCommitter {

    private final EmailStore emailStore;
    private final SyncStateStore stateStore;
    private final AtomicSyncStore atomic;

    BatchCommitter(EmailStore emailStore, SyncStateStore stateStore) {
        this.emailStore = emailStore;
        this.stateStore = stateStore;
        this.atomic = emailStore == stateStore && emailStore instanceof AtomicSyncStore a ? a : null;
    }

    /**
     * Applies {@code batch}, hands what it really changed to {@code onApplied}, and saves its cursor at
     * {@code expectedVersion + 1}. With two separate stores {@code onApplied} runs between the apply and the cursor
     * save, so a failing save (retried later, when the replay inserts nothing) cannot swallow the announcement of the
     * rows this apply inserted.
     */
    ApplyResult commit(ChangeBatch batch, long expectedVersion, Consumer<ApplyResult> onApplied) {
        if (atomic != null) {
            ApplyResult result = atomic.applyAndSave(batch, expectedVersion);
            onApplied.accept(result);
            return result;
        }
        ApplyResult result = applyOnly(batch, onApplied);
        stateStore.save(batch.accountId(), batch.nextCursor(), expectedVersion);
        return result;
    }

    /** Applies {@code batch} without moving its cursor (pages of a reconciling resync). */
    ApplyResult applyOnly(ChangeBatch batch, Consumer<ApplyResult> onApplied) {
        ApplyResult result = batch.isEmpty() ? ApplyResult.EMPTY : emailStore.apply(batch);
        onApplied.accept(result);
        return result;
    }
}
