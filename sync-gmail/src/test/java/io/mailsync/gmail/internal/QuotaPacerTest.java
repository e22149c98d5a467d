package io.mailsync.gmail.internal;

import io.mailsync.gmail.GmailQuota;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The pacer against a fake nanosecond clock: no real time passes in these tests. */
class QuotaPacerTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private QuotaPacer pacer(GmailQuota quota, double headroom) {
        return new QuotaPacer(quota, headroom, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void spendsHalfASecondOfQuotaAtOnceThenWaitsForEachUnitAtTheRate() {
        QuotaPacer p = pacer(new GmailQuota(250, 250, 5), 0);
        // 125 units (half a second at 250/s) pass without waiting
        assertThat(p.reserve(125)).isZero();
        // the next 25 units are 0.1 s beyond the burst
        assertThat(p.reserve(25)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(p.reserve(25)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(p.unitsReserved()).isEqualTo(175);
    }

    @Test
    void headroomSlowsTheRateByItsShare() {
        QuotaPacer p = pacer(new GmailQuota(100, 100, 5), 0.05);
        assertThat(p.reserve(50)).isZero(); // the burst: half of the 100-unit bucket
        long wait = p.reserve(95);
        // 145 units at 95/s (100 minus 5 %) = 1.526 s, minus the 50-unit burst (0.526 s at 95/s)
        assertThat(wait / 1e9).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void sustainedUseConvergesOnTheBudget() throws InterruptedException {
        QuotaPacer p = pacer(GmailQuota.LEGACY, 0.05);
        long start = now;
        for (int i = 0; i < 2_000; i++) {
            p.acquire(GmailCalls.COST_LIST);
        }
        double seconds = (now - start) / 1e9;
        double rate = 10_000 / seconds;
        // 237.5 units/s (250 minus 5 % headroom), the first half second of burst aside
        assertThat(rate).isCloseTo(237.5, within(237.5 * 0.02)).isLessThanOrEqualTo(250);
    }

    @Test
    void idleTimeGivesNoCreditBeyondOneBurst() {
        QuotaPacer p = pacer(new GmailQuota(250, 250, 5), 0);
        p.reserve(125);
        now += TimeUnit.SECONDS.toNanos(60); // a minute idle
        assertThat(p.reserve(125)).isZero();
        assertThat(p.reserve(25)).as("only one burst of credit after idling")
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void burstIsHalfOfGooglesBucketWhenTheBucketHoldsLessThanASecond() {
        QuotaPacer p = pacer(new GmailQuota(250, 100, 5), 0);
        assertThat(p.reserve(50)).isZero();
        assertThat(p.reserve(25)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void perMinuteQuotaBurstsOnlyHalfASecondOfItsRateNotItsWholeMinute() {
        QuotaPacer p = pacer(GmailQuota.PER_MINUTE_6000, 0);
        assertThat(p.reserve(50)).isZero();
        assertThat(p.reserve(100)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void acquireSleepsExactlyTheReservedWait() throws InterruptedException {
        QuotaPacer p = pacer(new GmailQuota(250, 250, 5), 0);
        p.acquire(125);
        assertThat(sleeps).isEmpty();
        p.acquire(250);
        assertThat(sleeps).containsExactly(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void callersQueueInReservationOrder() {
        QuotaPacer p = pacer(new GmailQuota(100, 100, 5), 0);
        long first = p.reserve(100);
        long second = p.reserve(100);
        long third = p.reserve(100);
        assertThat(second - first).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(third - second).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void rejectsAHeadroomOutsideZeroToOne() {
        assertThatThrownBy(() -> pacer(GmailQuota.LEGACY, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headroom");
        assertThatThrownBy(() -> pacer(GmailQuota.LEGACY, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
