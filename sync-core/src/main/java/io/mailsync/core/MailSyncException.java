package io.mailsync.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The root of mailsync's exceptions (unchecked). Each carries the account it concerns, when one does, and the
 * provider's or server's own error text, so nothing the provider said is lost.
 */
public class MailSyncException extends RuntimeException {

    private final ErrorCategory category;
    private final transient AccountId accountId;
    private final String providerError;

    /**
     * @param category      what kind of failure this is
     * @param accountId     the account concerned, or {@code null} when none
     * @param message       what happened, in our words
     * @param providerError the provider's own error text (status line, JSON error, IMAP response), or {@code null}
     * @param cause         the underlying exception, or {@code null}
     */
    public MailSyncException(ErrorCategory category, AccountId accountId, String message, String providerError,
                             Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
        this.accountId = accountId;
        this.providerError = providerError;
    }

    /** A failure of {@code category} with a message only. */
    public MailSyncException(ErrorCategory category, String message) {
        this(category, null, message, null, null);
    }

    /** What kind of failure this is; decides whether the engine retries. */
    public ErrorCategory category() {
        return category;
    }

    /** The account concerned, when there is one. */
    public Optional<AccountId> accountId() {
        return Optional.ofNullable(accountId);
    }

    /** The provider's own error text, when it gave one. */
    public Optional<String> providerError() {
        return Optional.ofNullable(providerError);
    }

    @Override
    public String getMessage() {
        String base = super.getMessage();
        StringBuilder sb = new StringBuilder(base == null ? category.name() : base);
        if (accountId != null) {
            sb.append(" [account ").append(accountId).append(']');
        }
        if (providerError != null) {
            sb.append(" (provider said: ").append(providerError).append(')');
        }
        return sb.toString();
    }
}
