package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;

import java.util.Optional;
import java.util.Set;

/**
 * Where synchronised messages live: the host's own store, mailsync's PostgreSQL store ({@code sync-jdbc}) or the
 * in-memory one. Implementations must be thread-safe: different accounts are synced concurrently.
 *
 * <p>The unique key is {@code (accountId, providerMessageId)}; never the RFC 5322 Message-ID, which two accounts (and
 * two folders of one account) share. The test kit's {@code EmailStoreContract} checks an implementation.
 */
public interface EmailStore {

    /**
     * Applies a batch: upserts first, then flag updates, then deletions, as one unit where the store can.
     * Idempotent: applying the same batch again changes nothing and reports nothing as inserted.
     *
     * <p>A deletion removes a message only while it is stored in the batch's folder: a message that moved (Graph
     * immutable ids: the new folder's delta upserts it, then the old folder's delta removes it) is not lost when the
     * two folders are synced in that order. Flag updates apply whatever the stored folder.
     *
     * @return which messages were really inserted, updated and deleted by this call
     * @throws io.mailsync.core.StoreException when the store cannot write; the batch is then not applied, or
     *                                         applied in a way that a replay completes
     */
    ApplyResult apply(ChangeBatch batch);

    /** The stored message with this key. */
    Optional<EmailMessage> find(AccountId accountId, String providerMessageId);

    /** The provider ids of every stored message of one folder (used to reconcile after a full resync). */
    Set<String> providerMessageIds(AccountId accountId, FolderId folderId);

    /** The number of stored messages of the account. */
    long count(AccountId accountId);
}
