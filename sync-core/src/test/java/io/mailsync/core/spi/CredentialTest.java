package io.mailsync.core.spi;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialTest {

    @Test
    void toStringNeverShowsSecrets() {
        Credential oauth = Credential.oauth2("alice@example.com", "ya29.access", "1//refresh", Instant.EPOCH);
        Credential password = Credential.password("alice", "hunter2");

        assertThat(oauth.toString()).contains("alice@example.com").doesNotContain("ya29.access", "1//refresh");
        assertThat(password.toString()).doesNotContain("hunter2");
    }

    @Test
    void passwordsNeverExpire() {
        assertThat(Credential.password("a", "b").expiresBefore(Instant.MAX)).isFalse();
        assertThat(Credential.oauth2("a", "t", null, Instant.EPOCH).expiresBefore(Instant.now())).isTrue();
    }
}
