package io.mailsync.testkit.gmail;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Per-user quota as a token bucket: {@code units} capacity, refilled at {@code units / per}. Thread-safe. */
final class GmailFakeQuota {

    private final double capacity;
    private final double perNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong rejections = new AtomicLong();

    private static final class Bucket {
        double tokens;
        long at;
        long consumed;
    }

    GmailFakeQuota(long units, Duration per) {
        this.capacity = units;
        this.perNano = units / (double) per.toNanos();
    }

    /** Takes {@code cost} units of {@code user}'s quota; false (and nothing taken) when it would exceed the quota. */
    boolean take(String user, int cost) {
        Bucket b = buckets.computeIfAbsent(user, u -> {
            Bucket nb = new Bucket();
            nb.tokens = capacity;
            nb.at = System.nanoTime();
            return nb;
        });
        synchronized (b) {
            long now = System.nanoTime();
            b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perNano);
            b.at = now;
            if (b.tokens + 1e-9 < cost) {
                rejections.incrementAndGet();
                return false;
            }
            b.tokens -= cost;
            b.consumed += cost;
            return true;
        }
    }

    long rejections() {
        return rejections.get();
    }

    long consumed(String user) {
        Bucket b = buckets.get(user);
        if (b == null) {
            return 0;
        }
        synchronized (b) {
            return b.consumed;
        }
    }
}
