package io.mailsync.core;

/** Why a sync was asked for. Every source ends in the same incremental sync; the source is kept for metrics. */
public enum TriggerSource {
    /** {@link RealTimeSyncManager#syncNow(AccountId)} or the host's own call. */
    MANUAL,
    /** The account's polling timer. */
    POLL,
    /** A Microsoft Graph change notification. */
    WEBHOOK,
    /** A Gmail notification through Cloud Pub/Sub (push or pull). */
    PUBSUB,
    /** An IMAP IDLE response (EXISTS, EXPUNGE, FETCH). */
    IDLE,
    /** A provider lifecycle event (subscription removed, missed notifications). */
    LIFECYCLE,
    /** A retry after a failure, at the end of its backoff. */
    RETRY,
    /** The start of real-time sync. */
    START
}
