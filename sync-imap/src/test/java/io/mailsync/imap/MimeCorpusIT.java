package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.imap.ImapServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.SharedMimeCorpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real-world message of ../shared/corpus/mime and 100+ generated malformed ones, APPENDed to a real server and
 * synced with the real engine: none stops the folder's sync, each is stored.
 */
class MimeCorpusIT {

    @ParameterizedTest
    @EnumSource(ImapServers.class)
    void noCorpusMessageStopsTheSyncAndEachIsStored(ImapServers kind) throws Exception {
        Assumptions.assumeTrue(SharedMimeCorpus.directory().isPresent(), SharedMimeCorpus.SKIP_MESSAGE);
        List<Path> files = SharedMimeCorpus.messages();
        List<byte[]> messages = new ArrayList<>();
        for (Path p : files) {
            messages.add(Files.readAllBytes(p));
        }
        messages.addAll(MalformedMail.all());
        try (ImapServer server = kind.start(); ImapHarness h = new ImapHarness(server)) {
            h.account("corpus", "pw");
            int refused = 0;
            Map<Long, Set<String>> before;
            ImapTestClient c = h.client("corpus", "pw");
            try {
                for (byte[] m : messages) {
                    try {
                        c.append("INBOX", m, null);
                    } catch (IllegalStateException serverRefused) {
                        refused++; // the server's own choice (GreenMail drops the connection on some): not synced
                        c.close();
                        c = h.client("corpus", "pw");
                    }
                }
                before = c.flagsByUid("INBOX");
            } finally {
                c.close();
            }
            System.out.printf("%s: %d corpus files + %d generated malformed messages, %d refused by the server%n",
                    kind, files.size(), MalformedMail.all().size(), refused);
            assertThat(refused).as("messages the server refused").isLessThan(messages.size() / 10);

            SyncReport report = h.mailSync.startHistoricalSync(AccountId.of("corpus"), HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).as("report %s", report).isTrue();
            h.assertStoreEqualsFolder("corpus", "pw", "INBOX");
            assertThat(h.stored("corpus", "INBOX")).hasSize(before.size());
            try (ImapTestClient after = h.client("corpus", "pw")) {
                assertThat(after.flagsByUid("INBOX")).as("the sync changed no flag").isEqualTo(before);
            }
        }
    }

    static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
