package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Turns any number of triggers for one account into at most one pending sync per folder.
 *
 * <p>A trigger marks its folder dirty; only the trigger that finds no drain scheduled starts one. The drain takes every
 * dirty folder and runs one sync cycle over them, then looks again, so triggers that arrive while a cycle runs produce
 * at most one follow-up cycle. The hot path (a trigger for a folder already dirty) is one concurrent-set lookup.
 * Thread-safe.
 */
final class TriggerCoalescer {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerCoalescer.class);

    private final AccountId accountId;
    private final Executor executor;
    private final Function<Set<FolderId>, SyncReport> cycle;
    private final Function<AccountId, SyncReport> emptyReport;
    private final Set<FolderId> dirty = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<CompletableFuture<SyncReport>> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param cycle       runs one sync of the given folders ({@link FolderId#ALL} for all) and reports it
     * @param emptyReport the report for waiters whose work an earlier cycle already did
     */
    TriggerCoalescer(AccountId accountId, Executor executor, Function<Set<FolderId>, SyncReport> cycle,
                     Function<AccountId, SyncReport> emptyReport) {
        this.accountId = accountId;
        this.executor = executor;
        this.cycle = cycle;
        this.emptyReport = emptyReport;
    }

    /** Marks the folder dirty; returns {@code false} when it already was (the trigger is coalesced). */
    boolean add(FolderId folderId) {
        boolean added = dirty.add(folderId);
        if (added) {
            schedule();
        }
        return added;
    }

    /** A cycle over every folder that starts after this call; completes with its report. */
    CompletableFuture<SyncReport> syncNow() {
        CompletableFuture<SyncReport> done = new CompletableFuture<>();
        dirty.add(FolderId.ALL); // dirty before waiter: a drain that takes the waiter also takes the work
        waiters.add(done);
        schedule();
        return done;
    }

    /** Fails every waiting {@link #syncNow()} caller: the engine is closing. */
    void cancelWaiters() {
        for (CompletableFuture<SyncReport> w; (w = waiters.poll()) != null; ) {
            w.completeExceptionally(new CancellationException("MailSync closed before the sync ran"));
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        MDC.put("mailsync.account", accountId.value());
        try {
            while (true) {
                List<CompletableFuture<SyncReport>> taken = new ArrayList<>();
                for (CompletableFuture<SyncReport> w; (w = waiters.poll()) != null; ) {
                    taken.add(w);
                }
                Set<FolderId> work = takeDirty();
                if (work.isEmpty() && taken.isEmpty()) {
                    scheduled.set(false);
                    // a trigger that came after takeDirty() but saw scheduled == true relies on this re-check
                    if ((dirty.isEmpty() && waiters.isEmpty()) || !scheduled.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                SyncReport report = work.isEmpty() ? emptyReport.apply(accountId) : cycle.apply(work);
                taken.forEach(w -> w.complete(report));
            }
        } catch (RuntimeException | Error e) {
            scheduled.set(false);
            LOG.error("sync loop of account {} failed unexpectedly", accountId, e);
            throw e;
        } finally {
            MDC.remove("mailsync.account");
        }
    }

    private Set<FolderId> takeDirty() {
        if (dirty.isEmpty()) {
            return Set.of();
        }
        Set<FolderId> taken = new HashSet<>();
        for (FolderId f : dirty) {
            if (dirty.remove(f)) {
                taken.add(f);
            }
        }
        return taken;
    }
}
