package io.mailsync.core;

import io.mailsync.core.internal.EngineConfig;
import io.mailsync.core.internal.EngineMetrics;
import io.mailsync.core.internal.MicrometerMetrics;
import io.mailsync.core.internal.SyncEngine;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.AccountStore;
import io.mailsync.core.spi.CredentialStore;
import io.mailsync.core.spi.DeadLetter;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.PriorityScorer;
import io.mailsync.core.spi.ProcessingQueue;
import io.mailsync.core.spi.ProcessingResultStore;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.core.spi.SyncListener;
import io.mailsync.core.spi.SyncStateStore;
import io.mailsync.core.spi.TokenRefresher;
import io.mailsync.core.spi.TriggerSink;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point of mailsync: keeps the host's accounts synchronised into its store, in real time.
 *
 * <pre>{@code
 * try (MailSync mailSync = MailSync.builder()
 *         .store(new InMemoryMailStore())              // or JdbcMailStore, or the host's own stores
 *         .provider(imapProvider)                      // one MailProvider per Provider the host uses
 *         .listener(event -> log.info("{}", event))
 *         .build()) {
 *     mailSync.startRealTimeSync(options);
 * }
 * }</pre>
 *
 * <p>Every change reaches the store through one path: a trigger (webhook, Pub/Sub, IDLE, poll, manual) is coalesced
 * per account and folder, one worker per account reads the changes since the stored cursor page by page, the store
 * applies each page and only then saves the cursor, and the messages really inserted go to the processors and to the
 * listeners. Thread-safe. {@link #close()} stops everything; it is idempotent.
 */
public final class MailSync implements RealTimeSyncManager, TriggerSink, AutoCloseable {

    private final SyncEngine engine;

    private MailSync(SyncEngine engine) {
        this.engine = engine;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers or updates an account without starting real-time sync (for a historical sync first, as in the seed's
     * phase 1). {@code notifyFrom} is fixed at the first registration.
     */
    public AccountRecord registerAccount(SyncOptions options) {
        return engine.register(options);
    }

    @Override
    public SyncStatus startRealTimeSync(SyncOptions options) {
        return engine.startRealTimeSync(options);
    }

    @Override
    public void stopRealTimeSync(AccountId accountId) {
        engine.stopRealTimeSync(accountId);
    }

    @Override
    public CompletableFuture<SyncReport> startHistoricalSync(AccountId accountId, HistoricalSyncOptions options) {
        return engine.startHistoricalSync(accountId, options);
    }

    @Override
    public CompletableFuture<SyncReport> syncNow(AccountId accountId) {
        return engine.syncNow(accountId);
    }

    @Override
    public SyncStatus getSyncStatus(AccountId accountId) {
        return engine.status(accountId);
    }

    @Override
    public void restartSync(AccountId accountId) {
        engine.restartSync(accountId);
    }

    @Override
    public void resetSyncState(AccountId accountId) {
        engine.resetSyncState(accountId);
    }

    @Override
    public int startAllSyncs() {
        return engine.startAllSyncs();
    }

    /** What the processors concluded about a message, every processor and version. */
    public List<ProcessingResult> processingResults(AccountId accountId, String providerMessageId) {
        return engine.config().resultStore().results(accountId, providerMessageId);
    }

    /** Processing jobs that failed too often, oldest first, at most {@code limit}. */
    public List<DeadLetter> deadLetters(int limit) {
        return engine.config().processingQueue().deadLetters(limit);
    }

    /** Puts dead-lettered jobs back in the processing queue; returns how many were found. */
    public int requeueDeadLetters(List<Long> jobIds) {
        int found = engine.config().processingQueue().requeue(jobIds);
        engine.signalProcessing();
        return found;
    }

    /**
     * The entry point for webhook and Pub/Sub handlers: asks for a sync of one folder ({@link FolderId#ALL} for all) of
     * a running account. Coalesced, non-blocking, cheap enough for an HTTP request thread.
     */
    @Override
    public boolean trigger(AccountId accountId, FolderId folderId, TriggerSource source) {
        return engine.trigger(accountId, folderId, source);
    }

    /**
     * Stops triggers and timers, lets in-flight syncs finish their current batch within the shutdown timeout,
     * abandons the rest safely (a batch is always stored before its cursor), and closes sessions, the processing
     * pipeline and the providers. Push registrations stay in place at the providers, so another instance or the next
     * start carries on. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Builds a {@link MailSync}. Stores default to one {@link InMemoryMailStore}; at least one provider is required.
     * Not thread-safe.
     */
    public static final class Builder {
        private EmailStore emailStore;
        private SyncStateStore syncStateStore;
        private AccountStore accountStore;
        private CredentialStore credentialStore;
        private TokenRefresher tokenRefresher = TokenRefresher.NONE;
        private final Map<Provider, MailProvider> providers = new EnumMap<>(Provider.class);
        private final Map<Provider, PushTarget> pushTargets = new EnumMap<>(Provider.class);
        private final List<EmailProcessor> processors = new ArrayList<>();
        private final List<SyncListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Object meterRegistry;
        private int pageSize = 200;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private ProcessingOptions processing = ProcessingOptions.DEFAULTS;
        private ProcessingQueue processingQueue;
        private ProcessingResultStore resultStore;
        private PriorityScorer priorityScorer = PriorityScorer.FLAT;
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * One object for every store, such as {@link InMemoryMailStore} or the JDBC store; when it is also a
         * {@link ProcessingQueue} and a {@link ProcessingResultStore}, it holds those too.
         */
        public <S extends EmailStore & SyncStateStore & AccountStore & CredentialStore> Builder store(S store) {
            Objects.requireNonNull(store, "store");
            emailStore(store).syncStateStore(store).accountStore(store).credentialStore(store);
            if (store instanceof ProcessingQueue queue) {
                processingQueue(queue);
            }
            if (store instanceof ProcessingResultStore results) {
                resultStore(results);
            }
            return this;
        }

        /** Where processing jobs wait; default: the store given to {@link #store}, or an in-memory queue. */
        public Builder processingQueue(ProcessingQueue queue) { this.processingQueue = Objects.requireNonNull(queue, "processingQueue"); return this; }

        /** Where processing results are kept; default: the store given to {@link #store}, or in memory. */
        public Builder resultStore(ProcessingResultStore store) { this.resultStore = Objects.requireNonNull(store, "resultStore"); return this; }

        /** How new messages are prioritised for processing; default {@link PriorityScorer#FLAT}. */
        public Builder priorityScorer(PriorityScorer scorer) { this.priorityScorer = Objects.requireNonNull(scorer, "priorityScorer"); return this; }

        /** How the processing pipeline runs; default {@link ProcessingOptions#DEFAULTS}. */
        public Builder processing(ProcessingOptions options) { this.processing = Objects.requireNonNull(options, "processing"); return this; }

        public Builder emailStore(EmailStore store) { this.emailStore = Objects.requireNonNull(store, "emailStore"); return this; }
        public Builder syncStateStore(SyncStateStore store) { this.syncStateStore = Objects.requireNonNull(store, "syncStateStore"); return this; }
        public Builder accountStore(AccountStore store) { this.accountStore = Objects.requireNonNull(store, "accountStore"); return this; }
        public Builder credentialStore(CredentialStore store) { this.credentialStore = Objects.requireNonNull(store, "credentialStore"); return this; }

        /** Refreshes expired OAuth 2 tokens; default: none (an expired token needs re-consent). */
        public Builder tokenRefresher(TokenRefresher refresher) { this.tokenRefresher = Objects.requireNonNull(refresher, "tokenRefresher"); return this; }

        /** Adds a provider; one per {@link Provider}. MailSync closes it on {@link MailSync#close()}. */
        public Builder provider(MailProvider provider) {
            Objects.requireNonNull(provider, "provider");
            MailProvider previous = providers.put(provider.provider(), provider);
            if (previous != null && previous != provider) {
                throw new IllegalArgumentException("provider " + provider.provider() + " is given twice");
            }
            return this;
        }

        /** Where a provider's push notifications go (the host's public webhook URLs, the Pub/Sub topic). */
        public Builder pushTarget(Provider provider, PushTarget target) {
            pushTargets.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(target, "pushTarget"));
            return this;
        }

        /** Adds a processor; processors run in the order added. */
        public Builder processor(EmailProcessor processor) { processors.add(Objects.requireNonNull(processor, "processor")); return this; }

        /** Adds a listener for {@link SyncEvent}s. */
        public Builder listener(SyncListener listener) { listeners.add(Objects.requireNonNull(listener, "listener")); return this; }

        /** The clock for timestamps and status (not for timers); default UTC system clock. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /**
         * Records metrics in a Micrometer {@code MeterRegistry} ({@code io.micrometer:micrometer-core} must be on the
         * class path): {@code mailsync.sync.duration}, {@code mailsync.triggers}, {@code mailsync.messages},
         * {@code mailsync.sync.errors}, {@code mailsync.processing.messages}, tagged by provider.
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        /** Largest number of changes asked for in one provider page; 1..10,000, default 200. */
        public Builder pageSize(int pageSize) { this.pageSize = pageSize; return this; }

        /** Backoff after failures: exponential from {@code initial} to {@code max}, with 50 % jitter. Default 1 s to 5 min. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initialBackoff");
            this.maxBackoff = Objects.requireNonNull(max, "maxBackoff");
            return this;
        }

        /** How long {@link MailSync#close()} waits for in-flight syncs; default 10 s. */
        public Builder shutdownTimeout(Duration timeout) { this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout"); return this; }

        /**
         * The configured {@link MailSync}, started (timers and executors running, no account yet).
         *
         * @throws IllegalArgumentException naming the invalid setting
         */
        public MailSync build() {
            if (providers.isEmpty()) {
                throw new IllegalArgumentException("providers must not be empty: add at least one MailProvider");
            }
            if (pageSize < 1 || pageSize > 10_000) {
                throw new IllegalArgumentException("pageSize must be in 1..10000, was " + pageSize);
            }
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be > 0, was " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), was "
                        + maxBackoff);
            }
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + shutdownTimeout);
            }
            InMemoryMailStore defaults = null;
            if (emailStore == null || syncStateStore == null || accountStore == null || credentialStore == null
                    || processingQueue == null || resultStore == null) {
                defaults = new InMemoryMailStore(clock);
            }
            EngineMetrics metrics = meterRegistry == null ? EngineMetrics.NOOP : new MicrometerMetrics(meterRegistry);
            EngineConfig config = new EngineConfig(
                    emailStore != null ? emailStore : defaults,
                    syncStateStore != null ? syncStateStore : defaults,
                    accountStore != null ? accountStore : defaults,
                    credentialStore != null ? credentialStore : defaults,
                    tokenRefresher, providers, pushTargets, processors, listeners, clock, metrics, pageSize,
                    initialBackoff, maxBackoff, processing,
                    processingQueue != null ? processingQueue : defaults,
                    resultStore != null ? resultStore : defaults,
                    priorityScorer, shutdownTimeout);
            return new MailSync(new SyncEngine(config));
        }
    }
}
