package io.mailsync.core.memory;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateConflictException;
import io.mailsync.core.spi.AccountRecord;
import io.mailsync.core.spi.AccountStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.CredentialStore;
import io.mailsync.core.spi.ForwardingProcessingQueue;
import io.mailsync.core.spi.ProcessingJob;
import io.mailsync.core.spi.ProcessingResultStore;
import io.mailsync.core.spi.QueueingSyncStore;
import io.mailsync.core.spi.StoredCursor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Every store SPI in memory: messages, cursors, accounts, credentials, the processing queue
 * ({@link InMemoryProcessingQueue}) and processing results. A batch, its cursor and the jobs of its new messages are
 * written atomically ({@link QueueingSyncStore}). Thread-safe; accounts are locked independently, so syncs of
 * different accounts never wait for each other. Nothing survives the JVM; credentials are held in plain memory.
 */
public final class InMemoryMailStore implements QueueingSyncStore, ForwardingProcessingQueue, AccountStore,
        CredentialStore, ProcessingResultStore {

    private final Clock clock;
    private final ConcurrentHashMap<AccountId, Mailbox> mailboxes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AccountId, AccountRecord> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AccountId, Credential> credentials = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ResultKey, ProcessingResult> results = new ConcurrentHashMap<>();
    private final InMemoryProcessingQueue queue;

    private record ResultKey(AccountId accountId, String providerMessageId, String processor, int version) {
    }

    /** A store whose cursor timestamps come from the system clock. */
    public InMemoryMailStore() {
        this(Clock.systemUTC());
    }

    /** A store whose cursor timestamps come from {@code clock}. */
    public InMemoryMailStore(Clock clock) {
        this.clock = clock;
        this.queue = new InMemoryProcessingQueue(clock, InMemoryProcessingQueue.DEFAULT_AGEING_STEP);
    }

    // ---------------------------------------------------------------- EmailStore

    @Override
    public ApplyResult apply(ChangeBatch batch) {
        Mailbox box = mailbox(batch.accountId());
        synchronized (box) {
            return box.apply(batch);
        }
    }

    @Override
    public ApplyResult applyAndSave(ChangeBatch batch, long expectedCursorVersion) {
        Mailbox box = mailbox(batch.accountId());
        synchronized (box) {
            box.checkVersion(batch.accountId(), batch.folderId(), expectedCursorVersion);
            ApplyResult result = box.apply(batch);
            box.cursors.put(batch.folderId(), new StoredCursor(batch.nextCursor(), expectedCursorVersion + 1,
                    clock.instant()));
            return result;
        }
    }

    @Override
    public ApplyResult applyAndSaveAndEnqueue(ChangeBatch batch, long expectedCursorVersion,
                                              ToIntFunction<EmailMessage> priority) {
        Mailbox box = mailbox(batch.accountId());
        synchronized (box) {
            ApplyResult result = applyAndSave(batch, expectedCursorVersion);
            if (!result.inserted().isEmpty()) {
                queue.enqueue(ProcessingJob.forInserted(batch, result, priority, clock.instant()));
            }
            return result;
        }
    }

    @Override
    public Optional<EmailMessage> find(AccountId accountId, String providerMessageId) {
        Mailbox box = mailboxes.get(accountId);
        if (box == null) {
            return Optional.empty();
        }
        synchronized (box) {
            return Optional.ofNullable(box.messages.get(providerMessageId));
        }
    }

    @Override
    public Set<String> providerMessageIds(AccountId accountId, FolderId folderId) {
        Mailbox box = mailboxes.get(accountId);
        if (box == null) {
            return Set.of();
        }
        synchronized (box) {
            if (folderId.equals(FolderId.ALL)) {
                return Set.copyOf(box.messages.keySet());
            }
            return Set.copyOf(box.byFolder.getOrDefault(folderId, Set.of()));
        }
    }

    @Override
    public long count(AccountId accountId) {
        Mailbox box = mailboxes.get(accountId);
        if (box == null) {
            return 0;
        }
        synchronized (box) {
            return box.messages.size();
        }
    }

    /** Every stored message of the account, ordered by folder then provider id. */
    public List<EmailMessage> messages(AccountId accountId) {
        Mailbox box = mailboxes.get(accountId);
        if (box == null) {
            return List.of();
        }
        List<EmailMessage> all;
        synchronized (box) {
            all = new ArrayList<>(box.messages.values());
        }
        all.sort(Comparator.comparing((EmailMessage m) -> m.folderId().value()).thenComparing(EmailMessage::providerMessageId));
        return all;
    }

    // ---------------------------------------------------------------- SyncStateStore

    @Override
    public Optional<StoredCursor> load(AccountId accountId, FolderId folderId) {
        Mailbox box = mailboxes.get(accountId);
        if (box == null) {
            return Optional.empty();
        }
        synchronized (box) {
            return Optional.ofNullable(box.cursors.get(folderId));
        }
    }

    @Override
    public List<StoredCursor> loadAll(AccountId accountId) {
        Mailbox box = mailboxes.get(accountId);
        if (box == null) {
            return List.of();
        }
        synchronized (box) {
            return List.copyOf(box.cursors.values());
        }
    }

    @Override
    public long save(AccountId accountId, SyncCursor cursor, long expectedVersion) {
        Mailbox box = mailbox(accountId);
        synchronized (box) {
            box.checkVersion(accountId, cursor.folderId(), expectedVersion);
            box.cursors.put(cursor.folderId(), new StoredCursor(cursor, expectedVersion + 1, clock.instant()));
            return expectedVersion + 1;
        }
    }

    @Override
    public void delete(AccountId accountId, FolderId folderId) {
        Mailbox box = mailboxes.get(accountId);
        if (box != null) {
            synchronized (box) {
                box.cursors.remove(folderId);
            }
        }
    }

    @Override
    public void deleteAll(AccountId accountId) {
        Mailbox box = mailboxes.get(accountId);
        if (box != null) {
            synchronized (box) {
                box.cursors.clear();
            }
        }
    }

    // ---------------------------------------------------------------- AccountStore

    @Override
    public void save(AccountRecord account) {
        accounts.put(account.accountId(), account);
    }

    @Override
    public Optional<AccountRecord> find(AccountId accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public List<AccountRecord> findAll() {
        return List.copyOf(accounts.values());
    }

    // AccountStore.delete and CredentialStore.delete share a signature: one call forgets both.
    /** Forgets the account's row and its credential (messages and cursors stay). */
    @Override
    public void delete(AccountId accountId) {
        accounts.remove(accountId);
        credentials.remove(accountId);
    }

    // ---------------------------------------------------------------- CredentialStore

    @Override
    public Optional<Credential> load(AccountId accountId) {
        return Optional.ofNullable(credentials.get(accountId));
    }

    @Override
    public void save(AccountId accountId, Credential credential) {
        credentials.put(accountId, credential);
    }

    // ---------------------------------------------------------------- ProcessingQueue

    /** The in-memory queue this store is (every {@link io.mailsync.core.spi.ProcessingQueue} call goes there). */
    @Override
    public InMemoryProcessingQueue processingQueueDelegate() {
        return queue;
    }

    // ---------------------------------------------------------------- ProcessingResultStore

    @Override
    public void saveResults(List<ProcessingResult> newResults) {
        for (ProcessingResult r : newResults) {
            results.putIfAbsent(new ResultKey(r.accountId(), r.providerMessageId(), r.processor(),
                    r.processorVersion()), r);
        }
    }

    @Override
    public List<ProcessingResult> results(AccountId accountId, String providerMessageId) {
        return results.values().stream()
                .filter(r -> r.accountId().equals(accountId) && r.providerMessageId().equals(providerMessageId))
                .sorted(Comparator.comparing(ProcessingResult::processor).thenComparing(ProcessingResult::processorVersion))
                .toList();
    }

    @Override
    public boolean hasResult(AccountId accountId, String providerMessageId, String processor, int processorVersion) {
        return results.containsKey(new ResultKey(accountId, providerMessageId, processor, processorVersion));
    }

    private Mailbox mailbox(AccountId accountId) {
        return mailboxes.computeIfAbsent(accountId, id -> new Mailbox());
    }

    /** One account's data; guarded by its own monitor. */
    private static final class Mailbox {
        final Map<String, EmailMessage> messages = new HashMap<>();
        final Map<FolderId, Set<String>> byFolder = new HashMap<>();
        final Map<FolderId, StoredCursor> cursors = new HashMap<>();

        void checkVersion(AccountId accountId, FolderId folderId, long expected) {
            StoredCursor current = cursors.get(folderId);
            long actual = current == null ? 0 : current.version();
            if (actual != expected) {
                throw new SyncStateConflictException(accountId, folderId, expected, actual);
            }
        }

        ApplyResult apply(ChangeBatch batch) {
            Set<String> inserted = new LinkedHashSet<>();
            Set<String> updated = new LinkedHashSet<>();
            Set<String> deleted = new LinkedHashSet<>();
            for (EmailMessage m : batch.upserts()) {
                EmailMessage previous = messages.put(m.providerMessageId(), m);
                if (previous == null) {
                    inserted.add(m.providerMessageId());
                } else if (!previous.equals(m)) {
                    unindex(previous);
                    if (!inserted.contains(m.providerMessageId())) {
                        updated.add(m.providerMessageId());
                    }
                }
                byFolder.computeIfAbsent(m.folderId(), f -> new HashSet<>()).add(m.providerMessageId());
            }
            for (FlagUpdate f : batch.flagUpdates()) {
                EmailMessage previous = messages.get(f.providerMessageId());
                if (previous != null && !previous.flags().equals(f.flags())) {
                    messages.put(f.providerMessageId(), previous.withFlags(f.flags()));
                    if (!inserted.contains(f.providerMessageId())) {
                        updated.add(f.providerMessageId());
                    }
                }
            }
            for (String id : batch.deletions()) {
                EmailMessage previous = messages.get(id);
                if (previous != null && previous.folderId().equals(batch.folderId())) {
                    messages.remove(id);
                    unindex(previous);
                    updated.remove(id);
                    if (!inserted.remove(id)) {
                        deleted.add(id);
                    }
                }
            }
            return new ApplyResult(inserted, updated, deleted);
        }

        private void unindex(EmailMessage m) {
            Set<String> ids = byFolder.get(m.folderId());
            if (ids != null) {
                ids.remove(m.providerMessageId());
            }
        }
    }
}
