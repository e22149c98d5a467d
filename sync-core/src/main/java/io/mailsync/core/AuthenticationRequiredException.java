package io.mailsync.core;

/**
 * The account's credentials are missing, rejected or cannot be refreshed. The account moves to
 * {@link SyncState#AUTH_REQUIRED} and is not retried until the host re-consents and calls
 * {@link RealTimeSyncManager#restartSync(AccountId)}.
 */
public class AuthenticationRequiredException extends MailSyncException {

    public AuthenticationRequiredException(AccountId accountId, String message, String providerError, Throwable cause) {
        super(ErrorCategory.AUTHENTICATION, accountId, message, providerError, cause);
    }

    public AuthenticationRequiredException(AccountId accountId, String message) {
        this(accountId, message, null, null);
    }
}
