package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncState;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.imap.ImapMailProvider;
import io.mailsync.imap.ImapSecurity;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * IMAP push figures against a local Dovecot:
 * <ol>
 *   <li>latency: APPEND of a message by another client → the {@code SyncListener}'s created event for it, over 200
 *       messages one after the other; p50 and p99;</li>
 *   <li>scale: N accounts (default 1,000) in real-time sync, each holding one IDLE connection: heap used after GC and
 *       threads, against the heap and threads of the same JVM before the accounts started (the baseline).</li>
 * </ol>
 * {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapIdleLatencyBenchmark -Dbench.args=1000}
 */
public final class ImapIdleLatencyBenchmark {

    private ImapIdleLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 1_000;
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        try (DovecotServer dovecot = DovecotServer.start(2 * accounts + 50)) {
            latency(dovecot, 200);
            scale(dovecot, accounts);
        }
    }

    private static ImapMailProvider provider(DovecotServer dovecot) {
        return ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port()).security(ImapSecurity.PLAIN)
                .connectionsPerSecond(500).build();
    }

    private static SyncOptions options(AccountId id, String user) {
        return SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId(user).email(user + "@example.com")
                .notifyFrom(Instant.EPOCH).pollingInterval(Duration.ofHours(1)).build();
    }

    private static void latency(DovecotServer dovecot, int messages) throws Exception {
        dovecot.addUser("latency", "pw");
        InMemoryMailStore store = new InMemoryMailStore();
        AccountId id = AccountId.of("latency");
        store.save(id, Credential.password("latency", "pw"));
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        try (MailSync mailSync = MailSync.builder().store(store).provider(provider(dovecot))
                .listener(e -> {
                    if (e instanceof SyncEvent.MessageCreated c) {
                        c.message().internetMessageId().ifPresent(mid -> createdAt.put(mid, System.nanoTime()));
                    }
                }).build();
             ImapTestClient client = dovecot.client("latency", "pw")) {
            mailSync.startRealTimeSync(options(id, "latency"));
            awaitState(mailSync, id, SyncState.REALTIME, Duration.ofSeconds(30));
            Thread.sleep(500);
            long[] latencies = new long[messages];
            for (int i = 0; i < messages; i++) {
                String mid = TestMail.messageId(i);
                long start = System.nanoTime();
                client.append("INBOX", TestMail.message(i), null);
                long deadline = start + TimeUnit.SECONDS.toNanos(30);
                while (!createdAt.containsKey(mid)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no created event for message " + i);
                    }
                    Thread.onSpinWait();
                    Thread.sleep(0, 200_000);
                }
                latencies[i] = createdAt.get(mid) - start;
            }
            Arrays.sort(latencies);
            System.out.printf("ImapIdleLatencyBenchmark latency (APPEND -> created event, %d messages, measured under "
                    + "load): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", messages, latencies[messages / 2] / 1e6,
                    latencies[(int) Math.ceil(messages * 0.99) - 1] / 1e6, latencies[messages - 1] / 1e6);
        }
    }

    private static void scale(DovecotServer dovecot, int n) throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            users.put("idle" + i, "pw");
        }
        dovecot.addUsers(users);
        long heapBefore = heapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        InMemoryMailStore store = new InMemoryMailStore();
        long start = System.nanoTime();
        java.util.Set<AccountId> wentRealtime = ConcurrentHashMap.newKeySet();
        try (MailSync mailSync = MailSync.builder().store(store).provider(provider(dovecot))
                .listener(e -> {
                    if (e instanceof SyncEvent.StatusChanged c && c.to() == SyncState.REALTIME) {
                        wentRealtime.add(c.accountId());
                    }
                }).build()) {
            for (int i = 0; i < n; i++) {
                AccountId id = AccountId.of("idle" + i);
                store.save(id, Credential.password("idle" + i, "pw"));
                mailSync.startRealTimeSync(options(id, "idle" + i));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (wentRealtime.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(100); // each account's IDLE watcher is registered (a loaded server may need retries)
            }
            Thread.sleep(2_000); // the IDLE connections are open and idling
            double startup = (System.nanoTime() - start) / 1e9;
            long heap = heapAfterGc();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("ImapIdleLatencyBenchmark scale (%,d accounts in REALTIME, each with one IDLE connection "
                    + "and one sync connection, measured under load): started in %.1f s; heap used %.0f MB "
                    + "(baseline before the accounts %.0f MB, %.1f KB per account); platform threads %d (baseline %d)"
                    + "; IDLE runs on %s threads; %d accounts reached REALTIME%n", n, startup, heap / 1e6, heapBefore / 1e6,
                    (heap - heapBefore) / 1e3 / n, threads, threadsBefore,
                    Runtime.version().feature() >= 24 ? "virtual" : "platform", wentRealtime.size());
        }
    }

    private static void awaitState(MailSync mailSync, AccountId id, SyncState state, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (mailSync.getSyncStatus(id).state() != state) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " is " + mailSync.getSyncStatus(id).state() + ", not " + state);
            }
            Thread.sleep(20);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
