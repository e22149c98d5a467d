package io.mailsync.gmail;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderId;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.testkit.gmail.FakeGmailMessage;
import io.mailsync.testkit.gmail.GmailFake;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.mailsync.gmail.GmailTestSupport.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** The real engine syncing from the Gmail fake through the official client. */
class GmailSyncIT {

    @Test
    void historicalSyncStoresEveryMessageWithLabelsAsFlagsAndReportsProgress() throws Exception {
        try (GmailTestSupport t = GmailTestSupport.fast()) {
            List<String> ids = t.mailbox.insertMany(620); // two list pages
            t.mailbox.addLabels(ids.get(3), "STARRED");
            t.mailbox.removeLabels(ids.get(4), "UNREAD");
            t.mailbox.addLabels(ids.get(5), "SPAM");
            t.mailbox.insert(FakeGmailMessage.builder().from("\"Doe, Jane\" <jane@example.com>")
                    .to("alice@example.com, Bob <bob@example.com>").subject("=?UTF-8?B?SMOpbGxv?=")
                    .messageId("abc@example.com").text("It's here").build());
            t.mailSync.registerAccount(GmailTestSupport.options());

            SyncReport report = t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(t.storedIds()).isEqualTo(t.visibleIds()).hasSize(620);
            EmailMessage starred = t.store.messages(ALICE).stream()
                    .filter(m -> m.providerMessageId().equals(ids.get(3))).findFirst().orElseThrow();
            assertThat(starred.flags()).containsExactlyInAnyOrder("INBOX", "UNREAD", "STARRED");
            assertThat(starred.threadId()).contains(ids.get(3));
            EmailMessage jane = t.store.messages(ALICE).stream().filter(m -> m.subject().equals("Héllo")).findFirst()
                    .orElseThrow();
            assertThat(jane.from().orElseThrow().name()).isEqualTo("Doe, Jane");
            assertThat(jane.to()).hasSize(2);
            assertThat(jane.internetMessageId()).contains("abc@example.com");
            assertThat(jane.snippet()).isEqualTo("It's here");
            List<SyncEvent.HistoricalSyncProgress> progress = t.events(SyncEvent.HistoricalSyncProgress.class);
            assertThat(progress).isNotEmpty();
            assertThat(progress.get(progress.size() - 1).synced()).isEqualTo(620);
            assertThat(progress.get(0).estimatedTotal()).isPresent();
            assertThat(t.store.load(ALICE, FolderId.MAILBOX).orElseThrow().cursor().isIncremental()).isTrue();
        }
    }

    @Test
    void incrementalSyncAppliesAdditionsLabelChangesAndDeletionsFromHistory() throws Exception {
        try (GmailTestSupport t = GmailTestSupport.fast()) {
            List<String> ids = t.mailbox.insertMany(30);
            t.mailSync.registerAccount(GmailTestSupport.options());
            t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();
            t.mailSync.startRealTimeSync(GmailTestSupport.options());
            t.mailSync.syncNow(ALICE).get();
            long before = t.store.load(ALICE, FolderId.MAILBOX).orElseThrow().cursor().getLong("historyId").orElseThrow();

            String added = t.mailbox.insert(FakeGmailMessage.builder().subject("new one").build());
            t.mailbox.addLabels(ids.get(0), "STARRED", "IMPORTANT");
            t.mailbox.removeLabels(ids.get(1), "UNREAD");
            t.mailbox.delete(ids.get(2));
            t.mailbox.addLabels(ids.get(6), "TRASH"); // leaves the synced set
            String gone = t.mailbox.insert(FakeGmailMessage.builder().subject("short-lived").build());
            t.mailbox.delete(gone);
            SyncReport report = t.mailSync.syncNow(ALICE).get();

            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(t.storedIds()).isEqualTo(t.visibleIds()).contains(added).doesNotContain(ids.get(2), ids.get(6), gone);
            assertThat(flags(t, ids.get(0))).contains("STARRED", "IMPORTANT");
            assertThat(flags(t, ids.get(1))).doesNotContain("UNREAD");
            assertThat(t.createdIds()).filteredOn(added::equals).hasSize(1);
            long after = t.store.load(ALICE, FolderId.MAILBOX).orElseThrow().cursor().getLong("historyId").orElseThrow();
            assertThat(after).isEqualTo(t.mailbox.historyId()).isGreaterThan(before);
        }
    }

