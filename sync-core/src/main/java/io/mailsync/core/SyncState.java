package io.mailsync.core;

/** The one state an account is in. See {@link SyncStatus}. */
public enum SyncState {
    /** A folder's first full round (the historical sync) is running. */
    HISTORICAL_SYNC,
    /** Push (webhook, Pub/Sub or IDLE) is registered and polling runs under it. */
    REALTIME,
    /** Push failed or is not available; polling alone keeps the account current. */
    POLLING_ONLY,
    /** The last sync failed with a transient error; a retry is scheduled with backoff. */
    BACKOFF,
    /** Credentials were rejected or could not be refreshed: the host must re-consent, then call restartSync. */
    AUTH_REQUIRED,
    /** Real-time sync is not running for the account. */
    STOPPED
}
