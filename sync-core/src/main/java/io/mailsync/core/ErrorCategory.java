package io.mailsync.core;

/** What kind of failure a {@link SyncError} or {@link MailSyncException} is, and so how the engine reacts to it. */
public enum ErrorCategory {
    /** Credentials are missing, revoked or cannot be refreshed: the host must re-consent. Not retried. */
    AUTHENTICATION(false),
    /** The provider throttled the request (429, 503 with Retry-After, Gmail rateLimitExceeded). Retried. */
    RATE_LIMITED(true),
    /** A timeout, a dropped connection or a 5xx. Retried with backoff. */
    TRANSIENT(true),
    /** The stored cursor is no longer valid (Graph 410, Gmail 404, IMAP UIDVALIDITY): the folder is resynced. */
    INVALID_CURSOR(true),
    /** A message could not be parsed; it is stored with what could be read or skipped, never stops the folder. */
    MALFORMED_MESSAGE(false),
    /** The store failed or refused a write. Retried with backoff. */
    STORE(true),
    /** A permanent provider error (403 without a rate limit reason, a missing folder). Retried with backoff. */
    PROVIDER(true),
    /** A bug or an unexpected exception. Retried with backoff, and logged with its stack trace. */
    INTERNAL(true);

    private final boolean retried;

    ErrorCategory(boolean retried) {
        this.retried = retried;
    }

    /** Whether the engine retries work that failed with this category. */
    public boolean isRetried() {
        return retried;
    }
}
