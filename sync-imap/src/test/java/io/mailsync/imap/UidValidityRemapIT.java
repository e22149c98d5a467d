package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.FaultyProxy;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A UIDVALIDITY change on a real Dovecot (its Maildir UID list and indexes deleted: the messages stay, their UIDs are
 * renumbered and UIDVALIDITY changes), with Dovecot's {@code X-GUID} as the stable-id source: the stored messages are
 * renamed to their new ids without downloading them again; and without a stable-id source, the folder is downloaded
 * again as before.
 */
class UidValidityRemapIT {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static DovecotServer server;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        server = DovecotServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uidValidityChangeRemapsStoredMessagesByXGuidWithoutDownloadingThemAgain() throws Exception {
        String user = "remap" + USERS.incrementAndGet();
        try (FaultyProxy proxy = FaultyProxy.start(server);
             ImapHarness h = new ImapHarness(server, b -> b.port(proxy.port()).stableIdAttribute("X-GUID"))) {
            Scenario s = runScenario(h, proxy, user);

            assertThat(s.report.isSuccess()).as("report %s", s.report).isTrue();
            h.assertStoreEqualsFolder(user, "pw", "Archive");
            Map<Long, EmailMessage> after = h.stored(user, "Archive");
            assertThat(after).hasSize(10);
            for (EmailMessage m : after.values()) {
                String mid = m.internetMessageId().orElseThrow();
                if (mid.equals(TestMail.messageId(50))) {
                    continue;
                }
                EmailMessage old = s.before.get(mid);
                assertThat(old).as("stored before: %s", mid).isNotNull();
                assertThat(m.providerMessageId()).isNotEqualTo(old.providerMessageId());
                assertThat(sameExceptId(m, old)).as("content of %s kept", mid).isTrue();
            }
            assertThat(s.contentUids).as("UIDs whose content was fetched after the change").containsExactly(s.newMailUid);
            assertThat(s.created).containsExactly(idOf(after, TestMail.messageId(50)));
            assertThat(s.deleted).containsExactly(s.before.get(TestMail.messageId(2)).providerMessageId());
            assertThat(h.events(SyncEvent.MessageUpdated.class)).isEmpty();
        }
    }

    @Test
    void withoutStableIdSourceUidValidityChangeDownloadsTheFolderAgain() throws Exception {
        String user = "nostable" + USERS.incrementAndGet();
        try (FaultyProxy proxy = FaultyProxy.start(server);
             ImapHarness h = new ImapHarness(server, b -> b.port(proxy.port()))) {
            Scenario s = runScenario(h, proxy, user);

            assertThat(s.report.isSuccess()).as("report %s", s.report).isTrue();
            h.assertStoreEqualsFolder(user, "pw", "Archive");
            assertThat(s.contentUids).as("every message fetched again").hasSize(10)
                    .containsAll(h.stored(user, "Archive").keySet());
            assertThat(s.created).hasSize(10);
            assertThat(s.deleted).hasSize(10);
        }
    }

    /** What happened around the UIDVALIDITY change. */
    private record Scenario(SyncReport report, Map<String, EmailMessage> before, Set<Long> contentUids,
                            long newMailUid, List<String> created, List<String> deleted) {
    }

