package io.mailsync.testkit;

import io.mailsync.core.spi.PushRegistration;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The push registration of a {@link ScriptedMailbox}: mutations trigger syncs while it is registered. */
final class ScriptedPush implements PushRegistration {

    private final ScriptedMailbox mailbox;
    private final String id;
    private final Duration lifetime;
    private final Instant expiresAt;

    ScriptedPush(ScriptedMailbox mailbox, String id, Duration lifetime) {
        this.mailbox = mailbox;
        this.id = id;
        this.lifetime = lifetime;
        this.expiresAt = lifetime == null ? null : Instant.now().plus(lifetime);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public Optional<Instant> renewAt() {
        return lifetime == null ? Optional.empty() : Optional.of(Instant.now().plus(lifetime.multipliedBy(4).dividedBy(5)));
    }

    @Override
    public PushRegistration renew() {
        mailbox.pushRenewed();
        return new ScriptedPush(mailbox, id, lifetime);
    }

    @Override
    public void stop() {
        mailbox.pushEnded(true);
    }

    @Override
    public void close() {
        mailbox.pushEnded(false);
    }
}
