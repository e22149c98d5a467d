package io.mailsync.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A failure as the status model keeps it.
 *
 * @param category what kind of failure
 * @param message  the message, including the provider's own words; never a secret
 * @param at       when it happened
 */
public record SyncError(ErrorCategory category, String message, Instant at) {

    public SyncError {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    /** The error of {@code failure} at {@code at}; unknown exceptions are {@link ErrorCategory#INTERNAL}. */
    public static SyncError of(Throwable failure, Instant at) {
        ErrorCategory category = failure instanceof MailSyncException e ? e.category() : ErrorCategory.INTERNAL;
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return new SyncError(category, message, at);
    }
}
