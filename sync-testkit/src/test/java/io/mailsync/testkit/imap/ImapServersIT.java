package io.mailsync.testkit.imap;

import jakarta.mail.Flags;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ImapServersIT {

    @Test
    void dovecotStartsServesAUserAndLeavesNothingBehind() {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        Path dir;
        try (DovecotServer dovecot = DovecotServer.start()) {
            dir = dovecot.directory();
            dovecot.addUser("alice", "secret");
            exerciseMailbox(dovecot);
            try (ImapTestClient client = dovecot.client("alice", "secret")) {
                assertThat(client.store().getFolder("Sent").exists()).isTrue();
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void greenMailStartsAndServesAUser() {
        try (GreenMailImap greenMail = GreenMailImap.start()) {
            greenMail.addUser("bob", "pw");
            exerciseMailbox(greenMail);
        }
    }

    private static void exerciseMailbox(ImapServer server) {
        String user = server instanceof DovecotServer ? "alice" : "bob";
        String password = server instanceof DovecotServer ? "secret" : "pw";
        try (ImapTestClient client = server.client(user, password)) {
            long[] uids = client.appendAll("INBOX", List.of(TestMail.message(0), TestMail.message(1),
                    TestMail.message(2)), null);
            assertThat(uids).containsExactly(1, 2, 3);
            client.setFlags("INBOX", new Flags(Flags.Flag.SEEN), true, 2);
            client.expunge("INBOX", 3);

            assertThat(client.flagsByUid("INBOX")).containsOnlyKeys(1L, 2L);
            assertThat(client.flagsByUid("INBOX").get(2L)).isEqualTo(Set.of("\\Seen"));
        }
    }
}
