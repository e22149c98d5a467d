package io.mailsync.core;

import java.util.concurrent.CompletableFuture;

/**
 * The seed's {@code RealTimeSyncManager}: starts, stops, inspects and repairs the sync of accounts.
 * {@link MailSync} implements it. Thread-safe.
 */
public interface RealTimeSyncManager {

    /**
     * Registers the account (or updates its options), starts polling at its interval and push where the provider has
     * it (webhook subscription, Gmail watch, IMAP IDLE), and triggers a first sync. A folder without a cursor gets
     * its full historical round first; call {@link #startHistoricalSync} before to limit it. Calling it again with
     * new options restarts the account's real-time sync with them.
     *
     * @return the account's status right after the start
     * @throws IllegalStateException when no {@link io.mailsync.core.spi.MailProvider} for the options' provider was
     *                               configured
     */
    SyncStatus startRealTimeSync(SyncOptions options);

    /**
     * Stops polling and push for the account (the provider's registration is removed) and sets
     * {@code real_time_sync_active = false}. Stored messages and cursors are kept.
     *
     * @throws IllegalArgumentException when the account is unknown
     */
    void stopRealTimeSync(AccountId accountId);

    /**
     * Reads the account's existing mail: each folder's first full round, INBOX first, resumable after a crash.
     * Folders that are already synced are brought up to date instead. Transient failures are retried with backoff.
     *
     * @return completes with what was stored when every folder is done or has failed for good
     * @throws IllegalArgumentException when the account is unknown
     */
    CompletableFuture<SyncReport> startHistoricalSync(AccountId accountId, HistoricalSyncOptions options);

    /**
     * Syncs every folder of the account now (coalesced with a sync already pending).
     *
     * @return completes with the report of a sync that started after this call
     * @throws IllegalArgumentException when the account is unknown
     */
    CompletableFuture<SyncReport> syncNow(AccountId accountId);

    /**
     * The account's state, last success, last error, cursor age, subscription expiry and queue depth.
     *
     * @throws IllegalArgumentException when the account is unknown
     */
    SyncStatus getSyncStatus(AccountId accountId);

    /**
     * Restarts the account's sync: clears an {@code AUTH_REQUIRED} state (after the host stored a new credential)
     * and every backoff, re-registers push and syncs at once. Cursors are kept.
     *
     * @throws IllegalArgumentException when the account is unknown
     */
    void restartSync(AccountId accountId);

    /**
     * Forgets the account's cursors: each folder's next sync is a full round that keeps the stored rows, deletes
     * what is gone and announces nothing twice.
     *
     * @throws IllegalArgumentException when the account is unknown
     */
    void resetSyncState(AccountId accountId);

    /**
     * Starts real-time sync for every active account whose {@code real_time_sync_active} flag is set (after a
     * restart of the host).
     *
     * @return how many accounts were started
     */
    int startAllSyncs();
}
