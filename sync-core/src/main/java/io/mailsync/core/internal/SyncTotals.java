package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncReport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts what one sync of an account did, for its {@link SyncReport}. Thread-safe: folders synced at the same time add to it. */
final class SyncTotals {

    private final AccountId accountId;
    private final Clock clock;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private long inserted;
    private long updated;
    private long deleted;
    private final Map<FolderId, SyncError> failures = new LinkedHashMap<>();

    SyncTotals(AccountId accountId, Clock clock) {
        this.accountId = accountId;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    synchronized void add(FolderSynchronizer.Outcome outcome) {
        inserted += outcome.inserted();
        updated += outcome.updated();
        deleted += outcome.deleted();
    }

    synchronized void fail(FolderId folderId, SyncError error) {
        failures.put(folderId, error);
    }

    /** Forgets a folder's failure after a retry of it succeeded. */
    synchronized void clear(FolderId folderId) {
        failures.remove(folderId);
    }

    synchronized boolean hasFailures() {
        return !failures.isEmpty();
    }

    synchronized SyncReport report() {
        return new SyncReport(accountId, startedAt, Duration.ofNanos(System.nanoTime() - startNanos), inserted,
                updated, deleted, failures);
    }

    Clock clock() {
        return clock;
    }
}
