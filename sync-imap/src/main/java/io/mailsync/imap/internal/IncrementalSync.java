package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.imap.ImapMessageId;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MailEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One incremental step of a folder after its full round:
 * <ol>
 *   <li>new mail: {@code UID SEARCH UID lastUID+1:*}, read a page at a time, oldest first (the cursor's last UID
 *       moves with each page, so a crash resumes exactly);</li>
 *   <li>after the last new page, flag changes and expunges: with CONDSTORE {@code UID FETCH 1:last (FLAGS)
 *       (CHANGEDSINCE modseq)}, skipped when HIGHESTMODSEQ has not moved; expunges from QRESYNC's
 *       {@code VANISHED (EARLIER)}, or by comparing the stored UID set with the server's; without CONDSTORE one
 *       {@code UID FETCH 1:last (UID FLAGS)} compared with the stored UIDs.</li>
 * </ol>
 * A UIDVALIDITY change remaps the stored messages by their stable ids where the cursor has them
 * ({@link StableIdSync#remap}); otherwise it throws {@link SyncStateInvalidException}: the engine resyncs and
 * reconciles the folder. Stateless.
 */
final class IncrementalSync {

    private IncrementalSync() {
    }

    static ChangeBatch next(ImapFolderAccess access, AccountId accountId, FetchRequest request, int pageSize,
                            long bodyMaxBytes) throws MessagingException {
        FolderId folderId = request.folderId();
        SyncCursor cursor = request.cursor().orElseThrow();
        long uidValidity = cursor.getLong(CursorKeys.UID_VALIDITY).orElse(-1L);
        long lastUid = cursor.getLong(CursorKeys.LAST_UID).orElse(0L);
        long modSeq = cursor.getLong(CursorKeys.HIGHEST_MODSEQ).orElse(0L);
        UidSet known = UidSet.parse(cursor.get(CursorKeys.KNOWN_UIDS).orElse(""));

        ImapFolderAccess.Opened opened = access.openForIncremental(folderId.value(), uidValidity, modSeq);
        IMAPFolder folder = opened.folder();
        long serverUidValidity = folder.getUIDValidity();
        if (serverUidValidity != uidValidity) {
            Optional<ChangeBatch> remapped = StableIdSync.remap(access, folder, accountId, folderId, cursor);
            if (remapped.isPresent()) {
                return remapped.get();
            }
            throw new SyncStateInvalidException(accountId, folderId, "UIDVALIDITY of " + folderId + " changed from "
                    + uidValidity + " to " + serverUidValidity);
        }
        long serverModSeq = access.condstore() ? Math.max(0, folder.getHighestModSeq()) : 0;

        long[] found = above(ImapFetcher.searchUids(folder, (lastUid + 1) + ":*"), lastUid);
        long[] fresh = Arrays.stream(found).filter(u -> !known.contains(u)).toArray(); // known: remapped ones
        long[] page = Arrays.copyOf(fresh, Math.min(pageSize, fresh.length));
        PageReader.Page read = PageReader.read(access, folder, accountId, folderId, uidValidity, page,
                bodyMaxBytes);
        read.foundUids().forEach(known::add);
        boolean more = page.length < fresh.length;
        long newLastUid = more ? page[page.length - 1]
                : Math.max(lastUid, found.length == 0 ? 0 : found[found.length - 1]);

        List<FlagUpdate> flagUpdates = new ArrayList<>();
        List<String> deletions = new ArrayList<>();
        long nextModSeq = modSeq;
        if (!more) {
            Changes changes = new Changes(folderId, uidValidity, known, lastUid, flagUpdates, deletions);
            if (access.condstore() && modSeq > 0) {
                if (serverModSeq != modSeq && lastUid > 0) {
                    ImapFetcher.fetchFlags(folder, "1:" + lastUid, modSeq).forEach(changes::flags);
                }
                if (access.qresync()) {
                    vanished(opened.events()).forEach(changes::vanished);
                } else if (folder.getMessageCount() != known.size() && lastUid > 0) {
                    changes.compare(ImapFetcher.searchUids(folder, "1:" + lastUid));
                }
            } else if (lastUid > 0) {
                Map<Long, Set<String>> all = ImapFetcher.fetchFlags(folder, "1:" + lastUid, 0);
                all.forEach(changes::flags);
                changes.compare(all.keySet().stream().mapToLong(Long::longValue).sorted().toArray());
            }
            nextModSeq = serverModSeq;
        }

        Map<String, String> state = new LinkedHashMap<>();
        state.put(CursorKeys.UID_VALIDITY, Long.toString(uidValidity));
        state.put(CursorKeys.LAST_UID, Long.toString(newLastUid));
        if (nextModSeq > 0) {
            state.put(CursorKeys.HIGHEST_MODSEQ, Long.toString(nextModSeq));
        }
        state.put(CursorKeys.KNOWN_UIDS, known.toString());
        StableIdSync.record(access, folder, cursor, known, state);
        SyncCursor next = SyncCursor.of(folderId, SyncCursor.Phase.INCREMENTAL, state);
        ChangeBatch.Builder batch = ChangeBatch.builder(accountId, folderId, next).upserts(read.messages())
                .hasMore(more);
        flagUpdates.forEach(batch::flagUpdate);
        deletions.forEach(batch::deletion);
        read.notFetchable().forEach(batch::notFetchable);
        return batch.build();
    }

    private static long[] above(long[] uids, long lastUid) {
        return Arrays.stream(uids).filter(u -> u > lastUid).toArray();
    }

    private static List<Long> vanished(List<MailEvent> events) {
        List<Long> uids = new ArrayList<>();
        if (events != null) {
            for (MailEvent e : events) {
                if (e instanceof MessageVanishedEvent v) {
                    for (long u : v.getUIDs()) {
                        uids.add(u);
                    }
                }
            }
        }
        return uids;
    }

    /** Collects flag updates and deletions of the messages stored (the known UIDs up to the last UID). */
    private record Changes(FolderId folderId, long uidValidity, UidSet known, long lastUid,
                           List<FlagUpdate> flagUpdates, List<String> deletions) {

        void flags(long uid, Set<String> flags) {
            if (uid <= lastUid && known.contains(uid)) {
                flagUpdates.add(new FlagUpdate(id(uid), flags));
            }
        }

        void vanished(long uid) {
            if (uid <= lastUid && known.remove(uid)) {
                deletions.add(id(uid));
            }
        }

        /** Every known UID up to the last UID that the server no longer lists is deleted. */
        void compare(long[] present) {
            List<Long> gone = new ArrayList<>();
            known.forEach(u -> {
                if (u <= lastUid && Arrays.binarySearch(present, u) < 0) {
                    gone.add(u);
                }
            });
            gone.forEach(this::vanished);
        }

        private String id(long uid) {
            return new ImapMessageId(folderId.value(), uidValidity, uid).toString();
        }
    }
}
