package io.mailsync.core.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.AuthenticationRequiredException;
import io.mailsync.core.spi.Credential;
import io.mailsync.core.spi.CredentialStore;
import io.mailsync.core.spi.TokenRefresher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

@ExtendWith(MockitoExtension.class)
class StoredCredentialsTest {

    private static final AccountId ACCOUNT = AccountId.of("a1");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Mock
    CredentialStore store;
    @Mock
    TokenRefresher refresher;

    private StoredCredentials credentials() {
        return new StoredCredentials(ACCOUNT, store, refresher, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aValidTokenIsUsedAsItIs() {
        Credential valid = Credential.oauth2("a@x", "t1", "r", NOW.plusSeconds(3600));
        when(store.load(ACCOUNT)).thenReturn(Optional.of(valid));

        assertThat(credentials().current()).isSameAs(valid);
        verify(refresher, never()).refresh(any(), any());
    }

    @Test
    void aTokenAboutToExpireIsRefreshedAndStored() {
        Credential expiring = Credential.oauth2("a@x", "t1", "r", NOW.plusSeconds(30));
        Credential fresh = Credential.oauth2("a@x", "t2", "r", NOW.plusSeconds(3600));
        when(store.load(ACCOUNT)).thenReturn(Optional.of(expiring));
        when(refresher.refresh(ACCOUNT, expiring)).thenReturn(fresh);

        assertThat(credentials().current()).isSameAs(fresh);
        verify(store).save(ACCOUNT, fresh);
    }

    @Test
    void aRejectedTokenIsRefreshedOnlyOnceWhenAnotherThreadAlreadyDidIt() {
        Credential rejected = Credential.oauth2("a@x", "t1", "r", NOW.plusSeconds(3600));
        Credential newer = Credential.oauth2("a@x", "t2", "r", NOW.plusSeconds(3600));
        when(store.load(ACCOUNT)).thenReturn(Optional.of(newer));

        assertThat(credentials().refreshAfterRejection(rejected)).isSameAs(newer);
        verify(refresher, never()).refresh(any(), any());
    }

    @Test
    void aRejectedPasswordRequiresReauthentication() {
        Credential password = Credential.password("alice", "wrong");
        when(store.load(ACCOUNT)).thenReturn(Optional.of(password));

        assertThatThrownBy(() -> credentials().refreshAfterRejection(password))
                .isInstanceOf(AuthenticationRequiredException.class).hasMessageContaining("password rejected");
    }

    @Test
    void noCredentialOrNoRefresherRequiresReauthentication() {
        when(store.load(ACCOUNT)).thenReturn(Optional.empty());
        assertThatThrownBy(() -> credentials().current()).isInstanceOf(AuthenticationRequiredException.class)
                .hasMessageContaining("no credential stored");

        Credential expired = Credential.oauth2("a@x", "t1", "r", NOW.minusSeconds(1));
        StoredCredentials none = new StoredCredentials(ACCOUNT, store, TokenRefresher.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC));
        when(store.load(ACCOUNT)).thenReturn(Optional.of(expired));
        assertThatThrownBy(none::current).isInstanceOf(AuthenticationRequiredException.class)
                .hasMessageContaining("no TokenRefresher");
    }
}
