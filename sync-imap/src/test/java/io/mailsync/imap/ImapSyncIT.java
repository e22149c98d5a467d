package io.mailsync.imap;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.imap.DovecotServer;
import io.mailsync.testkit.imap.ImapServer;
import io.mailsync.testkit.imap.ImapTestClient;
import io.mailsync.testkit.imap.TestMail;
import jakarta.mail.Flags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real engine with ImapMailProvider against a private Dovecot and against GreenMail. */
class ImapSyncIT {

    private static final Map<ImapServers, ImapServer> SERVERS = new EnumMap<>(ImapServers.class);
    private static final AtomicInteger USERS = new AtomicInteger();

    private static synchronized ImapServer server(ImapServers kind) {
        return SERVERS.computeIfAbsent(kind, ImapServers::start);
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(ImapServer::close);
        SERVERS.clear();
    }

    private static String newUser() {
        return "user" + USERS.incrementAndGet();
    }

    private static List<byte[]> mails(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(TestMail::message).toList();
    }

    @ParameterizedTest
    @EnumSource(ImapServers.class)
    void historicalSyncStoresEveryMessageDecodedAndChangesNoFlag(ImapServers kind) throws Exception {
        String user = newUser();
        try (ImapHarness h = new ImapHarness(server(kind))) {
            h.account(user, "pw");
            Map<Long, Set<String>> before;
            try (ImapTestClient c = h.client(user, "pw")) {
                c.appendAll("INBOX", mails(0, 40), null);
                c.appendAll("INBOX", mails(40, 5), new Flags(Flags.Flag.SEEN));
                c.setFlags("INBOX", new Flags(Flags.Flag.FLAGGED), true, 3, 7);
                c.setFlags("INBOX", new Flags("$Important"), true, 9);
                before = c.flagsByUid("INBOX");
            }

            SyncReport report = h.mailSync.startHistoricalSync(AccountId.of(user), HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).as("report %s", report).isTrue();
            h.assertStoreEqualsFolder(user, "pw", "INBOX");
            try (ImapTestClient c = h.client(user, "pw")) {
                assertThat(c.flagsByUid("INBOX")).as("the sync changed no flag").isEqualTo(before);
            }
            Map<Long, EmailMessage> stored = h.stored(user, "INBOX");
            EmailMessage second = stored.get(2L); // TestMail.message(1): alternative, RFC 2047 subject
            assertThat(second.subject()).isEqualTo(TestMail.subject(1));
            assertThat(second.internetMessageId()).hasValue(TestMail.messageId(1));
            assertThat(second.inReplyTo()).hasValue(TestMail.messageId(0));
            assertThat(second.references()).containsExactly(TestMail.messageId(0));
            assertThat(second.textBody()).hasValueSatisfying(t -> assertThat(t).contains("Grüße, message 1"));
            assertThat(second.htmlBody()).hasValueSatisfying(t -> assertThat(t).contains("<p>Grüße, message 1.</p>"));
            assertThat(second.from()).hasValueSatisfying(a -> assertThat(a.address()).isEqualTo("sender1@example.org"));
            assertThat(second.to()).extracting(a -> a.name()).containsExactly("Alice");
            EmailMessage third = stored.get(3L); // TestMail.message(2): with a PDF attachment
            assertThat(third.attachments()).singleElement().satisfies(a -> {
                assertThat(a.filename()).isEqualTo("report-2.pdf");
                assertThat(a.contentType()).isEqualTo("application/pdf");
                assertThat(a.inline()).isFalse();
            });
            assertThat(third.snippet()).startsWith("See the attached report 2");
            assertThat(stored.get(1L).attachments()).isEmpty();
            assertThat(h.createdIds(user)).hasSize(45).doesNotHaveDuplicates();
            assertThat(h.events(SyncEvent.HistoricalSyncProgress.class)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(ImapServers.class)
    void incrementalSyncCarriesNewMailFlagChangesAndExpunges(ImapServers kind) throws Exception {
        String user = newUser();
        try (ImapHarness h = new ImapHarness(server(kind))) {
            h.account(user, "pw");
            try (ImapTestClient c = h.client(user, "pw")) {
                c.appendAll("INBOX", mails(0, 120), null);
            }
            h.mailSync.startHistoricalSync(AccountId.of(user), HistoricalSyncOptions.ALL).get();
            h.assertStoreEqualsFolder(user, "pw", "INBOX");

            try (ImapTestClient c = h.client(user, "pw")) {
                c.setFlags("INBOX", new Flags(Flags.Flag.SEEN), true, 5, 60);
                c.setFlags("INBOX", new Flags("Work"), true, 61);
                c.expunge("INBOX", 7, 100);
                c.appendAll("INBOX", mails(120, 70), null); // more than one page of 50
            }
            SyncReport report = h.mailSync.syncNow(AccountId.of(user)).get();

            assertThat(report.isSuccess()).as("report %s", report).isTrue();
            h.assertStoreEqualsFolder(user, "pw", "INBOX");
            assertThat(report.inserted()).isEqualTo(70);
            assertThat(report.deleted()).isEqualTo(2);
            assertThat(h.events(SyncEvent.MessageUpdated.class)).extracting(e -> ImapMessageId.parse(e.providerMessageId()).uid())
                    .containsExactlyInAnyOrder(5L, 60L, 61L);

            SyncReport quiet = h.mailSync.syncNow(AccountId.of(user)).get();
            assertThat(quiet.inserted() + quiet.updated() + quiet.deleted()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ImapServers.class)
    void foldersAreFoundWithTheirRolesAndSyncedInboxFirst(ImapServers kind) throws Exception {
        String user = newUser();
        try (ImapHarness h = new ImapHarness(server(kind))) {
            h.account(user, "pw");
            try (ImapTestClient c = h.client(user, "pw")) {
                c.createFolder("Sent");
                c.createFolder("Projects");
                c.appendAll("INBOX", mails(0, 3), null);
                c.appendAll("Sent", mails(3, 2), new Flags(Flags.Flag.SEEN));
                c.appendAll("Projects", mails(5, 1), null);
            }
            h.mailSync.startHistoricalSync(AccountId.of(user), HistoricalSyncOptions.ALL).get();

            for (String folder : List.of("INBOX", "Sent", "Projects")) {
                h.assertStoreEqualsFolder(user, "pw", folder);
            }
            assertThat(h.events(SyncEvent.FolderHistoricalSyncCompleted.class)).extracting(e -> e.folderId().value())
                    .first().isEqualTo("INBOX");
            try (var session = h.provider.open(new io.mailsync.core.spi.AccountContext(
                    h.mailSync.getSyncStatus(AccountId.of(user)) == null ? null : optionsOf(h, user),
                    credentials(user), (a, f, s) -> true, java.time.Clock.systemUTC()))) {
                var roles = new java.util.HashMap<String, FolderRole>();
                session.folders().forEach(f -> roles.put(f.name(), f.role()));
                assertThat(roles).containsEntry("INBOX", FolderRole.INBOX).containsEntry("Sent", FolderRole.SENT)
                        .containsEntry("Projects", FolderRole.OTHER);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ImapServers.class)
    void historicalLimitKeepsTheNewestMessagesAndLaterMailStillArrives(ImapServers kind) throws Exception {
        String user = newUser();
        try (ImapHarness h = new ImapHarness(server(kind))) {
            h.account(user, "pw");
            try (ImapTestClient c = h.client(user, "pw")) {
                c.appendAll("INBOX", mails(0, 100), null);
            }
            SyncReport report = h.mailSync.startHistoricalSync(AccountId.of(user),
                    HistoricalSyncOptions.builder().limit(30).build()).get();

            assertThat(report.inserted()).isEqualTo(30);
            assertThat(h.stored(user, "INBOX").keySet()).containsExactlyElementsOf(
                    IntStream.rangeClosed(71, 100).mapToObj(i -> (long) i).toList());
            try (ImapTestClient c = h.client(user, "pw")) {
                c.append("INBOX", TestMail.message(100), null);
                c.expunge("INBOX", 80);
            }
            h.mailSync.syncNow(AccountId.of(user)).get();
            assertThat(h.stored(user, "INBOX")).hasSize(30).containsKey(101L).doesNotContainKey(80L);
        }
    }

    @Test
    void uidValidityChangeResyncsTheFolderAndReconcilesDeletions() throws Exception {
        Assumptions.assumeTrue(DovecotServer.isInstalled(), DovecotServer.SKIP_MESSAGE);
        String user = newUser();
        try (ImapHarness h = new ImapHarness(server(ImapServers.DOVECOT))) {
            h.account(user, "pw");
            long oldValidity;
            try (ImapTestClient c = h.client(user, "pw")) {
                c.createFolder("Archive");
                c.appendAll("Archive", mails(0, 10), null);
                oldValidity = c.uidValidity("Archive");
            }
            h.mailSync.startHistoricalSync(AccountId.of(user), HistoricalSyncOptions.ALL).get();
            h.assertStoreEqualsFolder(user, "pw", "Archive");

            try (ImapTestClient c = h.client(user, "pw")) {
                c.deleteFolder("Archive");
                c.createFolder("Archive");
                c.appendAll("Archive", mails(20, 4), null);
                assertThat(c.uidValidity("Archive")).isNotEqualTo(oldValidity);
            }
            SyncReport report = h.mailSync.syncNow(AccountId.of(user)).get();

            assertThat(report.isSuccess()).as("report %s", report).isTrue();
            h.assertStoreEqualsFolder(user, "pw", "Archive");
            assertThat(h.events(SyncEvent.MessageDeleted.class)).hasSize(10);
        }
    }

    @ParameterizedTest
    @EnumSource(ImapServers.class)
    void idleAnnouncesNewMailWithinSeconds(ImapServers kind) throws Exception {
        String user = newUser();
        try (ImapHarness h = new ImapHarness(server(kind), b -> b.noopPollInterval(Duration.ofMillis(200)))) {
            var options = h.account(user, "pw");
            h.mailSync.startRealTimeSync(options);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    h.mailSync.getSyncStatus(AccountId.of(user)).state() == io.mailsync.core.SyncState.REALTIME);
            Thread.sleep(300); // the watcher's IDLE is issued

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                try (ImapTestClient c = h.client(user, "pw")) {
                    c.append("INBOX", TestMail.message(i), null);
                }
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> h.createdIds(user).size() >= expected);
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(5_000));
        }
    }

    private static io.mailsync.core.SyncOptions optionsOf(ImapHarness h, String user) {
        return h.store.find(AccountId.of(user)).orElseThrow().options();
    }

    private static io.mailsync.core.spi.Credentials credentials(String user) {
        io.mailsync.core.spi.Credential c = io.mailsync.core.spi.Credential.password(user, "pw");
        return new io.mailsync.core.spi.Credentials() {
            @Override
            public io.mailsync.core.spi.Credential current() {
                return c;
            }

            @Override
            public io.mailsync.core.spi.Credential refreshAfterRejection(io.mailsync.core.spi.Credential rejected) {
                throw new io.mailsync.core.AuthenticationRequiredException(AccountId.of(user), "no refresh");
            }
        };
    }

    @SuppressWarnings("unused")
    private static FolderId inbox() {
        return FolderId.of("INBOX");
    }
}
