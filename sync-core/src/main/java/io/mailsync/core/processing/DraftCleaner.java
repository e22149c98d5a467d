package io.mailsync.core.processing;

import io.mailsync.core.spi.DraftStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired drafts: {@link #cleanNow()} once (from the host's own scheduler), or every {@code interval} on its
 * own timer when built with {@link #start}. {@link #close()} stops the timer; idempotent. Thread-safe.
 */
public final class DraftCleaner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DraftCleaner.class);

    private final DraftStore drafts;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private DraftCleaner(DraftStore drafts, Clock clock, ScheduledExecutorService timer) {
        this.drafts = Objects.requireNonNull(drafts, "drafts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = timer;
    }

    /** A cleaner without a timer: the host calls {@link #cleanNow()}. */
    public static DraftCleaner manual(DraftStore drafts, Clock clock) {
        return new DraftCleaner(drafts, clock, null);
    }

    /**
     * A cleaner that runs every {@code interval} (at least 1 s), first after one interval, on a virtual thread.
     * A failing run is logged and the next one runs as planned.
     */
    public static DraftCleaner start(DraftStore drafts, Clock clock, Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be >= 1s, was " + interval);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("mailsync-draft-cleaner").factory());
        DraftCleaner cleaner = new DraftCleaner(drafts, clock, timer);
        timer.scheduleWithFixedDelay(cleaner::scheduledRun, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return cleaner;
    }

    /** Deletes the drafts expired now; returns how many. */
    public int cleanNow() {
        return drafts.deleteExpired(clock.instant());
    }

    private void scheduledRun() {
        try {
            int deleted = cleanNow();
            if (deleted > 0) {
                LOG.debug("deleted {} expired drafts", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("deleting expired drafts failed; next run as planned", e); // rethrowing would stop the timer
        }
    }

    /** Stops the timer (a running clean-up finishes). Idempotent. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdown();
        }
    }
}
