package io.mailsync.core.internal;

import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.spi.AtomicSyncStore;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.core.spi.QueueingSyncStore;
import io.mailsync.core.spi.SyncStateStore;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Renames what a batch renames, stores the batch, then its cursor (invariant 1), and queues the processing jobs of
 * its new messages: in one
 * transaction when one store holds all of them, otherwise in that order, so a crash between the two replays an
 * idempotent batch and loses nothing.
 */
final class BatchCommitter {

    private final EmailStore emailStore;
    private final SyncStateStore stateStore;
    private final ProcessingQueue queue;
    private final Clock clock;
    private final AtomicSyncStore atomic;
    private final QueueingSyncStore queueing;

    BatchCommitter(EmailStore emailStore, SyncStateStore stateStore, ProcessingQueue queue, Clock clock) {
        this.emailStore = emailStore;
        this.stateStore = stateStore;
        this.queue = queue;
        this.clock = clock;
        this.atomic = emailStore == stateStore && emailStore instanceof AtomicSyncStore a ? a : null;
        this.queueing = atomic == queue && atomic instanceof QueueingSyncStore q ? q : null;
    }

    /**
     * Applies {@code batch}, queues a processing job per message it really inserted (when {@code priority} is not
     * null), hands what it changed to {@code onApplied}, and saves its cursor at {@code expectedVersion + 1}: in one
     * transaction when one store holds messages, cursors and the queue. With separate stores, jobs are queued and
     * {@code onApplied} runs between the apply and the cursor save, so a failing save (retried later, when the replay
     * inserts nothing) cannot swallow the jobs or the announcement of the rows this apply inserted.
     */
    ApplyResult commit(ChangeBatch batch, long expectedVersion, ToIntFunction<EmailMessage> priority,
                       Consumer<ApplyResult> onApplied) {
        ApplyResult result;
        if (queueing != null && priority != null) {
            rename(batch);
            result = queueing.applyAndSaveAndEnqueue(batch, expectedVersion, priority);
        } else if (atomic != null) {
            rename(batch);
            result = atomic.applyAndSave(batch, expectedVersion);
            enqueue(batch, result, priority);
        } else {
            result = applyOnly(batch, priority, onApplied);
            stateStore.save(batch.accountId(), batch.nextCursor(), expectedVersion);
            return result;
        }
        onApplied.accept(result);
        return result;
    }

    /** Applies {@code batch} (and queues its jobs) without moving its cursor: pages of a reconciling resync. */
    ApplyResult applyOnly(ChangeBatch batch, ToIntFunction<EmailMessage> priority, Consumer<ApplyResult> onApplied) {
        rename(batch);
        ApplyResult result = batch.isEmpty() ? ApplyResult.EMPTY : emailStore.apply(batch);
        enqueue(batch, result, priority);
        onApplied.accept(result);
        return result;
    }

    /**
     * Gives renamed messages their new ids before the batch (which names them by the new ids) is applied. Not in the
     * batch's transaction, but idempotent: a crash before the cursor is saved replays the same renames as no-ops.
     */
    private void rename(ChangeBatch batch) {
        if (!batch.renames().isEmpty()) {
            emailStore.renameMessages(batch.accountId(), batch.folderId(), batch.renames());
        }
    }

    private void enqueue(ChangeBatch batch, ApplyResult result, ToIntFunction<EmailMessage> priority) {
        if (priority == null || result.inserted().isEmpty()) {
            return;
        }
        queue.enqueue(ProcessingJob.forInserted(batch, result, priority, clock.instant()));
    }
}
