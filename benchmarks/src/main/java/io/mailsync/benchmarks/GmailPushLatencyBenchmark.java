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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end push latency: a message inserted in the Gmail fake → Pub/Sub push (signed token) → the host's endpoint
 * → {@link GmailPushHandler} → coalesced trigger → history.list + batch get → store → {@code SyncListener} created
 * event. p99 over 200 messages (target < 200 ms), one every 100 ms; the fake's one-push-per-second limit is off here
 * (Gmail's real limit would make this one second per message). Baseline in the same run: the fake's bare
 * messages.get round trip through the official client path is not separable, so the baseline printed is the median
 * HTTP round trip of the push delivery alone (push POST answered 204).
 */
public final class GmailPushLatencyBenchmark {

    private static final String TOPIC = "projects/bench/topics/gmail";
    private static final String AUDIENCE = "https://host.example.com/push";
    private static final String PUSHER = "push@bench.iam.gserviceaccount.com";

    public static void main(String[] args) throws Exception {
        int count = 200;
        AccountId id = AccountId.of("bench");
        String email = "bench@example.com";
        Map<String, Long> inserted = new ConcurrentHashMap<>();
        Map<String, Long> created = new ConcurrentHashMap<>();
        long[] pushNanos = new long[count * 4];
        int[] pushes = {0};
        try (GmailFake fake = GmailFake.builder().quota(250, Duration.ofSeconds(1)).notificationInterval(Duration.ZERO)
                .build()) {
            GmailFakeMailbox mailbox = fake.mailbox(email).grantToken("t");
            mailbox.insertMany(10);
            InMemoryMailStore store = new InMemoryMailStore();
            store.save(id, Credential.oauth2(email, "t", null, Instant.now().plus(Duration.ofDays(1))));
            GmailMailProvider provider = GmailMailProvider.builder().rootUrl(fake.rootUrl()).quota(GmailQuota.LEGACY)
                    .build();
            HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            try (MailSync mailSync = MailSync.builder().store(store).provider(provider)
                    .pushTarget(Provider.GOOGLE, new PushTarget(Optional.empty(), Optional.empty(), Optional.of(TOPIC)))
                    .listener(e -> {
                        if (e instanceof SyncEvent.MessageCreated c) {
                            created.putIfAbsent(c.message().providerMessageId(), System.nanoTime());
                        }
                    }).build()) {
                GmailPushHandler handler = GmailPushHandler.builder().audience(AUDIENCE).serviceAccountEmail(PUSHER)
                        .certsUrl(fake.certsUrl()).triggerSink(mailSync)
                        .accountLookup(e -> Optional.of(id)).build();
                endpoint.createContext("/push", ex -> {
                    try (ex) {
                        long s = System.nanoTime();
                        GmailPushResponse r = handler.handle(ex.getRequestMethod(), ex.getRequestHeaders(),
                                ex.getRequestBody().readAllBytes());
                        synchronized (pushNanos) {
                            if (pushes[0] < pushNanos.length) {
                                pushNanos[pushes[0]++] = System.nanoTime() - s;
                            }
                        }
                        ex.sendResponseHeaders(r.status(), -1);
                    }
                });
                endpoint.start();
                fake.pushSubscription(TOPIC, URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/push"),
                        AUDIENCE, PUSHER);
                SyncOptions options = SyncOptions.builder().provider(Provider.GOOGLE).accountId(id).userId("u")
                        .email(email).pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build();
                mailSync.registerAccount(options);
                mailSync.startHistoricalSync(id, HistoricalSyncOptions.ALL).get();
                mailSync.startRealTimeSync(options);
                while (mailbox.watchTopic().isEmpty()) {
                    Thread.sleep(20);
                }
                Thread.sleep(500);
                for (int i = 0; i < count; i++) {
                    long t = System.nanoTime();
                    String mid = mailbox.insert(FakeGmailMessage.builder().subject("latency " + i).build());
                    inserted.put(mid, t);
                    Thread.sleep(100);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!created.keySet().containsAll(inserted.keySet()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                endpoint.stop(0);
                provider.close();
            }
        }
        long[] lat = inserted.entrySet().stream().filter(e -> created.containsKey(e.getKey()))
                .mapToLong(e -> created.get(e.getKey()) - e.getValue()).sorted().toArray();
        long[] push = Arrays.copyOf(pushNanos, pushes[0]);
        Arrays.sort(push);
        System.out.printf("Gmail push latency (insert -> created event): %d of %d delivered; median %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms; baseline (push handler alone) median %.3f ms, ratio %.0f%n",
                lat.length, count, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6,
                lat[lat.length - 1] / 1e6, push[push.length / 2] / 1e6,
                (double) lat[lat.length / 2] / Math.max(1, push[push.length / 2]));
    }

    private GmailPushLatencyBenchmark() {
    }
}
