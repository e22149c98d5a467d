package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.ProcessingJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL queue through the core {@code ProcessingQueue} SPI: the cases of {@code InMemoryProcessingQueueTest}
 * (same clock-driven scenarios), plus fencing across instances and concurrent claimers.
 */
class JdbcProcessingQueueIT {

    private static final AccountId A = AccountId.of("a");
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private static final Clock CLOCK = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return NOW.get();
        }
    };

    private static JdbcMailStore store;
    private static JdbcProcessingQueue queue;

    @BeforeAll
    static void start() {
        store = Stores.builder("queue").clock(CLOCK).ageingStep(Duration.ofSeconds(10)).build();
        queue = store.processingQueue();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @BeforeEach
    void emptyQueue() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE \"" + store.schema() + "\".processing_jobs");
        }
    }

    private static ProcessingJob job(String id, int priority) {
        return ProcessingJob.of(A, id, priority, NOW.get());
    }

    private static void advance(Duration d) {
        NOW.set(NOW.get().plus(d));
    }

    private static List<String> claimIds(int max) {
        return queue.claim(max, Duration.ofMinutes(1)).stream().map(ProcessingJob::providerMessageId).toList();
    }

    @Test
    void higherPriorityFirstAndEqualPrioritiesInArrivalOrder() {
        store.enqueue(List.of(job("low1", 10), job("high", 90), job("low2", 10), job("mid", 50)));

        assertThat(claimIds(10)).containsExactly("high", "mid", "low1", "low2");
    }

    @Test
    void ageingLetsAnOldLowPriorityJobOvertakeNewerHigherOnes() {
        store.enqueue(List.of(job("old-low", 10)));
        advance(Duration.ofSeconds(500)); // +50 by ageing: effective 60
        store.enqueue(List.of(job("new-mid", 55), job("new-high", 70)));

        assertThat(claimIds(3)).containsExactly("new-high", "old-low", "new-mid");
    }

    @Test
    void claimsOneAtATimeFollowTheSameOrder() {
        store.enqueue(List.of(job("old-low", 10)));
        advance(Duration.ofSeconds(500));
        store.enqueue(List.of(job("new-mid", 55), job("new-high", 70)));

        assertThat(List.of(claimIds(1), claimIds(1), claimIds(1), claimIds(1)))
                .containsExactly(List.of("new-high"), List.of("old-low"), List.of("new-mid"), List.of());
    }

    @Test
    void aMessageIsQueuedOnceWhileItsJobLives() {
        store.enqueue(List.of(job("m1", 50), job("m1", 60)));
        store.enqueue(List.of(job("m1", 70)));

        List<ProcessingJob> claimed = queue.claim(10, Duration.ofMinutes(1));
        assertThat(claimed).singleElement().satisfies(j -> assertThat(j.priority()).isEqualTo(50));
        store.enqueue(List.of(job("m1", 50)));
        assertThat(store.depth(A)).as("claimed is live too").isEqualTo(1);
        store.complete(claimed);
        store.enqueue(List.of(job("m1", 50)));
        assertThat(store.depth(A)).as("a completed job no longer blocks a new one").isEqualTo(1);
    }

    @Test
    void retriesWaitUntilTheirTimeAndCountAttempts() {
        store.enqueue(List.of(job("m1", 50)));
        ProcessingJob claimed = queue.claim(1, Duration.ofMinutes(1)).get(0);
        assertThat(claimed.attempts()).isZero();
        store.retry(claimed, "boom", NOW.get().plusSeconds(30));

        assertThat(claimIds(1)).isEmpty();
        assertThat(store.depth(A)).isEqualTo(1);
        advance(Duration.ofSeconds(31));
        List<ProcessingJob> again = queue.claim(1, Duration.ofMinutes(1));
        assertThat(again).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
    }

    @Test
    void aClaimWhoseLeaseRunsOutIsHandedOutAgainAndItsOldWorkerCannotFinishTheNewAttempt() {
        store.enqueue(List.of(job("m1", 50)));
        ProcessingJob stale = queue.claim(1, Duration.ofSeconds(5)).get(0);

        assertThat(claimIds(1)).isEmpty();
        advance(Duration.ofSeconds(6));
        try (JdbcMailStore otherInstance = Stores.builder("unused").schema(store.schema()).runMigrations(false)
                .clock(CLOCK).build()) {
            List<ProcessingJob> reclaimed = otherInstance.claim(1, Duration.ofMinutes(1));
            assertThat(reclaimed).singleElement().satisfies(j -> assertThat(j.id()).isEqualTo(stale.id()));

            store.complete(List.of(stale));
            store.retry(stale, "late", NOW.get());
            store.deadLetter(stale, "late");
            assertThat(store.depth(A)).as("the stale worker changed nothing").isEqualTo(1);
            assertThat(store.deadLetters(10)).isEmpty();

            otherInstance.complete(reclaimed);
            assertThat(store.depth(A)).isZero();
        }
    }

    @Test
    void deadLettersLeaveTheDepthAndComeBackWhenRequeued() {
        store.enqueue(List.of(job("m1", 50)));
        ProcessingJob claimed = queue.claim(1, Duration.ofMinutes(1)).get(0);
        store.deadLetter(claimed, "gave up");

        assertThat(store.depth(A)).isZero();
        assertThat(store.deadLetters(10)).singleElement().satisfies(d -> {
            assertThat(d.lastError()).isEqualTo("gave up");
            assertThat(d.job().attempts()).isEqualTo(1);
            assertThat(d.job().providerMessageId()).isEqualTo("m1");
            assertThat(d.failedAt()).isEqualTo(NOW.get());
        });
        store.enqueue(List.of(job("m1", 50)));
        assertThat(claimIds(1)).as("a dead message is not queued twice").isEmpty();

        assertThat(store.requeue(List.of(claimed.id(), 999_999L))).isEqualTo(1);
        assertThat(store.deadLetters(10)).isEmpty();
        assertThat(queue.claim(1, Duration.ofMinutes(1))).singleElement()
                .satisfies(j -> assertThat(j.attempts()).isZero());
    }

    @Test
    void completedJobsAreGone() {
        store.enqueue(List.of(job("m1", 50), job("m2", 50)));
        store.complete(queue.claim(2, Duration.ofMinutes(1)));

        assertThat(store.depth(A)).isZero();
        advance(Duration.ofHours(1));
        assertThat(claimIds(10)).isEmpty();
    }

    @Test
    void fourConcurrentWorkersNeverTakeTheSameJob() throws Exception {
        int jobs = 2_000;
        List<ProcessingJob> all = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            all.add(job("c" + i, i % 101));
        }
        store.enqueue(all);
        assertThat(store.depth(A)).isEqualTo(jobs);
        Map<Long, Integer> takenBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    List<ProcessingJob> claimed;
                    while (!(claimed = store.claim(25, Duration.ofMinutes(5))).isEmpty()) {
                        for (ProcessingJob j : claimed) {
                            if (takenBy.putIfAbsent(j.id(), worker) != null) {
                                doubles.incrementAndGet();
                            }
                        }
                        store.complete(claimed);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        assertThat(doubles.get()).as("jobs claimed twice").isZero();
        assertThat(takenBy).hasSize(jobs);
        assertThat(Set.copyOf(takenBy.values())).as("every worker got work").hasSizeGreaterThan(1);
        assertThat(store.depth(A)).isZero();
    }
}
