package io.mailsync.examples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one demo run measured, and the table it ends with.
 *
 * @param seededPerFolder     messages appended to each folder before the sync
 * @param storedPerFolder     messages the store holds for each folder at the end (seeded plus delivered)
 * @param historicalElapsed   how long the historical sync took
 * @param historicalInserted  messages the historical sync stored
 * @param delivered           new messages delivered during the real-time phase
 * @param arrivalLatencies    milliseconds from each delivery to its {@code MessageCreated} event, in arrival order
 * @param heapUsedBytes       heap in use at the end (after a GC)
 * @param heapPeakBytes       the largest heap use seen during the run (sum of the heap pools' peaks)
 * @param imapPort            the port GreenMail listened on
 * @param postgresPort        the embedded PostgreSQL's port; empty when the user's server was used
 */
public record DemoSummary(Map<String, Long> seededPerFolder, Map<String, Long> storedPerFolder,
                          Duration historicalElapsed, long historicalInserted, long delivered,
                          List<Long> arrivalLatencies, long heapUsedBytes, long heapPeakBytes, int imapPort,
                          OptionalLong postgresPort) {

    /** Copies the collections. */
    public DemoSummary {
        seededPerFolder = Collections.unmodifiableMap(new LinkedHashMap<>(seededPerFolder));
        storedPerFolder = Collections.unmodifiableMap(new LinkedHashMap<>(storedPerFolder));
        Objects.requireNonNull(historicalElapsed, "historicalElapsed");
        arrivalLatencies = List.copyOf(arrivalLatencies);
        Objects.requireNonNull(postgresPort, "postgresPort");
    }

    /**
     * An arrival latency percentile (nearest rank).
     *
     * @param percentile 1..100
     * @return milliseconds; empty when nothing arrived
     */
    public OptionalLong latencyPercentile(int percentile) {
        if (arrivalLatencies.isEmpty()) {
            return OptionalLong.empty();
        }
        List<Long> sorted = new ArrayList<>(arrivalLatencies);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return OptionalLong.of(sorted.get(Math.max(0, rank - 1)));
    }

    /**
     * Messages seeded in all folders.
     *
     * @return the sum over folders
     */
    public long seededTotal() {
        return seededPerFolder.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Prints the summary table.
     *
     * @param out where to print
     */
    public void print(PrintStream out) {
        out.println();
        out.println("  summary");
        out.printf(Locale.ROOT, "  %-12s %10s %10s%n", "folder", "seeded", "stored");
        for (Map.Entry<String, Long> e : storedPerFolder.entrySet()) {
            out.printf(Locale.ROOT, "  %-12s %,10d %,10d%n", e.getKey(), seededPerFolder.getOrDefault(e.getKey(), 0L),
                    e.getValue());
        }
        long stored = storedPerFolder.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "  %-12s %,10d %,10d%n", "total", seededTotal(), stored);
        double seconds = historicalElapsed.toMillis() / 1000.0;
        out.printf(Locale.ROOT, "  historical sync   %,d messages in %.2f s (%,.0f msg/s)%n", historicalInserted, seconds,
                seconds > 0 ? historicalInserted / seconds : 0);
        out.printf(Locale.ROOT, "  new mail          %d delivered, %d arrived%n", delivered, arrivalLatencies.size());
        out.printf(Locale.ROOT, "  arrival latency   p50 %s, p99 %s (delivery -> MessageCreated)%n",
                millis(latencyPercentile(50)), millis(latencyPercentile(99)));
        out.printf(Locale.ROOT, "  heap              %.0f MiB used at the end, %.0f MiB peak%n",
                heapUsedBytes / 1048576.0, heapPeakBytes / 1048576.0);
    }

    private static String millis(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() + " ms" : "n/a";
    }
}
