package io.mailsync.graph;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncState;
import io.mailsync.core.spi.Credential;
import io.mailsync.testkit.graph.GraphFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.mailsync.graph.GraphTestSupport.ACCOUNT;
import static io.mailsync.graph.GraphTestSupport.USER;
import static io.mailsync.graph.GraphTestSupport.fill;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens from an azure-identity {@code TokenCredential}, through the engine's refresh path, against the Graph fake. */
class AzureTokenRefresherIT {

    private GraphTestSupport t;

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private SyncReport syncWith(AzureTokenRefresher refresher) throws Exception {
        t = new GraphTestSupport(GraphFake.start(), b -> b.folders("inbox"), b -> { });
        t.store.save(ACCOUNT, Credential.oauth2(USER + "@example.com", "", null, Instant.EPOCH)); // placeholder
        t.refresher = refresher;
        t.mailSync.registerAccount(GraphTestSupport.options(false));
        fill(t.mailbox(), "inbox", 12);
        return t.mailSync.startHistoricalSync(ACCOUNT, HistoricalSyncOptions.ALL).get(30, TimeUnit.SECONDS);
    }

    @Test
    void anExpiredPlaceholderIsReplacedByTheCredentialsTokenForTheGraphScope() throws Exception {
        List<TokenRequestContext> asked = new CopyOnWriteArrayList<>();
        SyncReport report = syncWith(AzureTokenRefresher.of(context -> {
            asked.add(context);
            return Mono.just(new AccessToken(t.fake.issueToken(USER), OffsetDateTime.now().plusHours(1)));
        }));

        assertThat(report.isSuccess()).isTrue();
        assertThat(t.storedIds()).isEqualTo(t.mailboxIds("inbox"));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).getScopes()).containsExactly(AzureTokenRefresher.GRAPH_DEFAULT_SCOPE);
        Credential stored = t.store.load(ACCOUNT).orElseThrow();
        assertThat(stored.secret()).isNotEmpty();
        assertThat(stored.expiresAt()).hasValueSatisfying(e -> assertThat(e).isAfter(Instant.now()));
    }

    @Test
    void aRejectedClientMovesTheAccountToAuthRequired() throws Exception {
        SyncReport report = syncWith(AzureTokenRefresher.of(context -> Mono.error(
                new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided.", null))));

        assertThat(report.isSuccess()).isFalse();
        assertThat(t.mailSync.getSyncStatus(ACCOUNT).state()).isEqualTo(SyncState.AUTH_REQUIRED);
        assertThat(t.storedIds()).isEmpty();
        assertThat(t.mailSync.getSyncStatus(ACCOUNT).lastError()).hasValueSatisfying(e ->
                assertThat(e.message()).contains("azure-identity"));
    }
}
