package io.mailsync.core.spi;

import io.mailsync.core.ChangeBatch;
import io.mailsync.core.MailFolder;

import java.util.List;
import java.util.Optional;

/**
 * A provider's connection to one account's mailbox. The engine uses a session from one thread at a time (one sync
 * at a time per account) and closes it when the account stops, or after a transient failure to get a fresh one.
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

    /** Releases the session's connections. Idempotent. */
    @Override
    void close();
}
