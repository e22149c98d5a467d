package io.mailsync.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the background processing pipeline runs: batches, workers, retries, leases and per-processor rate limits.
 * Build with {@link #builder()}; {@link Builder#build()} names the invalid field.
 *
 * @param batchSize         most messages handed to a processor at once; default 20
 * @param maxBatchWait      how long a worker waits for a batch to fill before processing what it has; default 0
 * @param workers           pipeline workers (virtual threads) of this instance; default 4
 * @param maxAttempts       attempts before a job is dead-lettered; default 5
 * @param initialRetryDelay first retry delay, doubled (with jitter) per attempt; default 5 s
 * @param maxRetryDelay     longest retry delay; default 10 min
 * @param lease             how long a claimed job is reserved for its worker; default 5 min
 * @param pollInterval      how often idle workers look for jobs queued elsewhere (other instances, retries); default 1 s
 * @param rateLimits        calls per period allowed for a processor, by processor name
 * @param historicalDeferral how long processing holds back while historical syncs run, so they run at full speed
 *                          (their jobs are processed after); processing resumes when they end, or after this long
 *                          so that a long onboarding never starves other accounts' new mail; default 30 s, zero never
 *                          holds back
 */
public record ProcessingOptions(int batchSize, Duration maxBatchWait, int workers, int maxAttempts,
                                Duration initialRetryDelay, Duration maxRetryDelay, Duration lease,
                                Duration pollInterval, Map<String, RateLimit> rateLimits,
                                Duration historicalDeferral) {

    /** The defaults. */
    public static final ProcessingOptions DEFAULTS = builder().build();

    /**
     * At most {@code calls} calls per {@code period} ("AI calls per minute").
     *
     * @param calls  calls allowed per period, at least 1
     * @param period the period, positive
     */
    public record RateLimit(int calls, Duration period) {
        public RateLimit {
            if (calls < 1) {
                throw new IllegalArgumentException("rateLimit.calls must be >= 1, was " + calls);
            }
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("rateLimit.period must be > 0, was " + period);
            }
        }
    }

    public ProcessingOptions {
        require(batchSize >= 1 && batchSize <= 1000, "batchSize must be in 1..1000, was " + batchSize);
        require(maxBatchWait != null && !maxBatchWait.isNegative(), "maxBatchWait must be >= 0, was " + maxBatchWait);
        require(workers >= 1 && workers <= 256, "workers must be in 1..256, was " + workers);
        require(maxAttempts >= 1, "maxAttempts must be >= 1, was " + maxAttempts);
        require(isPositive(initialRetryDelay), "initialRetryDelay must be > 0, was " + initialRetryDelay);
        require(maxRetryDelay != null && maxRetryDelay.compareTo(initialRetryDelay) >= 0,
                "maxRetryDelay must be >= initialRetryDelay (" + initialRetryDelay + "), was " + maxRetryDelay);
        require(isPositive(lease), "lease must be > 0, was " + lease);
        require(isPositive(pollInterval), "pollInterval must be > 0, was " + pollInterval);
        rateLimits = Map.copyOf(rateLimits);
        require(historicalDeferral != null && !historicalDeferral.isNegative(),
                "historicalDeferral must be >= 0, was " + historicalDeferral);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds {@link ProcessingOptions}. Not thread-safe. */
    public static final class Builder {
        private int batchSize = 20;
        private Duration maxBatchWait = Duration.ZERO;
        private int workers = 4;
        private int maxAttempts = 5;
        private Duration initialRetryDelay = Duration.ofSeconds(5);
        private Duration maxRetryDelay = Duration.ofMinutes(10);
        private Duration lease = Duration.ofMinutes(5);
        private Duration pollInterval = Duration.ofSeconds(1);
        private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
        private Duration historicalDeferral = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder maxBatchWait(Duration maxBatchWait) { this.maxBatchWait = maxBatchWait; return this; }
        public Builder workers(int workers) { this.workers = workers; return this; }
        public Builder maxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; return this; }
        public Builder retryDelay(Duration initial, Duration max) { this.initialRetryDelay = initial; this.maxRetryDelay = max; return this; }
        public Builder lease(Duration lease) { this.lease = lease; return this; }
        public Builder pollInterval(Duration pollInterval) { this.pollInterval = pollInterval; return this; }

        /** At most {@code calls} calls of the processor named {@code processor} per {@code period}. */
        public Builder rateLimit(String processor, int calls, Duration period) {
            rateLimits.put(Objects.requireNonNull(processor, "processor"), new RateLimit(calls, period));
            return this;
        }

        /** How long processing holds back while historical syncs run; {@link Duration#ZERO} never. */
        public Builder historicalDeferral(Duration deferral) { this.historicalDeferral = deferral; return this; }

        /** The options; throws {@link IllegalArgumentException} naming the first invalid field. */
        public ProcessingOptions build() {
            return new ProcessingOptions(batchSize, maxBatchWait, workers, maxAttempts, initialRetryDelay,
                    maxRetryDelay, lease, pollInterval, rateLimits, historicalDeferral);
        }
    }
}
