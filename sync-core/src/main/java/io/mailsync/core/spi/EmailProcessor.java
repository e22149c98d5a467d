package io.mailsync.core.spi;

import io.mailsync.core.SyncOptions;

/**
 * A step of the background processing pipeline (classification, contact extraction, draft preparation, AI). It
 * receives batches of new messages after they are stored, on a pipeline thread, never slowing the sync down.
 * Implementations must be thread-safe: batches of different accounts may be processed concurrently.
 */
public interface EmailProcessor {

    /** A short stable name, used in logs, metrics and stored results. */
    String name();

    /** Whether the processor runs for an account; AI processors return {@code options.enableAI()}. */
    default boolean isEnabledFor(SyncOptions options) {
        return true;
    }

    /**
     * Processes a batch. An exception fails this processor for this batch only: the next processors still run.
     *
     * @throws Exception when processing fails
     */
    void process(ProcessingBatch batch) throws Exception;
}
