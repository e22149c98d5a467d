package io.mailsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RealTimeSyncManager#getSyncStatus(AccountId)} reports about one account.
 *
 * @param accountId             the account
 * @param provider              its provider
 * @param state                 the one state the account is in
 * @param lastSuccessAt         when a sync of the account last completed without error
 * @param lastError             the most recent error, kept until a later sync of the same folder succeeds
 * @param cursorAge             the age of the oldest folder cursor (how far behind the account may be)
 * @param subscriptionExpiresAt when the push registration (Graph subscription, Gmail watch) expires
 * @param queueDepth            messages of this account waiting for the processing pipeline
 * @param folders               per-folder detail, INBOX first
 */
public record SyncStatus(
        AccountId accountId,
        Provider provider,
        SyncState state,
        Optional<Instant> lastSuccessAt,
        Optional<SyncError> lastError,
        Optional<Duration> cursorAge,
        Optional<Instant> subscriptionExpiresAt,
        long queueDepth,
        List<FolderStatus> folders) {

    public SyncStatus {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(cursorAge, "cursorAge");
        Objects.requireNonNull(subscriptionExpiresAt, "subscriptionExpiresAt");
        folders = List.copyOf(folders);
    }

    /**
     * The sync state of one folder.
     *
     * @param folderId            the folder
     * @param historicalComplete  whether its first full round has finished
     * @param lastSuccessAt       when it last synced without error
     * @param lastError           its last error, cleared by the next success
     * @param consecutiveFailures failures since the last success
     * @param nextRetryAt         when a retry is scheduled, while backing off
     */
    public record FolderStatus(
            FolderId folderId,
            boolean historicalComplete,
            Optional<Instant> lastSuccessAt,
            Optional<SyncError> lastError,
            int consecutiveFailures,
            Optional<Instant> nextRetryAt) {

        public FolderStatus {
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(nextRetryAt, "nextRetryAt");
        }
    }
}
