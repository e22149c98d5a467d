package io.mailsync.gmail.internal;

import com.google.api.services.gmail.model.History;
import com.google.api.services.gmail.model.HistoryLabelAdded;
import com.google.api.services.gmail.model.HistoryLabelRemoved;
import com.google.api.services.gmail.model.HistoryMessageAdded;
import com.google.api.services.gmail.model.HistoryMessageDeleted;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.Message;
import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FlagUpdate;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncCursor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes since the stored historyId, one history.list page per call: messageAdded (fetched in paced batches; one
 * that is gone by then is reported not fetchable), messageDeleted, labelAdded/labelRemoved (the record carries the
 * message's complete labels, so no fetch is needed). With a label filter or without SPAM/TRASH, a label change that
 * moves a message into the synced set fetches it and one that moves it out deletes it. The cursor moves to the
 * response's historyId after the last page, and never back. Not thread-safe.
 */
final class IncrementalRound {

    static final String PAGE_TOKEN = "historyPageToken";

    private final AccountId accountId;
    private final GmailCalls calls;
    private final GmailSettings settings;

    IncrementalRound(AccountId accountId, GmailCalls calls, GmailSettings settings) {
        this.accountId = accountId;
        this.calls = calls;
        this.settings = settings;
    }

    ChangeBatch next(SyncCursor cursor, int pageSize) {
        BigInteger start = new BigInteger(cursor.get(HistoricalRound.HISTORY_ID).orElseThrow());
        String token = cursor.get(PAGE_TOKEN).orElse(null);
        String labelId = settings.labelFilter().size() == 1 ? settings.labelFilter().get(0) : null;
        ListHistoryResponse page = calls.history(start, token, Math.min(500, pageSize), labelId);

        Changes changes = new Changes();
        if (page.getHistory() != null) {
            page.getHistory().forEach(changes::apply);
        }
        GmailCalls.Fetched fetched = calls.getAll(List.copyOf(changes.added));

        SyncCursor next;
        boolean more = page.getNextPageToken() != null;
        if (more) {
            next = SyncCursor.of(FolderId.MAILBOX, SyncCursor.Phase.INCREMENTAL,
                    Map.of(HistoricalRound.HISTORY_ID, start.toString(), PAGE_TOKEN, page.getNextPageToken()));
        } else {
            BigInteger latest = page.getHistoryId() == null ? start : page.getHistoryId().max(start);
            next = SyncCursor.of(FolderId.MAILBOX, SyncCursor.Phase.INCREMENTAL,
                    Map.of(HistoricalRound.HISTORY_ID, latest.toString()));
        }
        ChangeBatch.Builder b = ChangeBatch.builder(accountId, FolderId.MAILBOX, next).hasMore(more);
        for (String id : changes.added) {
            Message m = fetched.messages().get(id);
            if (m != null && settings.visible(m.getLabelIds() == null ? List.of() : m.getLabelIds())) {
                b.upsert(MessageMapper.map(accountId, m));
            } else if (m != null) {
                b.deletion(id); // moved out of the synced set meanwhile
            } else if (fetched.notFound().contains(id)) {
                b.notFetchable(id);
            }
        }
        changes.labels.forEach((id, labels) -> b.flagUpdate(new FlagUpdate(id, labels)));
        changes.deleted.forEach(b::deletion);
        return b.build();
    }

    /** The net effect of a page of history records, in order. */
    private final class Changes {
        final Set<String> added = new LinkedHashSet<>();
        final Set<String> deleted = new LinkedHashSet<>();
        final Map<String, Set<String>> labels = new LinkedHashMap<>();

        void apply(History h) {
            if (h.getMessagesAdded() != null) {
                for (HistoryMessageAdded a : h.getMessagesAdded()) {
                    Message m = a.getMessage();
                    if (settings.visible(labels(m))) {
                        add(m.getId());
                    }
                }
            }
            if (h.getMessagesDeleted() != null) {
                for (HistoryMessageDeleted d : h.getMessagesDeleted()) {
                    delete(d.getMessage().getId());
                }
            }
            if (h.getLabelsAdded() != null) {
                for (HistoryLabelAdded a : h.getLabelsAdded()) {
                    Set<String> after = labels(a.getMessage());
                    Set<String> before = new HashSet<>(after);
                    before.removeAll(a.getLabelIds() == null ? List.of() : a.getLabelIds());
                    relabel(a.getMessage().getId(), before, after);
                }
            }
            if (h.getLabelsRemoved() != null) {
                for (HistoryLabelRemoved r : h.getLabelsRemoved()) {
                    Set<String> after = labels(r.getMessage());
                    Set<String> before = new HashSet<>(after);
                    before.addAll(r.getLabelIds() == null ? List.of() : r.getLabelIds());
                    relabel(r.getMessage().getId(), before, after);
                }
            }
        }

        private void relabel(String id, Set<String> before, Set<String> after) {
            boolean was = settings.visible(before);
            boolean is = settings.visible(after);
            if (!was && is) {
                add(id);
            } else if (was && !is) {
                delete(id);
            } else if (is && !added.contains(id)) {
                labels.put(id, after);
            }
        }

        private void add(String id) {
            added.add(id);
            deleted.remove(id);
            labels.remove(id);
        }

        private void delete(String id) {
            added.remove(id);
            labels.remove(id);
            deleted.add(id);
        }

        private Set<String> labels(Message m) {
            return m.getLabelIds() == null ? Set.of() : new HashSet<>(m.getLabelIds());
        }
    }
}
