package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.MailSyncException;
import io.mailsync.core.ProviderUnavailableException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.ProtocolException;

/** Turns Jakarta Mail and IAP exceptions into mailsync's, keeping the server's words. Stateless. */
final class ImapErrors {

    private ImapErrors() {
    }

    /** The mailsync exception for a failure while {@code doing} something for {@code accountId}. */
    static MailSyncException translate(AccountId accountId, String doing, Exception e) {
        if (e instanceof MailSyncException m) {
            return m;
        }
        String serverSaid = e.getMessage();
        if (e instanceof AuthenticationFailedException) {
            return new AuthenticationRequiredException(accountId, "the IMAP server rejected the login while " + doing,
                    serverSaid, e);
        }
        if (e instanceof FolderNotFoundException) {
            return new MailSyncException(ErrorCategory.PROVIDER, accountId, "folder not found while " + doing,
                    serverSaid, e);
        }
        // BYE, dropped connections, timeouts, NO/BAD answers and garbage: the session is replaced and the work retried
        return new ProviderUnavailableException(accountId, "IMAP failure while " + doing, serverSaid, e);
    }

    /** The mailsync exception for a protocol-level failure. */
    static MailSyncException translate(AccountId accountId, String doing, ProtocolException e) {
        return new ProviderUnavailableException(accountId, "IMAP failure while " + doing, e.getMessage(), e);
    }
}
