package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * Gives stored messages of {@code folderId} new provider ids, content and flags unchanged ({@link
     * ChangeBatch#renames()}: an IMAP folder whose UIDVALIDITY changed, remapped through the messages' stable ids). The
     * engine calls it before {@link #apply} of the batch holding the renames, and announces nothing for them.
     * Idempotent: an old id no longer stored (renamed already, or deleted) is skipped, and a message already stored
     * under its new id is left as it is.
     *
     * <p>The default reads each message with {@link #find}, stores a copy under its new id and deletes the old one
     * through {@link #apply}; a store can override it with one {@code UPDATE} of the key (and move what it keeps by
     * provider id, such as processing results).
     *
     * @return the new ids of the messages renamed by this call
     * @throws io.mailsync.core.StoreException when the store cannot write
     */
    default Set<String> renameMessages(AccountId accountId, FolderId folderId, Map<String, String> renames) {
        List<EmailMessage> copies = new ArrayList<>();
        List<String> oldIds = new ArrayList<>();
        Set<String> renamed = new LinkedHashSet<>();
        renames.forEach((from, to) -> find(accountId, from).filter(m -> m.folderId().equals(folderId)).ifPresent(m -> {
            if (find(accountId, to).isEmpty()) {
                copies.add(renamed(m, to));
                renamed.add(to);
            }
            oldIds.add(from);
        }));
        if (!oldIds.isEmpty()) {
            SyncCursor unused = SyncCursor.of(folderId, SyncCursor.Phase.INCREMENTAL, Map.of()); // apply saves no cursor
            apply(new ChangeBatch(accountId, folderId, copies, List.of(), oldIds, List.of(), unused, false,
                    java.util.OptionalLong.empty()));
        }
        return renamed;
    }

    private static EmailMessage renamed(EmailMessage m, String id) {
        return new EmailMessage(m.accountId(), id, m.folderId(), m.internetMessageId(), m.threadId(), m.inReplyTo(),
                m.references(), m.from(), m.to(), m.cc(), m.bcc(), m.replyTo(), m.subject(), m.snippet(), m.sentAt(),
                m.receivedAt(), m.flags(), m.size(), m.attachments(), m.textBody(), m.htmlBody(), m.headers());
    }
}
