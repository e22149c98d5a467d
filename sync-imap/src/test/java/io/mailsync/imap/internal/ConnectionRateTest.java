package io.mailsync.imap.internal;

import io.mailsync.core.AccountId;
import io.mailsync.core.ProviderUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionRateTest {

    @Test
    void manyAccountsStartingAtOnceGetPermitsNoFasterThanTheRate() throws InterruptedException {
        ConnectionRate rate = new ConnectionRate(100, Duration.ofMinutes(1));
        long created = System.nanoTime();
        int callers = 60;
        List<Long> permittedAt = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            AccountId id = AccountId.of("a" + i);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                rate.acquire(id);
                permittedAt.add(System.nanoTime() - created);
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(rate.burst()).isEqualTo(10);
        assertThat(permittedAt).hasSize(callers);
        List<Long> sorted = permittedAt.stream().sorted().toList();
        for (int k = 0; k < callers; k++) {
            // by any moment at most one burst plus the rate times the time since the start
            double earliest = (k + 1 - rate.burst()) / 100.0;
            assertThat(sorted.get(k) / 1e9).as("permit %d", k).isGreaterThanOrEqualTo(earliest - 0.002);
        }
        assertThat(sorted.get(callers - 1) / 1e9).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void aCallerThatWouldWaitLongerThanTheMaximumIsToldTheProviderIsUnavailable() {
        ConnectionRate rate = new ConnectionRate(1, Duration.ofMillis(100));
        AccountId id = AccountId.of("late");
        rate.acquire(id); // the first slice's only permit

        long start = System.nanoTime();
        assertThatThrownBy(() -> rate.acquire(id)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("rate limit");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.9); // refused at once, not after the second
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new ConnectionRate(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perSecond");
    }
}
