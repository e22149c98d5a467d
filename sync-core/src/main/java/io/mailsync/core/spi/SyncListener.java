package io.mailsync.core.spi;

import io.mailsync.core.SyncEvent;

/**
 * Receives {@link SyncEvent}s: created, updated and deleted messages, historical sync progress and completion, and
 * status changes. Called on the account's sync thread after the change is stored, in order per account; it must
 * return quickly and hand slow work to its own executor. An exception it throws is logged and does not affect the sync.
 */
@FunctionalInterface
public interface SyncListener {

    /** Called once per event. */
    void onEvent(SyncEvent event);
}
