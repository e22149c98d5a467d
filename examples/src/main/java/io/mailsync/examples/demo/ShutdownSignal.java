package io.mailsync.examples.demo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a program that must clean up: a shutdown hook that, when the JVM is asked to stop (SIGINT, SIGTERM),
 * tells the main thread and then waits (up to 30 s) until the main thread has closed everything. {@link #close()}
 * marks the work finished and removes the hook when the program ends by itself. Thread-safe.
 */
public final class ShutdownSignal implements AutoCloseable {

    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal() {
        hook = new Thread(this::onShutdown, "mailsync-shutdown");
    }

    /** Installs the hook. */
    public static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    private void onShutdown() {
        requested.countDown();
        try {
            finished.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the JVM was asked to stop. */
    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /**
     * Waits up to {@code timeout} for a stop request.
     *
     * @return true when the JVM was asked to stop
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Marks the cleanup finished; removes the hook unless the JVM is already stopping. Idempotent. */
    @Override
    public void close() {
        finished.countDown();
        if (!isRequested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM started shutting down meanwhile: the hook runs and returns at once
            }
        }
    }
}
