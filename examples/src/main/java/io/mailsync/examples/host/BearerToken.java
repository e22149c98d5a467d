package io.mailsync.examples.host;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The admin routes' bearer token. The presented token and the configured one are hashed with SHA-256 and compared
 * with {@link MessageDigest#isEqual} (constant time, equal lengths), so neither the content nor the length of the
 * secret leaks through timing. {@link #toString()} never shows it. Thread-safe.
 */
final class BearerToken {

    private static final int MIN_LENGTH = 16;
    private final byte[] expectedHash;

    BearerToken(String token) {
        Objects.requireNonNull(token, "adminToken");
        if (token.length() < MIN_LENGTH || !token.strip().equals(token)) {
            throw new IllegalArgumentException("adminToken must have at least " + MIN_LENGTH
                    + " characters and no surrounding spaces");
        }
        this.expectedHash = sha256(token);
    }

    /** Whether an {@code Authorization} header value carries the token. */
    boolean matches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expectedHash, sha256(authorization.substring(7).strip()));
    }

    /** Throws 401 (with {@code WWW-Authenticate}) unless the request carries the token. */
    void require(HttpExchange ex) {
        if (!matches(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mailsync-admin\"");
            throw new HttpError(401, "a valid bearer token is required");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
