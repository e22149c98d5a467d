package io.mailsync.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyncOptionsTest {

    private static SyncOptions.Builder valid() {
        return SyncOptions.builder().provider(Provider.MICROSOFT).accountId(AccountId.of("account-uuid"))
                .userId("user-uuid").email("user@example.com");
    }

    @Test
    void defaultsFollowTheProvider() {
        SyncOptions graph = valid().build();
        SyncOptions imap = valid().provider(Provider.IMAP).build();

        assertThat(graph.enableWebhooks()).isTrue();
        assertThat(imap.enableWebhooks()).isFalse();
        assertThat(graph.pollingInterval()).isEqualTo(SyncOptions.DEFAULT_POLLING_INTERVAL);
        assertThat(graph.enableAI()).isFalse();
        assertThat(graph.notifyFrom()).isEmpty();
    }

    @Test
    void theSeedsHalfMinuteIsThirtySeconds() {
        assertThat(valid().pollingIntervalMinutes(0.5).build().pollingInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void webhooksForImapAreRefusedWithAReason() {
        assertThatThrownBy(() -> valid().provider(Provider.IMAP).enableWebhooks(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enableWebhooks must be false for provider IMAP")
                .hasMessageContaining("IDLE");
    }

    @Test
    void eachInvalidFieldIsNamed() {
        assertThatThrownBy(() -> valid().provider(null).build()).hasMessage("provider must be set");
        assertThatThrownBy(() -> valid().accountId(null).build()).hasMessage("accountId must be set");
        assertThatThrownBy(() -> valid().userId(" ").build()).hasMessage("userId must be set and not blank");
        assertThatThrownBy(() -> valid().email("not-an-address").build())
                .hasMessage("email must be a mailbox address like user@example.com, was \"not-an-address\"");
        assertThatThrownBy(() -> valid().pollingInterval(Duration.ofSeconds(1)).build())
                .hasMessage("pollingInterval must be >= PT5S, was PT1S");
        assertThatThrownBy(() -> valid().pollingInterval(Duration.ofDays(2)).build())
                .hasMessage("pollingInterval must be <= PT24H, was PT48H");
        assertThatThrownBy(() -> valid().pollingIntervalMinutes(-1))
                .hasMessage("pollingInterval must be a positive number of minutes, was -1.0");
        assertThatThrownBy(() -> AccountId.of(" ")).hasMessage("accountId must not be blank");
    }

    @Test
    void toBuilderRoundTrips() {
        SyncOptions options = valid().enableAI(true).enableDraftPreparation(true).notifyFrom(Instant.EPOCH)
                .pollingInterval(Duration.ofSeconds(45)).build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
    }
}
