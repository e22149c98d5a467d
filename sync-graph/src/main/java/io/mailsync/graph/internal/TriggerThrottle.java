package io.mailsync.graph.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.TriggerSink;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes at most one webhook trigger per folder and interval to the engine: the first at once, any later ones in the
 * interval as one trailing trigger at its end, so no change is left unsynced. Thread-safe; non-blocking.
 */
public final class TriggerThrottle {

    private record Key(AccountId account, FolderId folder) {
    }

    private static final class Window {
        volatile long openedAt;
        final AtomicBoolean trailing = new AtomicBoolean();
    }

    private final long intervalNanos;
    private final TriggerSink sink;
    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public TriggerThrottle(Duration interval, TriggerSink sink) {
        this.intervalNanos = interval.toNanos();
        this.sink = sink;
        this.timer = intervalNanos == 0 ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mailsync-graph-webhook-timer").factory());
    }

    /** Triggers a sync of the folder now, or once at the end of its current interval. */
    public void trigger(AccountId account, FolderId folder) {
        if (timer == null) {
            sink.trigger(account, folder, TriggerSource.WEBHOOK);
            return;
        }
        long now = System.nanoTime();
        Key key = new Key(account, folder);
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.openedAt == 0 || now - w.openedAt >= intervalNanos) {
                w.openedAt = now;
                sink.trigger(account, folder, TriggerSource.WEBHOOK);
                return;
            }
        }
        if (w.trailing.compareAndSet(false, true)) {
            long delay = Math.max(0, w.openedAt + intervalNanos - now);
            timer.schedule(() -> {
                w.trailing.set(false);
                synchronized (w) {
                    w.openedAt = System.nanoTime();
                }
                sink.trigger(account, folder, TriggerSource.WEBHOOK);
            }, delay, TimeUnit.NANOSECONDS);
        }
    }
}
