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
 * Historical sync of 10,000 messages from the Graph fake (pages of 100, 4 concurrent requests allowed) through the real
 * engine into the in-memory store. For each per-request latency of the fake (default 20 ms, then 50 and 100 ms: real
 * Graph pages of 100 messages take longer than 20 ms), after 5 warm-up runs (the JIT), prints the median of 5 runs and
 * its ratio to the fake's own minimum: pages x latency / 4 (the figure, reachable only with 4 folders in
 * parallel) and pages x latency (one folder, whose delta links can only be followed one after another). The time
 * includes listing the folders (one {@code $batch} of 7 requests: two request times). Plain program:
 * {@code -Dbench=GraphHistoricalBenchmark}; arguments: the folder count (default 4) and latencies in ms (default
 * 20 50 100).
 */
public final class GraphHistoricalBenchmark {

    private static final int MESSAGES = 10_000;
    private static final int PAGE = 100;
    private static final int WARMUPS = 5;
    private static final int RUNS = 5;

    private GraphHistoricalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int folders = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 4;
        int[] latencies = args.length > 1 ? java.util.Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[]{20, 50, 100};
        for (int latency : latencies) {
            Duration d = Duration.ofMillis(latency);
            for (int w = 0; w < WARMUPS; w++) {
                measure(folders, d);
            }
            double[] millis = new double[RUNS];
            Run last = null;
            for (int r = 0; r < RUNS; r++) {
                last = measure(folders, d);
                millis[r] = last.millis();
            }
            double[] sorted = millis.clone();
            java.util.Arrays.sort(sorted);
            double median = sorted[RUNS / 2];
            double sequentialMin = last.pages() * (double) latency;
            double parallelMin = sequentialMin / 4;
            System.out.printf("latency %d ms: %,d messages in %d folder(s), %d delta pages, median %.0f ms of runs %s "
                            + "(stored %,d, success %s); all requests %d, peak concurrency %d%n", latency, MESSAGES,
                    folders, last.pages(), median, java.util.Arrays.toString(java.util.Arrays.stream(millis)
                            .mapToLong(Math::round).toArray()), last.stored(), last.success(), last.requests(),
                    last.peak());
            System.out.printf("  fake minimum pages x latency / 4 = %.0f ms -> ratio %.2f (target <= 1.2); "
                    + "one-chain minimum pages x latency = %.0f ms -> ratio %.2f%n", parallelMin, median / parallelMin,
                    sequentialMin, median / sequentialMin);
        }
    }

    private record Run(double millis, long pages, int stored, boolean success, int requests, int peak) {
    }

    private static Run measure(int folderCount, Duration latency) throws Exception {
        try (GraphFake fake = GraphFake.builder().latency(latency).start()) {
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
                return new Run(millis, pages, store.messages(GraphBenchSupport.ACCOUNT).size(), report.isSuccess(),
                        fake.requests().size(), fake.peakConcurrency(GraphBenchSupport.USER));
            }
        }
    }
}
