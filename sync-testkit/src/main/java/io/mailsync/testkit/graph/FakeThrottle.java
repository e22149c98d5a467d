package io.mailsync.testkit.graph;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Graph's per-mailbox limits: concurrent requests and a request budget per window, each answered with 429. */
final class FakeThrottle {

    /** Builds an error response: status, code, message. */
    interface Errors {
        FakeApi.Resp error(int status, String code, String message);
    }

    private static final class Limits {
        int inFlight;
        int peak;
        int rejected;
        Instant windowStart;
        int used;
    }

    private final int concurrency;
    private final int budget;
    private final Duration window;
    private final Duration latency;
    private final Map<String, Limits> limits = new ConcurrentHashMap<>();

    FakeThrottle(int concurrency, int budget, Duration window, Duration latency) {
        this.concurrency = concurrency;
        this.budget = budget;
        this.window = window;
        this.latency = latency;
    }

    FakeApi.Resp run(String user, Instant now, Supplier<FakeApi.Resp> work, Errors errors) {
        Limits l = limits.computeIfAbsent(user, u -> new Limits());
        synchronized (l) {
            if (l.windowStart == null || !now.isBefore(l.windowStart.plus(window))) {
                l.windowStart = now;
                l.used = 0;
            }
            if (l.used >= budget) {
                long wait = Math.max(1, Duration.between(now, l.windowStart.plus(window)).toSeconds());
                return retryAfter(errors.error(429, "ApplicationThrottled",
                        "Application is over its MailboxRequests limit."), wait);
            }
            l.used++;
            if (l.inFlight >= concurrency) {
                l.rejected++;
                return retryAfter(errors.error(429, "ApplicationThrottled",
                        "Application is over its MailboxConcurrency limit."), 1);
            }
            l.inFlight++;
            l.peak = Math.max(l.peak, l.inFlight);
        }
        try {
            long start = System.nanoTime();
            FakeApi.Resp resp = work.get();
            long left = latency.toNanos() - (System.nanoTime() - start);
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
            return resp;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return errors.error(503, "ServiceUnavailable", "interrupted");
        } finally {
            synchronized (l) {
                l.inFlight--;
            }
        }
    }

    int peak(String user) {
        Limits l = limits.get(user);
        if (l == null) {
            return 0;
        }
        synchronized (l) {
            return l.peak;
        }
    }

    int concurrencyRejections(String user) {
        Limits l = limits.get(user);
        if (l == null) {
            return 0;
        }
        synchronized (l) {
            return l.rejected;
        }
    }

    private static FakeApi.Resp retryAfter(FakeApi.Resp r, long seconds) {
        return new FakeApi.Resp(r.status(), Map.of("Retry-After", Long.toString(seconds)), r.body());
    }
}
