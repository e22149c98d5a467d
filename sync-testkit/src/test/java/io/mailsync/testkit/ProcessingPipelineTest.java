package io.mailsync.testkit;

import io.mailsync.core.AccountId;
import io.mailsync.core.EmailMessage;
import io.mailsync.core.ProcessingOptions;
import io.mailsync.core.ProcessingResult;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.spi.DeadLetter;
import io.mailsync.core.spi.EmailProcessor;
import io.mailsync.core.spi.ProcessingBatch;
import io.mailsync.core.spi.ProcessingOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The processing pipeline behind sync: each really new message once, isolation, retries, dead letters, limits. */
class ProcessingPipelineTest {

    private static final AccountId ALICE = AccountId.of("alice");

    /** A processor recording what it saw, answering with {@code output}. */
    private static final class Recording implements EmailProcessor {
        final String name;
        final ConcurrentLinkedQueue<List<String>> batches = new ConcurrentLinkedQueue<>();
        final Function<EmailMessage, String> output;
        final boolean aiOnly;

        Recording(String name, boolean aiOnly, Function<EmailMessage, String> output) {
            this.name = name;
            this.aiOnly = aiOnly;
            this.output = output;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isEnabledFor(SyncOptions options) {
            return !aiOnly || options.enableAI();
        }

        @Override
        public List<ProcessingOutput> process(ProcessingBatch batch) {
            batches.add(batch.messages().stream().map(EmailMessage::providerMessageId).toList());
            return batch.messages().stream()
                    .map(m -> ProcessingOutput.of(m.providerMessageId(), "out", output.apply(m))).toList();
        }

        List<String> seen() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @Test
    void everyNewMessageIsProcessedOnceAndItsResultsAreStored() throws Exception {
        Recording category = new Recording("category", false, m -> "subject-length-" + m.subject().length());
        Recording ai = new Recording("ai", true, m -> "never");
        try (EngineHarness h = new EngineHarness(b -> b.processor(category).processor(ai)
                .processing(ProcessingOptions.builder().batchSize(25).build()))) {
            List<EmailMessage> mail = h.mailbox(ALICE).deliverMany("INBOX", 120);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.awaitStoreEqualsMailbox(ALICE);
            h.mailSync.resetSyncState(ALICE); // a full resync inserts nothing, so nothing is processed again
            h.mailSync.syncNow(ALICE).get();

            await().until(() -> category.seen().size() == 120 && h.mailSync.getSyncStatus(ALICE).queueDepth() == 0);
            assertThat(category.seen()).doesNotHaveDuplicates();
            assertThat(category.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(25));
            assertThat(ai.seen()).isEmpty(); // enableAI is off for this account
            EmailMessage first = mail.get(0);
            assertThat(h.mailSync.processingResults(ALICE, first.providerMessageId())).singleElement()
                    .satisfies(r -> {
                        assertThat(r.processor()).isEqualTo("category");
                        assertThat(r.processorVersion()).isEqualTo(1);
                        assertThat(r.values()).containsEntry("out", "subject-length-" + first.subject().length());
                    });
        }
    }

    @Test
    void aWorkerWaitsUpToMaxBatchWaitForMoreMessagesBeforeProcessingABatch() throws Exception {
        Recording category = new Recording("category", false, m -> "x");
        ProcessingOptions waitForMore = ProcessingOptions.builder().workers(1).batchSize(10)
                .maxBatchWait(Duration.ofSeconds(2)).build();
        try (EngineHarness h = new EngineHarness(b -> b.processor(category).processing(waitForMore))) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));
            h.mailSync.syncNow(ALICE).get(); // the (empty) historical round is over

            mailbox.deliverMany("INBOX", 3);
            h.mailSync.syncNow(ALICE).get();
            mailbox.deliverMany("INBOX", 3);
            h.mailSync.syncNow(ALICE).get();

