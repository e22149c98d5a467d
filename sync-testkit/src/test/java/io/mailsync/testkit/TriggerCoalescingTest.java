package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.FolderId;
import io.mailsync.core.SyncReport;
import io.mailsync.core.TriggerSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Any number of triggers while a sync runs produce at most one follow-up sync. */
class TriggerCoalescingTest {

    private static final AccountId ALICE = AccountId.of("alice");

    @Test
    void thousandTriggersDuringOneSlowSyncGiveAtMostTwoSyncs() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 3);
            mailbox.latency(Duration.ofMillis(300));
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE)); // first sync starts (trigger START)
            await().until(() -> mailbox.fetchCount() == 1); // ... and is inside its slow fetch

            int scheduled = 0;
            for (int i = 0; i < 1000; i++) {
                if (h.mailSync.trigger(ALICE, FolderId.of("INBOX"), TriggerSource.WEBHOOK)) {
                    scheduled++;
                }
            }
            h.mailSync.syncNow(ALICE).get(); // returns after a sync that started after the triggers

            assertThat(scheduled).isEqualTo(1);
            assertThat(mailbox.fetchCount()).isEqualTo(2); // the running sync and one follow-up (syncNow joined it)
            Thread.sleep(400);
            assertThat(mailbox.fetchCount()).isEqualTo(2);
        }
    }

    @Test
    void concurrentTriggersFromManyThreadsNeverRunTwoSyncsOfOneAccountAtOnce() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.latency(Duration.ofMillis(20));
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                senders.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < 2_000; i++) {
                        h.mailSync.trigger(ALICE, FolderId.ALL, TriggerSource.PUBSUB);
                        if (i % 500 == 0) {
                            mailbox.deliver("INBOX");
                        }
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
            pool.shutdown();
            SyncReport last = h.mailSync.syncNow(ALICE).get();

            assertThat(last.isSuccess()).isTrue();
            h.awaitStoreEqualsMailbox(ALICE);
            assertThat(h.createdIds(ALICE)).hasSize(32).doesNotHaveDuplicates();
            assertThat(mailbox.fetchCount()).isLessThan(16_000 / 10);
            assertThat(mailbox.maxConcurrentFetches()).isEqualTo(1);
        }
    }

    @Test
    void triggersForUnknownOrStoppedAccountsAreIgnored() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            assertThat(h.mailSync.trigger(AccountId.of("nobody"), FolderId.ALL, TriggerSource.WEBHOOK)).isFalse();

            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.mailSync.syncNow(ALICE).get();
            h.mailSync.stopRealTimeSync(ALICE);
            int fetches = h.mailbox(ALICE).fetchCount();

            assertThat(h.mailSync.trigger(ALICE, FolderId.ALL, TriggerSource.WEBHOOK)).isFalse();
            Thread.sleep(100);
            assertThat(h.mailbox(ALICE).fetchCount()).isEqualTo(fetches);
        }
    }
}
