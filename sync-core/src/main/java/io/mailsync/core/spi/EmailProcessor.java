package io.mailsync.core.spi;

import io.mailsync.core.SyncOptions;

import java.util.List;

/**
 * A step of the background processing pipeline (classification, contact extraction, draft preparation, AI). It
 * receives batches of new messages after they are stored, on a pipeline thread, never slowing the sync down, and
 * returns what it concluded; mailsync stores that once per {@code (message, name(), version())}, so a retried job
 * does not run a processor again that already finished for its message.
 *
 * <p>A processor that throws fails its batch; the pipeline then runs it on each message of the batch alone, so one
 * bad message does not fail its batch-mates, and retries the failed ones with backoff until they are dead-lettered.
 * Implementations must be thread-safe: batches may be processed concurrently.
 */
public interface EmailProcessor {

    /** A short stable name, used in logs, metrics, rate limits and stored results. */
    String name();

    /** The version of the processor's logic; raise it to have new messages' results stored anew. Default 1. */
    default int version() {
        return 1;
    }

    /** Whether the processor runs for an account; AI processors return {@code options.enableAI()}. */
    default boolean isEnabledFor(SyncOptions options) {
        return true;
    }

    /**
     * Processes a batch.
     *
     * @return outputs for the messages it has something to say about (messages left out count as processed)
     * @throws Exception when processing fails
     */
    List<ProcessingOutput> process(ProcessingBatch batch) throws Exception;
}
