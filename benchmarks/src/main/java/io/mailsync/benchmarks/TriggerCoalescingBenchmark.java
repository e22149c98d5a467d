package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.TriggerSource;
import io.mailsync.testkit.ScriptedMailProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Triggers per second through {@link MailSync#trigger} with 1,000 running accounts, each with a sync in flight
 * (the provider's fetch sleeps for the whole run), so every trigger is coalesced into the pending follow-up: the
 * webhook storm case. Baseline in the same run: the bare data structure work a trigger cannot avoid (a concurrent
 * map lookup and a concurrent set add of an element already present).
 */
@State(Scope.Benchmark)
@Threads(2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TriggerCoalescingBenchmark {

    static final int ACCOUNTS = 1_000;

    private MailSync mailSync;
    private AccountId[] accounts;
    private final FolderId inbox = FolderId.of("INBOX");
    private final ConcurrentHashMap<AccountId, Set<FolderId>> baselineMap = new ConcurrentHashMap<>();

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        mailSync = MailSync.builder().provider(provider).shutdownTimeout(Duration.ZERO).build();
        accounts = new AccountId[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts[i] = AccountId.of("account-" + i);
            provider.mailbox(accounts[i]).latency(Duration.ofHours(1)); // a sync in flight for the whole run
            mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.IMAP).accountId(accounts[i])
                    .userId("u" + i).email("u" + i + "@example.com").pollingInterval(Duration.ofHours(1)).build());
            Set<FolderId> set = ConcurrentHashMap.newKeySet();
            set.add(inbox);
            baselineMap.put(accounts[i], set);
        }
        while (provider.mailbox(accounts[ACCOUNTS - 1]).fetchCount() == 0) {
            Thread.sleep(10); // every account's first sync is inside its fetch
        }
        for (AccountId a : accounts) {
            mailSync.trigger(a, inbox, TriggerSource.WEBHOOK); // the follow-up is pending from now on
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        mailSync.close();
    }

    @Benchmark
    public boolean coalescedTrigger() {
        return mailSync.trigger(accounts[ThreadLocalRandom.current().nextInt(ACCOUNTS)], inbox, TriggerSource.WEBHOOK);
    }

    @Benchmark
    public boolean baselineMapLookupAndSetAdd() {
        return baselineMap.get(accounts[ThreadLocalRandom.current().nextInt(ACCOUNTS)]).add(inbox);
    }
}
