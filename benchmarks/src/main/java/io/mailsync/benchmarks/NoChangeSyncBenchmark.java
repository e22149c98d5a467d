package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.spi.AccountContext;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailProvider;
import io.mailsync.core.spi.MailboxSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The engine's cost of one incremental sync that finds nothing new: {@code syncNow} → coalescing → the account's
 * virtual thread → cursor load → provider call (which answers at once, with no change) → no store write → status
 * update → the caller sees the report. The provider does no work, so the figures are engine time.
 *
 * <ul>
 *   <li>{@code noChangeIncrementalSync}: the latency of one such sync, round trip. Baseline in the same run:
 *       handing a task to a new virtual thread and waiting for its result, the floor any asynchronous sync has.</li>
 *   <li>{@code noChangeSyncOf1000Accounts}: 1,000 accounts synced at once, per sync; with both cores busy, the thread
 *       hand-offs overlap, so (time per sync x 2 cores) is the CPU the engine spends on one sync cycle.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NoChangeSyncBenchmark {

    private static final AccountId ACCOUNT = AccountId.of("bench");
    private static final FolderId INBOX = FolderId.of("INBOX");

    static final int ACCOUNTS = 1_000;

    private MailSync mailSync;
    private ExecutorService virtualThreads;
    private final AccountId[] accounts = new AccountId[ACCOUNTS];
    @SuppressWarnings("unchecked")
    private final CompletableFuture<SyncReport>[] pending = new CompletableFuture[ACCOUNTS];

    @Setup(Level.Trial)
    public void start() throws Exception {
        mailSync = MailSync.builder().provider(new IdleProvider()).build();
        mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("u")
                .email("u@example.com").pollingInterval(Duration.ofHours(1)).build());
        mailSync.syncNow(ACCOUNT).get(); // the first (historical) round stores the cursor
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts[i] = AccountId.of("bench-" + i);
            mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.IMAP).accountId(accounts[i])
                    .userId("u" + i).email("u" + i + "@example.com").pollingInterval(Duration.ofHours(1)).build());
            mailSync.syncNow(accounts[i]).get();
        }
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void stop() {
        virtualThreads.close();
        mailSync.close();
    }

    @Benchmark
    public SyncReport noChangeIncrementalSync() throws ExecutionException, InterruptedException {
        return mailSync.syncNow(ACCOUNT).get();
    }

    @Benchmark
    @OperationsPerInvocation(ACCOUNTS)
    public void noChangeSyncOf1000Accounts() throws ExecutionException, InterruptedException {
        for (int i = 0; i < ACCOUNTS; i++) {
            pending[i] = mailSync.syncNow(accounts[i]);
        }
        for (CompletableFuture<SyncReport> p : pending) {
            p.get();
        }
    }

    @Benchmark
    public Object baselineVirtualThreadHandOff() throws ExecutionException, InterruptedException {
        return CompletableFuture.supplyAsync(() -> ACCOUNT, virtualThreads).get();
    }

    /** A provider whose mailbox never changes: one folder, the same empty page and cursor every time. */
    static final class IdleProvider implements MailProvider {
        private static final SyncCursor CURSOR = SyncCursor.of(INBOX, SyncCursor.Phase.INCREMENTAL, Map.of("seq", "1"));
        private static final List<MailFolder> FOLDERS = List.of(new MailFolder(INBOX, "INBOX", FolderRole.INBOX));

        @Override
        public Provider provider() {
            return Provider.IMAP;
        }

        @Override
        public MailboxSession open(AccountContext context) {
            ChangeBatch empty = ChangeBatch.builder(context.accountId(), INBOX, CURSOR).build();
            return new MailboxSession() {
                @Override
                public List<MailFolder> folders() {
                    return FOLDERS;
                }

                @Override
                public ChangeBatch fetchChanges(FetchRequest request) {
                    return empty;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
