package io.mailsync.core;

/** A store could not read or write. Retried with backoff; the cursor never moves past what was stored. */
public class StoreException extends MailSyncException {

    public StoreException(AccountId accountId, String message, Throwable cause) {
        super(ErrorCategory.STORE, accountId, message, null, cause);
    }

    public StoreException(String message, Throwable cause) {
        this(null, message, cause);
    }
}
