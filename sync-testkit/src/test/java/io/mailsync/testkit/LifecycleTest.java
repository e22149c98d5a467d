package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.FolderRole;
import io.mailsync.core.SyncEvent;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncState;
import io.mailsync.core.SyncStatus;
import io.mailsync.core.spi.AccountRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start, push, polling, renewal, stop, restart and status of an account. */
class LifecycleTest {

    private static final AccountId ALICE = AccountId.of("alice");

    @Test
    void pushDeliversNewMailWithoutWaitingForThePoll() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE).supportPush(null);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE)); // polling every hour
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.REALTIME);

            EmailMessage pushed = mailbox.deliver("INBOX");

            await().atMost(Duration.ofSeconds(5)).until(() -> h.createdIds(ALICE).contains(pushed.providerMessageId()));
            AccountRecord row = h.store.find(ALICE).orElseThrow();
            assertThat(row.realTimeSyncActive()).isTrue();
            assertThat(row.webhookActive()).isTrue();
            assertThat(row.webhookId()).hasValue("scripted-push-1");
        }
    }

    @Test
    void pollingKeepsRunningUnderPushAndFindsMailThePushMissed() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE); // no push at all: the poll must find it
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE).toBuilder()
                    .pollingInterval(SyncOptions.MIN_POLLING_INTERVAL).build());
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.POLLING_ONLY);

            EmailMessage missed = mailbox.deliver("INBOX");

            await().atMost(Duration.ofSeconds(12)).until(() -> h.createdIds(ALICE).contains(missed.providerMessageId()));
        }
    }

    @Test
    void pushIsRenewedBeforeItExpires() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE).supportPush(Duration.ofMillis(250));
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().atMost(Duration.ofSeconds(5)).until(() -> mailbox.pushCounts()[1] >= 3);
            assertThat(h.mailSync.getSyncStatus(ALICE).state()).isEqualTo(SyncState.REALTIME);
            assertThat(h.mailSync.getSyncStatus(ALICE).subscriptionExpiresAt()).isPresent();
        }
    }

    @Test
    void stopRealTimeSyncEndsPushAtTheProviderButCloseLeavesItInPlace() throws Exception {
        ScriptedMailbox mailbox;
        try (EngineHarness h = new EngineHarness()) {
            mailbox = h.mailbox(ALICE).supportPush(null);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.REALTIME);

            h.mailSync.stopRealTimeSync(ALICE);

            assertThat(mailbox.pushCounts()[2]).isEqualTo(1);
            assertThat(h.mailSync.getSyncStatus(ALICE).state()).isEqualTo(SyncState.STOPPED);
            AccountRecord row = h.store.find(ALICE).orElseThrow();
            assertThat(row.realTimeSyncActive()).isFalse();
            assertThat(row.webhookActive()).isFalse();

            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            await().until(() -> h.mailSync.getSyncStatus(ALICE).state() == SyncState.REALTIME);
        }
        assertThat(mailbox.pushCounts()[2]).isEqualTo(1); // close() did not stop it a second time
        assertThat(mailbox.pushCounts()[0]).isEqualTo(2);
    }

    @Test
    void startAllSyncsResumesAccountsThatWereRealTimeBeforeARestart() throws Exception {
        AccountId bob = AccountId.of("bob");
        EngineHarness first = new EngineHarness();
        first.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
        first.mailSync.registerAccount(EngineHarness.options(bob)); // registered, never started
        first.mailSync.syncNow(ALICE).get();
        first.close();

        try (EngineHarness second = new EngineHarness(first.store, first.provider, b -> { })) {
            assertThat(second.mailSync.startAllSyncs()).isEqualTo(1);
            EmailMessage m = second.mailbox(ALICE).deliver("INBOX");
            second.mailSync.syncNow(ALICE).get();
            assertThat(second.createdIds(ALICE)).containsExactly(m.providerMessageId());
            assertThat(second.mailSync.getSyncStatus(bob).state()).isEqualTo(SyncState.STOPPED);
        }
    }

    @Test
    void statusReportsStateFoldersCursorAgeAndLastSuccess() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            h.mailbox(ALICE).addFolder("Sent", FolderRole.SENT).addFolder("Archive", FolderRole.ARCHIVE);
            h.mailbox(ALICE).deliverMany("Archive", 3);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.mailSync.syncNow(ALICE).get();

            SyncStatus status = h.mailSync.getSyncStatus(ALICE);

            assertThat(status.state()).isEqualTo(SyncState.POLLING_ONLY);
            assertThat(status.lastSuccessAt()).isPresent();
            assertThat(status.cursorAge()).hasValueSatisfying(age -> assertThat(age).isLessThan(Duration.ofMinutes(1)));
            assertThat(status.folders()).extracting(f -> f.folderId().value()).containsExactly("INBOX", "Sent", "Archive");
            assertThat(status.folders()).allSatisfy(f -> assertThat(f.historicalComplete()).isTrue());
            assertThat(status.queueDepth()).isZero();
            assertThat(h.events(SyncEvent.StatusChanged.class)).extracting(SyncEvent.StatusChanged::to)
                    .containsSubsequence(SyncState.HISTORICAL_SYNC, SyncState.POLLING_ONLY);
        }
    }

    @Test
    void unknownAccountsAndMissingProvidersGiveClearErrors() {
        try (EngineHarness h = new EngineHarness()) {
            assertThatThrownBy(() -> h.mailSync.getSyncStatus(AccountId.of("nobody")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown account nobody");
            SyncOptions graph = SyncOptions.builder().provider(io.mailsync.core.Provider.MICROSOFT).accountId(ALICE)
                    .userId("u").email("alice@example.com").build();
            assertThatThrownBy(() -> h.mailSync.startRealTimeSync(graph))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no MailProvider for MICROSOFT");
        }
    }
}
