package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.FolderId;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.RateLimitedException;
import io.mailsync.core.SyncStateInvalidException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A failure a {@link ScriptedMailbox} injects into a provider call, as the real providers report it.
 */
public final class Fault {

    private final String description;
    private final BiFunction<AccountId, FolderId, RuntimeException> exception;

    private Fault(String description, BiFunction<AccountId, FolderId, RuntimeException> exception) {
        this.description = description;
        this.exception = exception;
    }

    /** HTTP 429 with {@code Retry-After: retryAfter}. */
    public static Fault rateLimited(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        return new Fault("429 Retry-After " + retryAfter, (a, f) -> new RateLimitedException(a, retryAfter,
                "429 Too Many Requests; Retry-After: " + retryAfter.toMillis() / 1000.0, null));
    }

    /** HTTP 429 without a Retry-After header: the engine backs off exponentially. */
    public static Fault rateLimited() {
        return new Fault("429", (a, f) -> new RateLimitedException(a, null, "429 Too Many Requests", null));
    }

    /** A read timeout: transient, the session is reopened. */
    public static Fault timeout() {
        return new Fault("timeout", (a, f) -> new ProviderUnavailableException(a, "read timed out", null,
                new java.net.SocketTimeoutException("Read timed out")));
    }

    /** The stored cursor is no longer valid (Graph 410 Gone, Gmail 404, IMAP UIDVALIDITY change). */
    public static Fault invalidCursor() {
        return new Fault("invalid cursor", (a, f) -> new SyncStateInvalidException(a, f, "sync state not found",
                "410 Gone: syncStateNotFound", null));
    }

    /** The credential is rejected and cannot be refreshed (HTTP 401 after a failed refresh, invalid_grant). */
    public static Fault authFailure() {
        return new Fault("auth failure", (a, f) -> new AuthenticationRequiredException(a, "token rejected",
                "401 Unauthorized: invalid_grant", null));
    }

    /** Any exception, for bugs and unexpected failures. */
    public static Fault of(String description, RuntimeException exception) {
        return new Fault(description, (a, f) -> exception);
    }

    RuntimeException toException(AccountId accountId, FolderId folderId) {
        return exception.apply(accountId, folderId);
    }

    @Override
    public String toString() {
        return "Fault[" + description + "]";
    }
}
