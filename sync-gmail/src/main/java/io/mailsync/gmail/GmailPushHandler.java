package io.mailsync.gmail;

import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.auth.oauth2.TokenVerifier;
import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.TriggerSource;
import io.mailsync.core.spi.TriggerSink;
import io.mailsync.gmail.internal.PushPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint of a Pub/Sub push subscription for Gmail notifications, as plain Java the host mounts in its own HTTP
 * layer: {@code handle(method, headers, body)} gives status, content type and body.
 *
 * <p>It verifies the push's OIDC token ({@code Authorization: Bearer}) with google-auth-library's
 * {@link TokenVerifier}: RS256 signature against Google's certificates (fetched from the configurable cert URL and
 * cached), {@code exp}, {@code aud} = the configured audience, {@code iss} = https://accounts.google.com (or
 * accounts.google.com), {@code email} = the push subscription's service account, {@code email_verified} true.
 * A verified token is remembered (by its SHA-256) until it expires, since Pub/Sub reuses tokens: repeated pushes cost
 * a hash, not an RSA verification. Then it decodes {@code message.data} and enqueues a coalesced
 * {@code trigger(account, MAILBOX, PUBSUB)}; it never syncs in the request.
 *
 * <ul>
 *   <li>204: acknowledged (also for an unknown mailbox, so Pub/Sub stops redelivering it);</li>
 *   <li>401: no token, or one that fails verification (forged, expired, wrong audience or issuer); 403: a valid
 *   Google token of another service account or with an unverified email; nothing is enqueued;</li>
 *   <li>400: body or {@code message.data} is not the documented JSON/base64 (logged without the payload; Pub/Sub
 *   redelivers it until it expires, which a host may prefer to stop with a dead-letter topic);</li>
 *   <li>405: not a POST.</li>
 * </ul>
 * Thread-safe; cheap enough for the request thread.
 */
public final class GmailPushHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GmailPushHandler.class);
    private static final Set<String> ISSUERS = Set.of("https://accounts.google.com", "accounts.google.com");
    private static final int MAX_REMEMBERED = 10_000;

    private final TokenVerifier verifier;
    private final String serviceAccountEmail;
    private final TriggerSink triggers;
    private final GmailAccountLookup accounts;
    private final Clock clock;
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    private GmailPushHandler(Builder b) {
        this.verifier = TokenVerifier.newBuilder().setAudience(b.audience).setCertificatesLocation(b.certsUrl)
                .setClock(() -> b.clock.millis()).build();
        this.serviceAccountEmail = b.serviceAccountEmail;
        this.triggers = b.triggers;
        this.accounts = b.accounts;
        this.clock = b.clock;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one push request.
     *
     * @param method  the HTTP method
     * @param headers the request headers (names compared case-insensitively)
     * @param body    the request body
     */
    public GmailPushResponse handle(String method, Map<String, List<String>> headers, byte[] body) {
        if (!"POST".equalsIgnoreCase(method)) {
            return GmailPushResponse.error(405, "POST only");
        }
        Optional<GmailPushResponse> denied = authenticate(header(headers, "authorization"));
        if (denied.isPresent()) {
            return denied.get();
        }
        PushPayload.Notification n;
        try {
            n = PushPayload.fromEnvelope(body);
        } catch (PushPayload.MalformedException e) {
            LOG.warn("Gmail push rejected: {} ({} bytes)", e.getMessage(), body.length);
            return GmailPushResponse.error(400, e.getMessage());
        }
        Optional<AccountId> account = accounts.find(n.emailAddress());
        if (account.isEmpty()) {
            LOG.debug("Gmail push for a mailbox without an account; acknowledged and ignored");
            return GmailPushResponse.noContent();
        }
        triggers.trigger(account.get(), FolderId.MAILBOX, TriggerSource.PUBSUB);
        return GmailPushResponse.noContent();
    }

    private Optional<GmailPushResponse> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(GmailPushResponse.error(401, "missing bearer token"));
        }
        String token = authorization.substring(7).strip();
        String key = sha256(token);
        long now = clock.millis();
        Long exp = verified.get(key);
        if (exp != null && exp > now) {
            return Optional.empty();
        }
        JsonWebSignature jws;
        try {
            jws = verifier.verify(token);
        } catch (TokenVerifier.VerificationException | RuntimeException e) {
            // RuntimeException: the client library's parser rejects tokens that are not even JWTs
            LOG.warn("Gmail push with an invalid token rejected: {}", e.getMessage());
            return Optional.of(GmailPushResponse.error(401, "invalid token"));
        }
        JsonWebSignature.Payload p = jws.getPayload();
        if (p.getIssuer() == null || !ISSUERS.contains(p.getIssuer())) {
            return Optional.of(GmailPushResponse.error(401, "invalid token issuer"));
        }
        Object email = p.get("email");
        if (!(email instanceof String e) || !e.toLowerCase(Locale.ROOT).equals(serviceAccountEmail)
                || !Boolean.TRUE.equals(p.get("email_verified"))) {
            LOG.warn("Gmail push signed for another service account rejected");
            return Optional.of(GmailPushResponse.error(403, "token not issued to the push service account"));
        }
        if (verified.size() >= MAX_REMEMBERED) {
            verified.entrySet().removeIf(en -> en.getValue() <= now);
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
        }
        verified.put(key, p.getExpirationTimeSeconds() * 1000);
        return Optional.empty();
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static String sha256(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Builds a {@link GmailPushHandler}; {@link #build()} names a missing field. Not thread-safe. */
    public static final class Builder {
        private String audience;
        private String serviceAccountEmail;
        private String certsUrl = "https://www.googleapis.com/oauth2/v3/certs";
        private TriggerSink triggers;
        private GmailAccountLookup accounts;
        private Clock clock = Clock.systemUTC();

        /** The audience configured on the push subscription (often the endpoint URL). */
        public Builder audience(String audience) { this.audience = audience; return this; }

        /** The service account the push subscription authenticates as (not gmail-api-push@, which only publishes). */
        public Builder serviceAccountEmail(String email) { this.serviceAccountEmail = email; return this; }

        /** Where Google's signing keys are (default https://www.googleapis.com/oauth2/v3/certs; a fake's for tests). */
        public Builder certsUrl(String url) { this.certsUrl = url; return this; }

        /** Where triggers go: usually the {@code MailSync} instance. */
        public Builder triggerSink(TriggerSink sink) { this.triggers = sink; return this; }

        /** Finds the account of a notification's email address. */
        public Builder accountLookup(GmailAccountLookup lookup) { this.accounts = lookup; return this; }

        /** The clock for token expiry. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** The handler. */
        public GmailPushHandler build() {
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("audience must be set");
            }
            if (serviceAccountEmail == null || !serviceAccountEmail.contains("@")) {
                throw new IllegalArgumentException("serviceAccountEmail must be a service account address, was "
                        + serviceAccountEmail);
            }
            serviceAccountEmail = serviceAccountEmail.toLowerCase(Locale.ROOT);
            if (certsUrl == null || !certsUrl.matches("https?://.+")) {
                throw new IllegalArgumentException("certsUrl must be an http(s) URL, was " + certsUrl);
            }
            Objects.requireNonNull(triggers, "triggerSink");
            Objects.requireNonNull(accounts, "accountLookup");
            return new GmailPushHandler(this);
        }
    }
}
