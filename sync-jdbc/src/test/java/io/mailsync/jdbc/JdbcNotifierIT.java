package io.mailsync.jdbc;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.ProcessingJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** LISTEN/NOTIFY against a real PostgreSQL: two stores on one schema stand for two instances. */
class JdbcNotifierIT {

    private static JdbcMailStore instanceA;
    private static JdbcMailStore instanceB;
    private static JdbcMailStore otherSchema;

    @BeforeAll
    static void start() {
        instanceA = Stores.fresh("notify");
        instanceB = Stores.builder("unused").schema(instanceA.schema()).runMigrations(false).build();
        otherSchema = Stores.fresh("notifyother");
    }

    @AfterAll
    static void stop() {
        otherSchema.close();
        instanceB.close();
        instanceA.close();
    }

    @Test
    void anEnqueueOnOneInstanceWakesAWaitingClaimerOnAnotherWithinMilliseconds() throws Exception {
        try (JdbcNotifier notifier = instanceB.openNotifier()) {
            AccountId account = AccountId.of("notify-wake");
            List<ProcessingJob> left;
            while (!(left = instanceB.processingQueue().claim(100, Duration.ofMinutes(1))).isEmpty()) {
                instanceB.processingQueue().complete(left); // other tests' jobs
            }
            long seen = notifier.jobGeneration();
            CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
                try {
                    long start = System.nanoTime();
                    assertThat(notifier.awaitJobs(seen, Duration.ofSeconds(30))).isTrue();
                    return System.nanoTime() - start;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200); // the claimer is waiting

            long enqueuedAt = System.nanoTime();
            instanceA.enqueue(List.of(ProcessingJob.of(account, "m-1", 50, Instant.now())));
            woken.get(10, TimeUnit.SECONDS);
            long latencyMillis = (System.nanoTime() - enqueuedAt) / 1_000_000;

            assertThat(latencyMillis).as("enqueue -> waiter woken, ms").isLessThan(1_000);
            assertThat(instanceB.processingQueue().claim(10, Duration.ofMinutes(1)))
                    .extracting(ProcessingJob::providerMessageId).containsExactly("m-1");
        }
    }

    @Test
    void aJobAnnouncedBeforeTheWaitIsNotMissed() throws Exception {
        try (JdbcNotifier notifier = instanceB.openNotifier()) {
            long seen = notifier.jobGeneration();
            instanceA.enqueue(List.of(ProcessingJob.of(AccountId.of("notify-early"), "m-2", 50, Instant.now())));
            Thread.sleep(300); // announced while nobody waits

            assertThat(notifier.awaitJobs(seen, Duration.ofMillis(1))).isTrue();
        }
    }

    @Test
    void anotherSchemasJobsAndEmptyEnqueuesWakeNoOne() throws Exception {
        try (JdbcNotifier notifier = instanceB.openNotifier()) {
            long seen = notifier.jobGeneration();
            otherSchema.enqueue(List.of(ProcessingJob.of(AccountId.of("notify-other"), "m-3", 50, Instant.now())));
            ProcessingJob again = ProcessingJob.of(AccountId.of("notify-dup"), "m-4", 50, Instant.now());
            instanceA.enqueue(List.of(again));
            long afterFirst = waitForChange(notifier, seen);
            instanceA.enqueue(List.of(again)); // a duplicate: no job created, no NOTIFY

            assertThat(notifier.awaitJobs(afterFirst, Duration.ofMillis(500))).isFalse();
        }
    }

    @Test
    void aSyncTriggerPublishedAnywhereReachesEveryListeningInstance() throws Exception {
        try (JdbcNotifier a = instanceA.openNotifier(); JdbcNotifier b = instanceB.openNotifier()) {
            BlockingQueue<AccountId> atA = new ArrayBlockingQueue<>(4);
            BlockingQueue<AccountId> atB = new ArrayBlockingQueue<>(4);
            a.onTrigger(atA::add);
            b.onTrigger(atB::add);

            b.publishTrigger(AccountId.of("owned-by-a"));

            assertThat(atA.poll(10, TimeUnit.SECONDS)).isEqualTo(AccountId.of("owned-by-a"));
            assertThat(atB.poll(10, TimeUnit.SECONDS)).isEqualTo(AccountId.of("owned-by-a"));
        }
    }

    @Test
    void closingWakesWaitersAndIsIdempotent() throws Exception {
        JdbcNotifier notifier = instanceA.openNotifier();
        long seen = notifier.jobGeneration();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return notifier.awaitJobs(seen, Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);

        notifier.close();
        notifier.close();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
    }

    private static long waitForChange(JdbcNotifier notifier, long seen) throws InterruptedException {
        assertThat(notifier.awaitJobs(seen, Duration.ofSeconds(10))).isTrue();
        return notifier.jobGeneration();
    }
}
