package io.mailsync.testkit.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure the {@link GraphFake} answers instead of serving a request, for the next {@code times} requests whose
 * path contains {@code pathContains}.
 *
 * @param pathContains a substring of the request path (after {@code /v1.0}); empty matches every request
 * @param status       the HTTP status to answer
 * @param code         the Graph error code ({@code syncStateNotFound}, {@code TooManyRequests}...)
 * @param retryAfter   the {@code Retry-After} to send, when any
 * @param times        how many matching requests fail
 */
public record FakeFault(String pathContains, int status, String code, Optional<Duration> retryAfter, int times) {

    public FakeFault {
        Objects.requireNonNull(pathContains, "pathContains");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
        }
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
    }

    /** {@code times} answers of 429 TooManyRequests with {@code Retry-After}. */
    public static FakeFault throttle(String pathContains, Duration retryAfter, int times) {
        return new FakeFault(pathContains, 429, "TooManyRequests", Optional.of(retryAfter), times);
    }

    /** {@code times} answers of 503 ServiceUnavailable with {@code Retry-After}. */
    public static FakeFault unavailable(String pathContains, Duration retryAfter, int times) {
        return new FakeFault(pathContains, 503, "ServiceUnavailable", Optional.of(retryAfter), times);
    }

    /** One answer of {@code status} with the error {@code code}. */
    public static FakeFault of(String pathContains, int status, String code) {
        return new FakeFault(pathContains, status, code, Optional.empty(), 1);
    }
}
