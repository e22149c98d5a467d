package io.mailsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one sync of an account did: the result of {@link RealTimeSyncManager#syncNow(AccountId)} and
 * {@link RealTimeSyncManager#startHistoricalSync(AccountId, HistoricalSyncOptions)}.
 *
 * @param accountId the account
 * @param startedAt when the sync started
 * @param elapsed   how long it ran
 * @param inserted  messages stored for the first time
 * @param updated   stored messages that changed
 * @param deleted   stored messages removed
 * @param failures  the folders that failed, with their error; empty when every folder synced
 */
public record SyncReport(AccountId accountId, Instant startedAt, Duration elapsed, long inserted, long updated,
                         long deleted, Map<FolderId, SyncError> failures) {

    public SyncReport {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(elapsed, "elapsed");
        failures = Map.copyOf(failures);
    }

    /** Whether every folder synced without error. */
    public boolean isSuccess() {
        return failures.isEmpty();
    }
}
