package io.mailsync.core.spi;

import io.mailsync.core.ChangeBatch;
import io.mailsync.core.MailFolder;

import java.util.List;
import java.util.Optional;

/**
 * A provider's connection to one account's mailbox. The engine runs one sync at a time per account and closes the
 * session when the account stops, or after a transient failure to get a fresh one. Calls may come from different
 * threads (the engine fetches a folder's next page on another thread while it stores the current one), but never at
 * the same time unless the session allows several folders at once ({@link #folderConcurrency()}).
 *
 * <p>Errors are reported with mailsync's exceptions: {@link io.mailsync.core.AuthenticationRequiredException},
 * {@link io.mailsync.core.RateLimitedException}, {@link io.mailsync.core.ProviderUnavailableException},
 * {@link io.mailsync.core.SyncStateInvalidException}.
 */
public interface MailboxSession extends AutoCloseable {

    /** The folders to sync, INBOX first. For Gmail, one pseudo-folder {@link io.mailsync.core.FolderId#MAILBOX}. */
    List<MailFolder> folders();

    /**
     * The next page of changes of a folder. The sync never changes the mailbox: folders are opened read-only and
     * nothing is marked read.
     *
     * @throws io.mailsync.core.SyncStateInvalidException when {@code request.cursor()} is no longer valid
     */
    ChangeBatch fetchChanges(FetchRequest request);

    /**
     * Starts push for the account, reporting changes to {@code context.triggers()}. The default has no push: polling
     * alone keeps the account current.
     *
     * @param pushTarget where notifications should go (the host's public webhook URL); empty when push needs none
     */
    default Optional<PushRegistration> startPush(PushTarget pushTarget) {
        return Optional.empty();
    }

    /**
     * How many folders the engine may sync at the same time on this session, each calling {@link #fetchChanges} from
     * its own thread. The default, 1, means strictly one call at a time (an IMAP connection); an HTTP provider whose
     * service allows several requests per mailbox (Graph: 4) can return more.
     */
    default int folderConcurrency() {
        return 1;
    }

    /** Releases the session's connections. Idempotent. */
    @Override
    void close();
}
