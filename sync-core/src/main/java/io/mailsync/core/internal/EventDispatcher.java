package io.mailsync.core.internal;

import io.mailsync.core.SyncEvent;
import io.mailsync.core.spi.SyncListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Hands events to the host's listeners, isolating the sync from a listener that throws. Thread-safe. */
final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<SyncListener> listeners;

    EventDispatcher(List<SyncListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void emit(SyncEvent event) {
        for (SyncListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                // A listener belongs to the host; its failure must not fail or repeat the sync that already stored the change.
                LOG.warn("SyncListener {} threw on {} for account {}; the sync goes on", listener.getClass().getName(),
                        event.getClass().getSimpleName(), event.accountId(), e);
            }
        }
    }
}
