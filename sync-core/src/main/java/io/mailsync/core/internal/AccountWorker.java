package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.RateLimitedException;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncState;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Everything the engine does for one account: runs one sync at a time on a virtual thread (triggers coalesced by a
 * {@link TriggerCoalescer}), isolates and retries failing folders, runs the historical sync, and keeps the account's
 * state. Thread-safe.
 */
final class AccountWorker {

    private static final Logger LOG = LoggerFactory.getLogger(AccountWorker.class);

    private final SyncEngine engine;
    private final AccountId accountId;
    private final MailProvider mailProvider;
    private final StoredCredentials credentials;
    private final PushKeeper push;

    private final TriggerCoalescer coalescer;
    /** One sync at a time per account; fair, so a drain waiting behind a long historical sync gets in between folders. */
    private final ReentrantLock syncLock = new ReentrantLock(true);

    private final AccountFolders folders = new AccountFolders();
    private final FolderState connection = folders.connection;
    private volatile AccountRecord record;
    private volatile boolean realtime;
    private volatile boolean authRequired;
    /** Folders of this account in a full (historical) round right now. */
    private final AtomicInteger fullRounds = new AtomicInteger();
    private volatile boolean historicalAnnounced;
    /** Guards changes of {@link #record} and {@link #state}. */
    private final ReentrantLock recordLock = new ReentrantLock();
    private volatile SyncState state;
    /** Guards {@link #session}: folders synced at the same time share it. */
    private final ReentrantLock sessionLock = new ReentrantLock();
    private MailboxSession session; // guarded by sessionLock

    AccountWorker(SyncEngine engine, AccountRecord record, MailProvider mailProvider) {
        this.engine = engine;
        this.accountId = record.accountId();
        this.record = record;
        this.state = record.state();
        this.mailProvider = mailProvider;
        EngineConfig config = engine.config();
        this.credentials = new StoredCredentials(accountId, config.credentialStore(), config.tokenRefresher(),
                config.clock());
        this.push = new PushKeeper(engine, this);
        this.coalescer = new TriggerCoalescer(accountId, engine::execute, this::runCycle,
                id -> new SyncTotals(id, engine.config().clock()).report());
        if (state == SyncState.AUTH_REQUIRED) {
            authRequired = true;
        }
    }

    AccountId accountId() {
        return accountId;
    }

    AccountRecord record() {
        return record;
    }

    boolean isRealtime() {
        return realtime;
    }

    boolean isAuthRequired() {
        return authRequired;
    }

    // ---------------------------------------------------------------- triggers

    /** Coalesces the trigger into the pending sync; see {@link TriggerCoalescer}. */
    boolean trigger(FolderId folderId, TriggerSource source) {
        if (!realtime && source != TriggerSource.MANUAL) {
            return false;
        }
        boolean scheduled = coalescer.add(folderId);
        engine.config().metrics().triggered(record.options().provider(), source, scheduled);
        return scheduled;
    }

    /** A sync of every folder that starts after this call; completes with its report. */
    CompletableFuture<SyncReport> syncNow() {
        return coalescer.syncNow();
    }

    /** One sync of the given folders ({@link FolderId#ALL} for all), under the account's lock. */
    private SyncReport runCycle(Set<FolderId> work) {
        SyncTotals totals = new SyncTotals(accountId, engine.config().clock());
        syncLock.lock();
        try {
            if (engine.isClosed()) {
                return totals.report();
            }
            if (authRequired) {
                totals.fail(FolderId.ALL, authError());
                return totals.report();
            }
            if (connection.inBackoff(System.nanoTime()) && !work.contains(FolderId.ALL)) {
                return totals.report();
            }
            List<FolderId> targets;
            try {
                targets = resolve(work);
                connection.succeeded(engine.config().clock().instant());
            } catch (RuntimeException e) {
                if (recordFailure(connection, e, totals) != null) {
                    scheduleRetry(FolderId.ALL, connection);
                }
                return totals.report();
            }
            forFolders(new ConcurrentLinkedDeque<>(targets), () -> false, folderId -> {
                FolderState fs = folder(folderId);
                if (fs.inBackoff(System.nanoTime())) {
                    return; // its retry is scheduled; a poll must not hammer a throttled folder
                }
                if (syncFolder(fs, OptionalInt.empty(), p -> { }, totals) != null && !authRequired) {
                    scheduleRetry(folderId, fs);
                }
            });
            return totals.report();
        } finally {
            syncLock.unlock();
            afterSync(totals);
        }
    }

