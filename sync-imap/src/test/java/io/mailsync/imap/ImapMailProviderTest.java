package io.mailsync.imap;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImapMailProviderTest {

    @Test
    void builderNamesTheInvalidSetting() {
        assertThatThrownBy(() -> ImapMailProvider.builder().build()).hasMessageContaining("host");
        assertThatThrownBy(() -> ImapMailProvider.builder().host("h").port(0).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> ImapMailProvider.builder().host("h").maxIdleTime(Duration.ofMinutes(30)).build())
                .hasMessageContaining("maxIdleTime");
        assertThatThrownBy(() -> ImapMailProvider.builder().host("h").maxIdleTime(Duration.ofMillis(99)).build())
                .hasMessageContaining("maxIdleTime must be in 100ms..29min");
        ImapMailProvider.builder().host("h").maxIdleTime(Duration.ofMillis(100)).build().close();
        assertThatThrownBy(() -> ImapMailProvider.builder().host("h").keepAliveCommand("NOOP\r\nLOGOUT").build())
                .hasMessageContaining("keepAliveCommand");
        assertThatThrownBy(() -> ImapMailProvider.builder().host("h").connectionsPerSecond(0).build())
                .hasMessageContaining("connectionsPerSecond");
        assertThatThrownBy(() -> ImapMailProvider.builder().host("h").maxPageSize(0).build())
                .hasMessageContaining("maxPageSize");
    }

    @Test
    void messageIdsRoundTripEvenWithSlashesInFolderNames() {
        ImapMessageId id = new ImapMessageId("[Gmail]/Sent Mail", 6, 1093);
        assertThat(id.toString()).isEqualTo("[Gmail]/Sent Mail/6/1093");
        assertThat(ImapMessageId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> ImapMessageId.parse("INBOX/x/1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImapMessageId.parse("42")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerIsImapAndOpensSessionsLazily() {
        try (ImapMailProvider p = ImapMailProvider.builder().host("imap.invalid").build()) {
            assertThat(p.provider()).isEqualTo(io.mailsync.core.Provider.IMAP);
        }
    }
}
