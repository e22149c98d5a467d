package io.mailsync.core.spi;

import io.mailsync.core.Provider;

/**
 * A mail service adapter: {@code sync-imap}, {@code sync-graph}, {@code sync-gmail}, or the test kit's scripted one.
 * One instance serves every account of its {@link Provider}. Thread-safe.
 */
public interface MailProvider extends AutoCloseable {

    /** Which service this adapter speaks to. */
    Provider provider();

    /**
     * Opens a session for one account. May connect lazily.
     *
     * @throws io.mailsync.core.AuthenticationRequiredException when the credential is rejected
     * @throws io.mailsync.core.ProviderUnavailableException    when the service cannot be reached
     */
    MailboxSession open(AccountContext context);

    /** Releases shared resources (HTTP clients, thread pools). Idempotent. */
    @Override
    default void close() {
    }
}
