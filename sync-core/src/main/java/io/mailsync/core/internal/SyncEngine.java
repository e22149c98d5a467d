package io.mailsync.core.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.core.spi.TriggerSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sync engine behind {@link io.mailsync.core.MailSync}: the account workers, the virtual-thread executor that runs
 * their syncs, one timer thread for polling, retries and renewals, and the processing pipeline. Thread-safe.
 */
public final class SyncEngine implements TriggerSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

    private final EngineConfig config;
    private final ConcurrentHashMap<AccountId, AccountWorker> workers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AccountId, ScheduledFuture<?>> pollers = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timers;
    private final EventDispatcher events;
    private final ProcessingPipeline pipeline;
    private final FolderSynchronizer folderSynchronizer;
    private final IntervalFunction backoff;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SyncEngine(EngineConfig config) {
        this.config = config;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mailsync-sync-", 0).factory());
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mailsync-timer");
            t.setDaemon(true);
            return t;
        });
        this.timers.setRemoveOnCancelPolicy(true);
        this.events = new EventDispatcher(config.listeners());
        this.pipeline = new ProcessingPipeline(config);
        this.folderSynchronizer = new FolderSynchronizer(config, events, pipeline);
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), 2.0, 0.5,
                config.maxBackoff());
    }

    // ---------------------------------------------------------------- the API, called by MailSync

    public AccountRecord register(SyncOptions options) {
        checkOpen();
        requireProvider(options.provider());
        AccountRecord existing = config.accountStore().find(options.accountId()).orElse(null);
        AccountRecord record = existing == null ? AccountRecord.newAccount(options, config.clock().instant())
                : existing.withOptions(options);
        config.accountStore().save(record);
        AccountWorker worker = workers.get(options.accountId());
        if (worker != null) {
            worker.updateRecord(r -> r.withOptions(options));
        }
        return record;
    }

    public SyncStatus startRealTimeSync(SyncOptions options) {
        AccountRecord record = register(options).withRealTimeSyncActive(true);
        config.accountStore().save(record);
        AccountWorker worker = worker(options.accountId());
        if (worker.isRealtime()) {
            worker.stopRealtime(); // new options: re-register push and polling
            record = record.withPush(Optional.empty(), Optional.empty());
            config.accountStore().save(record);
        }
        worker.startRealtime(record);
        LOG.info("real-time sync started for account {} ({}, polling every {})", options.accountId(),
                options.provider(), options.pollingInterval());
        return status(options.accountId());
    }

    public void stopRealTimeSync(AccountId accountId) {
        checkOpen();
        worker(accountId).stopRealtime();
        LOG.info("real-time sync stopped for account {}", accountId);
    }

    public CompletableFuture<SyncReport> startHistoricalSync(AccountId accountId, HistoricalSyncOptions options) {
        checkOpen();
        return worker(accountId).historical(options);
    }

    public CompletableFuture<SyncReport> syncNow(AccountId accountId) {
        checkOpen();
        return worker(accountId).syncNow();
    }

    public SyncStatus status(AccountId accountId) {
        return worker(accountId).status(pipeline.depth(accountId));
    }

    public void restartSync(AccountId accountId) {
        checkOpen();
        AccountWorker worker = worker(accountId);
        boolean wasRealtime = worker.isRealtime() || worker.record().realTimeSyncActive();
        if (worker.isRealtime()) {
            worker.stopRealtime();
        }
        worker.clearFailures();
        if (wasRealtime) {
            AccountRecord record = worker.record().withRealTimeSyncActive(true);
            config.accountStore().save(record);
            worker.startRealtime(record);
        }
    }

    public void resetSyncState(AccountId accountId) {
        checkOpen();
        worker(accountId).resetState();
    }

    public int startAllSyncs() {
        checkOpen();
        int started = 0;
        for (AccountRecord record : config.accountStore().findAll()) {
            if (record.active() && record.realTimeSyncActive() && config.providers().containsKey(record.options().provider())) {
                startRealTimeSync(record.options());
                started++;
            }
        }
        return started;
    }

    @Override
    public boolean trigger(AccountId accountId, FolderId folderId, TriggerSource source) {
        AccountWorker worker = workers.get(accountId);
        return worker != null && !closed.get() && worker.trigger(folderId, source);
    }

    /** Wakes the processing pipeline (after dead letters were re-queued). */
    public void signalProcessing() {
        pipeline.signal();
    }

    // ---------------------------------------------------------------- services for the workers

    /** What the engine was built from. */
    public EngineConfig config() {
        return config;
    }

    ProcessingPipeline pipeline() {
        return pipeline;
    }

    EventDispatcher events() {
        return events;
    }

    FolderSynchronizer folderSynchronizer() {
        return folderSynchronizer;
    }

    boolean isClosed() {
        return closed.get();
    }

    PushTarget pushTarget(Provider provider) {
        return config.pushTargets().getOrDefault(provider, PushTarget.NONE);
    }

    Duration backoff(int attempt) {
        return Duration.ofMillis(backoff.apply(Math.max(1, attempt)));
    }

    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            if (!closed.get()) {
                throw e;
            }
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        if (closed.get()) {
            return null;
        }
        try {
            return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    void schedulePolling(AccountWorker worker) {
        long period = worker.record().options().pollingInterval().toNanos();
        AccountId id = worker.accountId();
        ScheduledFuture<?> poller = timers.scheduleAtFixedRate(() -> trigger(id, FolderId.ALL, TriggerSource.POLL),
                period, period, TimeUnit.NANOSECONDS);
        ScheduledFuture<?> previous = pollers.put(id, poller);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void cancelPolling(AccountWorker worker) {
        ScheduledFuture<?> poller = pollers.remove(worker.accountId());
        if (poller != null) {
            poller.cancel(false);
        }
    }

    private AccountWorker worker(AccountId accountId) {
        AccountWorker worker = workers.get(accountId);
        if (worker != null) {
            return worker;
        }
        AccountRecord record = config.accountStore().find(accountId).orElseThrow(() -> new IllegalArgumentException(
                "unknown account " + accountId + ": register it with startRealTimeSync or registerAccount first"));
        MailProvider provider = requireProvider(record.options().provider());
        return workers.computeIfAbsent(accountId, id -> new AccountWorker(this, record, provider));
    }

    private MailProvider requireProvider(Provider provider) {
        MailProvider mailProvider = config.providers().get(provider);
        if (mailProvider == null) {
            throw new IllegalStateException("no MailProvider for " + provider + " was given to MailSync.builder()");
        }
        return mailProvider;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("MailSync is closed");
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops triggers and timers, lets in-flight syncs finish their current batch within the shutdown timeout (each
     * stops at the next batch boundary), interrupts what is left (a batch is stored before its cursor, so an
     * abandoned one replays harmlessly), then releases sessions, the pipeline and the providers. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timers.shutdownNow();
        pollers.clear();
        executor.shutdown();
        Duration timeout = config.shutdownTimeout();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("syncs still running after {}; interrupting them", timeout);
                executor.shutdownNow();
                executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (AccountWorker worker : workers.values()) {
            try {
                worker.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        pipeline.close(timeout);
        for (MailProvider provider : config.providers().values()) {
            try {
                provider.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
