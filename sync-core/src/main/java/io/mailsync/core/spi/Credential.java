package io.mailsync.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret that opens one mailbox: an IMAP password or an OAuth 2 access token (with its refresh token).
 * {@link #toString()} never shows a secret.
 *
 * @param kind         password or OAuth 2 token
 * @param username     the login (IMAP user, or the mailbox address for XOAUTH2)
 * @param secret       the password or access token
 * @param refreshToken the OAuth 2 refresh token, when there is one
 * @param expiresAt    when the access token expires, when known
 */
public record Credential(Kind kind, String username, String secret, Optional<String> refreshToken,
                         Optional<Instant> expiresAt) {

    /** What a credential holds. */
    public enum Kind {
        /** A password (IMAP LOGIN / AUTHENTICATE PLAIN). */
        PASSWORD,
        /** An OAuth 2 bearer token (Graph, Gmail, IMAP XOAUTH2). */
        OAUTH2
    }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A password credential. */
    public static Credential password(String username, String password) {
        return new Credential(Kind.PASSWORD, username, password, Optional.empty(), Optional.empty());
    }

    /** An OAuth 2 access token, with an optional refresh token and expiry. */
    public static Credential oauth2(String username, String accessToken, String refreshToken, Instant expiresAt) {
        return new Credential(Kind.OAUTH2, username, accessToken, Optional.ofNullable(refreshToken),
                Optional.ofNullable(expiresAt));
    }

    /** Whether the access token expires before {@code instant}. Passwords never expire. */
    public boolean expiresBefore(Instant instant) {
        return expiresAt.map(e -> e.isBefore(instant)).orElse(false);
    }

    @Override
    public String toString() {
        return "Credential[kind=" + kind + ", username=" + username + ", secret=***"
                + (refreshToken.isPresent() ? ", refreshToken=***" : "")
                + expiresAt.map(e -> ", expiresAt=" + e).orElse("") + "]";
    }
}
