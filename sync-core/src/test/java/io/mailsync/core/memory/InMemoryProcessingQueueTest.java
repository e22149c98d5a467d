package io.mailsync.core.memory;

import io.mailsync.core.AccountId;
import io.mailsync.core.spi.ProcessingJob;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryProcessingQueueTest {

    private static final AccountId A = AccountId.of("a");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final InMemoryProcessingQueue queue = new InMemoryProcessingQueue(clock, Duration.ofSeconds(10));

    private ProcessingJob job(String id, int priority) {
        return ProcessingJob.of(A, id, priority, now.get());
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    private List<String> claimIds(int max) {
        return queue.claim(max, Duration.ofMinutes(1)).stream().map(ProcessingJob::providerMessageId).toList();
    }

    @Test
    void higherPriorityFirstAndEqualPrioritiesInArrivalOrder() {
        queue.enqueue(List.of(job("low1", 10), job("high", 90), job("low2", 10), job("mid", 50)));

        assertThat(claimIds(10)).containsExactly("high", "mid", "low1", "low2");
    }

    @Test
    void ageingLetsAnOldLowPriorityJobOvertakeNewerHigherOnes() {
        queue.enqueue(List.of(job("old-low", 10)));
        advance(Duration.ofSeconds(500)); // +50 by ageing: effective 60
        queue.enqueue(List.of(job("new-mid", 55), job("new-high", 70)));

        assertThat(claimIds(3)).containsExactly("new-high", "old-low", "new-mid");
    }

    @Test
    void aMessageIsQueuedOnceWhileItsJobLives() {
        queue.enqueue(List.of(job("m1", 50), job("m1", 60)));

        assertThat(claimIds(10)).containsExactly("m1");
        assertThat(queue.depth(A)).isEqualTo(1);
    }

    @Test
    void retriesWaitUntilTheirTimeAndCountAttempts() {
        queue.enqueue(List.of(job("m1", 50)));
        ProcessingJob claimed = queue.claim(1, Duration.ofMinutes(1)).get(0);
        queue.retry(claimed, "boom", now.get().plusSeconds(30));

        assertThat(claimIds(1)).isEmpty();
        advance(Duration.ofSeconds(31));
        List<ProcessingJob> again = queue.claim(1, Duration.ofMinutes(1));
        assertThat(again).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
    }

    @Test
    void aClaimWhoseLeaseRunsOutIsHandedOutAgain() {
        queue.enqueue(List.of(job("m1", 50)));
        queue.claim(1, Duration.ofSeconds(5));

        assertThat(claimIds(1)).isEmpty();
        advance(Duration.ofSeconds(6));
        assertThat(claimIds(1)).containsExactly("m1");
    }

    @Test
    void deadLettersLeaveTheDepthAndComeBackWhenRequeued() {
        queue.enqueue(List.of(job("m1", 50)));
        ProcessingJob claimed = queue.claim(1, Duration.ofMinutes(1)).get(0);
        queue.deadLetter(claimed, "gave up");

        assertThat(queue.depth(A)).isZero();
        assertThat(queue.deadLetters(10)).singleElement().satisfies(d -> {
            assertThat(d.lastError()).isEqualTo("gave up");
            assertThat(d.job().attempts()).isEqualTo(1);
        });
        queue.enqueue(List.of(job("m1", 50)));
        assertThat(claimIds(1)).as("a dead message is not queued twice").isEmpty();

        assertThat(queue.requeue(List.of(claimed.id(), 999L))).isEqualTo(1);
        assertThat(queue.claim(1, Duration.ofMinutes(1))).singleElement()
                .satisfies(j -> assertThat(j.attempts()).isZero());
    }

    @Test
    void completedJobsAreGone() {
        queue.enqueue(List.of(job("m1", 50), job("m2", 50)));
        queue.complete(queue.claim(2, Duration.ofMinutes(1)));

        assertThat(queue.depth(A)).isZero();
        advance(Duration.ofHours(1));
        assertThat(claimIds(10)).isEmpty();
    }
}
