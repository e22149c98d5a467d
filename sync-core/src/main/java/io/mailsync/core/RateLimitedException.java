package io.mailsync.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The provider throttled a request (HTTP 429, 503 with Retry-After, Gmail {@code rateLimitExceeded}). Retried. */
public class RateLimitedException extends MailSyncException {

    private final Duration retryAfter;

    /**
     * @param retryAfter how long the provider asked to wait (its {@code Retry-After}), or {@code null} when it did
     *                   not say; the engine then backs off exponentially with jitter
     */
    public RateLimitedException(AccountId accountId, Duration retryAfter, String providerError, Throwable cause) {
        super(ErrorCategory.RATE_LIMITED, accountId,
                retryAfter == null ? "rate limited" : "rate limited, retry after " + retryAfter, providerError, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    public RateLimitedException(AccountId accountId, Duration retryAfter) {
        this(accountId, retryAfter, null, null);
    }

    /** The wait the provider asked for, when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Same as {@link #retryAfter()} but never empty: {@code fallback} when the provider gave no wait. */
    public Duration retryAfterOr(Duration fallback) {
        return retryAfter != null ? retryAfter : Objects.requireNonNull(fallback, "fallback");
    }
}
