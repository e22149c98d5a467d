package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.MailSync;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.Provider;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.DeadLetter;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import io.mailsync.testkit.ScriptedMailProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The processing pipeline over the PostgreSQL store alone ({@code MailSync.builder().store(jdbcStore)}: queue and
 * results come from the store): each really new message processed once, results readable, poison dead-lettered.
 */
class JdbcProcessingPipelineIT {

    private static JdbcMailStore store;

    @BeforeAll
    static void start() {
        store = Stores.fresh("pipeline");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private final ScriptedMailProvider provider = new ScriptedMailProvider(Provider.IMAP);

    /** Classifies by subject length; throws on poisoned messages; records every message it saw. */
    private static final class Classifier implements EmailProcessor {
        final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        final Set<String> poisoned = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "category";
        }

        @Override
        public List<ProcessingOutput> process(ProcessingBatch batch) {
            if (batch.messages().stream().anyMatch(m -> poisoned.contains(m.providerMessageId()))) {
                throw new IllegalArgumentException("cannot classify");
            }
            batch.messages().forEach(m -> seen.add(m.providerMessageId()));
            return batch.messages().stream()
                    .map(m -> ProcessingOutput.of(m.providerMessageId(), "category", "len-" + m.subject().length()))
                    .toList();
        }
    }

    private MailSync engine(Classifier classifier) {
        ProcessingOptions fast = ProcessingOptions.builder().batchSize(25).maxAttempts(3)
                .retryDelay(Duration.ofMillis(20), Duration.ofMillis(40)).pollInterval(Duration.ofMillis(20)).build();
        return MailSync.builder().store(store).provider(provider).processor(classifier).processing(fast)
                .priorityScorer((m, a) -> m.subject().hashCode() & 63).pageSize(50)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(5)).build();
    }

    private static SyncOptions options(AccountId id) {
        return SyncOptions.builder().provider(Provider.IMAP).accountId(id).userId("user-" + id)
                .email("user@example.com").pollingInterval(Duration.ofHours(1)).notifyFrom(Instant.EPOCH).build();
    }

    @Test
    void everyNewMessageIsProcessedExactlyOnceAndItsResultIsReadable() throws Exception {
        AccountId alice = AccountId.of("pipe-" + UUID.randomUUID());
        Classifier classifier = new Classifier();
        try (MailSync mailSync = engine(classifier)) {
            List<EmailMessage> mail = provider.mailbox(alice).deliverMany("INBOX", 140);
            mailSync.startRealTimeSync(options(alice));
            await().atMost(Duration.ofSeconds(30)).until(() -> classifier.seen.size() == 140);

            mailSync.resetSyncState(alice); // a full resync inserts nothing, so nothing is queued or processed again
            mailSync.syncNow(alice).get();
            EmailMessage fresh = provider.mailbox(alice).deliver("INBOX");
            mailSync.syncNow(alice).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> classifier.seen.size() >= 141
                    && mailSync.getSyncStatus(alice).queueDepth() == 0);
            assertThat(classifier.seen).hasSize(141).doesNotHaveDuplicates().contains(fresh.providerMessageId());
            assertThat(store.depth(alice)).isZero();
            EmailMessage first = mail.get(0);
            assertThat(mailSync.processingResults(alice, first.providerMessageId())).singleElement().satisfies(r -> {
                assertThat(r.processor()).isEqualTo("category");
                assertThat(r.processorVersion()).isEqualTo(1);
                assertThat(r.values()).containsEntry("category", "len-" + first.subject().length());
            });
            assertThat(store.hasResult(alice, first.providerMessageId(), "category", 1)).isTrue();
            assertThat(store.hasResult(alice, first.providerMessageId(), "category", 2)).isFalse();
        }
    }

    @Test
    void aPoisonedMessageIsDeadLetteredAloneAndProcessedOnceRequeued() throws Exception {
        AccountId bob = AccountId.of("poison-" + UUID.randomUUID());
        Classifier classifier = new Classifier();
        try (MailSync mailSync = engine(classifier)) {
            List<EmailMessage> mail = provider.mailbox(bob).deliverMany("INBOX", 12);
            String bad = mail.get(5).providerMessageId();
            classifier.poisoned.add(bad);
            mailSync.startRealTimeSync(options(bob));

            await().atMost(Duration.ofSeconds(30)).until(() -> deadOf(mailSync, bob).size() == 1);
            DeadLetter dead = deadOf(mailSync, bob).get(0);
            assertThat(dead.job().providerMessageId()).isEqualTo(bad);
            assertThat(dead.job().attempts()).isEqualTo(3);
            assertThat(dead.lastError()).isEqualTo("category: cannot classify");
            await().atMost(Duration.ofSeconds(30)).until(() -> classifier.seen.size() == 11);
            assertThat(mailSync.processingResults(bob, bad)).isEmpty();
            assertThat(mailSync.getSyncStatus(bob).queueDepth()).isZero();

            classifier.poisoned.clear(); // fixed: an operator re-queues the dead letter
            assertThat(mailSync.requeueDeadLetters(List.of(dead.job().id()))).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> mailSync.processingResults(bob, bad).size() == 1);
            assertThat(deadOf(mailSync, bob)).isEmpty();
            assertThat(classifier.seen).hasSize(12).doesNotHaveDuplicates();
            assertThat(mailSync.processingResults(bob, bad)).extracting(ProcessingResult::processor)
                    .containsExactly("category");
        }
    }

    @Test
    void aStoredResultIsNeverReplaced() {
        AccountId carol = AccountId.of("results-" + UUID.randomUUID());
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        store.saveResults(List.of(new ProcessingResult(carol, "m1", "category", 1, java.util.Map.of("c", "first"), at),
                new ProcessingResult(carol, "m1", "score", 1, java.util.Map.of(), at.plusSeconds(1))));
        store.saveResults(List.of(new ProcessingResult(carol, "m1", "category", 1, java.util.Map.of("c", "second"), at),
                new ProcessingResult(carol, "m1", "category", 2, java.util.Map.of("c", "v2"), at.plusSeconds(2))));

        assertThat(store.results(carol, "m1")).extracting(r -> r.processor() + "@" + r.processorVersion() + "="
                + r.values()).containsExactly("category@1={c=first}", "score@1={}", "category@2={c=v2}");
        assertThat(store.results(carol, "m1").get(0).processedAt()).isEqualTo(at);
    }

    private static List<DeadLetter> deadOf(MailSync mailSync, AccountId account) {
        return mailSync.deadLetters(1_000).stream().filter(d -> d.job().accountId().equals(account)).toList();
    }
}
