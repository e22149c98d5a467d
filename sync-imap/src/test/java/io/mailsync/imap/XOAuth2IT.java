package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncState;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.TokenRefresher;
import io.mailsync.testkit.imap.GreenMailImap;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code AUTHENTICATE XOAUTH2} against GreenMail, which accepts a user's password as its access token: the token
 * comes from the credential store, a rejected or expired one is refreshed through the host's refresher, and a failed
 * refresh puts the account in {@code AUTH_REQUIRED}.
 */
class XOAuth2IT {

    private static final String USER = "oauth-user";
    private static final AccountId ACCOUNT = AccountId.of("oauth");
    private static final String GOOD_TOKEN = "ya29.valid-token";

    private final GreenMailImap server = GreenMailImap.start();
    private final InMemoryMailStore store = new InMemoryMailStore();
    private final List<Credential> refreshedFrom = new CopyOnWriteArrayList<>();
    private MailSync mailSync;

    @AfterEach
    void close() {
        if (mailSync != null) {
            mailSync.close();
        }
        server.close();
    }

    private SyncReport historical(Credential stored, TokenRefresher refresher) throws Exception {
        server.addUser(USER, GOOD_TOKEN);
        try (ImapTestClient c = server.client(USER, GOOD_TOKEN)) {
            c.appendAll("INBOX", IntStream.range(0, 5).mapToObj(TestMail::message).toList(), null);
        }
        store.save(ACCOUNT, stored);
        ImapMailProvider provider = ImapMailProvider.builder().host(server.host()).port(server.port())
                .security(ImapSecurity.PLAIN).connectTimeout(Duration.ofSeconds(5))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).build();
        mailSync = MailSync.builder().store(store).provider(provider).tokenRefresher((id, current) -> {
            refreshedFrom.add(current);
            return refresher.refresh(id, current);
        }).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(5)).build();
        mailSync.registerAccount(SyncOptions.builder().provider(Provider.IMAP).accountId(ACCOUNT).userId("u")
                .email(USER + "@example.com").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build());
        return mailSync.startHistoricalSync(ACCOUNT, HistoricalSyncOptions.ALL).get(30, TimeUnit.SECONDS);
    }

    private static Credential token(String token, Instant expiresAt) {
        return Credential.oauth2(USER, token, "refresh-token", expiresAt);
    }

    private static TokenRefresher refreshingTo(String token) {
        return (id, current) -> token(token, Instant.now().plus(Duration.ofHours(1)));
    }

    @Test
    void aValidTokenFromTheCredentialStoreAuthenticatesWithoutARefresh() throws Exception {
        SyncReport report = historical(token(GOOD_TOKEN, Instant.now().plus(Duration.ofHours(1))),
                refreshingTo("unused"));

        assertThat(report.isSuccess()).isTrue();
        assertThat(store.messages(ACCOUNT)).hasSize(5);
        assertThat(refreshedFrom).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefreshedFirstAndTheNewOneIsStored() throws Exception {
        SyncReport report = historical(token("ya29.old", Instant.now().minus(Duration.ofMinutes(5))),
                refreshingTo(GOOD_TOKEN));

        assertThat(report.isSuccess()).isTrue();
        assertThat(store.messages(ACCOUNT)).hasSize(5);
        assertThat(refreshedFrom).extracting(Credential::secret).containsExactly("ya29.old");
        assertThat(store.load(ACCOUNT).orElseThrow().secret()).isEqualTo(GOOD_TOKEN);
    }

    @Test
    void aTokenTheServerRejectsIsRefreshedOnceAndTheSyncGoesOn() throws Exception {
        SyncReport report = historical(token("ya29.revoked", Instant.now().plus(Duration.ofHours(1))),
                refreshingTo(GOOD_TOKEN));

        assertThat(report.isSuccess()).isTrue();
        assertThat(store.messages(ACCOUNT)).hasSize(5);
        assertThat(refreshedFrom).extracting(Credential::secret).containsExactly("ya29.revoked");
    }

    @Test
    void aFailedRefreshPutsTheAccountInAuthRequiredAndStoresNothing() throws Exception {
        SyncReport report = historical(token("ya29.revoked", Instant.now().plus(Duration.ofHours(1))),
                (id, current) -> {
                    throw new AuthenticationRequiredException(id, "invalid_grant");
                });

        assertThat(report.isSuccess()).isFalse();
        assertThat(store.messages(ACCOUNT)).isEmpty();
        assertThat(mailSync.getSyncStatus(ACCOUNT).state()).isEqualTo(SyncState.AUTH_REQUIRED);
    }
}
