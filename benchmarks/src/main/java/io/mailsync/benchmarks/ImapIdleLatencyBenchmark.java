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
 * The latency is printed next to a baseline measured in the same run: a bare Angus connection's APPEND → EXISTS.
 * Arguments: the account count (default 1,000) and {@code latency}, {@code scale} or {@code both} (default).
 * {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapIdleLatencyBenchmark "-Dbench.args=1000 both"}
 */
public final class ImapIdleLatencyBenchmark {

    /** The provider's bounded connection rate (a loaded 2-core machine's Dovecot logs in about this many a second). */
    private static final int CONNECTIONS_PER_SECOND = 50;

    private ImapIdleLatencyBenchmark() {
    }

    public static void main(String[] rawArgs) throws Exception {
        String[] args = String.join(" ", rawArgs).trim().split("\\s+"); // exec:exec passes bench.args as one
        int accounts = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 1_000;
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        String part = args.length > 1 ? args[1].trim() : "both";
        try (DovecotServer dovecot = DovecotServer.start(2 * accounts + 50)) {
            if (!part.equals("scale")) {
                long[] bare = bareIdle(dovecot, 200);
                long[] ours = latency(dovecot, 200);
                System.out.printf("ImapIdleLatencyBenchmark latency (200 messages, measured under load): baseline bare "
                        + "Angus IDLE, APPEND -> EXISTS at the client: p50 %.1f ms, p99 %.1f ms; mailsync APPEND -> "
                        + "created event: p50 %.1f ms, p99 %.1f ms; mailsync's own share at p50 %.1f ms%n",
                        p(bare, 0.5), p(bare, 0.99), p(ours, 0.5), p(ours, 0.99), p(ours, 0.5) - p(bare, 0.5));
            }
            if (!part.equals("latency")) {
                scale(dovecot, accounts);
            }
        }
    }

    private static ImapMailProvider provider(DovecotServer dovecot) {
        return ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port()).security(ImapSecurity.PLAIN)
                .connectionsPerSecond(CONNECTIONS_PER_SECOND).build();
    }

    private static SyncOptions options(AccountId id, String user) {
        return SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId(user).email(user + "@example.com")
                .notifyFrom(Instant.EPOCH).pollingInterval(Duration.ofHours(1)).build();
    }

    /** Milliseconds at quantile {@code q} of sorted nanoseconds. */
    private static double p(long[] sortedNanos, double q) {
        return sortedNanos[Math.max(0, (int) Math.ceil(sortedNanos.length * q) - 1)] / 1e6;
    }

    /**
     * The server's own part: a bare Angus connection IDLEs on INBOX and notes when each EXISTS arrives after an
     * APPEND by another client (Dovecot waits 500 ms after a change before it tells IDLE clients: NOTIFY_DELAY_MSECS
     * in src/lib-storage/mailbox-watch.c, not configurable).
     */
    private static long[] bareIdle(DovecotServer dovecot, int messages) throws Exception {
        dovecot.addUser("bare", "pw");
        java.util.Properties props = new java.util.Properties();
        jakarta.mail.Store store = jakarta.mail.Session.getInstance(props).getStore("imap");
        store.connect(dovecot.host(), dovecot.port(), "bare", "pw");
        org.eclipse.angus.mail.imap.IMAPFolder inbox =
                (org.eclipse.angus.mail.imap.IMAPFolder) store.getFolder("INBOX");
        inbox.open(jakarta.mail.Folder.READ_ONLY);
        java.util.concurrent.atomic.AtomicLong existsAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger exists = new java.util.concurrent.atomic.AtomicInteger();
        inbox.doCommand(proto -> {
            proto.addResponseHandler(r -> {
                if (r instanceof org.eclipse.angus.mail.imap.protocol.IMAPResponse ir && ir.keyEquals("EXISTS")) {
                    existsAt.set(System.nanoTime());
                    exists.set(ir.getNumber());
                }
            });
            return null;
        });
        Thread idler = Thread.ofPlatform().daemon().start(() -> {
            try {
                inbox.idle(false); // one long IDLE, as the provider keeps it (re-issuing IDLE makes Dovecot look at once)
            } catch (jakarta.mail.MessagingException | IllegalStateException closed) {
                // the store closed at the end
            }
        });
        long[] latencies = new long[messages];
        try (ImapTestClient client = dovecot.client("bare", "pw")) {
            Thread.sleep(300);
            for (int i = 0; i < messages; i++) {
                long start = System.nanoTime();
                client.append("INBOX", TestMail.message(i), null);
                long deadline = start + TimeUnit.SECONDS.toNanos(30);
                while (exists.get() < i + 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no EXISTS for message " + i);
                    }
                    Thread.sleep(0, 200_000);
                }
                latencies[i] = existsAt.get() - start;
            }
        } finally {
            idler.interrupt();
            store.close();
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static long[] latency(DovecotServer dovecot, int messages) throws Exception {
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
            return latencies;
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
            long logins = 0;
            while (System.nanoTime() < deadline && (logins = idleLogins(dovecot)) < 2L * n) {
                Thread.sleep(500); // REALTIME comes before the IDLE watcher's own login: wait for every connection
            }
            Thread.sleep(2_000); // the IDLE connections are open and idling
            double startup = (System.nanoTime() - start) / 1e9;
            long heap = heapAfterGc();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("ImapIdleLatencyBenchmark scale (%,d accounts in REALTIME, each with one IDLE connection "
                    + "and one sync connection, measured under load): started in %.1f s; heap used %.0f MB "
                    + "(baseline before the accounts %.0f MB, %.1f KB per account); platform threads %d (baseline %d)"
                    + "; IDLE runs on %s threads; %d accounts reached REALTIME; %d logins of their users (sync + IDLE, "
                    + "reconnects included)%n", n, startup, heap / 1e6, heapBefore / 1e6,
                    (heap - heapBefore) / 1e3 / n, threads, threadsBefore,
                    Runtime.version().feature() >= 24 ? "virtual" : "platform", wentRealtime.size(), logins);
        }
    }

    /** How many logins of the {@code idle*} users Dovecot has logged. */
    private static long idleLogins(DovecotServer dovecot) {
        String log = dovecot.log();
        long count = 0;
        for (int i = log.indexOf("Login: user=<idle"); i >= 0; i = log.indexOf("Login: user=<idle", i + 1)) {
            count++;
        }
        return count;
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
