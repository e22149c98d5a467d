package io.mailsync.testkit.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs tasks on several threads released at the same instant, and collects what each returned or threw.
 *
 * <p>It uses platform threads on purpose: a store under test may hold a monitor while it blocks on I/O, which would
 * pin virtual threads to their few carriers and turn a race into a queue.
 */
final class Race {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Race() {
    }

    /** What one racer returned, or the exception it threw. */
    record Outcome<T>(T value, Throwable error) {

        boolean succeeded() {
            return error == null;
        }

        /** The value; an {@link AssertionError} caused by the racer's exception when it threw one. */
        T get() {
            if (error != null) {
                throw new AssertionError("a racer failed: " + error, error);
            }
            return value;
        }
    }

    /** Starts {@code threads} threads running {@code task.apply(i)}, releases them together and waits for all. */
    static <T> List<Outcome<T>> run(int threads, IntFunction<Callable<T>> task)
            throws InterruptedException, ExecutionException, TimeoutException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Outcome<T>>> outcomes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<T> callable = task.apply(i);
            CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            Thread.ofPlatform().name("store-contract-racer-" + i).daemon(true).start(() -> {
                ready.countDown();
                try {
                    go.await();
                    outcome.complete(new Outcome<>(callable.call(), null));
                } catch (Throwable e) { // recorded for the test's assertions, not swallowed
                    outcome.complete(new Outcome<>(null, e));
                }
            });
        }
        if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("racers did not start within " + TIMEOUT);
        }
        go.countDown();
        List<Outcome<T>> results = new ArrayList<>(threads);
        for (CompletableFuture<Outcome<T>> outcome : outcomes) {
            results.add(outcome.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        return results;
    }
}
