package io.mailsync.core;

import java.util.Set;

/**
 * What {@link io.mailsync.core.spi.EmailStore#apply(ChangeBatch)} really changed. Only {@link #inserted()} messages
 * go to processing and to "created" events, so a replayed or duplicate batch announces nothing twice.
 *
 * @param inserted provider ids of messages that were not stored before
 * @param updated  provider ids of stored messages whose content or flags changed
 * @param deleted  provider ids of stored messages that were removed
 */
public record ApplyResult(Set<String> inserted, Set<String> updated, Set<String> deleted) {

    /** Nothing changed. */
    public static final ApplyResult EMPTY = new ApplyResult(Set.of(), Set.of(), Set.of());

    public ApplyResult {
        inserted = Set.copyOf(inserted);
        updated = Set.copyOf(updated);
        deleted = Set.copyOf(deleted);
    }

    /** Whether the batch changed nothing. */
    public boolean isEmpty() {
        return inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }
}
