package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.SyncOptions;

import java.time.Clock;
import java.util.Objects;

/**
 * What a provider gets to open a session for one account.
 *
 * @param options     the account's options
 * @param credentials its credential, refreshed as needed
 * @param triggers    where push (IDLE, webhook plumbing) reports changes
 * @param clock       the engine's clock
 */
public record AccountContext(SyncOptions options, Credentials credentials, TriggerSink triggers, Clock clock) {

    public AccountContext {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(triggers, "triggers");
        Objects.requireNonNull(clock, "clock");
    }

    /** The account's id. */
    public AccountId accountId() {
        return options.accountId();
    }
}
