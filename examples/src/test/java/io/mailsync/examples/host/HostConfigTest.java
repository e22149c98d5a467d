package io.mailsync.examples.host;

import com.google.crypto.tink.aead.AeadConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostConfigTest {

    private static HostConfig.Builder valid() throws Exception {
        AeadConfig.register();
        return HostConfig.builder().jdbc("jdbc:postgresql://db/mail?password=hunter2", "u", "p")
                .credentialKeyset(HostMain.newKeyset()).adminToken("admin-token-0123456789");
    }

    @Test
    void namesTheInvalidField() throws Exception {
        assertThatThrownBy(() -> valid().jdbc("jdbc:mysql://x", null, null).build()).hasMessageStartingWith("jdbcUrl");
        assertThatThrownBy(() -> valid().port(70_000).build()).hasMessageStartingWith("port");
        assertThatThrownBy(() -> valid().publicUrl("not a url").build()).hasMessageStartingWith("publicUrl");
        assertThatThrownBy(() -> valid().gmailPush("aud", null).build()).hasMessageStartingWith("gmailPushAudience");
    }

    @Test
    void redactsSecretsAndTrimsThePublicUrl() throws Exception {
        HostConfig config = valid().publicUrl("https://host.example.com/").build();
        assertThat(config.publicUrl()).contains("https://host.example.com");
        assertThat(config.toString()).doesNotContain("hunter2", "admin-token-0123456789", "=p,");
    }

    @Test
    void mainAcceptsOnlyADuration() {
        assertThat(HostMain.parseDuration(new String[0])).isNull();
        assertThat(HostMain.parseDuration(new String[] {"--duration", "7"})).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> HostMain.parseDuration(new String[] {"--duration"})).hasMessageContaining("--duration");
        assertThatThrownBy(() -> HostMain.parseDuration(new String[] {"--port", "1"})).hasMessageContaining("--port");
    }
}
