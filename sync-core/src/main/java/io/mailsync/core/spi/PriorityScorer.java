package io.mailsync.core.spi;

import io.mailsync.core.EmailMessage;
import io.mailsync.core.SyncOptions;

/**
 * Decides how urgently a new message is processed, before it is queued: 0 (lowest) to 100 (highest).
 * Implementations must be fast and thread-safe; they run on the sync thread.
 */
@FunctionalInterface
public interface PriorityScorer {

    /** Every message at priority 50. */
    PriorityScorer FLAT = (message, account) -> 50;

    /** The priority of {@code message} of {@code account}, clamped to 0..100 by the caller. */
    int score(EmailMessage message, SyncOptions account);
}