    @Test
    void messageAddedButGoneBeforeTheGetIsReportedNotFetchable() throws Exception {
        try (GmailTestSupport t = GmailTestSupport.fast()) {
            t.mailbox.insertMany(3);
            t.mailSync.registerAccount(GmailTestSupport.options());
            t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();
            t.mailSync.startRealTimeSync(GmailTestSupport.options());
            t.mailSync.syncNow(ALICE).get();
            String id = t.mailbox.insert(FakeGmailMessage.builder().subject("x").build());
            t.mailbox.delete(id);
            // history.list shows messageAdded then messageDeleted: the add is dropped, nothing fetched in vain
            long getsBefore = t.fake.calls("messages.get");
            t.mailSync.syncNow(ALICE).get();
            assertThat(t.fake.calls("messages.get")).isEqualTo(getsBefore);
            assertThat(t.storedIds()).doesNotContain(id);
        }
    }

    @Test
    void expiredHistoryResyncsReconcilesAndAnnouncesNothingTwice() throws Exception {
        try (GmailTestSupport t = GmailTestSupport.fast()) {
            List<String> ids = t.mailbox.insertMany(40);
            t.mailSync.registerAccount(GmailTestSupport.options());
            t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();
            t.mailSync.startRealTimeSync(GmailTestSupport.options());
            t.mailSync.syncNow(ALICE).get();
            int createdBefore = t.createdIds().size();

            t.mailbox.delete(ids.get(0));
            String fresh = t.mailbox.insert(FakeGmailMessage.builder().subject("after expiry").build());
            t.mailbox.expireHistory();
            SyncReport report = t.mailSync.syncNow(ALICE).get();

            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(t.storedIds()).isEqualTo(t.visibleIds()).contains(fresh).doesNotContain(ids.get(0));
            assertThat(t.createdIds()).hasSize(createdBefore + 1).doesNotHaveDuplicates();
            assertThat(t.store.load(ALICE, FolderId.MAILBOX).orElseThrow().cursor().isIncremental()).isTrue();
        }
    }

    @Test
    void historicalSyncPacedToTheQuotaGetsNo429() throws Exception {
        GmailFake fake = GmailFake.builder().quota(250, Duration.ofSeconds(1)).build();
        try (GmailTestSupport t = new GmailTestSupport(fake, p -> p.quota(GmailQuota.LEGACY), b -> { })) {
            t.mailbox.insertMany(300);
            t.mailSync.registerAccount(GmailTestSupport.options());
            long start = System.nanoTime();
            SyncReport report = t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(report.isSuccess()).isTrue();
            assertThat(t.storedIds()).hasSize(300);
            assertThat(fake.quotaRejections()).isZero();
            // 1,506 units at 250/s with one second of burst: at least ~5 s, i.e. really paced
            assertThat(seconds).isGreaterThan(4.5);
            assertThat(t.provider.unitsUsed(ALICE)).isEqualTo(fake.unitsConsumed(GmailTestSupport.ALICE_EMAIL));
        }
    }

    @Test
    void throttledAndFailingCallsAreRetriedUntilTheSyncCompletes() throws Exception {
        try (GmailTestSupport t = GmailTestSupport.fast()) {
            t.mailbox.insertMany(80);
            t.fake.failNext(3, 429, "rateLimitExceeded");
            t.fake.failNext(2, 403, "userRateLimitExceeded");
            t.fake.failNext(2, 503, "backendError");
            t.mailSync.registerAccount(GmailTestSupport.options());
            SyncReport report = t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();
            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(t.storedIds()).isEqualTo(t.visibleIds());
        }
    }

    @Test
    void rejectedTokenIsRefreshedOnceAndTheSyncGoesOn() throws Exception {
        try (GmailTestSupport t = GmailTestSupport.fast()) {
            t.mailbox.insertMany(60);
            t.mailbox.revokeToken("token-0");
            t.mailSync.registerAccount(GmailTestSupport.options());
            SyncReport report = t.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();
            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(t.refreshes.get()).isEqualTo(1);
            assertThat(t.storedIds()).hasSize(60);
        }
    }

    private static java.util.Set<String> flags(GmailTestSupport t, String id) {
        return t.store.messages(ALICE).stream().filter(m -> m.providerMessageId().equals(id)).findFirst()
                .orElseThrow().flags();
    }
}
