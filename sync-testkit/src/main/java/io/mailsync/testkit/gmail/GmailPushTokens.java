package io.mailsync.testkit.gmail;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Signs Pub/Sub push tokens the way Google does (RS256 OIDC ID tokens: {@code iss} https://accounts.google.com,
 * {@code aud}, {@code email}, {@code email_verified}, {@code exp} one hour after {@code iat}) with a test key, and
 * publishes the key as a JWKS ({@link GmailFake#certsUrl()}). Also makes the bad tokens tests need: expired, signed
 * by another key, other claims. Thread-safe.
 */
public final class GmailPushTokens {

    /** The issuer Google puts in Pub/Sub push tokens. */
    public static final String ISSUER = "https://accounts.google.com";

    private final RSAKey key;
    private final RSAKey otherKey;
    private final Clock clock;

    GmailPushTokens(Clock clock) {
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("fake-google-key-1").keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
            this.otherKey = new RSAKeyGenerator(2048).keyID("fake-google-key-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the test signing key", e);
        }
    }

    /** A valid token for {@code audience} issued to the push service account {@code email}. */
    public String token(String audience, String email) {
        return sign(key, claims(audience, email, clock.instant()).build());
    }

    /** A token for {@code audience} and {@code email} whose claims {@code edit} changes (iss, email_verified...). */
    public String token(String audience, String email, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return sign(key, edit.apply(claims(audience, email, clock.instant())).build());
    }

    /** A token that expired {@code ago} ago (issued an hour before that). */
    public String expiredToken(String audience, String email, Duration ago) {
        Instant exp = clock.instant().minus(ago);
        return sign(key, claims(audience, email, exp.minus(Duration.ofHours(1))).build());
    }

    /** A token with the right claims and key id, signed by a key that is not published: a forgery. */
    public String forgedToken(String audience, String email) {
        return sign(otherKey, claims(audience, email, clock.instant()).build());
    }

    /** The public key set, as Google serves it at https://www.googleapis.com/oauth2/v3/certs. */
    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /** The public key set as a map (for JSON serialisation). */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    private static JWTClaimsSet.Builder claims(String audience, String email, Instant iat) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).subject("1" + Math.abs(email.hashCode()))
                .claim("azp", "1" + Math.abs(email.hashCode())).claim("email", email).claim("email_verified", true)
                .issueTime(Date.from(iat)).expirationTime(Date.from(iat.plus(Duration.ofHours(1))));
    }

    private static String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                    .type(com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
