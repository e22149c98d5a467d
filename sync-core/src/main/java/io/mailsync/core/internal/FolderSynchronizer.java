package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.core.spi.PriorityScorer;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.StoredCursor;
import io.mailsync.core.spi.SyncStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Syncs one folder from its stored cursor to the provider's present: page by page, each page stored before its
 * cursor (invariant 1). A missing cursor starts a full round; an invalid one (invariant 4) restarts the round and
 * reconciles: stored messages the round did not see are deleted, and messages already stored are not announced
 * again because only really inserted rows produce "created" events. While a page is stored, the next one is
 * already being fetched (read-ahead). Stateless; thread-safe.
 */
final class FolderSynchronizer {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSynchronizer.class);
    /** Runs read-ahead fetches, each on its own virtual thread. */
    private static final Executor READ_AHEAD = task -> Thread.ofVirtual().name("mailsync-read-ahead").start(task);

    private final EmailStore emailStore;
    private final SyncStateStore stateStore;
    private final BatchCommitter committer;
    private final EventDispatcher events;
    private final ProcessingPipeline pipeline;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final int pageSize;
    private final PriorityScorer scorer;

    FolderSynchronizer(EngineConfig config, EventDispatcher events, ProcessingPipeline pipeline) {
        this.emailStore = config.emailStore();
        this.stateStore = config.syncStateStore();
        this.committer = new BatchCommitter(config.emailStore(), config.syncStateStore(), config.processingQueue(),
                config.clock());
        this.scorer = config.priorityScorer();
        this.events = events;
        this.pipeline = pipeline;
        this.metrics = config.metrics();
        this.clock = config.clock();
        this.pageSize = config.pageSize();
    }

    /** One folder sync: what to sync and whom to tell. */
    record Run(AccountRecord account, MailboxSession session, FolderState folder, OptionalInt limit,
               Consumer<SyncEvent.HistoricalSyncProgress> progress, Runnable onFullRound, BooleanSupplier stopRequested) {
    }

    /** What a folder sync changed. */
    record Outcome(long inserted, long updated, long deleted, boolean historicalCompleted) {
    }

    Outcome sync(Run run) {
        return new Round(run).execute();
    }

    /** One call of {@link #sync}: the folder's cursor, its version and what this sync changed so far. */
    private final class Round {
        private final Run run;
        private final AccountId accountId;
        private final FolderId folderId;
        private final ToIntFunction<EmailMessage> priority;
        private Optional<SyncCursor> cursor;
        private long version;
        private Reconciliation reconciliation;
        private boolean fullRound;
        private boolean resynced;
        private long inserted;
        private long updated;
        private long deleted;
        private long roundMessages;
        private Instant roundStart;

        Round(Run run) {
            this.run = run;
            this.accountId = run.account().accountId();
            this.folderId = run.folder().folderId;
            this.priority = pipeline.isEnabled() ? m -> priority(m, run.account()) : null;
            Optional<StoredCursor> stored = stateStore.load(accountId, folderId);
            this.cursor = stored.map(StoredCursor::cursor);
            this.version = stored.map(StoredCursor::version).orElse(SyncStateStore.NO_VERSION);
            if (cursor.isEmpty()) {
                reconciliation = Reconciliation.ifStored(emailStore.providerMessageIds(accountId, folderId));
            }
            run.folder().historicalComplete = cursor.map(SyncCursor::isIncremental).orElse(false);
        }

        Outcome execute() {
            if (!run.folder().historicalComplete) {
                startFullRound();
            }
            CompletableFuture<ChangeBatch> ahead = null;
            try {
                while (true) {
                    CompletableFuture<ChangeBatch> next = ahead;
                    ahead = null;
                    Optional<ChangeBatch> page = fetch(next == null ? () -> fetchPage(cursor) : () -> await(next));
                    if (page.isEmpty()) {
                        continue; // the cursor was invalid: the folder's full round starts over
                    }
                    ChangeBatch batch = page.get();
                    boolean last = !batch.hasMore() || run.stopRequested().getAsBoolean();
                    if (!last) {
                        ahead = readAhead(Optional.of(batch.nextCursor()));
                    }
                    count(store(batch));
                    cursor = Optional.of(batch.nextCursor());
                    if (fullRound) {
                        reportProgress(batch);
                    }
                    if (last || run.stopRequested().getAsBoolean()) {
                        return finish();
                    }
                }
            } finally {
                settle(ahead);
            }
        }

        private void startFullRound() {
            fullRound = true;
            run.folder().historicalComplete = false;
            run.onFullRound().run();
            roundMessages = 0;
            roundStart = clock.instant();
        }

        /** The next page, from {@code call}; empty after an invalid cursor, when the round restarts reconciling. */
        private Optional<ChangeBatch> fetch(Supplier<ChangeBatch> call) {
            try {
                return Optional.of(call.get());
            } catch (SyncStateInvalidException e) {
                if (resynced || cursor.isEmpty()) {
                    throw e; // the provider rejects even a fresh round: a real failure, retried with backoff
                }
                LOG.warn("cursor of folder {} of account {} is no longer valid ({}); resyncing the folder", folderId,
                        accountId, e.getMessage());
                resynced = true;
                cursor = Optional.empty();
                reconciliation = new Reconciliation(emailStore.providerMessageIds(accountId, folderId));
                startFullRound();
                return Optional.empty();
            }
        }

        private ChangeBatch fetchPage(Optional<SyncCursor> from) {
            ChangeBatch batch = run.session().fetchChanges(new FetchRequest(folderId, from, pageSize, run.limit()));
            checkBelongs(batch, accountId, folderId);
            return batch;
        }

        /**
         * Starts fetching the page after {@code from} on another thread while this one stores the current page, so
         * the provider and the store work at the same time. Fetching only reads the mailbox; the page is used only
         * once the current one and its cursor are stored (invariant 1 holds).
         */
        private CompletableFuture<ChangeBatch> readAhead(Optional<SyncCursor> from) {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            return CompletableFuture.supplyAsync(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                return fetchPage(from);
            }, READ_AHEAD);
        }

        /**
         * Stores a page: with its cursor; without it for the inner pages of a reconciling round (committed at its end,
         * with the deletions of what the round did not see); not at all when nothing changed.
         */
        private ApplyResult store(ChangeBatch batch) {
            if (reconciliation != null) {
                reconciliation.see(batch);
                if (batch.hasMore()) {
                    return committer.applyOnly(batch, priority, r -> announce(run.account(), batch, r));
                }
                ChangeBatch last = run.limit().isEmpty() ? batch.withExtraDeletions(reconciliation.gone(batch)) : batch;
                return commit(last);
            }
            boolean unchanged = !batch.hasMore() && batch.isEmpty() && batch.renames().isEmpty() && cursor.isPresent()
                    && cursor.get().equals(batch.nextCursor());
            if (unchanged) {
                announce(run.account(), batch, ApplyResult.EMPTY); // not-fetchable ids, if any
                return ApplyResult.EMPTY;
            }
            return commit(batch);
        }

        private ApplyResult commit(ChangeBatch batch) {
            ApplyResult result = committer.commit(batch, version, priority, r -> announce(run.account(), batch, r));
            version++;
            return result;
        }

        private void count(ApplyResult result) {
            inserted += result.inserted().size();
            updated += result.updated().size();
            deleted += result.deleted().size();
            if (!result.isEmpty()) {
                metrics.applied(run.account().options().provider(), result);
            }
        }

        private void reportProgress(ChangeBatch batch) {
            roundMessages += batch.upserts().size();
            SyncEvent.HistoricalSyncProgress progress = new SyncEvent.HistoricalSyncProgress(accountId, folderId,
                    roundMessages, batch.estimatedTotal());
            run.progress().accept(progress);
            events.emit(progress);
        }

        private Outcome finish() {
            boolean completedNow = fullRound && cursor.map(SyncCursor::isIncremental).orElse(false);
            if (completedNow) {
                run.folder().historicalComplete = true;
                events.emit(new SyncEvent.FolderHistoricalSyncCompleted(accountId, folderId, roundMessages,
                        Duration.between(roundStart, clock.instant())));
            }
            return new Outcome(inserted, updated, deleted, completedNow);
        }
    }

    /** The page a read-ahead fetched, or its failure as thrown by the provider. */
    private static ChangeBatch await(CompletableFuture<ChangeBatch> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Waits for an abandoned read-ahead (the sync failed or stopped) and drops its page: the session is then free
     * for the next call, which a session of {@code folderConcurrency() == 1} needs.
     */
    private static void settle(CompletableFuture<ChangeBatch> ahead) {
        if (ahead != null) {
            try {
                ahead.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                LOG.debug("dropped the failed read-ahead of an abandoned folder sync: {}", e.getCause(), e);
            }
        }
    }

    private static void checkBelongs(ChangeBatch batch, AccountId accountId, FolderId folderId) {
        if (!batch.accountId().equals(accountId) || !batch.folderId().equals(folderId)) {
            throw new MailSyncException(io.mailsync.core.ErrorCategory.INTERNAL, accountId,
                    "provider returned a batch of " + batch.accountId() + "/" + batch.folderId() + " when asked for "
                            + accountId + "/" + folderId, null, null);
        }
    }

    /** Created, updated, deleted and not-fetchable events; wakes the pipeline for the new messages' jobs. */
    private void announce(AccountRecord account, ChangeBatch batch, ApplyResult result) {
        AccountId accountId = account.accountId();
        if (!result.inserted().isEmpty()) {
            pipeline.signal();
            if (events.hasListeners()) {
                Set<String> announced = new HashSet<>();
                for (EmailMessage m : batch.upserts()) {
                    if (result.inserted().contains(m.providerMessageId()) && announced.add(m.providerMessageId())
                            && !m.receivedAt().isBefore(account.notifyFrom())) {
                        events.emit(new SyncEvent.MessageCreated(accountId, m));
                    }
                }
            }
        }
        if (!events.hasListeners()) {
            return;
        }
        for (String id : result.updated()) {
            events.emit(new SyncEvent.MessageUpdated(accountId, batch.folderId(), id));
        }
        for (String id : result.deleted()) {
            events.emit(new SyncEvent.MessageDeleted(accountId, batch.folderId(), id));
        }
        for (String id : batch.notFetchable()) {
            events.emit(new SyncEvent.MessageNotFetchable(accountId, batch.folderId(), id));
        }
    }

    private int priority(EmailMessage message, AccountRecord account) {
        int score = scorer.score(message, account.options());
        return Math.max(ProcessingJob.MIN_PRIORITY, Math.min(ProcessingJob.MAX_PRIORITY, score));
    }

    /** The stored ids of a folder at the start of a full round, minus what the round has seen. */
    private static final class Reconciliation {
        private final Set<String> stored;
        private final Set<String> seen = new HashSet<>();

        Reconciliation(Set<String> stored) {
            this.stored = stored;
        }

        static Reconciliation ifStored(Set<String> stored) {
            return stored.isEmpty() ? null : new Reconciliation(stored);
        }

        void see(ChangeBatch batch) {
            batch.upserts().forEach(m -> seen.add(m.providerMessageId()));
            batch.flagUpdates().forEach(f -> seen.add(f.providerMessageId()));
            seen.addAll(batch.renames().values());
        }

        List<String> gone(ChangeBatch lastBatch) {
            Set<String> already = new HashSet<>(lastBatch.deletions());
            List<String> gone = new ArrayList<>();
            for (String id : stored) {
                if (!seen.contains(id) && !already.contains(id)) {
                    gone.add(id);
                }
            }
            return gone;
        }
    }
}
