package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;

import java.util.List;
import java.util.Optional;

/**
 * Keeps one cursor per {@code (account, folder)}, saved with compare-and-set on a version so two workers can never
 * both advance a folder. Thread-safe. The test kit's {@code SyncStateStoreContract} checks an implementation.
 */
public interface SyncStateStore {

    /** Version to pass to {@link #save} when the folder has no cursor yet. */
    long NO_VERSION = 0;

    /** The folder's cursor, when it has one. */
    Optional<StoredCursor> load(AccountId accountId, FolderId folderId);

    /** Every cursor of the account. */
    List<StoredCursor> loadAll(AccountId accountId);

    /**
     * Saves the cursor of {@code cursor.folderId()} if its stored version is {@code expectedVersion}
     * ({@link #NO_VERSION} when none may exist yet).
     *
     * @return the new version, always {@code expectedVersion + 1}
     * @throws io.mailsync.core.SyncStateConflictException when the stored version differs
     */
    long save(AccountId accountId, SyncCursor cursor, long expectedVersion);

    /** Removes the folder's cursor: its next sync is a full one. */
    void delete(AccountId accountId, FolderId folderId);

    /** Removes every cursor of the account. */
    void deleteAll(AccountId accountId);
}
