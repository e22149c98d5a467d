package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.StoreException;
import io.mailsync.core.SyncCursor;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.EmailStore;
import io.mailsync.core.spi.SyncStateStore;
import io.mailsync.testkit.corpus.MailCorpus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** DESIGN.md invariants 1 (nothing lost, nothing doubled), 2 (dedup per account), 4 (invalid cursor), 10 (told once). */
class DataPathInvariantsTest {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final AccountId BOB = AccountId.of("bob");

    @Test
    void historicalSyncStoresTheWholeMailboxAndAnnouncesEachMessageOnce() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            h.mailbox(ALICE).addFolder("Sent", FolderRole.SENT).deliverMany("INBOX", 120);
            h.mailbox(ALICE).deliverMany("Sent", 30);
            h.mailSync.registerAccount(EngineHarness.options(ALICE));

            SyncReport report = h.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).isTrue();
            assertThat(report.inserted()).isEqualTo(150);
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(h.mailbox(ALICE).messages());
            assertThat(h.createdIds(ALICE)).hasSize(150).doesNotHaveDuplicates();
            assertThat(h.events(SyncEvent.FolderHistoricalSyncCompleted.class)).extracting(e -> e.folderId().value())
                    .containsExactly("INBOX", "Sent");
            assertThat(h.events(SyncEvent.HistoricalSyncCompleted.class)).hasSize(1);
        }
    }

    @Test
    void realisticCorpusMailRoundTripsThroughTheEngineUnchanged() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE).addFolder("Sent", FolderRole.SENT)
                    .addFolder("Archive", FolderRole.ARCHIVE);
            MailCorpus.builder().seed(7).owner("alice@example.com").build().stream(300)
                    .forEach(m -> mailbox.deliver(m.folder(), m));
            h.mailSync.registerAccount(EngineHarness.options(ALICE));

            SyncReport report = h.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();

            assertThat(report.inserted()).isEqualTo(300);
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(h.store.messages(ALICE)).anySatisfy(m -> assertThat(m.hasAttachments()).isTrue())
                    .anySatisfy(m -> assertThat(m.inReplyTo()).isPresent());
        }
    }

    @Test
    void crashBetweenStoreAndCursorSaveReplaysTheBatchWithoutDuplicates() throws Exception {
        InMemoryMailStore memory = new InMemoryMailStore();
        AtomicInteger saves = new AtomicInteger();
        // Separate EmailStore and SyncStateStore objects: the engine applies, then saves; the 2nd save "crashes".
        SyncStateStore crashingCursors = new DelegatingStateStore(memory) {
            @Override
            public long save(AccountId accountId, SyncCursor cursor, long expectedVersion) {
                if (saves.incrementAndGet() == 2) {
                    throw new StoreException(accountId, "connection lost before the cursor was saved", null);
                }
                return super.save(accountId, cursor, expectedVersion);
            }
        };
        EmailStore messages = new DelegatingEmailStore(memory);
        try (EngineHarness h = new EngineHarness(b -> b.emailStore(messages).syncStateStore(crashingCursors))) {
            h.mailbox(ALICE).deliverMany("INBOX", 120); // 3 pages of 50
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(memory.messages(ALICE)).containsExactlyElementsOf(h.mailbox(ALICE).messages()));
            await().untilAsserted(() -> assertThat(memory.load(ALICE, FolderId.of("INBOX")))
                    .hasValueSatisfying(c -> assertThat(c.cursor().isIncremental()).isTrue()));
            assertThat(saves.get()).isGreaterThan(3); // the failed save was retried
            assertThat(h.createdIds(ALICE)).hasSize(120).doesNotHaveDuplicates();
        }
    }

    @Test
    void theSameMessageInTwoAccountsIsStoredTwice() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            for (AccountId id : List.of(ALICE, BOB)) {
                h.mailbox(id).deliver("INBOX", b -> b.internetMessageId("shared@example.org").subject("Team lunch"));
                h.mailSync.startRealTimeSync(EngineHarness.options(id));
            }
            h.awaitStoreEqualsMailbox(ALICE);
            h.awaitStoreEqualsMailbox(BOB);

            assertThat(h.store.find(ALICE, "m1")).map(m -> m.internetMessageId().orElseThrow()).hasValue("shared@example.org");
            assertThat(h.store.find(BOB, "m1")).map(m -> m.internetMessageId().orElseThrow()).hasValue("shared@example.org");
            assertThat(h.createdIds(ALICE)).containsExactly("m1");
            assertThat(h.createdIds(BOB)).containsExactly("m1");
        }
    }

    @Test
    void invalidCursorResyncsTheFolderReconcilesDeletionsAndAnnouncesNothingTwice() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            List<EmailMessage> first = mailbox.deliverMany("INBOX", 80);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.awaitStoreEqualsMailbox(ALICE);

            mailbox.invalidateCursors();
            mailbox.delete(first.get(3).providerMessageId());
            mailbox.delete(first.get(40).providerMessageId());
            EmailMessage fresh = mailbox.deliver("INBOX");
            SyncReport report = h.mailSync.syncNow(ALICE).get();

            assertThat(report.isSuccess()).isTrue();
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(h.createdIds(ALICE)).hasSize(81).doesNotHaveDuplicates().contains(fresh.providerMessageId());
            assertThat(h.events(SyncEvent.MessageDeleted.class)).extracting(SyncEvent.MessageDeleted::providerMessageId)
                    .containsExactlyInAnyOrder(first.get(3).providerMessageId(), first.get(40).providerMessageId());
        }
    }

    @Test
    void resetSyncStateResyncsWithoutDuplicateCreatedEvents() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 60);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.awaitStoreEqualsMailbox(ALICE);

            h.mailSync.resetSyncState(ALICE);
            SyncReport report = h.mailSync.syncNow(ALICE).get();

            assertThat(report.isSuccess()).isTrue();
            assertThat(report.inserted()).isZero();
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(h.createdIds(ALICE)).hasSize(60).doesNotHaveDuplicates();
        }
    }

    @Test
    void incrementalSyncCarriesFlagChangesAndDeletions() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            List<EmailMessage> sent = mailbox.deliverMany("INBOX", 5);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.awaitStoreEqualsMailbox(ALICE);

            mailbox.setFlags(sent.get(0).providerMessageId(), Set.of("\\Seen"));
            mailbox.delete(sent.get(1).providerMessageId());
            h.mailSync.syncNow(ALICE).get();

            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(h.events(SyncEvent.MessageUpdated.class)).extracting(SyncEvent.MessageUpdated::providerMessageId)
                    .containsExactly(sent.get(0).providerMessageId());
            assertThat(h.events(SyncEvent.MessageDeleted.class)).extracting(SyncEvent.MessageDeleted::providerMessageId)
                    .containsExactly(sent.get(1).providerMessageId());
        }
    }

    @Test
    void historicalMailIsNotAnnouncedBeforeNotifyFrom() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            List<EmailMessage> old = mailbox.deliverMany("INBOX", 10);
            Instant cut = old.get(9).receivedAt().plusSeconds(1);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE).toBuilder().notifyFrom(cut).build());
            h.awaitStoreEqualsMailbox(ALICE);
            EmailMessage live = mailbox.deliver("INBOX");
            h.mailSync.syncNow(ALICE).get();

            assertThat(h.createdIds(ALICE)).containsExactly(live.providerMessageId());
        }
    }

    @Test
    void historicalLimitKeepsTheNewestMessagesAndLaterMailStillArrives() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            List<EmailMessage> old = mailbox.deliverMany("INBOX", 100);
            h.mailSync.registerAccount(EngineHarness.options(ALICE));
            List<Long> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

            SyncReport report = h.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.builder().limit(30)
                    .progress(p -> progress.add(p.synced())).build()).get();

            assertThat(report.inserted()).isEqualTo(30);
            assertThat(h.store.messages(ALICE)).extracting(EmailMessage::providerMessageId)
                    .containsExactlyInAnyOrderElementsOf(old.subList(70, 100).stream().map(EmailMessage::providerMessageId).toList());
            assertThat(progress).isNotEmpty().last().isEqualTo(30L);

            EmailMessage live = mailbox.deliver("INBOX");
            h.mailSync.syncNow(ALICE).get();
            assertThat(h.store.find(ALICE, live.providerMessageId())).isPresent();
            assertThat(h.store.count(ALICE)).isEqualTo(31);
        }
    }

    @Test
    void emptyBatchWithUnchangedCursorWritesNothing() throws Exception {
        AtomicInteger applies = new AtomicInteger();
        InMemoryMailStore memory = new InMemoryMailStore();
        EmailStore counting = new DelegatingEmailStore(memory) {
            @Override
            public ApplyResult apply(ChangeBatch batch) {
                applies.incrementAndGet();
                return super.apply(batch);
            }
        };
        try (EngineHarness h = new EngineHarness(b -> b.emailStore(counting).syncStateStore(memory))) {
            h.mailbox(ALICE).deliverMany("INBOX", 3);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.mailSync.syncNow(ALICE).get();
            long version = memory.load(ALICE, FolderId.of("INBOX")).orElseThrow().version();
            int appliesBefore = applies.get();

            for (int i = 0; i < 5; i++) {
                h.mailSync.syncNow(ALICE).get();
            }

            assertThat(memory.load(ALICE, FolderId.of("INBOX")).orElseThrow().version()).isEqualTo(version);
            assertThat(applies.get()).isEqualTo(appliesBefore);
        }
    }

    @Test
    void aMessageDeletedBetweenAnnouncementAndFetchIsReportedAsNotFetchable() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliver("INBOX");
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.awaitStoreEqualsMailbox(ALICE);

            EmailMessage ghost = mailbox.deliver("INBOX");
            mailbox.delete(ghost.providerMessageId());
            h.mailSync.syncNow(ALICE).get();

            assertThat(h.events(SyncEvent.MessageNotFetchable.class)).extracting(SyncEvent.MessageNotFetchable::providerMessageId)
                    .containsExactly(ghost.providerMessageId());
            assertThat(h.store.find(ALICE, ghost.providerMessageId())).isEmpty();
            assertThat(h.createdIds(ALICE)).doesNotContain(ghost.providerMessageId());
        }
    }
}
