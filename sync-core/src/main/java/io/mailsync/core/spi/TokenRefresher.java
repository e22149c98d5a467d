package io.mailsync.core.spi;

import io.mailsync.core.AccountId;

/**
 * Obtains a fresh OAuth 2 access token, usually by posting the refresh token to the identity provider. The host
 * supplies it (it owns the OAuth client id and secret). Called at most once at a time per account.
 */
@FunctionalInterface
public interface TokenRefresher {

    /** A refresher that cannot refresh: every expired token requires the host to re-consent. */
    TokenRefresher NONE = (accountId, current) -> {
        throw new io.mailsync.core.AuthenticationRequiredException(accountId,
                "access token expired and no TokenRefresher is configured");
    };

    /**
     * @return the new credential; mailsync stores it in the {@link CredentialStore}
     * @throws io.mailsync.core.AuthenticationRequiredException when the refresh token is rejected (the account moves to
     *                                                          {@code AUTH_REQUIRED})
     */
    Credential refresh(AccountId accountId, Credential current);
}
