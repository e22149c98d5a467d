package io.mailsync.core;

import java.util.Objects;

/**
 * The folder's stored cursor is no longer valid: Graph {@code 410 Gone} or {@code syncStateNotFound}, Gmail 404 on
 * {@code history.list}, an IMAP UIDVALIDITY change. The engine drops the cursor and resyncs the folder completely,
 * reconciling deletions and announcing no message twice.
 */
public class SyncStateInvalidException extends MailSyncException {

    private final FolderId folderId;

    public SyncStateInvalidException(AccountId accountId, FolderId folderId, String message, String providerError,
                                     Throwable cause) {
        super(ErrorCategory.INVALID_CURSOR, accountId, message, providerError, cause);
        this.folderId = Objects.requireNonNull(folderId, "folderId");
    }

    public SyncStateInvalidException(AccountId accountId, FolderId folderId, String message) {
        this(accountId, folderId, message, null, null);
    }

    /** The folder whose cursor is invalid. */
    public FolderId folderId() {
        return folderId;
    }
}
