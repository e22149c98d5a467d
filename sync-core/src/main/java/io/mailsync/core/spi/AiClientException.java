package io.mailsync.core.spi;

import io.mailsync.core.ErrorCategory;
import io.mailsync.core.MailSyncException;

import java.util.Objects;

/**
 * An {@link AiClient} call failed. The processing pipeline retries the message with backoff and dead-letters it after
 * the configured attempts, with this exception's message as the last error; other messages are unaffected.
 */
public class AiClientException extends MailSyncException {

    /** What went wrong. */
    public enum Kind {
        /** The server did not answer in time. */
        TIMEOUT(ErrorCategory.TRANSIENT),
        /** The server failed (5xx, a dropped connection). */
        SERVER_ERROR(ErrorCategory.TRANSIENT),
        /** The server throttled the call (429). */
        RATE_LIMITED(ErrorCategory.RATE_LIMITED),
        /** The server refused the request (401, 403, 404 model, 400). */
        REFUSED(ErrorCategory.PROVIDER),
        /** The answer could not be used: not JSON, empty, or not one of the expected labels. */
        INVALID_ANSWER(ErrorCategory.PROVIDER);

        private final ErrorCategory category;

        Kind(ErrorCategory category) {
            this.category = category;
        }
    }

    private final Kind kind;

    /**
     * @param kind        what went wrong
     * @param message     what happened, in our words
     * @param serverError the server's own words (status line, error body, the unusable answer), or {@code null}
     * @param cause       the underlying exception, or {@code null}
     */
    public AiClientException(Kind kind, String message, String serverError, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind").category, null, message, serverError, cause);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
