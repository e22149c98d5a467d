package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncReport;
import io.mailsync.core.SyncState;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.spi.SyncStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retries, backoff, authentication failures, folder isolation (invariant 9) and shutdown. */
class FailureHandlingTest {

    private static final AccountId ALICE = AccountId.of("alice");

    @Test
    void aStormOf429sIsSurvivedAndTheMailboxEndsComplete() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 200);
            mailbox.failNextFetches(25, Fault.rateLimited(Duration.ofMillis(5)));
            mailbox.failNextFetches(Fault.rateLimited(), Fault.timeout(), Fault.rateLimited(Duration.ofMillis(1)));
            h.mailSync.registerAccount(EngineHarness.options(ALICE));

            SyncReport report = h.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get();

            assertThat(report.isSuccess()).isTrue();
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(h.createdIds(ALICE)).hasSize(200).doesNotHaveDuplicates();
        }
    }

    @Test
    void rateLimitedRealTimeSyncHonoursRetryAfterAndRecovers() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 20);
            mailbox.failNextFetches(Fault.rateLimited(Duration.ofMillis(300)));
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.BACKOFF);
            SyncStatus backingOff = h.mailSync.getSyncStatus(ALICE);
            assertThat(backingOff.lastError()).hasValueSatisfying(e ->
                    assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED));
            assertThat(backingOff.folders()).anySatisfy(f -> assertThat(f.nextRetryAt()).isPresent());
            assertThat(mailbox.fetchCount()).isEqualTo(1); // nothing hammers the provider during Retry-After

            h.awaitStoreEqualsMailbox(ALICE);
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.POLLING_ONLY);
            assertThat(h.mailSync.getSyncStatus(ALICE).lastError()).isEmpty();
        }
    }

    @Test
    void authenticationFailureMovesTheAccountToAuthRequiredWithoutARetryLoop() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 5);
            mailbox.failAlways(Fault.authFailure());
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.AUTH_REQUIRED);
            for (int i = 0; i < 5; i++) {
                h.mailSync.syncNow(ALICE).get();
            }
            Thread.sleep(300); // longer than several backoff periods of this harness

            assertThat(mailbox.fetchCount()).isEqualTo(1);
            assertThat(h.events(SyncEvent.StatusChanged.class)).extracting(SyncEvent.StatusChanged::to)
                    .contains(SyncState.AUTH_REQUIRED);
            assertThat(h.store.find(ALICE).orElseThrow().state()).isEqualTo(SyncState.AUTH_REQUIRED);

            mailbox.clearFaults(); // the host re-consents, then restarts the account
            h.mailSync.restartSync(ALICE);
            h.awaitStoreEqualsMailbox(ALICE);
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.POLLING_ONLY);
        }
    }

    @Test
    void aFailingFolderDoesNotStopTheOtherFolders() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.addFolder("Sent", FolderRole.SENT).addFolder("Archive", FolderRole.ARCHIVE);
            mailbox.deliverMany("INBOX", 10);
            mailbox.deliverMany("Sent", 10);
            mailbox.deliverMany("Archive", 10);
            mailbox.failFolder("Sent", Fault.timeout());
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().until(() -> h.store.count(ALICE) == 20);
            SyncStatus status = h.mailSync.getSyncStatus(ALICE);
            assertThat(status.state()).isEqualTo(SyncState.BACKOFF);
            assertThat(status.folders()).filteredOn(f -> f.folderId().equals(FolderId.of("Sent"))).singleElement()
                    .satisfies(f -> {
                        assertThat(f.lastError()).isPresent();
                        assertThat(f.historicalComplete()).isFalse();
                    });
            await().until(() -> mailbox.fetchCount("Sent") >= 3); // retried with backoff

            mailbox.clearFaults();
            h.awaitStoreEqualsMailbox(ALICE);
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.POLLING_ONLY);
        }
    }

    @Test
    void aFailingAccountDoesNotStopTheOthers() throws Exception {
        AccountId bob = AccountId.of("bob");
        try (EngineHarness h = new EngineHarness()) {
            h.mailbox(ALICE).deliverMany("INBOX", 5);
            h.mailbox(ALICE).failNextOpens(Fault.timeout(), Fault.timeout(), Fault.timeout());
            h.mailbox(bob).deliverMany("INBOX", 5);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.mailSync.startRealTimeSync(EngineHarness.options(bob));

            h.awaitStoreEqualsMailbox(bob);
            h.awaitStoreEqualsMailbox(ALICE); // after its connection retries
            assertThat(h.mailbox(ALICE).openCount()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void closeWithSyncsInFlightLeavesTheStoreConsistentAndARestartCompletesIt() throws Exception {
        EngineHarness first = new EngineHarness(b -> b.shutdownTimeout(Duration.ofMillis(50)));
        ScriptedMailbox mailbox = first.mailbox(ALICE);
        mailbox.deliverMany("INBOX", 500);
        mailbox.latency(Duration.ofMillis(40));
        first.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
        await().until(() -> first.store.count(ALICE) >= 100);

        first.close();
        first.close(); // idempotent

        long stored = first.store.count(ALICE);
        long cursorCovers = first.store.load(ALICE, FolderId.of("INBOX")).map(c -> c.version()).orElse(0L) * 50;
        assertThat(stored).isLessThan(500).isGreaterThanOrEqualTo(cursorCovers); // the cursor never runs ahead
        List<String> announced = first.createdIds(ALICE);

        // "restart the JVM": a new engine over the same store and mailbox
        mailbox.latency(Duration.ZERO);
        try (EngineHarness second = new EngineHarness(first.store, first.provider, b -> { })) {
            second.mailSync.startAllSyncs();
            second.awaitStoreEqualsMailbox(ALICE);
            assertThat(first.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            List<String> all = new java.util.ArrayList<>(announced);
            all.addAll(second.createdIds(ALICE));
            assertThat(all).hasSize(500).doesNotHaveDuplicates();
        }
        assertThat(first.store.loadAll(ALICE)).allSatisfy(c -> assertThat(c.version()).isGreaterThan(SyncStateStore.NO_VERSION));
    }
}
