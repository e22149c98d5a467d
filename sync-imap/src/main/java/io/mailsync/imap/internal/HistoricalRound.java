package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncStateInvalidException;
import io.mailsync.core.spi.FetchRequest;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A folder's full round (historical sync or resync), newest first: the UIDs up to the round's top are listed once
 * per open folder ({@code UID SEARCH}), and each call reads the next page below the cursor's position in one bulk
 * fetch. The cursor after each page is a resumable position; the last page turns it into an incremental cursor whose
 * last UID is the round's top and whose HIGHESTMODSEQ is the one seen when the round started, so changes made during
 * the round are picked up by the next incremental sync. Not thread-safe (one per session).
 */
final class HistoricalRound {

    private final PagePrefetch prefetch;
    private String listedFolder;
    private long listedUidValidity;
    private long listedTop = -1;
    private long[] listedUids = new long[0];

    HistoricalRound(PagePrefetch prefetch) {
        this.prefetch = prefetch;
    }

    /** Waits for a page read ahead and drops it: the caller is about to use the connection for something else. */
    void discardPrefetch() {
        prefetch.discard();
    }

    /** Forgets the cached UID list (the folder was closed). */
    void forget() {
        listedFolder = null;
        listedTop = -1;
        listedUids = new long[0];
    }

    ChangeBatch next(ImapFolderAccess access, AccountId accountId, FetchRequest request, int pageSize,
                     long bodyMaxBytes) throws MessagingException {
        FolderId folderId = request.folderId();
        prefetch.awaitQuietly(); // the connection is ours again
        if (request.cursor().isEmpty()) {
            prefetch.discard();
        }
        IMAPFolder folder = access.openForRound(folderId.value());
        long uidValidity = folder.getUIDValidity();
        SyncCursor cursor = request.cursor().orElse(null);
        if (cursor != null && cursor.getLong(CursorKeys.UID_VALIDITY).orElse(-1L) != uidValidity) {
            throw new SyncStateInvalidException(accountId, folderId, "UIDVALIDITY of " + folderId + " changed from "
                    + cursor.get(CursorKeys.UID_VALIDITY).orElse("?") + " to " + uidValidity);
        }
        long roundTop;
        long nextBelow;
        long fetched;
        long limit;
        long roundModSeq;
        UidSet known;
        if (cursor == null) {
            roundModSeq = access.condstore() ? Math.max(0, folder.getHighestModSeq()) : 0;
            long[] all = ImapFetcher.searchUids(folder, "1:*");
            roundTop = all.length == 0 ? 0 : all[all.length - 1];
            remember(folderId.value(), uidValidity, roundTop, all);
            nextBelow = roundTop + 1;
            fetched = 0;
            limit = request.limit().isPresent() ? request.limit().getAsInt() : Long.MAX_VALUE;
            known = new UidSet();
        } else {
            roundTop = cursor.getLong(CursorKeys.ROUND_TOP).orElse(0L);
            nextBelow = cursor.getLong(CursorKeys.NEXT_BELOW).orElse(roundTop + 1);
            fetched = cursor.getLong(CursorKeys.FETCHED).orElse(0L);
            limit = cursor.getLong(CursorKeys.LIMIT).orElse(Long.MAX_VALUE);
            roundModSeq = cursor.getLong(CursorKeys.ROUND_MODSEQ).orElse(0L);
            known = UidSet.parse(cursor.get(CursorKeys.KNOWN_UIDS).orElse(""));
            if (!folderId.value().equals(listedFolder) || listedUidValidity != uidValidity || listedTop != roundTop) {
                remember(folderId.value(), uidValidity, roundTop,
                        roundTop == 0 ? new long[0] : ImapFetcher.searchUids(folder, "1:" + roundTop));
            }
        }
        long[] page = page(nextBelow, pageSize, fetched, limit);
        int n = page.length;
        PageReader.Page read = cursor == null ? null : prefetch.take(cursor, page).orElse(null);
        if (read == null) {
            read = PageReader.read(access, folder, accountId, folderId, uidValidity, page, bodyMaxBytes);
        }
        int below = insertionPoint(listedUids, nextBelow);
        read.foundUids().forEach(known::add);
        fetched += n;
        boolean done = n == 0 || below - n == 0 || fetched >= limit;

        Map<String, String> state = new LinkedHashMap<>();
        state.put(CursorKeys.UID_VALIDITY, Long.toString(uidValidity));
        state.put(CursorKeys.KNOWN_UIDS, known.toString());
        SyncCursor next;
        if (done) {
            state.put(CursorKeys.LAST_UID, Long.toString(roundTop));
            if (roundModSeq > 0) {
                state.put(CursorKeys.HIGHEST_MODSEQ, Long.toString(roundModSeq));
            }
            StableIdSync.record(access, folder, null, known, state);
            next = SyncCursor.of(folderId, SyncCursor.Phase.INCREMENTAL, state);
        } else {
            state.put(CursorKeys.ROUND_TOP, Long.toString(roundTop));
            state.put(CursorKeys.NEXT_BELOW, Long.toString(page.length == 0 ? nextBelow : page[page.length - 1]));
            state.put(CursorKeys.FETCHED, Long.toString(fetched));
            if (limit != Long.MAX_VALUE) {
                state.put(CursorKeys.LIMIT, Long.toString(limit));
            }
            state.put(CursorKeys.ROUND_MODSEQ, Long.toString(roundModSeq));
            next = SyncCursor.of(folderId, SyncCursor.Phase.HISTORICAL, state);
            readAhead(access, folder, accountId, folderId, uidValidity, next,
                    page(page.length == 0 ? nextBelow : page[page.length - 1], pageSize, fetched, limit), bodyMaxBytes);
        }
        ChangeBatch.Builder batch = ChangeBatch.builder(accountId, folderId, next).upserts(read.messages())
                .hasMore(!done).estimatedTotal(Math.min(listedUids.length, limit));
        read.notFetchable().forEach(batch::notFetchable);
        return batch.build();
    }

    /** The next page below {@code nextBelow}, newest first. */
    private long[] page(long nextBelow, int pageSize, long fetched, long limit) {
        int below = insertionPoint(listedUids, nextBelow);
        int n = (int) Math.min(Math.min(pageSize, below), Math.max(0, limit - fetched));
        long[] page = Arrays.copyOfRange(listedUids, below - n, below);
        reverse(page);
        return page;
    }

    /** Reads the page the engine will ask for next while it stores this one (same connection, background thread). */
    private void readAhead(ImapFolderAccess access, IMAPFolder folder, AccountId accountId, FolderId folderId,
                           long uidValidity, SyncCursor next, long[] page, long bodyMaxBytes) {
        if (page.length > 0) {
            prefetch.start(next, page, () -> PageReader.read(access, folder, accountId, folderId, uidValidity, page,
                    bodyMaxBytes));
        }
    }

    private void remember(String folder, long uidValidity, long top, long[] uids) {
        listedFolder = folder;
        listedUidValidity = uidValidity;
        listedTop = top;
        listedUids = uids;
    }

    /** How many of the ascending {@code uids} are below {@code bound}. */
    static int insertionPoint(long[] uids, long bound) {
        int i = Arrays.binarySearch(uids, bound);
        return i >= 0 ? i : -i - 1;
    }

    private static void reverse(long[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
