package io.mailsync.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * IMAP scale against a local Dovecot: N accounts (default 1,000; the target is 10,000) start real-time sync at once,
 * one Dovecot user each; every account holds one IDLE connection on INBOX. Printed:
 * <ul>
 *   <li>accounts that reached REALTIME, IDLE connections open (the provider's gauge, and ESTABLISHED sockets at
 *       Dovecot's port counted with {@code ss} once the sync connections were released), and the time from the start
 *       to the last account idling;</li>
 *   <li>heap used after GC and threads (platform, virtual), against the same JVM before the accounts started (the
 *       baseline); Dovecot's processes and their memory;</li>
 *   <li>that IDLE works at that scale: a message APPENDed to each of 20 accounts spread over the range, and the
 *       latency of each one's created event.</li>
 * </ul>
 * The provider opens connections at a bounded rate (default 200/s here, the second argument) and closes a sync
 * connection unused for 10 s, so at rest each account holds its IDLE connection only. The JVM's and Dovecot's
 * file-descriptor limit (20,000 on the test machine) bounds N to about 19,000.
 * {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapScaleBenchmark "-Dbench.args=1000"}
 */
public final class ImapScaleBenchmark {

    private static final int SAMPLE = 20;
    private static final Duration SYNC_CONNECTION_IDLE = Duration.ofSeconds(10);

    private ImapScaleBenchmark() {
    }

    public static void main(String[] rawArgs) throws Exception {
        String[] args = String.join(" ", rawArgs).trim().split("\\s+"); // exec:exec passes bench.args as one
        int n = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 1_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 200;
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        try (DovecotServer dovecot = DovecotServer.start(2 * n + 100)) {
            run(dovecot, n, rate);
        }
    }

    private static void run(DovecotServer dovecot, int n, double rate) throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            users.put(user(i), "pw");
        }
        dovecot.addUsers(users);
        long heapBefore = heapAfterGc();
        int platformBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        InMemoryMailStore store = new InMemoryMailStore();
        Set<AccountId> realtime = ConcurrentHashMap.newKeySet();
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        ImapMailProvider provider = ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port())
                .security(ImapSecurity.PLAIN).connectionsPerSecond(rate)
                .syncConnectionIdleTimeout(SYNC_CONNECTION_IDLE).build();
        try (MailSync mailSync = MailSync.builder().store(store).provider(provider).listener(e -> {
            if (e instanceof SyncEvent.StatusChanged c && c.to() == SyncState.REALTIME) {
                realtime.add(c.accountId());
            } else if (e instanceof SyncEvent.MessageCreated c) {
                c.message().internetMessageId().ifPresent(mid -> createdAt.put(mid, System.nanoTime()));
            }
        }).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                AccountId id = AccountId.of(user(i));
                store.save(id, Credential.password(user(i), "pw"));
                mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.IMAP).accountId(id)
                        .userId(user(i)).email(user(i) + "@example.com").notifyFrom(Instant.EPOCH)
                        .pollingInterval(Duration.ofHours(1)).build());
            }
            long deadline = start + TimeUnit.MINUTES.toNanos(15);
            while ((realtime.size() < n || provider.idleConnections() < n) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            double allIdle = (System.nanoTime() - start) / 1e9;
            int idling = provider.idleConnections();
            long established = 0;
            long releaseDeadline = System.nanoTime() + SYNC_CONNECTION_IDLE.toNanos() * 6;
            while ((established = established(dovecot.port())) > idling && System.nanoTime() < releaseDeadline) {
                Thread.sleep(500); // the sync connections close after SYNC_CONNECTION_IDLE unused
            }
            double released = (System.nanoTime() - start) / 1e9;
            long heap = heapAfterGc();
            int platform = ManagementFactory.getThreadMXBean().getThreadCount();
            long virtual = virtualThreads();
            System.out.printf("ImapScaleBenchmark (%,d accounts started at once, %.0f connections/s): %,d reached "
                    + "REALTIME; %,d IDLE connections open (provider gauge), %,d ESTABLISHED at "
                    + "Dovecot's port after the sync connections' release (%.1f s after the start); all idling %.1f s after "
                    + "the start%n", n, rate, realtime.size(), idling, established, released, allIdle);
            System.out.printf("  JVM: heap used after GC %.0f MB (baseline before the accounts %.0f MB, %.1f KB per "
                    + "account); platform threads %d (baseline %d); virtual threads %,d; max heap %.0f MB%n",
                    heap / 1e6, heapBefore / 1e6, (heap - heapBefore) / 1e3 / n, platform, platformBefore, virtual,
                    Runtime.getRuntime().maxMemory() / 1e6);
            System.out.println("  Dovecot: " + dovecotProcesses(dovecot));
            idleSample(dovecot, n, createdAt);
        }
        provider.close();
    }

    /** APPENDs one message to each of {@link #SAMPLE} accounts spread over the range; prints each created event. */
    private static void idleSample(DovecotServer dovecot, int n, Map<String, Long> createdAt) throws Exception {
        int sample = Math.min(SAMPLE, n);
        Map<String, Long> appendedAt = new LinkedHashMap<>();
        for (int k = 0; k < sample; k++) {
            int account = (int) ((long) k * n / sample);
            int msg = 100_000 + k;
            try (ImapTestClient client = dovecot.client(user(account), "pw")) {
                long t = System.nanoTime();
                client.append("INBOX", TestMail.message(msg), null);
                appendedAt.put(TestMail.messageId(msg), t);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!createdAt.keySet().containsAll(appendedAt.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Double> latencies = new ArrayList<>();
        appendedAt.forEach((mid, t) -> {
            Long c = createdAt.get(mid);
            if (c != null) {
                latencies.add((c - t) / 1e6);
            }
        });
        List<Double> sorted = latencies.stream().sorted().toList();
        System.out.printf("  IDLE at scale: %d of %d APPENDs (one each to %d accounts) gave their created event; "
                + "latency ms p50 %.0f, max %.0f; each: %s%n", latencies.size(), sample, sample,
                sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2),
                sorted.isEmpty() ? Double.NaN : sorted.getLast(),
                latencies.stream().map(l -> String.format("%.0f", l)).toList());
    }

    private static String user(int i) {
        return "idle" + i;
    }

    /** Server-side ESTABLISHED TCP connections at the port ({@code ss}). */
    private static long established(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        long lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).count();
        p.waitFor();
        return lines;
    }

    /** The master's children by name, and their resident memory. */
    private static String dovecotProcesses(DovecotServer dovecot) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ps", "-o", "comm=,rss=", "--ppid", String.valueOf(dovecot.pid()))
                .redirectErrorStream(true).start();
        Map<String, Integer> count = new LinkedHashMap<>();
        long rssKb = 0;
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                count.merge(f[0], 1, Integer::sum);
                rssKb += Long.parseLong(f[1]);
            }
        }
        p.waitFor();
        return "child processes " + count + ", resident memory " + rssKb / 1024 + " MB in all";
    }

    /** Virtual threads alive, from a JSON thread dump. */
    private static long virtualThreads() throws IOException {
        Path dump = Files.createTempFile("mailsync-threads-", ".json");
        Files.delete(dump);
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            long count = 0;
            for (int i = json.indexOf("\"virtual\": true"); i >= 0; i = json.indexOf("\"virtual\": true", i + 1)) {
                count++;
            }
            return count;
        } finally {
            Files.deleteIfExists(dump);
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
