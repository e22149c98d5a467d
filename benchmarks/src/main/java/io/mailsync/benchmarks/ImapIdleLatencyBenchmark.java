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

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * IMAP push latency against a local Dovecot: APPEND of a message by another client → the {@code SyncListener}'s
 * created event for it, over 200 messages one after the other (each after a random pause of 0–250 ms, so appends fall
 * at any point of the watcher's cycle); p50 and p99, next to a baseline measured in the same run: a bare Angus
 * connection's APPEND → EXISTS. Measured twice: with the default {@code maxIdleTime} (29 min: one long IDLE, where
 * Dovecot's fixed 500 ms notification delay sets the floor) and with {@code maxIdleTime(200 ms)} (IDLE re-issued five
 * times a second; Dovecot looks at the mailbox when IDLE starts). (N accounts idling at once:
 * {@link ImapScaleBenchmark}.)
 * {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ImapIdleLatencyBenchmark}
 */
public final class ImapIdleLatencyBenchmark {

    /** The provider's bounded connection rate (a loaded 2-core machine's Dovecot logs in about this many a second). */
    private static final int CONNECTIONS_PER_SECOND = 50;
    private static final int MESSAGES = 200;
    private static final Duration FAST_REISSUE = Duration.ofMillis(200);

    private ImapIdleLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!DovecotServer.isInstalled()) {
            System.out.println(DovecotServer.SKIP_MESSAGE);
            return;
        }
        try (DovecotServer dovecot = DovecotServer.start()) {
            long[] bare = bareIdle(dovecot, MESSAGES);
            long[] ours = latency(dovecot, MESSAGES, "latency", Duration.ofMinutes(29));
            long[] fast = latency(dovecot, MESSAGES, "latency-fast", FAST_REISSUE);
            System.out.printf("ImapIdleLatencyBenchmark latency (%d messages): baseline bare Angus IDLE, APPEND -> "
                    + "EXISTS at the client: p50 %.1f ms, p99 %.1f ms%n", MESSAGES, p(bare, 0.5), p(bare, 0.99));
            System.out.printf("  mailsync, default maxIdleTime (one long IDLE): APPEND -> created event p50 %.1f ms, "
                    + "p99 %.1f ms; mailsync's own share at p50 %.1f ms%n", p(ours, 0.5), p(ours, 0.99),
                    p(ours, 0.5) - p(bare, 0.5));
            System.out.printf("  mailsync, maxIdleTime %d ms (IDLE re-issued): APPEND -> created event p50 %.1f ms, "
                    + "p99 %.1f ms (target p99 < 300 ms)%n", FAST_REISSUE.toMillis(), p(fast, 0.5), p(fast, 0.99));
        }
    }

    private static ImapMailProvider provider(DovecotServer dovecot, Duration maxIdleTime) {
        return ImapMailProvider.builder().host(dovecot.host()).port(dovecot.port()).security(ImapSecurity.PLAIN)
                .connectionsPerSecond(CONNECTIONS_PER_SECOND).maxIdleTime(maxIdleTime).build();
    }

    /** A pause of 0–250 ms, so an APPEND falls at any point of the watcher's IDLE cycle. */
    private static void randomPause(java.util.Random random) throws InterruptedException {
        Thread.sleep(random.nextInt(251));
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
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < messages; i++) {
                randomPause(random);
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

    private static long[] latency(DovecotServer dovecot, int messages, String user, Duration maxIdleTime)
            throws Exception {
        dovecot.addUser(user, "pw");
        InMemoryMailStore store = new InMemoryMailStore();
        AccountId id = AccountId.of(user);
        store.save(id, Credential.password(user, "pw"));
        Map<String, Long> createdAt = new ConcurrentHashMap<>();
        try (MailSync mailSync = MailSync.builder().store(store).provider(provider(dovecot, maxIdleTime))
                .listener(e -> {
                    if (e instanceof SyncEvent.MessageCreated c) {
                        c.message().internetMessageId().ifPresent(mid -> createdAt.put(mid, System.nanoTime()));
                    }
                }).build();
             ImapTestClient client = dovecot.client(user, "pw")) {
            mailSync.startRealTimeSync(options(id, user));
            awaitState(mailSync, id, SyncState.REALTIME, Duration.ofSeconds(30));
            Thread.sleep(500);
            java.util.Random random = new java.util.Random(2);
            long[] latencies = new long[messages];
            for (int i = 0; i < messages; i++) {
                String mid = TestMail.messageId(i);
                randomPause(random);
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
}