    /**
     * 10 messages in Archive, synced; then message 2 expunged and message 50 appended, the folder's UIDs reset; one
     * sync, with the commands it sent recorded.
     */
    private static Scenario runScenario(ImapHarness h, FaultyProxy proxy, String user) throws Exception {
        h.account(user, "pw");
        try (ImapTestClient c = h.client(user, "pw")) {
            c.createFolder("Archive");
            c.appendAll("Archive", IntStream.range(0, 10).mapToObj(TestMail::message).toList(), null);
        }
        h.mailSync.startHistoricalSync(AccountId.of(user), HistoricalSyncOptions.ALL).get();
        h.assertStoreEqualsFolder(user, "pw", "Archive");
        Map<String, EmailMessage> before = new HashMap<>();
        h.stored(user, "Archive").values().forEach(m -> before.put(m.internetMessageId().orElseThrow(), m));

        long oldValidity;
        try (ImapTestClient c = h.client(user, "pw")) {
            oldValidity = c.uidValidity("Archive");
            c.expunge("Archive", 3); // TestMail.message(2)
            c.append("Archive", TestMail.message(50), null);
        }
        resetUids(h, user, "Archive", oldValidity);
        long newMailUid;
        try (ImapTestClient c = h.client(user, "pw")) {
            newMailUid = uidOf(c, "Archive", TestMail.messageId(50));
        }
        h.events.clear();
        proxy.clearClientLog();

        SyncReport report = h.mailSync.syncNow(AccountId.of(user)).get();

        Set<Long> contentUids = new TreeSet<>();
        proxy.clientCommands().stream()
                .map(l -> l.split(" ", 5))
                .filter(t -> t.length == 5 && t[1].equalsIgnoreCase("UID") && t[2].equalsIgnoreCase("FETCH")
                        && t[4].contains("BODY"))
                .forEach(t -> contentUids.addAll(uids(t[3])));
        List<String> created = h.events(SyncEvent.MessageCreated.class).stream()
                .map(e -> e.message().providerMessageId()).toList();
        List<String> deleted = h.events(SyncEvent.MessageDeleted.class).stream()
                .map(SyncEvent.MessageDeleted::providerMessageId).toList();
        return new Scenario(report, before, contentUids, newMailUid, created, deleted);
    }

    /** Deletes the folder's Dovecot UID list and indexes (messages stay) until its UIDVALIDITY differs. */
    private static void resetUids(ImapHarness h, String user, String folder, long oldValidity) throws Exception {
        Path maildir = server.directory().resolve("mail").resolve(user).resolve("." + folder);
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Stream<Path> files = Files.list(maildir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals("dovecot-uidlist") || name.startsWith("dovecot.index")) {
                        Files.delete(f);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (ImapTestClient c = h.client(user, "pw")) {
                if (c.uidValidity(folder) != oldValidity) {
                    return;
                }
            }
            Thread.sleep(1_100); // Dovecot's new UIDVALIDITY is the time in seconds
        }
        throw new AssertionError("UIDVALIDITY of " + folder + " did not change");
    }

    private static long uidOf(ImapTestClient c, String folder, String messageId) throws Exception {
        var f = (org.eclipse.angus.mail.imap.IMAPFolder) c.store().getFolder(folder);
        f.open(jakarta.mail.Folder.READ_ONLY);
        try {
            for (jakarta.mail.Message m : f.getMessages()) {
                String[] ids = m.getHeader("Message-ID");
                if (ids != null && ids[0].contains(messageId)) {
                    return f.getUID(m);
                }
            }
        } finally {
            f.close(false);
        }
        throw new AssertionError(messageId + " not in " + folder);
    }

    /** The UIDs of an IMAP sequence set ({@code 1:3,7}). */
    private static List<Long> uids(String set) {
        List<Long> uids = new ArrayList<>();
        for (String part : set.split(",")) {
            String[] range = part.split(":");
            long from = Long.parseLong(range[0]);
            long to = Long.parseLong(range[range.length - 1]);
            for (long u = from; u <= to; u++) {
                uids.add(u);
            }
        }
        return uids;
    }

    private static String idOf(Map<Long, EmailMessage> stored, String messageId) {
        return stored.values().stream().filter(m -> m.internetMessageId().orElse("").equals(messageId))
                .findFirst().orElseThrow().providerMessageId();
    }

    private static boolean sameExceptId(EmailMessage a, EmailMessage b) {
        return a.equals(copyWithId(b, a.providerMessageId()));
    }

    private static EmailMessage copyWithId(EmailMessage m, String id) {
        return new EmailMessage(m.accountId(), id, m.folderId(), m.internetMessageId(), m.threadId(), m.inReplyTo(),
                m.references(), m.from(), m.to(), m.cc(), m.bcc(), m.replyTo(), m.subject(), m.snippet(), m.sentAt(),
                m.receivedAt(), m.flags(), m.size(), m.attachments(), m.textBody(), m.htmlBody(), m.headers());
    }
}
