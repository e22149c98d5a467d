package io.mailsync.core.internal;

import io.mailsync.core.ErrorCategory;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncReport;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code startHistoricalSync} of an account: each folder's full round, INBOX first, on a virtual thread. The
 * account's lock is taken per folder, so triggered syncs get in between folders. Transient failures are retried
 * with the folder's backoff; rate limits are the provider pacing us and do not count as attempts.
 */
final class HistoricalSync {

    private static final int ATTEMPTS = 20;

    private final AccountWorker worker;
    private final SyncEngine engine;
    private final HistoricalSyncOptions options;

    HistoricalSync(AccountWorker worker, SyncEngine engine, HistoricalSyncOptions options) {
        this.worker = worker;
        this.engine = engine;
        this.options = options;
    }

    CompletableFuture<SyncReport> start() {
        CompletableFuture<SyncReport> done = new CompletableFuture<>();
        engine.execute(() -> {
            MDC.put("mailsync.account", worker.accountId().value());
            try {
                done.complete(run());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            } finally {
                MDC.remove("mailsync.account");
            }
        });
        return done;
    }

    private SyncReport run() {
        SyncTotals totals = new SyncTotals(worker.accountId(), engine.config().clock());
        try {
            List<FolderId> targets = targets(totals);
            for (FolderId folderId : targets) {
                syncWithRetries(folderId, totals);
            }
            return totals.report();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return totals.report();
        } finally {
            worker.afterSync(totals);
        }
    }

    /** The folders to read; none when the account needs re-authentication or cannot be listed (recorded). */
    private List<FolderId> targets(SyncTotals totals) {
        worker.syncLock().lock();
        try {
            if (worker.isAuthRequired()) {
                totals.fail(FolderId.ALL, worker.authError());
                return List.of();
            }
            return worker.historicalTargets(options.folders());
        } catch (RuntimeException e) {
            worker.connectionFailed(e, totals);
            return List.of();
        } finally {
            worker.syncLock().unlock();
        }
    }

    private void syncWithRetries(FolderId folderId, SyncTotals totals) throws InterruptedException {
        FolderState fs = worker.folder(folderId);
        int attempts = 0;
        while (!engine.isClosed() && !worker.isAuthRequired()) {
            RuntimeException failure;
            worker.syncLock().lock();
            try {
                failure = worker.syncFolder(fs, options.limit(), options.progress(), totals);
            } finally {
                worker.syncLock().unlock();
            }
            if (failure == null) {
                totals.clear(folderId);
                return;
            }
            ErrorCategory category = SyncError.of(failure, Instant.EPOCH).category();
            if (category != ErrorCategory.RATE_LIMITED) {
                attempts++;
            }
            if (worker.isAuthRequired() || !category.isRetried() || attempts >= ATTEMPTS) {
                return;
            }
            Thread.sleep(Math.max(0, (fs.retryDeadlineNanos - System.nanoTime()) / 1_000_000));
        }
    }
}
