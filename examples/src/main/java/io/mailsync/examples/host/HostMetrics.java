package io.mailsync.examples.host;

import io.mailsync.core.Provider;
import io.mailsync.core.SyncState;
import io.mailsync.core.SyncStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The host layer's meters, next to the engine's ({@code mailsync.sync.duration}, {@code mailsync.messages},
 * {@code mailsync.sync.errors}, {@code mailsync.triggers}, {@code mailsync.processing.messages}):
 * <ul>
 *   <li>{@code mailsync.host.webhook.requests} (counter; tags {@code route} = graph | graph-lifecycle | gmail,
 *       {@code status} = the HTTP status answered);</li>
 *   <li>{@code mailsync.host.queue.depth} (gauge): messages of every account waiting for the processing pipeline;</li>
 *   <li>{@code mailsync.host.subscription.expiry} (gauge, seconds; tag {@code provider}): time left until the
 *       soonest push registration (Graph subscription, Gmail watch) of the provider expires, NaN when none;</li>
 *   <li>{@code mailsync.host.accounts} (gauge; tag {@code state}): accounts in each state of the status model.</li>
 * </ul>
 * The gauges read one snapshot of {@link AccountStatuses#all()}, taken at most once per second, so a scrape costs one
 * status pass whatever the number of gauges. Tags have a fixed, small cardinality (no account ids). Thread-safe.
 */
final class HostMetrics {

    private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final AccountStatuses statuses;
    private final Clock clock;
    private Snapshot snapshot;

    private record Snapshot(Instant takenAt, long queueDepth, Map<Provider, Instant> soonestExpiry,
                            Map<SyncState, Long> byState) {
    }

    HostMetrics(MeterRegistry registry, AccountStatuses statuses, Clock clock) {
        this.registry = registry;
        this.statuses = statuses;
        this.clock = clock;
        Gauge.builder("mailsync.host.queue.depth", this, m -> m.snapshot().queueDepth())
                .description("messages waiting for the processing pipeline, all accounts").register(registry);
        for (Provider p : Provider.values()) {
            Gauge.builder("mailsync.host.subscription.expiry", this, m -> m.secondsUntilExpiry(p))
                    .description("seconds until the soonest push registration of the provider expires")
                    .baseUnit("seconds").tag("provider", lower(p)).register(registry);
        }
        for (SyncState s : SyncState.values()) {
            Gauge.builder("mailsync.host.accounts", this, m -> m.snapshot().byState().getOrDefault(s, 0L))
                    .description("accounts in each state").tag("state", lower(s)).register(registry);
        }
    }

    /** Counts one request to a webhook route and the status it got. */
    void webhookAnswered(String route, int status) {
        Counter.builder("mailsync.host.webhook.requests").description("webhook and push requests received")
                .tag("route", route).tag("status", Integer.toString(status)).register(registry).increment();
    }

    private double secondsUntilExpiry(Provider provider) {
        Instant soonest = snapshot().soonestExpiry().get(provider);
        return soonest == null ? Double.NaN : Duration.between(clock.instant(), soonest).toMillis() / 1000.0;
    }

    private synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (snapshot == null || Duration.between(snapshot.takenAt(), now).compareTo(SNAPSHOT_TTL) >= 0) {
            snapshot = take(statuses.all(), now);
        }
        return snapshot;
    }

    private static Snapshot take(List<SyncStatus> all, Instant now) {
        long depth = 0;
        Map<Provider, Instant> soonest = new EnumMap<>(Provider.class);
        Map<SyncState, Long> byState = new EnumMap<>(SyncState.class);
        for (SyncStatus s : all) {
            depth += s.queueDepth();
            byState.merge(s.state(), 1L, Long::sum);
            s.subscriptionExpiresAt().ifPresent(at -> soonest.merge(s.provider(), at,
                    (a, b) -> a.isBefore(b) ? a : b));
        }
        return new Snapshot(now, depth, soonest, byState);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
