package io.mailsync.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.gmail.GmailMailProvider;
import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.gmail.GmailPushResponse;
import io.mailsync.gmail.GmailQuota;
import io.mailsync.testkit.gmail.FakeGmailMessage;
import io.mailsync.testkit.gmail.GmailFake;
import io.mailsync.testkit.gmail.GmailFakeMailbox;
import io.mailsync.testkit.LoopbackHttp;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * End-to-end push latency: a message inserted in the Gmail fake → Pub/Sub push (signed OIDC token) → the host's
 * endpoint → {@link GmailPushHandler} (token verified) → coalesced trigger → history.list + batch messages.get →
 * store → {@code SyncListener} created event. p99 over 200 messages (target < 200 ms).
 *
 * <p>The fake keeps Gmail's limit of one notification per user per second (extra ones dropped, so a message could
 * wait for the next poll). To measure the sync path and not that limit, the messages go round-robin to
 * {@code --users} mailboxes (default 20), one every {@code --gap-ms} (default 60 ms), so each mailbox gets one
 * message every 1.2 s and every push is delivered. Each user has Gmail's legacy quota. A warm-up of
 * {@code --warmup} messages (default 40, two per user) runs first and is not counted: the figures are
 * steady state, not JIT compilation. Printed: insert → created (median, p99, max), split into insert → push received
 * by the endpoint (the fake's Pub/Sub) and push received → created event (the library: handler, trigger, history,
 * get, store, event). Baseline in the same run: the median of the push handler alone.
 *
 * <p>{@code -Dbench.args="--users 20 --messages 200 --gap-ms 60 --warmup 40"}
 */
public final class GmailPushLatencyBenchmark {

    private static final String TOPIC = "projects/bench/topics/gmail";
    private static final String AUDIENCE = "https://host.example.com/push";
    private static final String PUSHER = "push@bench.iam.gserviceaccount.com";

    private final Map<String, Long> inserted = new ConcurrentHashMap<>();
    private final Map<String, String> owner = new ConcurrentHashMap<>();
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> arrivals = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> handlerNanos = new ConcurrentLinkedQueue<>();

    public static void main(String[] rawArgs) throws Exception {
        String[] args = String.join(" ", rawArgs).trim().split("\\s+");
        int users = 20;
        int count = 200;
        int gapMs = 60;
        int warmup = 40;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--messages" -> count = Integer.parseInt(args[i + 1]);
                case "--gap-ms" -> gapMs = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (users * gapMs <= 1_000) {
            System.out.printf("note: %d users x %d ms = one message per user every %d ms, under Gmail's one push per "
                    + "second: some pushes are dropped and those messages wait for the next one%n", users, gapMs,
                    users * gapMs);
        }
        new GmailPushLatencyBenchmark().run(users, count, gapMs, warmup);
    }

    private void run(int users, int count, int gapMs, int warmup) throws Exception {
        List<GmailFakeMailbox> mailboxes = new ArrayList<>();
        long dropped;
        try (GmailFake fake = GmailFake.builder().quota(250, Duration.ofSeconds(1)).build()) {
            InMemoryMailStore store = new InMemoryMailStore();
            GmailMailProvider provider = GmailMailProvider.builder().rootUrl(fake.rootUrl()).quota(GmailQuota.LEGACY)
                    .build();
            HttpServer endpoint = LoopbackHttp.create(256);
            endpoint.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            try (MailSync mailSync = MailSync.builder().store(store).provider(provider)
                    .pushTarget(Provider.GOOGLE, new PushTarget(Optional.empty(), Optional.empty(), Optional.of(TOPIC)))
                    .listener(e -> {
                        if (e instanceof SyncEvent.MessageCreated c) {
                            created.putIfAbsent(c.message().providerMessageId(), System.nanoTime());
                        }
                    }).build()) {
                GmailPushHandler handler = GmailPushHandler.builder().audience(AUDIENCE).serviceAccountEmail(PUSHER)
                        .certsUrl(fake.certsUrl()).triggerSink(mailSync)
                        .accountLookup(e -> Optional.of(AccountId.of(e.substring(0, e.indexOf('@'))))).build();
                endpoint.createContext("/push", ex -> {
                    try (ex) {
                        long s = System.nanoTime();
                        byte[] body = ex.getRequestBody().readAllBytes();
                        GmailPushResponse r = handler.handle(ex.getRequestMethod(), ex.getRequestHeaders(), body);
                        handlerNanos.add(System.nanoTime() - s);
                        arrivals.computeIfAbsent(emailOf(body), k -> new ConcurrentLinkedQueue<>()).add(s);
                        ex.sendResponseHeaders(r.status(), -1);
                    }
                });
                endpoint.start();
                fake.pushSubscription(TOPIC, URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/push"),
                        AUDIENCE, PUSHER);
                for (int u = 0; u < users; u++) {
                    String email = "user" + u + "@example.com";
                    AccountId id = AccountId.of("user" + u);
                    GmailFakeMailbox mailbox = fake.mailbox(email).grantToken("t" + u);
                    mailbox.insertMany(5);
                    mailboxes.add(mailbox);
                    store.save(id, Credential.oauth2(email, "t" + u, null, Instant.now().plus(Duration.ofDays(1))));
                    SyncOptions options = SyncOptions.builder().provider(Provider.GOOGLE).accountId(id).userId("u" + u)
                            .email(email).pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build();
                    mailSync.registerAccount(options);
                    mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get();
                    mailSync.startRealTimeSync(options);
                }
                for (GmailFakeMailbox m : mailboxes) {
                    while (m.watchTopic().isEmpty()) {
                        Thread.sleep(20);
                    }
                }
                Thread.sleep(1_100); // the watch's own first notification is past Gmail's one-per-second window
                insert(mailboxes, warmup, gapMs, "warm-up");
                await(Duration.ofSeconds(30));
                inserted.clear();
                created.clear();
                handlerNanos.clear();
                long deliveredBefore = fake.pushesDelivered();
                insert(mailboxes, count, gapMs, "latency");
                await(Duration.ofSeconds(30));
                dropped = count - (fake.pushesDelivered() - deliveredBefore);
            } finally {
                endpoint.stop(0);
                provider.close();
            }
        }
        report(count, dropped);
    }

