package io.mailsync.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What mailsync tells the host through {@link io.mailsync.core.spi.SyncListener}. A sealed family: switch over it.
 *
 * <p>"Created" comes only from messages the store really inserted, and only for mail received at or after the
 * account's {@code notifyFrom} (see {@link SyncOptions#notifyFrom()}), so a historical sync or a replayed batch
 * announces nothing twice and does not flood the host.
 */
public sealed interface SyncEvent {

    /** The account the event concerns. */
    AccountId accountId();

    /** A message was stored for the first time. */
    record MessageCreated(AccountId accountId, EmailMessage message) implements SyncEvent {
        public MessageCreated {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A stored message changed (flags, labels or content). */
    record MessageUpdated(AccountId accountId, FolderId folderId, String providerMessageId) implements SyncEvent {
        public MessageUpdated {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /** A stored message was removed from the mailbox. */
    record MessageDeleted(AccountId accountId, FolderId folderId, String providerMessageId) implements SyncEvent {
        public MessageDeleted {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /** The provider announced a message that was gone by the time it was fetched. Nothing was stored. */
    record MessageNotFetchable(AccountId accountId, FolderId folderId, String providerMessageId) implements SyncEvent {
        public MessageNotFetchable {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(providerMessageId, "providerMessageId");
        }
    }

    /**
     * Progress of a folder's historical sync, after each stored page.
     *
     * @param synced         messages of the folder stored so far in this round
     * @param estimatedTotal the provider's estimate of the round's total, when it has one
     */
    record HistoricalSyncProgress(AccountId accountId, FolderId folderId, long synced, OptionalLong estimatedTotal)
            implements SyncEvent {
        public HistoricalSyncProgress {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(estimatedTotal, "estimatedTotal");
        }
    }

    /** A folder's first full round finished: from now on it syncs incrementally. */
    record FolderHistoricalSyncCompleted(AccountId accountId, FolderId folderId, long messages, Duration elapsed)
            implements SyncEvent {
        public FolderHistoricalSyncCompleted {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** Every folder of the account has finished its first full round. */
    record HistoricalSyncCompleted(AccountId accountId, Set<FolderId> folders) implements SyncEvent {
        public HistoricalSyncCompleted {
            Objects.requireNonNull(accountId, "accountId");
            folders = Set.copyOf(folders);
        }
    }

    /** The account moved from one {@link SyncState} to another; {@code error} says why when an error did it. */
    record StatusChanged(AccountId accountId, SyncState from, SyncState to, Optional<SyncError> error)
            implements SyncEvent {
        public StatusChanged {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(error, "error");
        }
    }

    /** A folder's sync failed; it is retried with backoff (unless the error is an authentication failure). */
    record FolderSyncFailed(AccountId accountId, FolderId folderId, SyncError error) implements SyncEvent {
        public FolderSyncFailed {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(folderId, "folderId");
            Objects.requireNonNull(error, "error");
        }
    }
}
