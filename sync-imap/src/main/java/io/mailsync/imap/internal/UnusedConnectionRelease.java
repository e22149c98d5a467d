package io.mailsync.imap.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Closes a session's connection once it has not been used for a while: in real-time sync an account's sync
 * connection sits unused between two changes while its IDLE connection waits for them, so thousands of accounts would
 * hold twice the connections (and file descriptors, and server processes) they need. The next use opens a new one.
 * <p>
 * Every use of the connection runs inside {@link #during}; the release waits for a use in progress and never runs
 * during one. The timer only starts a virtual thread, which closes the connection (LOGOUT is network I/O).
 * Thread-safe.
 */
final class UnusedConnectionRelease {

    private final Duration after;
    private final ScheduledExecutorService timer;
    private final ThreadFactory releasers;
    private final Runnable release;
    private final ReentrantLock lock = new ReentrantLock();
    private long lastUse; // guarded by lock
    private boolean armed; // guarded by lock: a check is scheduled
    private volatile boolean stopped;

    /**
     * @param after     how long the connection may stay unused; zero keeps it open
     * @param timer     schedules the checks
     * @param releasers starts the thread that runs {@code release}
     * @param release   closes the connection (called with no use in progress)
     */
    UnusedConnectionRelease(Duration after, ScheduledExecutorService timer, ThreadFactory releasers,
                            Runnable release) {
        this.after = after;
        this.timer = timer;
        this.releasers = releasers;
        this.release = release;
    }

    /** Runs one use of the connection; the connection is released {@code after} its end unless used again. */
    <T> T during(Supplier<T> use) {
        lock.lock();
        try {
            return use.get();
        } finally {
            lastUse = System.nanoTime();
            if (!armed && !after.isZero() && !stopped) {
                armed = true;
                schedule(after.toNanos());
            }
            lock.unlock();
        }
    }

    /** No release after this (the session is closed). */
    void stop() {
        stopped = true;
    }

    private void schedule(long delayNanos) {
        try {
            timer.schedule(() -> releasers.newThread(this::check).start(), delayNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException providerClosed) {
            armed = false;
        }
    }

    private void check() {
        lock.lock(); // waits for a use in progress
        try {
            long unused = System.nanoTime() - lastUse;
            if (stopped) {
                armed = false;
            } else if (unused >= after.toNanos()) {
                armed = false;
                release.run();
            } else {
                schedule(after.toNanos() - unused);
            }
        } finally {
            lock.unlock();
        }
    }
}
