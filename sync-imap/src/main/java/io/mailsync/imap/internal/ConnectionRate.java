package io.mailsync.imap.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.mailsync.core.AccountId;
import io.mailsync.core.ProviderUnavailableException;

import java.time.Duration;

/**
 * Bounds how fast a provider opens connections over all its accounts, so that thousands of accounts starting at once
 * (a host's restart) log in at a rate the server accepts instead of all together: every login first takes a permit.
 * Permits come in slices of a tenth of a second (at 50 a second: 5 every 100 ms), so bursts stay small; a caller
 * waits for its slice (virtual threads park) and gives up after {@code maxWait}. Thread-safe.
 */
final class ConnectionRate {

    private final RateLimiter limiter;
    private final double perSecond;

    /**
     * @param perSecond connections per second at most, {@code > 0}
     * @param maxWait   the longest a caller waits for a permit
     */
    ConnectionRate(double perSecond, Duration maxWait) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be > 0, was " + perSecond);
        }
        this.perSecond = perSecond;
        int perSlice = (int) Math.max(1, Math.ceil(perSecond / 10));
        Duration slice = Duration.ofNanos((long) (1_000_000_000L * perSlice / perSecond));
        this.limiter = RateLimiter.of("imap-connections", RateLimiterConfig.custom()
                .limitForPeriod(perSlice).limitRefreshPeriod(slice).timeoutDuration(maxWait).build());
    }

    /** Permits at most in one slice (the largest burst). */
    int burst() {
        return limiter.getRateLimiterConfig().getLimitForPeriod();
    }

    /**
     * Waits for a permit to open one connection.
     *
     * @throws ProviderUnavailableException when the wait would be longer than {@code maxWait} (the engine retries
     *                                      the account later)
     */
    void acquire(AccountId accountId) {
        boolean permitted;
        try {
            permitted = limiter.acquirePermission();
        } catch (RuntimeException e) {
            permitted = false;
        }
        if (!permitted) {
            throw new ProviderUnavailableException(accountId, "more IMAP connections are waiting than the rate limit"
                    + " of " + perSecond + "/s lets open within " + limiter.getRateLimiterConfig().getTimeoutDuration());
        }
    }
}
