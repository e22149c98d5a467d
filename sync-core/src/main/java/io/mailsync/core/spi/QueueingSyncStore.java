package io.mailsync.core.spi;

import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;

import java.util.function.ToIntFunction;

/**
 * A store that also holds the processing queue and can queue the jobs of a batch's new messages in the same
 * transaction as the batch and its cursor, so a crash can neither lose nor double a job (the PostgreSQL and in-memory
 * stores). The engine uses it when the same object is its {@link EmailStore}, {@link SyncStateStore} and
 * {@link ProcessingQueue}.
 */
public interface QueueingSyncStore extends AtomicSyncStore, ProcessingQueue {

    /**
     * {@link #applyAndSave}, and one job per message this call really inserted, at the priority {@code priority}
     * gives it, all or nothing.
     */
    ApplyResult applyAndSaveAndEnqueue(ChangeBatch batch, long expectedCursorVersion,
                                       ToIntFunction<EmailMessage> priority);
}
