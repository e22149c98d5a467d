package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.ApplyResult;
import io.mailsync.core.ChangeBatch;
import io.mailsync.core.FolderId;
import io.mailsync.core.FolderRole;
import io.mailsync.core.HistoricalSyncOptions;
import io.mailsync.core.SyncReport;
import io.mailsync.core.memory.InMemoryMailStore;
import io.mailsync.core.spi.EmailStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the engine runs at the same time: folders where the session allows it, and the next page while storing. */
class SyncConcurrencyTest {

    private static final AccountId ALICE = AccountId.of("alice");

    private static ScriptedMailbox fourFolders(EngineHarness h) {
        ScriptedMailbox mailbox = h.mailbox(ALICE).addFolder("Sent", FolderRole.SENT)
                .addFolder("Archive", FolderRole.ARCHIVE).addFolder("Projects", FolderRole.OTHER);
        for (String folder : new String[]{"INBOX", "Sent", "Archive", "Projects"}) {
            mailbox.deliverMany(folder, 120); // 3 pages of 50 each
        }
        return mailbox.latency(Duration.ofMillis(20));
    }

    private static SyncReport historical(EngineHarness h) throws Exception {
        h.mailSync.registerAccount(EngineHarness.options(ALICE));
        return h.mailSync.startHistoricalSync(ALICE, HistoricalSyncOptions.ALL).get(30, TimeUnit.SECONDS);
    }

    @Test
    void foldersSyncAtTheSameTimeUpToTheSessionsFolderConcurrency() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = fourFolders(h).folderConcurrency(4);

            SyncReport report = historical(h);

            assertThat(report.isSuccess()).isTrue();
            assertThat(report.inserted()).isEqualTo(480);
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(mailbox.maxConcurrentFetches()).isEqualTo(4);
            assertThat(h.createdIds(ALICE)).hasSize(480).doesNotHaveDuplicates();
        }
    }

    @Test
    void aSessionOfFolderConcurrencyOneIsNeverCalledTwiceAtOnceEvenWithReadAhead() throws Exception {
        try (EngineHarness h = new EngineHarness()) {
            ScriptedMailbox mailbox = fourFolders(h);

            SyncReport report = historical(h);

            assertThat(report.isSuccess()).isTrue();
            assertThat(h.store.messages(ALICE)).containsExactlyElementsOf(mailbox.messages());
            assertThat(mailbox.maxConcurrentFetches()).isEqualTo(1);
        }
    }

    @Test
    void theNextPageIsFetchedWhileTheCurrentOneIsStored() throws Exception {
        InMemoryMailStore memory = new InMemoryMailStore();
        AtomicInteger applies = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicReference<ScriptedMailbox> box = new AtomicReference<>();
        EmailStore slow = new DelegatingEmailStore(memory) {
            @Override
            public ApplyResult apply(ChangeBatch batch) {
                if (applies.incrementAndGet() == 1) {
                    // storing page 1: the engine has already asked for page 2
                    try {
                        await().atMost(Duration.ofSeconds(5)).until(() -> box.get().fetchCount("INBOX") >= 2);
                        overlapped.set(true);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        overlapped.set(false);
                    }
                }
                return super.apply(batch);
            }
        };
        try (EngineHarness h = new EngineHarness(b -> b.emailStore(slow).syncStateStore(memory))) {
            box.set(h.mailbox(ALICE));
            h.mailbox(ALICE).deliverMany("INBOX", 150); // 3 pages

            SyncReport report = historical(h);

            assertThat(report.isSuccess()).isTrue();
            assertThat(overlapped).isTrue();
            assertThat(memory.messages(ALICE)).containsExactlyElementsOf(h.mailbox(ALICE).messages());
            assertThat(memory.load(ALICE, FolderId.of("INBOX")).orElseThrow().cursor().isIncremental()).isTrue();
        }
    }

    @Test
    void aFailedStoreDropsTheReadAheadPageAndTheRetryResumesFromTheStoredCursor() throws Exception {
        InMemoryMailStore memory = new InMemoryMailStore();
        AtomicInteger applies = new AtomicInteger();
        EmailStore failingOnce = new DelegatingEmailStore(memory) {
            @Override
            public ApplyResult apply(ChangeBatch batch) {
                if (applies.incrementAndGet() == 2) {
                    throw new io.mailsync.core.StoreException("disk full", null);
                }
                return super.apply(batch);
            }
        };
        try (EngineHarness h = new EngineHarness(b -> b.emailStore(failingOnce).syncStateStore(memory))) {
            h.mailbox(ALICE).deliverMany("INBOX", 150);

            SyncReport report = historical(h);

            assertThat(report.isSuccess()).isTrue(); // the folder was retried after its backoff
            assertThat(memory.messages(ALICE)).containsExactlyElementsOf(h.mailbox(ALICE).messages());
            assertThat(h.createdIds(ALICE)).hasSize(150).doesNotHaveDuplicates();
            // page 1 stored once; page 2 failed; the retry fetched pages 2 and 3 again from page 1's cursor
            assertThat(h.mailbox(ALICE).fetchCount("INBOX")).isEqualTo(5);
        }
    }
}