    /**
     * Syncs one folder; the caller holds the lock. Returns {@code null} on success, or the failure after recording it
     * on the folder (error, backoff deadline, event, metrics).
     */
    RuntimeException syncFolder(FolderState fs, OptionalInt limit,
                                        Consumer<SyncEvent.HistoricalSyncProgress> progress, SyncTotals totals) {
        long start = System.nanoTime();
        boolean[] fullRound = {false};
        try {
            MailboxSession s = session();
            FolderSynchronizer.Outcome outcome = engine.folderSynchronizer().sync(new FolderSynchronizer.Run(record, s,
                    fs, limit, progress, () -> fullRound[0] = enterFullRound(fullRound[0]), engine::isClosed));
            fs.succeeded(engine.config().clock().instant());
            totals.add(outcome);
            engine.config().metrics().folderSynced(record.options().provider(), Duration.ofNanos(System.nanoTime() - start),
                    true);
            if (outcome.historicalCompleted()) {
                announceHistoricalCompletion();
            }
            return null;
        } catch (RuntimeException e) {
            engine.config().metrics().folderSynced(record.options().provider(), Duration.ofNanos(System.nanoTime() - start),
                    false);
            return recordFailure(fs, e, totals);
        } finally {
            if (fullRound[0]) {
                fullRounds.decrementAndGet();
                engine.pipeline().historicalRoundEnded();
            }
        }
    }

    /**
     * Runs {@code action} for the folders taken from {@code pending}, up to the session's
     * {@linkplain MailboxSession#folderConcurrency() folder concurrency} at a time, until none is left, the engine
     * closes, the account needs re-authentication, or {@code yield} asks to stop between folders (each thread syncs
     * at least one). The caller holds the account's lock; folders not taken stay in {@code pending}.
     */
    void forFolders(Deque<FolderId> pending, BooleanSupplier yield, Consumer<FolderId> action) {
        Runnable drain = () -> {
            boolean first = true;
            while (!engine.isClosed() && !authRequired && (first || !yield.getAsBoolean())) {
                FolderId folderId = pending.pollFirst();
                if (folderId == null) {
                    return;
                }
                first = false;
                action.accept(folderId);
            }
        };
        int threads = Math.min(pending.size(), folderConcurrency());
        if (threads <= 1) {
            drain.run();
            return;
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            started.add(Thread.ofVirtual().name("mailsync-folder-" + accountId.value() + "-" + i).start(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                drain.run();
            }));
        }
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join(); // to the end even when interrupted: the folders' syncs use the session until they end
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int folderConcurrency() {
        try {
            return Math.max(1, session().folderConcurrency());
        } catch (RuntimeException e) {
            return 1; // the first folder's sync opens the session again and records the failure
        }
    }

    /** Records a failure on {@code fs}; returns it, or {@code null} when the engine is closing (nothing to retry). */
    private RuntimeException recordFailure(FolderState fs, RuntimeException e, SyncTotals totals) {
        if (engine.isClosed()) {
            LOG.debug("sync of {} of account {} abandoned while closing", fs.folderId, accountId, e);
            return null;
        }
        Instant now = engine.config().clock().instant();
        SyncError error = SyncError.of(e, now);
        totals.fail(fs.folderId, error);
        engine.config().metrics().failed(record.options().provider(), error.category());
        if (e instanceof AuthenticationRequiredException auth) {
            fs.lastError = error;
            enterAuthRequired(auth);
            return e;
        }
        Duration delay = retryDelay(e, fs.consecutiveFailures + 1);
        fs.failed(error, System.nanoTime() + delay.toNanos(), now.plus(delay));
        if (e instanceof ProviderUnavailableException) {
            closeSession(); // the connection is suspect: the retry opens a fresh one
        }
        if (error.category() == ErrorCategory.INTERNAL) {
            LOG.error("sync of folder {} of account {} failed; retry in {}", fs.folderId, accountId, delay, e);
        } else {
            LOG.warn("sync of folder {} of account {} failed: {}; retry in {}", fs.folderId, accountId,
                    error.message(), delay);
        }
        engine.events().emit(new SyncEvent.FolderSyncFailed(accountId, fs.folderId, error));
        refreshState(Optional.of(error));
        return e;
    }

