package io.mailsync.examples.cli;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncState;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.processing.CategoryProcessor;
import io.mailsync.core.processing.ContactsProcessor;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.examples.demo.Database;
import io.mailsync.examples.demo.ProgressBar;
import io.mailsync.examples.demo.ShutdownSignal;
import io.mailsync.jdbc.JdbcMailStore;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every {@code sync} command does once its provider is built: open the store, register the account, run the
 * historical sync with a progress line, report, and with {@code --follow} keep real-time sync running (printing each
 * new message) until Ctrl-C or {@code --follow-for}. Credentials are kept in memory only, for this run. Not
 * thread-safe.
 */
final class SyncRunner {

    /**
     * What one sync command asks for.
     *
     * @param options        the account's options
     * @param credential     the secret, from the environment
     * @param where          the server, for messages (host:port or URL)
     * @param credentialHint the option to check when the credential is refused
     * @param folders        the folders to read; empty for all
     */
    record Request(SyncOptions options, Credential credential, String where, String credentialHint,
                   Set<FolderId> folders) {
    }

    private final MailsyncCli root;
    private final StoreOptions storeOptions;
    private final SyncFlags flags;

    SyncRunner(MailsyncCli root, StoreOptions storeOptions, SyncFlags flags) {
        this.root = root;
        this.storeOptions = storeOptions;
        this.flags = flags;
    }

    /** Runs the sync; returns {@link ExitCode#OK} or throws {@link CliFailure}. */
    int run(MailProvider provider, Request request) throws Exception {
        flags.validate();
        PrintStream out = root.out;
        AccountId account = request.options().accountId();
        InMemoryMailStore credentials = new InMemoryMailStore();
        credentials.save(account, request.credential());
        try (MailProvider closedLast = provider; // MailSync closes it too; closing twice is harmless
             ShutdownSignal signal = ShutdownSignal.install();
             Database db = storeOptions.open(root.env)) {
            JdbcMailStore store = storeOptions.store(db);
            try (MailSync mailSync = MailSync.builder().store(store).credentialStore(credentials).provider(provider)
                    .processor(CategoryProcessor.defaults()).processor(new ContactsProcessor(store.contacts()))
                    .listener(event -> onEvent(out, account, event))
                    .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).shutdownTimeout(Duration.ofSeconds(5))
                    .build()) {
                boolean wasAuthRequired = store.find(account).map(r -> r.state() == SyncState.AUTH_REQUIRED)
                        .orElse(false);
                mailSync.registerAccount(request.options());
                if (wasAuthRequired) {
                    mailSync.restartSync(account); // new credentials were given: try again
                }
                out.printf("syncing %s (%s) into %s%n", account.value(), request.where(), db.describe());
                SyncReport report = historical(mailSync, account, request.folders(), signal);
                if (report == null) {
                    return ExitCode.OK;
                }
                if (!report.isSuccess()) {
                    throw Failures.of(report.failures().values().iterator().next(), request.where(),
                            request.credentialHint());
                }
                out.printf("historical sync: %,d new, %,d updated, %,d deleted in %.1f s; the store holds %,d messages "
                                + "of %s%n", report.inserted(), report.updated(), report.deleted(),
                        report.elapsed().toMillis() / 1000.0, store.count(account), account.value());
                if (flags.follow) {
                    follow(mailSync, request.options(), signal);
                }
                return ExitCode.OK;
            }
        }
    }

    private SyncReport historical(MailSync mailSync, AccountId account, Set<FolderId> folders, ShutdownSignal signal)
            throws InterruptedException {
        ProgressBar bar = new ProgressBar(root.out, ProgressBar.stdoutIsTerminal(), 0);
        Map<FolderId, Long> done = new ConcurrentHashMap<>();
        Map<FolderId, Long> totals = new ConcurrentHashMap<>();
        HistoricalSyncOptions.Builder options = HistoricalSyncOptions.builder().folders(folders).progress(p -> {
            done.put(p.folderId(), p.synced());
            p.estimatedTotal().ifPresent(t -> totals.put(p.folderId(), Math.max(t, p.synced())));
            bar.total(sum(totals));
            bar.update(p.folderId().value(), sum(done));
        });
        if (flags.limit != null) {
            options.limit(flags.limit);
        }
        CompletableFuture<SyncReport> future = mailSync.startHistoricalSync(account, options.build());
        while (!future.isDone()) {
            if (signal.await(Duration.ofMillis(100))) {
                bar.finish("interrupted", sum(done));
                return null;
            }
        }
        SyncReport report = future.join();
        bar.finish("done", sum(done));
        return report;
    }

    private void follow(MailSync mailSync, SyncOptions options, ShutdownSignal signal) throws InterruptedException {
        SyncOptions realtime = options.toBuilder().pollingInterval(Duration.ofSeconds(flags.pollSeconds)).build();
        mailSync.startRealTimeSync(realtime);
        Optional<Duration> limit = flags.followLimit();
        root.out.printf("following %s in real time (polling every %d s)%s%n", options.accountId().value(),
                flags.pollSeconds, limit.map(d -> " for " + d.toSeconds() + " s").orElse("; Ctrl-C to stop"));
        boolean stopped = signal.await(limit.orElse(Duration.ofDays(36_500)));
        root.out.println(stopped ? "stopping (Ctrl-C)" : "stopping (--follow-for elapsed)");
    }

    private static void onEvent(PrintStream out, AccountId account, SyncEvent event) {
        switch (event) {
            case SyncEvent.MessageCreated c when c.accountId().equals(account) ->
                    out.printf("new: [%s] \"%s\" from %s%n", c.message().folderId().value(), c.message().subject(),
                            c.message().from().map(a -> a.address()).orElse("(no sender)"));
            case SyncEvent.StatusChanged s when s.accountId().equals(account) && s.to() == SyncState.BACKOFF ->
                    out.printf("backing off: %s%n", s.error().map(e -> e.message()).orElse("(no detail)"));
            default -> { }
        }
    }

    private static long sum(Map<FolderId, Long> values) {
        return values.values().stream().mapToLong(Long::longValue).sum();
    }
}