            await().atMost(Duration.ofSeconds(10)).until(() -> category.seen().size() == 6);
            assertThat(category.batches).as("both syncs' messages in one batch").singleElement()
                    .satisfies(b -> assertThat(b).hasSize(6));
        }
    }

    @Test
    void processingHoldsBackWhileAHistoricalSyncRunsAndCatchesUpAfter() throws Exception {
        Recording category = new Recording("category", false, m -> "x");
        try (EngineHarness h = new EngineHarness(b -> b.processor(category))) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 200);
            mailbox.latency(Duration.ofMillis(100)); // 4 pages of 50: the round runs for about 400 ms
            h.mailSync.registerAccount(EngineHarness.options(ALICE));

            var historical = h.mailSync.startHistoricalSync(ALICE, io.mailsync.core.HistoricalSyncOptions.ALL);
            await().until(() -> h.store.count(ALICE) >= 100);
            assertThat(historical).isNotDone();
            assertThat(category.seen()).as("nothing is processed while the round runs").isEmpty();

            assertThat(historical.get().inserted()).isEqualTo(200);
            await().until(() -> category.seen().size() == 200);
        }
    }

    @Test
    void aLongHistoricalSyncHoldsProcessingBackNoLongerThanTheDeferral() throws Exception {
        Recording category = new Recording("category", false, m -> "x");
        ProcessingOptions shortDeferral = ProcessingOptions.builder().historicalDeferral(Duration.ofMillis(100))
                .pollInterval(Duration.ofMillis(20)).build();
        try (EngineHarness h = new EngineHarness(b -> b.processor(category).processing(shortDeferral))) {
            ScriptedMailbox mailbox = h.mailbox(ALICE);
            mailbox.deliverMany("INBOX", 400);
            mailbox.latency(Duration.ofMillis(150)); // 8 pages: the round runs for about 1.2 s
            h.mailSync.registerAccount(EngineHarness.options(ALICE));

            var historical = h.mailSync.startHistoricalSync(ALICE, io.mailsync.core.HistoricalSyncOptions.ALL);
            await().atMost(Duration.ofSeconds(5)).until(() -> !category.seen().isEmpty());
            assertThat(historical).as("processing started before the round ended").isNotDone();
            historical.get();
            await().until(() -> category.seen().size() == 400);
        }
    }

    @Test
    void aMessageThatBreaksAProcessorFailsAloneIsRetriedThenDeadLetteredAndCanBeRequeued() throws Exception {
        ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
        Set<String> poisoned = java.util.concurrent.ConcurrentHashMap.newKeySet();
        EmailProcessor picky = new EmailProcessor() {
            @Override
            public String name() {
                return "picky";
            }

            @Override
            public List<ProcessingOutput> process(ProcessingBatch batch) {
                batch.messages().forEach(m -> calls.add(m.providerMessageId()));
                if (batch.messages().stream().anyMatch(m -> poisoned.contains(m.providerMessageId()))) {
                    throw new IllegalArgumentException("cannot classify");
                }
                return List.of();
            }
        };
        ProcessingOptions fastRetries = ProcessingOptions.builder().maxAttempts(3)
                .retryDelay(Duration.ofMillis(20), Duration.ofMillis(40)).pollInterval(Duration.ofMillis(20)).build();
        try (EngineHarness h = new EngineHarness(b -> b.processor(picky).processing(fastRetries))) {
            List<EmailMessage> mail = h.mailbox(ALICE).deliverMany("INBOX", 10);
            String bad = mail.get(4).providerMessageId();
            poisoned.add(bad);
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().atMost(Duration.ofSeconds(10)).until(() -> h.mailSync.deadLetters(10).size() == 1);
            DeadLetter dead = h.mailSync.deadLetters(10).get(0);
            assertThat(dead.job().providerMessageId()).isEqualTo(bad);
            assertThat(dead.job().attempts()).isEqualTo(3);
            assertThat(dead.lastError()).isEqualTo("picky: cannot classify");
            for (EmailMessage m : mail) {
                if (!m.providerMessageId().equals(bad)) {
                    assertThat(h.mailSync.processingResults(ALICE, m.providerMessageId())).hasSize(1);
                }
            }
            assertThat(h.mailSync.getSyncStatus(ALICE).queueDepth()).isZero();

            poisoned.clear(); // the classifier is fixed: an operator re-queues the dead letter
            assertThat(h.mailSync.requeueDeadLetters(List.of(dead.job().id()))).isEqualTo(1);
            await().until(() -> h.mailSync.processingResults(ALICE, bad).size() == 1);
            assertThat(h.mailSync.deadLetters(10)).isEmpty();
        }
    }

    @Test
    void aProcessorThatAlreadySucceededIsNotRunAgainWhenAJobIsRetried() throws Exception {
        Recording first = new Recording("first", false, m -> "ok");
        ConcurrentLinkedQueue<String> secondCalls = new ConcurrentLinkedQueue<>();
        EmailProcessor flaky = new EmailProcessor() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public List<ProcessingOutput> process(ProcessingBatch batch) {
                batch.messages().forEach(m -> secondCalls.add(m.providerMessageId()));
                if (secondCalls.size() <= 1) {
                    throw new IllegalStateException("AI server returned 500");
                }
                return List.of();
            }
        };
        ProcessingOptions fastRetries = ProcessingOptions.builder()
                .retryDelay(Duration.ofMillis(20), Duration.ofMillis(40)).pollInterval(Duration.ofMillis(20)).build();
        try (EngineHarness h = new EngineHarness(b -> b.processor(first).processor(flaky).processing(fastRetries))) {
            EmailMessage m = h.mailbox(ALICE).deliver("INBOX");
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().until(() -> h.mailSync.processingResults(ALICE, m.providerMessageId()).size() == 2);
            assertThat(first.seen()).containsExactly(m.providerMessageId());
            assertThat(secondCalls).hasSize(2);
            assertThat(h.mailSync.processingResults(ALICE, m.providerMessageId())).extracting(ProcessingResult::processor)
                    .containsExactly("first", "flaky");
        }
    }

    @Test
    void aRateLimitedProcessorIsCalledNoFasterThanItsLimit() throws Exception {
        Recording ai = new Recording("ai", false, m -> "x");
        ProcessingOptions limited = ProcessingOptions.builder().batchSize(1)
                .rateLimit("ai", 2, Duration.ofMillis(500)).build();
        try (EngineHarness h = new EngineHarness(b -> b.processor(ai).processing(limited))) {
            h.mailbox(ALICE).deliverMany("INBOX", 6);
            long start = System.nanoTime();
            h.mailSync.startRealTimeSync(EngineHarness.options(ALICE));

            await().atMost(Duration.ofSeconds(10)).until(() -> ai.seen().size() == 6);
            // 6 calls at 2 per 500 ms need at least two full refresh periods after the first two calls
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }
}
