package io.mailsync.core.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * A live push registration: a Graph subscription, a Gmail watch, or an IMAP IDLE watcher. The engine renews it
 * before {@link #renewAt()} and stops it when real-time sync stops.
 */
public interface PushRegistration extends AutoCloseable {

    /** The provider's id of the registration (subscription id, watch topic), kept as {@code webhook_id}. */
    String id();

    /** When the registration expires at the provider; empty when it does not (IDLE). */
    Optional<Instant> expiresAt();

    /** When the engine should call {@link #renew()}; empty when it never needs to. */
    default Optional<Instant> renewAt() {
        return Optional.empty();
    }

    /**
     * Extends the registration (PATCH the subscription, re-call watch).
     *
     * @return the registration after renewal (possibly a new one, when the provider had removed it)
     */
    default PushRegistration renew() {
        return this;
    }

    /** Ends the registration at the provider (DELETE the subscription, users.stop) and releases local resources. */
    void stop();

    /** Releases local resources (connections, threads) but leaves the provider's registration in place. Idempotent. */
    @Override
    void close();
}
