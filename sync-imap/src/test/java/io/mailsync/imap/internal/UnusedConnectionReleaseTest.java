package io.mailsync.imap.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UnusedConnectionReleaseTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger releases = new AtomicInteger();
    private final AtomicBoolean inUse = new AtomicBoolean();
    private final AtomicBoolean releasedDuringUse = new AtomicBoolean();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private UnusedConnectionRelease release(Duration after) {
        return new UnusedConnectionRelease(after, timer, Thread.ofVirtual().factory(), () -> {
            if (inUse.get()) {
                releasedDuringUse.set(true);
            }
            releases.incrementAndGet();
        });
    }

    @Test
    void anUnusedConnectionIsReleasedOnceAfterTheTimeout() throws InterruptedException {
        UnusedConnectionRelease release = release(Duration.ofMillis(100));
        assertThat(release.during(() -> "fetched")).isEqualTo("fetched");

        await().atMost(Duration.ofSeconds(5)).until(() -> releases.get() == 1);
        Thread.sleep(300);
        assertThat(releases).hasValue(1); // not again until the next use
    }

    @Test
    void eachUseDefersTheReleaseAndALongUseIsNeverCutShort() throws InterruptedException {
        UnusedConnectionRelease release = release(Duration.ofMillis(1_000));
        for (int i = 0; i < 8; i++) { // used every 100 ms (give or take a loaded machine): never unused for 1 s
            release.during(() -> null);
            Thread.sleep(100);
        }
        assertThat(releases).hasValue(0);

        CountDownLatch longUse = new CountDownLatch(1);
        Thread user = Thread.ofVirtual().start(() -> release.during(() -> {
            inUse.set(true);
            try {
                longUse.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inUse.set(false);
            return null;
        }));
        Thread.sleep(2_000); // far past the timeout, but the connection is in use
        assertThat(releases).hasValue(0);
        longUse.countDown();
        user.join();

        await().atMost(Duration.ofSeconds(5)).until(() -> releases.get() == 1);
        assertThat(releasedDuringUse).isFalse();
    }

    @Test
    void zeroKeepsTheConnectionAndStopEndsTheReleases() throws InterruptedException {
        release(Duration.ZERO).during(() -> null);
        UnusedConnectionRelease stopped = release(Duration.ofMillis(50));
        stopped.during(() -> null);
        stopped.stop();

        Thread.sleep(300);
        assertThat(releases).hasValue(0);
    }
}
