package io.mailsync.benchmarks;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailAddress;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.processing.RulePriorityScorer;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.PriorityScorer;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import io.mailsync.testkit.ScriptedMailProvider;
import io.mailsync.testkit.ScriptedMailbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Priority under load: a backlog of low-priority jobs (newsletters, scored ~5 by {@link RulePriorityScorer}) is being
 * processed (1 ms of work per message, batches of 20, 2 workers) while, {@value #TRIALS} times, a direct message from a
 * VIP (scored 90) arrives. Each trial measures the time from the moment the scorer queued the VIP message (on the sync
 * thread) to the moment a processor starts on it. Target: p99 within 50 ms with at least 10,000 jobs still queued.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=ProcessingPriorityBenchmark}
 */
public final class ProcessingPriorityBenchmark {

    static final int BACKLOG = 24_000;
    static final int TRIALS = 200;
    private static final AccountId ACCOUNT = AccountId.of("bench");

    private final Map<String, Long> queuedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        new ProcessingPriorityBenchmark().run();
    }

    private void run() throws Exception {
        ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
        ScriptedMailbox mailbox = provider.mailbox(ACCOUNT);
        for (int i = 0; i < BACKLOG; i++) {
            mailbox.deliver("INBOX", b -> b.headers(Map.of("list-id", List.of("<news.example>"),
                    "list-unsubscribe", List.of("<https://news.example/u>"), "precedence", List.of("bulk"))));
        }
        RulePriorityScorer rules = RulePriorityScorer.builder().vipDomains(List.of("vip.example")).build();
        PriorityScorer timed = (m, account) -> {
            int score = rules.score(m, account);
            if (score >= 80) {
                queuedAt.put(m.providerMessageId(), System.nanoTime());
            }
            return score;
        };
        InMemoryMailStore store = new InMemoryMailStore();
        try (MailSync mailSync = MailSync.builder().store(store).provider(provider).priorityScorer(timed)
                .processor(new Worker())
                .processing(ProcessingOptions.builder().batchSize(20).workers(2).build())
                .shutdownTimeout(Duration.ofSeconds(2)).build()) {
            SyncOptions options = SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("u")
                    .email("owner@example.com").pollingInterval(Duration.ofHours(1)).build();
            mailSync.registerAccount(options);
            mailSync.startHistoricalSync(ACCOUNT, HistoricalSyncOptions.ALL).get(5, TimeUnit.MINUTES);
            mailSync.startRealTimeSync(options);
            long depthBefore = mailSync.getSyncStatus(ACCOUNT).queueDepth();
            System.out.printf("backlog queued: %,d low-priority jobs%n", depthBefore);

            long minDepth = Long.MAX_VALUE;
            double[] latencies = new double[TRIALS];
            for (int t = 0; t < TRIALS; t++) {
                EmailMessage vip = mailbox.deliver("INBOX", b -> b.from(EmailAddress.of("Boss", "boss@vip.example")));
                mailSync.syncNow(ACCOUNT).get(10, TimeUnit.SECONDS);
                String id = vip.providerMessageId();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!startedAt.containsKey(id) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.sleep(0, 100_000);
                }
                latencies[t] = (startedAt.getOrDefault(id, deadline) - queuedAt.get(id)) / 1e6;
                minDepth = Math.min(minDepth, mailSync.getSyncStatus(ACCOUNT).queueDepth());
            }
            Arrays.sort(latencies);
            System.out.printf("high-priority start latency over %d trials: median %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                    + " max %.2f ms (target p99 <= 50 ms)%n", TRIALS, pct(latencies, 50), pct(latencies, 90),
                    pct(latencies, 99), latencies[TRIALS - 1]);
            System.out.printf("low-priority jobs still queued during the trials: at least %,d (needs >= 10,000)%n",
                    minDepth);
            System.out.printf("result: %s%n", pct(latencies, 99) <= 50 && minDepth >= 10_000 ? "PASS" : "FAIL");
        }
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Records when it starts on each message and works 1 ms per message. */
    private final class Worker implements EmailProcessor {
        @Override
        public String name() {
            return "bench-worker";
        }

        @Override
        public List<ProcessingOutput> process(ProcessingBatch batch) throws InterruptedException {
            long now = System.nanoTime();
            for (EmailMessage m : batch.messages()) {
                if (queuedAt.containsKey(m.providerMessageId())) {
                    startedAt.putIfAbsent(m.providerMessageId(), now);
                }
            }
            Thread.sleep(batch.messages().size()); // 1 ms of work per message
            return List.of();
        }
    }
}