    private static String emailOf(byte[] body) {
        String json = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        int at = json.indexOf("\"data\":\"") + 8;
        String data = json.substring(at, json.indexOf('"', at));
        String decoded = new String(java.util.Base64.getDecoder().decode(data), java.nio.charset.StandardCharsets.UTF_8);
        int e = decoded.indexOf("\"emailAddress\":\"") + 16;
        return decoded.substring(e, decoded.indexOf('"', e));
    }

    private void insert(List<GmailFakeMailbox> mailboxes, int count, int gapMs, String tag) throws InterruptedException {
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            GmailFakeMailbox m = mailboxes.get(i % mailboxes.size());
            long t = System.nanoTime();
            String mid = m.insert(FakeGmailMessage.builder().subject(tag + " " + i).build());
            inserted.put(mid, t);
            owner.put(mid, m.email());
            next += gapMs * 1_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
    }

    private void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!created.keySet().containsAll(inserted.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void report(int count, long dropped) {
        List<Long> total = new ArrayList<>();
        List<Long> toPush = new ArrayList<>();
        List<Long> pushToCreated = new ArrayList<>();
        for (Map.Entry<String, Long> e : inserted.entrySet()) {
            Long c = created.get(e.getKey());
            if (c == null) {
                continue;
            }
            total.add(c - e.getValue());
            long ins = e.getValue();
            arrivals.getOrDefault(owner.get(e.getKey()), new ConcurrentLinkedQueue<>()).stream()
                    .filter(a -> a >= ins && a <= c).min(Long::compare).ifPresent(a -> {
                        toPush.add(a - ins);
                        pushToCreated.add(c - a);
                    });
        }
        long[] h = handlerNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] t = sorted(total);
        System.out.printf("Gmail push latency (insert -> created event): %d of %d delivered, %d pushes dropped by the "
                        + "one-per-second limit; median %.1f ms, p99 %.1f ms, max %.1f ms%n", t.length, count,
                Math.max(0, dropped), ms(t, 0.5), ms(t, 0.99), t.length == 0 ? 0 : t[t.length - 1] / 1e6);
        long[] a = sorted(toPush);
        long[] b = sorted(pushToCreated);
        System.out.printf("  insert -> push received (fake Pub/Sub): median %.1f ms, p99 %.1f ms; push received -> "
                + "created (library): median %.1f ms, p99 %.1f ms%n", ms(a, 0.5), ms(a, 0.99), ms(b, 0.5), ms(b, 0.99));
        System.out.printf("  baseline (push handler alone) median %.3f ms; ratio (median end to end / baseline) %.0f%n",
                ms(h, 0.5), ms(t, 0.5) / Math.max(1e-6, ms(h, 0.5)));
    }

    private static long[] sorted(List<Long> values) {
        long[] out = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private GmailPushLatencyBenchmark() {
    }
}
