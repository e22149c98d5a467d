package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS and STARTTLS against Dovecot with a self-signed certificate, trusted only when the host says so. */
class TlsIT {

    private static DovecotServer dovecot;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        dovecot = DovecotServer.startWithTls();
    }

    @AfterAll
    static void stopServer() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private static void fill(String user) {
        dovecot.addUser(user, "pw");
        try (ImapTestClient c = dovecot.client(user, "pw")) {
            c.appendAll("INBOX", IntStream.range(0, 5).mapToObj(TestMail::message).toList(), null);
        }
    }

    private static SyncReport historical(ImapHarness h, String user) throws Exception {
        h.account(user, "pw");
        return h.mailSync.startHistoricalSync(AccountId.of(user), HistoricalSyncOptions.ALL).get();
    }

    @Test
    void implicitTlsSyncsWhenTheSelfSignedCertificateIsTrusted() throws Exception {
        fill("tls1");
        try (ImapHarness h = new ImapHarness(dovecot, b -> b.security(ImapSecurity.TLS).port(dovecot.tlsPort())
                .property("mail.imaps.ssl.trust", "127.0.0.1"))) {
            assertThat(historical(h, "tls1").isSuccess()).isTrue();
            h.assertStoreEqualsFolder("tls1", "pw", "INBOX");
        }
    }

    @Test
    void startTlsSyncsWhenTheSelfSignedCertificateIsTrusted() throws Exception {
        fill("tls2");
        try (ImapHarness h = new ImapHarness(dovecot, b -> b.security(ImapSecurity.STARTTLS).port(dovecot.port())
                .property("mail.imap.ssl.trust", "127.0.0.1"))) {
            assertThat(historical(h, "tls2").isSuccess()).isTrue();
            h.assertStoreEqualsFolder("tls2", "pw", "INBOX");
        }
    }

    @Test
    void anUntrustedCertificateStopsTheSyncAndStoresNothing() throws Exception {
        fill("tls3");
        try (ImapHarness h = new ImapHarness(dovecot, b -> b.security(ImapSecurity.TLS).port(dovecot.tlsPort()))) {
            SyncReport report = historical(h, "tls3");
            assertThat(report.isSuccess()).as("report %s", report).isFalse();
            assertThat(h.store.count(AccountId.of("tls3"))).isZero();
        }
    }
}
