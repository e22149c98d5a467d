package io.mailsync.examples.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenTest {

    private final BearerToken token = new BearerToken("s3cret-admin-token-42");

    @Test
    void acceptsOnlyTheExactTokenAfterBearer() {
        assertThat(token.matches("Bearer s3cret-admin-token-42")).isTrue();
        assertThat(token.matches("bearer s3cret-admin-token-42")).isTrue();
        assertThat(token.matches("Bearer s3cret-admin-token-4")).isFalse();
        assertThat(token.matches("Bearer s3cret-admin-token-42x")).isFalse();
        assertThat(token.matches("Basic s3cret-admin-token-42")).isFalse();
        assertThat(token.matches("s3cret-admin-token-42")).isFalse();
        assertThat(token.matches("Bearer ")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void refusesShortTokensAndNeverShowsTheSecret() {
        assertThatThrownBy(() -> new BearerToken("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adminToken").hasMessageNotContaining("short");
        assertThatThrownBy(() -> new BearerToken(" padded-admin-token-42 ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
