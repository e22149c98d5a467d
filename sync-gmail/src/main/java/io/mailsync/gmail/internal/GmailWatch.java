package io.mailsync.gmail.internal;

import com.google.api.services.gmail.model.WatchResponse;
import io.mailsync.core.spi.PushRegistration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Gmail watch: {@code users.watch} on a Pub/Sub topic. It expires after 7 days; Google recommends renewing daily,
 * so {@link #renewAt()} is one day after the call (or an hour before expiry, whichever is first). {@link #stop()}
 * calls {@code users.stop}. Thread-safe (immutable).
 */
final class GmailWatch implements PushRegistration {

    static final Duration RENEW_EVERY = Duration.ofDays(1);

    private final GmailCalls calls;
    private final String topic;
    private final List<String> labelIds;
    private final Clock clock;
    private final Instant expiresAt;
    private final Instant renewAt;

    private GmailWatch(GmailCalls calls, String topic, List<String> labelIds, Clock clock, WatchResponse response) {
        this.calls = calls;
        this.topic = topic;
        this.labelIds = labelIds;
        this.clock = clock;
        Instant now = clock.instant();
        this.expiresAt = response.getExpiration() == null ? now.plus(Duration.ofDays(7))
                : Instant.ofEpochMilli(response.getExpiration());
        Instant daily = now.plus(RENEW_EVERY);
        Instant beforeExpiry = expiresAt.minus(Duration.ofHours(1));
        this.renewAt = daily.isBefore(beforeExpiry) ? daily : beforeExpiry;
    }

    static GmailWatch start(GmailCalls calls, String topic, List<String> labelIds, Clock clock) {
        return new GmailWatch(calls, topic, labelIds, clock, calls.watch(topic, labelIds));
    }

    @Override
    public String id() {
        return topic;
    }

    @Override
    public Optional<Instant> expiresAt() {
        return Optional.of(expiresAt);
    }

    @Override
    public Optional<Instant> renewAt() {
        return Optional.of(renewAt);
    }

    @Override
    public PushRegistration renew() {
        return start(calls, topic, labelIds, clock);
    }

    @Override
    public void stop() {
        calls.stop();
    }

    @Override
    public void close() {
        // nothing local: the watch lives at Google until it expires or is stopped
    }
}
