package io.mailsync.core.internal;

import io.mailsync.core.FolderId;
import io.mailsync.core.MailFolder;
import io.mailsync.core.SyncError;
import io.mailsync.core.SyncStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The folders of one account: the order they sync in (INBOX first, then Sent, then the provider's order) and the
 * state the engine keeps for each, plus one pseudo-folder for failures that are no folder's own (opening the
 * session, listing folders). Thread-safe.
 */
final class AccountFolders {

    private static final Comparator<MailFolder> INBOX_FIRST = Comparator.comparingInt(f -> switch (f.role()) {
        case INBOX -> 0;
        case SENT -> 1;
        default -> 2;
    });

    /** Failures that are not a folder's: opening the session, listing folders. */
    final FolderState connection = new FolderState(FolderId.ALL);
    private final ConcurrentHashMap<FolderId, FolderState> states = new ConcurrentHashMap<>();
    private volatile List<FolderId> order = List.of();

    /** The state of a folder, created on first use. */
    FolderState get(FolderId folderId) {
        return states.computeIfAbsent(folderId, FolderState::new);
    }

    /**
     * The folders a set of triggers means, in sync order; {@link FolderId#ALL} (or a first call) lists the folders
     * again through {@code lister}.
     */
    List<FolderId> resolve(Set<FolderId> work, Supplier<List<MailFolder>> lister) {
        if (work.contains(FolderId.ALL) || order.isEmpty()) {
            List<MailFolder> listed = new ArrayList<>(lister.get());
            listed.sort(INBOX_FIRST);
            order = listed.stream().map(MailFolder::id).toList();
            if (work.contains(FolderId.ALL)) {
                return order;
            }
        }
        List<FolderId> ordered = new ArrayList<>(order.stream().filter(work::contains).toList());
        work.stream().filter(f -> !f.equals(FolderId.ALL) && !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }

    /** The wanted folders in sync order (listing them again); wanted folders the provider does not list come last. */
    List<FolderId> orderedSubset(Set<FolderId> wanted, Supplier<List<MailFolder>> lister) {
        List<FolderId> ordered = new ArrayList<>(resolve(Set.of(FolderId.ALL), lister).stream()
                .filter(wanted::contains).toList());
        wanted.stream().filter(f -> !ordered.contains(f)).sorted(Comparator.comparing(FolderId::value))
                .forEach(ordered::add);
        return ordered;
    }

    /** The listed folders, in sync order (empty before the first listing). */
    List<FolderId> listed() {
        return order;
    }

    /** Whether every listed folder has finished its first full round. */
    boolean allHistoricalComplete() {
        List<FolderId> listed = order;
        return !listed.isEmpty() && listed.stream().allMatch(f -> get(f).historicalComplete);
    }

    /** Whether a retry of some folder (or of the connection) is pending. */
    boolean anyBackingOff() {
        return connection.backingOff || states.values().stream().anyMatch(fs -> fs.backingOff);
    }

    /** Forgets every failure and backoff (after the host re-consented). */
    void clearFailures() {
        connection.clearFailures();
        states.values().forEach(FolderState::clearFailures);
    }

    /** Forgets every folder's progress: their cursors were deleted. */
    void resetProgress() {
        states.values().forEach(FolderState::reset);
    }

    /** Per-folder status, in sync order, then folders no longer listed. */
    List<SyncStatus.FolderStatus> statuses() {
        return allIds().stream().map(f -> get(f).status()).toList();
    }

    /** When the least recently synced folder last synced (how stale the account may be). */
    Optional<Instant> oldestSuccess() {
        return allIds().stream().map(f -> get(f).lastSuccessAt).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    /** The most recent error still standing (each is cleared by its folder's next success). */
    Optional<SyncError> latestError() {
        List<SyncError> errors = new ArrayList<>();
        errors.add(connection.lastError);
        allIds().forEach(f -> errors.add(get(f).lastError));
        return errors.stream().filter(java.util.Objects::nonNull).max(Comparator.comparing(SyncError::at));
    }

    private List<FolderId> allIds() {
        List<FolderId> ids = new ArrayList<>(order);
        states.keySet().stream().filter(f -> !ids.contains(f)).sorted(Comparator.comparing(FolderId::value))
                .forEach(ids::add);
        return ids;
    }
}
