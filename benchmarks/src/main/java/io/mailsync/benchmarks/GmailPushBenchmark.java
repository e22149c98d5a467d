package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.TriggerSink;
import io.mailsync.gmail.GmailPushHandler;
import io.mailsync.testkit.gmail.GmailFake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Pub/Sub push handler: verified pushes per second and p99 latency of {@code handle(...)} with the token
 * verification cached per token (Pub/Sub reuses one token for many pushes), on 2 threads. Baseline in the same run:
 * the same handler with a new token for every push (full RS256 verification each time, keys cached).
 * Target: ≥ 10,000 pushes/s, p99 < 5 ms. {@code -Dbench.args="--pushes 200000"}.
 */
public final class GmailPushBenchmark {

    private static final String AUDIENCE = "https://host.example.com/gmail/push";
    private static final String PUSHER = "push@bench.iam.gserviceaccount.com";

    public static void main(String[] rawArgs) throws Exception {
        String[] args = String.join(" ", rawArgs).trim().split("\\s+");
        int pushes = args.length > 1 && args[0].equals("--pushes") ? Integer.parseInt(args[1]) : 200_000;
        try (GmailFake fake = GmailFake.start()) {
            AtomicLong triggers = new AtomicLong();
            TriggerSink sink = (a, f, s) -> triggers.incrementAndGet() > 0;
            GmailPushHandler handler = GmailPushHandler.builder().audience(AUDIENCE).serviceAccountEmail(PUSHER)
                    .certsUrl(fake.certsUrl()).triggerSink(sink)
                    .accountLookup(e -> Optional.of(AccountId.of("bench"))).build();
            byte[] body = ("{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(
                    "{\"emailAddress\":\"bench@example.com\",\"historyId\":\"123456789\"}".getBytes(StandardCharsets.UTF_8))
                    + "\",\"messageId\":\"1\"},\"subscription\":\"projects/p/subscriptions/s\"}")
                    .getBytes(StandardCharsets.UTF_8);
            String shared = fake.pushTokens().token(AUDIENCE, PUSHER);
            int distinct = Math.min(4_000, pushes / 10);
            List<String> fresh = new ArrayList<>(distinct);
            for (int i = 0; i < distinct; i++) {
                String jti = "j" + i;
                fresh.add(fake.pushTokens().token(AUDIENCE, PUSHER, c -> c.jwtID(jti)));
            }
            measure("warm-up", handler, body, i -> shared, pushes / 4);
            measure("baseline: new token each push (RS256 verify)", handler, body, fresh::get, distinct);
            measure("cached token (Pub/Sub reuse)", handler, body, i -> shared, pushes);
            measure("cached token (Pub/Sub reuse), again", handler, body, i -> shared, pushes);
        }
    }

    private static void measure(String label, GmailPushHandler handler, byte[] body,
                                java.util.function.IntFunction<String> token, int n) throws Exception {
        int threads = 2;
        long[][] lat = new long[threads][];
        Thread[] ts = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int from = t * (n / threads);
            int to = t == threads - 1 ? n : from + n / threads;
            long[] l = lat[t] = new long[to - from];
            ts[t] = Thread.ofPlatform().start(() -> {
                for (int i = from; i < to; i++) {
                    long s = System.nanoTime();
                    int status = handler.handle("POST", Map.of("Authorization", List.of("Bearer " + token.apply(i))),
                            body).status();
                    l[i - from] = System.nanoTime() - s;
                    if (status != 204) {
                        throw new IllegalStateException("push answered " + status);
                    }
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("Gmail push handler, %s: %,d pushes in %.2f s = %,.0f verified pushes/s; "
                        + "median %.3f ms, p99 %.3f ms%n", label, n, seconds, n / seconds,
                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }

    private GmailPushBenchmark() {
    }
}
