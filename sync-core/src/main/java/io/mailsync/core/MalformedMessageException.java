package io.mailsync.core;

import java.util.Objects;

/** One message could not be parsed or stored as it is. It never stops the folder's sync. */
public class MalformedMessageException extends MailSyncException {

    private final String providerMessageId;

    public MalformedMessageException(AccountId accountId, String providerMessageId, String message, Throwable cause) {
        super(ErrorCategory.MALFORMED_MESSAGE, accountId, message, null, cause);
        this.providerMessageId = Objects.requireNonNull(providerMessageId, "providerMessageId");
    }

    /** The message that could not be read. */
    public String providerMessageId() {
        return providerMessageId;
    }
}
