package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.SyncState;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.FaultyProxy;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A server without IDLE (Dovecot behind a proxy that hides the capability) is watched by NOOP polling. */
class NoopPollingIT {

    @Test
    void newMailArrivesByNoopPollingWhereTheServerHasNoIdle() throws Exception {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        try (DovecotServer dovecot = DovecotServer.start(); FaultyProxy proxy = FaultyProxy.start(dovecot);
             ImapHarness h = new ImapHarness(dovecot, b -> b.port(proxy.port())
                     .noopPollInterval(Duration.ofMillis(300)))) {
            proxy.hideCapability("IDLE");
            var options = h.account("carol", "pw"); // polling interval 1 h: only the NOOPs can bring the mail soon
            h.mailSync.startRealTimeSync(options);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    h.mailSync.getSyncStatus(AccountId.of("carol")).state() == SyncState.REALTIME);

            for (int i = 0; i < 3; i++) {
                try (ImapTestClient c = h.client("carol", "pw")) {
                    c.append("INBOX", TestMail.message(i), null);
                }
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> h.createdIds("carol").size() >= expected);
            }

            h.assertStoreEqualsFolder("carol", "pw", "INBOX");
            assertThat(proxy.clientSent(" NOOP\r\n")).as("the watcher polled with NOOP").isTrue();
            assertThat(proxy.clientSent(" IDLE\r\n")).as("no IDLE was sent to a server without it").isFalse();
        }
    }
}
