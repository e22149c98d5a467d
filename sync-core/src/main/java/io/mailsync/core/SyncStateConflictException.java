package io.mailsync.core;

/**
 * A cursor save lost a compare-and-set race: another worker (or instance) saved the folder's cursor since it was
 * read. The engine drops its batch's cursor and syncs the folder again from the newer one.
 */
public class SyncStateConflictException extends StoreException {

    public SyncStateConflictException(AccountId accountId, FolderId folderId, long expectedVersion, long actualVersion) {
        super(accountId, "cursor of folder " + folderId + " is at version " + actualVersion + ", expected "
                + expectedVersion, null);
    }
}
