package io.mailsync.core;

/** A transient provider failure: a timeout, a dropped connection, a 5xx, an IMAP BYE. Retried with backoff. */
public class ProviderUnavailableException extends MailSyncException {

    public ProviderUnavailableException(AccountId accountId, String message, String providerError, Throwable cause) {
        super(ErrorCategory.TRANSIENT, accountId, message, providerError, cause);
    }

    public ProviderUnavailableException(AccountId accountId, String message) {
        this(accountId, message, null, null);
    }
}
