package io.mailsync.core.spi;

import io.mailsync.core.AccountId;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncOptions;
import io.mailsync.core.SyncState;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One synchronised account as an {@link AccountStore} keeps it: its options and the seed's flags of
 * {@code email_accounts} ({@code is_active}, {@code real_time_sync_active}, {@code webhook_active},
 * {@code webhook_id}, {@code polling_interval} (in the options), {@code last_sync_at}) plus the status model.
 *
 * @param options               how the account is synced
 * @param active                {@code is_active}: the account is enabled
 * @param realTimeSyncActive    {@code real_time_sync_active}: real-time sync should run (restored after a restart)
 * @param webhookActive         {@code webhook_active}: a push registration is in place
 * @param webhookId             {@code webhook_id}: the Graph subscription id, Gmail watch topic, or IMAP IDLE marker
 * @param subscriptionExpiresAt when the push registration expires
 * @param state                 the account's state
 * @param lastSyncAt            {@code last_sync_at}: when a sync last completed without error
 * @param lastError             the last error
 * @param notifyFrom            "created" events only for mail received at or after this instant
 */
public record AccountRecord(
        SyncOptions options,
        boolean active,
        boolean realTimeSyncActive,
        boolean webhookActive,
        Optional<String> webhookId,
        Optional<Instant> subscriptionExpiresAt,
        SyncState state,
        Optional<Instant> lastSyncAt,
        Optional<SyncError> lastError,
        Instant notifyFrom) {

    public AccountRecord {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(subscriptionExpiresAt, "subscriptionExpiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastSyncAt, "lastSyncAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(notifyFrom, "notifyFrom");
    }

    /** A new, active, stopped account with these options; {@code notifyFrom} from the options or {@code now}. */
    public static AccountRecord newAccount(SyncOptions options, Instant now) {
        return new AccountRecord(options, true, false, false, Optional.empty(), Optional.empty(), SyncState.STOPPED,
                Optional.empty(), Optional.empty(), options.notifyFrom().orElse(now));
    }

    /** The account's id. */
    public AccountId accountId() {
        return options.accountId();
    }

    /** A copy with other options. */
    public AccountRecord withOptions(SyncOptions newOptions) {
        return new AccountRecord(newOptions, active, realTimeSyncActive, webhookActive, webhookId,
                subscriptionExpiresAt, state, lastSyncAt, lastError, newOptions.notifyFrom().orElse(notifyFrom));
    }

    /** A copy with {@code real_time_sync_active} changed. */
    public AccountRecord withRealTimeSyncActive(boolean value) {
        return new AccountRecord(options, active, value, webhookActive, webhookId, subscriptionExpiresAt, state,
                lastSyncAt, lastError, notifyFrom);
    }

    /** A copy with the push registration's id and expiry, or none. */
    public AccountRecord withPush(Optional<String> id, Optional<Instant> expiresAt) {
        return new AccountRecord(options, active, realTimeSyncActive, id.isPresent(), id, expiresAt, state,
                lastSyncAt, lastError, notifyFrom);
    }

    /** A copy in another state, with the error that caused it (or none). */
    public AccountRecord withState(SyncState newState, Optional<SyncError> error) {
        return new AccountRecord(options, active, realTimeSyncActive, webhookActive, webhookId, subscriptionExpiresAt,
                newState, lastSyncAt, error.isPresent() ? error : lastError, notifyFrom);
    }

    /** A copy recording a successful sync at {@code at}. */
    public AccountRecord withLastSyncAt(Instant at) {
        return new AccountRecord(options, active, realTimeSyncActive, webhookActive, webhookId, subscriptionExpiresAt,
                state, Optional.of(at), lastError, notifyFrom);
    }
}
