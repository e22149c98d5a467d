package io.mailsync.core.internal;

import io.mailsync.core.ApplyResult;
import io.mailsync.core.ErrorCategory;
import io.mailsync.core.Provider;
import io.mailsync.core.TriggerSource;

import java.time.Duration;

/** What the engine measures. {@link #NOOP} when the host passes no meter registry. Implementations are thread-safe. */
public interface EngineMetrics {

    /** Measures nothing. */
    EngineMetrics NOOP = new EngineMetrics() { };

    /** A trigger arrived; {@code scheduled} is false when it was coalesced into a pending sync. */
    default void triggered(Provider provider, TriggerSource source, boolean scheduled) {
    }

    /** A folder sync ended. */
    default void folderSynced(Provider provider, Duration elapsed, boolean success) {
    }

    /** A batch was applied. */
    default void applied(Provider provider, ApplyResult result) {
    }

    /** A folder sync failed. */
    default void failed(Provider provider, ErrorCategory category) {
    }

    /** Processing of a batch ended. */
    default void processed(String processor, int messages, boolean success) {
    }
}
