package io.mailsync.gmail.internal;

import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Profile;
import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.spi.FetchRequest;

import java.util.List;
import java.util.Map;

/**
 * The full round (historical sync or resync): the mailbox's historyId is read BEFORE listing and becomes the cursor
 * of the incremental phase, so nothing that changes while the round runs is missed. Then messages.list pages (≤ 500
 * ids) are fetched in quota-paced batches. The cursor holds the historyId, the list page token, the offset inside
 * that page and the count done, so a crash resumes where the last stored page ended. Not thread-safe.
 */
final class HistoricalRound {

    static final String HISTORY_ID = "historyId";
    static final String LIST_TOKEN = "listToken";
    static final String OFFSET = "offset";
    static final String DONE = "done";
    static final String ESTIMATE = "estimate";
    static final String LIMIT = "limit";
    private static final int LIST_PAGE = 500;

    private final AccountId accountId;
    private final GmailCalls calls;
    private final GmailSettings settings;
    /** The current list page, kept between calls (re-listed only after a restart). */
    private String pageToken;
    private List<String> pageIds;
    private String nextPageToken;
    private long resultSizeEstimate = -1;

    HistoricalRound(AccountId accountId, GmailCalls calls, GmailSettings settings) {
        this.accountId = accountId;
        this.calls = calls;
        this.settings = settings;
    }

    /** The first cursor of a new round: historyId taken now, before any listing. */
    SyncCursor start(FetchRequest request) {
        pageIds = null; // a new round lists afresh
        Profile profile = calls.profile();
        long estimate = profile.getMessagesTotal() == null ? -1 : profile.getMessagesTotal();
        if (!settings.labelFilter().isEmpty() || !settings.includeSpamTrash()) {
            estimate = -1; // the profile counts everything; the first list page tells better
        }
        SyncCursor cursor = SyncCursor.of(FolderId.MAILBOX, SyncCursor.Phase.HISTORICAL, Map.of(
                HISTORY_ID, profile.getHistoryId().toString(), LIST_TOKEN, "", OFFSET, "0", DONE, "0",
                ESTIMATE, Long.toString(estimate)));
        return request.limit().isPresent() ? cursor.with(LIMIT, Integer.toString(request.limit().getAsInt())) : cursor;
    }

    /** The next chunk of the round. */
    ChangeBatch next(SyncCursor cursor, int pageSize) {
        String token = cursor.get(LIST_TOKEN).orElse("");
        int offset = Integer.parseInt(cursor.get(OFFSET).orElse("0"));
        long done = cursor.getLong(DONE).orElse(0L);
        long limit = cursor.getLong(LIMIT).orElse(Long.MAX_VALUE);
        long estimate = cursor.getLong(ESTIMATE).orElse(-1L);
        load(token);
        if (estimate < 0 && token.isEmpty() && resultSizeEstimate >= 0) {
            estimate = resultSizeEstimate;
        }
        int take = (int) Math.max(0, Math.min(Math.min(pageSize, pageIds.size() - offset), limit - done));
        List<String> chunk = pageIds.subList(offset, offset + take);
        GmailCalls.Fetched fetched = calls.getAll(chunk);
        offset += take;
        done += take;

        boolean finished = done >= limit || (offset >= pageIds.size() && nextPageToken == null);
        SyncCursor next;
        if (finished) {
            next = SyncCursor.of(FolderId.MAILBOX, SyncCursor.Phase.INCREMENTAL,
                    Map.of(HISTORY_ID, cursor.get(HISTORY_ID).orElseThrow()));
        } else {
            String nextToken = offset >= pageIds.size() ? nextPageToken : token;
            next = cursor.with(LIST_TOKEN, nextToken).with(OFFSET, offset >= pageIds.size() ? "0" : Integer.toString(offset))
                    .with(DONE, Long.toString(done)).with(ESTIMATE, Long.toString(estimate));
        }
        ChangeBatch.Builder b = ChangeBatch.builder(accountId, FolderId.MAILBOX, next).hasMore(!finished);
        if (estimate >= 0) {
            b.estimatedTotal(Math.min(estimate, limit));
        }
        for (String id : chunk) {
            if (fetched.messages().containsKey(id)) {
                b.upsert(MessageMapper.map(accountId, fetched.messages().get(id)));
            } else if (fetched.notFound().contains(id)) {
                b.notFetchable(id);
            }
        }
        return b.build();
    }

    private void load(String token) {
        if (pageIds != null && token.equals(pageToken)) {
            return;
        }
        ListMessagesResponse page = calls.list(token, LIST_PAGE, settings.labelFilter(), settings.includeSpamTrash());
        pageToken = token;
        pageIds = page.getMessages() == null ? List.of()
                : page.getMessages().stream().map(com.google.api.services.gmail.model.Message::getId).toList();
        nextPageToken = page.getNextPageToken();
        resultSizeEstimate = page.getResultSizeEstimate() == null ? -1 : page.getResultSizeEstimate();
    }
}
