package io.mailsync.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the engine benchmarks of the foundation issue and prints their figures against the targets:
 * coalesced triggers per second with 1,000 accounts (target >= 1,000,000/s) and the engine time of one no-change
 * incremental sync (target < 20 µs), each with its same-run baseline and the ratio to it.
 *
 * <p>{@code ./mvnw -q -pl benchmarks -am -DskipTests package exec:exec -Dbench=EngineBenchmark}
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    /** Runs the benchmarks; {@code --quick} for a shorter run. */
    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        Options options = new OptionsBuilder()
                .include(TriggerCoalescingBenchmark.class.getSimpleName())
                .include(NoChangeSyncBenchmark.class.getSimpleName())
                .forks(1)
                .warmupIterations(quick ? 2 : 5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 10).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> byName = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double[] perIteration = r.getBenchmarkResults().stream()
                    .flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(i -> i.getPrimaryResult().getScore()).sorted().toArray();
            byName.put(name, perIteration);
        }
        double triggers = median(byName.get("coalescedTrigger"));
        double triggerBaseline = median(byName.get("baselineMapLookupAndSetAdd"));
        double sync = median(byName.get("noChangeIncrementalSync"));
        double handOff = median(byName.get("baselineVirtualThreadHandOff"));
        double parallel = median(byName.get("noChangeSyncOf1000Accounts"));
        int cores = Runtime.getRuntime().availableProcessors();

        System.out.println();
        System.out.println("mailsync engine benchmarks (medians over iterations, this machine)");
        System.out.printf("  coalesced triggers, 1,000 accounts, 2 threads: %,.0f /s   (baseline map+set %,.0f /s, ratio %.2f)   target >= 1,000,000 /s: %s%n",
                triggers, triggerBaseline, triggers / triggerBaseline, triggers >= 1_000_000 ? "MET" : "MISSED");
        double engine = parallel * cores;
        System.out.printf("  no-change incremental sync, one at a time: %.2f µs round trip (baseline virtual-thread hand-off %.2f µs, ratio %.2f)%n",
                sync, handOff, sync / handOff);
        System.out.printf("  no-change incremental sync, 1,000 accounts at once: %.2f µs per sync = %.2f µs of CPU per sync on %d cores%n",
                parallel, engine, cores);
        System.out.printf("  engine time of one no-change sync cycle: %.2f µs   target < 20 µs: %s%n",
                engine, engine < 20 ? "MET" : "MISSED");
    }

    private static double median(double[] sorted) {
        if (sorted == null || sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
