package io.mailsync.benchmarks;

import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.graph.GraphMailProvider;
import io.mailsync.testkit.graph.FakeRequest;
import io.mailsync.testkit.graph.GraphFake;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Historical sync of 10,000 messages from the Graph fake (20 ms per request, pages of 100, 4 concurrent requests
 * allowed) through the real engine into the in-memory store. Prints the time, and the ratio to the fake's own
 * minimum: pages x latency / 4 (the figure, reachable only with 4 folders in parallel) and pages x latency
 * (one folder, whose delta links can only be followed one after another). Plain program:
 * {@code -Dbench=GraphHistoricalBenchmark}; pass a folder count as argument (default 1).
 */
public final class GraphHistoricalBenchmark {

    private static final int MESSAGES = 10_000;
    private static final int PAGE = 100;
    private static final Duration LATENCY = Duration.ofMillis(20);

    private GraphHistoricalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int folders = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 1;
        for (int run = 0; run < 3; run++) {
            measure(folders, run == 2);
        }
    }

    private static void measure(int folderCount, boolean print) throws Exception {
        try (GraphFake fake = GraphFake.builder().latency(LATENCY).start()) {
            String[] names = new String[folderCount];
            for (int f = 0; f < folderCount; f++) {
                names[f] = f == 0 ? "inbox" : fake.mailbox(GraphBenchSupport.USER).addFolder("Folder " + f);
                GraphBenchSupport.fill(fake.mailbox(GraphBenchSupport.USER), names[f], MESSAGES / folderCount);
            }
            InMemoryMailStore store = GraphBenchSupport.storeWithToken(fake);
            GraphMailProvider provider = GraphMailProvider.builder().baseUrl(fake.baseUrl()).pageSize(PAGE)
                    .folders(names).build();
            try (MailSync mailSync = GraphBenchSupport.mailSync(store, provider, e -> { }, b -> b.pageSize(PAGE))) {
                mailSync.registerAccount(GraphBenchSupport.options(false));
                long start = System.nanoTime();
                SyncReport report = mailSync.startHistoricalSync(GraphBenchSupport.ACCOUNT, HistoricalSyncOptions.ALL)
                        .get(10, TimeUnit.MINUTES);
                double millis = (System.nanoTime() - start) / 1e6;
                long pages = fake.requests().stream().filter(FakeRequest::isMessagesDelta).count();
                double sequentialMin = pages * LATENCY.toMillis();
                double parallelMin = sequentialMin / 4;
                if (print) {
                    System.out.printf("historical: %,d messages in %d folder(s), %d delta pages, %.0f ms "
                                    + "(stored %,d, success %s); all requests %d, peak concurrency %d%n", MESSAGES,
                            folderCount, pages, millis, store.messages(GraphBenchSupport.ACCOUNT).size(),
                            report.isSuccess(), fake.requests().size(), fake.peakConcurrency(GraphBenchSupport.USER));
                    System.out.printf("fake minimum pages x latency / 4 = %.0f ms -> ratio %.2f (target <= 1.2); "
                            + "one-chain minimum pages x latency = %.0f ms -> ratio %.2f%n", parallelMin,
                            millis / parallelMin, sequentialMin, millis / sequentialMin);
                }
            }
        }
    }
}
