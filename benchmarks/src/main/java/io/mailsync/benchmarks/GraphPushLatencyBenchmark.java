package io.mailsync.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.PushTarget;
import io.mailsync.graph.GraphMailProvider;
import io.mailsync.graph.GraphWebhookHandler;
import io.mailsync.graph.WebhookRequest;
import io.mailsync.graph.WebhookResponse;
import io.mailsync.testkit.graph.FakeMessage;
import io.mailsync.testkit.graph.GraphFake;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
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
 * p50/p99 over 200 messages, one at a time (target p99 < 200 ms). Baseline in the same run: one delta round trip to
 * the fake alone (syncNow with nothing new). Plain program: {@code -Dbench=GraphPushLatencyBenchmark}; argument: the
 * handler's {@code minTriggerInterval} in ms (default 1000). Messages follow each other as fast as they are synced,
 * so with an interval each one after the first waits for the interval's trailing trigger; pass 0 to measure the
 * path itself with only the engine's coalescing.
 */
public final class GraphPushLatencyBenchmark {

    private static final int MESSAGES = 200;

    private GraphPushLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration interval = Duration.ofMillis(args.length > 0 && !args[0].isBlank() ? Long.parseLong(args[0].trim())
                : 1000);
        AtomicReference<GraphWebhookHandler> handler = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
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
            fake.mailbox(GraphBenchSupport.USER);
            InMemoryMailStore store = GraphBenchSupport.storeWithToken(fake);
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
                mailSync.startRealTimeSync(GraphBenchSupport.options(true));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (fake.subscriptions().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                mailSync.syncNow(GraphBenchSupport.ACCOUNT).get(30, TimeUnit.SECONDS);
                long[] baseline = new long[50];
                for (int i = 0; i < baseline.length; i++) {
                    long s = System.nanoTime();
                    mailSync.syncNow(GraphBenchSupport.ACCOUNT).get(30, TimeUnit.SECONDS);
                    baseline[i] = System.nanoTime() - s;
                }
                long[] lat = new long[MESSAGES];
                int lost = 0;
                for (int i = 0; i < MESSAGES; i++) {
                    FakeMessage m = FakeMessage.builder().subject("push " + i).build();
                    CountDownLatch latch = new CountDownLatch(1);
                    waiting.put(m.id(), latch);
                    long s = System.nanoTime();
                    fake.mailbox(GraphBenchSupport.USER).add("inbox", m);
                    if (!latch.await(10, TimeUnit.SECONDS)) {
                        lost++;
                    }
                    lat[i] = System.nanoTime() - s;
                }
                System.out.printf("minTriggerInterval %s: push latency over %d messages: p50 %.1f ms, p99 %.1f ms (target p99 < 200 ms); "
                                + "not seen within 10 s: %d%n", interval, MESSAGES, GraphBenchSupport.quantileMillis(lat, 0.5),
                        GraphBenchSupport.quantileMillis(lat, 0.99), lost);
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
