package io.mailsync.core.internal;

import io.mailsync.core.FolderId;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncStatus;

import java.time.Instant;
import java.util.Optional;

/** What the engine remembers about one folder between syncs. Guarded by the account's sync lock, read by status. */
final class FolderState {

    final FolderId folderId;
    volatile boolean historicalComplete;
    volatile Instant lastSuccessAt;
    volatile SyncError lastError;
    volatile int consecutiveFailures;
    /** Whether a retry is scheduled and the folder is not synced before {@link #retryDeadlineNanos}. */
    volatile boolean backingOff;
    /** {@link System#nanoTime()} before which the folder is not synced again while backing off. */
    volatile long retryDeadlineNanos;
    volatile Instant nextRetryAt;

    FolderState(FolderId folderId) {
        this.folderId = folderId;
    }

    boolean inBackoff(long nowNanos) {
        return backingOff && nowNanos - retryDeadlineNanos < 0;
    }

    void succeeded(Instant at) {
        lastSuccessAt = at;
        lastError = null;
        consecutiveFailures = 0;
        backingOff = false;
        nextRetryAt = null;
    }

    void failed(SyncError error, long retryDeadlineNanos, Instant nextRetryAt) {
        lastError = error;
        consecutiveFailures++;
        this.retryDeadlineNanos = retryDeadlineNanos;
        this.backingOff = true;
        this.nextRetryAt = nextRetryAt;
    }

    /** Forgets failures and backoff; keeps progress. */
    void clearFailures() {
        lastError = null;
        backingOff = false;
        nextRetryAt = null;
        consecutiveFailures = 0;
    }

    /** Forgets progress too: the folder's cursor was deleted. */
    void reset() {
        clearFailures();
        historicalComplete = false;
    }

    SyncStatus.FolderStatus status() {
        return new SyncStatus.FolderStatus(folderId, historicalComplete, Optional.ofNullable(lastSuccessAt),
                Optional.ofNullable(lastError), consecutiveFailures, Optional.ofNullable(nextRetryAt));
    }
}
