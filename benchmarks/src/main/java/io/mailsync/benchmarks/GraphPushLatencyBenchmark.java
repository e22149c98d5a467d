package io.mailsync.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.mailsync.core.AccountId;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.graph.GraphMailProvider;
import io.mailsync.graph.GraphWebhookHandler;
import io.mailsync.graph.WebhookRequest;
import io.mailsync.graph.WebhookResponse;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.GraphFake;
import io.mailsync.testkit.LoopbackHttp;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Push latency: a message created in the Graph fake -> the fake's change notification over HTTP -> the webhook
 * handler mounted on a local JDK HTTP server -> trigger -> delta sync -> the {@code SyncListener} "created" event.
 * p50/p99 over 200 messages, one at a time, round robin over 10 mailboxes so that each mailbox gets a message at most
 * once per {@code minTriggerInterval} (target p99 < 200 ms). The interval (default 1 s) is the handler's bound on
 * delta calls per folder under a notification storm: a change inside it waits for the interval's trailing trigger;
 * the storm benchmark ({@code GraphWebhookBenchmark}) measures that side. Baseline in the same run: one delta round
 * trip to the fake alone (syncNow with nothing new). Plain program: {@code -Dbench=GraphPushLatencyBenchmark};
 * argument: the interval in ms.
 */
public final class GraphPushLatencyBenchmark {

    private static final int MESSAGES = 200;
    private static final int MAILBOXES = 10;

    private static String user(int a) {
        return "push" + a;
    }

    private static AccountId account(int a) {
        return AccountId.of("graph-push-" + a);
    }

    private GraphPushLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration interval = Duration.ofMillis(args.length > 0 && !args[0].isBlank() ? Long.parseLong(args[0].trim())
                : 1000);
        AtomicReference<GraphWebhookHandler> handler = new AtomicReference<>();
        HttpServer server = LoopbackHttp.create(256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                WebhookResponse r = handler.get().handle(WebhookRequest.of(ex.getRequestMethod(),
                        ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
                r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
                if (r.body().length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(r.body());
                    }
                }
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        try (GraphFake fake = GraphFake.start()) {
            InMemoryMailStore store = new InMemoryMailStore();
            for (int a = 0; a < MAILBOXES; a++) {
                fake.mailbox(user(a));
                store.save(account(a), Credential.oauth2(user(a) + "@example.com", fake.issueToken(user(a)), null,
                        Instant.now().plus(Duration.ofHours(2))));
            }
            GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).folders("inbox").build();
            PushTarget target = new PushTarget(Optional.of(base + "/notify"), Optional.of(base + "/lifecycle"),
                    Optional.empty());
            try (MailSync mailSync = GraphBenchSupport.mailSync(store, provider, e -> {
                if (e instanceof SyncEvent.MessageCreated c) {
                    CountDownLatch l = waiting.get(c.message().providerMessageId());
                    if (l != null) {
                        l.countDown();
                    }
                }
            }, b -> b.pushTarget(Provider.MICROSOFT, target))) {
                handler.set(GraphWebhookHandler.builder().subscriptions(provider.subscriptionStore())
                        .triggers(mailSync).lifecycle(provider.lifecycle()).minTriggerInterval(interval).build());
                for (int a = 0; a < MAILBOXES; a++) {
                    mailSync.startRealTimeSync(SyncOptions.builder().provider(Provider.MICROSOFT).accountId(account(a))
                            .userId("u" + a).email(user(a) + "@example.com").enableWebhooks(true)
                            .pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (fake.subscriptions().size() < MAILBOXES && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                for (int a = 0; a < MAILBOXES; a++) {
                    mailSync.syncNow(account(a)).get(30, TimeUnit.SECONDS);
                }
                long[] baseline = new long[50];
                for (int i = 0; i < baseline.length; i++) {
                    long s = System.nanoTime();
                    mailSync.syncNow(account(0)).get(30, TimeUnit.SECONDS);
                    baseline[i] = System.nanoTime() - s;
                }
                long[] lat = new long[MESSAGES];
                int lost = 0;
                long[] lastAt = new long[MAILBOXES];
                for (int i = 0; i < MESSAGES; i++) {
                    int a = i % MAILBOXES;
                    // a mailbox gets its next message only after the handler's interval: the path is measured, not
                    // the throttle that bounds delta calls under a notification storm
                    long due = lastAt[a] + interval.toNanos() + TimeUnit.MILLISECONDS.toNanos(20);
                    while (System.nanoTime() < due) {
                        Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
                    }
                    FakeMessage m = FakeMessage.builder().subject("push " + i).build();
                    CountDownLatch latch = new CountDownLatch(1);
                    waiting.put(m.id(), latch);
                    long s = System.nanoTime();
                    lastAt[a] = s;
                    fake.mailbox(user(a)).add("inbox", m);
                    if (!latch.await(10, TimeUnit.SECONDS)) {
                        lost++;
                    }
                    lat[i] = System.nanoTime() - s;
                }
                System.out.printf("minTriggerInterval %s: push latency over %d messages (one at a time, round robin "
                                + "over %d mailboxes): p50 %.1f ms, p99 %.1f ms (target p99 < 200 ms); not seen "
                                + "within 10 s: %d%n", interval, MESSAGES, MAILBOXES,
                        GraphBenchSupport.quantileMillis(lat, 0.5), GraphBenchSupport.quantileMillis(lat, 0.99), lost);
                System.out.printf("baseline: no-change delta sync round trip p50 %.1f ms; push p50 / baseline %.1f%n",
                        GraphBenchSupport.quantileMillis(baseline, 0.5),
                        GraphBenchSupport.quantileMillis(lat, 0.5) / GraphBenchSupport.quantileMillis(baseline, 0.5));
            }
        } finally {
            server.stop(0);
        }
        System.exit(0);
    }
}
