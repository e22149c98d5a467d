package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.TriggerSink;
import io.mailsync.testkit.corpus.CorpusMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * One scripted account's mailbox: folders, messages and a change log, mutated by a test, read by the engine through
 * {@link ScriptedMailProvider}. Behaves like a delta-capable provider: a full round pages through a snapshot newest
 * first; later rounds replay the change log after the snapshot (with harmless replays, as Graph does); cursors carry
 * an epoch that {@link #invalidateCursors()} bumps, so old cursors fail like Graph's 410. Thread-safe.
 */
public final class ScriptedMailbox {

    /** A change of the log. */
    private record Change(long seq, FolderId folder, Kind kind, String id) {
    }

    private enum Kind { ADDED, FLAGS, DELETED }

    /** A message with the sequence number of its creation. */
    private record Entry(EmailMessage message, long createdSeq) {
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator
            .comparing((Entry e) -> e.message().receivedAt()).reversed()
            .thenComparing(e -> e.message().providerMessageId());

    private final AccountId accountId;
    private final Map<FolderId, MailFolder> folders = new LinkedHashMap<>();
    private final Map<String, Entry> messages = new LinkedHashMap<>();
    private final List<Change> log = new ArrayList<>();
    private final Deque<Fault> fetchFaults = new ArrayDeque<>();
    private final Deque<Fault> openFaults = new ArrayDeque<>();
    private final Map<FolderId, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private long seq;
    private int epoch = 1;
    private int nextId = 1;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");
    private volatile Duration latency = Duration.ZERO;
    private volatile int folderConcurrency = 1;
    private Fault permanentFault;
    private FolderId failingFolder;
    private TriggerSink pushSink;
    private boolean pushSupported;
    private Duration pushLifetime;
    private int pushRegistrations;
    private int pushRenewals;
    private int pushStops;

    ScriptedMailbox(AccountId accountId) {
        this.accountId = accountId;
        folders.put(FolderId.of("INBOX"), new MailFolder(FolderId.of("INBOX"), "INBOX", FolderRole.INBOX));
    }

    /** The account this mailbox belongs to. */
    public AccountId accountId() {
        return accountId;
    }

    // ---------------------------------------------------------------- folders and mutations

    /** Adds a folder. INBOX exists from the start. */
    public synchronized ScriptedMailbox addFolder(String name, FolderRole role) {
        FolderId id = FolderId.of(name);
        folders.put(id, new MailFolder(id, name, role));
        return this;
    }

    /** Delivers a generated message to {@code folder}; returns it as stored. */
    public EmailMessage deliver(String folder) {
        return deliver(folder, b -> b);
    }

    /** Delivers a generated message to {@code folder}, customised by {@code customizer}; returns it as stored. */
    public EmailMessage deliver(String folder, UnaryOperator<EmailMessage.Builder> customizer) {
        return deliver(folder, (id, folderId) -> {
            EmailMessage.Builder builder = EmailMessage.builder(accountId, id)
                    .folderId(folderId)
                    .internetMessageId(id + "." + accountId.value() + "@scripted.test")
                    .from(EmailAddress.of("Sender " + id, "sender-" + id + "@example.org"))
                    .to(List.of(EmailAddress.of("owner@example.com")))
                    .subject("Message " + id)
                    .snippet("Body of " + id)
                    .sentAt(clock.minusSeconds(5))
                    .receivedAt(clock)
                    .size(1024)
                    .textBody("Body of " + id);
            return customizer.apply(builder).build();
        });
    }

    /** Delivers a message of a generated corpus to {@code folder}, as the provider would parse it. */
    public EmailMessage deliver(String folder, CorpusMessage message) {
        return deliver(folder, (id, folderId) -> message.toEmailMessage(accountId, id, folderId));
    }

    private EmailMessage deliver(String folder, BiFunction<String, FolderId, EmailMessage> factory) {
        EmailMessage message;
        TriggerSink sink;
        synchronized (this) {
            FolderId folderId = requireFolder(folder);
            String id = "m" + nextId++;
            clock = clock.plusSeconds(60);
            message = factory.apply(id, folderId);
            if (!message.providerMessageId().equals(id) || !message.folderId().equals(folderId)) {
                throw new IllegalArgumentException("the customizer must keep the id and folder");
            }
            messages.put(id, new Entry(message, ++seq));
            log.add(new Change(seq, folderId, Kind.ADDED, id));
            sink = pushSink;
        }
        notifyPush(sink, message.folderId());
        return message;
    }

    /** Delivers {@code count} generated messages to {@code folder}. */
    public List<EmailMessage> deliverMany(String folder, int count) {
        List<EmailMessage> delivered = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            delivered.add(deliver(folder));
        }
        return delivered;
    }

    /** Replaces the flags of a message. */
    public void setFlags(String providerMessageId, Set<String> flags) {
        FolderId folder;
        TriggerSink sink;
        synchronized (this) {
            Entry e = requireMessage(providerMessageId);
            messages.put(providerMessageId, new Entry(e.message().withFlags(flags), e.createdSeq()));
            folder = e.message().folderId();
            log.add(new Change(++seq, folder, Kind.FLAGS, providerMessageId));
            sink = pushSink;
        }
        notifyPush(sink, folder);
    }

    /** Deletes a message. */
    public void delete(String providerMessageId) {
        FolderId folder;
        TriggerSink sink;
        synchronized (this) {
            Entry e = requireMessage(providerMessageId);
            messages.remove(providerMessageId);
            folder = e.message().folderId();
            log.add(new Change(++seq, folder, Kind.DELETED, providerMessageId));
            sink = pushSink;
        }
        notifyPush(sink, folder);
    }

    /** The mailbox's messages now, ordered by id: what a complete sync must have stored. */
    public synchronized List<EmailMessage> messages() {
        return messages.values().stream().map(Entry::message)
                .sorted(Comparator.comparing((EmailMessage m) -> m.folderId().value())
                        .thenComparing(EmailMessage::providerMessageId))
                .toList();
    }

    /** Makes every cursor issued so far invalid, like Graph's 410 Gone or an IMAP UIDVALIDITY change. */
    public synchronized void invalidateCursors() {
        epoch++;
    }

    // ---------------------------------------------------------------- faults, latency, push

    /** The next fetches fail with these faults, one each, in order. */
    public synchronized ScriptedMailbox failNextFetches(Fault... faults) {
        fetchFaults.addAll(List.of(faults));
        return this;
    }

    /** The next {@code count} fetches fail with {@code fault}. */
    public synchronized ScriptedMailbox failNextFetches(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            fetchFaults.add(fault);
        }
        return this;
    }

    /** Every fetch fails with {@code fault} until {@link #clearFaults()}. */
    public synchronized ScriptedMailbox failAlways(Fault fault) {
        permanentFault = fault;
        return this;
    }

    /** Every fetch of this folder only fails with {@code fault} until {@link #clearFaults()}. */
    public synchronized ScriptedMailbox failFolder(String folder, Fault fault) {
        failingFolder = requireFolder(folder);
        permanentFault = fault;
        return this;
    }

    /** The next session opens fail with these faults. */
    public synchronized ScriptedMailbox failNextOpens(Fault... faults) {
        openFaults.addAll(List.of(faults));
        return this;
    }

    /** Removes every pending and permanent fault. */
    public synchronized void clearFaults() {
        fetchFaults.clear();
        openFaults.clear();
        permanentFault = null;
        failingFolder = null;
    }

    /** Each fetch takes this long (a slow provider). */
    public ScriptedMailbox latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /**
     * How many folders the engine may sync at once on a session of this mailbox (the session's
     * {@code folderConcurrency()}); default 1, as for an IMAP connection.
     */
    public ScriptedMailbox folderConcurrency(int folders) {
        if (folders < 1) {
            throw new IllegalArgumentException("folders must be >= 1, was " + folders);
        }
        this.folderConcurrency = folders;
        return this;
    }

    int folderConcurrency() {
        return folderConcurrency;
    }

    /**
     * Offers push: while registered, every mutation triggers a sync of its folder through the engine, as IDLE or a
     * webhook would. A {@code lifetime} makes the registration expire and ask for renewal at 80 % of it.
     */
    public synchronized ScriptedMailbox supportPush(Duration lifetime) {
        pushSupported = true;
        pushLifetime = lifetime;
        return this;
    }

    /** How many times each folder was fetched. */
    public int fetchCount(String folder) {
        AtomicInteger n = fetches.get(FolderId.of(folder));
        return n == null ? 0 : n.get();
    }

    /** How many fetches of any folder ran. */
    public int fetchCount() {
        return fetches.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The most fetches of this mailbox that ever ran at the same time. */
    public int maxConcurrentFetches() {
        return maxInFlight.get();
    }

    /** How many sessions were opened. */
    public int openCount() {
        return opens.get();
    }

    /** How many times push was registered, renewed and stopped. */
    public synchronized int[] pushCounts() {
        return new int[] {pushRegistrations, pushRenewals, pushStops};
    }

    // ---------------------------------------------------------------- what the provider calls

    synchronized void open() {
        opens.incrementAndGet();
        Fault fault = openFaults.poll();
        if (fault != null) {
            throw fault.toException(accountId, FolderId.ALL);
        }
    }

    synchronized List<MailFolder> folders() {
        return List.copyOf(folders.values());
    }

    ChangeBatch fetch(FetchRequest request) {
        fetches.computeIfAbsent(request.folderId(), f -> new AtomicInteger()).incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            sleep(latency);
            return read(request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private ChangeBatch read(FetchRequest request) {
        synchronized (this) {
            Fault fault = fetchFaults.poll();
            if (fault == null && permanentFault != null
                    && (failingFolder == null || failingFolder.equals(request.folderId()))) {
                fault = permanentFault;
            }
            if (fault != null) {
                throw fault.toException(accountId, request.folderId());
            }
            requireFolder(request.folderId().value());
            Optional<SyncCursor> cursor = request.cursor();
            if (cursor.isPresent() && cursor.get().getLong("epoch").orElse(0L) != epoch) {
                throw new SyncStateInvalidException(accountId, request.folderId(), "cursor of an older epoch",
                        "410 Gone: syncStateNotFound", null);
            }
            if (cursor.isEmpty() || !cursor.get().isIncremental()) {
                return snapshotPage(request);
            }
            return changesPage(request, cursor.get().getLong("seq").orElseThrow());
        }
    }

    private ChangeBatch snapshotPage(FetchRequest request) {
        FolderId folder = request.folderId();
        SyncCursor at = request.cursor().orElse(null);
        long snapshot = at == null ? seq : at.getLong("snapshot").orElseThrow();
        long remaining = at == null ? request.limit().orElse(Integer.MAX_VALUE) : at.getLong("remaining").orElseThrow();
        List<Entry> round = messages.values().stream()
                .filter(e -> e.message().folderId().equals(folder) && e.createdSeq() <= snapshot)
                .sorted(NEWEST_FIRST).toList();
        int start = 0;
        if (at != null && at.get("afterId").isPresent()) {
            Entry after = new Entry(EmailMessage.builder(accountId, at.get("afterId").get())
                    .receivedAt(Instant.parse(at.get("afterReceived").get())).build(), 0);
            while (start < round.size() && NEWEST_FIRST.compare(round.get(start), after) <= 0) {
                start++;
            }
        }
        int take = (int) Math.min(Math.min(request.pageSize(), remaining), round.size() - start);
        List<Entry> page = round.subList(start, start + take);
        long left = remaining - take;
        boolean more = left > 0 && start + take < round.size();
        SyncCursor next;
        if (more) {
            Entry last = page.get(page.size() - 1);
            next = SyncCursor.of(folder, SyncCursor.Phase.HISTORICAL, Map.of("epoch", Integer.toString(epoch),
                    "snapshot", Long.toString(snapshot), "remaining", Long.toString(left),
                    "afterId", last.message().providerMessageId(),
                    "afterReceived", last.message().receivedAt().toString()));
        } else {
            next = incremental(folder, snapshot);
        }
        ChangeBatch.Builder batch = ChangeBatch.builder(accountId, folder, next).hasMore(more)
                .estimatedTotal(Math.min(round.size(), request.limit().orElse(Integer.MAX_VALUE)));
        page.forEach(e -> batch.upsert(e.message()));
        return batch.build();
    }

    private ChangeBatch changesPage(FetchRequest request, long since) {
        FolderId folder = request.folderId();
        int taken = 0;
        long last = since;
        boolean more = false;
        List<EmailMessage> upserts = new ArrayList<>();
        List<FlagUpdate> flags = new ArrayList<>();
        List<String> deletions = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (Change c : log) {
            if (c.seq() <= since || !c.folder().equals(folder)) {
                continue;
            }
            if (taken == request.pageSize()) {
                more = true;
                break;
            }
            Entry current = messages.get(c.id());
            switch (c.kind()) {
                case ADDED -> {
                    if (current != null) {
                        upserts.add(current.message());
                    } else {
                        gone.add(c.id()); // announced, deleted before this fetch
                    }
                }
                case FLAGS -> {
                    if (current != null) {
                        flags.add(new FlagUpdate(c.id(), current.message().flags()));
                    }
                }
                case DELETED -> deletions.add(c.id());
            }
            taken++;
            last = c.seq();
        }
        ChangeBatch.Builder batch = ChangeBatch.builder(accountId, folder, incremental(folder, last))
                .hasMore(more).upserts(upserts);
        flags.forEach(batch::flagUpdate);
        deletions.forEach(batch::deletion);
        gone.forEach(batch::notFetchable);
        return batch.build();
    }

    private SyncCursor incremental(FolderId folder, long at) {
        return SyncCursor.of(folder, SyncCursor.Phase.INCREMENTAL,
                Map.of("epoch", Integer.toString(epoch), "seq", Long.toString(at)));
    }

    synchronized ScriptedPush startPush(TriggerSink sink) {
        if (!pushSupported) {
            return null;
        }
        pushSink = sink;
        pushRegistrations++;
        return new ScriptedPush(this, "scripted-push-" + pushRegistrations, pushLifetime);
    }

    synchronized void pushRenewed() {
        pushRenewals++;
    }

    synchronized void pushEnded(boolean stopped) {
        pushSink = null;
        if (stopped) {
            pushStops++;
        }
    }

    private void notifyPush(TriggerSink sink, FolderId folder) {
        if (sink != null) {
            sink.trigger(accountId, folder, TriggerSource.IDLE);
        }
    }

    private FolderId requireFolder(String name) {
        FolderId id = FolderId.of(name);
        if (!folders.containsKey(id)) {
            throw new IllegalArgumentException("no folder " + name + " in the scripted mailbox of " + accountId);
        }
        return id;
    }

    private Entry requireMessage(String id) {
        Entry e = messages.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no message " + id + " in the scripted mailbox of " + accountId);
        }
        return e;
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.mailsync.core.ProviderUnavailableException(null, "interrupted", null, e);
        }
    }
}
