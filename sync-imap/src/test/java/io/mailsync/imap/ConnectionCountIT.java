package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.SyncState;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How many connections a real-time account holds at Dovecot (counted from its log: logins minus disconnects): its
 * IDLE connection, and its sync connection only while syncs use it. What makes thousands of accounts fit.
 */
class ConnectionCountIT {

    @Test
    void aRealtimeAccountKeepsOnlyItsIdleConnectionOnceTheSyncConnectionIsUnused() throws Exception {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        try (DovecotServer dovecot = DovecotServer.start();
             ImapHarness h = new ImapHarness(dovecot, b -> b.syncConnectionIdleTimeout(Duration.ofSeconds(1)))) {
            var options = h.account("dave", "pw");
            try (ImapTestClient c = h.client("dave", "pw")) {
                c.appendAll("INBOX", java.util.List.of(TestMail.message(0), TestMail.message(1)), null);
            }
            h.mailSync.startRealTimeSync(options);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    h.mailSync.getSyncStatus(AccountId.of("dave")).state() == SyncState.REALTIME
                            && h.provider.idleConnections() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> h.createdIds("dave").size() == 2);

            await().atMost(Duration.ofSeconds(10)).until(() -> openConnections(dovecot, "dave") == 1);
            assertThat(logins(dovecot, "dave")).as("the test client's, the sync's and the IDLE watcher's: no second"
                    + " connection behind a folder's (Angus opens one for a store command then)").isEqualTo(3);

            try (ImapTestClient c = h.client("dave", "pw")) {
                c.append("INBOX", TestMail.message(2), null);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> h.createdIds("dave").size() == 3); // IDLE -> new sync
            await().atMost(Duration.ofSeconds(10)).until(() -> openConnections(dovecot, "dave") == 1);
            assertThat(h.provider.idleConnections()).isEqualTo(1);
            h.assertStoreEqualsFolder("dave", "pw", "INBOX");
        }
    }

    private static long logins(DovecotServer dovecot, String user) {
        return dovecot.log().lines().filter(l -> l.contains("Login: user=<" + user + ">")).count();
    }

    private static long openConnections(DovecotServer dovecot, String user) {
        long ended = dovecot.log().lines().filter(l -> l.contains("imap(" + user + ")")
                && (l.contains("Disconnected") || l.contains("Logged out"))).count();
        return logins(dovecot, user) - ended;
    }
}
