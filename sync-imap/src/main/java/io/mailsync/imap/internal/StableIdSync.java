package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.imap.ImapMessageId;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stable ids in a folder's sync: kept in its cursor for every stored message ({@link #record}), and used after a
 * UIDVALIDITY change to remap the stored messages to their new UIDs ({@link #remap}) instead of downloading the folder
 * again. Stateless.
 */
final class StableIdSync {

    private static final Logger LOG = LoggerFactory.getLogger(StableIdSync.class);

    private StableIdSync() {
    }

    /**
     * Writes the stable ids of the {@code known} UIDs into {@code state} when the server has a stable-id source:
     * those of {@code previous} (a cursor, or null) and, with one {@code UID FETCH}, those still missing.
     */
    static void record(ImapFolderAccess access, IMAPFolder folder, SyncCursor previous, UidSet known,
                       Map<String, String> state) throws MessagingException {
        Optional<String> attribute = access.stableIdAttribute();
        if (attribute.isEmpty()) {
            return;
        }
        StableIdIndex index = previous == null ? new StableIdIndex()
                : StableIdIndex.of(previous, attribute.get(), UidSet.parse(previous.get(CursorKeys.KNOWN_UIDS)
                        .orElse("")));
        long[] missing = index.missing(known);
        if (missing.length > 0) {
            StableIds.fetch(folder, attribute.get(), missing).forEach(e -> index.put(e.uid(), e.key()));
        }
        index.writeTo(state, attribute.get(), known);
    }

    /**
     * The batch after a UIDVALIDITY change, when {@code cursor} holds stable ids from the server's source: one chunked
     * {@code UID FETCH 1:* (UID FLAGS <stable id>)}; stored messages found again are renamed to their new UIDs (with
     * their current flags), those not found are deleted, and the others are left to the following pages (the cursor's
     * last UID stops below the first of them). Empty when the cursor has no stable ids to remap with.
     */
    static Optional<ChangeBatch> remap(ImapFolderAccess access, IMAPFolder folder, AccountId accountId,
                                       FolderId folderId, SyncCursor cursor) throws MessagingException {
        Optional<String> attribute = access.stableIdAttribute();
        long oldValidity = cursor.getLong(CursorKeys.UID_VALIDITY).orElse(-1L);
        UidSet known = UidSet.parse(cursor.get(CursorKeys.KNOWN_UIDS).orElse(""));
        if (attribute.isEmpty() || oldValidity < 1) {
            return Optional.empty();
        }
        StableIdIndex index = StableIdIndex.of(cursor, attribute.get(), known);
        if (index.isEmpty()) {
            return Optional.empty();
        }
        long newValidity = folder.getUIDValidity();
        long modSeq = access.condstore() ? Math.max(0, folder.getHighestModSeq()) : 0;
        long[] uids = ImapFetcher.searchUids(folder, "1:*");
        UidRemap plan = UidRemap.plan(known, index, StableIds.fetch(folder, attribute.get(), uids), uids);

        UidSet newKnown = new UidSet();
        StableIdIndex newIndex = new StableIdIndex();
        plan.renames().values().forEach(uid -> {
            newKnown.add(uid);
            newIndex.put(uid, plan.keys().get(uid));
        });
        long top = uids.length == 0 ? 0 : uids[uids.length - 1];
        long lastUid = plan.newcomers().length == 0 ? top : plan.newcomers()[0] - 1;
        Map<String, String> state = new LinkedHashMap<>();
        state.put(CursorKeys.UID_VALIDITY, Long.toString(newValidity));
        state.put(CursorKeys.LAST_UID, Long.toString(lastUid));
        if (modSeq > 0) {
            state.put(CursorKeys.HIGHEST_MODSEQ, Long.toString(modSeq));
        }
        state.put(CursorKeys.KNOWN_UIDS, newKnown.toString());
        newIndex.writeTo(state, attribute.get(), newKnown);

        String name = folderId.value();
        ChangeBatch.Builder batch = ChangeBatch.builder(accountId, folderId,
                SyncCursor.of(folderId, SyncCursor.Phase.INCREMENTAL, state)).hasMore(plan.newcomers().length > 0);
        plan.renames().forEach((oldUid, newUid) -> {
            String newId = new ImapMessageId(name, newValidity, newUid).toString();
            batch.rename(new ImapMessageId(name, oldValidity, oldUid).toString(), newId);
            batch.flagUpdate(new FlagUpdate(newId, plan.flags().get(newUid)));
        });
        plan.gone().forEach(uid -> batch.deletion(new ImapMessageId(name, oldValidity, uid).toString()));
        LOG.info("UIDVALIDITY of folder {} of account {} changed from {} to {}: {} stored messages remapped by {}, "
                        + "{} gone, {} to fetch", folderId, accountId, oldValidity, newValidity, plan.renames().size(),
                attribute.get(), plan.gone().size(), plan.newcomers().length);
        return Optional.of(batch.build());
    }
}
