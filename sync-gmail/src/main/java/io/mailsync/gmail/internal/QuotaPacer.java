package io.mailsync.gmail.internal;

import io.mailsync.gmail.GmailQuota;

import java.util.function.LongSupplier;

/**
 * Paces one user's calls to a {@link GmailQuota} with the generic cell rate algorithm: each reservation of
 * {@code n} units moves a theoretical arrival time by {@code n / rate}; a caller waits until it is within one burst of
 * now, the burst being half a second of quota (or half of Google's bucket when smaller). Runs at {@code 1 - headroom}
 * of the quota, so timing jitter between client and server never overruns it.
 * Thread-safe; callers queue fairly in reservation order.
 */
public final class QuotaPacer {

    /** Sleeps for a number of nanoseconds (the real one is {@link Thread#sleep(long, int)}). */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double nanosPerUnit;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private boolean started;
    private long theoreticalArrival;
    private long unitsReserved;

    public QuotaPacer(GmailQuota quota, double headroom) {
        this(quota, headroom, System::nanoTime, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
    }

    /** A pacer reading time from {@code nanoTime} and waiting with {@code sleeper} (tests pass fake ones). */
    public QuotaPacer(GmailQuota quota, double headroom, LongSupplier nanoTime, Sleeper sleeper) {
        if (headroom < 0 || headroom >= 1) {
            throw new IllegalArgumentException("headroom must be in [0, 1), was " + headroom);
        }
        this.nanosPerUnit = 1e9 / (quota.unitsPerSecond() * (1 - headroom));
        // At most half of Google's bucket (and of one second's worth) ahead: whatever the client sends, the server's
        // bucket keeps half its capacity as margin for timing jitter between the two.
        double burst = Math.min(quota.burstUnits(), quota.unitsPerSecond()) / 2;
        this.burstNanos = (long) (burst * nanosPerUnit);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Reserves {@code units} and returns how long the caller must wait before spending them, in nanoseconds. */
    public synchronized long reserve(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("units must be >= 0, was " + units);
        }
        long now = nanoTime.getAsLong();
        if (!started || theoreticalArrival - now < 0) {
            theoreticalArrival = now; // idle: credit does not pile up beyond one burst
            started = true;
        }
        theoreticalArrival += Math.round(units * nanosPerUnit);
        unitsReserved += units;
        return Math.max(0, theoreticalArrival - burstNanos - now);
    }

    /** Reserves {@code units} and sleeps until they may be spent. */
    public void acquire(int units) throws InterruptedException {
        long wait = reserve(units);
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    /** Units reserved so far (for metrics and benchmarks). */
    public synchronized long unitsReserved() {
        return unitsReserved;
    }
}
