package io.mailsync.gmail.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.MailFolder;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.spi.FetchRequest;
import io.mailsync.core.spi.MailboxSession;
import io.mailsync.core.spi.PushRegistration;
import io.mailsync.core.spi.PushTarget;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One Gmail account: one cursor for the whole mailbox ({@link FolderId#MAILBOX}), a full round then history. Used
 * by one thread at a time, as the engine guarantees.
 */
public final class GmailSession implements MailboxSession {

    private static final MailFolder MAILBOX = new MailFolder(FolderId.MAILBOX, "All Mail", FolderRole.ALL_MAIL);

    private final AccountId accountId;
    private final GmailCalls calls;
    private final GmailSettings settings;
    private final Clock clock;
    private final HistoricalRound historical;
    private final IncrementalRound incremental;

    public GmailSession(AccountId accountId, GmailCalls calls, GmailSettings settings, Clock clock) {
        this.accountId = accountId;
        this.calls = calls;
        this.settings = settings;
        this.clock = clock;
        this.historical = new HistoricalRound(accountId, calls, settings);
        this.incremental = new IncrementalRound(accountId, calls, settings);
    }

    @Override
    public List<MailFolder> folders() {
        return List.of(MAILBOX);
    }

    @Override
    public ChangeBatch fetchChanges(FetchRequest request) {
        if (!request.folderId().equals(FolderId.MAILBOX)) {
            throw new IllegalArgumentException("a Gmail account has one folder, " + FolderId.MAILBOX + "; asked for "
                    + request.folderId() + " of account " + accountId);
        }
        SyncCursor cursor = request.cursor().orElseGet(() -> historical.start(request));
        if (cursor.isIncremental()) {
            return incremental.next(cursor, request.pageSize());
        }
        return historical.next(cursor, request.pageSize());
    }

    @Override
    public Optional<PushRegistration> startPush(PushTarget pushTarget) {
        Optional<String> topic = pushTarget.topic().or(settings::defaultTopic);
        return topic.map(t -> GmailWatch.start(calls, t, settings.labelFilter(), clock));
    }

    @Override
    public void close() {
        // the HTTP transport is the provider's; nothing to release per session
    }
}