    private Duration retryDelay(RuntimeException e, int attempt) {
        if (e instanceof RateLimitedException r && r.retryAfter().isPresent()) {
            return r.retryAfter().get();
        }
        return engine.backoff(attempt);
    }

    private void scheduleRetry(FolderId folderId, FolderState fs) {
        long delayNanos = Math.max(0, fs.retryDeadlineNanos - System.nanoTime());
        engine.schedule(() -> trigger(folderId, TriggerSource.RETRY), Duration.ofNanos(delayNanos));
    }

    void afterSync(SyncTotals totals) {
        try {
            if (!totals.hasFailures() && !engine.isClosed()) {
                updateRecord(r -> r.withLastSyncAt(engine.config().clock().instant()));
            }
            refreshState(Optional.empty());
        } catch (RuntimeException e) {
            // The sync itself is stored; only the account row could not be updated. Say so; the next sync retries it.
            LOG.warn("could not update the account row of {} after a sync: {}", accountId, e.toString());
        }
    }

    // ---------------------------------------------------------------- historical sync

    CompletableFuture<SyncReport> historical(HistoricalSyncOptions options) {
        return new HistoricalSync(this, engine, options).start();
    }

    /** The folders a historical sync covers, in sync order: all of them, or the wanted ones. */
    List<FolderId> historicalTargets(Set<FolderId> wanted) {
        return wanted.isEmpty() ? resolve(Set.of(FolderId.ALL))
                : folders.orderedSubset(wanted, () -> session().folders());
    }

    /** Records a failure to open the session or list folders. */
    void connectionFailed(RuntimeException e, SyncTotals totals) {
        recordFailure(connection, e, totals);
    }

    private void announceHistoricalCompletion() {
        if (!historicalAnnounced && folders.allHistoricalComplete()) {
            historicalAnnounced = true;
            engine.events().emit(new SyncEvent.HistoricalSyncCompleted(accountId, Set.copyOf(folders.listed())));
        }
    }

    // ---------------------------------------------------------------- folders and the session

    private List<FolderId> resolve(Set<FolderId> work) {
        return folders.resolve(work, () -> session().folders());
    }

    FolderState folder(FolderId folderId) {
        return folders.get(folderId);
    }

    /** The open session, opening one when needed; the caller holds the account's lock. */
    MailboxSession session() {
        sessionLock.lock();
        try {
            if (session == null) {
                session = mailProvider.open(new AccountContext(record.options(), credentials, engine,
                        engine.config().clock()));
            }
            return session;
        } finally {
            sessionLock.unlock();
        }
    }

