package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.FaultyProxy;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that sends BYE, NO or garbage in the middle of a fetch: the sync retries, loses nothing, doubles nothing. */
class ServerFailureIT {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void byeAndGarbageMidFetchAreRetriedWithoutLossOrDuplicates() throws Exception {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        try (DovecotServer dovecot = DovecotServer.start(); FaultyProxy proxy = FaultyProxy.start(dovecot);
             ImapHarness h = new ImapHarness(dovecot, b -> b.port(proxy.port()))) {
            var options = h.account("alice", "pw");
            try (ImapTestClient c = h.client("alice", "pw")) {
                c.appendAll("INBOX", IntStream.range(0, 300).mapToObj(TestMail::message).toList(), null);
            }

            proxy.cutAfter(40_000, ascii("* BYE server shutting down\r\n"));
            SyncReport first = h.mailSync.startHistoricalSync(AccountId.of("alice"), HistoricalSyncOptions.ALL).get();
            assertThat(first.isSuccess()).as("report %s", first).isTrue();
            assertThat(proxy.cuts()).isEqualTo(1);
            h.assertStoreEqualsFolder("alice", "pw", "INBOX");
            assertThat(h.createdIds("alice")).hasSize(300).doesNotHaveDuplicates();

            h.mailSync.startRealTimeSync(options);
            // armed before the mail arrives: the IDLE-triggered sync may start (and end) before syncNow
            proxy.cutAfter(20_000, ascii("* 7 FETCH (UID 9 ENVELOPE ((( garbage\r\n)"));
            try (ImapTestClient c = h.client("alice", "pw")) {
                c.appendAll("INBOX", IntStream.range(300, 420).mapToObj(TestMail::message).toList(), null);
                c.expunge("INBOX", 10, 20);
            }
            h.mailSync.syncNow(AccountId.of("alice")); // fails at the cut; the engine retries with backoff
            h.awaitStoreEqualsFolder("alice", "pw", "INBOX");
            assertThat(proxy.cuts()).isEqualTo(2);
            assertThat(h.createdIds("alice")).hasSize(420).doesNotHaveDuplicates();

            proxy.cutAfter(500, ascii("A999 NO [UNAVAILABLE] internal error\r\n"));
            try (ImapTestClient c = h.client("alice", "pw")) {
                c.append("INBOX", TestMail.message(500), null);
            }
            h.mailSync.syncNow(AccountId.of("alice"));
            h.awaitStoreEqualsFolder("alice", "pw", "INBOX");
            assertThat(h.createdIds("alice")).hasSize(421).doesNotHaveDuplicates();
        }
    }
}
