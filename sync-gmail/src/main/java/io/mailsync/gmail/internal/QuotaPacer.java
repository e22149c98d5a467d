package io.mailsync.gmail.internal;

import io.mailsync.gmail.GmailQuota;

/**
 * Paces one user's calls to a {@link GmailQuota} with the generic cell rate algorithm: each reservation of
 * {@code n} units moves a theoretical arrival time by {@code n / rate}; a caller waits until it is within one burst of
 * now, the burst being half a second of quota (or half of Google's bucket when smaller). Runs at {@code 1 - headroom}
 * of the quota, so timing jitter between client and server never overruns it.
 * Thread-safe; callers queue fairly in reservation order.
 */
public final class QuotaPacer {

    private final double nanosPerUnit;
    private final long burstNanos;
    private long theoreticalArrival = Long.MIN_VALUE;
    private long unitsReserved;

    public QuotaPacer(GmailQuota quota, double headroom) {
        if (headroom < 0 || headroom >= 1) {
            throw new IllegalArgumentException("headroom must be in [0, 1), was " + headroom);
        }
        this.nanosPerUnit = 1e9 / (quota.unitsPerSecond() * (1 - headroom));
        // At most half of Google's bucket (and of one second's worth) ahead: whatever the client sends, the server's
        // bucket keeps half its capacity as margin for timing jitter between the two.
        double burst = Math.min(quota.burstUnits(), quota.unitsPerSecond()) / 2;
        this.burstNanos = (long) (burst * nanosPerUnit);
    }

    /** Reserves {@code units} and returns how long the caller must wait before spending them, in nanoseconds. */
    public synchronized long reserve(int units) {
        long now = System.nanoTime();
        if (theoreticalArrival == Long.MIN_VALUE || theoreticalArrival < now) {
            theoreticalArrival = now;
        }
        theoreticalArrival += (long) (units * nanosPerUnit);
        unitsReserved += units;
        return Math.max(0, theoreticalArrival - burstNanos - now);
    }

    /** Reserves {@code units} and sleeps until they may be spent. */
    public void acquire(int units) throws InterruptedException {
        long wait = reserve(units);
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** Units reserved so far (for metrics and benchmarks). */
    public synchronized long unitsReserved() {
        return unitsReserved;
    }
}