    void closeSession() {
        MailboxSession s;
        sessionLock.lock();
        try {
            s = session;
            session = null;
        } finally {
            sessionLock.unlock();
        }
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the session of account {} failed: {}", accountId, e.toString());
            }
        }
    }

    ReentrantLock syncLock() {
        return syncLock;
    }

    // ---------------------------------------------------------------- lifecycle

    void startRealtime(AccountRecord newRecord) {
        record = newRecord;
        realtime = true;
        engine.schedulePolling(this);
        push.start();
        trigger(FolderId.ALL, TriggerSource.START);
        refreshState(Optional.empty());
    }

    void stopRealtime() {
        realtime = false;
        engine.cancelPolling(this);
        syncLock.lock();
        try {
            push.stop();
            closeSession();
        } finally {
            syncLock.unlock();
        }
        updateRecord(r -> r.withRealTimeSyncActive(false).withPush(Optional.empty(), Optional.empty()));
        refreshState(Optional.empty());
    }

    /** Clears an authentication failure and every backoff, for {@code restartSync}. */
    void clearFailures() {
        authRequired = false;
        folders.clearFailures();
        refreshState(Optional.empty());
    }

    /** Forgets every cursor: the next sync of each folder is a full, reconciling one. */
    void resetState() {
        syncLock.lock();
        try {
            engine.config().syncStateStore().deleteAll(accountId);
            folders.resetProgress();
            historicalAnnounced = false;
        } finally {
            syncLock.unlock();
        }
        if (realtime) {
            trigger(FolderId.ALL, TriggerSource.MANUAL);
        }
    }

    /** Releases local resources when the engine closes: leaves provider registrations in place. */
    void close() {
        realtime = false;
        push.close();
        closeSession();
        coalescer.cancelWaiters();
    }

    // ---------------------------------------------------------------- state

    /** A folder's sync started a full round; counts it once per folder sync. Returns {@code true}. */
    private boolean enterFullRound(boolean counted) {
        if (!counted) {
            fullRounds.incrementAndGet();
            engine.pipeline().historicalRoundStarted();
        }
        refreshState(Optional.empty());
        return true;
    }

    void enterAuthRequired(AuthenticationRequiredException e) {
        authRequired = true;
        connection.lastError = SyncError.of(e, engine.config().clock().instant());
        closeSession();
        LOG.warn("account {} needs re-authentication: {}", accountId, e.getMessage());
        refreshState(Optional.of(SyncError.of(e, engine.config().clock().instant())));
    }

    SyncError authError() {
        return new SyncError(ErrorCategory.AUTHENTICATION, "account needs re-authentication; call restartSync "
                + "after the host has stored a new credential", engine.config().clock().instant());
    }

    /** Changes and persists the account row. (A lock, not synchronized: the store may do I/O on a virtual thread.) */
    void updateRecord(UnaryOperator<AccountRecord> change) {
        recordLock.lock();
        try {
            AccountRecord updated = change.apply(record);
            engine.config().accountStore().save(updated);
            record = updated;
        } finally {
            recordLock.unlock();
        }
    }

    /** Recomputes the account's state; persists and announces a change. */
    void refreshState(Optional<SyncError> cause) {
        SyncState previous;
        SyncState next;
        RuntimeException notPersisted = null;
        recordLock.lock();
        try {
            next = computeState();
            if (next == state) {
                return;
            }
            previous = state;
            state = next;
            try {
                updateRecord(r -> r.withState(next, cause));
            } catch (RuntimeException e) {
                notPersisted = e; // the host still hears of the change; the caller sees the store's failure
            }
        } finally {
            recordLock.unlock();
        }
        LOG.info("account {}: {} -> {}", accountId, previous, next);
        engine.events().emit(new SyncEvent.StatusChanged(accountId, previous, next, cause));
        if (notPersisted != null) {
            throw notPersisted;
        }
    }

    private SyncState computeState() {
        if (authRequired) {
            return SyncState.AUTH_REQUIRED;
        }
        if (folders.anyBackingOff()) {
            return SyncState.BACKOFF;
        }
        if (fullRounds.get() > 0) {
            return SyncState.HISTORICAL_SYNC;
        }
        if (!realtime) {
            return SyncState.STOPPED;
        }
        return push.isActive() ? SyncState.REALTIME : SyncState.POLLING_ONLY;
    }

    SyncState state() {
        return state;
    }

    SyncStatus status(long queueDepth) {
        Instant now = engine.config().clock().instant();
        AccountRecord r = record;
        return new SyncStatus(accountId, r.options().provider(), state(), r.lastSyncAt(), folders.latestError(),
                folders.oldestSuccess().map(o -> Duration.between(o, now)), r.subscriptionExpiresAt(), queueDepth,
                folders.statuses());
    }

    boolean usesPush() {
        return record.options().enableWebhooks() || !record.options().provider().supportsWebhooks();
    }
}
