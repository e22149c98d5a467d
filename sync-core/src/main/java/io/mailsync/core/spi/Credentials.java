package io.mailsync.core.spi;

/**
 * A provider's view of its account's credential: always a usable one, refreshed through the host's
 * {@link TokenRefresher} when it is about to expire. Thread-safe.
 */
public interface Credentials {

    /**
     * A credential that is not about to expire.
     *
     * @throws io.mailsync.core.AuthenticationRequiredException when there is none or it cannot be refreshed
     */
    Credential current();

    /**
     * A refreshed credential, after the provider rejected {@code rejected} (HTTP 401, IMAP NO [AUTHENTICATIONFAILED]).
     * When another thread has already refreshed it, that newer credential is returned without a second refresh.
     *
     * @throws io.mailsync.core.AuthenticationRequiredException when it cannot be refreshed
     */
    Credential refreshAfterRejection(Credential rejected);
}
