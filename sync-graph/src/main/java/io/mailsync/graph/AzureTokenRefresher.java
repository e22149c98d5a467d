package io.mailsync.graph;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.ProviderUnavailableException;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.TokenRefresher;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Gets Graph access tokens from an azure-identity {@link TokenCredential} ({@code ClientSecretCredential} or
 * {@code ClientCertificateCredential} for app-only access, a delegated credential for {@code /me}): pass it to
 * {@code MailSync.builder().tokenRefresher(...)}. The engine calls it when an account's stored token is missing, near
 * expiry or rejected, and keeps the result in the {@code CredentialStore} (azure-identity's own cache still applies).
 *
 * <pre>{@code
 * TokenCredential azure = new ClientSecretCredentialBuilder()
 *         .tenantId(tenant).clientId(clientId).clientSecret(secret).build();
 * MailSync sync = MailSync.builder()
 *         .tokenRefresher(AzureTokenRefresher.of(azure))            // scope https://graph.microsoft.com/.default
 *         ...;
 * // an account starts with an already expired placeholder token, so the first request fetches a real one:
 * store.save(accountId, Credential.oauth2("user@contoso.com", "", null, Instant.EPOCH));
 * }</pre>
 *
 * <p>A {@link ClientAuthenticationException} (consent revoked, wrong secret) moves the account to
 * {@code AUTH_REQUIRED}; other failures are transient and retried with backoff. Thread-safe.
 */
public final class AzureTokenRefresher implements TokenRefresher {

    /** The scope of app-only and of most delegated Graph tokens. */
    public static final String GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";

    private final Function<AccountId, TokenCredential> credentials;
    private final List<String> scopes;

    private AzureTokenRefresher(Function<AccountId, TokenCredential> credentials, List<String> scopes) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must not be empty");
        }
        this.scopes = List.copyOf(scopes);
    }

    /** One credential for every account (app-only access), with the Graph default scope. */
    public static AzureTokenRefresher of(TokenCredential credential) {
        Objects.requireNonNull(credential, "credential");
        return new AzureTokenRefresher(account -> credential, List.of(GRAPH_DEFAULT_SCOPE));
    }

    /**
     * A credential per account (delegated access, for national clouds use their Graph scope).
     *
     * @param credentials the account's credential; must not return null
     * @param scopes      the scopes to request, e.g. {@code https://graph.microsoft.us/.default}
     */
    public static AzureTokenRefresher perAccount(Function<AccountId, TokenCredential> credentials, String... scopes) {
        return new AzureTokenRefresher(credentials, List.of(scopes));
    }

    @Override
    public Credential refresh(AccountId accountId, Credential current) {
        TokenCredential credential = credentials.apply(accountId);
        if (credential == null) {
            throw new AuthenticationRequiredException(accountId, "no azure-identity credential for the account");
        }
        AccessToken token;
        try {
            token = credential.getTokenSync(new TokenRequestContext().setScopes(scopes));
        } catch (ClientAuthenticationException e) {
            throw new AuthenticationRequiredException(accountId, "azure-identity could not get a Graph token",
                    e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ProviderUnavailableException(accountId, "azure-identity failed to get a Graph token",
                    e.getMessage(), e);
        }
        if (token == null || token.getToken() == null || token.getToken().isEmpty()) {
            throw new ProviderUnavailableException(accountId, "azure-identity returned no Graph token");
        }
        return Credential.oauth2(current.username(), token.getToken(), null, token.getExpiresAt().toInstant());
    }

    @Override
    public String toString() {
        return "AzureTokenRefresher" + scopes;
    }
}
