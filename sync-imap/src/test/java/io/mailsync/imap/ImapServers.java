package io.mailsync.imap;

import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.GreenMailImap;
import io.mailsync.testkit.imap.ImapServer;
import org.junit.jupiter.api.Assumptions;

/** Which real server a parameterised test runs against. */
enum ImapServers {
    DOVECOT, GREENMAIL;

    ImapServer start() {
        if (this == DOVECOT) {
            Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
            return DovecotServer.start();
        }
        return GreenMailImap.start();
    }
}
