package io.mailsync.core.internal;

import io.mailsync.core.ErrorCategory;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import org.slf4j.MDC;

import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code startHistoricalSync} of an account: each folder's full round, INBOX first, on a virtual thread; several
 * folders at once where the provider's session allows it. A triggered sync waiting for the account's lock gets in
 * between folders. Failed folders are retried at their backoff deadline while the others go on; rate limits are the
 * provider pacing us and do not count as attempts.
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
            Deque<FolderId> ready = new ConcurrentLinkedDeque<>(targets(totals));
            Map<FolderId, Long> waiting = new LinkedHashMap<>(); // folder -> retry deadline (System.nanoTime())
            Map<FolderId, Integer> attempts = new HashMap<>();
            while ((!ready.isEmpty() || !waiting.isEmpty()) && !engine.isClosed() && !worker.isAuthRequired()) {
                if (ready.isEmpty()) {
                    long wakeAt = Collections.min(waiting.values());
                    TimeUnit.NANOSECONDS.sleep(wakeAt - System.nanoTime()); // not truncated to ms: no busy loop
                }
                long now = System.nanoTime();
                waiting.entrySet().removeIf(e -> e.getValue() - now <= 0 && ready.add(e.getKey()));
                Queue<FolderId> failed = syncSome(ready, totals);
                for (FolderId folderId : failed) {
                    retryLater(folderId, attempts, waiting);
                }
            }
            return totals.report();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return totals.report();
        } finally {
            worker.afterSync(totals);
        }
    }

    /**
     * Syncs folders from {@code ready} under the account's lock, several at once where the session allows, until
     * none is left or another sync waits for the lock (it gets in between folders). Returns the folders that failed.
     */
    private Queue<FolderId> syncSome(Deque<FolderId> ready, SyncTotals totals) {
        Queue<FolderId> failed = new ConcurrentLinkedQueue<>();
        worker.syncLock().lock();
        try {
            worker.forFolders(ready, worker.syncLock()::hasQueuedThreads, folderId -> {
                if (worker.syncFolder(worker.folder(folderId), options.limit(), options.progress(), totals) == null) {
                    totals.clear(folderId);
                } else {
                    failed.add(folderId);
                }
            });
        } finally {
            worker.syncLock().unlock();
        }
        return failed;
    }

    /**
     * Puts a failed folder back for a retry at its backoff deadline, unless the failure is final (not retried,
     * re-authentication needed, too many attempts). Rate limits are the provider pacing us: not an attempt.
     */
    private void retryLater(FolderId folderId, Map<FolderId, Integer> attempts, Map<FolderId, Long> waiting) {
        FolderState fs = worker.folder(folderId);
        ErrorCategory category = fs.lastError == null ? ErrorCategory.INTERNAL : fs.lastError.category();
        int attempt = category == ErrorCategory.RATE_LIMITED ? attempts.getOrDefault(folderId, 0)
                : attempts.merge(folderId, 1, Integer::sum);
        if (!worker.isAuthRequired() && category.isRetried() && attempt < ATTEMPTS) {
            waiting.put(folderId, fs.retryDeadlineNanos);
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

}
