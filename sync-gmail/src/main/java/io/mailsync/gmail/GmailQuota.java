package io.mailsync.gmail;

/**
 * A per-user Gmail quota budget the provider paces itself to, in quota units.
 *
 * <p>Google counts each call by its documented unit cost (messages.list 5, messages.get 5, history.list 2,
 * watch 100, stop 50, getProfile and labels.list 1; each call inside a batch counts). Projects created before
 * 2026-05-01 have 15,000 units per user per minute (about 250 per second, {@link #LEGACY}); newer ones 6,000 per
 * minute ({@link #PER_MINUTE_6000}), where messages.get may be reported as 20 units ({@code messageGetCost}).
 *
 * @param unitsPerSecond the sustained rate Google allows (before the provider's own headroom)
 * @param burstUnits     how many units Google lets one user spend at once (its bucket); the provider never runs more
 *                       than half of it (or half a second of quota) ahead, so jitter and restarts cannot overrun it
 * @param messageGetCost the unit cost of one messages.get: 5 (documented) or 20 (reported for new projects)
 */
public record GmailQuota(double unitsPerSecond, long burstUnits, int messageGetCost) {

    /** Older projects: 250 units per user per second (15,000 per minute), messages.get 5 units. */
    public static final GmailQuota LEGACY = new GmailQuota(250, 250, 5);

    /** Projects from 2026-05-01: 6,000 units per user per minute, messages.get 5 units. */
    public static final GmailQuota PER_MINUTE_6000 = new GmailQuota(100, 6_000, 5);

    public GmailQuota {
        if (!(unitsPerSecond > 0) || Double.isInfinite(unitsPerSecond)) {
            throw new IllegalArgumentException("unitsPerSecond must be > 0, was " + unitsPerSecond);
        }
        if (burstUnits < 1) {
            throw new IllegalArgumentException("burstUnits must be >= 1, was " + burstUnits);
        }
        if (messageGetCost < 1) {
            throw new IllegalArgumentException("messageGetCost must be >= 1, was " + messageGetCost);
        }
    }

    /** A copy where messages.get costs {@code cost} units. */
    public GmailQuota withMessageGetCost(int cost) {
        return new GmailQuota(unitsPerSecond, burstUnits, cost);
    }
}
