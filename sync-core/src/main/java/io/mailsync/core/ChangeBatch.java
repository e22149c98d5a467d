package io.mailsync.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One page of changes of one folder, read from a provider, and the cursor that follows it.
 *
 * <p>Stores apply a batch in this order: {@link #renames()} (done by the engine through
 * {@link io.mailsync.core.spi.EmailStore#renameMessages}, before {@code apply}), then {@link #upserts()}, then
 * {@link #flagUpdates()}, then {@link #deletions()}; upserts, flag updates and deletions name messages by their ids
 * after the renames.
 * Applying a batch twice must leave the store as applying it once (the engine replays batches after a crash).
 * The engine saves {@link #nextCursor()} only after the store has applied the batch.
 *
 * @param accountId      the account
 * @param folderId       the folder the batch was read from
 * @param upserts        messages new or changed since the previous cursor
 * @param flagUpdates    flag or label changes of messages already known
 * @param deletions      provider ids of messages removed from the folder (a stored message of another folder is kept)
 * @param notFetchable   provider ids the provider announced but could no longer fetch (deleted in between)
 * @param nextCursor     the position after this batch
 * @param hasMore        whether the provider has more pages for this round
 * @param estimatedTotal the provider's estimate of the messages of the folder's historical round, when it has one
 * @param renames        stored messages of this folder that keep their content under a new provider id (old id to new
 *                       id; an IMAP UIDVALIDITY change remapped by the messages' stable ids): neither inserted nor
 *                       deleted, so they produce no "created"/"deleted" event and no processing job
 */
public record ChangeBatch(
        AccountId accountId,
        FolderId folderId,
        List<EmailMessage> upserts,
        List<FlagUpdate> flagUpdates,
        List<String> deletions,
        List<String> notFetchable,
        SyncCursor nextCursor,
        boolean hasMore,
        OptionalLong estimatedTotal,
        Map<String, String> renames) {

    public ChangeBatch {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(folderId, "folderId");
        upserts = List.copyOf(upserts);
        flagUpdates = List.copyOf(flagUpdates);
        deletions = List.copyOf(deletions);
        notFetchable = List.copyOf(notFetchable);
        Objects.requireNonNull(nextCursor, "nextCursor");
        Objects.requireNonNull(estimatedTotal, "estimatedTotal");
        renames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(renames));
        if (!nextCursor.folderId().equals(folderId)) {
            throw new IllegalArgumentException(
                    "nextCursor.folderId must be " + folderId + ", was " + nextCursor.folderId());
        }
        for (EmailMessage m : upserts) {
            if (!m.accountId().equals(accountId)) {
                throw new IllegalArgumentException("upsert " + m.providerMessageId() + " belongs to account "
                        + m.accountId() + ", not " + accountId);
            }
        }
    }

    /** A batch without renames (the shape every provider but IMAP's stable-id remap produces). */
    public ChangeBatch(AccountId accountId, FolderId folderId, List<EmailMessage> upserts, List<FlagUpdate> flagUpdates,
                       List<String> deletions, List<String> notFetchable, SyncCursor nextCursor, boolean hasMore,
                       OptionalLong estimatedTotal) {
        this(accountId, folderId, upserts, flagUpdates, deletions, notFetchable, nextCursor, hasMore, estimatedTotal,
                Map.of());
    }

    /** A builder for a batch of {@code folderId} ending at {@code nextCursor}. */
    public static Builder builder(AccountId accountId, FolderId folderId, SyncCursor nextCursor) {
        return new Builder(accountId, folderId, nextCursor);
    }

    /**
     * Whether the batch has no upserts, flag updates or deletions (its cursor may still move; it may still hold
     * {@link #renames()}).
     */
    public boolean isEmpty() {
        return upserts.isEmpty() && flagUpdates.isEmpty() && deletions.isEmpty();
    }

    /** The number of changes in the batch. */
    public int size() {
        return upserts.size() + flagUpdates.size() + deletions.size();
    }

    /** A copy with {@code extra} added to the deletions. */
    public ChangeBatch withExtraDeletions(List<String> extra) {
        List<String> all = new ArrayList<>(deletions);
        all.addAll(extra);
        return new ChangeBatch(accountId, folderId, upserts, flagUpdates, all, notFetchable, nextCursor, hasMore,
                estimatedTotal, renames);
    }

    /** Builds a {@link ChangeBatch}. Not thread-safe. */
    public static final class Builder {
        private final AccountId accountId;
        private final FolderId folderId;
        private final SyncCursor nextCursor;
        private final List<EmailMessage> upserts = new ArrayList<>();
        private final List<FlagUpdate> flagUpdates = new ArrayList<>();
        private final List<String> deletions = new ArrayList<>();
        private final List<String> notFetchable = new ArrayList<>();
        private final Map<String, String> renames = new LinkedHashMap<>();
        private boolean hasMore;
        private OptionalLong estimatedTotal = OptionalLong.empty();

        private Builder(AccountId accountId, FolderId folderId, SyncCursor nextCursor) {
            this.accountId = accountId;
            this.folderId = folderId;
            this.nextCursor = nextCursor;
        }

        public Builder upsert(EmailMessage message) { upserts.add(message); return this; }
        public Builder upserts(List<EmailMessage> messages) { upserts.addAll(messages); return this; }
        public Builder flagUpdate(FlagUpdate update) { flagUpdates.add(update); return this; }
        public Builder deletion(String providerMessageId) { deletions.add(providerMessageId); return this; }
        public Builder notFetchable(String providerMessageId) { notFetchable.add(providerMessageId); return this; }
        /** The stored message {@code fromId} of this folder is now {@code toId}, content unchanged. */
        public Builder rename(String fromId, String toId) {
            renames.put(Objects.requireNonNull(fromId, "fromId"), Objects.requireNonNull(toId, "toId"));
            return this;
        }
        public Builder hasMore(boolean hasMore) { this.hasMore = hasMore; return this; }
        public Builder estimatedTotal(long total) { this.estimatedTotal = OptionalLong.of(total); return this; }

        /** The batch. */
        public ChangeBatch build() {
            return new ChangeBatch(accountId, folderId, upserts, flagUpdates, deletions, notFetchable, nextCursor,
                    hasMore, estimatedTotal, renames);
        }
    }
}
