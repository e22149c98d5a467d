package io.mailsync.examples.demo;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.processing.CategoryProcessor;
import io.mailsync.core.processing.ContactsProcessor;
import io.mailsync.core.processing.RulePriorityScorer;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapMailProvider;
import io.mailsync.imap.ImapSecurity;
import io.mailsync.jdbc.JdbcMailStore;
import io.mailsync.testkit.corpus.CorpusMessage;
import io.mailsync.testkit.corpus.MailCorpus;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of the demo, phase by phase: start the IMAP server and seed it, start PostgreSQL, historical sync with a
 * progress bar, real time while new mail arrives, summary. Everything it starts is closed before {@link #run()}
 * returns, in reverse order, also when it fails or Ctrl-C cuts it short. Not thread-safe.
 */
final class DemoRun {

    private static final AccountId ACCOUNT = AccountId.of("demo");
    private static final Duration POLLING = Duration.ofSeconds(10);
    private static final Duration ARRIVAL_GRACE = Duration.ofSeconds(10);

    private final DemoSettings settings;
    private final PrintStream out;
    private final ShutdownSignal signal;
    private final String imapPassword = UUID.randomUUID().toString();
    private final RulePriorityScorer scorer = RulePriorityScorer.builder().build();
    private boolean failed;

    DemoRun(DemoSettings settings, PrintStream out, ShutdownSignal signal) {
        this.settings = settings;
        this.out = out;
        this.signal = signal;
    }

    /** Whether the sync reported failures. */
    boolean failed() {
        return failed;
    }

    /** Runs the demo; the summary is empty when it was cut short before the historical sync ended. */
    DemoSummary run() throws InterruptedException {
        resetHeapPeaks();
        DemoSummary summary;
        try (DemoMailbox mailbox = DemoMailbox.start(settings.imapPort(), imapPassword)) {
            say("IMAP server (GreenMail, in this JVM) listening on %s:%d", mailbox.host(), mailbox.port());
            Map<String, Long> seeded = seed(mailbox);
            try (Database db = openDatabase()) {
                say("store: %s", db.describe());
                summary = syncAndWatch(mailbox, db, seeded);
            }
        }
        if (summary != null) {
            summary.print(out);
        }
        say("closed: mailsync, PostgreSQL and the IMAP server are stopped");
        return summary;
    }

    private Map<String, Long> seed(DemoMailbox mailbox) {
        say("phase 1: seeding the mailbox with %,d realistic messages from the test kit's corpus", settings.messages());
        MailCorpus corpus = MailCorpus.builder().seed(2026).owner(DemoMailbox.NAME, DemoMailbox.EMAIL).build();
        ProgressBar bar = new ProgressBar(out, ProgressBar.stdoutIsTerminal(), settings.messages());
        Map<String, Long> seeded = mailbox.seed(corpus.iterator(settings.messages()), n -> bar.update("appending", n));
        bar.finish("appended", settings.messages());
        say("mailbox %s: %s", DemoMailbox.EMAIL, seeded);
        return seeded;
    }

    private Database openDatabase() {
        if (settings.jdbcUrl().isPresent()) {
            return Database.external(settings.jdbcUrl().get(), settings.jdbcUser().orElse(null),
                    settings.jdbcPassword().orElse(null));
        }
        say("starting an embedded PostgreSQL (zonky) ...");
        return Database.embedded(Optional.empty());
    }

    private DemoSummary syncAndWatch(DemoMailbox mailbox, Database db, Map<String, Long> seeded)
            throws InterruptedException {
        String schema = db.isEmbedded() ? "mailsync" : "mailsync_demo_" + UUID.randomUUID().toString().substring(0, 8);
        JdbcMailStore store = db.store(schema);
        try {
            return syncAndWatch(mailbox, store, seeded, db);
        } finally {
            if (!db.isEmbedded()) {
                dropSchema(store, schema);
            }
        }
    }

    private DemoSummary syncAndWatch(DemoMailbox mailbox, JdbcMailStore store, Map<String, Long> seeded, Database db)
            throws InterruptedException {
        InMemoryMailStore credentials = new InMemoryMailStore();
        credentials.save(ACCOUNT, Credential.password(DemoMailbox.USER, imapPassword));
        ImapMailProvider imap = ImapMailProvider.builder().host(mailbox.host()).port(mailbox.port())
                .security(ImapSecurity.PLAIN).connectTimeout(Duration.ofSeconds(5))
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)).build();
        SyncOptions options = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("demo-user")
                .email(DemoMailbox.EMAIL).pollingInterval(POLLING).build();
        try (ArrivalMonitor monitor = new ArrivalMonitor(out, ACCOUNT, scorer);
             MailSync mailSync = MailSync.builder().store(store).credentialStore(credentials).provider(imap)
                     .processor(CategoryProcessor.defaults()).processor(new ContactsProcessor(store.contacts()))
                     .priorityScorer(scorer).listener(monitor).pageSize(500)
                     .backoff(Duration.ofMillis(200), Duration.ofSeconds(5)).shutdownTimeout(Duration.ofSeconds(5))
                     .build()) {
            monitor.attach(mailSync, options);
            mailSync.registerAccount(options);
            SyncReport report = historical(mailSync, seeded.values().stream().mapToLong(Long::longValue).sum());
            if (report == null) {
                return null;
            }
            if (!report.isSuccess()) {
                failed = true;
                report.failures().forEach((folder, error) -> say("folder %s failed: %s: %s", folder.value(),
                        error.category(), error.message()));
            }
            long delivered = realTime(mailSync, options, mailbox, monitor);
            return summarise(mailSync, store, seeded, report, delivered, monitor, mailbox, db);
        }
    }

    private SyncReport historical(MailSync mailSync, long total) throws InterruptedException {
        say("phase 2: historical sync into PostgreSQL (IMAP, newest first; category + contacts processors)");
        ProgressBar bar = new ProgressBar(out, ProgressBar.stdoutIsTerminal(), total);
        Map<FolderId, Long> perFolder = new ConcurrentHashMap<>();
        CompletableFuture<SyncReport> done = mailSync.startHistoricalSync(ACCOUNT, HistoricalSyncOptions.builder()
                .progress(p -> {
                    perFolder.put(p.folderId(), p.synced());
                    bar.update(p.folderId().value(), perFolder.values().stream().mapToLong(Long::longValue).sum());
                }).build());
        while (!done.isDone()) {
            if (signal.await(Duration.ofMillis(100))) {
                bar.finish("interrupted", perFolder.values().stream().mapToLong(Long::longValue).sum());
                return null;
            }
        }
        SyncReport report = done.join();
        bar.finish("done", report.inserted());
        say("historical sync stored %,d messages in %.2f s", report.inserted(), report.elapsed().toMillis() / 1000.0);
        return report;
    }

    private long realTime(MailSync mailSync, SyncOptions options, DemoMailbox mailbox, ArrivalMonitor monitor)
            throws InterruptedException {
        mailSync.startRealTimeSync(options);
        say("phase 3: real time (IDLE on INBOX + polling every %d s); a new message every %d s for %d s",
                POLLING.toSeconds(), settings.intervalSeconds(), settings.durationSeconds());
        int expected = settings.durationSeconds() / settings.intervalSeconds() + 2;
        MailCorpus live = MailCorpus.builder().seed(7).owner(DemoMailbox.NAME, DemoMailbox.EMAIL).end(Instant.now())
                .span(Duration.ofHours(1)).build();
        Iterator<CorpusMessage> messages = live.stream(expected * 4)
                .filter(m -> m.folder().equals(MailCorpus.INBOX)).iterator();
        long end = System.nanoTime() + Duration.ofSeconds(settings.durationSeconds()).toNanos();
        long delivered = 0;
        while (System.nanoTime() < end && messages.hasNext()) {
            CorpusMessage m = messages.next();
            monitor.delivering(m.internetMessageId());
            mailbox.deliver(m.raw());
            delivered++;
            long left = end - System.nanoTime();
            long wait = Math.min(Duration.ofSeconds(settings.intervalSeconds()).toNanos(), Math.max(0, left));
            if (signal.await(Duration.ofNanos(wait))) {
                say("Ctrl-C: stopping");
                break;
            }
        }
        long deadline = System.nanoTime() + ARRIVAL_GRACE.toNanos();
        while (monitor.latenciesMillis().size() < delivered && System.nanoTime() < deadline && !signal.isRequested()) {
            Thread.sleep(50);
        }
        return delivered;
    }

    private DemoSummary summarise(MailSync mailSync, JdbcMailStore store, Map<String, Long> seeded, SyncReport report,
                                  long delivered, ArrivalMonitor monitor, DemoMailbox mailbox, Database db) {
        SyncStatus status = mailSync.getSyncStatus(ACCOUNT);
        Map<String, Long> stored = new LinkedHashMap<>();
        seeded.keySet().forEach(f -> stored.put(f, 0L));
        for (SyncStatus.FolderStatus folder : status.folders()) {
            stored.put(folder.folderId().value(), (long) store.providerMessageIds(ACCOUNT, folder.folderId()).size());
        }
        System.gc();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage() == null ? 0 : p.getPeakUsage().getUsed()).sum();
        OptionalLong pgPort = db.embeddedPort().map(p -> OptionalLong.of(p)).orElse(OptionalLong.empty());
        return new DemoSummary(seeded, stored, report.elapsed(), report.inserted(), delivered,
                monitor.latenciesMillis(), heapUsed, heapPeak, mailbox.port(), pgPort);
    }

    private void dropSchema(JdbcMailStore store, String schema) {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            say("could not drop the demo's schema %s: %s (drop it by hand)", schema, e.getMessage());
        }
    }

    private static void resetHeapPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private void say(String format, Object... args) {
        out.printf("[demo] " + format + "%n", args);
        out.flush();
    }
}
