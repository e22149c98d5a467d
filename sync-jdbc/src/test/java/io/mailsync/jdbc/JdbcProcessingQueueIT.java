package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The durable queue: SKIP LOCKED claims, backoff, dead letters, stale release, depth. */
class JdbcProcessingQueueIT {

    private static JdbcMailStore store;
    private static JdbcProcessingQueue queue;

    private final AccountId account = AccountId.of("queue-" + UUID.randomUUID());

    @BeforeAll
    static void start() {
        store = Stores.builder("queue").queueMaxAttempts(3).queueBackoff(Duration.ZERO, Duration.ZERO).build();
        queue = store.processingQueue();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    @Test
    void fourConcurrentWorkersNeverTakeTheSameJob() throws Exception {
        int jobs = 2_000;
        assertThat(queue.enqueue(account, ids("m", jobs), 0)).isEqualTo(jobs);
        Map<Long, String> takenBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String worker = "worker-" + w;
                workers.add(pool.submit(() -> {
                    List<ProcessingJob> claimed;
                    while (!(claimed = queue.claim(worker, 25)).isEmpty()) {
                        for (ProcessingJob job : claimed) {
                            if (takenBy.putIfAbsent(job.id(), worker) != null) {
                                doubles.incrementAndGet();
                            }
                            assertThat(queue.complete(job)).isTrue();
                        }
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
        assertThat(queue.depth(account)).isZero();
    }

    @Test
    void enqueueingAMessageWithALiveJobAgainCreatesNone() {
        assertThat(queue.enqueue(account, List.of("a", "b"), 0)).isEqualTo(2);
        assertThat(queue.enqueue(account, List.of("a", "b", "c"), 0)).isEqualTo(1);
        assertThat(queue.depth(account)).isEqualTo(3);
        assertThat(queue.depthByAccount()).containsEntry(account, 3L);
    }

    @Test
    void failedJobsAreRetriedThenDeadLetteredThenRequeued() {
        AccountId solo = AccountId.of("dead-" + UUID.randomUUID());
        queue.enqueue(solo, List.of("poison"), 1_000_000); // highest priority: claimed before other tests' jobs
        for (int attempt = 1; attempt <= 3; attempt++) {
            ProcessingJob job = claimOne(solo);
            assertThat(job.attempts()).isEqualTo(attempt);
            assertThat(queue.fail(job, "boom " + attempt)).isTrue();
        }
        assertThat(queue.depth(solo)).isZero();
        List<ProcessingJob> dead = queue.deadLetters(solo, 10);
        assertThat(dead).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(ProcessingJob.State.DEAD);
            assertThat(j.lastError()).contains("boom 3");
        });

        assertThat(queue.requeueDeadLetters(solo)).isEqualTo(1);
        ProcessingJob revived = claimOne(solo);
        assertThat(revived.attempts()).isEqualTo(1);
        assertThat(queue.complete(revived)).isTrue();
        assertThat(queue.deadLetters(solo, 10)).isEmpty();
    }

    @Test
    void staleJobsAreReleasedAndTheOldClaimCannotCompleteTheNewAttempt() throws Exception {
        AccountId solo = AccountId.of("stale-" + UUID.randomUUID());
        queue.enqueue(solo, List.of("slow"), 2_000_000);
        ProcessingJob first = claimOne(solo);
        Thread.sleep(20);

        assertThat(queue.releaseStale(Duration.ofMillis(10))).isGreaterThanOrEqualTo(1);
        ProcessingJob second = claimOne(solo);

        assertThat(second.attempts()).isEqualTo(2);
        assertThat(queue.complete(first)).as("fenced by attempt").isFalse();
        assertThat(queue.complete(second)).isTrue();
    }

    @Test
    void completeAllDeletesTheClaimedJobsAtOnce() {
        AccountId solo = AccountId.of("batch-" + UUID.randomUUID());
        queue.enqueue(solo, ids("b", 5), 3_000_000);
        List<ProcessingJob> claimed = queue.claim("tester", 5);
        assertThat(claimed).hasSize(5).allSatisfy(j -> assertThat(j.accountId()).isEqualTo(solo));

        assertThat(queue.completeAll(claimed)).isEqualTo(5);
        assertThat(queue.completeAll(claimed)).isZero();
        assertThat(queue.depth(solo)).isZero();
    }

    @Test
    void backoffDoublesUpToItsCap() {
        try (JdbcMailStore other = Stores.builder("backoff").runMigrations(true)
                .queueBackoff(Duration.ofSeconds(10), Duration.ofSeconds(50)).build()) {
            JdbcProcessingQueue q = other.processingQueue();
            assertThat(q.backoff(1)).isEqualTo(Duration.ofSeconds(10));
            assertThat(q.backoff(2)).isEqualTo(Duration.ofSeconds(20));
            assertThat(q.backoff(3)).isEqualTo(Duration.ofSeconds(40));
            assertThat(q.backoff(4)).isEqualTo(Duration.ofSeconds(50));
        }
    }

    private ProcessingJob claimOne(AccountId solo) {
        List<ProcessingJob> claimed = queue.claim("tester", 1);
        assertThat(claimed).singleElement().satisfies(j -> assertThat(j.accountId()).isEqualTo(solo));
        return claimed.get(0);
    }
}
