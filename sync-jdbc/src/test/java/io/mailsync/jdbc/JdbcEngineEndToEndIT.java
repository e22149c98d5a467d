package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.MailSync;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.ScriptedMailProvider;
import io.mailsync.testkit.ScriptedMailbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The engine over the PostgreSQL store: historical, incremental and resync, each message announced once. */
class JdbcEngineEndToEndIT {

    private static JdbcMailStore store;

    @BeforeAll
    static void start() {
        store = Stores.fresh("engine");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private final ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);
    private final ConcurrentLinkedQueue<SyncEvent> events = new ConcurrentLinkedQueue<>();

    private MailSync engine() {
        return MailSync.builder().store(store).provider(provider).listener(events::add).pageSize(50)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(5)).build();
    }

    private static AccountId newAccount() {
        return AccountId.of("e2e-" + UUID.randomUUID());
    }

    private static SyncOptions options(AccountId id) {
        return SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("user-" + id)
                .email("user@example.com").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build();
    }

    private List<String> createdIds(AccountId id) {
        return events.stream().filter(SyncEvent.MessageCreated.class::isInstance).map(SyncEvent.MessageCreated.class::cast)
                .filter(e -> e.accountId().equals(id)).map(e -> e.message().providerMessageId()).toList();
    }

    private static void assertStoreEqualsMailbox(AccountId id, ScriptedMailbox mailbox) {
        List<EmailMessage> expected = mailbox.messages();
        assertThat(store.count(id)).isEqualTo(expected.size());
        for (EmailMessage m : expected) {
            assertThat(store.find(id, m.providerMessageId())).contains(m);
        }
    }

    @Test
    void historicalSyncStoresEveryMessageAndAnnouncesEachOnce() throws Exception {
        AccountId alice = newAccount();
        try (MailSync mailSync = engine()) {
            ScriptedMailbox mailbox = provider.mailbox(alice);
            mailbox.addFolder("Sent", FolderRole.SENT).deliverMany("INBOX", 120);
            mailbox.deliverMany("Sent", 30);
            mailSync.registerAccount(options(alice));

            SyncReport report = mailSync.startHistoricalSync(alice, HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).isTrue();
            assertThat(report.inserted()).isEqualTo(150);
            assertStoreEqualsMailbox(alice, mailbox);
            assertThat(createdIds(alice)).hasSize(150).doesNotHaveDuplicates();
            assertThat(store.load(alice, FolderId.of("INBOX")).orElseThrow().cursor().isIncremental()).isTrue();
            assertThat(store.find(alice)).isPresent();
        }
    }

    @Test
    void incrementalSyncCarriesNewMailFlagsAndDeletions() throws Exception {
        AccountId bob = newAccount();
        try (MailSync mailSync = engine()) {
            ScriptedMailbox mailbox = provider.mailbox(bob);
            List<EmailMessage> sent = mailbox.deliverMany("INBOX", 5);
            mailSync.startRealTimeSync(options(bob));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertStoreEqualsMailbox(bob, mailbox));

            mailbox.setFlags(sent.get(0).providerMessageId(), Set.of("\\Seen"));
            mailbox.delete(sent.get(1).providerMessageId());
            EmailMessage fresh = mailbox.deliver("INBOX");
            mailSync.syncNow(bob).get();

            assertStoreEqualsMailbox(bob, mailbox);
            assertThat(createdIds(bob)).hasSize(6).doesNotHaveDuplicates().contains(fresh.providerMessageId());
            assertThat(events.stream().filter(SyncEvent.MessageDeleted.class::isInstance)
                    .map(e -> ((SyncEvent.MessageDeleted) e).providerMessageId()))
                    .containsExactly(sent.get(1).providerMessageId());
        }
    }

    @Test
    void invalidCursorResyncReconcilesAndAnnouncesNothingTwice() throws Exception {
        AccountId carol = newAccount();
        try (MailSync mailSync = engine()) {
            ScriptedMailbox mailbox = provider.mailbox(carol);
            List<EmailMessage> first = mailbox.deliverMany("INBOX", 80);
            mailSync.startRealTimeSync(options(carol));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertStoreEqualsMailbox(carol, mailbox));

            mailbox.invalidateCursors();
            mailbox.delete(first.get(3).providerMessageId());
            EmailMessage fresh = mailbox.deliver("INBOX");
            SyncReport report = mailSync.syncNow(carol).get();

            assertThat(report.isSuccess()).isTrue();
            assertStoreEqualsMailbox(carol, mailbox);
            assertThat(createdIds(carol)).hasSize(81).doesNotHaveDuplicates().contains(fresh.providerMessageId());
        }
    }

    @Test
    void restartedEngineOverTheSameDatabaseAnnouncesNothingAgain() throws Exception {
        AccountId dan = newAccount();
        ScriptedMailbox mailbox = provider.mailbox(dan);
        mailbox.deliverMany("INBOX", 60);
        try (MailSync mailSync = engine()) {
            mailSync.startRealTimeSync(options(dan));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertStoreEqualsMailbox(dan, mailbox));
        }
        try (MailSync restarted = engine()) {
            restarted.resetSyncState(dan);
            SyncReport report = restarted.syncNow(dan).get();

            assertThat(report.inserted()).isZero();
            assertStoreEqualsMailbox(dan, mailbox);
            assertThat(createdIds(dan)).hasSize(60).doesNotHaveDuplicates();
        }
    }
}
